"""A bigger demo news site on loopback, for trying ``newsscraper crawl`` on ~100 pages by hand.

``python -m bench.loopback_site [--copies N] [--port P]`` serves the bundled demo site
(``newsscraper/demo``) with each of its 6 stories repeated ``N`` times (default 12: 72 articles;
with the section pages, tags, authors, archive and feeds about 110 pages) on 127.0.0.1, prints its
origin, and serves until Ctrl-C or end of stdin. Each copy is a distinct article (its own slug,
date and title suffix), so the crawl extracts every one. Used for the terminal session in
``docs/cli.md``; loopback only, so a crawl of it needs ``--allow-network 127.0.0.1/32``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import datetime, timedelta

from newsscraper.demo import SiteServer, build_site, load_stories
from newsscraper.demo.site import Story


def stories(copies: int) -> list[Story]:
    """The demo stories, each repeated ``copies`` times: copy ``k`` (1-based) has slug
    ``SLUG-k``, the title suffix `` (k)``, a date ``k - 1`` days earlier and a last paragraph
    naming the copy (the crawl drops a body already written as a duplicate)."""
    out: list[Story] = []
    for story in load_stories():
        published = datetime.fromisoformat(str(story["published"]))
        for k in range(1, copies + 1):
            copy = dict(story)
            copy["slug"] = f"{story['slug']}-{k}"
            copy["title"] = f"{story['title']} ({k})"
            copy["published"] = (published - timedelta(days=k - 1)).isoformat()
            copy["paragraphs"] = [*story["paragraphs"], f"This is copy {k} of the story on the test site."]
            out.append(copy)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loopback_site", description=__doc__)
    parser.add_argument("--copies", type=int, default=12, help="copies of each demo story (12)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    args = parser.parse_args(argv)
    pages = build_site(stories(max(1, args.copies)))
    with SiteServer(pages, port=args.port) as server:
        print(f"{server.origin}/  ({len(pages)} pages; Ctrl-C or end of stdin stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()  # blocks until EOF (Ctrl-D, or the parent closing the pipe)


if __name__ == "__main__":
    main()
