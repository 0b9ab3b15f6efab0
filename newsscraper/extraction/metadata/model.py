"""``PageMetadata``: what the page says about the article, before the body is extracted."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsscraper.items import Author, Breadcrumb, Image


@dataclass(kw_only=True, slots=True)
class PageMetadata:
    """What the page says about the article, before the body is extracted."""

    canonicalUrl: str | None = None
    headline: str | None = None
    description: str | None = None
    authors: list[Author] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    datePublished: str | None = None
    datePublishedRaw: str | None = None
    dateModified: str | None = None
    dateModifiedRaw: str | None = None
    inLanguage: str | None = None
    siteName: str | None = None
    mainImage: Image | None = None
    keywords: list[str] = field(default_factory=list)
    section: str | None = None
    breadcrumbs: list[Breadcrumb] = field(default_factory=list)
    page_type: str | None = None
    """``@type`` / ``og:type`` of the page when declared (``NewsArticle``, ``article``, ``website``)."""
