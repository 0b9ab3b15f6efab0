"""The items of a crawl: :class:`PageItem` inside newsscraper's own pipelines, then
:class:`CrawledArticle`, the item every other pipeline and the feed exports receive.

The spider yields one ``PageItem`` per fetched page; newsscraper's pipelines (priorities 10-60,
``docs/crawling.md``) fill ``article``, ``record`` and ``identity`` in order, and the last of them
hands on the record as a ``CrawledArticle``: an :class:`~newsscraper.items.Article`, so
``ItemAdapter`` and every feed exporter see exactly the record's fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsscraper.items import Article
from newsscraper.state.fingerprint import RecordDigest
from newsscraper.state.store import article_key


@dataclass(kw_only=True, slots=True)
class PageItem:
    """One fetched HTML page on its way to becoming an article record."""

    url: str
    """Final URL after redirects, canonicalised (``newsscraper.crawl.urls.canonicalize_url``)."""
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
    """Canonical identity of the article, the key for deduplication (dedupe pipeline; computed with
    the record in the crawl's worker threads by the validate pipeline when dedupe is on)."""
    fingerprint: bytes | None = field(default=None, repr=False)
    """``pipelines.dedupe.body_fingerprint`` of the article's body, computed with the record in the
    crawl's worker threads (validate pipeline) so that the dedupe pipeline does not fold the body
    in the reactor thread; ``None``: not computed yet."""
    digest: RecordDigest | None = field(default=None, repr=False)
    """The state store's :func:`~newsscraper.state.fingerprint.record_digest` of the record
    (content fingerprint and MinHash), computed with the record in the crawl's worker threads
    when the crawl keeps state, so that the store does not hash the body under its write lock;
    ``None``: not computed."""


class CrawledArticle(Article):
    """The item a crawl yields: an :class:`~newsscraper.items.Article` (the same dataclass fields,
    so ``ItemAdapter``, ``to_dict()`` and feed exports give the record and nothing else) that also
    carries its crawl ``identity``, a plain attribute outside the fields.

    ``identity`` (``str | None``) is the dedupe key (``pipelines/dedupe.py``); the JSON Lines writer
    announces it when the record is published, so the state store of scheduled crawls commits it.
    """

    __slots__ = ("identity",)
    identity: str | None

    @classmethod
    def from_page(cls, page: PageItem) -> CrawledArticle:
        """The article of a page that went through extract, classify, validate (and dedupe)."""
        if page.record is None:
            raise ValueError(f"page without a validated record: {page.url}")
        article = cls.from_dict(page.record)
        # the key the incremental pipeline claimed the record under (the same fallback)
        article.identity = page.identity or article_key(page.record)
        return article
