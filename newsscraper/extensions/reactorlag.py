"""Measure how long the reactor thread is kept from running its timers (its *lag*).

A timer scheduled every ``INTERVAL`` seconds records how late it fires. Work that holds the reactor
thread (e.g. extracting articles in it, ``NEWSSCRAPER_EXTRACT_EXECUTOR = "reactor"``) shows up as
lag; downloads, timeouts and Retry-After waits are delayed by as much. Results go to stats
``newsscraper/reactor/max_lag_ms``, ``.../p95_lag_ms``, ``.../p50_lag_ms`` and ``.../mean_lag_ms``.
It also measures the CPU the crawl spends per response once it runs, start-up left out: CPU time
of the reactor thread and of the whole process from the first response received to the later of
the last response and the last time the spider went idle (every response's reading done), divided
by the responses after the first (stats ``newsscraper/reactor/cpu_ms_per_response`` and
``newsscraper/cpu_ms_per_response``). Ending at the last response alone left out the reading still
queued in the worker threads then: on a loaded machine, a third of the crawl's CPU.
Switch: ``NEWSSCRAPER_REACTOR_LAG_ENABLED``.
"""

from __future__ import annotations

import time
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet.task import LoopingCall

INTERVAL = 0.05  # s; 20 samples a second resolve stalls of one extraction (5-50 ms) and cost nothing
MAX_SAMPLES = 100_000  # 80 minutes of samples (0.8 MB); later samples only update max and mean


class ReactorLagMonitor:
    """Sample the reactor's timer lateness during the crawl."""

    def __init__(self, stats: StatsCollector):
        self.stats = stats
        self.max_lag = 0.0
        self.total = 0.0
        self.samples = 0
        self.kept: list[float] = []
        self._expected = 0.0
        self._loop = LoopingCall(self._tick)
        self.responses = 0
        self._first_cpu = self._last_cpu = (0.0, 0.0)  # (reactor thread, process) CPU seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_REACTOR_LAG_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    def response_received(self) -> None:
        """Runs in the reactor thread: its ``thread_time`` is the reactor's CPU."""
        self._last_cpu = (time.thread_time(), time.process_time())
        if not self.responses:
            self._first_cpu = self._last_cpu
        self.responses += 1

    def spider_idle(self) -> None:
        """The pages read so far are all done: their work belongs in the window."""
        if self.responses:
            self._last_cpu = (time.thread_time(), time.process_time())

    def spider_opened(self) -> None:
        self._expected = time.monotonic() + INTERVAL
        self._loop.start(INTERVAL, now=False)

    def _tick(self) -> None:
        now = time.monotonic()
        lag = max(0.0, now - self._expected)
        self._expected = now + INTERVAL
        self.max_lag = max(self.max_lag, lag)
        self.total += lag
        self.samples += 1
        if len(self.kept) < MAX_SAMPLES:
            self.kept.append(lag)

    def spider_closed(self) -> None:
        if self._loop.running:
            self._loop.stop()
        self.stats.set_value("newsscraper/reactor/max_lag_ms", round(self.max_lag * 1000, 1))
        mean = self.total / self.samples if self.samples else 0.0
        self.stats.set_value("newsscraper/reactor/mean_lag_ms", round(mean * 1000, 2))
        if self.responses > 1:
            n = self.responses - 1
            reactor_cpu, cpu = (b - a for a, b in zip(self._first_cpu, self._last_cpu, strict=True))
            self.stats.set_value("newsscraper/reactor/cpu_ms_per_response", round(reactor_cpu * 1000 / n, 2))
            self.stats.set_value("newsscraper/cpu_ms_per_response", round(cpu * 1000 / n, 2))
        kept = sorted(self.kept) or [0.0]
        for q in (50, 95):
            value = kept[min(len(kept) - 1, len(kept) * q // 100)]
            self.stats.set_value(f"newsscraper/reactor/p{q}_lag_ms", round(value * 1000, 1))
