"""The HTTP download handler's connection pool (newsscraper/crawl/handler.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from twisted.web.client import HTTPConnectionPool

from newsscraper import settings as project_settings
from newsscraper.crawl.handler import PooledHTTP11DownloadHandler, idle_connections_per_host

PROJECT = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}


class _Clock:
    """What the pool needs of a reactor: ``callLater`` for its idle timeouts (never fired here)."""

    def callLater(self, *_: Any) -> Any:
        return SimpleNamespace(cancel=lambda: None)


class _Connection:
    state = "QUIESCENT"  # what the pool takes back

    def __init__(self) -> None:
        self.transport = _Transport()


class _Transport:
    def __init__(self) -> None:
        self.closed = False

    def loseConnection(self) -> None:
        self.closed = True


def _closed_of_returned(per_host: int, n: int) -> int:
    """Give ``n`` idle connections of one host back to a pool keeping ``per_host``; how many it closed."""
    pool = HTTPConnectionPool(_Clock(), persistent=True)  # type: ignore[no-untyped-call]
    pool.maxPersistentPerHost = per_host
    conns = [_Connection() for _ in range(n)]
    for conn in conns:
        pool._putConnection(("http", b"news.example", 80), conn)
    return sum(c.transport.closed for c in conns)


def test_project_settings_use_the_pooled_handler_for_http_and_https() -> None:
    for scheme in ("http", "https"):
        assert load_object(PROJECT["DOWNLOAD_HANDLERS"][scheme]) is PooledHTTP11DownloadHandler


def test_pool_keeps_the_connections_that_come_back() -> None:
    # 5 connections of one host back at once, 4 requests per host in flight at most: Scrapy's pool
    # size (CONCURRENT_REQUESTS_PER_DOMAIN) closes one, that the next request reopens; ours keeps all
    settings = Settings({**PROJECT, "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 4})
    assert idle_connections_per_host(settings) == 16
    assert _closed_of_returned(idle_connections_per_host(settings), 5) == 0
    assert _closed_of_returned(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), 5) == 1
    # never fewer than Scrapy's, never 0
    few = Settings({"CONCURRENT_REQUESTS": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 4})
    assert idle_connections_per_host(few) == 4
    none = Settings({"CONCURRENT_REQUESTS": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 0})
    assert idle_connections_per_host(none) == 1
