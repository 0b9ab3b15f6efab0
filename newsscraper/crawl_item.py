"""The item that flows from the ``news`` spider through the pipelines: one fetched page.

The spider fills the fetch fields; the pipelines fill ``article``, ``record`` and ``identity`` in
order (see ``docs/crawling.md``). Only ``record`` is written out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsscraper.items import Article


@dataclass(kw_only=True, slots=True)
class PageItem:
    """One fetched HTML page on its way to becoming an article record."""

    url: str
    """Final URL after redirects, canonicalised (``newsscraper.crawl_urls.canonicalize_url``)."""
    request_url: str
    """URL first requested (before redirects), canonicalised."""
    status: int = 200
    """HTTP status of the final response."""
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Response headers (first value of each), as given to the extractor."""
    body: bytes = field(default=b"", repr=False)
    """Raw page bytes; emptied by the extract pipeline once the article is extracted."""
    source: str = "link"
    """How the page was discovered: ``start``, ``sitemap``, ``feed`` or ``link``."""
    depth: int = 0
    """Link-following depth (sitemaps and feeds reset it to 0)."""
    hints: dict[str, Any] = field(default_factory=dict)
    """Discovery hints: ``title``, ``publication_date``, ``keywords`` from news sitemaps and feeds."""
    signals: dict[str, Any] = field(default_factory=dict)
    """Page-type evidence gathered by the spider (``og_type``, ``ld_types``, ``url_kind``...)."""
    article: Article | None = field(default=None, repr=False)
    """The extracted article (extract pipeline)."""
    record: dict[str, Any] | None = field(default=None, repr=False)
    """The validated JSON Lines record (validate pipeline)."""
    identity: str | None = None
    """Canonical identity of the article, the key for deduplication (dedupe pipeline)."""
