"""Extract the article from each fetched page with our engine, away from the reactor thread.

``extract_article`` is CPU-bound (parsing, scoring, text repair: 5-50 ms a page, far more on huge
pages). Run in the reactor thread it stalls downloads, timers and Retry-After waits for that long.
``NEWSSCRAPER_EXTRACT_EXECUTOR`` picks where it runs:

* ``thread`` (default): a pool of ``NEWSSCRAPER_EXTRACT_WORKERS`` threads. The reactor
  gets the GIL back every switch interval: on the aeb pages its worst stall drops from 1.6-1.8 s
  (inline) to 50-80 ms, p95 from ~120 ms to 11-22 ms;
* ``process``: a pool of ``NEWSSCRAPER_EXTRACT_WORKERS`` spawned worker processes. Lowest stalls
  (p95 10 ms, max 23-62 ms) and real parallelism on many cores, but on 2 cores the pickling and
  the extra processes cost page rate (13-17 pages/s against 20-39 threaded) and ~2 s of start-up;
* ``reactor``: in the reactor thread (for comparison and debugging).

Two threads (``NEWSSCRAPER_EXTRACT_WORKERS``) beat one on page rate (lxml parses without the GIL)
with the same stalls; four added nothing sure. ``python -m bench.crawl_reactor_lag`` measures all
this (figures above: two rounds on a shared 2-core box). ``extract_article`` is pure, so all three
executors give the same records.

Discovery hints (news sitemap / feed title, date, keywords) fill fields the page left empty.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from newsscraper.crawl.item import PageItem
from newsscraper.datetimes import normalize_date
from newsscraper.extraction.api import extract_article
from newsscraper.items import Article


def apply_hints(article: Article, hints: dict[str, Any]) -> None:
    """Fill the article's empty headline, date and keywords from discovery hints."""
    if not article.headline and hints.get("title"):
        article.headline = str(hints["title"])
    if not article.datePublished and hints.get("publication_date"):
        raw = str(hints["publication_date"])
        date = normalize_date(raw)
        if date:
            article.datePublished, article.datePublishedRaw = date, raw
    if not article.keywords and hints.get("keywords"):
        article.keywords = [str(k) for k in hints["keywords"]]


EXECUTORS = ("process", "thread", "reactor")


def _warm_up() -> None:
    """Run once per worker: import the engine and its models before the first page arrives."""
    extract_article(b"<html><body><p>warm up</p></body></html>", "http://warm.invalid/")


def _deferred_from_future(future: Future[Article]) -> Deferred[Article]:
    """A Deferred fired in the reactor thread when a concurrent future completes (any reactor)."""
    from twisted.internet import reactor  # here: importing it at module level would install one

    d: Deferred[Article] = Deferred()

    def fire(f: Future[Article]) -> None:
        exc = f.exception()
        if exc is not None:
            d.errback(exc)
        else:
            d.callback(f.result())

    future.add_done_callback(lambda f: reactor.callFromThread(fire, f))
    return d


class ExtractPipeline:
    """``PageItem`` → ``PageItem`` with ``article`` set and ``body`` released."""

    def __init__(self, executor: str = "thread", workers: int = 2):
        if executor not in EXECUTORS:
            # not NotConfigured: that would switch extraction off and the crawl would write nothing
            raise ValueError(f"NEWSSCRAPER_EXTRACT_EXECUTOR must be one of {EXECUTORS}, not {executor!r}")
        self.executor = executor
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.threads: ThreadPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        return cls(
            s.get("NEWSSCRAPER_EXTRACT_EXECUTOR", "thread"), s.getint("NEWSSCRAPER_EXTRACT_WORKERS", 2)
        )

    def open_spider(self) -> None:
        if self.executor == "process":
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=get_context("spawn"), initializer=_warm_up
            )
        elif self.executor == "thread":
            # a pool of its own: DNS lookups never queue behind extractions, and its size is ours
            self.threads = ThreadPool(minthreads=1, maxthreads=self.workers, name="newsscraper-extract")
            self.threads.start()

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.threads is not None:
            self.threads.stop()
            self.threads = None

    async def _extract(self, item: PageItem) -> Article:
        if self.executor == "process" and self.pool is not None:
            future = self.pool.submit(extract_article, item.body, item.url, item.headers)
            return await maybe_deferred_to_future(_deferred_from_future(future))
        if self.executor == "thread" and self.threads is not None:
            from twisted.internet import reactor  # here: importing it at module level would install one

            article: Article = await maybe_deferred_to_future(
                deferToThreadPool(
                    reactor,
                    self.threads,
                    extract_article,
                    item.body,
                    item.url,
                    item.headers,
                )
            )
            return article
        return extract_article(item.body, item.url, item.headers)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        article = await self._extract(item)
        apply_hints(article, item.hints)
        item.article = article
        item.body = b""  # the page bytes are not needed any more; free them early
        return item
