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

_LD_JSON = "application/ld+json"
_XML_SPACE = str.maketrans("\t\r\n", "   ")
"""XPath's whitespace besides the space (``normalize-space``), which the tests of ``rel`` split on."""


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
    # one walk over the tree for every kind of element read here: it replaced five XPath queries
    # and two walks, each over the whole tree (the query each part replaced is noted beside it)
    hrefs: list[str] = []
    declared: str | None = None  # //base/@href, the first
    feeds: list[str] = []  # //link[rel has the word "alternate"][type has rss or atom]/@href
    og_type: str | None = None  # //meta[@property="og:type"]/@content, the first
    canonical: str | None = None  # //link[@rel="canonical"]/@href, the first
    scripts: list[str] = []  # //script[@type="application/ld+json"]/text(), the first ten
    articles = 0
    for element in tree.iter("a", "area", "base", "link", "meta", "script", "article"):
        tag = element.tag
        if tag == "a" or tag == "area":
            href = element.get("href")
            if href is not None:
                hrefs.append(href)
        elif tag == "link":
            href = element.get("href")
            if href is None:
                continue
            rel = element.get("rel")
            if canonical is None and rel == "canonical":
                canonical = href
            kind = element.get("type")
            if (
                rel
                and kind
                and ("rss" in kind or "atom" in kind)
                and "alternate" in rel.translate(_XML_SPACE).split(" ")
            ):
                feeds.append(href)
        elif tag == "meta":
            if og_type is None and element.get("property") == "og:type":
                og_type = element.get("content")
        elif tag == "script":
            if element.get("type") == _LD_JSON and element.text and len(scripts) < MAX_JSONLD:
                scripts.append(element.text)
        elif tag == "article":
            articles += 1
        elif declared is None:
            declared = element.get("href")
    base = url or ""
    if declared is not None:
        base = _join(base, declared) or base
    found = PageLinks()
    seen: set[str] = set()
    joined: dict[str, str | None] = {}  # a page repeats its hrefs (menus, teasers, footers)
    for href in hrefs:
        if href in joined:
            continue  # joined before: its link, if any, is already kept
        absolute = joined[href] = _join(base, href)
        if absolute and absolute not in seen:
            seen.add(absolute)
            found.links.append(absolute)
            if len(found.links) >= MAX_LINKS:
                break
    for href in feeds:
        absolute = _join(base, href)
        if absolute and absolute not in found.feeds:
            found.feeds.append(absolute)
    found.og_type = og_type.strip().lower() or None if og_type is not None else None
    found.canonical = _join(url or "", canonical) if canonical is not None else None
    types: set[str] = set()
    for script in scripts:
        try:
            types.update(_ld_types(json.loads(script)))
        except ValueError:
            continue
    found.ld_types = sorted(types)
    found.articles = articles
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
