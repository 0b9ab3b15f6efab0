"""Snippet F1 on the snippets set (``../shared/eval/snippets``), ours and, with ``--peers``, the peers'.

Scored text, the same rule for every system. Default: the body alone (``articleBody`` for us, the
plain-text output of each peer). ``--with-description``: description + body, because the ``with``
snippets include standfirsts, which our record keeps in ``description`` (schema: "standfirst /
lead / summary") and not in ``articleBody``; trafilatura is then scored on its own description +
text (``bare_extraction(..., with_metadata=True)``), readability-lxml on its body (it extracts no
description). Titles are not clearly in the snippets: adding the headline lowers our F1 (more
``without`` hits than ``with`` hits), so it is not part of either rule. Every figure is given on
all pages and on each site-disjoint half.

    python -m bench.eval_snippets [--peers] [--json] [--worst N] [--with-description]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench.evalsets import print_scores, score_halves, snippet_counts, snippet_pages, snippet_score
from bench.peers import PEERS, PEERS_WITH_DESCRIPTION
from newsscraper import extract_article


def _ours(with_description: bool) -> Callable[[bytes, str | None], str]:
    def run(html: bytes, url: str | None) -> str:
        article = extract_article(html, url=url)
        if with_description:
            return f"{article.description or ''}\n\n{article.articleBody}"
        return article.articleBody

    return run


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="also score trafilatura, readability")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages")
    parser.add_argument(
        "--with-description", action="store_true", help="score description + body (all systems)"
    )
    args = parser.parse_args(argv)
    pages = list(snippet_pages())
    systems = {"newsscraper": _ours(args.with_description)}
    if args.peers:
        systems.update(PEERS_WITH_DESCRIPTION if args.with_description else PEERS)
    results = {}
    bad: list[tuple[int, int, int, str]] = []
    for name, run in systems.items():
        counts = []
        for page in pages:
            c = snippet_counts(run(page.html, page.url), page.truth)
            counts.append(c)
            if name == "newsscraper" and (c[1] or c[2]):
                bad.append((-(c[1] + c[2]), c[1], c[2], f"{page.half[0]} {page.id}"))
        results[name] = score_halves(pages, counts, snippet_score)
    print_scores(results, args.json)
    if not args.json:
        for row in sorted(bad)[: args.worst]:
            print(f"  fn={row[1]} fp={row[2]} {row[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
