"""A hard page budget: at most ``NEWSSCRAPER_MAX_REQUESTS`` requests ever leave the crawler.

``CLOSESPIDER_PAGECOUNT`` (also set by ``--max-pages``) stops the spider after N responses, but the
requests already in flight — up to ``CONCURRENT_REQUESTS`` — still go out. This middleware refuses
every request past the budget (stats ``newsscraper/refused/budget``), so ``--max-pages N`` means
at most N requests to the sites, robots.txt and redirects included. Off when the setting is 0.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector


class RequestBudgetMiddleware:
    """Refuse requests beyond the budget."""

    def __init__(self, stats: StatsCollector, budget: int):
        self.stats = stats
        self.budget = budget
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        budget = crawler.settings.getint("NEWSSCRAPER_MAX_REQUESTS")
        if budget <= 0:
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats, budget)

    @property
    def spent(self) -> bool:
        """Whether every further request will be refused (the spider stops making requests from a
        sitemap's or feed's entries then)."""
        return self.sent >= self.budget

    def process_request(self, request: Request) -> None:
        if self.spent:
            self.stats.inc_value("newsscraper/refused/budget")
            raise IgnoreRequest("request budget spent")
        self.sent += 1
