"""Conditional requests: don't download an article body again when the site says it is unchanged.

For a URL whose article is in the state store the middleware

* skips the request outright when the sitemap that listed it gives a modification date
  (``<lastmod>``: the spider's ``hints["lastmod"]``, or ``request.meta["newsscraper_lastmod"]``) no
  later than the store's last fetch of that URL. Publication dates are not used: a correction
  published later would be missed;
* otherwise sends ``If-None-Match`` / ``If-Modified-Since`` with the validators the last response
  carried; a ``304 Not Modified`` answer ends the request (no record: the article is unchanged).

Both outcomes are counted (``newsscraper/incremental/skipped-lastmod``, ``.../not-modified``).
Switched off (``NotConfigured``) without ``NEWSSCRAPER_STATE_DIR`` and under
``NEWSSCRAPER_STATE_FULL``, which must fetch every body to re-emit it.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newsscraper.state.crawl import CrawlState, crawl_state, parse_lastmod
from newsscraper.state.store import lastmod_is_older

LASTMOD_META = "newsscraper_lastmod"
CONDITIONAL_META = "newsscraper_conditional"


class ConditionalRequestMiddleware:
    """Add validators from the state store; turn 304 and stale sitemap dates into skips."""

    def __init__(self, state: CrawlState) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if crawler.settings.getbool("NEWSSCRAPER_STATE_FULL"):
            raise NotConfigured("full run: every body is fetched")
        return cls(crawl_state(crawler))

    def process_request(self, request: Request) -> None:
        if request.method not in ("GET", "HEAD"):
            return
        seen = self.state.store.validators(request.url)
        if seen is None:
            return
        hints = request.cb_kwargs.get("hints") or {}
        lastmod = request.meta.get(LASTMOD_META) or hints.get("lastmod")
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

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(CONDITIONAL_META):
            self.state.store.touch(request.url)
            self.state.inc("not-modified")
            raise IgnoreRequest(f"unchanged/not-modified {request.url}")
        return response
