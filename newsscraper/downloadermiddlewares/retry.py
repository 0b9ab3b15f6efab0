"""Retries that honour ``Retry-After`` on 429 and 503, and back the site off.

On a 429/503 with ``Retry-After`` (seconds or an HTTP date) the request waits that long before its
retry, and for that time the site's download slot spaces all its requests by the wait (the site
asked for a pause; other sites carry on). A wait above ``NEWSSCRAPER_RETRY_AFTER_MAX`` gives the
page up, and so does a ``Retry-After`` on the last attempt ``RETRY_TIMES`` allows, at once: a 429
storm made every page wait once more for a retry that never came (``Retry-After: 120``: two
minutes a page, the site's requests spaced by as much meanwhile). Other retries are Scrapy's
(``RETRY_TIMES`` cap, ``RETRY_HTTP_CODES``). Switch: ``NEWSSCRAPER_RETRY_AFTER_ENABLED`` (off: plain
Scrapy retries).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

BACKOFF_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` value into seconds from now (``None`` when absent or unreadable).

    >>> retry_after_seconds("3"), retry_after_seconds("soon"), retry_after_seconds("\N{SUPERSCRIPT TWO}")
    (3.0, None, None)
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    10.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # RFC 9110 delay-seconds: ASCII digits ("²".isdigit())
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware plus ``Retry-After`` waits and back-off."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("NEWSSCRAPER_RETRY_AFTER_ENABLED", True)
        self.max_wait = crawler.settings.getfloat("NEWSSCRAPER_RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if not self.enabled or request.meta.get("dont_retry") or response.status not in BACKOFF_STATUSES:
            return super().process_response(request, response)
        raw = response.headers.get(b"Retry-After")
        wait = retry_after_seconds(raw.decode("latin-1") if raw else None)
        if wait is None:
            return super().process_response(request, response)
        stats = self.crawler.stats
        assert stats is not None
        if wait > self.max_wait:
            stats.inc_value("newsscraper/retry_after/too_long")
            return response
        reason = f"{response.status} Retry-After {wait:g}s"
        if request.meta.get("retry_times", 0) >= request.meta.get("max_retry_times", self.max_retry_times):
            # no retry left: give up now (counted and logged by Scrapy) rather than wait for nothing
            # with the site's slot held back by the wait
            return self._retry(request, reason) or response
        stats.inc_value("newsscraper/retry_after/waited")
        # Back off the whole site while we wait: its download slot spaces every request by the wait.
        slot = self._slot(request)
        previous = slot.delay if slot is not None else 0.0
        if slot is not None:
            slot.delay = max(previous, wait)
        from twisted.internet import reactor  # here: importing it at module level would install one

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        if slot is not None and slot.delay == max(previous, wait):
            slot.delay = previous  # AutoThrottle (if on) keeps adjusting from here
        return self._retry(request, reason) or response

    def _slot(self, request: Request) -> Any:
        engine = self.crawler.engine
        if engine is None:
            return None
        downloader = engine.downloader
        return downloader.slots.get(downloader.get_slot_key(request))
