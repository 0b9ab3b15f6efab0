"""A per-site budget for pages found by following links, earned by the articles the site gives.

A crawl reaches articles through listings (home, sections, tags, pagination), but a site whose pages
link hundreds of sections and tags, generated listings (calendars, letter indexes) or paths that all
answer 404 (whatever their URLs look like) would spend many requests per article on them. Here a
request found as a link is scheduled only while its site has budget left:

    link requests scheduled < NEWSSCRAPER_LISTING_BUDGET + NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE × articles

where *articles* are the site's articles the crawl has met so far: the records it produced
(Scrapy's ``item_scraped``), those its selection left out (``--since``, ``--until``, ``--lang``,
``--url-filter``: drops ``select/...``) and, in a scheduled crawl, those the state store knows
(:data:`~newsscraper.signals.known_article`, sent before they are skipped, answered 304, found
unchanged or written again; each counted once). A second run that finds its known articles
unchanged writes no record for them; when they earned nothing, it refused the listing pages behind
the site's first 50 links and lost the new articles only those linked. A site whose links keep
leading to articles keeps its crawl going (an article costs one and earns two); one whose links
lead nowhere stops paying for them.
Start URLs, robots.txt, sitemaps and their entries, feeds and canonical hops are never charged,
and a URL is charged once.

A request over the budget is *held* here, before Scrapy's scheduler and its duplicate filter see it,
best priority first (the spider ranks article-looking links above listings): every article the site
gives releases what it earns, and when the crawl runs out of other work what the budget allows is
released. What is still held then is refused (stats ``newsscraper/refused/listing-budget``). Because
held requests never reached the duplicate filter, the same URL found in a sitemap or feed meanwhile
is requested as usual. At most ``MAX_HELD`` requests are held; beyond, they are refused at once.
Off when ``NEWSSCRAPER_LISTING_BUDGET`` is 0.

A released request goes on through the spider middlewares that come after this one (lower
``SPIDER_MIDDLEWARES`` order: the trap and listed-lastmod middlewares, Scrapy's ``UrlLengthMiddleware``
and ``RefererMiddleware``), as it would have when it was found, against a body-less copy of the page
that linked it (:func:`page_stand_in`): holding the page itself would keep its body in memory.
Middlewares that are not ``BaseSpiderMiddleware`` subclasses (no ``get_processed_request``) are skipped.

The news spider asks first (:meth:`LinkBudgetMiddleware.claim`), before it builds a link's request:
a URL already charged or held is not built again, and one over the budget is held as its URL and a
way to build it, so the ~2,500 held links of a site whose pages link hundreds of sections never
become requests that cross the spider middlewares (reactor CPU, ``bench/crawl_compare.py --real``).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import count
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newsscraper.crawl.urls import origin
from newsscraper.signals import known_article

LISTING_BUDGET = 50
"""Default of ``NEWSSCRAPER_LISTING_BUDGET``: link requests any site gets before its articles count
(a home page's stories and sections)."""
LISTING_BUDGET_PER_ARTICLE = 2
"""Default of ``NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE``: link requests each article earns (itself
and one listing page), so a crawl of link-found pages goes on while a third of them are articles."""
MAX_HELD = 20_000
"""Requests held over the budget, all sites together (~1 KB each)."""

EARNING_DROPS = ("select/", "unchanged/")
"""Drop reasons of items that are articles of their site all the same (left out by ``--since``,
``--until``, ``--lang``, ``--url-filter``; unchanged since the last scheduled run): they earn the budget."""

CLAIMED = "link_budget_claimed"
"""Request meta key the spider sets on a link request :meth:`LinkBudgetMiddleware.claim` charged."""

_Site = tuple[str, int] | None
_Held = Request | Callable[[], Request]  # a request, or how to build it (LinkBudgetMiddleware.claim)
_Process = Callable[[Request, Response | None], Request | None]


def page_stand_in(response: Response | None) -> Response | None:
    """A body-less copy of the page a link was found on, for the spider middlewares a held request
    meets when it is released: its URL, status, ``Referrer-Policy`` header (``RefererMiddleware``)
    and request (whose meta carries the trap middleware's chain), not its body."""
    if response is None:
        return None
    policy = response.headers.getlist(b"Referrer-Policy")
    headers = {b"Referrer-Policy": policy} if policy else None
    return Response(response.url, status=response.status, headers=headers, request=response.request)


class LinkBudgetMiddleware(BaseSpiderMiddleware):
    """Hold a site's link-found requests beyond its budget; release them as its articles come."""

    def __init__(self, crawler: Crawler, base: int, per_article: float):
        super().__init__(crawler)
        self.base = base
        self.per_article = per_article
        self.charged: Counter[_Site] = Counter()
        self.articles: Counter[_Site] = Counter()
        self.seen: set[int] = set()  # hashes of the URLs charged: a URL linked twice is charged once
        self.known: set[int] = set()  # hashes of the known articles' URLs counted (--state runs)
        self.held: defaultdict[_Site, list[tuple[int, int, _Held, Response | None]]] = defaultdict(list)
        self.held_keys: set[int] = set()
        self.held_count = 0
        self._order = count()
        self._after: list[_Process] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        base = s.getint("NEWSSCRAPER_LISTING_BUDGET", LISTING_BUDGET)
        if base <= 0:
            raise NotConfigured
        per_article = s.getfloat("NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE", LISTING_BUDGET_PER_ARTICLE)
        mw = cls(crawler, base, per_article)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(mw.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(mw.known_article, signal=known_article)
        crawler.signals.connect(mw.spider_idle, signal=signals.spider_idle)
        return mw

    def _room(self, site: _Site) -> bool:
        return self.charged[site] < self.base + self.per_article * self.articles[site]

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if request.meta.get("source") != "link" or request.meta.pop(CLAIMED, False):
            return request
        key = hash(request.url)
        if key in self.seen:
            return request  # charged already; the duplicate filter drops it
        if key in self.held_keys:
            return None  # held already
        site = origin(request.url)
        if self._room(site):
            self.seen.add(key)
            self.charged[site] += 1
            return request
        self._hold(site, key, request.priority, request, page_stand_in(response))
        return None

    def claim(
        self, url: str, priority: int, build: Callable[[], Request], page: Response | None = None
    ) -> bool:
        """Decide a link before its request is built: ``True`` when the spider should build and
        yield it (charged now; with meta :data:`CLAIMED` set it passes here unchanged), ``False`` when it is
        already charged (the duplicate filter would drop it), already held, or held now as
        ``build`` (called when the budget releases it; the request it returns skips the spider
        middlewares, as every released request does) with ``priority`` (the request's, after
        Scrapy's ``DepthMiddleware``). ``page``: the page that links it, as :func:`page_stand_in`
        gives it (``None``: none, as for start requests), for the middlewares after this one."""
        key = hash(url)
        if key in self.seen or key in self.held_keys:
            return False
        site = origin(url)
        if self._room(site):
            self.seen.add(key)
            self.charged[site] += 1
            return True
        self._hold(site, key, priority, build, page)
        return False

    def _hold(self, site: _Site, key: int, priority: int, entry: _Held, page: Response | None) -> None:
        if self.held_count >= MAX_HELD:
            self._refuse(1)
            return
        heapq.heappush(self.held[site], (-priority, next(self._order), entry, page))
        self.held_keys.add(key)
        self.held_count += 1

    def item_scraped(self, item: Any) -> None:
        self._earn(getattr(item, "url", None))

    def item_dropped(self, item: Any, exception: BaseException, **_: Any) -> None:
        if str(exception).startswith(EARNING_DROPS):
            self._earn(getattr(item, "url", None))

    def known_article(self, url: str, **_: Any) -> None:
        key = hash(url)
        if key not in self.known:
            self._earn(url)
            self.known.add(key)

    def _earn(self, url: object) -> None:
        """Count an article of ``url``'s site and release what it earns; a known article was
        counted when its request was announced, not again when it is written or found unchanged."""
        if not isinstance(url, str) or hash(url) in self.known:
            return
        site = origin(url)
        self.articles[site] += 1
        self._release(site)

    def spider_idle(self) -> None:
        released = sum(self._release(site) for site in list(self.held))
        if released:
            raise DontCloseSpider
        self._refuse(self.held_count)
        self.held.clear()
        self.held_keys.clear()
        self.held_count = 0

    def _release(self, site: _Site) -> int:
        """Schedule the site's held requests its budget now allows, best first; return how many."""
        queue = self.held.get(site)
        released = 0
        while queue and self._room(site):
            _, _, entry, page = heapq.heappop(queue)
            request: Request | None = entry if isinstance(entry, Request) else entry()
            assert request is not None
            self.held_count -= 1
            key = hash(request.url)
            self.held_keys.discard(key)
            self.seen.add(key)
            self.charged[site] += 1
            for process in self._middlewares_after():
                request = process(request, page)
                if request is None:
                    break
            assert self.crawler.engine is not None
            if request is not None:
                self.crawler.engine.crawl(request)
            released += 1
        return released

    def _middlewares_after(self) -> list[_Process]:
        """``get_processed_request`` of the spider middlewares a request yielded by the spider
        meets after this one, in that order (Scrapy runs spider output from the highest
        ``SPIDER_MIDDLEWARES`` order down); none without a running engine (unit tests)."""
        if self._after is None:
            scraper = getattr(self.crawler.engine, "scraper", None)
            chain = list(getattr(getattr(scraper, "spidermw", None), "middlewares", ()))
            if self not in chain:
                return []  # not built into a crawl (yet): asked again next time
            below = chain[: chain.index(self)]
            self._after = [
                mw.get_processed_request for mw in reversed(below) if isinstance(mw, BaseSpiderMiddleware)
            ]
        return self._after

    def _refuse(self, n: int) -> None:
        if n:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsscraper/refused/listing-budget", n)
