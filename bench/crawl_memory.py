"""Peak memory of a crawl whose article pages are huge: four 15 MiB articles fetched at once (issue 13).

A loopback site (``newsscraper.demo.server.SiteServer``, in this process) serves a home page linking
``--pages`` article pages of ``--mib`` MiB each (one long ``<article>`` of plain paragraphs, served as
``text/html`` without a charset, as ``python -m http.server`` serves files), and ``newsscraper
crawl`` fetches them with delays off in a child process, so that the server's copies of the pages
are not counted. The home page links them all, so the default ``CONCURRENT_REQUESTS_PER_DOMAIN`` (4)
has all four in flight at once. Figures of the child: records written, peak RSS (``ru_maxrss``),
RSS once the libraries are imported (before the crawl starts) and RSS at the end, wall and CPU time.
The bound the issue sets is a peak RSS of 600 MB or less with the defaults.

Run from the repository root: ``python -m bench.crawl_memory [--pages 4] [--mib 15] [--runs 1]
[-s NAME=VALUE ...] [--json]``; ``-s`` passes settings to the crawl (e.g. to compare with
``-s NEWSSCRAPER_MEMORY_BUDGET_MB=0``). To see where the memory goes, run one child under memray:
``python -m memray run -o crawl.bin -m bench.crawl_memory --child URL OUT REPORT`` with a site
served by ``--serve``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "<p>" + "Words of a very long article that goes on and on about many things. " * 20 + "</p>\n"
BOUND_MB = 600


def _rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def big_site(pages: int, mib: float) -> dict[str, Any]:
    """Routes of the site: ``/`` linking ``pages`` article pages of ``mib`` MiB each."""
    from newsscraper.demo.site import Page

    n = int(mib * 2**20 / len(PARAGRAPH))
    routes: dict[str, Any] = {}
    links = []
    for i in range(1, pages + 1):
        path = f"/news/a-very-big-story-number-{i}.html"
        body = (
            f"<html><head><title>Big story {i}</title></head><body><article><h1>Big story {i}</h1>"
            + PARAGRAPH.replace("things", f"things {i}") * n
            + "</article></body></html>"
        ).encode()
        routes[path] = Page(body=body, headers={"Content-Type": "text/html"})
        links.append(f'<a href="{path}">story {i}</a>')
    home = f"<html><body>{''.join(links)}</body></html>".encode()
    routes["/"] = Page(body=home, headers={"Content-Type": "text/html"})
    routes["/robots.txt"] = Page(body=b"User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"})
    return routes


def _child(site: str, out: str, report: str, extra: list[str]) -> None:
    import newsscraper.cli
    import newsscraper.extraction.api  # imported before the baseline is taken

    base = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    newsscraper.cli.main(["crawl", site, "-o", out, "--report", report, "--allow-network", "127.0.0.0/8",
                          "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", *extra])  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before reading the output
    records = 0
    with open(out, "rb") as f:  # lines of 30 MB: counted in chunks, not read whole
        while chunk := f.read(1 << 20):
            records += chunk.count(b"\n")
    figures = {
        "records": records,
        "peak_rss_mb": round(peak, 1),
        "rss_after_imports_mb": round(base, 1),
        "rss_at_end_mb": round(_rss_mb(), 1),
        "wall_s": round(time.perf_counter() - start, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
    }
    print(json.dumps(figures))


def run(pages: int, mib: float, settings: list[str], runs: int) -> list[dict[str, Any]]:
    """Serve the site and crawl it ``runs`` times, each crawl in a fresh child process."""
    from newsscraper.demo.server import SiteServer

    extra = [x for s in settings for x in ("-s", s)]
    results = []
    with SiteServer(big_site(pages, mib)) as srv, tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out, rep = Path(tmp) / f"out-{i}.jsonl", Path(tmp) / f"report-{i}.json"
            cmd = [sys.executable, "-m", "bench.crawl_memory", "--child", srv.url("/"), str(out), str(rep)]
            proc = subprocess.run([*cmd, *extra], cwd=ROOT, capture_output=True, text=True, timeout=900)
            try:
                figures = json.loads(proc.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                sys.stderr.write(proc.stderr[-3000:])
                raise
            figures["within_bound"] = figures["peak_rss_mb"] <= BOUND_MB and figures["records"] == pages
            results.append(figures)
    return results


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        from newsscraper.demo.server import SiteServer

        with SiteServer(big_site(4, 15)) as srv:
            print(srv.url("/"), flush=True)
            sys.stdin.read()
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.crawl_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4, help="article pages (4)")
    parser.add_argument("--mib", type=float, default=15.0, help="size of each article page, MiB (15)")
    parser.add_argument("--runs", type=int, default=1, help="crawls, each in a fresh process (1)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    results = run(args.pages, args.mib, args.settings, args.runs)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    given = args.settings or "default"
    print(f"{args.pages} pages of {args.mib:g} MiB, bound {BOUND_MB} MB, settings {given}")
    for figures in results:
        print("  " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    return 0 if all(f["within_bound"] for f in results) else 1


if __name__ == "__main__":
    sys.exit(main())
