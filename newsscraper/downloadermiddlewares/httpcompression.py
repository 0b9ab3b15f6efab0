"""Scrapy's HttpCompressionMiddleware, counting the bodies it refuses for inflating too far.

Scrapy already stops inflating a declared ``Content-Encoding`` body at ``DOWNLOAD_MAXSIZE``; this
subclass only adds the stat ``newsscraper/refused/decompressed-too-large`` so the run report shows
gzip bombs (undeclared ones are handled by ``SniffedGzipMiddleware``).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Decode ``Content-Encoding`` within ``DOWNLOAD_MAXSIZE``; count refusals."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value("newsscraper/refused/decompressed-too-large")
            raise
