"""robots.txt as RFC 9309 reads it: a 5xx answer or an unreachable file means "disallow all".

Scrapy's own middleware allows everything when robots.txt fails to download and parses whatever body
a 5xx response carries; for a crawler people must be able to trust, a site that cannot say what it
allows is treated as allowing nothing (RFC 9309 §2.3.1.4). 4xx means "no rules": allow all.
Switch: ``NEWSSCRAPER_ROBOTS_STRICT`` (off: Scrapy's behaviour).

Whatever the switch, only the first :data:`PARSE_LIMIT` bytes of a robots.txt are parsed (RFC 9309
§2.5): a 10 MB file would otherwise stall the reactor for seconds in the parser.

robots.txt is fetched once per site: the spider's own request for it (it reads the ``Sitemap:``
lines) is answered from the copy this middleware fetched, with that answer's status and its
``Sitemap:`` lines as the body; when the middleware's fetch got no answer (the site is down, its
retries spent), the spider's request is dropped (``IgnoreRequest``, not a failure of its own)
rather than sent again with retries of its own.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from newsscraper.crawl.discovery import robots_sitemaps

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
        self._answers: dict[str, tuple[int, bytes] | Exception] = {}
        """Per site (netloc), the fetched robots.txt's status and ``Sitemap:`` lines, or the error
        its fetch ended with, until the spider asks for the file."""

    # A downloader middleware may answer a request with a Response (Scrapy's contract); Scrapy's
    # robots middleware never does, so its annotation says None.
    async def process_request(  # type: ignore[override]
        self, request: Request, spider: Any = None
    ) -> Response | None:
        """Scrapy's check; a request for a robots.txt this middleware already fetched is answered
        from that copy (status, ``Sitemap:`` lines) instead of fetching the file again, and one
        whose fetch failed is dropped: ``IgnoreRequest``."""
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt") or urlparse_cached(request).path != "/robots.txt":
            return None
        answer = self._answers.pop(urlparse_cached(request).netloc, None)
        if answer is None:
            return None  # not fetched by this middleware (dont_obey_robotstxt on the page asked)
        if isinstance(answer, Exception):
            # the failure was logged and counted once (a page failed); a second fetch, with its own
            # retries, would only fail again
            raise IgnoreRequest(f"robots.txt could not be fetched: {type(answer).__name__}: {answer}")
        status, body = answer
        return TextResponse(request.url, status=status, body=body, encoding="utf-8", request=request)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        """The site's parsed robots.txt, once known; each waiting request gets it.

        Scrapy's version awaits the one pending ``Deferred`` from every request that arrives while
        robots.txt downloads. A ``Deferred`` hands its result down its callback chain, and the
        first waiter's callback returns ``None``: every later waiter got ``None`` ("no robots.txt")
        and went out unchecked (``newsscraper fetch`` of several pages of one site fetched a
        disallowed one). Here each waiter gets a ``Deferred`` of its own.
        """
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            own: Deferred[RobotParser | None] = Deferred()

            def relay(result: Any) -> Any:
                own.callback(result)
                return result  # passed on unchanged to the next waiter

            pending.addBoth(relay)
            return await maybe_deferred_to_future(own)
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if len(response.body) > PARSE_LIMIT:
            self._stats.inc_value("newsscraper/robots/truncated")
            response = response.replace(body=parse_limited(response.body))
        text = response.body.decode("utf-8", "replace") if response.status == 200 else ""
        lines = "".join(f"Sitemap: {url}\n" for url in robots_sitemaps(text))
        self._answers[netloc] = (response.status, lines.encode())
        if self.strict and (response.status >= 500 or 400 <= response.status < 500):
            body = DISALLOW_ALL if response.status >= 500 else b""
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if response.status >= 500:
                self._stats.inc_value("newsscraper/robots/disallow-all-5xx")
            self._settle(netloc, body)
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._answers[netloc] = exc
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
