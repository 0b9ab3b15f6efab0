"""The crawl's extraction worker: each fetched page is parsed once, away from the reactor thread, and
gives the spider what it needs to go on (links, feeds, page-type signals) and the article.

``extract_article`` is CPU-bound (parsing, scoring, text repair: 5-50 ms a page, far more on huge
pages). Run in the reactor thread it stalls downloads, timers and Retry-After waits for that long.
``NEWSSCRAPER_EXTRACT_EXECUTOR`` picks where a page is read:

* ``thread`` (default): a pool of ``NEWSSCRAPER_EXTRACT_WORKERS`` threads. The reactor
  gets the GIL back every switch interval: on the aeb pages its worst stall drops from 1.6-1.8 s
  (inline) to 50-80 ms, p95 from ~120 ms to 11-22 ms;
* ``process``: a pool of ``NEWSSCRAPER_EXTRACT_WORKERS`` spawned worker processes. Lowest stalls
  (p95 10 ms, max 23-62 ms) and real parallelism on many cores, but on 2 cores the pickling and
  the extra processes cost page rate (13-17 pages/s against 20-39 threaded) and ~2 s of start-up;
* ``reactor``: in the reactor thread (for comparison and debugging).

Two threads (``NEWSSCRAPER_EXTRACT_WORKERS``) beat one on page rate (lxml parses without the GIL)
with the same stalls; four added nothing sure. ``python -m bench.crawl_reactor_lag`` measures all
this (figures above: two rounds on a shared 2-core box). Reading is pure, so all three executors
give the same records and links.

The worker also applies the crawl's link policy (:func:`crawl_links`), so the reactor thread only
builds requests from finished URLs.

Memory: reading a page takes about 13 times its size at its peak (the decoded text, the tree, the
body's three renderings; 200 MB for a 15 MiB page), so two huge pages read at once are what pushed
a crawl of four 15 MiB pages past 600 MB. Pages enter the pool while the bodies being read weigh
at most ``NEWSSCRAPER_READ_BUDGET`` bytes together (:class:`ByteBudget`; one page is always
admitted, whatever its size), in the order they arrived; ordinary pages (under 4 MB) never wait.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from typing import Any, Self, TypeVar

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool
from w3lib.url import parse_url  # what scrapy.utils.url.url_has_any_extension parses with

from newsscraper.crawl.pagekind import article_like
from newsscraper.crawl.urls import canonicalize_url, origin
from newsscraper.extraction.api import extract_article, read_page
from newsscraper.items import Article

EXECUTORS = ("process", "thread", "reactor")
_T = TypeVar("_T")
_IGNORED = tuple(f".{ext}" for ext in IGNORED_EXTENSIONS)
"""The file extensions ``LinkExtractor`` ignores, dotted as it dots them (``IGNORED_EXTENSIONS``
holds ``"ai"``, ``"ps"``, ``"ra"``: undotted they refused ``/dubai``, ``/tips`` and an article
ending ``-tiara``), as one tuple: ``str.endswith`` tests it in one call, where Scrapy's
``url_has_any_extension`` ran a generator over its 91 entries for every link (3-4 ms of a page's
CPU on the real pages of ``bench/crawl_compare.py --real``)."""


@dataclass(slots=True)
class CrawlReading:
    """One page as the spider receives it from the worker."""

    article: Article | None
    """The extracted article; ``None`` when the spider did not ask for it."""
    links: list[str] = field(default_factory=list)
    """Links to request: canonical (``canonicalize_url``) http(s) URLs, without duplicates or
    links to files Scrapy's ``LinkExtractor`` ignores (``IGNORED_EXTENSIONS``: images, archives,
    office documents…), article-looking ones first when the page had more than the cap."""
    article_links: list[bool] = field(default_factory=list)
    """For each of ``links``: whether it looks like an article (``pagekind.article_like``), which
    ranks its request; computed here so that the reactor thread does not parse every link again."""
    refused_links: int = 0
    """Links left out by the cap on links per page."""
    offsite_links: int = 0
    """Links left out because they lead off the crawl's sites: distinct absolute URLs as the page
    wrote them (not canonicalised, files included: they are judged before either)."""
    feeds: list[str] = field(default_factory=list)
    """Feeds the page announces, absolute."""
    signals: dict[str, Any] = field(default_factory=dict)
    """Page-type evidence (``PageItem.signals``: ``og_type``, ``ld_types``, ``articles``, ``links``,
    ``canonical``)."""


def _ignored_file(link: str) -> bool:
    """LinkExtractor's test (``url_has_any_extension`` on w3lib's ``parse_url``), the extensions
    tested at once. A link with no dot after the first slash of its path (section and tag links,
    most article slugs) has no extension whatever the parser makes of it (it splits and encodes,
    never adds a dot): answered without parsing, which was half of the link policy's CPU."""
    slash = link.find("/", link.find("://") + 3)
    if slash >= 0 and link.find(".", slash) < 0 and "\\" not in link:
        return False
    return parse_url(link).path.lower().endswith(_IGNORED)


def crawl_links(
    links: list[str], max_links: int, onsite: Callable[[str], bool] | None = None
) -> tuple[list[str], int, int]:
    """The page's links the crawl may request, how many the cap refused and how many were offsite.

    Keeps http(s) links with a host and no ignored file extension, canonicalised, first spelling of
    each, on the crawl's sites when ``onsite`` is given (the offsite middleware's policy: refusing
    them here spares the reactor building and scheduling requests it would refuse later); above
    ``max_links`` the article-looking ones go first (stable order otherwise). ``onsite`` must
    judge a link by its origin (``urls.origin``: host and port) alone, as that policy does: it is
    asked once per origin of the page.

    >>> crawl_links(["http://x.org/a.pdf", "http://x.org/b/?utm_source=t", "http://x.org/b/"], 10)
    (['http://x.org/b/'], 0, 0)
    """
    kept: list[str] = []
    seen: set[str] = set()
    offsite: set[str] = set()
    # a page's links come from a few origins: each is judged once (the policy parsed every link's
    # host again, a third of this function's CPU)
    verdicts: dict[tuple[str, int], bool] = {}
    for link in links:
        site = origin(link)
        if site is None:
            continue
        # the site is judged before the link is canonicalised (canonicalisation keeps the host and
        # port): most links of a news page are offsite (share buttons, partner sites, ad servers)
        if onsite is not None:
            allowed = verdicts.get(site)
            if allowed is None:
                allowed = verdicts[site] = onsite(link)
            if not allowed:
                offsite.add(link)
                continue
        if _ignored_file(link):
            continue
        url = canonicalize_url(link)
        if url not in seen:
            seen.add(url)
            kept.append(url)
    if len(kept) <= max_links:
        return kept, 0, len(offsite)
    kept.sort(key=lambda u: not article_like(u))
    return kept[:max_links], len(kept) - max_links, len(offsite)


def read_for_crawl(
    body: bytes,
    url: str,
    headers: Mapping[str, str],
    *,
    article: bool,
    links: bool,
    max_links: int,
    onsite: Callable[[str], bool] | None = None,
) -> CrawlReading:
    """Read one page in the worker (a module-level function: process pools pickle it by name)."""
    if not links:
        return CrawlReading(extract_article(body, url, headers) if article else None)
    reading = read_page(body, url, headers, article=article)
    kept, refused, offsite = crawl_links(reading.links.links, max_links, onsite)
    return CrawlReading(
        reading.article if article else None,
        links=kept,
        article_links=[article_like(u) for u in kept],
        refused_links=refused,
        offsite_links=offsite,
        feeds=reading.links.feeds,
        signals=reading.links.signals(),
    )


_WARM_UP_PAGE = (
    b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    + b"<p>This paragraph is long enough for the language of the page to be detected.</p>" * 3
    + b"</article></body></html>"
)
"""A page without ``lang`` whose text is long enough for language detection: reading it loads the
language model (py3langid, ~0.5-1 s of CPU, once per process) before the crawl's first page."""


ORPHAN_CHECK_S = 1.0
"""How often a worker process checks that the crawl that spawned it is alive (one ``getppid``)."""


def _start_worker(crawl: int) -> None:
    """Run once per worker process of the crawl whose pid is ``crawl``: watch for its death
    (:func:`_exit_when_orphaned`; given its pid, not reading this worker's parent now: a slow
    start-up may end after the crawl did), then :func:`_warm_up`."""
    threading.Thread(target=_exit_when_orphaned, args=(crawl,), name="orphan-check", daemon=True).start()
    _warm_up()


def _warm_up() -> None:
    """Import the engine and load its models before the first page (else the first page read
    pays for them)."""
    extract_article(_WARM_UP_PAGE, "http://warm.invalid/")


def _exit_when_orphaned(parent: int) -> None:
    """End this worker once its crawl is gone. A crawl killed with SIGKILL (a scheduler's hard
    time limit, the OOM killer) cannot shut its pool down, and the workers, which hold both ends
    of their call queue, never see it close: they lived on, each with its loaded models, holding
    the crawl's stdout and stderr (a caller waiting for their end, as a test runner does, hung).
    A parent that dies hands its children to another (init, or a subreaper): ``getppid`` changes."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(0)


def _deferred_from_future(future: Future[_T]) -> Deferred[_T]:
    """A Deferred fired in the reactor thread when a concurrent future completes (any reactor)."""
    from twisted.internet import reactor  # here: importing it at module level would install one

    d: Deferred[_T] = Deferred()

    def fire(f: Future[_T]) -> None:
        exc = f.exception()
        if exc is not None:
            d.errback(exc)
        else:
            d.callback(f.result())

    future.add_done_callback(lambda f: reactor.callFromThread(fire, f))
    return d


READ_BUDGET = 16 * 1024 * 1024
"""Default of ``NEWSSCRAPER_READ_BUDGET``: bytes of page bodies read at once, ``DOWNLOAD_MAXSIZE``'s
default: two ordinary pages in two workers always fit, two 15 MiB pages do not."""


class ByteBudget:
    """Admit work by the bytes it weighs: :meth:`acquire` waits (FIFO) until the bytes admitted and
    not yet released leave room for ``size`` within ``limit``; with nothing admitted, anything
    goes in (a page larger than the budget is read alone, not refused). ``limit`` 0: no limit.
    Used from the reactor thread only."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self.admitted = 0
        self._waiting: deque[tuple[int, Deferred[None]]] = deque()

    def _fits(self, size: int) -> bool:
        return self.limit <= 0 or self.admitted == 0 or self.used + size <= self.limit

    async def acquire(self, size: int) -> bool:
        """Wait until ``size`` bytes are admitted; return whether it had to wait."""
        if not self._waiting and self._fits(size):
            self.used += size
            self.admitted += 1
            return False
        d: Deferred[None] = Deferred()
        self._waiting.append((size, d))
        await maybe_deferred_to_future(d)
        return True

    def release(self, size: int) -> None:
        self.used -= size
        self.admitted -= 1
        while self._waiting and self._fits(self._waiting[0][0]):
            size, d = self._waiting.popleft()
            if d.called:  # cancelled while waiting (the crawl is closing)
                continue
            self.used += size
            self.admitted += 1
            d.callback(None)


class PageReader:
    """Scrapy extension owning the extraction worker pool; the spider and the extract pipeline
    read pages through :meth:`read` (:meth:`of` finds the running instance)."""

    def __init__(self, executor: str = "thread", workers: int = 2, budget: int = READ_BUDGET):
        if executor not in EXECUTORS:
            # not NotConfigured: that would switch the pool off and every page would be read inline
            raise ValueError(f"NEWSSCRAPER_EXTRACT_EXECUTOR must be one of {EXECUTORS}, not {executor!r}")
        self.executor = executor
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.threads: ThreadPool | None = None
        self.budget = ByteBudget(budget)
        self.stats: StatsCollector | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        reader = cls(
            s.get("NEWSSCRAPER_EXTRACT_EXECUTOR", "thread"),
            s.getint("NEWSSCRAPER_EXTRACT_WORKERS", 2),
            s.getint("NEWSSCRAPER_READ_BUDGET", READ_BUDGET),
        )
        reader.stats = crawler.stats
        crawler.signals.connect(reader.start, signal=signals.spider_opened)
        crawler.signals.connect(reader.stop, signal=signals.spider_closed)
        return reader

    @classmethod
    def of(cls, crawler: Crawler) -> PageReader:
        """The crawl's reader; without the extension (a unit test's bare crawler, or switched off
        in ``EXTENSIONS``) a reader that reads in the calling thread."""
        try:
            found = crawler.get_extension(cls)
        except RuntimeError:  # the extension manager is not built yet
            found = None
        return found or cls("reactor")

    def start(self) -> None:
        if self.executor == "process" and self.pool is None:
            spawn = get_context("spawn")
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=spawn, initializer=_start_worker, initargs=(os.getpid(),)
            )
        elif self.executor == "thread" and self.threads is None:
            # a pool of its own: DNS lookups never queue behind extractions, and its size is ours
            self.threads = ThreadPool(minthreads=1, maxthreads=self.workers, name="newsscraper-extract")
            self.threads.start()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.threads is not None:
            self.threads.stop()
            self.threads = None

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """``fn(*args)`` in the pool's threads, off the reactor thread (pure CPU work on one item:
        building and validating its record); inline with the ``process`` and ``reactor`` executors
        (pickling the item there would cost what the thread saves)."""
        if self.threads is None:
            return fn(*args)
        from twisted.internet import reactor  # here: importing it at module level would install one

        result: _T = await maybe_deferred_to_future(deferToThreadPool(reactor, self.threads, fn, *args))
        return result

    async def read(
        self,
        body: bytes,
        url: str,
        headers: Mapping[str, str],
        *,
        article: bool = True,
        links: bool = False,
        max_links: int = 0,
        onsite: Callable[[str], bool] | None = None,
    ) -> CrawlReading:
        """Read one page in the pool (:func:`read_for_crawl`); with ``links=False`` only its article.
        ``onsite`` must pickle for the process pool (a bound method of a plain object does)."""
        call = partial(
            read_for_crawl,
            body,
            url,
            headers,
            article=article,
            links=links,
            max_links=max_links,
            onsite=onsite,
        )
        return await self._apart(call, len(body))

    async def read_apart(self, fn: Callable[..., _T], body: bytes, *args: Any) -> _T:
        """``fn(body, *args)`` in the pool like a page's :meth:`read` (where :meth:`run` is inline
        under the ``process`` executor): the worker processes, else the worker threads; inline only
        without a pool (the ``reactor`` executor, a unit test's bare crawler). ``body`` is weighed by
        the read budget: a sitemap of 50,000 entries takes seconds to parse and turn into URLs, a
        reactor stall inline (issue 13). ``fn`` must pickle (a module-level function) for the process pool."""
        return await self._apart(partial(fn, body, *args), len(body))

    async def _apart(self, call: Callable[[], _T], size: int) -> _T:
        """``call()`` in the worker processes or threads once ``size`` bytes fit the read budget."""
        if self.pool is None and self.threads is None:
            return call()
        if await self.budget.acquire(size) and self.stats is not None:
            self.stats.inc_value("newsscraper/read_budget/waited")
        try:
            if self.pool is not None:
                done: _T = await maybe_deferred_to_future(_deferred_from_future(self.pool.submit(call)))
                return done
            from twisted.internet import reactor  # here: importing it at module level would install one

            assert self.threads is not None
            result: _T = await maybe_deferred_to_future(deferToThreadPool(reactor, self.threads, call))
            return result
        finally:
            self.budget.release(size)
