"""Dump what extraction gives for every aeb and WCXB page, one JSON line per page, to check that a
change meant for speed changes no output (``cmp`` two dumps: they must be byte-identical).

Per page: ``extract_article(...).to_dict()``, the same with ``explain=True``, ``read_page``'s links
(and whether its article equals the first record) and, for aeb pages, the record of the page's
text content read as a plain-text scrape (``Content-Type: text/plain``).

    PYTHONHASHSEED=0 PYTHONPATH=. python -m bench.dump_records OUT.jsonl [aeb|wcxb]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

import lxml.html

from bench.evalsets import aeb_pages, wcxb_pages
from newsscraper import extract_article
from newsscraper.extraction.api import read_page


def main(argv: list[str] | None = None) -> int:
    """Write the dump to ``OUT``; a second argument picks one set (``aeb`` or ``wcxb``)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.dump_records", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("out", metavar="OUT", help="JSON Lines file to write (overwritten)")
    parser.add_argument("which", nargs="?", choices=("all", "aeb", "wcxb"), default="all")
    args = parser.parse_args(argv)
    which = args.which
    sets = {"aeb": aeb_pages, "wcxb": wcxb_pages}
    with open(args.out, "w", encoding="utf-8") as out:
        for name, pages in sets.items():
            if which not in ("all", name):
                continue
            for page in pages():
                record = extract_article(page.html, url=page.url).to_dict()
                reading = read_page(page.html, url=page.url)
                row = {
                    "set": name,
                    "id": page.id,
                    "rec": record,
                    "explain": extract_article(page.html, url=page.url, explain=True).to_dict(),
                    "links": dataclasses.asdict(reading.links),
                    "rp_article_same": reading.article.to_dict() == record,
                }
                if name == "aeb":
                    text = lxml.html.document_fromstring(page.html).text_content()
                    plain = extract_article(text, url=page.url, headers={"Content-Type": "text/plain"})
                    row["plain"] = plain.to_dict()
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
