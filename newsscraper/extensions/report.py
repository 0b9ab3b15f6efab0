"""The run report: what a crawl did, as one JSON object (``NEWSSCRAPER_REPORT`` path, optional).

Fields: ``start_urls``, ``started`` / ``finished`` (ISO 8601 UTC), ``duration_s``,
``finish_reason``, ``pages_fetched`` (HTTP responses, robots.txt and redirects included),
``pages_by_status``, ``articles_written``, ``discovery`` (entries read from sitemaps and feeds),
``incremental`` (the state store's decisions in scheduled crawls, empty otherwise),
``drops`` (reason → count: pages that yielded no record, from the spider and the pipelines),
``refused`` (requests refused by safety rules: offsite, ssrf, scheme, robots, size, trap...),
``errors`` (kind → count: download exceptions, HTTP errors, retries given up, spider exceptions,
``export/...`` items or feeds a feed exporter failed on),
``retry_after_waits``, ``reactor`` (lag in ms; CPU per response of the reactor thread and of the
process, start-up left out) and ``output``. The report is also kept on the
extension (:attr:`RunReport.report`) for in-process callers. See ``docs/crawling.md``.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsscraper.datetimes import format_iso
from newsscraper.extensions.feeds import export_failures

DROP = "newsscraper/drop/"


def _iso(ts: float) -> str:
    return format_iso(datetime.fromtimestamp(ts, UTC))


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}


def build_report(stats: dict[str, Any], started: float, finished: float, **extra: Any) -> dict[str, Any]:
    """Assemble the report from a Scrapy stats dict."""
    refused = _prefixed(stats, "newsscraper/refused/")
    refused.update({f"trap/{k}": v for k, v in _prefixed(stats, "newsscraper/trap/").items()})
    if stats.get("robotstxt/forbidden"):
        refused["robots"] = int(stats["robotstxt/forbidden"])
    if stats.get("urllength/request_ignored_count"):
        refused["url-too-long"] = int(stats["urllength/request_ignored_count"])
    if stats.get("depth/request_ignored_count"):
        refused["depth"] = int(stats["depth/request_ignored_count"])
    errors = {
        f"download/{k.rsplit('.', 1)[-1]}": v
        for k, v in _prefixed(stats, "downloader/exception_type_count/").items()
        if not k.endswith("IgnoreRequest")  # refusals, counted under "refused"
    }
    errors.update(
        {f"http/{k}": v for k, v in _prefixed(stats, "httperror/response_ignored_status_count/").items()}
    )
    errors.update({f"spider/{k}": v for k, v in _prefixed(stats, "spider_exceptions/").items()})
    if stats.get("retry/max_reached"):
        errors["retry/gave-up"] = int(stats["retry/max_reached"])
    errors.update(export_failures(stats))
    return {
        **extra,
        "started": _iso(started),
        "finished": _iso(finished),
        "duration_s": round(finished - started, 3),
        "finish_reason": stats.get("finish_reason"),
        "pages_fetched": int(stats.get("downloader/response_count", 0)),
        "pages_by_status": _prefixed(stats, "downloader/response_status_count/"),
        # records our writer wrote; with feed exports only, the items that reached them
        "articles_written": int(
            stats.get("newsscraper/articles_written", stats.get("item_scraped_count", 0))
        ),
        "drops": _prefixed(stats, DROP),
        "refused": refused,
        "errors": errors,
        "discovery": _prefixed(stats, "newsscraper/discovery/"),
        # scheduled crawls (docs/scheduling.md): new / changed / unchanged / not-modified / skipped...
        "incremental": _prefixed(stats, "newsscraper/incremental/"),
        "retry_after_waits": int(stats.get("newsscraper/retry_after/waited", 0)),
        "reactor": {
            "max_lag_ms": stats.get("newsscraper/reactor/max_lag_ms"),
            "p95_lag_ms": stats.get("newsscraper/reactor/p95_lag_ms"),
            "p50_lag_ms": stats.get("newsscraper/reactor/p50_lag_ms"),
            "mean_lag_ms": stats.get("newsscraper/reactor/mean_lag_ms"),
            # CPU per response from the first response to the last (start-up left out)
            "cpu_ms_per_response": stats.get("newsscraper/reactor/cpu_ms_per_response"),
            "process_cpu_ms_per_response": stats.get("newsscraper/cpu_ms_per_response"),
        },
    }


class RunReport:
    """Count pipeline drops by reason and write the report when the spider closes."""

    def __init__(self, stats: StatsCollector, path: Path | None, output: str | None):
        self.stats = stats
        self.path = path
        self.output = output
        self.started = time.time()
        self.report: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        path = crawler.settings.get("NEWSSCRAPER_REPORT")
        ext = cls(crawler.stats, Path(path) if path else None, crawler.settings.get("NEWSSCRAPER_OUTPUT"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.time()

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        reason = str(exception).split()[0] if isinstance(exception, DropItem) and str(exception) else "other"
        self.stats.inc_value(DROP + reason)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.stats.get_stats()
        stats.setdefault("finish_reason", reason)
        self.report = build_report(
            stats,
            self.started,
            time.time(),
            start_urls=list(getattr(spider, "start_urls", [])),
            output=self.output,
        )
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self.report, indent=2, ensure_ascii=False) + "\n", "utf-8")
            tmp.replace(self.path)
