"""A crawl of a site without sitemaps: the articles a scheduled run finds unchanged, or that the
selection leaves out (--since, --lang, --url-filter), still show that the site's links lead to
articles, so they earn the listing budget as written ones do (``spidermiddlewares/linkbudget.py``).
Without that, such a run spent the budget on them, refused the listing behind them, and lost the
article only that listing linked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsscraper.demo.site import ORIGIN, Page, article_path
from newsscraper.state.demo import VersionedSiteServer, build_versioned_site, make_stories

KNOWN = make_stories(60, seed=5)
LATE = make_stories(1, seed=9, start="2026-10-01T06:00:00+00:00")[0]  # filed late, listed last
NEWER = make_stories(1, seed=13, start="2026-12-01T06:00:00+00:00")[0]


def _site(stories: list[dict[str, object]], older: list[dict[str, object]]) -> dict[str, Page]:
    """Home page linking every story in ``stories``, then one listing, ``/older/``, linking
    ``older``; no sitemap, no feed (many sites publish neither)."""
    pages = build_versioned_site(stories + older, lastmod=False)
    for path in [p for p in pages if "sitemap" in p or "feed" in p or p.endswith((".xml", ".rss"))]:
        del pages[path]
    pages["/robots.txt"] = Page(body=b"User-agent: *\nDisallow:\n", headers={"Content-Type": "text/plain"})
    teasers = "".join(f'<li><a href="{ORIGIN}{article_path(s)}">{s["title"]}</a></li>' for s in stories)
    pages["/"] = Page(
        body=(
            f"<html><head><title>Gazette</title></head><body><h1>Latest news</h1><ul>{teasers}</ul>"
            f'<p><a href="{ORIGIN}/older/">Older stories</a></p></body></html>'
        ).encode()
    )
    listed = "".join(f'<li><a href="{ORIGIN}{article_path(s)}">{s["title"]}</a></li>' for s in older)
    pages["/older/"] = Page(
        body=f"<html><body><h1>Older stories</h1><ul>{listed}</ul></body></html>".encode()
    )
    return pages


def _crawl(server: VersionedSiteServer, out: Path, *options: str) -> list[dict[str, object]]:
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "crawl", server.url("/"), "-o", str(out), *options,
         "--allow-network", "127.0.0.1/32", "--log-level", "ERROR",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        stderr=subprocess.PIPE, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_unchanged_articles_earn_the_listing_budget(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with VersionedSiteServer(_site(KNOWN, [])) as server:
        first = _crawl(server, tmp_path / "run1.jsonl", "--state", str(state))
        assert {server.url(article_path(s)) for s in KNOWN} <= {r["url"] for r in first}
        server.replace(_site(KNOWN, [LATE]))
        second = _crawl(server, tmp_path / "run2.jsonl", "--state", str(state))
        assert [r["url"] for r in second] == [server.url(article_path(LATE))]


def test_articles_the_selection_leaves_out_earn_the_listing_budget(tmp_path: Path) -> None:
    """``--since`` leaves out the 60 older stories the home page links; they are the site's
    articles all the same, so the listing behind them is read and the newer story found."""
    with VersionedSiteServer(_site(KNOWN, [NEWER])) as server:
        kept = _crawl(server, tmp_path / "since.jsonl", "--since", "2026-11-30")
        assert [r["url"] for r in kept] == [server.url(article_path(NEWER))]
