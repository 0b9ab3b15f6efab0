"""Headlines: drop the " | Site Name" part that pages add to their titles.

A title is split at spaced separators (``|``, ``-``, ``–``, ``—``, ``·``, ``•``, ``»``, ``::``, ``/``).
Leading or trailing parts that name the site (its declared name or its domain) are dropped; a
``<title>`` that still has parts is replaced by the part an ``<h1>`` of the page agrees with.
"""

from __future__ import annotations

import re

from newsscraper.extraction.metadata.urls import host_of

_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/\\]|::)\s+|\s+::|::\s+")
_ALNUM = re.compile(r"[\W_]+")
MAX_SITE_PART_WORDS = 5
"""A part naming the site is short; longer parts are kept even when they contain the name."""
SITE_EXTRA_CHARS = 6
"""A part may be the site key plus this many characters ("lemonde" + "fr", "bbc" + "news")."""
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "edition", "news", "com", "co", "org", "net"})


def norm(text: str) -> str:
    """Case-folded letters and digits only, for comparing names."""
    return _ALNUM.sub("", text.casefold())


def site_keys(names: list[str | None], url: str | None) -> set[str]:
    """Normalised forms of the site's names and of its domain's distinctive labels.

    >>> sorted(site_keys(["The Guardian"], "https://www.theguardian.com/x"))
    ['theguardian', 'theguardiancom']
    """
    keys = {norm(n) for n in names if n}
    host = host_of(url)
    if "." in host:
        labels = [x for x in host.split(".")[:-1] if x not in _HOST_NOISE]
        keys.update(norm(x) for x in labels if len(x) >= 3)
        keys.add(norm(host.removeprefix("www.")))
    keys.discard("")
    return keys


def _is_site(part: str, keys: set[str]) -> bool:
    """True when ``part`` names the site: equal to a key, a short form of one ("Guardian" for
    "theguardian"), or a key plus a few characters ("Le Monde.fr" for "lemonde")."""
    key = norm(part)
    if not key:
        return True  # a part of punctuation only
    if key in keys:
        return True
    if len(part.split()) > MAX_SITE_PART_WORDS or len(key) < 3:
        return False
    return any(
        (key in k and len(key) >= 4) or (k in key and len(key) - len(k) <= SITE_EXTRA_CHARS)
        for k in keys
        if len(k) >= 3
    )


def clean_headline(title: str, keys: set[str], h1s: list[str], from_title_tag: bool) -> str:
    """``title`` without site-name parts; a ``<title>`` is matched against the page's ``<h1>``.

    >>> clean_headline("Obama admits it - BBC News", {"bbcnews"}, [], False)
    'Obama admits it'
    >>> clean_headline("Tech | Gadgets - How to fix it - Site", set(), ["How to fix it"], True)
    'How to fix it'
    >>> clean_headline("Google - Site Reliability Engineering", set(), [], True)
    'Google - Site Reliability Engineering'
    """
    title = " ".join(title.split())
    parts = _SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    seps = _SEPARATOR.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site(parts[end - 1], keys):
        end -= 1
    # A leading part must name the site exactly: "Firefox — Customize..." keeps its product name.
    while end - start > 1 and norm(parts[start]) in keys:
        start += 1
    if from_title_tag and end - start > 1 and h1s:
        wanted = {norm(h) for h in h1s if h}
        for i in range(start, end):
            for j in range(end, i, -1):
                candidate = _join(parts, seps, i, j)
                if norm(candidate) in wanted:
                    return candidate
    return _join(parts, seps, start, end)


def _join(parts: list[str], seps: list[str], start: int, end: int) -> str:
    out = parts[start]
    for k in range(start + 1, end):
        out += seps[k - 1] + parts[k]
    return out.strip()
