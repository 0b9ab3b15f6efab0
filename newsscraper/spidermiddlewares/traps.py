"""Crawler-trap detection: requests that only a machine would generate end by themselves.

Three rules, checked on every request a page yields:

* **chains of same-shape pages** — an endless calendar (``/events/2026/11/`` → ``/2026/12/`` → ...)
  or pager links pages whose URL *shape* (digits → ``#``, query values dropped) equals the shape of
  the page that linked them. The length of such a chain is carried in ``meta["trap_chain"]``;
  beyond ``NEWSSCRAPER_TRAP_CHAIN_LIMIT`` it stops. Articles linking articles rarely share a shape
  (their slugs differ), and pages found through sitemaps and feeds start a new chain;
* **repeating path segments** — relative-link loops (``/a/b/a/b/a/``): a segment seen more than
  ``NEWSSCRAPER_TRAP_PATH_REPEAT`` times;
* **absurd depth** — more than ``NEWSSCRAPER_TRAP_MAX_SEGMENTS`` path segments.

Session-id loops are closed earlier: session ids are stripped from every URL (``crawl.urls``).
Dropped requests are counted in stats ``newsscraper/trap/<rule>``. Switch: ``NEWSSCRAPER_TRAPS_ENABLED``.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Self
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

_DIGITS = re.compile(r"\d+")


def url_shape(url: str) -> str:
    """Return a URL's shape: digits replaced by ``#``, query keys kept, values dropped.

    >>> url_shape("http://x.org/cal/2026/11/?day=3&view=m")
    'x.org/cal/#/#/?day&view'
    """
    parts = urlsplit(url)
    keys = "&".join(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    shape = _DIGITS.sub("#", f"{parts.netloc}{parts.path}")
    return f"{shape}?{keys}" if keys else shape


def path_trap(url: str, max_repeat: int, max_segments: int) -> str | None:
    """Return the path rule a URL breaks (``repeat``, ``deep``), ``None`` when it looks hand-made.

    >>> path_trap("http://x.org/a/b/a/b/a/b/", 2, 12), path_trap("http://x.org/news/2026/a", 2, 12)
    ('repeat', None)
    """
    segs = [s for s in urlsplit(url).path.split("/") if s]
    if len(segs) > max_segments:
        return "deep"
    if segs and max(Counter(segs).values()) > max_repeat:
        return "repeat"
    return None


class TrapMiddleware(BaseSpiderMiddleware):
    """Drop requests that continue a same-shape chain too long or have machine-made paths."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        s = crawler.settings
        self.chain_limit = s.getint("NEWSSCRAPER_TRAP_CHAIN_LIMIT", 4)
        self.max_repeat = s.getint("NEWSSCRAPER_TRAP_PATH_REPEAT", 2)
        self.max_segments = s.getint("NEWSSCRAPER_TRAP_MAX_SEGMENTS", 12)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_TRAPS_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        stats = self.crawler.stats
        assert stats is not None
        rule = path_trap(request.url, self.max_repeat, self.max_segments)
        if rule:
            stats.inc_value(f"newsscraper/trap/{rule}")
            return None
        if response is None or request.meta.get("source") in ("sitemap", "feed", "robots"):
            return request
        if url_shape(request.url) == url_shape(response.url):
            chain = int(response.meta.get("trap_chain", 0)) + 1
            if chain > self.chain_limit:
                stats.inc_value("newsscraper/trap/chain")
                return None
            request.meta["trap_chain"] = chain
        return request
