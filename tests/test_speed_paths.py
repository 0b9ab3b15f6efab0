"""Fast paths taken for speed give exactly what the slow, general code they skip would give."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from newsscraper.extraction.metadata.urls import join

BASES = ("https://example.org/news/2024/story.html", "http://example.org/", "https://x.org/a/b?q=1#f")
HREFS = (
    # plain absolute URLs: the fast path
    "https://cdn.example.org/img/a.jpg",
    "http://cdn.example.org/img/a.jpg?w=800&h=600",
    "https://cdn.example.org:8443/a/b/../c.png",
    "https://example.org",
    "https://example.org/",
    "https://example.org//double/slash.jpg",
    "https://example.org/a.jpg?x=1;y=2",
    # what urljoin changes or rejects: the slow path
    "https://example.org/a.jpg?",
    "https://example.org/a.jpg#",
    "https://example.org/a.jpg#frag",
    "https://example.org/a;",
    "https://example.org/a;p?q",
    "https:///no-host.jpg",
    "HTTPS://example.org/upper.jpg",
    "https://user@example.org/a.jpg",
    "https://[::1]/a.jpg",
    "https://[broken/a.jpg",
    "https://example.org/a b.jpg",
    "https://example.org/a\tb.jpg",
    "https://bücher.example/a.jpg",
    "https://example.org/ä.jpg?ö=1",
    # relative and other schemes
    "/img/a.jpg",
    "../img/a.jpg",
    "//cdn.example.org/a.jpg",
    "?page=2",
    "a.jpg",
    "ftp://example.org/a.jpg",
)


def _urljoin(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS)
def test_join_is_urljoin(base: str, href: str) -> None:
    assert join(base, href) == _urljoin(base, href)


def test_join_keeps_absolute_url_under_malformed_base() -> None:
    # urljoin fails on the base; an absolute URL does not need it.
    assert join("http://[broken/", "https://cdn.example.org/a.jpg") == "https://cdn.example.org/a.jpg"
    assert join("http://[broken/", "/a.jpg") is None
