"""Pages stored in WARC files (``.warc``, ``.warc.gz``; Common Crawl's and wget's archives), read
with warcio for ``newsscraper extract``.

One :class:`WarcPage` per HTML response record with a 2xx status: its target URI, the record's
date (``WARC-Date``, when the page was fetched) and the HTTP headers and body, transfer and content
encodings undone (warcio); and one per HTML ``resource`` record of an http(s) address (a page kept
without its HTTP exchange), its record's ``Content-Type`` as its only header. Other records are
counted in ``skipped`` by reason, never merged into a page: ``not-html`` (an image, a PDF, a
script... response or resource), ``status-3xx`` / ``status-4xx`` / ``status-5xx``, ``revisit`` (no
body, only a pointer to an earlier capture). Request, metadata, warcinfo and conversion records and
resources of other schemes are not pages and are passed over without a count.
"""

from __future__ import annotations

import gzip  # noqa: F401 - the doctest uses it
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

__all__ = ["WARC_SUFFIXES", "ArchiveLoadFailed", "WarcPage", "looks_like_warc", "warc_pages"]

from newsscraper.datetimes import format_iso
from newsscraper.extraction.html import MAX_BYTES

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page of a WARC file (a response or resource record)."""

    url: str
    """``WARC-Target-URI`` of the record."""
    date: str | None
    """``WARC-Date`` as ISO 8601 UTC (``2024-03-12T14:32:00+00:00``), ``None`` when absent or bad."""
    headers: dict[str, str] = field(repr=False)
    """HTTP response headers, first value of each (a resource record: its ``Content-Type``)."""
    body: bytes = field(repr=False)
    """The page's bytes, without transfer or content encoding."""


def looks_like_warc(head: bytes) -> bool:
    """Whether the first bytes of a file (gzipped or not) start a WARC record.

    >>> looks_like_warc(b"WARC/1.0\\r\\nWARC-Type: warcinfo"), looks_like_warc(gzip.compress(b"WARC/1.1"))
    (True, True)
    >>> looks_like_warc(b"<html>")
    False
    """
    if head.startswith(b"\x1f\x8b"):
        try:  # a decompressor, not gzip.decompress: the head is a truncated stream
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:  # WARC dates are UTC (ISO 28500: "UTC ... Z")
        moment = moment.replace(tzinfo=UTC)
    return format_iso(moment.astimezone(UTC))


def _check_whole(record: ArcWarcRecord, body: bytes) -> None:
    """Raise ``EOFError`` when ``record``'s block ended before its ``Content-Length``: warcio reads
    a plain WARC cut inside a payload as a short body, and the page's first bytes gave a record of
    their own (often an empty body) as if whole. A body read only up to ``MAX_BYTES`` is not cut."""
    left = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: block bytes not read
    if left and len(body) <= MAX_BYTES:
        uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
        raise EOFError(f"WARC record cut short: {uri}, {record.length - left} of {record.length} bytes")


def _header_cut(record: ArcWarcRecord) -> bool:
    """Whether ``record``'s header blocks were cut short: warcio yields what it read of them, a
    record without ``Content-Length`` (which every WARC record has) or an http(s) response without
    an HTTP status line, and such a record was passed over without a word."""
    if record.length is None:
        return True
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type != "response" or not uri.lower().startswith(("http:", "https:")):
        return False  # a dns: response has no HTTP headers
    return record.http_headers is None or not record.http_headers.get_statuscode()


def _stored_page(record: ArcWarcRecord, url: str) -> bool:
    """Whether ``record`` is a ``resource`` record of a web page's address: the page's bytes kept
    without the HTTP response (ISO 28500:2017 6.5), its type in the record's own ``Content-Type``.
    Resources of other schemes (wget's ``metadata://`` log, ``urn:`` page lists) are not pages."""
    return record.rec_type == "resource" and url.lower().startswith(("http:", "https:"))


def _header_cut_error(last: ArcWarcRecord) -> EOFError:
    """The error of a record cut inside its header block, named by the record before it."""
    after = last.rec_headers.get_header("WARC-Target-URI") or f"the {last.rec_type} record"
    return EOFError(f"WARC record cut short inside its header block: the record after {after}")


def _ended_whole(archive: ArchiveIterator) -> bool:
    """Whether the stream ended where the last record read ended: warcio reads a record cut early
    in its header block as the end of the file, and the pages from the cut on were lost without a
    word. The offsets are warcio's: bytes of the file as read, compressed or not."""
    return bool(archive.fh.tell() <= archive.offset)


def warc_pages(stream: BinaryIO, skipped: Counter[str]) -> Iterator[WarcPage]:
    """Yield the HTML pages of a WARC stream (gzipped or not); count the other responses and http(s)
    resources in ``skipped``.

    Raises warcio's ``ArchiveLoadFailed`` for a stream that is not WARC or holds a malformed record
    (one cut inside its header block, a response without ``WARC-Target-URI``), ``OSError`` /
    ``EOFError`` for a truncated or corrupt one (a response cut inside its payload too:
    :func:`_check_whole`, or inside a header block: :func:`_header_cut`, :func:`_ended_whole`);
    the pages before the bad spot are yielded first.
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    records = iter(archive)
    last: ArcWarcRecord | None = None
    while True:
        try:
            record = next(records)
        except StopIteration:
            # a stream that ended before any record is cli.NoPagesInWarc's case
            if last is not None and not _ended_whole(archive):
                raise _header_cut_error(last) from None
            return
        except (AttributeError, TypeError, ValueError) as exc:
            # warcio's parser assumes whole headers: a response record without a target URI (a
            # download cut inside a record's header block reads as one) fails inside it with
            # AttributeError on None; 15 % of the cuts of a small WARC did so.
            raise ArchiveLoadFailed(
                f"malformed or truncated WARC record ({type(exc).__name__}: {exc})"
            ) from exc
        if _header_cut(record):
            if last is None:  # nothing read: cli.NoPagesInWarc says so
                return
            raise _header_cut_error(last)
        last = record
        if record.rec_type == "revisit":
            skipped["revisit"] += 1
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or ""
        if _stored_page(record, url):
            # a page stored without its HTTP exchange (ISO 28500 6.5; Webrecorder's and warcit's
            # archives): the record's Content-Type stands for the response's, and such pages were
            # passed over without a word
            raw_type = record.rec_headers.get_header("Content-Type") or ""
            http_headers = [("Content-Type", raw_type)] if raw_type else []
        elif record.rec_type != "response" or record.http_headers is None:
            continue
        else:
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                skipped[f"status-{status[:1] or '?'}xx"] += 1
                continue
            raw_type = record.http_headers.get_header("Content-Type") or ""
            http_headers = record.http_headers.headers
        ctype = raw_type.lower()
        # bounded as a saved page is (cli.READ_LIMIT): extract_article parses MAX_BYTES, and a
        # Content-Encoding: gzip bomb or a video response is not inflated or held whole
        body = record.content_stream().read(MAX_BYTES + 1)
        _check_whole(record, body)
        if not any(t in ctype for t in _HTML_TYPES) and not (not ctype and b"<html" in body[:2048].lower()):
            skipped["not-html"] += 1
            continue
        headers: dict[str, str] = {}
        for name, value in http_headers:
            # the body is decoded already: its encodings no longer describe it
            if name.lower() not in ("content-encoding", "transfer-encoding", "content-length"):
                headers.setdefault(name, value)
        yield WarcPage(
            url=url,
            date=_iso(record.rec_headers.get_header("WARC-Date")),
            headers=headers,
            body=body,
        )
