"""Speed of ``extract_article`` against ``trafilatura.extract`` on the aeb pages, as a ratio.

Both run in this process on the same pages, interleaved page by page (each page by ours,
trafilatura and the lxml parse in turn, the order rotating), so a burst of load from other
processes hits every system alike; over the rounds each system keeps its best time for each page,
and its figure is the sum of those. Our cross-page class-name cache is cleared before every round,
so no round profits from having seen the same pages before.
Times are CPU time of this process (``time.process_time``): on a shared machine, wall time also
counts other processes.
Also reported: the lxml-parse-only rate (the floor any lxml extractor pays) and peak Python
memory (tracemalloc) of one pass each.

    python bench/speed.py [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import lxml.html

from bench.evalsets import Page, aeb_pages
from bench.peers import trafilatura_body
from newsscraper import extract_article
from newsscraper.extraction.body_score import clear_caches


def _ours(page: Page) -> object:
    return extract_article(page.html, url=page.url)


def _trafilatura(page: Page) -> object:
    return trafilatura_body(page.html, page.url)


def _parse(page: Page) -> object:
    return lxml.html.document_fromstring(page.html)


def _pass(run: Callable[[Page], object], pages: list[Page]) -> float:
    start = time.process_time()
    for page in pages:
        run(page)
    return time.process_time() - start


def _round(
    systems: dict[str, Callable[[Page], object]], pages: list[Page], best: dict[str, list[float]]
) -> None:
    """Time every page by every system, page by page; lower ``best[name][i]`` where beaten."""
    names = list(systems)
    for i, page in enumerate(pages):
        turn = i % len(names)
        for name in names[turn:] + names[:turn]:
            start = time.process_time()
            systems[name](page)
            best[name][i] = min(best[name][i], time.process_time() - start)


def _peak(run: Callable[[Page], object], pages: list[Page]) -> int:
    tracemalloc.start()
    for page in pages:
        run(page)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    """Run the timing rounds and print pages/s and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = list(aeb_pages())
    systems: dict[str, Callable[[Page], object]] = {
        "newsscraper": _ours,
        "trafilatura": _trafilatura,
        "lxml-parse": _parse,
    }
    for run in systems.values():  # warm-up: imports, caches
        _pass(run, pages[:5])
    per_page = {name: [float("inf")] * len(pages) for name in systems}
    for _ in range(args.rounds):
        # our cross-page caches start cold each round: a round must not profit from the
        # previous one having seen the very same pages (a crawl sees each page once)
        clear_caches()
        _round(systems, pages, per_page)
    best = {name: sum(times) for name, times in per_page.items()}
    rate = {name: len(pages) / seconds for name, seconds in best.items()}
    peak = {name: _peak(run, pages) for name, run in systems.items() if name != "lxml-parse"}
    result: dict[str, Any] = {
        "pages": len(pages),
        "pages_per_s": rate,
        "ms_per_page": {name: 1000 * s / len(pages) for name, s in best.items()},
        "speed_ratio_vs_trafilatura": rate["newsscraper"] / rate["trafilatura"],
        "peak_bytes": peak,
        "peak_memory_ratio_vs_trafilatura": peak["newsscraper"] / peak["trafilatura"],
    }
    if args.json:
        print(json.dumps(result))
        return 0
    for name in systems:
        print(f"{name:12} {rate[name]:8.1f} pages/s  {result['ms_per_page'][name]:6.2f} ms/page")
    print(f"speed ratio newsscraper / trafilatura: {result['speed_ratio_vs_trafilatura']:.2f}x")
    print(
        f"peak memory (tracemalloc): ours {peak['newsscraper'] / 1e6:.1f} MB, trafilatura "
        f"{peak['trafilatura'] / 1e6:.1f} MB, ratio {result['peak_memory_ratio_vs_trafilatura']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
