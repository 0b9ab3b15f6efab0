"""Decide each article's identity and keep one record per article.

Identity is the page's ``rel=canonical`` URL (canonicalised) when it is on the same site, is http(s)
and does not point at a listing (sites that give every page the home page as canonical exist);
else the page's own canonical URL. A second record with an identity already written is a
duplicate (``duplicate/url``); so is one whose body text, whitespace- and case-folded, was already
written under another identity (``duplicate/body``: syndicated copies, print views, AMP pages).
Switch: ``NEWSSCRAPER_DEDUPE_ENABLED``.
"""

from __future__ import annotations

import hashlib
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newsscraper.crawl.frontier import SharedSeen
from newsscraper.crawl.item import PageItem
from newsscraper.crawl.pagekind import listing_like
from newsscraper.crawl.urls import origin, url_identity


def identity(url: str, canonical: str | None) -> str:
    """Return the identity of the article at ``url`` whose page declares ``canonical``.

    >>> identity("https://www.x.org/a-b-c-d?x=1", "https://x.org/a-b-c-d")
    'https://x.org/a-b-c-d'
    >>> identity("https://x.org/a-b-c-d", "https://x.org/"), identity("https://x.org/a-b-c-d", "https://y.org/z")
    ('https://x.org/a-b-c-d', 'https://x.org/a-b-c-d')
    """
    own = url_identity(url)
    if not canonical:
        return own
    canon = url_identity(canonical)
    here, there = origin(own), origin(canon)
    if here is None or there is None:
        return own
    if here[0].removeprefix("www.") != there[0].removeprefix("www.") or listing_like(canon):
        return own
    return canon


def body_fingerprint(text: str) -> bytes:
    """Return a 16-byte digest of the body with case and whitespace folded."""
    folded = " ".join(text.casefold().split())
    return hashlib.blake2b(folded.encode(), digest_size=16).digest()


class DedupePipeline:
    """Set ``item.identity``; drop records already seen by identity or by body.

    On the shared Redis frontier the check is made against the whole crawl's
    :class:`~newsscraper.crawl.frontier.SharedSeen` set, so no two workers write one article.
    """

    def __init__(self, shared: SharedSeen | None = None) -> None:
        self.identities: set[str] = set()
        self.bodies: set[bytes] = set()
        self.shared = shared

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_DEDUPE_ENABLED"):
            raise NotConfigured
        return cls(SharedSeen.from_crawler(crawler))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.article is None:
            return item
        canonical = item.article.canonicalUrl or item.signals.get("canonical")
        item.identity = identity(item.url, canonical)
        if item.identity in self.identities:
            raise DropItem("duplicate/url")
        fingerprint = body_fingerprint(item.article.articleBody)
        if fingerprint in self.bodies:
            raise DropItem("duplicate/body")
        if self.shared is not None and (reason := self.shared.check_and_add(item.identity, fingerprint)):
            raise DropItem(reason)
        self.identities.add(item.identity)
        self.bodies.add(fingerprint)
        return item
