"""``PageMetadata``: what the page says about the article, before the body is extracted."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsscraper.items import Article


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
