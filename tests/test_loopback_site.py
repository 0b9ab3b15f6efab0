"""The ~100-page loopback site of ``docs/cli.md`` (``bench/loopback_site.py``): the page and article
counts the doc states, and copies distinct enough that the crawl's body de-duplication keeps each."""

from __future__ import annotations

from bench.loopback_site import stories
from newsscraper.demo import build_site, load_stories
from newsscraper.demo.site import article_body, article_path


def test_site_of_the_documented_session() -> None:
    copies = stories(12)
    assert len(copies) == 12 * len(load_stories()) == 72
    assert len(build_site(copies)) == 116  # docs/cli.md: "72 articles, 116 pages"
    assert len({article_path(s) for s in copies}) == 72
    assert len({article_body(s) for s in copies}) == 72  # duplicate/body would drop equal bodies
    assert len({s["title"] for s in copies}) == 72
