"""What a crawler needs from a page besides its article: the links, the feeds and cheap page-type
signals, read from the parsed tree before extraction prunes it (so a page is parsed once).

Pure: the URLs are made absolute against the page URL (or its ``<base href>``) and otherwise left
as the page wrote them; which of them to request is the crawl's decision
(``newsscraper.crawl.reader``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from newsscraper.extraction.metadata.urls import join

MAX_LINKS = 20_000
"""Links read from one page (in document order). A front page has a few hundred; the crawl caps the
requests it builds lower still (``NEWSSCRAPER_MAX_LINKS_PER_PAGE``); this bound keeps a page of
180,000 links from costing a list of them."""
MAX_JSONLD = 10
"""JSON-LD scripts read for ``ld_types``: one page declares one to four."""

_BASE = etree.XPath("//base/@href")
_FEEDS = etree.XPath(
    '//link[contains(concat(" ", normalize-space(@rel), " "), " alternate ")]'
    '[contains(@type, "rss") or contains(@type, "atom")]/@href'
)
_OG_TYPE = etree.XPath('//meta[@property="og:type"]/@content')
_CANONICAL = etree.XPath('//link[@rel="canonical"]/@href')
_JSONLD = etree.XPath('//script[@type="application/ld+json"]/text()')


@dataclass(slots=True)
class PageLinks:
    """The crawl's view of one page: absolute URLs in document order, without duplicates."""

    links: list[str] = field(default_factory=list)
    """``href`` of every ``<a>`` and ``<area>``, absolute (at most ``MAX_LINKS``)."""
    feeds: list[str] = field(default_factory=list)
    """RSS and Atom feeds the page announces (``<link rel=alternate type=…rss|atom…>``)."""
    og_type: str | None = None
    """``og:type``, lower-cased."""
    ld_types: list[str] = field(default_factory=list)
    """JSON-LD ``@type`` values (top level, lists and ``@graph``), sorted."""
    articles: int = 0
    """Number of ``<article>`` elements."""
    canonical: str | None = None
    """``<link rel=canonical>``, absolute."""

    def signals(self) -> dict[str, Any]:
        """Page-type evidence as the crawl's ``PageItem.signals`` holds it."""
        return {
            "og_type": self.og_type,
            "ld_types": self.ld_types,
            "articles": self.articles,
            "links": len(self.links),
            "canonical": self.canonical,
        }


def read_links(tree: HtmlElement, url: str | None) -> PageLinks:
    """The links, feeds and page-type signals of a parsed page (the tree is not changed).

    Hrefs are taken as Scrapy's ``LinkExtractor`` takes them: HTML5 whitespace stripped, made
    safe (``w3lib.url.safe_url_string``), joined to the ``<base href>`` or the page URL;
    ``javascript:``, ``mailto:`` and other non-http(s) links are dropped.
    """
    base = url or ""
    declared = _BASE(tree)
    if declared:
        base = _join(base, str(declared[0])) or base
    found = PageLinks()
    seen: set[str] = set()
    joined: dict[str, str | None] = {}  # a page repeats its hrefs (menus, teasers, footers)
    for element in tree.iter("a", "area"):
        href = element.get("href")
        if href is None:
            continue
        if href in joined:
            continue  # joined before: its link, if any, is already kept
        absolute = joined[href] = _join(base, href)
        if absolute and absolute not in seen:
            seen.add(absolute)
            found.links.append(absolute)
            if len(found.links) >= MAX_LINKS:
                break
    for href in _FEEDS(tree):
        absolute = _join(base, str(href))
        if absolute and absolute not in found.feeds:
            found.feeds.append(absolute)
    og_type = _OG_TYPE(tree)
    found.og_type = str(og_type[0]).strip().lower() or None if og_type else None
    canonical = _CANONICAL(tree)
    found.canonical = _join(url or "", str(canonical[0])) if canonical else None
    types: set[str] = set()
    for script in _JSONLD(tree)[:MAX_JSONLD]:
        try:
            types.update(_ld_types(json.loads(str(script))))
        except ValueError:
            continue
    found.ld_types = sorted(types)
    found.articles = sum(1 for _ in tree.iter("article"))
    return found


_URL_CHARS = r"[\w\-.~:/?#@!$&()*+,;=]*(?:%[0-9A-Fa-f]{2}[\w\-.~:/?#@!$&()*+,;=]*)*"
_SAFE_HREF = re.compile(
    rf"(?:https?://[a-z0-9.\-]+(?::\d+)?/|(?![a-zA-Z][a-zA-Z0-9+.\-]*:|//)){_URL_CHARS}", re.ASCII
)
"""An href that ``safe_url_string`` returns as it is, so it is not called (~15 µs): URL characters
only (no quote, which it escapes), percent escapes well formed, and either relative (not ``//``)
or an http(s) URL whose lower-case host is followed by a path (it lower-cases hosts and adds the
``/`` before a query). One ending in an empty fragment is excluded too (it drops the ``#``), and
one with a second ``#`` (it escapes it)."""


def _join(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; ``None`` unless the result is http(s)."""
    href = strip_html5_whitespace(href)
    if not _SAFE_HREF.fullmatch(href) or href.endswith("#") or href.count("#") > 1:
        try:
            href = safe_url_string(href)
        except ValueError:  # a malformed IPv6 host, an out-of-range port
            return None
    absolute = join(base, href)
    return absolute if absolute and absolute.startswith(("http://", "https://")) else None


def _ld_types(data: Any, depth: int = 0) -> Iterator[str]:
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _ld_types(item, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for k in kind if isinstance(kind, list) else [kind]:
            if isinstance(k, str):
                yield k
        if "@graph" in data:
            yield from _ld_types(data["@graph"], depth + 1)
