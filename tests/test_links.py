"""``extraction.links``: the page's links read as Scrapy's ``LinkExtractor`` reads them."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
import pytest
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from newsscraper.extraction.links import _join, read_links

BASES = ("https://example.org/news/a.html", "http://example.org:8080/", "https://example.org")
HREFS = (
    "/world/story-1",
    "story-2?page=2&x=1",
    "../up/",
    "https://Example.ORG/Path",  # safe_url_string lower-cases the host
    "https://example.org?q=1",  # ... and adds the path before a query
    "https://cdn.example.org/a b.jpg",
    "https://example.org/?text='quoted'",  # ... and escapes quotes
    "https://matrix.to/#/#room:matrix.org",  # ... and a second '#'
    "/page#",  # ... and drops an empty fragment
    "/caf%C3%A9/%zz",
    "/café/",
    "//other.example.org/x",
    " \n/padded ",
    "mailto:desk@example.org",
    "javascript:void(0)",
    "http://[::1/",
)


def _reference(base: str, href: str) -> str | None:
    try:
        absolute = urljoin(base, safe_url_string(strip_html5_whitespace(href)))
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS)
def test_join_is_linkextractors_join(base: str, href: str) -> None:
    # The fast path for hrefs safe_url_string would return unchanged gives the same URLs.
    assert _join(base, href) == _reference(base, href)


def test_repeated_hrefs_are_read_once_in_page_order() -> None:
    tree = lxml.html.fromstring(
        '<html><body><a href="/a">A</a><a href="/b">B</a><a href="/a">A again</a>'
        '<a href="https://example.org/b">B, absolute</a><a href="#">top</a></body></html>'
    )
    links = read_links(tree, "https://example.org/x").links
    assert links == ["https://example.org/a", "https://example.org/b", "https://example.org/x"]
