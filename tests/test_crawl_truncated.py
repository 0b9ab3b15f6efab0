"""A page longer than the extraction reads (``MAX_BYTES``, 10 MiB) but within ``DOWNLOAD_MAXSIZE``
(16 MiB): its record is flagged ``input-truncated`` and the run's summary says so, under
``newsscraper fetch`` and ``scrapy crawl news`` (the record alone flagged it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsscraper.demo import SiteServer
from newsscraper.demo.site import Page
from newsscraper.extraction.html import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "DOWNLOAD_TIMEOUT=30"]  # fmt: skip
PARAGRAPH = b"<p>The harbour board met again on Tuesday to talk about the ferry timetable.</p>\n"
BIG = (
    b"<html><head><title>Ferry timetable</title></head><body><article><h1>Ferry timetable</h1>"
    + PARAGRAPH * (MAX_BYTES // len(PARAGRAPH) + 2000)
    + b"</article></body></html>"
)


def test_a_page_over_the_extraction_limit_is_said_in_the_summary(tmp_path: Path) -> None:
    assert MAX_BYTES < len(BIG) < 16 * 2**20  # read by extraction only in part, downloaded whole
    pages = {
        "/robots.txt": Page(body=b"", headers={"Content-Type": "text/plain"}),
        "/big.html": Page(body=BIG),
    }
    with SiteServer(pages) as server:
        out = tmp_path / "out.jsonl"
        fetch = subprocess.run(
            [sys.executable, "-m", "newsscraper.cli", "fetch", server.url("/big.html"), "-o", str(out),
             "--allow-network", "127.0.0.1/32", *FAST],
            capture_output=True, text=True, timeout=180, cwd=tmp_path,
        )  # fmt: skip
        scrapy = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start={server.url('/big.html')}",
             "-a", "follow=none", "-s", "NEWSSCRAPER_ALLOW_NETWORKS=127.0.0.1/32", "-s", "LOG_LEVEL=WARNING",
             *FAST],
            capture_output=True, text=True, timeout=180, cwd=ROOT,
        )  # fmt: skip
    assert fetch.returncode == 0, fetch.stderr
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert "input-truncated" in record["metadata"]["warnings"]
    said = "1 page longer than 10 MiB: only its first 10 MiB were extracted (warning input-truncated"
    assert f"newsscraper fetch: {said}" in fetch.stderr
    assert scrapy.returncode == 0, scrapy.stderr
    assert f"scrapy crawl news: {said}" in scrapy.stderr


def test_a_page_cut_by_depth_is_said_in_the_summary(tmp_path: Path) -> None:
    # a page whose text lay below libxml2's 256 levels gave a record flagged nesting-too-deep that
    # no summary line said (the record alone flagged it), as input-truncated once was
    nested = b"<div>" * 300 + b"<p>The text of this story lies far below the top.</p>" + b"</div>" * 300
    page = (
        b"<html><head><title>Deep page</title></head><body><article><h1>Deep page</h1>"
        + PARAGRAPH * 4
        + b"</article>"
        + nested
        + b"</body></html>"
    )
    pages = {
        "/robots.txt": Page(body=b"", headers={"Content-Type": "text/plain"}),
        "/deep.html": Page(body=page),
    }
    with SiteServer(pages) as server:
        out = tmp_path / "out.jsonl"
        fetch = subprocess.run(
            [sys.executable, "-m", "newsscraper.cli", "fetch", server.url("/deep.html"), "-o", str(out),
             "--allow-network", "127.0.0.1/32", *FAST],
            capture_output=True, text=True, timeout=180, cwd=tmp_path,
        )  # fmt: skip
    assert fetch.returncode == 0, fetch.stderr
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert "nesting-too-deep" in record["metadata"]["warnings"]
    said = "1 page nested deeper than 256 levels: what lay deeper was left out (warning nesting-too-deep"
    assert f"newsscraper fetch: {said}" in fetch.stderr
