"""The ``news`` spider: discover a news site's pages and yield one :class:`PageItem` per HTML page.

Discovery: robots.txt ``Sitemap:`` lines (else usual sitemap paths) → sitemap indexes, url sets and
Google News sitemaps (their title / date / keywords kept as hints); RSS and Atom feeds announced by
``<link rel="alternate">`` (else usual feed paths); and links inside the site under ``DEPTH_LIMIT``.
Sitemap and feed entries reset the depth. Discovery documents are bounded per site, whatever the site
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

import json
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

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
from newsscraper.crawl.urls import canonicalize_url, origin
from newsscraper.downloadermiddlewares.offsite import OffsitePolicy
from newsscraper.extraction.html import sniff_bytes

# Priorities: discovery documents first (they list the articles), then article-looking URLs, then
# listings — so a page budget (--max-pages) is spent on articles, not on pagination.
PRIORITY_DISCOVERY = 30
PRIORITY_ARTICLE = 20
PRIORITY_LISTING = 0
_HTML_TYPES = (b"text/html", b"application/xhtml")
FOLLOW_MODES = ("all", "entries", "none")
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
_FEED_XPATH = (
    '//link[contains(concat(" ", normalize-space(@rel), " "), " alternate ")]'
    '[contains(@type, "rss") or contains(@type, "atom")]/@href'
)


class NewsSpider(Spider):
    """Crawl the sites of the start URLs for news articles."""

    name = "news"

    def __init__(
        self, start: str | Sequence[str] = "", *args: Any, follow: str = "all", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        given = split_start_urls(start) if isinstance(start, str) else list(start)
        urls = [canonicalize_url(u.strip()) for u in given if u.strip()]
        bad = [u for u in urls if origin(u) is None]
        if not urls or bad:
            raise ValueError(f"news spider needs http(s) start URLs: -a start=URL[,URL...] ({bad})")
        if follow not in FOLLOW_MODES:
            raise ValueError(
                f"news spider: -a follow= must be one of {', '.join(FOLLOW_MODES)}, not {follow!r}"
            )
        self.follow = follow
        self.start_urls = urls
        self._links = LinkExtractor(tags=("a", "area"), attrs=("href",), unique=True)
        self._discovered: Counter[tuple[str, tuple[str, int] | None]] = Counter()

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
        self, url: str, callback: Callable[[Response], Iterator[Request]], source: str, **extra: Any
    ) -> Iterator[Request]:
        """Yield the request for a sitemap or feed, unless it passes the site's discovery bounds."""
        url = canonicalize_url(url)
        limits = self._limits
        if int(extra.get("sitemap_depth", 0)) > limits["sitemap-depth"]:
            self.crawler.stats.inc_value("newsscraper/refused/sitemap-depth")
            return
        key = (source, origin(url))
        if self._discovered[key] >= limits[source]:
            self.crawler.stats.inc_value(f"newsscraper/refused/{source}-count")
            return
        self._discovered[key] += 1
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
        named = robots_sitemaps(text)
        urls = named or [urljoin(response.url, p) for p in USUAL_SITEMAPS]
        for url in urls:
            meta = {} if named else {"quiet_404": True}
            yield from self._discovery(url, self.parse_sitemap, "sitemap", **meta)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Follow a sitemap index's sitemaps and a url set's pages (with news hints)."""
        if response.status != 200:
            return
        entries = parse_sitemap(response.body)
        self.crawler.stats.inc_value("newsscraper/discovery/sitemap_entries", len(entries))
        for entry in entries:
            if entry.is_sitemap:
                depth = int(response.meta.get("sitemap_depth", 0)) + 1
                yield from self._discovery(entry.url, self.parse_sitemap, "sitemap", sitemap_depth=depth)
            else:
                yield self._page_request(entry.url, "sitemap", entry.hints)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Follow the items of an RSS or Atom feed."""
        if response.status != 200:
            return
        entries = parse_feed(response.body)
        self.crawler.stats.inc_value("newsscraper/discovery/feed_entries", len(entries))
        for entry in entries:
            yield self._page_request(entry.url, "feed", entry.hints)

    def _page_request(self, url: str, source: str, hints: dict[str, Any] | None = None) -> Request:
        url = canonicalize_url(url)
        meta: dict[str, Any] = {"source": source}
        if source in ("sitemap", "feed"):
            meta["depth_reset"] = True
        return Request(
            url,
            callback=self.parse_page,
            priority=PRIORITY_ARTICLE if article_like(url) else PRIORITY_LISTING,
            meta=meta,
            cb_kwargs={"hints": hints or {}},
        )

    def parse_page(self, response: Response, hints: dict[str, Any] | None = None) -> Iterator[Any]:
        """Follow a page's links and feeds; yield it as a :class:`PageItem` unless its URL rules it out."""
        stats = self.crawler.stats
        stats.inc_value("newsscraper/pages_parsed")
        source = str(response.meta.get("source", "link"))
        ctype = (response.headers.get(b"Content-Type") or b"").lower()
        if not response.body.strip():
            stats.inc_value("newsscraper/drop/empty")
            return
        xml = isinstance(response, TextResponse) and (b"xml" in ctype or b"rss" in ctype)
        if xml and self.follow != "none" and is_feed(response.body):
            yield from self.parse_feed(response)
            return
        if (
            xml
            and self.follow == "entries"
            and source == "start"
            and _SITEMAP_ROOT.search(response.body[:4096])
        ):
            yield from self.parse_sitemap(response)
            return
        if not isinstance(response, TextResponse) or not (
            any(t in ctype for t in _HTML_TYPES) or (not ctype and b"<html" in response.body[:2048].lower())
        ):
            stats.inc_value("newsscraper/drop/not-html")
            return

        problem = sniff_bytes(response.body)
        if problem:  # binary served as HTML
            stats.inc_value(f"newsscraper/drop/{problem.replace(':', '/')}")
            return
        if self.follow != "all":
            yield from self._page_item(response, source, hints)
            return
        feeds = response.xpath(_FEED_XPATH).getall()
        for href in feeds:
            yield from self._discovery(response.urljoin(href), self.parse_feed, "feed")
        if source == "start" and not feeds:
            for path in USUAL_FEEDS:
                yield from self._discovery(
                    urljoin(response.url, path), self.parse_feed, "feed", quiet_404=True
                )
        urls = [link.url for link in self._links.extract_links(response) if origin(link.url) is not None]
        cap = self.crawler.settings.getint("NEWSSCRAPER_MAX_LINKS_PER_PAGE", MAX_LINKS_PER_PAGE)
        if len(urls) > cap:
            # article-looking links first (stable order), the rest while room is left
            urls = sorted(urls, key=lambda u: not article_like(u))
            stats.inc_value("newsscraper/refused/links-per-page", len(urls) - cap)
            del urls[cap:]
        for link_url in urls:
            yield self._page_request(link_url, "link")

        url = canonicalize_url(response.url)
        signals = page_signals(response)
        canonical = signals.get("canonical")
        # one hop only: a page reached through a canonical link is kept whatever its own canonical says
        if canonical and source != "canonical" and self._follow_canonical(url, canonical):
            # a copy (print view, tracking variant, syndication) of an onsite page: the record is
            # made from the canonical page, fetched once whichever copy led to it
            stats.inc_value("newsscraper/drop/not-canonical")
            yield self._page_request(canonical, "canonical", hints)
            return
        kind = non_article_kind(url)
        # pagination parameters also sit on article URLs (?page=1): the article filter decides those
        if kind and kind != "pagination" and not hints:
            stats.inc_value(f"newsscraper/drop/not-article/{kind}")
            return
        yield from self._page_item(response, source, hints, signals)

    def _page_item(
        self, response: TextResponse, source: str, hints: dict[str, Any] | None, signals: Any = None
    ) -> Iterator[PageItem]:
        url = canonicalize_url(response.url)
        yield PageItem(
            url=url,
            request_url=canonicalize_url(response.request.url if response.request else url),
            status=response.status,
            headers={k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v},
            body=response.body,
            source=source,
            depth=int(response.meta.get("depth", 0)),
            hints=dict(hints or {}),
            signals=signals if signals is not None else page_signals(response),
        )

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


def page_signals(response: TextResponse) -> dict[str, Any]:
    """Cheap page-type evidence from the markup: ``og:type``, JSON-LD types, article and link counts."""
    og_type = response.xpath('//meta[@property="og:type"]/@content').get()
    canonical = response.xpath('//link[@rel="canonical"]/@href').get()
    ld_types: list[str] = []
    for script in response.xpath('//script[@type="application/ld+json"]/text()').getall()[:10]:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        ld_types.extend(_ld_types(data))
    return {
        "og_type": (og_type or "").strip().lower() or None,
        "ld_types": sorted(set(ld_types)),
        "articles": len(response.xpath("//article")),
        "links": len(response.xpath("//a[@href]")),
        "canonical": response.urljoin(canonical.strip()) if canonical else None,
    }


def _ld_types(data: Any, depth: int = 0) -> Iterator[str]:
    if depth > 3:
        return
    if isinstance(data, list):
        for x in data[:50]:
            yield from _ld_types(x, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for k in kind if isinstance(kind, list) else [kind]:
            if isinstance(k, str):
                yield k
        if "@graph" in data:
            yield from _ld_types(data["@graph"], depth + 1)
