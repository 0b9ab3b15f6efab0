"""Run the ``news`` spider in this process: build the settings, crawl, return the report.

Used by ``newsscraper crawl`` (``cli.py``), the tests and the bench. Scrapy's reactor runs once per
process, so :func:`run_crawl` can be called once per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newsscraper.extensions.report import RunReport
from newsscraper.spiders.news import NewsSpider

EXIT_OK = 0
EXIT_NOTHING_CRAWLED = 1
EXIT_MISUSE = 2
EXIT_INTERRUPTED = 3
"""Stopped by SIGINT / SIGTERM (``finish_reason`` ``shutdown``): a scheduler should run it again."""


def build_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Return ``newsscraper.settings`` with ``overrides`` applied at command-line priority."""
    settings = Settings()
    settings.setmodule("newsscraper.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """What a crawl did."""

    report: dict[str, Any]
    stats: dict[str, Any]
    exit_status: int
    """0 when pages were crawled, 1 when none could be, 3 when interrupted (``docs/crawling.md``)."""


def run_crawl(start_urls: Sequence[str], settings: Settings) -> CrawlResult:
    """Crawl from ``start_urls`` with ``settings`` until done; return the report."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, start=",".join(start_urls))
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    report: dict[str, Any] = {}
    assert crawler.extensions is not None
    for ext in crawler.extensions.middlewares:
        if isinstance(ext, RunReport) and ext.report is not None:
            report = ext.report
    parsed = int(stats.get("newsscraper/pages_parsed", 0))
    if stats.get("finish_reason") == "shutdown":
        status = EXIT_INTERRUPTED
    else:
        status = EXIT_OK if parsed else EXIT_NOTHING_CRAWLED
    return CrawlResult(report, stats, status)
