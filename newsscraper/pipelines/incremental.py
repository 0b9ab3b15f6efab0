"""Incremental pipeline: emit an article only when it is new or its content changed.

Priority 50: after deduplication (40), before the article item (60) and the writer (900). Each
record is checked against the state store: a new article goes out as version 1, a changed one as
version n + 1 carrying the previous content fingerprint, an unchanged one is dropped
(``unchanged/content``) unless the crawl runs with ``NEWSSCRAPER_STATE_FULL``. Near-duplicates (the
same story at another URL) are marked, not dropped. Switched off (``NotConfigured``) unless
``NEWSSCRAPER_STATE_DIR`` is set.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsscraper.crawl.item import PageItem
from newsscraper.items import Article
from newsscraper.state.crawl import CrawlState, crawl_state
from newsscraper.state.store import Decision, article_key

# Record fields this pipeline fills, under ``metadata``, once the schema declares them
# (see /work/notes/schema-requests.md); until then the decision lives in stats and the store only.
METADATA_FIELDS = ("version", "fingerprint", "previousFingerprint", "nearDuplicateOf", "change")


def _declared_metadata_fields() -> frozenset[str]:
    schema = json.loads(
        resources.files("newsscraper.schema").joinpath("article.schema.json").read_text("utf-8")
    )
    declared = schema.get("properties", {}).get("metadata", {}).get("properties", {})
    return frozenset(name for name in METADATA_FIELDS if name in declared)


def _header(headers: dict[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if str(key).lower() == name:
            return str(value)
    return None


class IncrementalPipeline:
    """Decide new / changed / unchanged per article against the state store."""

    def __init__(self, state: CrawlState, fields: frozenset[str]) -> None:
        self.state = state
        self.fields = fields
        self._claimed: set[str] = set()
        """Keys decided on and handed on, until the item is scraped or dropped further on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalPipeline:
        pipeline = cls(crawl_state(crawler), _declared_metadata_fields())
        crawler.signals.connect(pipeline._item_done, signal=signals.item_scraped)
        crawler.signals.connect(pipeline._item_dropped, signal=signals.item_dropped)
        return pipeline

    def process_item(self, item: Any) -> Any:
        record = getattr(item, "record", None)
        if record is None and isinstance(item, dict):
            record = item
        if not record:
            return item
        key = getattr(item, "identity", None) or article_key(record)
        headers = getattr(item, "headers", None) or {}
        decision = self.state.store.claim(
            record,
            key=key,
            fetched_url=getattr(item, "url", None) or record.get("url"),
            etag=_header(headers, "etag"),
            last_modified=_header(headers, "last-modified"),
            digest=getattr(item, "digest", None),
        )
        self.state.inc(decision.status)
        if decision.near_duplicate_of:
            self.state.inc("near-duplicates")
        if not decision.emit:
            raise DropItem(f"unchanged/content {key}")
        self._claimed.add(key)
        self._annotate(record, decision)
        return item

    def _annotate(self, record: dict[str, Any], decision: Decision) -> None:
        values = {
            "version": decision.version,
            "fingerprint": decision.fingerprint,
            "previousFingerprint": decision.previous_fingerprint,
            "nearDuplicateOf": decision.near_duplicate_of,
            "change": decision.status,
        }
        metadata = record.get("metadata")
        if isinstance(metadata, dict):
            for name in self.fields:
                metadata[name] = values[name]

    def _item_done(self, item: Any, **_: Any) -> None:
        key = _item_key(item)
        if key is not None and key in self._claimed:
            self._claimed.discard(key)
            self.state.scraped.add(key)

    def _item_dropped(self, item: Any, **_: Any) -> None:
        # Dropped after our decision (by a later pipeline): it was never written, so forget it.
        # A page is dropped by our own stages, before the decision (a duplicate of a claimed key).
        if isinstance(item, PageItem):
            return
        key = _item_key(item)
        if key is not None and key in self._claimed:
            self._claimed.discard(key)
            self.state.store.release(key)


def _item_key(item: Any) -> str | None:
    """The key an item was claimed under: the page's or article's identity, else the record's key.

    The item changes shape on its way (``PageItem`` here, ``CrawledArticle`` from priority 60 on),
    so the key, not the object, ties the decision to the item's end.
    """
    key = getattr(item, "identity", None)
    if key:
        return str(key)
    record = getattr(item, "record", None)
    if record is None and isinstance(item, Article):
        record = item.to_dict()
    elif record is None and isinstance(item, dict):
        record = item
    return article_key(record) if record else None
