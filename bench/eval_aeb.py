"""Article-body F1 on the aeb set (``../shared/eval/aeb``), ours and, with ``--peers``, the peers'.

Scored text: ``extract_article(html, url=url).articleBody`` against the truth ``articleBody``, with
the set's own shingle scorer (``bench.evalsets.aeb_score``); peers give their plain-text body.
Every figure is given on all pages and on each site-disjoint half (``tuning``, ``checking``).

    python bench/eval_aeb.py [--peers] [--json] [--worst N]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench.evalsets import aeb_page_scores, aeb_pages, aeb_score, f1, print_scores, score_halves
from bench.peers import PEERS
from newsscraper import extract_article


def _ours(html: bytes, url: str | None) -> str:
    return extract_article(html, url=url).articleBody


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="also score trafilatura, readability")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages")
    args = parser.parse_args(argv)
    pages = list(aeb_pages())
    systems: dict[str, Callable[[bytes, str | None], str]] = {"newsscraper": _ours}
    if args.peers:
        systems.update(PEERS)
    results = {}
    per_page: list[tuple[float, float, float, str, str]] = []
    for name, run in systems.items():
        pairs = []
        for page in pages:
            pred = run(page.html, page.url)
            truth = str(page.truth["articleBody"])
            pairs.append((pred, truth))
            if name == "newsscraper" and args.worst:
                p, r = aeb_page_scores(pred, truth)
                per_page.append((f1(p, r), p, r, page.id[:12], f"{page.half[0]} {page.url or ''}"))
        results[name] = score_halves(pages, pairs, aeb_score)
    print_scores(results, args.json)
    if not args.json:
        for row in sorted(per_page)[: args.worst]:
            print(f"  F1={row[0]:.3f} P={row[1]:.3f} R={row[2]:.3f} {row[3]} {row[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
