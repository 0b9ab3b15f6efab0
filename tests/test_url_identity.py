"""One URL identity (issue 14): the dupefilter, the dedupe pipeline and the state store agree on
which spellings are one page."""

from __future__ import annotations

import random
import re

import pytest
from scrapy import Request
from scrapy.utils.request import fingerprint

from newsscraper.crawl import urls
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


def _spellings(count: int) -> list[str]:
    """Links near the plain shape of ``crawl.urls._PLAIN``: ports (default, out of range, with a
    leading zero), case, user, trailing dots, queries, ``;`` parameters, spaces, controls, escapes,
    non-ASCII and fragments, put together at random (seeded)."""
    rng = random.Random(13)
    schemes = ["http://", "https://", "HTTP://", " https://", "ftp://", "http://\t"]
    hosts = ["news.test", "NEWS.test", "127.0.0.1", "a-b.c0", "x..y", "x.", "[::1]", "u@x.test", "", "é.test"]
    ports = ["", ":80", ":443", ":8080", ":08080", ":0", ":65535", ":65536", ":99999", ":"]
    paths = ["", "/", "//a", "/a/b.html", "/a b", "/a\tb", "/%7Ea", "/é", "/a;sid=1", "/a?",
             "/a?b=1&utm_source=x", "/a#c", "#", "/a#\n?x", "/a\x00", "/a\\b", "/a\n"]  # fmt: skip
    ends = ["", " ", "#f"]
    return [
        "".join(rng.choice(parts) for parts in (schemes, hosts, ports, paths, ends)) for _ in range(count)
    ]


def test_plain_links_canonicalised_as_any_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut for links already in canonical form (``_PLAIN``) gives what parsing gives."""
    links = _spellings(20_000)
    shortcut = [urls._canonical.__wrapped__(link) for link in links]  # type: ignore[attr-defined]
    assert sum(bool(urls._PLAIN.fullmatch(link.strip())) for link in links) > 1_000
    monkeypatch.setattr(urls, "_PLAIN", re.compile(r"(?!)"))  # matches nothing: every link parsed
    assert shortcut == [urls._canonical.__wrapped__(link) for link in links]  # type: ignore[attr-defined]
