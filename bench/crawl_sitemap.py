"""Does a huge sitemap stall the reactor or delay the close? Crawl a loopback site whose robots.txt
names a 120,000-URL gzipped sitemap (the hostile site's, ``tests/hostile_site.huge_sitemap``: 50,000
read, the protocol's cap), every listed page a small article, with ``--max-pages``, and print the
run report's reactor lag, run time, pages fetched and articles written.

Two crawls, each a fresh ``newsscraper crawl`` process, delays off: the site's home page (the
sitemap reached through robots.txt) and the sitemap as a ``--no-follow`` start URL (issue 13).

Run from the repository root: ``python -m bench.crawl_sitemap [--max-pages 40] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.hostile_site import huge_sitemap


class _Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        me = "http://{}:{}".format(*self.server.server_address[:2])
        if self.path == "/robots.txt":
            self._reply(f"User-agent: *\nSitemap: {me}/sitemap-huge.xml.gz\n".encode(), "text/plain")
        elif self.path == "/sitemap-huge.xml.gz":
            self._reply(huge_sitemap(), "application/x-gzip")
        elif self.path.startswith("/news/"):
            n = self.path.rsplit("-", 1)[-1]
            text = "".join(
                f"<p>Paragraph {i} of story {n}, with enough words to be read as an article body by "
                f"the extractor.</p>"
                for i in range(8)
            )
            head = f"<html><head><title>Story {n}</title></head>"
            page = f"{head}<body><article><h1>Story {n}</h1>{text}</article></body></html>"
            self._reply(page.encode(), "text/html; charset=utf-8")
        else:
            self._reply(b"<html><body><h1>Home</h1></body></html>", "text/html")


def crawl(url: str, extra: list[str], tmp: Path) -> dict[str, Any]:
    """One ``newsscraper crawl`` of ``url``; the report's figures and the wall time."""
    report = tmp / "report.json"
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", url, "-o", str(tmp / "out.jsonl"),
           "--report", str(report), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
           "--allow-network", "127.0.0.1/32", *extra]  # fmt: skip
    started = time.monotonic()
    subprocess.run(cmd, capture_output=True, check=True)
    wall = time.monotonic() - started
    r = json.loads(report.read_text("utf-8"))
    return {
        "finish_reason": r["finish_reason"],
        "max_lag_ms": r["reactor"]["max_lag_ms"],
        "p95_lag_ms": r["reactor"]["p95_lag_ms"],
        "run_s": r["duration_s"],
        "wall_s": round(wall, 2),
        "pages_fetched": r["pages_fetched"],
        "articles_written": r["articles_written"],
        "sitemap_entries": r["discovery"].get("sitemap_entries"),
        "drops": r.get("drops"),
        "errors": r.get("errors"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-pages", type=int, default=40)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    huge_sitemap()  # made before the server answers
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    limit = ["--max-pages", str(args.max_pages)]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, url, extra in (
            ("robots", origin + "/", limit),
            ("start", origin + "/sitemap-huge.xml.gz", [*limit, "--no-follow"]),
        ):
            (Path(tmp) / name).mkdir()
            results[name] = crawl(url, extra, Path(tmp) / name)
    server.shutdown()
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for name, figures in results.items():
            print(name, " ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
