"""Gunzip bodies that are gzip without saying so, under the same size limit as everything else.

Servers send ``.xml.gz`` sitemaps, and now and then HTML, gzip-compressed with no
``Content-Encoding`` header, so Scrapy's HttpCompressionMiddleware (which enforces
``DOWNLOAD_MAXSIZE`` on declared encodings) never looks at them. A 10 KB gzip bomb of that kind
would inflate to gigabytes in whatever parses it next. This middleware recognises the gzip magic
bytes, inflates at most ``DOWNLOAD_MAXSIZE`` bytes, and drops the response beyond that (stats
``newsscraper/refused/decompressed-too-large``). Switch: ``NEWSSCRAPER_SNIFF_GZIP_ENABLED``.
"""

from __future__ import annotations

import zlib
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector

GZIP_MAGIC = b"\x1f\x8b\x08"
CHUNK = 64 * 1024


class TooLarge(ValueError):
    """The inflated body would exceed the limit."""


def bounded_gunzip(data: bytes, max_size: int) -> bytes:
    """Inflate (possibly multi-member) gzip ``data``; raise :class:`TooLarge` past ``max_size`` bytes.

    >>> import gzip; bounded_gunzip(gzip.compress(b"abc" * 3), 100)
    b'abcabcabc'
    >>> bounded_gunzip(gzip.compress(b"0" * 1000), 100)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    newsscraper.downloadermiddlewares.sniffgzip.TooLarge: inflates past 100 bytes

    A last member whose trailer does not match its data (a wrong length or CRC-32: zlib raises
    ``incorrect length check``) gives its data, as Scrapy's own ``gunzip`` and ``gzip -d`` do: a
    sitemap whose trailer lied was left undecoded and lost unsaid, its entries never read.

    >>> lying = gzip.compress(b"<urlset/>"); bounded_gunzip(lying[:-4] + bytes(4), 100)
    b'<urlset/>'
    """
    try:
        return _gunzip(data, max_size)
    except zlib.error:
        if len(data) <= 8:
            raise
        # inflated without its last 8 bytes (the trailer), the member reads as cut short: its data is kept
        return _gunzip(data[:-8], max_size)


def _gunzip(data: bytes, max_size: int) -> bytes:
    out: list[bytes] = []
    size = 0
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        tail = data
        while True:
            chunk = d.decompress(tail, CHUNK)
            tail = d.unconsumed_tail
            size += len(chunk)
            if size > max_size:
                raise TooLarge(f"inflates past {max_size} bytes")
            out.append(chunk)
            # more output may be pending inside zlib when a full chunk came out of no input
            if d.eof or (not tail and len(chunk) < CHUNK):
                break
        if not d.eof:
            break  # truncated stream: keep what inflated
        data = d.unused_data
        if not data.startswith(GZIP_MAGIC):
            break
    return b"".join(out)


class SniffedGzipMiddleware:
    """Inflate undeclared gzip bodies with a size limit."""

    def __init__(self, stats: StatsCollector, max_size: int):
        self.stats = stats
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_SNIFF_GZIP_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request: Request, response: Response) -> Response:
        if not response.body.startswith(GZIP_MAGIC) or b"Content-Encoding" in response.headers:
            return response
        max_size = int(request.meta.get("download_maxsize", self.max_size))
        try:
            body = bounded_gunzip(response.body, max_size)
        except TooLarge as exc:
            self.stats.inc_value("newsscraper/refused/decompressed-too-large")
            raise IgnoreRequest(f"{request.url[:120]}: gzip body {exc}") from exc
        except zlib.error:
            return response  # not really gzip: leave it to the sniffers downstream
        self.stats.inc_value("newsscraper/sniffed_gzip")
        cls = responsetypes.from_args(url=response.url, body=body)
        if cls is Response:
            cls = responsetypes.from_args(headers=response.headers, url=response.url, body=body)
        return response.replace(cls=cls, body=body)
