"""A per-site budget for pages found by following links, earned by the articles the site gives.

A crawl reaches articles through listings (home, sections, tags, pagination), but a site whose pages
link hundreds of sections and tags, generated listings (calendars, letter indexes) or paths that all
answer 404 (whatever their URLs look like) would spend many requests per article on them. Here a
request found as a link goes out only while its site has budget left:

    link pages fetched < NEWSSCRAPER_LISTING_BUDGET + NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE × articles

where *articles* are the records the crawl has produced from that site so far (Scrapy's
``item_scraped``). A site whose links keep leading to articles keeps its crawl going (an article
fetched costs one and earns two); one whose links lead nowhere stops paying for them. Start URLs,
robots.txt, sitemaps and their entries, feeds and canonical hops are never charged. The spider
requests article-looking links first (their priority), so the budget goes to them before the
listings. Refusals count under stats ``newsscraper/refused/listing-budget``. Off when
``NEWSSCRAPER_LISTING_BUDGET`` is 0.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from newsscraper.crawl.urls import origin

LISTING_BUDGET = 50
"""Default of ``NEWSSCRAPER_LISTING_BUDGET``: link pages any site gets before its articles count
(a home page's stories and sections)."""
LISTING_BUDGET_PER_ARTICLE = 2
"""Default of ``NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE``: link pages each article earns (itself and
one listing page), so a crawl of link-found pages goes on while a third of them are articles."""


class ListingBudgetMiddleware:
    """Refuse a site's link-found requests beyond its budget."""

    def __init__(self, stats: StatsCollector, base: int, per_article: float):
        self.stats = stats
        self.base = base
        self.per_article = per_article
        self.listings: Counter[tuple[str, int] | None] = Counter()
        self.articles: Counter[tuple[str, int] | None] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        base = s.getint("NEWSSCRAPER_LISTING_BUDGET", LISTING_BUDGET)
        if base <= 0:
            raise NotConfigured
        assert crawler.stats is not None
        mw = cls(
            crawler.stats,
            base,
            s.getfloat("NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE", LISTING_BUDGET_PER_ARTICLE),
        )
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        return mw

    def item_scraped(self, item: Any) -> None:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            self.articles[origin(url)] += 1

    def process_request(self, request: Request) -> None:
        if request.meta.get("source") != "link":
            return
        site = origin(request.url)
        if self.listings[site] >= self.base + self.per_article * self.articles[site]:
            self.stats.inc_value("newsscraper/refused/listing-budget")
            raise IgnoreRequest("listing budget of the site spent")
        self.listings[site] += 1
