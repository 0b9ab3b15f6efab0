"""Discovery documents: robots.txt ``Sitemap:`` lines, XML sitemaps (index, url set, Google News)
and RSS 2.0 / Atom feeds, parsed into lists of :class:`Entry`.

Pure functions of bytes; XML is parsed with entities and network access off (no XXE, no billion
laughs). Gzip is undone upstream (``SniffedGzipMiddleware``), with a size limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.entities import html5
from typing import Any

from lxml import etree

USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
"""Paths tried when robots.txt names no sitemap (WordPress, Yoast and most CMSs use these)."""
USUAL_FEEDS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
"""Paths tried when the start page announces no feed."""
MAX_ENTRIES = 50_000
"""Entries read per document: the sitemap protocol's own cap per file."""

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One URL found in a discovery document."""

    url: str
    is_sitemap: bool = False
    """The URL is another sitemap (from a sitemap index)."""
    hints: dict[str, Any] = field(default_factory=dict)
    """``title``, ``publication_date``, ``keywords`` (list), ``lastmod`` when the document gives them."""


def robots_sitemaps(text: str) -> list[str]:
    """Return the ``Sitemap:`` URLs of a robots.txt.

    >>> robots_sitemaps("User-agent: *\\nsitemap: https://x.org/s.xml # main\\nDisallow: /")
    ['https://x.org/s.xml']
    """
    urls = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = value.split("#", 1)[0].strip()
            if url:
                urls.append(url)
    return urls


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = el.text or ""
    for child in el:
        # an undeclared entity (RSS 0.91's HTML ones: "Caf&eacute;") is a node of its own, and
        # the text after it its tail: "Caf" alone was read
        if isinstance(child, etree._Entity):
            text += html5.get(f"{child.name};", "") + (child.tail or "")
    return text.strip() or None


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


_DOCTYPE = re.compile(
    rb"""<!DOCTYPE[^\[>]*(?:\[(?:<!--(?:[^-]|-(?!->))*+-->|<(?!!--)|[^\]"'<]|"[^"]*"|'[^']*')*+\])?\s*>"""
)
"""A document type declaration with its internal subset (quoted ``]`` and ``>``, and comments,
whose apostrophes open no quote, skipped inside it); possessive, so matching is linear."""
_START_TAG = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 65_536
"""How far a ``<!DOCTYPE`` is looked for: the prolog before the root element."""


def without_doctype(body: bytes) -> bytes:
    """``body`` without its document type declaration, which no sitemap or feed needs.

    Entities are never expanded (``resolve_entities=False``), but libxml2 still measures a
    reference's expansion and, at one to a billion-laughs entity, stops the parse there with
    ``ERR_RESOURCE_LIMIT``: every entry after it was lost, though recovery reads past an undeclared
    reference. Without the declaration every reference is undeclared.

    >>> without_doctype(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "]>">]><r>&a;</r>')
    b'<?xml version="1.0"?><r>&a;</r>'
    """
    start = body.find(b"<!DOCTYPE", 0, PROLOG_BYTES)
    if start < 0 or _START_TAG.search(body, 0, start):  # past the prolog: text, not a declaration
        return body
    m = _DOCTYPE.match(body, start)
    return body[:start] + body[m.end() :] if m else body


def _root(body: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(without_doctype(body.lstrip()), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def parse_sitemap(body: bytes) -> list[Entry]:
    """Return the entries of a sitemap index, URL set (with Google News hints) or text sitemap.

    >>> doc = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:n="http://www.google.com'
    ...        b'/schemas/sitemap-news/0.9"><url><loc> https://x.org/a </loc><n:news><n:title>A</n:title>'
    ...        b'<n:keywords>x, y</n:keywords></n:news></url></urlset>')
    >>> parse_sitemap(doc)
    [Entry(url='https://x.org/a', is_sitemap=False, hints={'title': 'A', 'keywords': ['x', 'y']})]
    """
    root = _root(body)
    if root is None:
        text = body.decode("utf-8", "replace")
        lines = [ln.strip() for ln in text.splitlines()[:MAX_ENTRIES]]
        return [Entry(ln) for ln in lines if ln.startswith(("http://", "https://")) and " " not in ln]
    kind = _local(root.tag)
    entries: list[Entry] = []
    for el in root:
        if len(entries) >= MAX_ENTRIES:
            break
        name = _local(el.tag)
        loc = _text(_child(el, "loc"))
        if not loc:
            continue
        if kind == "sitemapindex" and name == "sitemap":
            entries.append(Entry(loc, is_sitemap=True))
        elif kind == "urlset" and name == "url":
            entries.append(Entry(loc, hints=_url_hints(el)))
    return entries


def _url_hints(url_el: etree._Element) -> dict[str, Any]:
    hints: dict[str, Any] = {}
    lastmod = _text(_child(url_el, "lastmod"))
    if lastmod:
        hints["lastmod"] = lastmod
    news = _child(url_el, "news")
    if news is not None:
        for key in ("title", "publication_date"):
            value = _text(_child(news, key))
            if value:
                hints[key] = value
        keywords = _text(_child(news, "keywords"))
        if keywords:
            hints["keywords"] = [k.strip() for k in keywords.split(",") if k.strip()]
    return hints


def parse_feed(body: bytes) -> list[Entry]:
    """Return the item links of an RSS 2.0 (or RSS 1.0 / RDF) or Atom feed, with title and date hints.

    >>> parse_feed(b'<rss><channel><item><title>T</title><link>https://x.org/t</link></item></channel></rss>')
    [Entry(url='https://x.org/t', is_sitemap=False, hints={'title': 'T'})]
    >>> parse_feed(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://x.org/e"/>'
    ...            b'<published>2026-01-02T00:00:00Z</published></entry></feed>')
    [Entry(url='https://x.org/e', is_sitemap=False, hints={'publication_date': '2026-01-02T00:00:00Z'})]
    """
    root = _root(body)
    if root is None:
        return []
    entries: list[Entry] = []
    for el in root.iter():
        if len(entries) >= MAX_ENTRIES:
            break
        name = _local(el.tag)
        if name == "item":  # RSS
            link = _text(_child(el, "link")) or _text(_child(el, "guid"))
            date = _text(_child(el, "pubdate")) or _text(_child(el, "date"))
        elif name == "entry":  # Atom
            link = next(
                (
                    c.get("href")
                    for c in el
                    if _local(c.tag) == "link" and c.get("rel", "alternate") == "alternate"
                ),
                None,
            )
            date = _text(_child(el, "published")) or _text(_child(el, "updated"))
        else:
            continue
        if not link:
            continue
        hints: dict[str, Any] = {}
        title = _text(_child(el, "title"))
        if title:
            hints["title"] = title
        if date:
            hints["publication_date"] = date
        entries.append(Entry(link.strip(), hints=hints))
    return entries


def is_feed(body: bytes) -> bool:
    """Return whether ``body`` is an RSS or Atom document."""
    root = _root(body)
    return root is not None and _local(root.tag) in {"rss", "feed", "rdf"}
