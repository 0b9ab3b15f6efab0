"""The ``news`` spider: discover a news site's pages and yield one :class:`PageItem` per HTML page.

Discovery: robots.txt ``Sitemap:`` lines (else usual sitemap paths) → sitemap indexes, url sets and
Google News sitemaps (their title / date / keywords kept as hints); RSS and Atom feeds announced by
``<link rel="alternate">`` (else usual feed paths); and links inside the site under ``DEPTH_LIMIT``.
Sitemap and feed entries reset the depth. A sitemap or feed is read in the extraction worker, off the
reactor thread, and its entries become requests one at a time as Scrapy consumes the callback's
output, between the reactor's other work; once this worker's run is ending (``--max-pages`` spent,
``--timeout`` passed, a stop) and no other worker shares its frontier, the rest are not requested
(stat ``newsscraper/refused/closing``). Discovery documents are bounded per site, whatever the site
does: sitemaps nest at most ``NEWSSCRAPER_SITEMAP_DEPTH`` levels below the first one, and at most
``NEWSSCRAPER_MAX_SITEMAPS`` sitemaps and ``NEWSSCRAPER_MAX_FEEDS`` feeds are requested (an index that
lists the next index forever, or pages that each announce a new feed, stop there), and one page's
links become at most ``NEWSSCRAPER_MAX_LINKS_PER_PAGE`` requests, article-looking ones first; the
report counts the rest under ``refused``. Pages whose URL names a non-article kind (home, section
pagination, tag, author, archive, login, about, contact) are followed but yield no item; the count
goes to stats ``newsscraper/drop/not-article/<kind>``. Everything else goes to the pipelines, which
extract and make the final article / non-article call.

Run: ``scrapy crawl news -a start=https://example.com/[,https://other.example/]``. A comma separates
two start URLs only when an ``http(s)://`` URL follows it, so URLs holding commas (``/a,b.html``,
``?ids=1,2``) stay whole; called from Python (``crawl.runner.run_crawl``), ``start`` is a list.

``-a follow=`` sets how far from the start URLs the spider goes:

* ``all`` (default): everything above;
* ``entries`` (``newsscraper crawl --no-follow``): a start URL that is a sitemap (index) or a feed
  gives its entries, any other start URL is a page; no robots.txt sitemaps, no links, no usual paths;
* ``none`` (``newsscraper fetch``): exactly the start URLs, each one page (no link, feed or canonical
  is followed, and no URL-based non-article drop: the user asked for that page).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse, XmlResponse

from newsscraper.crawl.discovery import (
    USUAL_FEEDS,
    USUAL_SITEMAPS,
    is_feed,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
)
from newsscraper.crawl.item import PageItem
from newsscraper.crawl.pagekind import article_like, listing_like, non_article_kind
from newsscraper.crawl.reader import CrawlReading, PageReader
from newsscraper.crawl.urls import canonicalize_url, origin
from newsscraper.downloadermiddlewares.budget import RequestBudgetMiddleware
from newsscraper.downloadermiddlewares.offsite import OffsitePolicy
from newsscraper.extraction.html import sniff_bytes
from newsscraper.spidermiddlewares.linkbudget import CLAIMED, LinkBudgetMiddleware, page_stand_in

# Priorities: discovery documents first (they list the articles), then article-looking URLs, then
# listings — so a page budget (--max-pages) is spent on articles, not on pagination.
PRIORITY_DISCOVERY = 30
PRIORITY_ARTICLE = 20
PRIORITY_LISTING = 0
_HTML_TYPES = (b"text/html", b"application/xhtml")
FOLLOW_MODES = ("all", "entries", "none")
_UNSET = object()
_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)[\s>]")
SITEMAP_DEPTH = 3
"""Default of ``NEWSSCRAPER_SITEMAP_DEPTH``: sitemaps.org allows one level of index; three leave room
for sites that nest indexes by year and month."""
MAX_SITEMAPS = 1000
"""Default of ``NEWSSCRAPER_MAX_SITEMAPS`` per site: a daily sitemap for almost three years."""
MAX_FEEDS = 50
"""Default of ``NEWSSCRAPER_MAX_FEEDS`` per site: a feed per section leaves room; per-tag and
per-comment feeds announced on every page do not (their stories are reached through links)."""
MAX_LINKS_PER_PAGE = 2000
"""Default of ``NEWSSCRAPER_MAX_LINKS_PER_PAGE``: the links of one page that become requests (a
front page has a few hundred; a page with 180,000 links would fill the scheduler and memory)."""
_ENDING_EVERY = 64
"""Listed pages requested between two looks at whether the run is ending (a look reads stats and
settings: asked for each of 50,000 entries, it cost a tenth of the time spent requesting them)."""


def _http_url(base: str, url: str) -> str | None:
    """``url`` resolved against ``base`` if it is an http(s) URL, else ``None``."""
    try:
        absolute = urljoin(base, url)
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.hostname:
            return absolute
    except ValueError:  # "http://[bad/": not a URL
        pass
    return None


@dataclass(frozen=True, slots=True)
class Listing:
    """What a sitemap or feed gives, read by :func:`read_listing`."""

    kind: str | None
    """``"sitemap"``, ``"feed"``, or ``None``: the document is neither of those asked for."""
    entries: int = 0
    """Entries the document holds (its URLs, good or bad)."""
    bad_urls: int = 0
    """Entries whose URL is not an http(s) URL once resolved against the document's."""
    sitemaps: tuple[str, ...] = ()
    """The sitemaps a sitemap index lists, resolved."""
    pages: tuple[tuple[str, bool, dict[str, Any]], ...] = ()
    """The pages listed, in the document's order: canonical URL, article-looking, hints."""


def read_listing(body: bytes, url: str, kind: str) -> Listing:
    """Read a discovery document as a ``kind`` (``"sitemap"``, ``"feed"``; ``"feed?"``: as a feed
    if it is an RSS or Atom document, else as nothing; ``"feed?sitemap"``: else as a sitemap) and
    turn its entries into canonical page URLs. Run in the extraction worker
    (:meth:`PageReader.read_apart`): for a sitemap of 50,000 entries this takes seconds, which
    stalled the reactor when the callback did it (issue 13)."""
    if kind.startswith("feed?"):
        kind = "feed" if is_feed(body) else kind.removeprefix("feed?")
    if kind == "feed":
        entries = parse_feed(body)
    elif kind == "sitemap":
        entries = parse_sitemap(body)
    else:
        return Listing(None)
    sitemaps: list[str] = []
    pages: list[tuple[str, bool, dict[str, Any]]] = []
    bad = 0
    for entry in entries:
        absolute = _http_url(url, entry.url)
        if absolute is None:
            bad += 1
        elif entry.is_sitemap:
            sitemaps.append(absolute)
        else:
            page = canonicalize_url(absolute)
            pages.append((page, article_like(page), entry.hints))
    return Listing(kind, len(entries), bad, tuple(sitemaps), tuple(pages))


class NewsSpider(Spider):
    """Crawl the sites of the start URLs for news articles."""

    name = "news"

    def __init__(
        self, start: str | Sequence[str] = "", *args: Any, follow: str = "all", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = self.checked_arguments(start, follow)
        self.follow = follow
        self._reader: PageReader | None = None
        self._offsite: OffsitePolicy | None = None
        self._discovered: Counter[tuple[str, tuple[str, int] | None]] = Counter()
        self._discovery_urls: set[str] = set()  # at most the sitemap and feed bounds per site
        self._budget: object = _UNSET
        self._requests: object = _UNSET  # the request budget (--max-pages), found on first use
        self._deadline: float | None = None  # CLOSESPIDER_TIMEOUT (--timeout), monotonic
        self._open = False  # the crawl has opened the spider (a unit test's bare crawler never does)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        return spider

    def _opened(self) -> None:
        self._open = True
        timeout = self.crawler.settings.getfloat("CLOSESPIDER_TIMEOUT")
        if timeout > 0:  # Scrapy's CloseSpider extension counts it from the same signal
            self._deadline = time.monotonic() + timeout

    @staticmethod
    def checked_arguments(start: str | Sequence[str] = "", follow: str = "all") -> list[str]:
        """The canonical start URLs of ``-a start=URL[,URL...]``; ``ValueError`` saying what is
        wrong when there is none, one is not http(s), or ``follow`` is not a mode. Also called by
        ``scrapy crawl`` (``commands/crawl.py``) before the crawl starts, so the reason is a usage
        error there, not an asyncio task's traceback."""
        given = split_start_urls(start) if isinstance(start, str) else list(start)
        urls = [canonicalize_url(u.strip()) for u in given if u.strip()]
        bad = [u for u in urls if origin(u) is None]
        if not urls:
            raise ValueError("news spider needs http(s) start URLs: -a start=URL[,URL...]")
        if bad:
            raise ValueError(
                f"news spider needs http(s) start URLs (-a start=URL[,URL...]), not: {', '.join(bad)}"
            )
        if follow not in FOLLOW_MODES:
            raise ValueError(
                f"news spider: -a follow= must be one of {', '.join(FOLLOW_MODES)}, not {follow!r}"
            )
        return urls

    @property
    def _limits(self) -> dict[str, int]:
        settings = self.crawler.settings
        return {
            "sitemap-depth": settings.getint("NEWSSCRAPER_SITEMAP_DEPTH", SITEMAP_DEPTH),
            "sitemap": settings.getint("NEWSSCRAPER_MAX_SITEMAPS", MAX_SITEMAPS),
            "feed": settings.getint("NEWSSCRAPER_MAX_FEEDS", MAX_FEEDS),
        }

    async def start(self) -> AsyncIterator[Request]:
        """Request each start page and its site's robots.txt (for the sitemaps it names)."""
        robots_seen: set[str] = set()
        for url in self.start_urls:
            yield Request(url, callback=self.parse_page, meta={"source": "start"})
            if self.follow != "all":
                continue
            robots = urljoin(url, "/robots.txt")
            if robots not in robots_seen:
                robots_seen.add(robots)
                yield Request(
                    robots,
                    callback=self.parse_robots,
                    priority=PRIORITY_DISCOVERY,
                    meta={"source": "robots", "handle_httpstatus_all": True},
                )

    def _discovery(
        self, url: str, callback: Callable[[Response], Any], source: str, **extra: Any
    ) -> Iterator[Request]:
        """Yield the request for a sitemap or feed, unless it passes the site's discovery bounds or
        leads off the crawl's sites."""
        url = canonicalize_url(url)
        limits = self._limits
        if int(extra.get("sitemap_depth", 0)) > limits["sitemap-depth"]:
            self.crawler.stats.inc_value("newsscraper/refused/sitemap-depth")
            return
        if url in self._discovery_urls:
            return  # announced again (every page names the site's feeds): counted once
        key = (source, origin(url))
        if self._discovered[key] >= limits[source]:
            self.crawler.stats.inc_value(f"newsscraper/refused/{source}-count")
            return
        self._discovered[key] += 1
        self._discovery_urls.add(url)
        onsite = self._onsite
        if key[1] is not None and onsite is not None and not onsite(url):
            # what the offsite middleware would refuse (pages announce partners' and their CMS
            # vendor's feeds), refused and counted as it counts it, before it costs a request
            self.crawler.stats.inc_value("newsscraper/refused/offsite")
            return
        request = Request(
            url,
            callback=callback,
            priority=PRIORITY_DISCOVERY,
            meta={"source": source, "depth_reset": True, **extra},
        )
        if extra.get("quiet_404"):
            # probing usual paths: a 404 is an answer, not an error for the report
            request.meta["handle_httpstatus_list"] = [404, 410]
        yield request

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow the sitemaps robots.txt names, else the usual sitemap paths."""
        text = response.text if isinstance(response, TextResponse) and response.status == 200 else ""
        named = [u for u in (self._http_url(response, u, "robots") for u in robots_sitemaps(text)) if u]
        urls = named or [urljoin(response.url, p) for p in USUAL_SITEMAPS]
        for url in urls:
            meta = {} if named else {"quiet_404": True}
            yield from self._discovery(url, self.parse_sitemap, "sitemap", **meta)

    async def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Follow a sitemap index's sitemaps and a url set's pages (with news hints)."""
        return await self._listed(response, "sitemap")

    async def parse_feed(self, response: Response) -> Iterator[Request]:
        """Follow the items of an RSS or Atom feed."""
        return await self._listed(response, "feed")

    async def _listed(self, response: Response, kind: str) -> Iterator[Request]:
        """The requests of a 200 response's entries read as ``kind`` (none from any other)."""
        if response.status != 200:
            return iter(())
        return self._listing_requests(response, await self._read_listing(response, kind))

    async def _read_listing(self, response: Response, kind: str) -> Listing:
        """:func:`read_listing` in the extraction worker."""
        if self._reader is None:
            self._reader = PageReader.of(self.crawler)
        return await self._reader.read_apart(read_listing, response.body, response.url, kind)

    def _listing_requests(self, response: Response, listing: Listing) -> Iterator[Request]:
        """The requests of a read sitemap or feed, made one at a time as Scrapy consumes them: a
        generator, which Scrapy's scraper runs through the spider middlewares and the scheduler an
        item at a time (``CONCURRENT_ITEMS``), between the reactor's other work, so the entries
        reach the scheduler (and a shared frontier) as fast as the reactor allows, none held back.
        Counted in the stats ``newsscraper/discovery/<source>_entries`` and ``_bad_urls`` when read.
        Pages still to request when this worker's run is ending (:meth:`_run_ending`) are not
        requested, counted in ``newsscraper/refused/closing``: the close waited for all of them
        (issue 13: 50,000 entries, tens of seconds). After ``--max-pages`` it still does when the
        document outweighs ``SCRAPER_SLOT_MAX_ACTIVE_SIZE``: Scrapy sends no request meanwhile, so
        the budget is spent only once the last entry is scheduled (``docs/crawling.md``)."""
        source = listing.kind
        if source is None:
            return
        stats = self.crawler.stats
        stats.inc_value(f"newsscraper/discovery/{source}_entries", listing.entries)
        if listing.bad_urls:
            stats.inc_value(f"newsscraper/discovery/{source}_bad_urls", listing.bad_urls)
        depth = int(response.meta.get("sitemap_depth", 0)) + 1
        for url in listing.sitemaps:
            yield from self._discovery(url, self.parse_sitemap, "sitemap", sitemap_depth=depth)
        for done, (url, article, hints) in enumerate(listing.pages):
            if done % _ENDING_EVERY == 0 and self._run_ending():
                stats.inc_value("newsscraper/refused/closing", len(listing.pages) - done)
                return
            yield self._page_request(url, source, hints, canonical=True, article=article)

    def _run_ending(self) -> bool:
        """Whether this worker will send no more requests, so another listed page is not worth
        requesting: the crawler is stopping (Ctrl-C, a signal), the request budget is spent
        (``--max-pages``, ``NEWSSCRAPER_MAX_REQUESTS``), ``CLOSESPIDER_PAGECOUNT`` responses came
        or ``CLOSESPIDER_TIMEOUT`` (``--timeout``) passed (what Scrapy's CloseSpider extension
        closes the spider for). Never with a shared frontier (``--frontier``): there the other
        workers fetch what this one leaves, and the document is not read again."""
        settings = self.crawler.settings
        if settings.get("NEWSSCRAPER_FRONTIER"):
            return False
        if self._open and not self.crawler.crawling:
            return True
        budget = self._request_budget
        if budget is not None and budget.spent:
            return True
        pages = settings.getint("CLOSESPIDER_PAGECOUNT")
        if pages > 0 and (self.crawler.stats.get_value("response_received_count") or 0) >= pages:
            return True
        return self._deadline is not None and time.monotonic() >= self._deadline

    def _http_url(self, response: Response, url: str, source: str) -> str | None:
        """``url`` of a discovery document resolved against the document's URL (an Atom feed's
        relative ``href``, a robots.txt's ``Sitemap: /sitemap.xml``) if it is an http(s) URL, else
        ``None``, counted in the stat ``newsscraper/discovery/<source>_bad_urls``: a ``javascript:``
        or ``mailto:`` item, a relative link, or a URL that does not parse raised ``ValueError``
        out of the callback (a traceback), and every entry after it was lost."""
        absolute = _http_url(response.url, url)
        if absolute is None:
            self.crawler.stats.inc_value(f"newsscraper/discovery/{source}_bad_urls")
        return absolute

    def _page_request(
        self,
        url: str,
        source: str,
        hints: dict[str, Any] | None = None,
        canonical: bool = False,
        article: bool | None = None,
    ) -> Request:
        """The request of a page; ``canonical``: ``url`` is canonical already; ``article``: whether
        it looks like an article, when known (else read from ``url``)."""
        if not canonical:
            url = canonicalize_url(url)
        if article is None:
            article = article_like(url)
        meta: dict[str, Any] = {"source": source}
        if source in ("sitemap", "feed"):
            meta["depth_reset"] = True
        return Request(
            url,
            callback=self.parse_page,
            priority=PRIORITY_ARTICLE if article else PRIORITY_LISTING,
            meta=meta,
            cb_kwargs={"hints": hints or {}},
        )

    async def parse_page(self, response: Response, hints: dict[str, Any] | None = None) -> Iterable[Any]:
        """Follow a page's links and feeds; yield it as a :class:`PageItem` unless its URL rules it out.

        The page is read once, in the crawl's extraction worker (:class:`PageReader`): its links,
        feeds, signals and article all come from that one parse; this callback only turns them into
        requests and the item. A coroutine returning a list, not an async generator: Scrapy runs
        an async generator's output through ``CONCURRENT_ITEMS`` (100) asyncio tasks per response,
        which cost more reactor time than the whole page. A feed (or, ``--no-follow``, a sitemap
        start URL) gives its entries' requests as a generator (:meth:`_listing_requests`).
        """
        stats = self.crawler.stats
        stats.inc_value("newsscraper/pages_parsed")
        if not response.body.strip():
            stats.inc_value("newsscraper/drop/empty")
            return []
        read_as = self._listing_kind(response)
        if read_as is not None:
            listing = await self._read_listing(response, read_as)
            if listing.kind is not None:
                return self._listing_requests(response, listing) if response.status == 200 else []
        return [output async for output in self._parse_page(response, hints)]

    def _listing_kind(self, response: Response) -> str | None:
        """How :func:`read_listing` reads ``response`` if it may be a feed (or, ``--no-follow``, a
        sitemap start URL): ``"feed?"``, ``"feed?sitemap"``; ``None``: it is not XML."""
        if self.follow == "none":
            return None
        # an XmlResponse by its bytes or name: a `.xml.gz` sitemap served as application/x-gzip,
        # inflated by SniffedGzipMiddleware, keeps that Content-Type (and was dropped as not-html)
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        xml = isinstance(response, XmlResponse) or (
            isinstance(response, TextResponse) and (b"xml" in ctype or b"rss" in ctype)
        )
        if not xml:
            return None
        if (
            self.follow == "entries"
            and response.meta.get("source") == "start"
            and _SITEMAP_ROOT.search(response.body[:4096])
        ):
            return "feed?sitemap"
        return "feed?"

    async def _parse_page(self, response: Response, hints: dict[str, Any] | None) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        source = str(response.meta.get("source", "link"))
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        if not isinstance(response, TextResponse) or not (
            any(t in ctype for t in _HTML_TYPES) or (not ctype and b"<html" in response.body[:2048].lower())
        ):
            stats.inc_value("newsscraper/drop/not-html")
            return

        problem = sniff_bytes(response.body)
        if problem:  # binary served as HTML
            stats.inc_value(f"newsscraper/drop/{problem.replace(':', '/')}")
            return
        url = canonicalize_url(response.url)
        follow = self.follow == "all"
        kind = non_article_kind(url) if follow else None
        # pagination parameters also sit on article URLs (?page=1): the article filter decides those
        dropped = bool(kind and kind != "pagination" and not hints)
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        if self._reader is None:
            self._reader = PageReader.of(self.crawler)
        reading = await self._reader.read(
            response.body,
            response.url,
            headers,
            article=not dropped,
            links=follow,
            max_links=self.crawler.settings.getint("NEWSSCRAPER_MAX_LINKS_PER_PAGE", MAX_LINKS_PER_PAGE),
            onsite=self._onsite,
        )
        if not follow:
            yield self._page_item(response, url, headers, source, hints, reading)
            return
        for href in reading.feeds:
            for request in self._discovery(href, self.parse_feed, "feed"):
                yield request
        if source == "start" and not reading.feeds:
            for path in USUAL_FEEDS:
                for request in self._discovery(
                    urljoin(response.url, path), self.parse_feed, "feed", quiet_404=True
                ):
                    yield request
        if reading.refused_links:
            stats.inc_value("newsscraper/refused/links-per-page", reading.refused_links)
        if reading.offsite_links:
            stats.inc_value("newsscraper/refused/offsite", reading.offsite_links)
        budget = self._link_budget
        depth = int(response.meta.get("depth", 0)) + 1
        limit = self.crawler.settings.getint("DEPTH_LIMIT")
        if budget is not None and (not limit or depth <= limit):
            # asked before the request is built: links charged, held or over the budget cost no
            # Request and no trip through the spider middlewares (the links are canonical already)
            step = self.crawler.settings.getint("DEPTH_PRIORITY")
            page = page_stand_in(response)  # what the middlewares after the budget read of it
            for link_url, is_article in zip(reading.links, reading.article_links, strict=True):
                priority = (PRIORITY_ARTICLE if is_article else PRIORITY_LISTING) - depth * step
                held = partial(self._held_link, link_url, depth, priority)
                if budget.claim(link_url, priority, held, page):
                    request = self._page_request(link_url, "link", canonical=True, article=is_article)
                    request.meta[CLAIMED] = True
                    yield request
        else:
            for link_url, is_article in zip(reading.links, reading.article_links, strict=True):
                yield self._page_request(link_url, "link", canonical=True, article=is_article)

        canonical = reading.signals.get("canonical")
        # one hop only: a page reached through a canonical link is kept whatever its own canonical says
        if canonical and source != "canonical" and self._follow_canonical(url, canonical):
            # a copy (print view, tracking variant, syndication) of an onsite page: the record is
            # made from the canonical page, fetched once whichever copy led to it
            stats.inc_value("newsscraper/drop/not-canonical")
            yield self._page_request(canonical, "canonical", hints)
            return
        if dropped:
            stats.inc_value(f"newsscraper/drop/not-article/{kind}")
            return
        yield self._page_item(response, url, headers, source, hints, reading)

    def _page_item(
        self,
        response: TextResponse,
        url: str,
        headers: dict[str, str],
        source: str,
        hints: dict[str, Any] | None,
        reading: CrawlReading,
    ) -> PageItem:
        return PageItem(
            url=url,
            request_url=canonicalize_url(response.request.url if response.request else url),
            status=response.status,
            headers=headers,
            source=source,
            depth=int(response.meta.get("depth", 0)),
            hints=dict(hints or {}),
            signals=reading.signals,
            article=reading.article,
        )

    def _held_link(self, url: str, depth: int, priority: int) -> Request:
        """The request of a link the link budget held and now releases: as Scrapy's
        ``DepthMiddleware`` would have left it (depth set, priority lowered by depth); the budget
        then runs it through the spider middlewares after itself."""
        request = self._page_request(url, "link", canonical=True, article=False)
        request.meta["depth"] = depth
        request.priority = priority  # ranked as an article or not when it was held
        return request

    def _component(self, slot: str, find: Callable[[], Any]) -> Any:
        """``find()``'s crawl component, kept in the attribute ``slot`` once the engine can tell
        (``None`` when the component is off); ``None`` before that: a unit test's bare crawler has
        no engine, and asking it raises ``RuntimeError``."""
        if getattr(self, slot) is _UNSET:
            try:
                setattr(self, slot, find())
            except RuntimeError:
                return None
        return getattr(self, slot)

    @property
    def _link_budget(self) -> LinkBudgetMiddleware | None:
        """The crawl's link budget (``None`` when it is off or not built yet)."""
        found: LinkBudgetMiddleware | None = self._component(
            "_budget", partial(self.crawler.get_spider_middleware, LinkBudgetMiddleware)
        )
        return found

    @property
    def _request_budget(self) -> RequestBudgetMiddleware | None:
        """The crawl's request budget (``None`` when it is off or not built yet)."""
        found: RequestBudgetMiddleware | None = self._component(
            "_requests", partial(self.crawler.get_downloader_middleware, RequestBudgetMiddleware)
        )
        return found

    @property
    def _onsite(self) -> Callable[[str], bool] | None:
        """The offsite middleware's policy, applied to a page's links before they become requests."""
        if self._offsite is None:
            settings = self.crawler.settings
            if not settings.getbool("NEWSSCRAPER_OFFSITE_ENABLED"):
                return None
            self._offsite = OffsitePolicy(self.start_urls, settings.getlist("NEWSSCRAPER_ALLOWED_DOMAINS"))
        return self._offsite.allows

    def _follow_canonical(self, url: str, canonical: str) -> bool:
        """Whether ``canonical`` is another onsite article URL that should stand for ``url``."""
        target = canonicalize_url(canonical)
        if target == url or origin(target) is None:
            return False
        # same site *and* port, as the offsite middleware judges it: a canonical naming the page's
        # original host (mirrors, copies served elsewhere) is not followed
        return OffsitePolicy([url]).allows(target) and not listing_like(target)


_START_SEPARATOR = re.compile(r",\s*(?=https?://)", re.IGNORECASE)


def split_start_urls(start: str) -> list[str]:
    """The URLs of ``-a start=``: split at commas that an ``http(s)://`` URL follows.

    >>> split_start_urls("https://a.example/x,y.html,https://b.example/?ids=1,2")
    ['https://a.example/x,y.html', 'https://b.example/?ids=1,2']
    """
    return [u for u in _START_SEPARATOR.split(start) if u.strip()]
