"""Turn the article into its JSON Lines record and validate it against the shipped JSON Schema.

The record's ``url`` is the page's final URL after redirects, canonicalised (tracking parameters
and session ids removed). Invalid records are dropped (``invalid-record``) and logged with the first
schema errors: a record that reaches the output is always valid.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from newsscraper.crawl.item import PageItem
from newsscraper.schema import validation_errors

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """``PageItem`` with ``article`` → ``PageItem`` with a valid ``record``."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.article is None:
            return item
        item.article.url = item.url
        record = item.article.to_dict()
        errors = validation_errors(record)
        if errors:
            logger.warning("invalid record for %s: %s", item.url, "; ".join(errors[:3]))
            raise DropItem("invalid-record")
        item.record = record
        return item
