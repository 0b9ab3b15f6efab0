"""One URL identity (issue 14): the dupefilter, the dedupe pipeline and the state store agree on
which spellings are one page."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.request import fingerprint

from newsscraper.crawl.urls import canonicalize_url, url_identity
from newsscraper.pipelines.dedupe import identity
from newsscraper.state.store import article_key

SPELLINGS = {
    "tracking and session parameters": (
        "https://news.test/world/story.html",
        "https://news.test/world/story.html?utm_source=rss&utm_medium=feed",
        "https://news.test/world/story.html;jsessionid=A1B2?fbclid=x",
    ),
    "dot segments, escapes, default port, case, fragment": (
        "https://news.test/~desk/story.html",
        "https://NEWS.test:443/world/../%7Edesk/./story.html#comments",
        "https://news.test/%7edesk/story.html",
    ),
    "query order": (
        "https://news.test/story?id=7&page=2",
        "https://news.test/story?page=2&id=7&utm_campaign=x",
    ),
}


@pytest.mark.parametrize("kind", sorted(SPELLINGS))
def test_every_layer_sees_one_page(kind: str) -> None:
    spellings = SPELLINGS[kind]
    identities = {url_identity(url) for url in spellings}
    assert len(identities) == 1
    # The dedupe pipeline and the state store key articles by it...
    assert {identity(url, None) for url in spellings} == identities
    assert {article_key({"url": url}) for url in spellings} == identities
    # ...and Scrapy's dupefilter fingerprints the request URL our canonical-URL middleware wrote.
    assert len({fingerprint(Request(canonicalize_url(url))) for url in spellings}) == 1


def test_distinct_pages_stay_distinct() -> None:
    pages = ["https://news.test/a", "https://news.test/A", "https://news.test/a?page=2", "http://news.test/a"]
    assert len({url_identity(url) for url in pages}) == len(pages)
