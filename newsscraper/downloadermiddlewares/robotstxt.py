"""robots.txt as RFC 9309 reads it: a 5xx answer or an unreachable file means "disallow all".

Scrapy's own middleware allows everything when robots.txt fails to download and parses whatever body
a 5xx response carries; for a crawler people must be able to trust, a site that cannot say what it
allows is treated as allowing nothing (RFC 9309 §2.3.1.4). 4xx means "no rules": allow all.
Switch: ``NEWSSCRAPER_ROBOTS_STRICT`` (off: Scrapy's behaviour).

Whatever the switch, only the first :data:`PARSE_LIMIT` bytes of a robots.txt are parsed (RFC 9309
§2.5): a 10 MB file would otherwise stall the reactor for seconds in the parser.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"

PARSE_LIMIT = 500 * 1024
"""Bytes of robots.txt parsed: RFC 9309 §2.5 lets a crawler stop at 500 KiB (and asks it to read at
least that much)."""


def parse_limited(body: bytes) -> bytes:
    r"""Return ``body`` cut to :data:`PARSE_LIMIT` bytes, at the end of its last whole line.

    >>> parse_limited(b"User-agent: *\nDisallow: /a\n") == b"User-agent: *\nDisallow: /a\n"
    True
    >>> len(parse_limited(b"Disallow: /x\n" * 100_000)) <= PARSE_LIMIT
    True
    """
    if len(body) <= PARSE_LIMIT:
        return body
    end = body.rfind(b"\n", 0, PARSE_LIMIT) + 1
    return body[: end or PARSE_LIMIT]


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309 error handling."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.strict = crawler.settings.getbool("NEWSSCRAPER_ROBOTS_STRICT", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if len(response.body) > PARSE_LIMIT:
            self._stats.inc_value("newsscraper/robots/truncated")
            response = response.replace(body=parse_limited(response.body))
        if self.strict and (response.status >= 500 or 400 <= response.status < 500):
            body = DISALLOW_ALL if response.status >= 500 else b""
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if response.status >= 500:
                self._stats.inc_value("newsscraper/robots/disallow-all-5xx")
            self._settle(netloc, body)
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not self.strict:
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("newsscraper/robots/disallow-all-unreachable")
        self._settle(netloc, DISALLOW_ALL)

    def _settle(self, netloc: str, body: bytes) -> None:
        rp = build_from_crawler(self._parserimpl, self.crawler, body)
        pending = self._parsers[netloc]
        self._parsers[netloc] = rp
        if isinstance(pending, Deferred):
            pending.callback(rp)
