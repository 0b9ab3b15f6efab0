"""Scale-out on scrapy-redis: N crawl processes share one request queue and one dupefilter.

``newsscraper crawl --frontier redis://HOST:PORT/DB`` (setting ``NEWSSCRAPER_FRONTIER``) swaps
Scrapy's scheduler for :class:`SharedScheduler`, a scrapy-redis scheduler that adds what a
*scheduled* shared crawl needs on top of scrapy-redis:

* **a fresh crawl per run.** Workers register in a Redis sorted set with a heartbeat; the first
  worker to join a crawl with no live workers clears the queue and dupefilter a previous (possibly
  killed) run left, atomically (one Lua script), so a later worker never wipes work in progress and
  a requests lost in a killed worker's hands is requested again next run;
* **no early exit.** A worker that runs dry stays open while another worker is still busy (its
  pages may yield more requests), and checks the shared queue every half second instead of
  Scrapy's 5 s idle heartbeat;
* **clean-up by the last worker** to leave.

* **one record per article across workers.** The dedupe pipeline checks each article's identity and
  body fingerprint against one Redis set of the crawl (:class:`SharedSeen`), atomically, so two
  workers never both write the same article, even under two URLs (exact same body).

With ``--state DIR`` on a shared disk the state store also decides new / changed / unchanged for all
workers (one SQLite transaction per group of claims) and marks near-duplicates.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

logger = logging.getLogger(__name__)

KEY_PREFIX = "newsscraper"

LOST_REASON = "frontier_lost"
"""``finish_reason`` of a worker that lost its Redis (down, restarted, unreachable): it stops after
the pages in flight, its records published and committed, and exits 1."""

HEARTBEAT_SECONDS = 1.0
"""How often a worker refreshes its membership and busy flag; cheap (two ZADDs)."""

STALE_SECONDS = 15.0
"""A worker silent this long is taken as dead (killed): 15 missed heartbeats, well above the longest
reactor stall measured while extracting (about 1 s on a 2-core box)."""

IDLE_POLL_SECONDS = 0.5
"""Engine heartbeat for shared crawls: how soon an idle worker sees requests another one queued.
Scrapy's default (5 s) made the second worker sit out most of a small crawl."""

_JOIN = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[2])
local fresh = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
  fresh = 1
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
return fresh
"""

_SEEN = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 1 then return 2 end
redis.call('SADD', KEYS[1], ARGV[1], ARGV[2])
return 0
"""


def frontier_settings(url: str, *, crawl: str = "default") -> dict[str, Any]:
    """Return the Scrapy settings that put a crawl on the Redis frontier at ``url``.

    ``url`` is ``redis://HOST:PORT/DB`` (or ``rediss://`` for TLS); ``crawl`` names the shared crawl,
    so several independent crawls can share one Redis database.

    >>> s = frontier_settings("redis://127.0.0.1:6379/0")
    >>> s["SCHEDULER"], s["REDIS_URL"]
    ('newsscraper.crawl.frontier.SharedScheduler', 'redis://127.0.0.1:6379/0')
    >>> frontier_settings("http://x")
    Traceback (most recent call last):
    ...
    ValueError: --frontier needs redis://HOST:PORT/DB, got 'http://x'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError(f"--frontier needs redis://HOST:PORT/DB, got {url!r}")
    if parts.path.strip("/") and not parts.path.strip("/").isdigit():
        raise ValueError(f"--frontier database must be a number, got {parts.path!r}")
    prefix = f"{KEY_PREFIX}:{crawl}:%(spider)s"
    return {
        "NEWSSCRAPER_FRONTIER": url,
        "NEWSSCRAPER_FRONTIER_CRAWL": crawl,
        "SCHEDULER": "newsscraper.crawl.frontier.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": url,
        # Priority queue: keeps Scrapy's DEPTH_PRIORITY ordering across workers.
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": prefix + ":requests",
        "SCHEDULER_DUPEFILTER_KEY": prefix + ":dupefilter",
        "NEWSSCRAPER_FRONTIER_SEEN_KEY": prefix + ":seen",
        # Kept while workers run; the last worker out clears it (see SharedScheduler.close).
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        # Never block the reactor in a Redis pop: idle workers poll instead.
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
    }


PING_TIMEOUT_SECONDS = 10.0
"""How long the check before a crawl waits for Redis to connect and answer (:func:`frontier_problem`)."""


def frontier_problem(settings: Settings) -> str | None:
    """Why the crawl's Redis frontier (``NEWSSCRAPER_FRONTIER``) cannot be used, ``None`` when it
    answers a PING or no frontier is set.

    Asked before the crawl starts: a Redis that was down, or a wrong port, failed inside the
    scheduler's ``open`` and Scrapy's engine then failed to close what it had not opened, 111 lines
    of tracebacks ending ``RuntimeError: Engine slot not assigned`` and a summary saying the
    articles were written to the ``-o`` file, which was not made. The URL is named without its
    password."""
    url = settings.get("NEWSSCRAPER_FRONTIER")
    if not url:
        return None
    import redis

    parts = urlsplit(str(url))
    shown = f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"
    client = redis.Redis.from_url(
        str(url), socket_connect_timeout=PING_TIMEOUT_SECONDS, socket_timeout=PING_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"the frontier {shown} does not answer ({exc}); nothing was crawled"
    finally:
        client.close()
    return None


class FrontierAddon:
    """Scrapy add-on: when ``NEWSSCRAPER_FRONTIER`` is set, apply :func:`frontier_settings`.

    Lets ``scrapy crawl news -s NEWSSCRAPER_FRONTIER=redis://...`` and scrapyd jobs use the shared
    frontier with one setting, like ``newsscraper crawl --frontier``.
    """

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("NEWSSCRAPER_FRONTIER")
        if not url:
            return
        crawl = settings.get("NEWSSCRAPER_FRONTIER_CRAWL") or "default"
        for name, value in frontier_settings(url, crawl=crawl).items():
            settings.set(name, value, priority="addon")


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis scheduler with worker membership, a fresh crawl per run and no early exit."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        instance: SharedScheduler = cls.from_settings(crawler.settings)
        instance.stats = crawler.stats
        instance.crawler = crawler
        crawler.signals.connect(instance._spider_idle, signal=signals.spider_idle)
        return instance

    def open(self, spider: Spider) -> None:
        super().open(spider)
        base = self.queue.key.rsplit(":", 1)[0]
        self.members_key = base + ":workers"
        self.busy_key = base + ":busy"
        self.seen_key = self.crawler.settings["NEWSSCRAPER_FRONTIER_SEEN_KEY"] % {"spider": spider.name}
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        now = time.time()
        fresh = self.server.eval(
            _JOIN,
            5,
            self.members_key,
            self.queue.key,
            self.df.key,
            self.busy_key,
            self.seen_key,
            now,
            now - STALE_SECONDS,
            self.worker,
        )
        if self.stats is not None:
            self.stats.set_value("newsscraper/frontier/fresh-crawl", bool(fresh))
        engine = self.crawler.engine
        if engine is not None:
            # Instance attribute read when the engine starts its idle heartbeat (after open()).
            engine._SLOT_HEARTBEAT_INTERVAL = IDLE_POLL_SECONDS
        self._beat = LoopingCall(self._heartbeat)
        self._beat.start(HEARTBEAT_SECONDS, now=True)

    def _busy(self) -> bool:
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return False
        slot = engine.scraper.slot
        # No scraper slot yet: the worker is starting and about to queue its start requests.
        return slot is None or bool(engine.downloader.active) or not slot.is_idle()

    def _lost(self, error: RedisError) -> None:
        """Redis failed under this worker (down, restarted: its queue and dupefilter are gone).
        Stop the crawl once, after the pages in flight, with ``finish_reason`` ``frontier_lost``.
        Before, the error escaped from the scheduler into Scrapy's scraper tasks, which died with
        it: the crawl never went idle and the worker hung for good (a cron job's ``flock`` then
        skipped every later run)."""
        if self.stats is not None:
            self.stats.inc_value("newsscraper/frontier/redis-errors")
        if getattr(self, "_lost_once", False):
            return
        self._lost_once = True
        logger.error("the shared frontier (Redis) failed: %s; stopping after the pages in flight", error)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=LOST_REASON))

    def _heartbeat(self) -> None:
        now = time.time()
        try:
            pipe = self.server.pipeline()
            pipe.zadd(self.members_key, {self.worker: now})
            if self._busy():
                pipe.zadd(self.busy_key, {self.worker: now})
            else:
                pipe.zrem(self.busy_key, self.worker)
            pipe.execute()
        except RedisError as error:  # a LoopingCall stops for good at its first error
            self._lost(error)

    def others_busy(self) -> bool:
        """Whether another live worker has requests in flight or items in its pipelines."""
        fresh = self.server.zrangebyscore(self.busy_key, time.time() - STALE_SECONDS, "+inf")
        return any(w.decode() != self.worker for w in fresh)

    def _spider_idle(self, spider: Spider) -> None:
        try:
            waiting = bool(len(self.queue) or self.others_busy())
        except RedisError as error:
            self._lost(error)
            return
        if waiting:
            raise DontCloseSpider

    def close(self, reason: str) -> None:
        if self._beat.running:
            self._beat.stop()
        try:
            self._leave(reason)
        except RedisError as error:  # the next run's first worker clears what is left
            logger.error("the shared frontier (Redis) failed on leaving: %s", error)

    def _leave(self, reason: str) -> None:
        pipe = self.server.pipeline()
        pipe.zrem(self.members_key, self.worker)
        pipe.zrem(self.busy_key, self.worker)
        # A killed worker never leaves: don't count it once its heartbeat is stale.
        pipe.zremrangebyscore(self.members_key, "-inf", time.time() - STALE_SECONDS)
        pipe.zcard(self.members_key)
        remaining = pipe.execute()[-1]
        if remaining == 0 and reason == "finished":
            # The last worker out of a finished crawl clears it; a killed or stopped crawl keeps
            # its queue until the next run's first worker decides.
            self.flush()

    def flush(self) -> None:
        """Clear the shared crawl: queue, dupefilter and the articles' seen-set."""
        super().flush()
        self.server.delete(self.seen_key)

    # Same as scrapy-redis, without the deprecated ``spider=`` argument to the stats collector.
    def enqueue_request(self, request: Request) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as error:  # the request is lost with the crawl's queue: the next run has it
            self._lost(error)
            return False
        if self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def has_pending_requests(self) -> bool:
        try:
            return bool(len(self))
        except RedisError as error:
            self._lost(error)
            return False

    def next_request(self) -> Request | None:
        try:
            request: Request | None = self.queue.pop(0)
        except RedisError as error:
            self._lost(error)
            return None
        if request is not None and self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class SharedSeen:
    """The identities and body fingerprints of the articles a shared crawl's workers kept.

    One Redis set per crawl (``NEWSSCRAPER_FRONTIER_SEEN_KEY``), cleared with the rest of the crawl
    by :class:`SharedScheduler`; checked and extended in one Lua script, so two workers deciding
    about one article at the same moment cannot both keep it.
    """

    def __init__(self, server: Any, key: str) -> None:
        self.server = server
        self.key = key
        self._script = server.register_script(_SEEN)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedSeen | None:
        """The crawl's seen-set when it runs on the shared frontier, else ``None``."""
        settings = crawler.settings
        if not settings.get("NEWSSCRAPER_FRONTIER"):
            return None
        key = settings["NEWSSCRAPER_FRONTIER_SEEN_KEY"] % {"spider": crawler.spidercls.name}
        return cls(get_redis_from_settings(settings), key)

    def check_and_add(self, identity: str, body: bytes) -> str | None:
        """Keep the article ``identity`` with body fingerprint ``body`` unless a worker kept one
        like it: return ``None`` (kept), ``"duplicate/url"`` or ``"duplicate/body"``."""
        found = int(self._script(keys=[self.key], args=["url:" + identity, b"body:" + body]))
        return (None, "duplicate/url", "duplicate/body")[found]
