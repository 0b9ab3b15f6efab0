"""Hostile pages and discovery documents on a loopback site, through ``newsscraper crawl``: each kind
once gave a lost page that no summary line or report count said (session 15, fresh-user pass).

One crawl of one small site serves every test here (a module fixture): the server is on 127.0.0.1,
started and stopped by the fixture, and the crawl is bounded by ``--max-pages`` and a timeout."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy.exceptions import DownloadCancelledError, ResponseDataLossError

from newsscraper.crawl.runner import _NoDownloadTracebacks
from newsscraper.demo import SiteServer
from newsscraper.demo.server import Route
from newsscraper.demo.site import ORIGIN, Page

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=90",
        "-s", "DOWNLOAD_TIMEOUT=20", "-s", "RETRY_TIMES=0"]  # fmt: skip
LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, 10)
)  # nine levels of ten: a billion "lol"s, were they expanded
DTD = f'<!DOCTYPE rss [<!ENTITY lol1 "lol">{LAUGHS}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _story(title: str, subject: str) -> str:
    sentence = f"The town council met on Tuesday and talked about the {subject} for a long time. "
    paragraphs = "".join(f"<p>{sentence * 4}Speaker {i} said more about the {subject}.</p>" for i in range(4))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )


PAGES: dict[str, Route] = {
    "/robots.txt": Page(body=b"", headers={"Content-Type": "text/plain"}),
    "/": Page(
        body=(
            b'<html><head><title>Town news</title><link rel="alternate" type="application/rss+xml" '
            b'href="/feed.xml"></head><body><ul><li><a href="/news/2026/wide-bridge-story">Bridge</a>'
            b'<li><a href="/news/2026/broken-gzip-story">Harbour</a><li><a href="/news/2026/loop-a">Loop</a>'
            b'<li><a href="/go/1">Chain</a></ul></body></html>'
        )
    ),
    # UTF-16 without a BOM, as a server's `charset=UTF-16LE` sends it: ASCII text of it is valid
    # UTF-8 full of NULs, and was dropped as binary (drops `not-html/binary`)
    "/news/2026/wide-bridge-story": Page(
        body=_story("Wide bridge", "bridge repairs").encode("utf-16-le"),
        headers={"Content-Type": "text/html; charset=UTF-16LE"},
    ),
    # a body its Content-Encoding does not decode: logged as an error, but no failure counted
    "/news/2026/broken-gzip-story": Page(
        body=_story("Broken harbour", "harbour wall").encode(),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    ),
    # libxml2 stopped the feed's parse at the first reference to the billion-laughs entity: the
    # entries after it were lost
    "/feed.xml": Page(
        body=(
            f'<?xml version="1.0"?>{DTD}<rss version="2.0"><channel><title>&lol9;</title>'
            f"<item><title>&xxe;</title><link>{ORIGIN}/news/2026/feed-only-story</link></item>"
            "</channel></rss>"
        ).encode(),
        headers={"Content-Type": "application/rss+xml"},
    ),
    "/news/2026/feed-only-story": Page(body=_story("Night market", "night market").encode()),
    # a redirect loop was ended by the duplicate filter, and an endless chain by Scrapy at
    # REDIRECT_MAX_TIMES, each with a DEBUG line only: lost pages that nothing said
    "/news/2026/loop-a": Page(body=b"", status=302, headers={"Location": "/news/2026/loop-b"}),
    "/news/2026/loop-b": Page(body=b"", status=302, headers={"Location": "/news/2026/loop-a"}),
    "/go/*": lambda target: Page(
        body=b"", status=302, headers={"Location": f"/go/{int(target.split('/')[2]) + 1}"}
    ),
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("hostile")
    out, report = tmp / "out.jsonl", tmp / "report.json"
    with SiteServer(PAGES) as server:
        run = subprocess.run(
            [sys.executable, "-m", "newsscraper.cli", "crawl", server.url("/"), "-o", str(out),
             "--report", str(report), "--allow-network", "127.0.0.1/32", "--max-pages", "40", *FAST],
            capture_output=True, text=True, timeout=240, cwd=tmp,
        )  # fmt: skip
        hits = [hit.path for hit in server.log]
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    yield {
        "records": {r["headline"]: r for r in records},
        "report": json.loads(report.read_text("utf-8")),
        "stderr": run.stderr,
        "hits": hits,
    }


def test_a_utf16_page_without_a_bom_is_an_article(crawl: dict[str, Any]) -> None:
    record = crawl["records"]["Wide bridge"]
    assert record["metadata"]["encoding"] == "utf-16-le"
    assert "bridge repairs" in record["articleBody"] and "\x00" not in record["articleBody"]
    assert "not-html/binary" not in crawl["report"]["drops"]


def test_a_body_its_content_encoding_does_not_decode_is_a_failed_page(crawl: dict[str, Any]) -> None:
    assert crawl["report"]["errors"]["download/ContentDecodingError"] == 1
    assert "1 Content-Encoding not decodable" in crawl["stderr"]
    assert "Broken harbour" not in crawl["records"]


def test_a_feed_declaring_hostile_entities_still_gives_its_entries(crawl: dict[str, Any]) -> None:
    assert "Night market" in crawl["records"]
    assert crawl["report"]["discovery"]["feed_entries"] == 1
    assert "root:" not in json.dumps(crawl["records"])  # no file read through the external entity


def test_a_redirect_loop_is_a_failed_page(crawl: dict[str, Any]) -> None:
    assert crawl["report"]["errors"]["download/RedirectLoopError"] == 1
    assert "1 redirect loop" in crawl["stderr"]
    assert crawl["hits"].count("/news/2026/loop-a") == 1


def test_an_endless_redirect_chain_is_a_failed_page(crawl: dict[str, Any]) -> None:
    assert crawl["report"]["errors"]["download/TooManyRedirectsError"] == 1
    assert "1 too many redirects" in crawl["stderr"]
    assert [h for h in crawl["hits"] if h.startswith("/go/")] == [f"/go/{i}" for i in range(1, 7)]


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        (ResponseDataLossError(), ": ResponseDataLossError: body cut short"),
        (DownloadCancelledError(), ": DownloadCancelledError: cancelled (over DOWNLOAD_MAXSIZE?)"),
        (ValueError("odd"), ": ValueError: odd"),
    ],
)
def test_a_download_error_line_names_its_reason(reason: Exception, said: str) -> None:
    # a cut body or a download over DOWNLOAD_MAXSIZE carries no message: its one line named no
    # reason ("Error downloading <GET URL>" and nothing after it)
    record = logging.LogRecord(
        "scrapy.core.scraper", logging.ERROR, __file__, 1, "Error downloading %(request)s",
        ({"request": "<GET http://127.0.0.1/a>"},), (type(reason), reason, None),
    )  # fmt: skip
    assert _NoDownloadTracebacks().filter(record)
    assert record.getMessage() == f"Error downloading <GET http://127.0.0.1/a>{said}"
    assert record.exc_info is None
