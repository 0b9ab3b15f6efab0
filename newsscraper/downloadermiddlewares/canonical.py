"""Put every request URL, redirect targets included, in canonical form before it is sent.

The spider canonicalises the URLs it finds, but a redirect's ``Location`` (``/go/x`` →
``/x?utm_source=go``) reaches the downloader as the server wrote it. Rewriting it here sends the
canonical request back through the scheduler, whose duplicate filter then drops it when the page
was already fetched — so tracking parameters never cost a second download.
"""

from __future__ import annotations

from scrapy import Request

from newsscraper.crawl.urls import canonicalize_url


class CanonicalUrlMiddleware:
    """Replace a non-canonical request with its canonical twin (rescheduled, so deduplicated)."""

    def process_request(self, request: Request) -> Request | None:
        canonical = canonicalize_url(request.url)
        if canonical == request.url or request.meta.get("dont_canonicalize"):
            return None
        return request.replace(url=canonical)
