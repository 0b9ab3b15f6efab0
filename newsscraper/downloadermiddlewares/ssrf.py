"""SSRF guard: refuse requests whose host is, or resolves to, a non-public address.

Loopback, private (RFC 1918, fc00::/7), link-local (including cloud metadata 169.254.169.254),
shared (100.64/10), reserved, unspecified and multicast addresses are refused unless they fall in a
network of ``NEWSSCRAPER_ALLOW_NETWORKS`` (``--allow-network CIDR``). Every address a name resolves
to must pass. Redirected requests re-enter the downloader middlewares, so every hop is checked.
Switch: ``NEWSSCRAPER_SSRF_ENABLED``.

Limit: the check resolves the name itself; Scrapy resolves again to connect. Scrapy's resolver
caches the first answer (``DNSCACHE_ENABLED``), which narrows, but does not close, a DNS-rebinding
window.

Behind an HTTP(S) proxy (the ``http_proxy`` / ``https_proxy`` / ``no_proxy`` environment that
Scrapy's ``HttpProxyMiddleware`` reads, or a request's ``meta["proxy"]``) the crawler never connects
to the target: the proxy resolves the name on its own network, where ours may resolve nothing. So a
proxied request's target is not resolved here; the guard checks what it can without DNS: a target
written as an IP address, and ``localhost`` names (RFC 6761: always loopback), must pass as above.
The crawler does connect to the proxy, so the proxy's host goes through the same policy as any
target: resolved (once, cached) and every address public or in an allowed network. A proxy on a
private network (the usual case) must therefore be allowed, e.g. ``--allow-network 10.0.0.8/32``;
refusals are counted as ``newsscraper/refused/proxy`` (non-public proxy) and
``newsscraper/refused/proxy-unresolvable`` (the proxy's name did not resolve), and logged once per
proxy with the network to allow. What the proxy then fetches is the proxy's policy.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable, Mapping
from typing import Self
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newsscraper.crawl.urls import origin

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
logger = logging.getLogger(__name__)
MAX_CACHED_HOSTS = 10_000  # one news site links a few hundred hosts; bounded anyway
MAX_NAMED_HOSTS = 10
"""Refused hosts (non-public or unresolvable) named in a WARNING each, the first ones of a run; a
page linking hundreds of intranet hosts gets one more line saying the rest are counted only."""


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

    def __init__(
        self, stats: StatsCollector, allow: Iterable[str] = (), proxies: Mapping[str, str] | None = None
    ):
        self.stats = stats
        self.allow: list[Network] = [ipaddress.ip_network(c, strict=False) for c in allow]
        self.proxies = dict(proxies or {})
        """Proxy URL by scheme (``http``, ``https``), as ``HttpProxyMiddleware`` reads them."""
        self._cache: dict[str, list[IPAddress]] = {}
        self._verdicts: dict[str, tuple[bool, IPAddress | None]] = {}
        """Per target host: whether it resolved, and its first refused address (:meth:`_verdict`)."""
        self._proxy_refusals: dict[str, str | None] = {}
        self._named: set[str] = set()
        """Hosts whose refusal was logged (:meth:`_name_refusal`), at most ``MAX_NAMED_HOSTS``."""
        """Refusal kind (``proxy``, ``proxy-unresolvable``) or ``None`` (allowed) by proxy URL."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_SSRF_ENABLED"):
            raise NotConfigured
        assert crawler.stats is not None
        proxies = {}
        if crawler.settings.getbool("HTTPPROXY_ENABLED"):
            proxies = {k: v for k, v in getproxies().items() if k in ("http", "https")}
        return cls(crawler.stats, crawler.settings.getlist("NEWSSCRAPER_ALLOW_NETWORKS"), proxies)

    def proxy_for(self, request: Request) -> str | None:
        """The proxy ``request`` will go through: its ``meta["proxy"]``, else the environment's
        proxy for its scheme unless ``no_proxy`` names its host (``HttpProxyMiddleware``'s rule)."""
        if "proxy" in request.meta:
            return request.meta["proxy"] or None
        if not self.proxies:
            return None
        parts = urlsplit(request.url)
        if parts.scheme in self.proxies and not (parts.hostname and proxy_bypass(parts.hostname)):
            return self.proxies[parts.scheme]
        return None

    def allowed(self, addr: IPAddress) -> bool:
        """Return whether a request may go to ``addr``."""
        return is_public(addr) or any(addr in net for net in self.allow)

    async def process_request(self, request: Request) -> None:
        o = origin(request.url)
        if o is None:
            return  # not http(s): SchemeMiddleware refuses it
        host = o[0].strip("[]")
        proxy = self.proxy_for(request)
        if proxy is not None:
            refusal = await self._check_proxy(proxy)
            if refusal is not None:
                self.stats.inc_value(f"newsscraper/refused/{refusal}")
                raise IgnoreRequest(f"proxy {_redacted(proxy)} refused ({refusal}) for {request.url[:120]}")
            addresses = _without_dns(host)  # the proxy resolves the name (module docstring)
            if not addresses:
                self.stats.inc_value("newsscraper/proxied")
                return
            resolved, bad = True, next((a for a in addresses if not self.allowed(a)), None)
        else:
            resolved, bad = await self._verdict(host)
        if not resolved:
            self.stats.inc_value("newsscraper/refused/unresolvable")
            self._name_refusal(host, None)
            raise IgnoreRequest(f"cannot resolve {o[0]}")
        if bad is not None:
            self.stats.inc_value("newsscraper/refused/ssrf")
            self._name_refusal(host, bad)
            raise IgnoreRequest(f"non-public address {bad} for {request.url[:120]}")

    def _name_refusal(self, host: str, addr: IPAddress | None) -> None:
        """Log, once per host, which host was refused and why: the network that would let it
        through (``addr``, its first refused address), or that its name did not resolve (``None``).
        A crawl of a loopback or intranet site, or of a mistyped host, otherwise ended with 0 items
        and no word naming it (``scrapy crawl`` printed no summary; the refusals were a stats count)."""
        if host in self._named or len(self._named) > MAX_NAMED_HOSTS:
            return
        self._named.add(host)
        if len(self._named) > MAX_NAMED_HOSTS:
            logger.warning("more hosts refused by the SSRF guard; they are counted, not named")
            return
        if addr is None:
            logger.warning(
                "refused %s: the host name did not resolve; check it (behind a proxy, set "
                "http_proxy / https_proxy)",
                host,
            )
            return
        net = ipaddress.ip_network(addr)
        logger.warning(
            "refused %s: %s is %s address, not a public one (SSRF guard). To crawl it, allow its "
            "network: --allow-network %s (newsscraper crawl / fetch) or -s NEWSSCRAPER_ALLOW_NETWORKS=%s",
            host,
            addr,
            _a(_address_kind(addr)),
            net,
            net,
        )

    async def _verdict(self, host: str) -> tuple[bool, IPAddress | None]:
        """Whether ``host`` resolved, and the first of its addresses the policy refuses (``None``:
        every one passes). Decided once per host, as its addresses are resolved once (``_resolve``):
        parsing and classifying them again for every request cost more reactor CPU than the rest
        of the guard (``bench/crawl_compare.py --real``)."""
        verdict = self._verdicts.get(host)
        if verdict is None:
            addresses = await self._resolve(host)
            verdict = bool(addresses), next((a for a in addresses if not self.allowed(a)), None)
            if len(self._verdicts) >= MAX_CACHED_HOSTS:
                self._verdicts.clear()
            self._verdicts[host] = verdict
        return verdict

    async def _check_proxy(self, proxy: str) -> str | None:
        """The refusal kind for connecting to ``proxy`` (a proxy URL, scheme optional), or ``None``
        when every address of its host is public or allowed. Decided once per proxy URL; the first
        refusal is logged at WARNING with the network to allow."""
        if proxy in self._proxy_refusals:
            return self._proxy_refusals[proxy]
        try:
            host = urlsplit(proxy if "://" in proxy else "http://" + proxy).hostname
        except ValueError:
            host = None
        addresses = (_without_dns(host) or await self._resolve(host)) if host else []
        bad = [a for a in addresses if not self.allowed(a)]
        refusal: str | None = None
        if not addresses:
            refusal = "proxy-unresolvable"
            logger.warning(
                "proxy %s: its host name did not resolve; every request through it is refused",
                _redacted(proxy),
            )
        elif bad:
            refusal = "proxy"
            net = ipaddress.ip_network(bad[0])
            logger.warning(
                "proxy %s is at non-public address %s; every request through it is refused. "
                "Allow its network: --allow-network %s (NEWSSCRAPER_ALLOW_NETWORKS)",
                _redacted(proxy),
                bad[0],
                net,
            )
        self._proxy_refusals[proxy] = refusal
        return refusal

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


def _a(word: str) -> str:
    """``word`` after its indefinite article: ``a loopback``, ``an unspecified``."""
    return ("an " if word[0] in "aeiou" else "a ") + word


def _address_kind(addr: IPAddress) -> str:
    """What kind of non-public address ``addr`` is, in the words of RFC 6890's registry.

    >>> [_address_kind(ipaddress.ip_address(a)) for a in ("127.0.0.1", "10.1.2.3", "169.254.169.254",
    ...  "::1", "0.0.0.0", "100.64.0.1")]
    ['loopback', 'private', 'link-local', 'loopback', 'unspecified', 'non-public']
    """
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(addr, f"is_{kind}"):
            return kind.replace("_", "-")
    return "non-public"


def _redacted(proxy: str) -> str:
    """``proxy`` without its credentials, for logs and reports.

    >>> _redacted("http://user:secret@10.0.0.8:3128"), _redacted("10.0.0.8:3128")
    ('http://10.0.0.8:3128', '10.0.0.8:3128')
    """
    scheme, sep, rest = proxy.rpartition("://")
    return scheme + sep + rest.rpartition("@")[2]


def _without_dns(host: str) -> list[IPAddress]:
    """The addresses of ``host`` known without asking DNS: an IP literal's own, loopback for
    ``localhost`` names (RFC 6761 section 6.3), none for any other name.

    >>> _without_dns("10.0.0.7"), _without_dns("api.localhost"), _without_dns("news.example")
    ([IPv4Address('10.0.0.7')], [IPv4Address('127.0.0.1'), IPv6Address('::1')], [])
    """
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    return []


def _lookup(host: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
