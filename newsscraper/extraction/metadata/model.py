"""``PageMetadata``: what the page says about the article, before the body is extracted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsscraper.items import Article


@dataclass(slots=True)
class Declarations:
    """What the page declares in its markup that the body stage reads as well, gathered and parsed
    once by the metadata stage (before cleaning drops the scripts), so that the body stage walks
    the tree and parses the JSON-LD no second time."""

    scripts: list[tuple[str | None, str]] = field(default_factory=list)
    """``(type attribute, text)`` of every non-empty ``<script>`` whose type names ``ld+json``, in
    page order."""
    parsed: dict[str, Any] = field(default_factory=dict)
    """Script text -> its value as ``json.loads`` reads it, for the scripts that are strict JSON;
    a script missing here is parsed by whoever needs it."""
    og_types: list[str] = field(default_factory=list)
    """The ``content`` of every ``<meta property="og:type">``, in page order."""
    itemtypes: list[str] = field(default_factory=list)
    """Every microdata ``itemtype`` value, in page order."""


@dataclass(kw_only=True, slots=True)
class PageMetadata(Article):
    """The record's fields as the page's markup declares them (the metadata stage fills the
    metadata fields and leaves the body ones empty), plus what only extraction needs."""

    page_type: str | None = None
    """``@type`` / ``og:type`` of the page when declared (``NewsArticle``, ``article``, ``website``)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Which source gave a field, by field name (``{"headline": "h1", "authors": "jsonld"}``), for
    explaining a record; not part of the record."""
    date_sources: dict[str, str] = field(default_factory=dict)
    """Which source gave each date field (``{"datePublished": "dateline"}``; sources are named in
    ``newsscraper.extraction.metadata.dates``), for ``explain``."""
    declarations: Declarations | None = None
    """The page's JSON-LD scripts (parsed) and ``og:type`` values for the body stage; ``None`` when
    unknown (the body stage then reads the tree itself)."""
