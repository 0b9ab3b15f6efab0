"""Keep the crawl on the start URLs' sites: host *and* port, on every request including redirects.

A request is onsite when its host is a start host, the same site with or without ``www.``, or a
subdomain of it (``video.example.com`` for ``www.example.com``), and its port is the start URL's
port — http and https on their default ports count as one site. IP-literal hosts match exactly, so
``127.0.0.2`` is offsite for a crawl of ``127.0.0.1``. Redirects re-enter the downloader
middlewares, so each hop is checked. Extra sites: ``NEWSSCRAPER_ALLOWED_DOMAINS`` (``host`` or
``host:port``). Switch: ``NEWSSCRAPER_OFFSITE_ENABLED``.

One exception: the redirects of a site's ``/robots.txt`` fetch are followed off the site, as RFC 9309
§2.3.1.2 asks ("even across authorities"; ``REDIRECT_MAX_TIMES`` bounds them, the SSRF guard still
checks each hop). Refused, a robots.txt moved to a CDN or another domain read as unreachable, which
disallows the whole site: ``0 articles written``.

A start URL that redirects off the sites (a moved domain; under ``fetch``, a short link) is refused
like any other request, and said once, in a WARNING naming the target and the
``NEWSSCRAPER_ALLOWED_DOMAINS`` value that would allow it (:meth:`OffsiteMiddleware._say_start_redirect`).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from newsscraper.crawl.urls import origin

DEFAULT_PORTS = frozenset({80, 443})
logger = logging.getLogger(__name__)


@lru_cache(maxsize=1024)  # asked for every link of every page, of a few hosts
def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _site_root(host: str) -> str:
    return host.removeprefix("www.")


class OffsitePolicy:
    """Which (host, port) pairs belong to the crawl."""

    def __init__(self, urls: Iterable[str], extra: Iterable[str] = ()):
        self.origins: set[tuple[str, int]] = set()
        for url in urls:
            o = origin(url)
            if o:
                self.origins.add(o)
        for entry in extra:
            o = origin(entry if "://" in entry else f"http://{entry}")
            if o:
                self.origins.add(o)

    def allows(self, url: str) -> bool:
        """Return whether ``url`` is on one of the crawl's sites.

        >>> p = OffsitePolicy(["https://www.example.com/", "http://127.0.0.1:8080/"])
        >>> [p.allows(u) for u in ("http://example.com/a", "https://video.example.com/",
        ...  "https://example.com:8443/", "https://badexample.com/", "http://127.0.0.1:8080/x",
        ...  "http://127.0.0.2:8080/x", "http://127.0.0.1:9090/")]
        [True, True, False, False, True, False, False]
        """
        o = origin(url)
        if o is None:
            return False
        host, port = o
        for ohost, oport in self.origins:
            same_port = port == oport or (port in DEFAULT_PORTS and oport in DEFAULT_PORTS)
            if not same_port:
                continue
            if _is_ip(ohost) or _is_ip(host):
                if host == ohost:
                    return True
                continue
            root = _site_root(ohost)
            if host == root or host.endswith("." + root):
                return True
        return False


def robots_redirect(request: Request) -> bool:
    """Whether ``request`` is a redirect hop of the robots.txt fetch of Scrapy's robots middleware."""
    chain = request.meta.get("redirect_urls")
    return bool(
        chain and request.meta.get("dont_obey_robotstxt") and urlsplit(chain[0]).path == "/robots.txt"
    )


class OffsiteMiddleware:
    """Refuse requests off the start URLs' sites (stats ``newsscraper/refused/offsite``)."""

    def __init__(self, stats: StatsCollector, extra: list[str]):
        self.stats = stats
        self.extra = extra
        self.policy: OffsitePolicy | None = None
        self.starts: frozenset[str] = frozenset()
        self.said: set[str] = set()
        """Start URLs whose redirect off the sites was said (:meth:`_say_start_redirect`)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_OFFSITE_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        mw = cls(crawler.stats, crawler.settings.getlist("NEWSSCRAPER_ALLOWED_DOMAINS"))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        starts = list(getattr(spider, "start_urls", []))
        self.policy = OffsitePolicy(starts, self.extra)
        self.starts = frozenset(starts)

    def process_request(self, request: Request) -> None:
        if self.policy is not None and not self.policy.allows(request.url) and not robots_redirect(request):
            self.stats.inc_value("newsscraper/refused/offsite")
            self._say_start_redirect(request)
            raise IgnoreRequest(f"offsite: {request.url[:120]}")

    def _say_start_redirect(self, request: Request) -> None:
        """Warn, once per start URL, that it redirects off the crawl's sites. A site that moved
        (``bbc.com`` to ``www.bbc.co.uk``, ``http://127.0.0.1:8932/`` to ``localhost``) ended the
        crawl with ``0 articles written`` and ``N requests refused (offsite)``, never naming the
        redirect; so does a ``fetch`` of a short link (``bit.ly/...``)."""
        chain = request.meta.get("redirect_urls") or []
        if not chain or chain[0] not in self.starts or chain[0] in self.said:
            return
        self.said.add(chain[0])
        o = origin(request.url)
        host = "" if o is None else (o[0] if o[1] in DEFAULT_PORTS else f"{o[0]}:{o[1]}")
        logger.warning(
            "%s redirects to %s, off the start URLs' sites: refused. Start from there, or allow "
            "its site: -s NEWSSCRAPER_ALLOWED_DOMAINS=%s",
            chain[0],
            request.url[:200],
            host,
        )
