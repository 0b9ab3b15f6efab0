"""Refuse every request that is not http or https (``file:``, ``data:``, ``ftp:``, ``s3:``...).

A link on a crawled page must never make the crawler read local files or talk another protocol.
Always on: there is no setting that allows other schemes.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.statscollectors import StatsCollector

ALLOWED_SCHEMES = ("http://", "https://")


class SchemeMiddleware:
    """Drop non-http(s) requests, counted in stats ``newsscraper/refused/scheme``."""

    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        if not request.url.lower().startswith(ALLOWED_SCHEMES):
            self.stats.inc_value("newsscraper/refused/scheme")
            raise IgnoreRequest(f"scheme not allowed: {request.url[:80]}")
