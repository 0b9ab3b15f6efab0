"""``scrapy crawl``, with the exit status and the stderr summary of ``newsscraper crawl``.

Scrapy's ``crawl`` command exits 1 only when the spider could not start: a feed exporter that
refused every item (or a feed that could not be stored) still ends in status 0, and so does a
crawl whose every request was refused or failed. This subclass (found through ``COMMANDS_MODULE``
in ``newsscraper/settings.py``, which Scrapy lets a project use to replace a built-in command)
gives a crawl of the ``news`` spider ``newsscraper crawl``'s exit status
(``crawl.runner.exit_status``): 4 when the crawl's stats hold export failures
(``extensions/feeds.py``), 3 when interrupted, 1 when no page could be parsed.

After a crawl of the ``news`` spider it also prints ``newsscraper crawl``'s summary on stderr, each
line starting ``scrapy crawl news:``: the refused requests by kind with the setting that lets them
through (``-s NAME=VALUE``, the options of ``newsscraper crawl`` being no options here), the failed
pages, and the totals. Scrapy shows its stats only at INFO, as a dict: a crawl of a loopback site
whose every request the SSRF guard refused ended with 0 items and no word of why.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsscraper.crawl.frontier import frontier_problem
from newsscraper.crawl.runner import (
    EXIT_NOTHING_CRAWLED,
    EXIT_OUTPUT_FAILED,
    SettingsError,
    check_settings,
    exit_status,
    failure_lines,
    quiet_download_errors,
    refusal_lines,
    selected_line,
    truncated_line,
)
from newsscraper.extensions.feeds import export_failures
from newsscraper.extensions.progress import counted
from newsscraper.extensions.report import build_report
from newsscraper.spiders.news import NewsSpider


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``; for the ``news`` spider, ``newsscraper crawl``'s exit status."""

    _run_crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._run_crawler = super()._create_crawler(spidercls)
        return self._run_crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] == NewsSpider.name:
            # the spider refusing its arguments surfaced as "Task exception was never retrieved"
            # and a traceback; as a usage error Scrapy prints the reason and exits 2, as
            # `newsscraper crawl` does on misuse
            spargs = vars(opts).get("spargs") or {}
            try:
                NewsSpider.checked_arguments(spargs.get("start", ""), spargs.get("follow", "all"))
            except ValueError as exc:
                raise UsageError(str(exc), print_help=False) from None
            # the add-on (SettingsCheckAddon) refuses them too, but once the crawl is starting:
            # asyncio's "Task exception was never retrieved", a traceback and status 1
            assert self.settings is not None
            try:
                check_settings(self.settings)
            except SettingsError as exc:
                raise UsageError(str(exc), print_help=False) from None
            problem = frontier_problem(self.settings)
            if problem is not None:  # Redis down: tracebacks from the engine, said as one line
                print(f"scrapy crawl news: {problem}", file=sys.stderr)
                self.exitcode = EXIT_NOTHING_CRAWLED
                return
            if str(self.settings.get("LOG_LEVEL", "INFO")).upper() != "DEBUG":
                quiet_download_errors()  # one line per failed page, as under newsscraper crawl
        super().run(args, opts)
        try:
            stats = self._run_crawler.stats if self._run_crawler is not None else None
        except RuntimeError:
            # The crawl never started (the spider refused its arguments: Scrapy has said why and
            # set status 1); Scrapy's Crawler.stats raises until a crawl starts.
            stats = None
        if stats is None:
            return
        if args and args[0] == NewsSpider.name:
            for line in summary_lines(stats.get_stats()):
                print(f"scrapy crawl news: {line}", file=sys.stderr)
            if not self.exitcode:
                # Scrapy's 0 for a crawl that fetched nothing (start URLs refused or unreachable)
                # let a scheduled job pass for a good run
                self.exitcode = exit_status(stats.get_stats())
        elif not self.exitcode and export_failures(stats.get_stats()):
            self.exitcode = EXIT_OUTPUT_FAILED


SETTING_HINTS = {
    "--allow-network CIDR (NEWSSCRAPER_ALLOW_NETWORKS)": "-s NEWSSCRAPER_ALLOW_NETWORKS=CIDR",
    "--max-pages (NEWSSCRAPER_MAX_REQUESTS)": "-s NEWSSCRAPER_MAX_REQUESTS=N",
    "(--max-pages, --timeout, a stop)": "(NEWSSCRAPER_MAX_REQUESTS, CLOSESPIDER_PAGECOUNT, "
    "CLOSESPIDER_TIMEOUT, a stop)",
}
"""``newsscraper crawl``'s options named in ``runner.REFUSAL_HINTS``, as ``scrapy crawl`` sets them."""
SELECT_SETTINGS = {
    "select/url": "NEWSSCRAPER_URL_FILTER",
    "select/date": "NEWSSCRAPER_SINCE/_UNTIL",
    "select/no-date": "NEWSSCRAPER_SINCE/_UNTIL",
    "select/lang": "NEWSSCRAPER_LANGUAGES",
    "select/no-lang": "NEWSSCRAPER_LANGUAGES",
}
"""The settings behind ``runner.SELECT_FLAGS``'s options, as ``scrapy crawl`` sets them."""


def summary_lines(stats: Mapping[str, Any]) -> list[str]:
    """The lines ``scrapy crawl news`` ends with: refusals by kind (the hint's option given as the
    setting), failures, and pages fetched and items scraped.

    >>> summary_lines({"newsscraper/refused/ssrf": 2})  # doctest: +NORMALIZE_WHITESPACE
    ['2 requests refused (ssrf): not a public address; allow a network with
      -s NEWSSCRAPER_ALLOW_NETWORKS=CIDR', '0 pages fetched, 0 items scraped']
    >>> summary_lines({"newsscraper/refused/closing": 9})  # doctest: +NORMALIZE_WHITESPACE
    ['9 requests refused (closing): sitemap and feed entries not requested: the run was ending
      (NEWSSCRAPER_MAX_REQUESTS, CLOSESPIDER_PAGECOUNT, CLOSESPIDER_TIMEOUT, a stop)',
     '0 pages fetched, 0 items scraped']
    >>> summary_lines({"newsscraper/drop/select/lang": 6, "downloader/response_count": 35})
    ... # doctest: +NORMALIZE_WHITESPACE
    ['6 articles left out by the selection: 6 select/lang (NEWSSCRAPER_LANGUAGES)',
     '35 pages fetched, 0 items scraped']
    """
    lines = []
    report = build_report(dict(stats), 0, 0)
    for line in refusal_lines(report, stats):
        for option, setting in SETTING_HINTS.items():
            line = line.replace(option, setting)
        lines.append(line)
    lines += failure_lines(stats)
    if truncated := truncated_line(stats):
        lines.append(truncated)
    if selected := selected_line(report, SELECT_SETTINGS):
        lines.append(selected)
    fetched = int(stats.get("downloader/response_count", 0))
    items = int(stats.get("item_scraped_count", 0))
    lines.append(f"{counted(fetched, 'page')} fetched, {counted(items, 'item')} scraped")
    return lines
