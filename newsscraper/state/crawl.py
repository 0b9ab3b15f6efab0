"""One state store per crawl, shared by the conditional-request middleware and the incremental
pipeline, and the run's life cycle around it.

Opening the store registers the run and recovers the pending decisions of runs that were killed
(before any pipeline opens its output). The store is synced when the JSON Lines writer is about to
make records durable (:data:`~newsscraper.signals.records_publishing`) and records are committed
when it says it published them (:data:`~newsscraper.signals.records_published`); without that
writer (e.g. ``FEEDS`` only) they are committed when the crawl closes, once every item has passed
every pipeline.
"""

from __future__ import annotations

import json
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newsscraper.datetimes import parse_machine_date
from newsscraper.signals import records_published, records_publishing
from newsscraper.state.store import GROUP_SECONDS, StateStore

STATS_PREFIX = "newsscraper/incremental"

_STORES: weakref.WeakKeyDictionary[Crawler, CrawlState] = weakref.WeakKeyDictionary()


class CrawlState:
    """The store of one crawl plus the bookkeeping that ties it to Scrapy signals."""

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler = crawler
        self.store = store
        self.scraped: set[str] = set()
        """Keys emitted this run, when no writer signal commits them (FEEDS only)."""
        self.writer = bool(crawler.settings.get("NEWSSCRAPER_OUTPUT"))
        self.stats = crawler.stats
        self._stats_at_close: dict[str, Any] = {}
        self._reason = "finished"
        if self.writer:
            crawler.signals.connect(self._publishing, signal=records_publishing)
            crawler.signals.connect(self._published, signal=records_published)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)
        # The writer publishes its last records in its own spider_closed handler, which may run
        # after ours: the run is only settled once the engine stopped.
        crawler.signals.connect(self._stopped, signal=signals.engine_stopped)
        crawler.signals.connect(self._started, signal=signals.engine_started)
        # Commits the store's open group of claims now and then, so an idle worker never keeps
        # SQLite's write lock from the others.
        self._flusher = LoopingCall(store.flush)
        self.finished = False

    def _started(self) -> None:
        self._flusher.start(GROUP_SECONDS, now=False)

    def inc(self, name: str, count: int = 1) -> None:
        """Add to the stat ``newsscraper/incremental/<name>``."""
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{name}", count)

    def _publishing(self, **_: Any) -> None:
        if not self.finished:
            self.store.sync()

    def _published(self, identities: list[str | None], **_: Any) -> None:
        if not self.finished:
            self.inc("committed", self.store.commit_keys(k for k in identities if k))

    def _closed(self, reason: str) -> None:
        self._reason = reason
        if self.stats is not None:
            self._stats_at_close = {
                k: v for k, v in self.stats.get_stats().items() if k.startswith(STATS_PREFIX + "/")
            }

    def _stopped(self) -> None:
        if self._flusher.running:
            self._flusher.stop()
        if self.finished:
            return
        if not self.writer:
            self.inc("committed", self.store.commit_keys(sorted(self.scraped)))
        # Whatever is still pending was never published: forget it, the next run emits it.
        self.store.finish_run(self._reason, self._stats_at_close, commit=False)
        self.store.close()
        self.finished = True
        report = self.crawler.settings.get("NEWSSCRAPER_REPORT")
        if report and self.stats is not None:
            add_to_report(Path(report), self.stats.get_stats())


def add_to_report(path: Path, stats: dict[str, Any]) -> None:
    """Bring the run report's ``incremental`` section (new, changed, unchanged, committed...) up to
    date.

    The report is written when the spider closes, but the last records are published, and their
    state committed, after that; so the section is rewritten here with the final counts,
    atomically (temporary file + rename).
    """
    try:
        report = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(report, dict):
        return
    prefix = STATS_PREFIX + "/"
    report["incremental"] = {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def crawl_state(crawler: Crawler) -> CrawlState:
    """Return the crawl's state (opened on first use); ``NotConfigured`` without a state dir."""
    state = _STORES.get(crawler)
    if state is not None:
        return state
    directory = crawler.settings.get("NEWSSCRAPER_STATE_DIR")
    if not directory:
        # Bare: Scrapy logs a NotConfigured with a message as a warning, and off is the default.
        raise NotConfigured
    store = StateStore(directory, full=crawler.settings.getbool("NEWSSCRAPER_STATE_FULL"))
    store.begin_run(crawler.settings.get("NEWSSCRAPER_OUTPUT"))
    state = CrawlState(crawler, store)
    recovered = store.recover()
    state.inc("recovered-committed", recovered["committed"])
    state.inc("recovered-forgotten", recovered["forgotten"])
    _STORES[crawler] = state
    return state


LASTMOD_META = "newsscraper_lastmod"
DATE_ONLY_SPAN = timedelta(hours=36)


def request_lastmod(request: Request) -> str | None:
    """The modification date a sitemap gave for ``request`` (spider hint or meta), if any."""
    hints = request.cb_kwargs.get("hints") or {}
    value = request.meta.get(LASTMOD_META) or (hints.get("lastmod") if isinstance(hints, dict) else None)
    return str(value) if value else None


def parse_lastmod(value: object) -> datetime | None:
    """Parse a sitemap / Atom (ISO 8601) or RSS (RFC 822) date; naive times are taken as UTC.

    >>> parse_lastmod("2024-05-01").isoformat()  # a bare date: the end of that day anywhere
    '2024-05-02T12:00:00+00:00'
    >>> parse_lastmod("2024-05-01T08:00:00+02:00").isoformat()
    '2024-05-01T08:00:00+02:00'
    >>> parse_lastmod("Wed, 01 May 2024 10:00:00 GMT").isoformat()
    '2024-05-01T10:00:00+00:00'
    >>> parse_lastmod("soon") is None
    True
    """
    if isinstance(value, datetime):
        moment: datetime | None = value
    elif isinstance(value, str) and value.strip():
        moment = parse_machine_date(value)
    else:
        moment = None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment is not None and isinstance(value, str) and len(value.strip()) == 10:
        # A bare date (W3C Datetime allows it) means "some time that day", in the site's time
        # zone: take the latest instant it can be anywhere (UTC-12 ends 36 h after 00:00 UTC).
        moment += DATE_ONLY_SPAN
    return moment
