"""Hand on each validated page as the user's item: a :class:`~newsscraper.crawl.item.CrawledArticle`.

The last of newsscraper's own pipelines (priority 60): every pipeline after it (a database writer
at 300, the JSON Lines writer at 900) and the feed exports (``-O out.jsonl``, ``FEEDS``) receive the
``Article`` record, ItemAdapter-compatible, whose fields are the JSON Lines record's keys. Items that
are not pages (yielded by another spider) pass unchanged.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newsscraper.crawl.item import CrawledArticle, PageItem


class ArticleItemPipeline:
    """``PageItem`` with a ``record`` → ``CrawledArticle``; a page without one is dropped."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if item.record is None:
            # an earlier stage of ours was switched off or failed to fill it: never hand on a page
            raise DropItem("no-record")
        return CrawledArticle.from_page(item)
