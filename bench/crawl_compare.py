"""Crawl the fixture news site with newsscraper and with a plain Scrapy + trafilatura spider, same run.

The peer is what a user would otherwise write: a ``SitemapSpider`` (robots.txt → sitemaps) whose
pages go through ``trafilatura.extract`` and a ``LinkExtractor`` (``allowed_domains`` set,
``ROBOTSTXT_OBEY`` on as in Scrapy's project template), ``FEEDS`` to JSON Lines, and
``CLOSESPIDER_PAGECOUNT`` / ``CLOSESPIDER_TIMEOUT`` so it ends. Both crawl the site served by
``tests/mockserver.py`` (on loopback), each in its own subprocess (peak RSS measured per process),
with download delays off for both. Figures per crawler: articles found / expected, duplicate
records, non-article records, robots violations, offsite requests (another loopback address and
another port of the same host), trap pages fetched, pages/s, peak memory, body F1 of the crawled
articles against the fixture truth (``bench.evalsets.aeb_score``).

``--real`` adds a second site built from real news pages: the 119 aeb pages at their own paths, a
home page listing them and a sitemap (their relative links lead to paths that answer 404, as on a
half-mirrored site); both crawlers get the same ``CLOSESPIDER_TIMEOUT``. A third, bare Scrapy, then
requests the URLs newsscraper requested (same order and concurrency) with a callback that does
nothing: its CPU per response is Scrapy's own floor on those responses (``bare_scrapy_same_requests``).

``--lag`` adds the reactor-stall measurement: the 119 aeb pages served as one site and crawled by
newsscraper with extraction in worker processes, in the thread pool and in the reactor thread,
reporting the reactor's worst and mean timer lateness (``ReactorLagMonitor``) and pages/s.

Run from the repository root: ``python -m bench.crawl_compare [--real] [--lag] [--json] [--keep DIR]``
(``--keep``: the records, reports and request logs stay in DIR, to compare two versions' output).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.evalsets import EVAL_DIR, aeb_score
from newsscraper.crawl.urls import canonicalize_url
from newsscraper.demo.site import article_body, article_path, load_stories

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "fixtures" / "site" / "stories"
DISALLOWED = ("/private/", "/login/")
TRAP = "/events/calendar/"
PEER_UA = "peer-scrapy-trafilatura"
BARE_UA = "bare-scrapy"
OUR_UA = "newsscraper/bench"
# The peer needs a bound of its own: the calendar trap is endless. 2,000 pages is ~30x the fixture
# site and leaves the real-pages site (119 articles, ~2,500 linked paths) to the shared time limit.
PEER_PAGECOUNT = 2000
TIMEOUT = 120  # s, CLOSESPIDER_TIMEOUT of both crawls
NO_DELAY = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    f"CLOSESPIDER_TIMEOUT={TIMEOUT}",
]


# --- children: one crawl per process ---------------------------------------------------------------


def _child_ours(site: str, out: str, report: str, extra: list[str]) -> None:
    from newsscraper.cli import main

    main(["crawl", site, "-o", out, "--report", report, "--allow-network", "127.0.0.0/8",
          "-s", f"USER_AGENT={OUR_UA}", *NO_DELAY, *extra])  # fmt: skip


def _child_peer(site: str, out: str) -> tuple[float, dict[str, float | None]]:
    import trafilatura
    from scrapy import Request
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response, TextResponse
    from scrapy.linkextractors import LinkExtractor
    from scrapy.spiders import SitemapSpider

    origin = site.rstrip("/")

    class PeerSpider(SitemapSpider):
        name = "peer"
        sitemap_urls = [origin + "/robots.txt"]  # noqa: RUF012 - written as users write spiders
        sitemap_rules = [("", "parse_page")]  # noqa: RUF012
        allowed_domains = [urlsplit(origin).hostname or ""]  # noqa: RUF012
        links = LinkExtractor()  # the offsite middleware applies allowed_domains

        async def start(self) -> Any:
            async for request in super().start():
                yield request
            yield Request(origin + "/", callback=self.parse_page)

        def parse_page(self, response: Response) -> Any:
            if not isinstance(response, TextResponse):
                return
            text = trafilatura.extract(response.text, url=response.url)
            if text:
                yield {"url": response.url, "articleBody": text}
            for link in self.links.extract_links(response):
                yield response.follow(link, self.parse_page)

    process = CrawlerProcess(
        {
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}},
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": PEER_UA,
            "CLOSESPIDER_PAGECOUNT": PEER_PAGECOUNT,
            "CLOSESPIDER_TIMEOUT": TIMEOUT,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
        }
    )
    return _run_measured(process, PeerSpider)


def _child_bare(urls_file: str) -> tuple[float, dict[str, float | None]]:
    """Bare Scrapy: request the URLs of ``urls_file`` (one a line: what our crawl requested, in its
    order) with a callback that does nothing, at our crawl's concurrency, delays and
    ``CONCURRENT_ITEMS``: the floor of Scrapy's own CPU per response on the same responses."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess

    from newsscraper import settings as ours

    urls = [u for u in Path(urls_file).read_text("utf-8").splitlines() if u]

    class BareSpider(Spider):
        name = "bare"

        async def start(self) -> Any:
            for url in urls:
                yield Request(url, callback=self.parse, meta={"handle_httpstatus_all": True})

        def parse(self, response: Any) -> None:
            return None

    process = CrawlerProcess(
        {
            "USER_AGENT": BARE_UA,
            "CONCURRENT_REQUESTS": ours.CONCURRENT_REQUESTS,
            "CONCURRENT_REQUESTS_PER_DOMAIN": ours.CONCURRENT_REQUESTS_PER_DOMAIN,
            "CONCURRENT_ITEMS": ours.CONCURRENT_ITEMS,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
        }
    )
    return _run_measured(process, BareSpider)


def _run_measured(process: Any, spider: type[Any]) -> tuple[float, dict[str, float | None]]:
    """Run ``spider`` in ``process`` (a ``CrawlerProcess``): its elapsed seconds and the CPU
    figures of :class:`_CpuWindow`."""
    from scrapy import signals

    crawler = process.create_crawler(spider)
    window = _CpuWindow()
    crawler.signals.connect(window.response_received, signal=signals.response_received)
    crawler.signals.connect(window.spider_idle, signal=signals.spider_idle)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    return float(crawler.stats.get_value("elapsed_time_seconds") or 0.0), window.figures()


class _CpuWindow:
    """CPU from the first response to the later of the last response and the last idle spider, per
    response: the definition of ``newsscraper.extensions.reactorlag`` (``cpu_ms_per_response``),
    for the peer crawl."""

    def __init__(self) -> None:
        self.responses = 0
        self.first = self.last = (0.0, 0.0)

    def response_received(self) -> None:
        self.last = (time.thread_time(), time.process_time())
        if not self.responses:
            self.first = self.last
        self.responses += 1

    def spider_idle(self) -> None:
        if self.responses:
            self.last = (time.thread_time(), time.process_time())

    def figures(self) -> dict[str, float | None]:
        n = self.responses - 1
        if n < 1:
            return {"run_reactor_cpu_ms_per_response": None, "run_cpu_ms_per_response": None}
        reactor_cpu, cpu = (b - a for a, b in zip(self.first, self.last, strict=True))
        return {
            "run_reactor_cpu_ms_per_response": round(reactor_cpu * 1000 / n, 2),
            "run_cpu_ms_per_response": round(cpu * 1000 / n, 2),
        }


def _run_child(args: list[str]) -> dict[str, Any]:
    """Run this script as a child crawl; return its wall time and peak RSS (MB)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.crawl_compare", "--child", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT * 3)  # fmt: skip
    elapsed = time.perf_counter() - start
    try:
        stats = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        sys.stderr.write(proc.stderr[-3000:])
        raise
    return {"wall_s": elapsed, **stats}


def _child(argv: list[str]) -> None:
    kind, *rest = argv
    # the libraries are imported before the clocks start: CPU per page is the crawl's, not start-up's
    if kind == "ours":
        import newsscraper.cli  # noqa: F401
        from newsscraper.crawl.reader import _warm_up

        # and the language model loaded (py3langid, ~1 s of CPU that the first page without a
        # declared language pays): the thread executor loads it lazily, once per process
        _warm_up()
    elif kind == "peer":
        import trafilatura  # noqa: F401
    import scrapy.crawler  # noqa: F401

    start, cpu, reactor_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    if kind == "ours":
        _child_ours(rest[0], rest[1], rest[2], rest[3:])
        report = json.loads(Path(rest[2]).read_text("utf-8"))
        elapsed = float(report["duration_s"])
        window = {
            "run_reactor_cpu_ms_per_response": report["reactor"].get("cpu_ms_per_response"),
            "run_cpu_ms_per_response": report["reactor"].get("process_cpu_ms_per_response"),
        }
    elif kind == "peer":
        elapsed, window = _child_peer(rest[0], rest[1])
    else:
        elapsed, window = _child_bare(rest[0])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall = time.perf_counter() - start
    figures = {
        "process_s": wall,
        "crawl_s": elapsed,
        "cpu_s": time.process_time() - cpu,
        # the reactor runs in this (main) thread: its CPU time is the reactor thread's
        "reactor_cpu_s": time.thread_time() - reactor_cpu,
        "peak_rss_mb": round(rss_mb, 1),
        **window,
    }
    print(json.dumps(figures))


# --- scoring ---------------------------------------------------------------------------------------


def _hits(log: Path, ua: str) -> list[tuple[str, str]]:
    out = []
    for line in log.read_text("utf-8").splitlines():
        hit = json.loads(line)
        if ua in hit["ua"]:
            out.append((hit["server"], hit["path"]))
    return out


def fixture_truth() -> dict[str, str]:
    """Article path → body text of the fixture site (all stories but the robots-disallowed one)."""
    return {article_path(s): article_body(s) for s in load_stories(STORIES) if s["section"] != "private"}


def _key(url: str) -> str:
    """Path and query of a URL in canonical form: how records and truth are matched."""
    parts = urlsplit(canonicalize_url(url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def score(
    records: list[dict[str, Any]],
    hits: list[tuple[str, str]],
    crawl_s: float,
    truth: dict[str, str],
    disallowed: tuple[str, ...] = DISALLOWED,
) -> dict[str, Any]:
    """Figures of one crawl from its records and the servers' request log."""
    seen: dict[str, str] = {}
    duplicates = non_articles = 0
    for record in records:
        key = _key(str(record.get("url", "")))
        if key not in truth:
            non_articles += 1
        elif key in seen:
            duplicates += 1
        else:
            seen[key] = str(record.get("articleBody") or "")
    site_hits = [p for server, p in hits if server == "site"]
    pairs = [(seen[p], truth[p]) for p in seen]
    return {
        "articles_found": len(seen),
        "articles_expected": len(truth),
        "duplicate_records": duplicates,
        "non_article_records": non_articles,
        "robots_violations": sum(p.startswith(disallowed) for p in site_hits),
        "offsite_requests": sum(server in ("offsite", "otherport") for server, _ in hits),
        "offsite_other_address": sum(server == "offsite" for server, _ in hits),
        "offsite_other_port": sum(server == "otherport" for server, _ in hits),
        "trap_pages_fetched": sum(p.startswith(TRAP) for p in site_hits),
        "pages_fetched": len(hits),
        "pages_per_s": round(len(hits) / crawl_s, 1) if crawl_s else None,
        "body_f1": round(aeb_score(pairs)["f1"], 4) if pairs else 0.0,
    }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def compare(work: Path) -> dict[str, Any]:
    log = work / "requests.jsonl"
    log.touch()
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "mockserver.py"), str(log)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert server.stdout is not None
        site = json.loads(server.stdout.readline())["site"] + "/"
        ours = _run_child(["ours", site, str(work / "ours.jsonl"), str(work / "ours-report.json")])
        peer = _run_child(["peer", site, str(work / "peer.jsonl")])
    finally:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.close()
        server.wait(timeout=10)
        server.stdout.close()
    return _results(work, ours, peer, lambda ua: _hits(log, ua), fixture_truth())


def _results(
    work: Path, ours: dict[str, Any], peer: dict[str, Any], hits: Any, truth: dict[str, str]
) -> dict[str, Any]:
    result = {}
    crawls = (
        ("newsscraper", OUR_UA, ours, "ours.jsonl"),
        ("scrapy+trafilatura", PEER_UA, peer, "peer.jsonl"),
    )
    for name, ua, run, out in crawls:
        figures = score(_read_jsonl(work / out), hits(ua), run["crawl_s"], truth)
        pages = max(1, int(figures["pages_fetched"]))
        result[name] = {
            **figures,
            "crawl_s": round(run["crawl_s"], 2),
            "process_s": round(run["process_s"], 2),
            "cpu_ms_per_page": round(run["cpu_s"] * 1000 / pages, 1),
            # what a crawl costs per article it delivers (pages answered 404 are cheap, extractions not)
            "cpu_ms_per_article": round(run["cpu_s"] * 1000 / max(1, int(figures["articles_found"])), 1),
            "reactor_cpu_ms_per_page": round(run["reactor_cpu_s"] * 1000 / pages, 1),
            # the same from the first response to the last: start-up and shutdown left out
            "run_cpu_ms_per_response": run.get("run_cpu_ms_per_response"),
            "run_reactor_cpu_ms_per_response": run.get("run_reactor_cpu_ms_per_response"),
            "peak_rss_mb": run["peak_rss_mb"],
        }
    report = json.loads((work / "ours-report.json").read_text("utf-8"))
    result["newsscraper"]["reactor_max_lag_ms"] = report["reactor"]["max_lag_ms"]
    result["newsscraper"]["reactor_p95_lag_ms"] = report["reactor"]["p95_lag_ms"]
    result["newsscraper"]["drops"] = report["drops"]
    return result


def real_pages_site() -> tuple[dict[str, Any], dict[str, str]]:
    """A site built from the 119 aeb pages (real news pages) at their own paths, with a home page
    listing them all and a sitemap; return its routes and its truth (path → body)."""
    from newsscraper.demo.site import ORIGIN, Page

    truth_file = json.loads((EVAL_DIR / "aeb" / "ground-truth.json").read_text("utf-8"))
    routes: dict[str, Any] = {}
    truth: dict[str, str] = {}
    for pid in sorted(truth_file):
        url = truth_file[pid].get("url") or f"http://aeb.invalid/a/{pid}.html"
        key = _key(url)
        if key in ("/", "") or key in truth or key.startswith("/robots.txt"):
            key = f"/a/{pid}.html"
        body = gzip.decompress((EVAL_DIR / "aeb" / "html" / f"{pid}.html.gz").read_bytes())
        routes[key] = Page(body=body)
        truth[key] = str(truth_file[pid]["articleBody"])
    links = "".join(f'<li><a href="{ORIGIN}{k}">story {i}</a></li>' for i, k in enumerate(truth))
    routes["/"] = Page(
        body=f"<html><head><title>Real pages</title></head><body><ul>{links}</ul></body></html>".encode()
    )
    locs = "".join(f"<url><loc>{ORIGIN}{k.replace('&', '&amp;')}</loc></url>" for k in truth)
    sitemap = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    )
    routes["/sitemap.xml"] = Page(body=sitemap.encode(), headers={"Content-Type": "application/xml"})
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {ORIGIN}/sitemap.xml\n"
    routes["/robots.txt"] = Page(body=robots.encode(), headers={"Content-Type": "text/plain"})
    return routes, truth


def compare_real(work: Path) -> dict[str, Any]:
    """Both crawlers on the site of real pages (``real_pages_site``)."""
    from newsscraper.demo.server import SiteServer

    routes, truth = real_pages_site()
    with SiteServer(routes) as srv:
        site = srv.url("/")
        ours = _run_child(["ours", site, str(work / "ours.jsonl"), str(work / "ours-report.json")])
        peer = _run_child(["peer", site, str(work / "peer.jsonl")])
        urls = work / "ours-requests.txt"
        urls.write_text("\n".join(srv.url(h.path) for h in srv.log if OUR_UA in h.user_agent), "utf-8")
        bare = _run_child(["bare", str(urls)])
        log = list(srv.log)
    hits = lambda ua: [("site", h.path) for h in log if ua in h.user_agent]  # noqa: E731
    result = _results(work, ours, peer, hits, truth)
    result["bare_scrapy_same_requests"] = {
        "pages_fetched": sum(BARE_UA in h.user_agent for h in log),
        "run_cpu_ms_per_response": bare.get("run_cpu_ms_per_response"),
        "run_reactor_cpu_ms_per_response": bare.get("run_reactor_cpu_ms_per_response"),
    }
    return result


def reactor_lag(work: Path, rounds: int = 2) -> dict[str, Any]:
    """Crawl the aeb pages as one site with extraction threaded and in the reactor thread."""
    from newsscraper.demo.server import SiteServer
    from newsscraper.demo.site import Page

    truth = json.loads((EVAL_DIR / "aeb" / "ground-truth.json").read_text("utf-8"))
    routes: dict[str, Page] = {}
    links = []
    for pid in sorted(truth):
        body = gzip.decompress((EVAL_DIR / "aeb" / "html" / f"{pid}.html.gz").read_bytes())
        routes[f"/a/{pid}-page-of-the-set.html"] = Page(body=body)
        links.append(f'<a href="/a/{pid}-page-of-the-set.html">{pid}</a>')
    routes["/"] = Page(body=("<html><body>" + " ".join(links) + "</body></html>").encode())
    out: dict[str, Any] = {}
    with SiteServer(routes) as srv:
        for mode in ("process", "thread", "reactor") * rounds:
            rep = work / f"lag-{mode}.json"
            extra = ["-s", f"NEWSSCRAPER_EXTRACT_EXECUTOR={mode}", "-s", "DEPTH_LIMIT=1"]
            run = _run_child(["ours", srv.url("/"), str(work / f"lag-{mode}.jsonl"), str(rep), *extra])
            report = json.loads(rep.read_text("utf-8"))
            out.setdefault(mode, []).append(
                {
                    "pages_fetched": report["pages_fetched"],
                    "pages_per_s": round(report["pages_fetched"] / run["crawl_s"], 1),
                    **{f"lag_{k}": v for k, v in report["reactor"].items()},
                }
            )
    return out


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lag", action="store_true", help="also measure reactor stalls on the aeb pages")
    parser.add_argument("--real", action="store_true", help="also crawl a site built from the aeb pages")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the records, reports and request logs in DIR (no temp dir)"
    )
    args = parser.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() if not args.keep else nullcontext(args.keep) as tmp:
        result: dict[str, Any] = {"fixture_site": compare(Path(tmp))}
        if args.real:
            real = Path(tmp) / "real"
            real.mkdir(exist_ok=True)
            result["real_pages_site"] = compare_real(real)
        if args.lag:
            result["reactor_lag_aeb"] = reactor_lag(Path(tmp))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for site in ("fixture_site", "real_pages_site"):
        if site not in result:
            continue
        print(f"\n{site}\n{'figure':24} {'newsscraper':>14} {'scrapy+trafilatura':>20}")
        for key in result[site]["newsscraper"]:
            ours = result[site]["newsscraper"].get(key)
            peer = result[site]["scrapy+trafilatura"].get(key, "-")
            if key != "drops":
                print(f"{key:24} {ours!s:>14} {peer!s:>20}")
        print(f"newsscraper drops: {result[site]['newsscraper']['drops']}")
        if "bare_scrapy_same_requests" in result[site]:
            print(f"bare Scrapy, our requests: {result[site]['bare_scrapy_same_requests']}")
    if "reactor_lag_aeb" in result:
        print("\nreactor lag, aeb pages as one site:")
        for mode, runs in result["reactor_lag_aeb"].items():
            for figs in runs:
                print(f"  {mode:8} " + "  ".join(f"{k}={v}" for k, v in figs.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
