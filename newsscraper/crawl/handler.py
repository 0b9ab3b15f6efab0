"""HTTP(S) download handler: Scrapy's HTTP/1.1 handler with a connection pool that keeps its idle
connections instead of closing and reopening them.

Scrapy's handler gives Twisted's ``HTTPConnectionPool`` room for ``CONCURRENT_REQUESTS_PER_DOMAIN``
idle connections per host; a connection that comes back to a full pool closes the oldest idle one,
and a request that finds the pool empty opens a new one. Crawling a site, more connections than that
are out of the pool at once (up to 16 here; where in Scrapy's downloader was not pinned down), so the
pool keeps closing connections that the next requests then reopen: on a loopback site of the 119 aeb
pages (``bench/crawl_compare.py --real``, 311 requests) Scrapy opened 175-193 connections, bare
Scrapy on the same URLs as many. Each costs a TCP handshake on the site and ~400 Python calls in the
reactor thread (connect, protocol set-up, close). With room for ``CONCURRENT_REQUESTS`` idle
connections per host (the most requests the crawl has in flight at once) it opened 16, and the
crawl's reactor thread made 10 % fewer Python calls per response (cProfile of the reactor thread from
the first response to ``spider_closed``: 5,303-5,327 → 4,793-4,807; bare Scrapy 4,206-4,326).

The pool's connections also bound a response's header block to :data:`MAX_HEADER_BYTES`: Twisted's
client keeps every header line it is sent, and ``DOWNLOAD_MAXSIZE`` bounds only the body, so a
server that sends headers without end (``X-Pad: ...`` forever) grew the crawl by the header bytes
it managed to send before ``DOWNLOAD_TIMEOUT``: 218 MB of them in 30 s on loopback, 400 MB peak RSS
for one page (``tests/test_crawl_traps.py``). Past the limit the connection is dropped and the page
fails with :class:`HeadersTooLargeError`, not retried (a browser refuses such a page too).

Requests in flight per host stay ``CONCURRENT_REQUESTS_PER_DOMAIN`` (the downloader's slots decide
that, not the pool); idle connections close after Twisted's ``cachedConnectionTimeout`` (240 s) unused
and at the end of the crawl.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadFailedError
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure
from twisted.web._newclient import HEADER, STATUS, HTTP11ClientProtocol
from twisted.web.client import _HTTP11ClientFactory

MAX_HEADER_BYTES = 256 * 1024
"""Bytes of a response's status line and headers read before the page fails: Chrome's limit
(``net::ERR_RESPONSE_HEADERS_TOO_BIG``); a site's cookies and security headers take a few KiB."""


class HeadersTooLargeError(Exception):
    """A response whose status line and headers passed :data:`MAX_HEADER_BYTES`."""


class _BoundedHeadersProtocol(HTTP11ClientProtocol):
    """Twisted's HTTP/1.1 client protocol that gives up a response whose headers pass
    :data:`MAX_HEADER_BYTES` (counted per response, on a reused connection too)."""

    _counted: Any = None
    _header_bytes = 0

    def dataReceived(self, bytes: bytes) -> None:
        parser = self._parser
        if parser is not None and parser.state in (STATUS, HEADER):
            if parser is not self._counted:
                self._counted, self._header_bytes = parser, 0
            self._header_bytes += len(bytes)
            if self._header_bytes > MAX_HEADER_BYTES:
                too_large = HeadersTooLargeError(f"response headers over {MAX_HEADER_BYTES:,} bytes")
                self._giveUp(Failure(too_large))  # type: ignore[no-untyped-call]
                return
        super().dataReceived(bytes)  # type: ignore[no-untyped-call]


class _BoundedHeadersFactory(_HTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> HTTP11ClientProtocol:
        return _BoundedHeadersProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


def idle_connections_per_host(settings: BaseSettings) -> int:
    """Idle connections the pool keeps per host: ``max(CONCURRENT_REQUESTS,
    CONCURRENT_REQUESTS_PER_DOMAIN)``, at least 1."""
    return max(1, settings.getint("CONCURRENT_REQUESTS"), settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))


class PooledHTTP11DownloadHandler(HTTP11DownloadHandler):
    """``HTTP11DownloadHandler`` whose pool keeps :func:`idle_connections_per_host` idle
    connections per host (Scrapy's keeps ``CONCURRENT_REQUESTS_PER_DOMAIN``)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._pool.maxPersistentPerHost = idle_connections_per_host(crawler.settings)
        self._pool._factory = _BoundedHeadersFactory

    async def download_request(self, request: Request) -> Response:
        """Scrapy's download; a response whose headers were too large raises
        :class:`HeadersTooLargeError` itself (counted and named under that name, not retried)."""
        try:
            return await super().download_request(request)
        except DownloadFailedError as exc:
            for reason in getattr(exc.__cause__, "reasons", ()):
                if isinstance(reason, Failure) and isinstance(reason.value, HeadersTooLargeError):
                    raise reason.value from None
            raise
