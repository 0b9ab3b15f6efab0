"""Scale-out on scrapy-redis: two workers share one crawl of the fixture site through a real
redis-server on loopback (started here on a random port; ``.ci/run`` installs the Debian package)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

from newsscraper.crawl.frontier import frontier_settings
from newsscraper.demo.site import article_path
from newsscraper.state.demo import VersionedSiteServer, build_versioned_site, make_stories

STORIES = make_stories(20, seed=9)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_redis(server: str, port: int, workdir: Path) -> tuple[subprocess.Popen[bytes], redis.Redis]:
    """A loopback redis-server on ``port`` (no persistence) and a client, once it answers (5 s)."""
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return proc, client


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    proc, client = _start_redis(server, port, tmp_path_factory.mktemp("redis"))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def site() -> Iterator[VersionedSiteServer]:
    # 60 ms per article page: enough work for two workers to share.
    with VersionedSiteServer(build_versioned_site(STORIES), delay=0.06) as server:
        yield server


def worker(site: VersionedSiteServer, frontier: str, out: Path, state: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsscraper.cli", "crawl", site.url("/"), "-o", str(out),
         "--state", str(state), "--frontier", frontier, "--allow-network", "127.0.0.1/32",
         "--log-level", "ERROR", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         # two pages in flight per worker: with Scrapy's 16, the worker that read the home page
         # could hold every article request in flight behind the gate before the other asked for
         # one (it did on 2 of 4 runs), and the test would not see the queue shared
         "-s", "CONCURRENT_REQUESTS=2"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_frontier_settings_use_scrapy_redis() -> None:
    settings = frontier_settings("redis://127.0.0.1:6379/2", crawl="hourly")
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_QUEUE_KEY"] == "newsscraper:hourly:%(spider)s:requests"
    with pytest.raises(ValueError):
        frontier_settings("redis://127.0.0.1:6379/db")


def test_two_workers_share_one_crawl(redis_url: str, site: VersionedSiteServer, tmp_path: Path) -> None:
    outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
    client = redis.Redis.from_url(redis_url)
    # Hold every article answer until both workers joined the crawl, so neither can finish it
    # alone while the other is still starting up.
    site.gate.clear()
    procs = [worker(site, redis_url, out, tmp_path / "state") for out in outs]
    deadline = time.monotonic() + 60
    while client.zcard("newsscraper:default:news:workers") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    site.gate.set()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    per_worker = [[json.loads(line) for line in out.read_text().splitlines()] for out in outs]
    urls = Counter(str(r["url"]) for records in per_worker for r in records)
    assert {site.url(article_path(s)) for s in STORIES} <= set(urls)  # union complete
    assert max(urls.values()) == 1  # no article written by both workers
    assert all(per_worker), "both workers took part"
    # Every article page was downloaded once in all: the shared dupefilter did its job.
    articles = Counter(p for p in site.bodies_sent)
    assert max(articles.values()) == 1
    # The last worker out cleared the shared crawl.
    assert client.keys("newsscraper:default:*") == []
    client.close()


def test_bad_frontier_is_misuse(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "crawl", "http://127.0.0.1:9/", "-o",
         str(tmp_path / "o.jsonl"), "--frontier", "http://not-redis"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2 and "redis://" in run.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["newsscraper.cli", "crawl", "http://127.0.0.1:9/", "--frontier", "redis://:pw@127.0.0.1:{port}/0"],
        ["newsscraper.cli", "fetch", "http://127.0.0.1:9/", "-s", "NEWSSCRAPER_FRONTIER=redis://127.0.0.1:{port}/0"],
        ["scrapy", "crawl", "news", "-a", "start=http://127.0.0.1:9/",
         "-s", "NEWSSCRAPER_FRONTIER=redis://127.0.0.1:{port}/0"],
    ],
    ids=["crawl", "fetch", "scrapy-crawl"],
)  # fmt: skip
def test_a_frontier_that_does_not_answer_is_one_line_and_exit_1(command: list[str], tmp_path: Path) -> None:
    # a Redis down (or a wrong port) failed inside the scheduler's open: 111 lines of tracebacks
    # ("RuntimeError: Engine slot not assigned") and "0 articles written to out.jsonl", a file not made
    port = _free_port()  # nothing listens there
    out = tmp_path / "out.jsonl"
    out.write_text("last good run\n", "utf-8")
    argv = [part.format(port=port) for part in command]
    argv += ["-s", f"NEWSSCRAPER_OUTPUT={out}"] if argv[0] == "scrapy" else ["-o", str(out)]
    run = subprocess.run(
        [sys.executable, "-m", *argv], capture_output=True, text=True, timeout=120,
        cwd=Path(__file__).resolve().parents[1],  # scrapy crawl needs the project's scrapy.cfg
    )  # fmt: skip
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "pw" not in run.stderr
    said = f"the frontier redis://127.0.0.1:{port}/0 does not answer ("
    assert said in run.stderr and run.stderr.rstrip().endswith("nothing was crawled")
    assert out.read_text("utf-8") == "last good run\n"


def test_workers_share_one_seen_set(redis_url: str) -> None:
    from scrapy.utils.test import get_crawler

    from newsscraper.crawl.frontier import SharedSeen
    from newsscraper.spiders.news import NewsSpider

    settings = frontier_settings(redis_url, crawl="seen-test")
    # Two workers of one crawl, each with its own connection.
    first, second = (SharedSeen.from_crawler(get_crawler(NewsSpider, settings)) for _ in range(2))
    assert first is not None and second is not None
    assert first.key == "newsscraper:seen-test:news:seen"
    assert first.check_and_add("https://n.test/a", b"\x01" * 16) is None
    assert second.check_and_add("https://n.test/a", b"\x02" * 16) == "duplicate/url"
    assert second.check_and_add("https://n.test/copy", b"\x01" * 16) == "duplicate/body"
    assert second.check_and_add("https://n.test/b", b"\x03" * 16) is None
    assert first.check_and_add("https://n.test/b", b"\x03" * 16) == "duplicate/url"
    assert SharedSeen.from_crawler(get_crawler(NewsSpider)) is None  # no frontier, no shared set
    redis.Redis.from_url(redis_url).delete(first.key)


@contextmanager
def _another_worker_alive(client: redis.Redis, crawl: str) -> Iterator[None]:
    """Another worker of the shared crawl ``crawl``, alive all along (its heartbeat every 0.5 s),
    while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            client.zadd(f"newsscraper:{crawl}:news:workers", {"elsewhere:1:live": time.time()})
            stop.wait(0.5)

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_worker_joining_a_done_share_exits_0(
    redis_url: str, site: VersionedSiteServer, tmp_path: Path
) -> None:
    """A worker that joins a shared crawl whose other workers already took every page (a slow start,
    a restart after a kill) fetches nothing: that is no failure. It exited 1 ("nothing could be
    crawled": a scheduler's alert) and left no output file; now 0, an empty file, and a line."""
    client = redis.Redis.from_url(redis_url)
    runs = []
    try:
        with _another_worker_alive(client, "late"):  # the crawl is neither fresh nor cleared
            for name in ("w1", "w2"):
                proc = subprocess.Popen(
                    [sys.executable, "-m", "newsscraper.cli", "crawl", site.url("/"), "-o",
                     str(tmp_path / f"{name}.jsonl"), "--frontier", redis_url, "--allow-network",
                     "127.0.0.1/32", "--log-level", "ERROR", "-s", "DOWNLOAD_DELAY=0",
                     "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSSCRAPER_FRONTIER_CRAWL=late"],
                    stderr=subprocess.PIPE, text=True,
                )  # fmt: skip
                _, err = proc.communicate(timeout=120)
                runs.append((proc.returncode, err))
    finally:
        client.delete(*client.keys("newsscraper:late:*"))
        client.close()
    assert runs[0][0] == 0 and len((tmp_path / "w1.jsonl").read_text().splitlines()) >= len(STORIES)
    code, err = runs[1]
    assert code == 0, err
    assert "nothing was left for this one" in err
    assert (tmp_path / "w2.jsonl").read_text() == ""


def test_worker_stops_when_redis_goes_away(site: VersionedSiteServer, tmp_path: Path) -> None:
    """Redis stopped (restarted, crashed) under a running worker: the worker hung for good, its
    scraper tasks dead of the ConnectionError the scheduler let out (a cron job's ``flock -n`` then
    skipped every later run). Now it stops after the pages in flight, publishes what it wrote, and
    exits 1 with ``finish_reason`` ``frontier_lost``."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    proc, client = _start_redis(server, port, tmp_path)
    site.gate.clear()  # article answers wait: the worker is mid-crawl when Redis goes
    try:
        out, report = tmp_path / "w.jsonl", tmp_path / "report.json"
        crawl = subprocess.Popen(
            [sys.executable, "-m", "newsscraper.cli", "crawl", site.url("/"), "-o", str(out),
             "--report", str(report), "--state", str(tmp_path / "state"), "--frontier", url,
             "--allow-network", "127.0.0.1/32", "--log-level", "ERROR", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=2"],
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while client.zcard("newsscraper:default:news:busy") < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
        site.gate.set()
        try:
            _, err = crawl.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            crawl.kill()
            crawl.communicate()
            pytest.fail("the worker hung after Redis went away")
    finally:
        site.gate.set()
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
    assert crawl.returncode == 1, err[-2000:]
    assert json.loads(report.read_text())["finish_reason"] == "frontier_lost"
    assert "the shared frontier (--frontier, Redis) failed" in err


LISTED = 600
"""Entries of the sitemap :func:`test_a_shared_frontier_gets_every_sitemap_entry` serves."""


class _SitemapSite(BaseHTTPRequestHandler):
    """``/sitemap.xml`` lists :data:`LISTED` pages; every other path answers 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path != "/sitemap.xml":
            self.send_error(404)
            return
        body = (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>/news/2026/01/02/listed-story-{i}.html</loc></url>" for i in range(LISTED))
            + "</urlset>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_shared_frontier_gets_every_sitemap_entry(redis_url: str, tmp_path: Path) -> None:
    """With ``--frontier`` a worker's sitemap entries go to the shared queue, all of them, even when
    its own ``--max-pages`` ends its run first: the other workers fetch them, and none of them
    reads that sitemap again (issue 13: a worker that stops requesting the entries once its run
    ends, as it does without a frontier, would lose them for the whole crawl)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SitemapSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = redis.Redis.from_url(redis_url)
    try:
        with _another_worker_alive(client, "listed"):  # the last one out clears the crawl
            run = subprocess.run(
                [sys.executable, "-m", "newsscraper.cli", "crawl",
                 f"http://127.0.0.1:{server.server_address[1]}/sitemap.xml", "--no-follow",
                 "--max-pages", "5", "-o", str(tmp_path / "out.jsonl"), "--report", str(tmp_path / "r.json"),
                 "--frontier", redis_url, "--allow-network", "127.0.0.1/32", "--log-level", "ERROR",
                 "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                 "-s", "NEWSSCRAPER_FRONTIER_CRAWL=listed", "-s", "CONCURRENT_REQUESTS=2"],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            queued = client.zcard("newsscraper:listed:news:requests")
    finally:
        server.shutdown()
        server.server_close()
        client.delete(*client.keys("newsscraper:listed:*"))
        client.close()
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["finish_reason"] == "closespider_pagecount"
    assert "closing" not in report["refused"]
    # the worker took a few (5 fetched, a few more refused by its budget before it closed)
    assert LISTED - 20 <= queued < LISTED
