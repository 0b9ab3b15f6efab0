"""SSRF guard: refuse requests whose host is, or resolves to, a non-public address.

Loopback, private (RFC 1918, fc00::/7), link-local (including cloud metadata 169.254.169.254),
shared (100.64/10), reserved, unspecified and multicast addresses are refused unless they fall in a
network of ``NEWSSCRAPER_ALLOW_NETWORKS`` (``--allow-network CIDR``). Every address a name resolves
to must pass. Redirected requests re-enter the downloader middlewares, so every hop is checked.
Switch: ``NEWSSCRAPER_SSRF_ENABLED``.

Limit: the check resolves the name itself; Scrapy resolves again to connect. Scrapy's resolver
caches the first answer (``DNSCACHE_ENABLED``), which narrows, but does not close, a DNS-rebinding
window.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newsscraper.crawl.urls import origin

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_CACHED_HOSTS = 10_000  # one news site links a few hundred hosts; bounded anyway


def is_public(addr: IPAddress) -> bool:
    """Return whether ``addr`` is a public unicast address.

    >>> [is_public(ipaddress.ip_address(a)) for a in ("8.8.8.8", "127.0.0.1", "10.1.2.3",
    ...  "169.254.169.254", "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1", "2606:4700::1")]
    [True, False, False, False, False, False, False, True]
    """
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class SSRFGuardMiddleware:
    """Refuse requests to non-public addresses (stats ``newsscraper/refused/ssrf``)."""

    def __init__(self, stats: StatsCollector, allow: Iterable[str] = ()):
        self.stats = stats
        self.allow: list[Network] = [ipaddress.ip_network(c, strict=False) for c in allow]
        self._cache: dict[str, list[IPAddress]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_SSRF_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getlist("NEWSSCRAPER_ALLOW_NETWORKS"))

    def allowed(self, addr: IPAddress) -> bool:
        """Return whether a request may go to ``addr``."""
        return is_public(addr) or any(addr in net for net in self.allow)

    async def process_request(self, request: Request) -> None:
        o = origin(request.url)
        if o is None:
            return  # not http(s): SchemeMiddleware refuses it
        addresses = await self._resolve(o[0].strip("[]"))
        if not addresses:
            self.stats.inc_value("newsscraper/refused/unresolvable")
            raise IgnoreRequest(f"cannot resolve {o[0]}")
        bad = [a for a in addresses if not self.allowed(a)]
        if bad:
            self.stats.inc_value("newsscraper/refused/ssrf")
            raise IgnoreRequest(f"non-public address {bad[0]} for {request.url[:120]}")

    async def _resolve(self, host: str) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        if host not in self._cache:
            if len(self._cache) >= MAX_CACHED_HOSTS:
                self._cache.clear()
            self._cache[host] = await maybe_deferred_to_future(deferToThread(_lookup, host))
        return self._cache[host]


def _lookup(host: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
