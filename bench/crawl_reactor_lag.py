"""Does reading pages stall the reactor? Read the aeb pages the way the spider does (links, signals
and article from one parse, ``newsscraper.crawl.reader.PageReader``), with a timer ticking on the
reactor, in each executor mode, without any network in the way.

Per mode (``process``, ``thread``, ``reactor``; fresh subprocess each, modes interleaved over
``--rounds``), ``--concurrency`` pages are in flight at a time (Scrapy's default item concurrency is
100; the downloader rarely feeds more than a few pages at once). A ``LoopingCall`` every 10 ms
records how late it fires; the report gives p50 / p95 / max lateness, pages/s and the longest
single extraction (what one page blocks the reactor for when run inline).

Run from the repository root: ``python -m bench.crawl_reactor_lag [--rounds 2] [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from typing import Any

from bench.evalsets import EVAL_DIR

TICK = 0.01  # s


def run_mode(mode: str, concurrency: int, workers: int = 2) -> dict[str, Any]:
    """Body of the child process: extract every aeb page with ``mode``; return the lag figures."""
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.reactor import install_reactor

    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred, DeferredSemaphore, gatherResults
    from twisted.internet.task import LoopingCall

    from newsscraper.crawl.reader import PageReader
    from newsscraper.spiders.news import MAX_LINKS_PER_PAGE

    truth = json.loads((EVAL_DIR / "aeb" / "ground-truth.json").read_text("utf-8"))
    bodies = [
        gzip.decompress((EVAL_DIR / "aeb" / "html" / f"{p}.html.gz").read_bytes()) for p in sorted(truth)
    ]
    reader = PageReader(mode, workers=workers)
    reader.start()
    lags: list[float] = []
    durations: list[float] = []
    expected = [0.0]

    def tick() -> None:
        now = time.monotonic()
        if expected[0]:
            lags.append(max(0.0, now - expected[0]))
        expected[0] = now + TICK

    async def one(i: int, body: bytes) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        start = time.perf_counter()
        await reader.read(body, f"http://aeb.test/{i}", headers, links=True, max_links=MAX_LINKS_PER_PAGE)
        durations.append(time.perf_counter() - start)

    def start_one(i: int, body: bytes) -> Deferred[None]:
        return deferred_from_coro(one(i, body))

    result: dict[str, Any] = {}

    def main() -> None:
        if mode == "process":  # let the workers start before the clock runs (one-off cost)
            assert reader.pool is not None  # the process mode always has its pool once started
            reader.pool.submit(len, b"").result()
        loop = LoopingCall(tick)
        loop.start(TICK)
        sem = DeferredSemaphore(concurrency)
        start = time.perf_counter()
        jobs = [sem.run(start_one, i, b) for i, b in enumerate(bodies)]

        def done(_: Any) -> None:
            loop.stop()
            ordered = sorted(lags)
            result.update(
                mode=mode,
                workers=workers,
                pages_per_s=round(len(bodies) / (time.perf_counter() - start), 1),
                lag_p50_ms=round(ordered[len(ordered) // 2] * 1000, 1),
                lag_p95_ms=round(ordered[len(ordered) * 95 // 100] * 1000, 1),
                lag_max_ms=round(ordered[-1] * 1000, 1),
                longest_page_ms=round(max(durations) * 1000, 1),
            )
            reader.stop()
            # Twisted declares interface methods without ``self`` (zope style), which mypy
            # without the mypy-zope plugin reports for the argument-less ones.
            reactor.stop()  # type: ignore[misc]

        gatherResults(jobs).addBoth(done)

    reactor.callWhenRunning(main)
    reactor.run()  # type: ignore[misc]  # zope-style interface method, as ``stop`` above
    return result


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(run_mode(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--modes", default="process:2,thread:2,reactor:1", help="executor:workers list (default: %(default)s)"
    )
    args = parser.parse_args()
    runs: list[dict[str, Any]] = []
    for _ in range(args.rounds):
        for spec in args.modes.split(","):
            mode, _, workers = spec.partition(":")
            cmd = [
                sys.executable,
                "-m",
                "bench.crawl_reactor_lag",
                "--child",
                mode,
                str(args.concurrency),
                workers or "2",
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            if proc.returncode:
                sys.stderr.write(proc.stderr[-3000:])
                return 1
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(runs, indent=2))
    else:
        for r in runs:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
