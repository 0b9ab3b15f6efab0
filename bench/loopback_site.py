"""A bigger demo news site on loopback, for trying ``newsscraper crawl`` on ~100 pages by hand.

``python -m bench.loopback_site [--copies N] [--port P] [--seconds S]`` serves the bundled demo
site (``newsscraper/demo``) with each of its 6 stories repeated ``N`` times (default 12: 72
articles; with the section pages, tags, authors, archive and feeds 116 pages) on 127.0.0.1, prints
its origin, and serves until Ctrl-C, Enter (any input on stdin) or end of stdin; with
``--seconds S``, for S seconds (stdin is not read: run in the background, where a shell gives it
``/dev/null``). Each copy is a distinct article (its own slug, date and title suffix), so the crawl
extracts every one. Used for the terminal session in ``docs/cli.md``; loopback only, so a crawl of
it needs ``--allow-network 127.0.0.1/32``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from datetime import datetime, timedelta
from typing import TextIO

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


def wait_for_stop(stdin: TextIO | None, seconds: float | None) -> str:
    """Block until the server should stop; return why. With ``seconds``, after that long; else at
    the first input on ``stdin`` (Enter, on a terminal) or its end. ``sys.stdin.read()`` waited for
    the end only, holding all it read: an endless stdin (``yes |``, ``< /dev/zero``) never ended
    it and filled memory."""
    if seconds is not None:
        time.sleep(seconds)
        return f"served {seconds:g} s (--seconds)"
    if stdin is None:  # started with stdin closed (`<&-`)
        return "no stdin"
    return "input on stdin" if os.read(stdin.fileno(), 1) else "end of stdin"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.loopback_site", description=__doc__)
    parser.add_argument("--copies", type=int, default=12, help="copies of each demo story (12)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--seconds", type=float, help="serve this long, without reading stdin")
    args = parser.parse_args(argv)
    pages = build_site(stories(max(1, args.copies)))
    with SiteServer(pages, port=args.port) as server:
        until = "Ctrl-C, Enter or end of stdin"
        if args.seconds is not None:
            until = f"{args.seconds:g} s or Ctrl-C"
        print(f"{server.origin}/  ({len(pages)} pages; {until} stops it)", flush=True)
        why = "Ctrl-C"
        with contextlib.suppress(KeyboardInterrupt):
            why = wait_for_stop(sys.stdin, args.seconds)
        print(f"stopped: {why}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
