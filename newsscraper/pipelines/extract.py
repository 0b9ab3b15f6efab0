"""Extract the article from each fetched page with our engine, off the reactor thread.

``extract_article`` is CPU-bound (parsing, scoring, text repair: 5-50 ms a page, far more on huge
pages). Run in the reactor thread it stalls downloads, timers and Retry-After waits for that long;
``bench/crawl_compare.py`` measures the reactor's worst lag with both modes
(``NEWSSCRAPER_EXTRACT_THREADED``). In the thread pool (``REACTOR_THREADPOOL_MAXSIZE``) the reactor
keeps serving between GIL switches. ``extract_article`` is pure and thread-safe.

Discovery hints (news sitemap / feed title, date, keywords) fill fields the page left empty.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newsscraper.crawl_item import PageItem
from newsscraper.extraction.api import extract_article
from newsscraper.items import Article


def iso_date(value: str) -> str | None:
    """Normalise a W3C / ISO 8601 or RFC 822 date to ISO 8601 (``None`` if unreadable).

    >>> iso_date("2026-11-20T08:30:00+00:00"), iso_date("Fri, 20 Nov 2026 08:30:00 GMT"), iso_date("x")
    ('2026-11-20T08:30:00+00:00', '2026-11-20T08:30:00+00:00', None)
    """
    value = value.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is not None and when.utcoffset() is not None and not when.utcoffset():
        when = when.astimezone(UTC)
    return when.isoformat()


def apply_hints(article: Article, hints: dict[str, Any]) -> None:
    """Fill the article's empty headline, date and keywords from discovery hints."""
    if not article.headline and hints.get("title"):
        article.headline = str(hints["title"])
    if not article.datePublished and hints.get("publication_date"):
        raw = str(hints["publication_date"])
        date = iso_date(raw)
        if date:
            article.datePublished, article.datePublishedRaw = date, raw
    if not article.keywords and hints.get("keywords"):
        article.keywords = [str(k) for k in hints["keywords"]]


class ExtractPipeline:
    """``PageItem`` → ``PageItem`` with ``article`` set and ``body`` released."""

    def __init__(self, threaded: bool = True):
        self.threaded = threaded

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getbool("NEWSSCRAPER_EXTRACT_THREADED", True))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if self.threaded:
            article: Article = await maybe_deferred_to_future(
                deferToThread(extract_article, item.body, item.url, item.headers)
            )
        else:
            article = extract_article(item.body, item.url, item.headers)
        apply_hints(article, item.hints)
        item.article = article
        item.body = b""  # the page bytes are not needed any more; free them early
        return item
