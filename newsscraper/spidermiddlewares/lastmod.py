"""Remember the ``<lastmod>`` a sitemap gives each URL, for the conditional-request middleware.

A page is often requested first through a link (home page, section) and only later listed by a
sitemap; the scheduler then drops the sitemap's request as a duplicate, and with it the date that
says whether the page changed. This middleware sees every request the spider yields, before the
dupefilter, and records ``url -> lastmod`` in the state store (on disk, so memory stays flat and
the workers of a shared crawl see each other's sitemaps). Switched off like the other state
components (``NotConfigured`` without ``NEWSSCRAPER_STATE_DIR`` or under ``NEWSSCRAPER_STATE_FULL``).
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newsscraper.state.crawl import CrawlState, crawl_state, request_lastmod


class ListedLastmodMiddleware(BaseSpiderMiddleware):
    """Record each yielded request's sitemap ``lastmod`` in the crawl state."""

    def __init__(self, crawler: Crawler, state: CrawlState):
        super().__init__(crawler)
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if crawler.settings.getbool("NEWSSCRAPER_STATE_FULL"):
            raise NotConfigured  # a full run fetches every body
        return cls(crawler, crawl_state(crawler))

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        lastmod = request_lastmod(request)
        if lastmod:
            self.state.store.remember_lastmod(request.url, lastmod)
        return request
