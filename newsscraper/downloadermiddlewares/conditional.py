"""Conditional requests: don't download an article body again when the site says it is unchanged.

For a URL whose article is in the state store the middleware

* skips the request outright when a sitemap listed it with a modification date (``<lastmod>``: the
  spider's ``hints["lastmod"]``, ``request.meta["newsscraper_lastmod"]``, or what
  :class:`~newsscraper.spidermiddlewares.lastmod.ListedLastmodMiddleware` saw this run) no later
  than the store's last fetch of that URL. Publication dates are not used: a correction published
  later would be missed. A known URL reached through a link before any sitemap listed it is
  parked until the crawl is otherwise idle (every sitemap read), then requested again;
* otherwise sends ``If-None-Match`` / ``If-Modified-Since`` with the validators the last response
  carried; a ``304 Not Modified`` answer ends the request (no record: the article is unchanged).

Both outcomes are counted (``newsscraper/incremental/skipped-lastmod``, ``.../not-modified``).
Each request for a known article is announced (:data:`~newsscraper.signals.known_article`), so the
listing budget counts the site's known articles though a run that finds them unchanged writes none.
Switched off (``NotConfigured``) without ``NEWSSCRAPER_STATE_DIR`` and under
``NEWSSCRAPER_STATE_FULL``, which must fetch every body to re-emit it.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response

from newsscraper.signals import known_article
from newsscraper.state.crawl import CrawlState, crawl_state, parse_lastmod, request_lastmod
from newsscraper.state.store import lastmod_is_older

CONDITIONAL_META = "newsscraper_conditional"
DEFERRED_META = "newsscraper_deferred"

MAX_PARKED = 10_000
"""Requests parked in memory at most (about 1 KiB each); the rest wait in the scheduler's queue."""

DEFERRED_PRIORITY = -1000
"""Below every priority the spider uses, so a deferred request waits for the queued sitemaps."""


class ConditionalRequestMiddleware:
    """Add validators from the state store; turn 304 and stale sitemap dates into skips."""

    def __init__(self, state: CrawlState, crawler: Crawler | None = None) -> None:
        self.state = state
        self.crawler = crawler
        self.parked: list[Request] = []
        """Known URLs waiting for the sitemaps (one small Request each, released when idle)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if crawler.settings.getbool("NEWSSCRAPER_STATE_FULL"):
            raise NotConfigured  # a full run fetches every body
        middleware = cls(crawl_state(crawler), crawler)
        crawler.signals.connect(middleware.spider_idle, signal=signals.spider_idle)
        return middleware

    def spider_idle(self) -> None:
        """Every queued request is done, so every sitemap was read: release the parked requests."""
        if not self.parked or self.crawler is None or self.crawler.engine is None:
            return
        parked, self.parked = self.parked, []
        for request in parked:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def process_request(self, request: Request) -> Request | None:
        if request.method not in ("GET", "HEAD"):
            return None
        seen = self.state.store.validators(request.url)
        if seen is None:
            return None
        if self.crawler is not None and not request.meta.get(DEFERRED_META):
            self.crawler.signals.send_catch_log(known_article, url=request.url)
        lastmod = request_lastmod(request) or self.state.store.listed_lastmod(request.url)
        if lastmod is None and not request.meta.get(DEFERRED_META):
            # Reached through a link before any sitemap listed it (the home page is read first):
            # wait until the sitemaps are read, they may say it is unchanged.
            self.state.inc("deferred")
            again = request.replace(dont_filter=True, meta={**request.meta, DEFERRED_META: True})
            if len(self.parked) >= MAX_PARKED:
                # Bounded memory: past the cap, go to the back of the scheduler's queue instead.
                return again.replace(priority=DEFERRED_PRIORITY)
            self.parked.append(again)
            raise IgnoreRequest(f"deferred {request.url}")
        if lastmod_is_older(seen, parse_lastmod(lastmod)):
            self.state.store.touch(request.url)
            self.state.inc("skipped-lastmod")
            raise IgnoreRequest(f"unchanged/lastmod {request.url}")
        if seen.etag:
            request.headers.setdefault(b"If-None-Match", seen.etag.encode("latin-1", "replace"))
        if seen.last_modified:
            request.headers.setdefault(b"If-Modified-Since", seen.last_modified.encode("latin-1", "replace"))
        if seen.etag or seen.last_modified:
            request.meta[CONDITIONAL_META] = True
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(CONDITIONAL_META):
            self.state.store.touch(request.url)
            self.state.inc("not-modified")
            raise IgnoreRequest(f"unchanged/not-modified {request.url}")
        return response
