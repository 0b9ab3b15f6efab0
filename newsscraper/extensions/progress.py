"""A live progress line on stderr while a crawl runs, when stderr is a terminal.

``newsscraper crawl`` and ``fetch`` switch it on (``NEWSSCRAPER_PROGRESS_ENABLED``); it stays off
when stderr is a file or a pipe (a log or a cron mail gets no ``\\r`` lines) and under ``scrapy
crawl`` (off by default there: Scrapy's own log goes to the same stream). Every
``NEWSSCRAPER_PROGRESS_INTERVAL`` seconds (1 s) the line is rewritten in place::

    newsscraper: 57 pages, 21 articles, 2 errors, 4 refused, 35 pages/min

The figures are the run report's (``extensions/report.py``, ``build_report``), so the line and the
report never disagree. The line is cleared when the spider closes, before the command's summary.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import Any, Self, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet.task import LoopingCall

from newsscraper.extensions.report import build_report

CLEAR = "\r\x1b[K"
"""Back to the line's start and erase it (ECMA-48 EL), as terminals and ``tqdm`` do."""


def progress_line(stats: dict[str, Any], started: float, now: float) -> str:
    """The progress line for ``stats`` of a run started at ``started`` (seconds since the epoch):
    pages fetched (responses), articles written, errors and refused requests (the report's kinds
    summed), pages per minute; under 80 columns for runs under 100,000 pages.

    >>> progress_line({"downloader/response_count": 30, "newsscraper/articles_written": 12,
    ...                "newsscraper/refused/ssrf": 2, "retry/max_reached": 1}, 0.0, 60.0)
    'newsscraper: 30 pages, 12 articles, 1 error, 2 refused, 30 pages/min'
    >>> progress_line({"downloader/response_count": 1, "newsscraper/articles_written": 1}, 0.0, 0.5)
    'newsscraper: 1 page, 1 article, 0 errors, 0 refused, 0 pages/min'
    """
    report = build_report(stats, started, now)
    errors = sum(report["errors"].values())
    refused = sum(report["refused"].values())
    seconds = now - started
    rate = report["pages_fetched"] * 60 / seconds if seconds >= 1 else 0  # no rate in the first second
    pages, articles = report["pages_fetched"], report["articles_written"]
    return (
        f"newsscraper: {counted(pages, 'page')}, {counted(articles, 'article')}, "
        f"{counted(errors, 'error')}, {refused} refused, {rate:.0f} pages/min"
    )


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: ``counted(1, "article")`` is ``1 article``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _columns(stream: TextIO) -> int:
    """Width of the terminal ``stream`` writes to (stderr's own, not stdout's as
    ``shutil.get_terminal_size`` gives: stdout may be a file); ``COLUMNS`` or 80 when it has none.

    A pseudo-terminal whose size nobody set (``script``, ``docker exec -t``, a CI runner's) reports 0
    columns: that is no width either, as for ``shutil.get_terminal_size`` (it was taken as a width
    of 0, and the line cut to ``line[:-1]``: its last character lost)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 0
    return columns or shutil.get_terminal_size().columns


class ProgressLine:
    """Rewrite :func:`progress_line` on ``stream`` every ``interval`` seconds while the spider runs."""

    def __init__(self, stats: StatsCollector, interval: float = 1.0, stream: TextIO | None = None):
        self.stats = stats
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.time()
        self._loop: LoopingCall | None = None
        self._shown = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_PROGRESS_ENABLED") or not sys.stderr.isatty():
            raise NotConfigured
        assert crawler.stats is not None
        ext = cls(crawler.stats, crawler.settings.getfloat("NEWSSCRAPER_PROGRESS_INTERVAL", 1.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.time()
        self._loop = LoopingCall(self.show)
        self._loop.start(self.interval, now=False)

    def show(self) -> None:
        """Rewrite the line, cut to the terminal's width less one column (a wrapped line could not
        be rewritten, and a terminal that wraps as soon as the last column is written, such as
        Windows' console, would wrap a line that fills it; ``tqdm`` keeps that column free too)."""
        width = _columns(self.stream) - 1
        line = progress_line(self.stats.get_stats(), self.started, time.time())
        self.stream.write(CLEAR + line[:width])
        self.stream.flush()
        self._shown = True

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._shown:
            self.stream.write(CLEAR)
            self.stream.flush()
