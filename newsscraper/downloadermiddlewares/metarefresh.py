"""Scrapy's MetaRefreshMiddleware, reading only the head of the page.

Scrapy looks for ``<meta http-equiv="refresh">`` in the first 4,096 characters of the page, but to
get them it decodes the whole body (``response.text``) and keeps the text cached on the response
for as long as the response lives: a second copy of every HTML page (60 MB for four 15 MiB pages
in flight, ``bench/crawl_memory.py``), decoded in the reactor thread (charset detection included,
for pages that declare no encoding). Here the same middleware reads a copy of the response cut to
its first :data:`HEAD_BYTES` bytes, which hold those 4,096 characters in any encoding; the page's
own response is passed on untouched. A head in an ASCII-compatible encoding (no NUL byte) without
the word "refresh" is passed on at once (most pages: no decoding, no copy, less reactor CPU).
A refresh back to a URL of its own redirect chain (``/a`` refreshes to ``/b``, ``/b`` to ``/a``) fails
the page as a 3xx loop does (:func:`~newsscraper.downloadermiddlewares.redirect.fail_loop`:
``download/RedirectLoopError``); the duplicate filter dropped it unsaid. A refresh to something that
is not a URL (``url=http://[::1/x``) is ``InvalidRedirectError``, not an uncounted ``ValueError``.
Same settings (``METAREFRESH_ENABLED``, ``METAREFRESH_IGNORE_TAGS``, ``METAREFRESH_MAXDELAY``) and
same redirects; the encoding of a page that declares none is inferred from its head (a page whose
first non-ASCII byte comes after ``HEAD_BYTES`` is read as ASCII there, which gives the same
characters up to that byte).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

from newsscraper.downloadermiddlewares.redirect import fail_loop, invalid_redirect

HEAD_BYTES = 4096 * 4 + 4
"""Bytes that hold the first 4,096 characters Scrapy scans in any encoding (UTF-8 and UTF-32 take
up to 4 bytes a character) and a byte-order mark."""


def head_of(body: bytes, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of ``body``, without a UTF-8 sequence cut at the end (a cut one
    would make a UTF-8 page look undecodable to Scrapy's encoding inference).

    >>> head_of("aé".encode(), 2), head_of("aé".encode(), 3)
    (b'a', b'a\\xc3\\xa9')
    """
    head = body[:size]
    if len(body) <= size:
        return head
    for back in range(1, 4):  # a UTF-8 sequence is at most 4 bytes: look at the last 3
        if back > len(head):
            break
        byte = head[-back]
        if byte < 0x80:
            break
        if byte >= 0xC0:  # the lead byte of the last sequence: complete if it needs <= back bytes
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return head if need <= back else head[:-back]
    return head


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """``MetaRefreshMiddleware`` on the first :data:`HEAD_BYTES` bytes of HTML responses."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if not isinstance(response, HtmlResponse):
            return super().process_response(request, response)
        head = head_of(response.body)
        # bytes.lower() folds ASCII letters only, as re.IGNORECASE does on a bytes pattern, and
        # costs a tenth of the case-insensitive search (reactor CPU on every HTML response)
        if b"\0" not in head and b"refresh" not in head.lower():
            return response  # an ASCII-compatible head without the word: nothing to decode
        if len(response.body) <= HEAD_BYTES:
            return self._refresh(request, response)
        # not response.replace(): it reads response.encoding, whose inference decodes the whole
        # body; the head's encoding is inferred from the same headers, BOM and <meta>
        given = {a: getattr(response, a) for a in response.attributes if a not in ("body", "encoding")}
        probe = type(response)(**given, body=head)
        result = self._refresh(request, probe)
        return response if result is probe else result

    def _refresh(self, request: Request, response: HtmlResponse) -> Request | Response:
        """Scrapy's refresh; a loop back into the chain or a target that is not a URL fails the
        page, counted (``RedirectLoopError``, ``InvalidRedirectError``)."""
        try:
            result = super().process_response(request, response)
        except ValueError as exc:
            raise invalid_redirect(self.crawler, "meta refresh target", exc) from exc
        fail_loop(self.crawler, request, result)
        return result
