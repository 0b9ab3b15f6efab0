"""URL canonicalisation for crawling: one spelling per page, so duplicates are never fetched twice.

Tracking parameters (``utm_*``, ``fbclid``, ``gclid``...), session ids (query or ``;jsessionid=`` path
parameters) and fragments are removed, the host is lower-cased, the default port dropped and the
query sorted. The result is used for request URLs and record URLs; :func:`url_identity` adds w3lib's
canonicalisation on top and is the one identity of a page for the dupefilter, deduplication and
the state store.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

# Query keys that never change what a page shows. Prefix rules cover families (utm_source, utm_medium...);
# the list follows the parameters stripped by browsers' "copy clean link" features and ClearURLs.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "matomo_", "hsa_", "__hs", "_hs", "ga_")
_TRACKING_KEYS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mkt_tok",
        "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "ncid", "ito", "at_medium",
        "at_campaign", "xtor", "s_cid", "wt_mc", "spm", "share", "smid", "sr_share",
    }
)  # fmt: skip
# Session ids: a page served under many session ids is one page (and a classic crawler trap).
_SESSION_KEYS = frozenset(
    {"sid", "sessionid", "session_id", "jsessionid", "phpsessid", "aspsessionid", "cfid", "cftoken"}
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PLAIN = re.compile(
    r"(https?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9][0-9]{0,4}))?(/[^?#;\x00-\x20\x7f]*)?(?:#.*)?",
    re.ASCII | re.DOTALL,
)
"""An http(s) URL in canonical form but for its fragment and a default port: lower-case scheme and
host of letters, digits, hyphens and inner dots, no user, no query, no ``;`` parameters, no space
or control character in the path. Most links of a news page have this shape; for them
:func:`_canonical` gives ``scheme://host[:port]/path`` without ``urlsplit``: half the time on the
links of ``bench/crawl_compare.py --real``'s pages (``tests/test_url_identity.py`` holds the two
paths to the same answers)."""


def is_noise_key(key: str) -> bool:
    """Return whether a query key is tracking or session noise.

    >>> is_noise_key("utm_source"), is_noise_key("PHPSESSID"), is_noise_key("page")
    (True, True, False)
    """
    k = key.lower()
    return k in _TRACKING_KEYS or k in _SESSION_KEYS or k.startswith(_TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """Return the canonical spelling of an http(s) URL (other URLs come back unchanged).

    >>> canonicalize_url("HTTP://Example.COM:80/a;jsessionid=12?utm_source=x&b=2&a=1#top")
    'http://example.com/a?a=1&b=2'
    >>> canonicalize_url("https://example.com/news/?fbclid=abc")
    'https://example.com/news/'
    """
    return _canonical(url)


@lru_cache(maxsize=8192)
def _canonical(url: str) -> str:
    """:func:`canonicalize_url`, cached: a crawl canonicalises the same URLs many times (every
    page's navigation links, then each request in the spider and the canonical-URL middleware)."""
    stripped = url.strip()
    plain = _PLAIN.fullmatch(stripped)
    if plain is not None:
        scheme, host, port, path = plain.groups()
        if port is None or int(port) == _DEFAULT_PORTS[scheme]:
            return f"{scheme}://{host}{path or '/'}"
        if int(port) <= 65535:  # else urlsplit refuses it: below, the URL comes back as given
            return f"{scheme}://{host}:{port}{path or '/'}"
    split = _split_http(stripped)
    if split is None:
        return url
    parts, scheme, port = split
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = (_PATH_SESSION.sub("", parts.path) if ";" in parts.path else parts.path) or "/"
    if not parts.query:  # most links: nothing to filter, sort or re-encode
        return urlunsplit((scheme, netloc, path, "", ""))
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_noise_key(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def url_identity(url: str) -> str:
    """Return the identity of a page's URL: :func:`canonicalize_url`, then w3lib's ``canonicalize_url``.

    w3lib resolves ``.``/``..`` segments, normalises percent-encoding (``%7E`` is ``~``, escapes in
    upper case), encodes the host with IDNA and sorts the query; ours drops tracking and session
    parameters, default ports and fragments first. Scrapy's request fingerprints canonicalise
    with w3lib the URLs our canonical-URL middleware already rewrote, so the dupefilter, the dedupe
    pipeline and the state store all see this one spelling.

    >>> url_identity("HTTP://Example.COM:80/a/./b/../%7Euser;jsessionid=1?utm_source=x&b=2&a=1#top")
    'http://example.com/a/~user?a=1&b=2'
    """
    return w3lib_canonicalize_url(canonicalize_url(url), keep_fragments=False)


def origin(url: str) -> tuple[str, int] | None:
    """Return ``(host, port)`` of an http(s) URL (port made explicit), ``None`` for anything else.

    >>> origin("https://News.example.com/x"), origin("http://127.0.0.1:8080/"), origin("ftp://a/")
    (('news.example.com', 443), ('127.0.0.1', 8080), None)
    """
    # the origin depends on the scheme and authority alone (urlsplit's netloc ends at the first
    # "/", "?" or "#"): cached by that prefix, since a crawl asks for thousands of URLs of few sites
    start = url.find("://")
    if start < 0:
        return None
    end = len(url)
    for sep in "/?#":
        at = url.find(sep, start + 3)
        if 0 <= at < end:
            end = at
    return _origin_of_prefix(url[:end])


@lru_cache(maxsize=4096)
def _origin_of_prefix(prefix: str) -> tuple[str, int] | None:
    split = _split_http(prefix)
    if split is None:
        return None
    parts, scheme, port = split
    return (parts.hostname or "").lower().rstrip("."), port or _DEFAULT_PORTS[scheme]


def _split_http(url: str) -> tuple[SplitResult, str, int | None] | None:
    """``(parts, lower-cased scheme, port)`` of an http(s) URL with a host; ``None`` for any other
    URL, or one whose port is not a number."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts, scheme, port
