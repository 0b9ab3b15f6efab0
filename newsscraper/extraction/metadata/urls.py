"""URLs: the page's base, its canonical address, and absolute links."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from newsscraper.extraction.metadata.metatags import MetaTags


def host_of(url: str | None) -> str:
    """The host name of ``url``, ``""`` when there is none or the URL is malformed."""
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:  # "http://[::1": urllib raises on broken IPv6 hosts
        return ""


# An absolute http(s) URL that ``urljoin`` returns unchanged whatever the base: a plain host
# (no user info, no IPv6 brackets), a path without ``;`` params, a non-empty query, no fragment,
# no whitespace. Most image and link URLs on news pages are of this form.
_PLAIN_ABSOLUTE = re.compile(r"https?://[\w.-]+(?::\d+)?(?:/[^;?#\s]*)?(?:\?[^#\s]+)?", re.ASCII)


def join(base: str, href: str) -> str | None:
    """``href`` resolved against ``base`` like ``urljoin``; ``None`` when either is malformed.

    >>> join("https://example.org/news/", "../img/a.jpg"), join("https://x.org/", "http://cdn.org/a.jpg?w=1")
    ('https://example.org/img/a.jpg', 'http://cdn.org/a.jpg?w=1')
    """
    if _PLAIN_ABSOLUTE.fullmatch(href):
        return href  # ``urljoin`` parses both URLs (~15 µs) to give the same answer
    try:
        return urljoin(base, href)
    except ValueError:  # a malformed host in either URL
        return None


def url_key(url: str) -> str:
    """A URL without scheme, ``www.``, fragment, query and trailing slash, for comparisons."""
    url = url.split("#")[0].split("?")[0].rstrip("/")
    return url.split("://", 1)[-1].removeprefix("www.")


def base_url(base_href: str | None, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` (itself resolved), else ``url``."""
    if base_href:
        href = base_href.strip()
        if href and not href.startswith(("javascript:", "data:")):
            return join(url or "", href) or url
    return url


def absolute(href: str | None, base: str | None) -> str | None:
    """``href`` made absolute against ``base``; ``None`` for empty, ``data:`` and script URLs."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("data:", "javascript:", "#", "about:")):
        return None
    if href.startswith("//") and not base:
        return "https:" + href
    return join(base, href) if base else href


def canonical_url(links: list[HtmlElement], meta: MetaTags, base: str | None) -> str | None:
    """``<link rel=canonical>``, else ``og:url`` / ``twitter:url``, made absolute."""
    for link in links:
        if "canonical" in (link.get("rel") or "").lower().split():
            found = absolute(link.get("href"), base)
            if found:
                return found
    return absolute(meta.get("og:url", "twitter:url"), base)


def _internal_host(host: str) -> bool:
    """Whether ``host`` is an IP literal of a loopback, private, link-local or reserved range."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def trusted_canonical(canonical: str | None, page_url: str | None) -> tuple[str | None, bool]:
    """Return ``(canonical, refused)``: the page's declared canonical URL if a record may carry it.

    Only an http(s) URL with a host is kept; one naming an internal address (loopback, private,
    link-local such as the cloud metadata service 169.254.169.254) is kept only when the page's
    own URL is internal too. Anything else (``file:``, ``ftp:``, a hostless URL) is refused:
    downstream tools follow ``canonicalUrl``, so a page must not point them at local files or
    internal services.

    >>> trusted_canonical("https://news.test/a", "https://news.test/a?amp=1")
    ('https://news.test/a', False)
    >>> trusted_canonical("file:///etc/passwd", "https://news.test/a")
    (None, True)
    >>> trusted_canonical("http://169.254.169.254/latest/meta-data/", "https://news.test/a")
    (None, True)
    >>> trusted_canonical("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a?p=2")
    ('http://127.0.0.1:8080/a', False)
    """
    if not canonical:
        return None, False
    try:
        parts = urlsplit(canonical)
    except ValueError:
        return None, True
    host = (parts.hostname or "").strip("[]")
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None, True
    if _internal_host(host) and not _internal_host(host_of(page_url).strip("[]")):
        return None, True
    return canonical, False
