"""``scrapy crawl``, with the exit status of ``newsscraper crawl`` when a feed export fails.

Scrapy's ``crawl`` command exits 1 only when the spider could not start: a feed exporter that
refused every item (or a feed that could not be stored) still ends in status 0. This subclass
(found through ``COMMANDS_MODULE`` in ``newsscraper/settings.py``, which Scrapy lets a project use
to replace a built-in command) exits 4, ``crawl.runner.EXIT_OUTPUT_FAILED``, when the crawl's stats
hold export failures (``extensions/feeds.py``), as ``newsscraper crawl`` does.
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsscraper.crawl.runner import EXIT_OUTPUT_FAILED
from newsscraper.extensions.feeds import export_failures
from newsscraper.spiders.news import NewsSpider


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``; exit status 4 when a feed export failed."""

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
        super().run(args, opts)
        try:
            stats = self._run_crawler.stats if self._run_crawler is not None else None
        except RuntimeError:
            # The crawl never started (the spider refused its arguments: Scrapy has said why and
            # set status 1); Scrapy's Crawler.stats raises until a crawl starts.
            stats = None
        if not self.exitcode and stats is not None and export_failures(stats.get_stats()):
            self.exitcode = EXIT_OUTPUT_FAILED
