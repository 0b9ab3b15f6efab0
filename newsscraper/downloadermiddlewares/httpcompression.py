"""Scrapy's HttpCompressionMiddleware, counting the bodies it refuses for inflating too far.

Scrapy already stops inflating a declared ``Content-Encoding`` body at ``DOWNLOAD_MAXSIZE``; this
subclass only adds the stat ``newsscraper/refused/decompressed-too-large`` so the run report shows
gzip bombs (undeclared ones are handled by ``SniffedGzipMiddleware``), and counts a body that does
not decode as a failed page (:class:`ContentDecodingError`).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class ContentDecodingError(Exception):
    """A body that its ``Content-Encoding`` does not decode (corrupt gzip, plain HTML labelled
    ``gzip``): the page fails, as in a browser (``ERR_CONTENT_DECODING_FAILED``)."""


DECODING_FAILED = f"downloader/exception_type_count/{__name__}.{ContentDecodingError.__name__}"
"""The stat counting such pages. Scrapy counts only exceptions raised while downloading there, and
a decoding error is raised after, in ``process_response``: the page was logged as an error but
missing from the run's failures (summary line and report's ``errors``). Counted under Scrapy's key,
it is one of them, ``download/ContentDecodingError``."""


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Decode ``Content-Encoding`` within ``DOWNLOAD_MAXSIZE``; count refusals and failures."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value("newsscraper/refused/decompressed-too-large")
            raise
        except Exception as exc:  # zlib.error, brotli.error, zstandard's ZstdError...
            if self.stats is not None:
                self.stats.inc_value(DECODING_FAILED)
            encoding = (response.headers.get("Content-Encoding") or b"").decode("latin-1")
            raise ContentDecodingError(f"Content-Encoding {encoding} does not decode: {exc}") from exc
