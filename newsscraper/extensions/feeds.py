"""Feed exports that fail the run when they fail: Scrapy's ``FeedExporter``, counting its errors.

Scrapy logs an exception raised while exporting an item (a value the format cannot hold) and goes
on, and logs a feed it could not store; the crawl still ends "finished" with exit status 0. This
subclass counts every item an exporter refused in the stat ``newsscraper/errors/export/<Type>``;
with Scrapy's own ``feedexport/failed_count/<storage>`` it makes ``newsscraper crawl`` exit with
status 4 and the run report list the errors (``errors`` ``export/...``). Enabled in place of
Scrapy's (``EXTENSIONS`` in ``newsscraper/settings.py``).

A feed fails once, not once per item. Scrapy opens a feed's file at its first item and, when that
fails (a folder that cannot be made, a read-only target), tries again at every item, each time with
a traceback on stderr, and once more when the spider closes (an asyncio "Task exception was never
retrieved"). Here the first failure logs one ERROR line naming the feed and the reason, counts
``feedexport/failed_count/<storage>`` once, and the feed is dropped: the other feeds get their items.
An item an exporter fails on (a value its format cannot hold) is counted every time, but each kind
of error (exception class) is logged once, with a traceback at DEBUG.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.extensions.feedexport import FeedExporter, FeedSlot

logger = logging.getLogger(__name__)

EXPORT_ERRORS = "newsscraper/errors/export/"
"""Stats prefix of items a feed exporter raised on, by exception type."""


class CheckedFeedExporter(FeedExporter):
    """``FeedExporter`` whose failures are counted and said once (module docstring)."""

    _logged: frozenset[str] = frozenset()
    """Exception classes an item failed with, already logged."""

    def item_scraped(self, item: Any, spider: Spider) -> None:
        for slot in list(self.slots):
            # FeedSlot._fileloaded: whether the feed's file is open (Scrapy opens it at the first item)
            if not slot._fileloaded and slot.filter.accepts(item):
                try:
                    slot.start_exporting()
                except Exception as exc:
                    self._feed_failed(slot, exc)
                    self.slots.remove(slot)  # Scrapy would try again at every item
        try:
            super().item_scraped(item, spider)
        except Exception as exc:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(EXPORT_ERRORS + type(exc).__name__)
            self._item_failed(exc)

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        # a feed that got no item opens its file here (FEED_STORE_EMPTY): one line, not an
        # asyncio "Task exception was never retrieved" with exit status 0
        try:
            await super()._close_slot(slot, spider)
        except Exception as exc:
            self._feed_failed(slot, exc)

    def _feed_failed(self, slot: FeedSlot, exc: Exception) -> None:
        """Log the feed that cannot be written, once, and count it as a failed feed."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"feedexport/failed_count/{type(slot.storage).__name__}")
        logger.error("Feed %s cannot be written, no item goes to it: %s", slot.uri, _reason(exc))
        logger.debug("Feed %s failed", slot.uri, exc_info=exc)

    def _item_failed(self, exc: Exception) -> None:
        """Log the first item that failed with ``exc``'s class (later ones at DEBUG)."""
        kind = type(exc).__name__
        if kind not in self._logged:
            self._logged |= {kind}
            logger.error("Feed export failed on an item (each such item is counted): %s", _reason(exc))
        logger.debug("Feed export failed on an item", exc_info=exc)


def _reason(exc: BaseException) -> str:
    """One line: ``OSError`` as its message and file name, others as ``Type: message``."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return f"{type(exc).__name__}: {exc}"


def export_failures(stats: dict[str, Any]) -> dict[str, int]:
    """Export failures in a stats dict: ``{"export/<Type>": n, "export/store-<storage>": n}``.

    >>> export_failures({EXPORT_ERRORS + "TypeError": 3, "feedexport/failed_count/FileFeedStorage": 1})
    {'export/store-FileFeedStorage': 1, 'export/TypeError': 3}
    """
    out: dict[str, int] = {}
    for key, value in sorted(stats.items()):
        if key.startswith(EXPORT_ERRORS):
            out["export/" + key[len(EXPORT_ERRORS) :]] = int(value)
        elif key.startswith("feedexport/failed_count/"):
            out["export/store-" + key.rsplit("/", 1)[1]] = int(value)
    return out
