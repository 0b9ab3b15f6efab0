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
import re
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


_CHUNK = 1 << 16
"""Characters folded at a time by :func:`body_fingerprint`."""
_SPACE = re.compile(r"\s")


def body_fingerprint(text: str) -> bytes:
    r"""Return a 16-byte digest of the body with case and whitespace folded.

    The digest of ``" ".join(text.casefold().split())`` (state stores keep it between runs), hashed
    in chunks cut at whitespace: folding a 10 MB body at once built a list of two million words
    (~150 MB) for a moment (``bench/crawl_memory.py``). ``casefold`` maps each character on its own
    and ``re``'s ``\s`` is ``str.split``'s whitespace, so the chunks give the same words.

    >>> body_fingerprint("A  b\nC") == body_fingerprint("a b c") != body_fingerprint("a bc")
    True
    """
    digest = hashlib.blake2b(digest_size=16)
    start, first = 0, True
    while start < len(text):
        cut = _SPACE.search(text, start + _CHUNK) if len(text) - start > _CHUNK else None
        end = cut.start() if cut else len(text)
        words = " ".join(text[start:end].casefold().split())
        if words:
            digest.update(words.encode() if first else b" " + words.encode())
            first = False
        start = end + 1 if cut else end
    return digest.digest()


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
        if item.identity is None:  # else computed in the worker threads (validate pipeline)
            item.identity = identity(item.url, item.article.canonicalUrl or item.signals.get("canonical"))
        if item.identity in self.identities:
            raise DropItem("duplicate/url")
        # computed in the worker threads with the record (validate pipeline) when it ran before
        fingerprint = item.fingerprint or body_fingerprint(item.article.articleBody)
        if fingerprint in self.bodies:
            raise DropItem("duplicate/body")
        if self.shared is not None and (reason := self.shared.check_and_add(item.identity, fingerprint)):
            raise DropItem(reason)
        self.identities.add(item.identity)
        self.bodies.add(fingerprint)
        return item
