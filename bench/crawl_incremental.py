"""Scheduled crawls: two crawls of a changing fixture site, kill trials, and Redis scale-out.

Reports the figures of issue 5:

* **incremental** — crawl the site, edit some articles and publish new ones, crawl again. For
  newsscraper (``--state``), a plain Scrapy + trafilatura spider (SitemapSpider + LinkExtractor +
  ``trafilatura.extract``, FEEDS to JSON Lines) and the same spider with scrapy-deltafetch: articles
  emitted by the second run, new / changed ones caught, unchanged ones re-emitted, changed ones
  carrying the new text, and unchanged article bodies downloaded again;
* **kill trials** — the first crawl is killed with SIGKILL at a random moment, then a follow-up run
  completes it: articles lost, written twice, torn lines, store integrity;
* **scale-out** — one worker against two on a shared Redis frontier (a redis-server started here on
  a random loopback port): union complete, duplicates, wall-clock speed-up.

Run: ``python bench/crawl_incremental.py [--stories 60] [--kill-trials 20] [--json out.json]``
(needs ``pip install -e ".[bench]"`` and Debian's ``redis-server`` for the scale-out part).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newsscraper.demo.site import Story, article_body, article_path
from newsscraper.state import StateStore
from newsscraper.state.demo import VersionedSiteServer, build_versioned_site, evolve, make_stories

PEER = """
import sys
import trafilatura
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from scrapy import Request

origin, out, deltafetch = sys.argv[1], sys.argv[2], sys.argv[3]

class PeerSpider(SitemapSpider):
    name = "peer"
    sitemap_urls = [origin + "/robots.txt"]
    sitemap_rules = [("", "parse_page")]
    links = LinkExtractor(allow_domains=["127.0.0.1"])

    async def start(self):
        async for request in super().start():
            yield request
        yield Request(origin + "/", callback=self.parse_page)

    def parse_page(self, response):
        text = trafilatura.extract(response.text, url=response.url)
        if text and len(text.split()) >= 80:
            yield {"url": response.url, "articleBody": text}
        for link in self.links.extract_links(response):
            yield response.follow(link.url, callback=self.parse_page)

settings = {
    "FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}},
    "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": True,
    "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "DEPTH_LIMIT": 6,
}
if deltafetch != "-":
    from scrapy_deltafetch import DeltaFetch

    class AsyncDeltaFetch(DeltaFetch):
        # scrapy-deltafetch 2.1.0 only has a sync process_spider_output, which Scrapy 2.19 refuses
        # ("doesn't support asynchronous spider output"); this adapter is all a user must add.
        async def process_spider_output_async(self, response, result, spider=None):
            async for out in result:
                for kept in self.process_spider_output(response, [out], spider):
                    yield kept

    sys.modules["__main__"].AsyncDeltaFetch = AsyncDeltaFetch
    settings["SPIDER_MIDDLEWARES"] = {"__main__.AsyncDeltaFetch": 100}
    settings["DELTAFETCH_ENABLED"] = True
    settings["DELTAFETCH_DIR"] = deltafetch
process = CrawlerProcess(settings)
process.crawl(PeerSpider)
process.start()
"""


def read_jsonl(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Return the records of a JSON Lines file and the number of torn / invalid lines."""
    if not path.exists():
        return [], 0
    records, torn = [], 0
    data = path.read_bytes()
    for line in data.splitlines(keepends=True):
        try:
            records.append(json.loads(line))
            if not line.endswith(b"\n"):
                torn += 1
        except ValueError:
            torn += 1
    return records, torn


def ours(site: VersionedSiteServer, out: Path, state: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "newsscraper.cli", "crawl", site.url("/"), "-o", str(out),
        "--state", str(state), "--allow-network", "127.0.0.1/32", "--log-level", "ERROR",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *extra,
    ]  # fmt: skip


def peer(site: VersionedSiteServer, out: Path, deltafetch: Path | None) -> list[str]:
    # A file, not ``python -c``: Scrapy reads callbacks' source to check generators.
    script = out.parent / "peer_spider.py"
    if not script.exists():
        script.write_text(PEER, "utf-8")
    return [sys.executable, str(script), site.origin, str(out), str(deltafetch) if deltafetch else "-"]


def slug_of(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0].removesuffix(".html")


def incremental(
    name: str,
    command: Callable[[Path], list[str]],
    site: VersionedSiteServer,
    v1: Sequence[Story],
    change: dict[str, Any],
    work: Path,
    **site_options: bool,
) -> dict[str, Any]:
    """Crawl v1, change the site (``evolve(v1, **change)``, dated after that crawl), crawl again with
    ``command(out)``; return the second run's figures."""
    site.replace(build_versioned_site(v1, **site_options))
    started = time.monotonic()
    subprocess.run(command(work / f"{name}-1.jsonl"), check=True, timeout=600)
    first_s = time.monotonic() - started
    first, _ = read_jsonl(work / f"{name}-1.jsonl")
    v2, edited_list, added_list = evolve(v1, **change)
    edited, added = set(edited_list), set(added_list)
    unchanged = {s["slug"] for s in v2} - edited - added
    stories = {s["slug"]: s for s in v2}
    site.replace(build_versioned_site(v2, **site_options))
    site.bodies_sent.clear()
    site.not_modified.clear()
    started = time.monotonic()
    subprocess.run(command(work / f"{name}-2.jsonl"), check=True, timeout=600)
    second_s = time.monotonic() - started
    second, _ = read_jsonl(work / f"{name}-2.jsonl")
    articles = [r for r in second if slug_of(str(r["url"])) in stories]
    slugs = Counter(slug_of(str(r["url"])) for r in articles)
    new_text = sum(
        1
        for r in articles
        if slug_of(str(r["url"])) in edited
        and "Correction:" in str(r["articleBody"])
        and article_body(stories[slug_of(str(r["url"]))]).split()[-5:] == str(r["articleBody"]).split()[-5:]
    )
    unchanged_paths = {article_path(stories[s]) for s in unchanged}
    refetched = sum(1 for p in site.bodies_sent if p in unchanged_paths)
    return {
        "system": name,
        "site": site_options or "sitemap lastmod, ETag, Last-Modified",
        "run1_articles": len({slug_of(str(r["url"])) for r in first} & {s["slug"] for s in v1}),
        "run2_records": len(second),
        "run2_articles": len(articles),
        "new_caught": f"{len(added & set(slugs))}/{len(added)}",
        "changed_caught": f"{len(edited & set(slugs))}/{len(edited)}",
        "changed_with_new_text": f"{new_text}/{len(edited)}",
        "unchanged_reemitted": len(unchanged & set(slugs)),
        "unchanged_bodies_refetched": f"{refetched}/{len(unchanged)}",
        "unchanged_bodies_refetched_pct": round(100 * refetched / len(unchanged), 1),
        "not_modified_304": len(site.not_modified),
        "run1_s": round(first_s, 2),
        "run2_s": round(second_s, 2),
    }


def kill_trials(
    site: VersionedSiteServer, stories: Sequence[Story], trials: int, work: Path, seed: int
) -> dict[str, Any]:
    """SIGKILL the first crawl at a random moment, complete with a second; count the damage."""
    rng = random.Random(seed)
    site.replace(build_versioned_site(stories))
    expected = {site.url(article_path(s)) for s in stories}
    # Calibrate: how long the crawling part of a run lasts (first to last request the site sees),
    # so kill moments spread over it rather than over the interpreter's start-up.
    probe = work / "probe"
    hits = len(site.log)
    subprocess.run(ours(site, probe / "o.jsonl", probe / "state"), check=True, timeout=600)
    crawl_s = site.log[-1].time - site.log[hits].time
    full_s = crawl_s + 1.0  # plus the writer's last publish and the state's commit
    lost = dup = torn = bad_store = before_any = 0
    cut_short = 0
    for trial in range(trials):
        folder = work / f"kill{trial}"
        moment = rng.uniform(0.0, full_s)
        hits = len(site.log)
        proc = subprocess.Popen(
            ours(site, folder / "run1.jsonl", folder / "state"), stderr=subprocess.DEVNULL
        )
        while len(site.log) == hits and proc.poll() is None:
            time.sleep(0.01)
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        subprocess.run(
            ours(site, folder / "run2.jsonl", folder / "state"),
            check=True,
            timeout=600,
            stderr=subprocess.DEVNULL,
        )
        first, torn1 = read_jsonl(folder / "run1.jsonl")
        second, torn2 = read_jsonl(folder / "run2.jsonl")
        urls = Counter(str(r["url"]) for r in first + second)
        lost += len(expected - set(urls))
        dup += sum(c - 1 for c in urls.values())
        torn += torn1 + torn2
        before_any += not first
        cut_short += 0 < len(first) < len(expected)
        store = StateStore(folder / "state")
        bad_store += not (store.integrity_ok() and store.counts()["pending"] == 0)
        store.close()
    return {
        "trials": trials,
        "crawl_phase_s": round(crawl_s, 2),
        "kill_moment": "uniform over the crawl phase + 1 s, from the first request",
        "killed_before_first_publish": before_any,
        "killed_mid_output": cut_short,
        "articles_lost": lost,
        "articles_duplicated": dup,
        "torn_lines": torn,
        "stores_damaged": bad_store,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def scale_out(
    site: VersionedSiteServer, stories: Sequence[Story], work: Path, repeats: int
) -> dict[str, Any]:
    """One worker against two on a shared Redis frontier, same site, fresh state each."""
    server = shutil.which("redis-server")
    if server is None:
        return {"skipped": "redis-server not installed"}
    port = _free_port()
    redis = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(work),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    frontier = f"redis://127.0.0.1:{port}/0"
    site.replace(build_versioned_site(stories))
    expected = {site.url(article_path(s)) for s in stories}
    result: dict[str, Any] = {"1_worker": [], "2_worker": []}
    try:
        # Alternate 1 and 2 workers, `repeats` times: the machine's load drifts during a bench.
        for attempt in range(repeats):
            for workers in (1, 2):
                folder = work / f"redis{workers}-{attempt}"
                site.bodies_sent.clear()
                started = time.monotonic()
                procs = [
                    subprocess.Popen(
                        ours(site, folder / f"w{i}.jsonl", folder / "state", "--frontier", frontier),
                        stderr=subprocess.DEVNULL,
                    )
                    for i in range(workers)
                ]
                for proc in procs:
                    proc.wait(timeout=600)
                elapsed = time.monotonic() - started
                per_worker = [read_jsonl(folder / f"w{i}.jsonl")[0] for i in range(workers)]
                urls = Counter(str(r["url"]) for records in per_worker for r in records)
                result[f"{workers}_worker"].append(
                    {
                        "wall_s": round(elapsed, 2),
                        "union_complete": expected <= set(urls),
                        "articles": len(urls),
                        "duplicates": sum(c - 1 for c in urls.values()),
                        "per_worker": [len(r) for r in per_worker],
                        "article_bodies_downloaded": len(site.bodies_sent),
                    }
                )
        speedups = [
            one["wall_s"] / two["wall_s"]
            for one, two in zip(result["1_worker"], result["2_worker"], strict=True)
        ]
        result["speed_up_each"] = [round(x, 2) for x in speedups]
        result["speed_up_median"] = round(statistics.median(speedups), 2)
    finally:
        redis.terminate()
        redis.wait(timeout=10)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--edited", type=int, default=6)
    parser.add_argument("--added", type=int, default=6)
    parser.add_argument("--kill-trials", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.02, help="seconds per article answer")
    parser.add_argument("--scale-delay", type=float, default=1.5, help="same, for the scale-out part")
    parser.add_argument("--scale-repeats", type=int, default=2)
    parser.add_argument("--scale-stories", type=int, default=120, help="articles of the scale-out site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip", action="append", default=[], choices=["incremental", "kill", "redis"])
    args = parser.parse_args()
    v1 = make_stories(args.stories, seed=args.seed)
    change = {"edited": args.edited, "added": args.added, "seed": args.seed + 1}
    report: dict[str, Any] = {"stories": args.stories, "edited": args.edited, "added": args.added}
    with (
        tempfile.TemporaryDirectory() as tmp,
        VersionedSiteServer(build_versioned_site(v1), delay=args.delay) as site,
    ):
        work = Path(tmp)

        def ours_with_state(state: Path) -> Callable[[Path], list[str]]:
            return lambda out: ours(site, out, state)

        if "incremental" not in args.skip:
            rows = [
                incremental("newsscraper", ours_with_state(work / "s1"), site, v1, change, work),
                incremental("scrapy+trafilatura", lambda o: peer(site, o, None), site, v1, change, work),
                incremental(
                    "scrapy+trafilatura+deltafetch",
                    lambda o: peer(site, o, work / "deltafetch"),
                    site,
                    v1,
                    change,
                    work,
                ),
                # Sites without sitemap dates: conditional GETs only.
                *(
                    incremental(
                        f"newsscraper-{tag}",
                        ours_with_state(work / tag),
                        site,
                        v1,
                        change,
                        work,
                        lastmod=False,
                        etag=etag,
                    )
                    for tag, etag in (("no-lastmod-lm-only", False), ("no-lastmod-page-etag", True))
                ),
            ]
            report["incremental"] = rows
            for row in rows:
                print(json.dumps(row))
        if "kill" not in args.skip:
            report["kill"] = kill_trials(
                site, v1[: max(20, args.stories // 2)], args.kill_trials, work, args.seed
            )
            print(json.dumps({"kill": report["kill"]}))
        if "redis" not in args.skip:
            site.delay = args.scale_delay
            scale_stories = make_stories(args.scale_stories, seed=args.seed + 7)
            report["scale_out"] = scale_out(site, scale_stories, work, args.scale_repeats)
            print(json.dumps({"scale_out": report["scale_out"]}))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
