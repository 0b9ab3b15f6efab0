"""Feed exports that fail the run when they fail: Scrapy's ``FeedExporter``, counting its errors.

Scrapy logs an exception raised while exporting an item (a value the format cannot hold) and goes
on, and logs a feed it could not store; the crawl still ends "finished" with exit status 0. This
subclass counts every item an exporter refused in the stat ``newsscraper/errors/export/<Type>``;
with Scrapy's own ``feedexport/failed_count/<storage>`` it makes ``newsscraper crawl`` exit with
status 4 and the run report list the errors (``errors`` ``export/...``). Enabled in place of
Scrapy's (``EXTENSIONS`` in ``newsscraper/settings.py``).
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.extensions.feedexport import FeedExporter

EXPORT_ERRORS = "newsscraper/errors/export/"
"""Stats prefix of items a feed exporter raised on, by exception type."""


class CheckedFeedExporter(FeedExporter):
    """``FeedExporter`` whose per-item errors are counted (and still raised, so Scrapy logs them)."""

    def item_scraped(self, item: Any, spider: Spider) -> None:
        try:
            super().item_scraped(item, spider)
        except Exception as exc:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(EXPORT_ERRORS + type(exc).__name__)
            raise


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
