"""Turn the article into its JSON Lines record and validate it against the shipped JSON Schema.

The record's ``url`` is the page's final URL after redirects, canonicalised (tracking parameters
and session ids removed). Invalid records are dropped (``invalid-record``) and logged with the first
schema errors: a record that reaches the output is always valid.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsscraper.crawl.item import PageItem
from newsscraper.crawl.reader import PageReader
from newsscraper.items import Article
from newsscraper.pipelines.dedupe import body_fingerprint, identity
from newsscraper.schema import validation_errors
from newsscraper.state.fingerprint import RecordDigest, record_digest

logger = logging.getLogger(__name__)


def record_and_errors(article: Article) -> tuple[dict[str, Any], list[str]]:
    """The article's record and its schema errors (empty when valid)."""
    record = article.to_dict()
    return record, validation_errors(record)


def _checked_record(
    article: Article, fingerprint: bool, digest: bool, canonical: str | None = None
) -> tuple[dict[str, Any], list[str], bytes | None, RecordDigest | None, str | None]:
    """:func:`record_and_errors`, with ``fingerprint`` the body's dedupe fingerprint and the
    article's dedupe :func:`~newsscraper.pipelines.dedupe.identity` (its page's ``canonical``
    signal standing in for a missing ``canonicalUrl``), and with ``digest`` the state store's
    :func:`record_digest` of the record: work of the worker threads, so the dedupe pipeline does
    not fold the body nor canonicalise URLs in the reactor thread, nor the state store hash it
    while it holds its write lock."""
    record, errors = record_and_errors(article)
    if errors:
        return record, errors, None, None, None
    return (
        record,
        errors,
        body_fingerprint(article.articleBody) if fingerprint else None,
        record_digest(record) if digest else None,
        identity(article.url, article.canonicalUrl or canonical) if fingerprint and article.url else None,
    )


class ValidatePipeline:
    """``PageItem`` with ``article`` → ``PageItem`` with a valid ``record``.

    The record is built and validated in the crawl's extraction threads (``PageReader.run``):
    jsonschema and ``to_dict`` took ~4 ms of reactor-thread CPU per article. So are the body's
    fingerprint and the identity the dedupe pipeline compares (``PageItem.fingerprint``,
    ``PageItem.identity``), when dedupe is on, and
    the record's digest the incremental pipeline hands to the state store (``PageItem.digest``),
    when the crawl keeps state."""

    def __init__(self, crawler: Crawler | None = None):
        self.crawler = crawler
        self.fingerprint = crawler is not None and crawler.settings.getbool("NEWSSCRAPER_DEDUPE_ENABLED")
        self.digest = crawler is not None and bool(crawler.settings.get("NEWSSCRAPER_STATE_DIR"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.article is None:
            return item
        item.article.url = item.url
        if self.crawler is None:
            record, errors = record_and_errors(item.article)
        else:
            record, errors, item.fingerprint, item.digest, item.identity = await PageReader.of(
                self.crawler
            ).run(_checked_record, item.article, self.fingerprint, self.digest, item.signals.get("canonical"))
        if errors:
            logger.warning("invalid record for %s: %s", item.url, "; ".join(errors[:3]))
            raise DropItem("invalid-record")
        item.record = record
        return item
