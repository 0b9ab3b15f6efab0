"""Scrapy's RedirectMiddleware, with the redirects that lead nowhere counted as failed pages.

A redirect back to a URL of its own chain (``/a`` → ``/b`` → ``/a``, or a session or cookie dance
that cookies off cannot end) was dropped by the duplicate filter, and a chain longer than
``REDIRECT_MAX_TIMES`` by Scrapy with a DEBUG line: either way the page was lost and no summary line,
report count or exit status said so (``newsscraper fetch`` of such a URL: "3 pages fetched, 0
articles written", exit 1). Both now fail the page as a browser does (``ERR_TOO_MANY_REDIRECTS``):
one ERROR line, ``Error downloading <GET URL>: RedirectLoopError: ...``, counted as a download
failure (``download/RedirectLoopError`` / ``download/TooManyRedirectsError`` in the run report,
``redirect loop`` / ``too many redirects`` in the summary line). A ``Location`` that is not a URL
(``http://[::1/x``: Python's URL parser raises ``ValueError``), or such a meta refresh, failed its
page with that ``ValueError``, counted nowhere; it is now :class:`InvalidRedirectError`, counted as
those are (:func:`invalid_redirect`).
A ``<meta http-equiv=refresh>`` loop (``HeadMetaRefreshMiddleware``) is a redirect loop too
(:func:`fail_loop`).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsscraper.crawl.urls import canonicalize_url


class RedirectLoopError(Exception):
    """A redirect to a URL already in its own chain."""


class TooManyRedirectsError(Exception):
    """A chain of more than ``REDIRECT_MAX_TIMES`` redirects."""


class InvalidRedirectError(Exception):
    """A redirect whose target (a ``Location``, a meta refresh's URL) is not a URL."""


def _failure_stat(exc: type[Exception]) -> str:
    # Scrapy counts only exceptions raised while downloading under this key; one raised in
    # process_response is not, though the page fails all the same
    return f"downloader/exception_type_count/{__name__}.{exc.__name__}"


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """Follow redirects as Scrapy does; fail a loop or an over-long chain, counted."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            result = super().process_response(request, response)
        except ValueError as exc:
            location = (response.headers.get("Location") or b"").decode("latin-1")
            raise invalid_redirect(self.crawler, f"Location {location[:200]!r}", exc) from exc
        except IgnoreRequest as exc:
            if request.meta.get("redirect_times", 0) < self.max_redirect_times:
                raise  # not a redirect that Scrapy gave up on (a Location of an unknown scheme...)
            self._count(TooManyRedirectsError)
            raise TooManyRedirectsError(
                f"more than {self.max_redirect_times} redirects (REDIRECT_MAX_TIMES), last to "
                f"{(response.headers.get('Location') or b'').decode('latin-1')[:200]}"
            ) from exc
        fail_loop(self.crawler, request, result)
        return result

    def _count(self, exc: type[Exception]) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(_failure_stat(exc))


def invalid_redirect(crawler: Crawler, what: str, exc: ValueError) -> InvalidRedirectError:
    """The (counted) :class:`InvalidRedirectError` of a redirect whose target ``what`` did not
    parse as a URL."""
    if crawler.stats is not None:
        crawler.stats.inc_value(_failure_stat(InvalidRedirectError))
    return InvalidRedirectError(f"{what} is not a URL ({exc})")


def fail_loop(crawler: Crawler, request: Request, result: Request | Response) -> None:
    """Raise :class:`RedirectLoopError` (counted) when ``result`` is a redirect of ``request`` back
    to a URL of its own chain (the duplicate filter would drop it unsaid)."""
    if isinstance(result, Request) and result is not request:
        chain = {canonicalize_url(u) for u in (*request.meta.get("redirect_urls", ()), request.url)}
        if canonicalize_url(result.url) in chain:
            if crawler.stats is not None:
                crawler.stats.inc_value(_failure_stat(RedirectLoopError))
            raise RedirectLoopError(f"redirect loop back to {result.url[:200]}")
