"""The crawl's CPU-per-response window (``newsscraper.extensions.reactorlag``)."""

from __future__ import annotations

import time

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsscraper.extensions.reactorlag import ReactorLagMonitor


def _burn(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_reading_finished_after_the_last_response_is_in_the_window() -> None:
    # the worker threads may still be reading pages when the last response arrives: the window
    # ends when the spider is idle, so that work counts
    stats = MemoryStatsCollector(get_crawler())
    monitor = ReactorLagMonitor(stats)
    monitor.response_received()
    monitor.response_received()
    _burn(0.05)  # the last page's reading, done after its response
    monitor.spider_idle()
    monitor.spider_closed()
    assert stats.get_value("newsscraper/reactor/cpu_ms_per_response") >= 45
    assert stats.get_value("newsscraper/cpu_ms_per_response") >= 45


def test_an_idle_spider_before_any_response_opens_no_window() -> None:
    stats = MemoryStatsCollector(get_crawler())
    monitor = ReactorLagMonitor(stats)
    monitor.spider_idle()
    monitor.response_received()
    monitor.spider_closed()
    assert stats.get_value("newsscraper/reactor/cpu_ms_per_response") is None
