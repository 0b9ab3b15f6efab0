"""Page-kind evidence from a URL: is this the home page, a section, tag, author, archive, login,
about or contact page, pagination — or does the URL look like one article?

URL shape is only one signal; the article filter pipeline combines it with structured data
(``og:type``, JSON-LD ``@type``), discovery hints and the extractor's probability.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

# Path words that name a non-article page kind, mapped to the reason counted in the report. Word
# lists from the URL schemes of common CMSs (WordPress, Drupal, Arc, Brightspot, Ghost).
_KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("tag", "tags", "topic", "topics", "keyword", "keywords", "thema"), "tag"),
    **dict.fromkeys(("author", "authors", "autor", "auteur", "profile", "people", "staff"), "author"),
    **dict.fromkeys(("archive", "archives", "archiv", "sitemap", "calendar", "date"), "archive"),
    **dict.fromkeys(
        ("login", "signin", "sign-in", "logout", "register", "signup", "sign-up", "account",
         "subscribe", "newsletter", "newsletters", "user", "my-account"), "login",
    ),
    **dict.fromkeys(("about", "about-us", "impressum", "imprint", "team", "jobs", "careers"), "about"),
    **dict.fromkeys(
        ("contact", "contact-us", "kontakt", "privacy", "terms", "cookies", "legal", "help", "faq"),
        "contact",
    ),
    **dict.fromkeys(("search", "suche", "recherche"), "search"),
}  # fmt: skip
_PAGE_QUERY = frozenset({"page", "p", "pg", "offset", "start", "paged"})
_PAGE_PATH = re.compile(r"/(?:page|seite|pagina)/\d+/?$", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)")
_LONG_ID = re.compile(r"\d{5,}")
_WORDS = re.compile(r"[^\W_]+")
_EXTENSIONS = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", re.IGNORECASE)
SLUG_WORDS = 4
"""Words in the last path segment from which it reads as a headline slug (sections have 1-3)."""


def _segments(url: str) -> list[str]:
    return [s for s in urlsplit(url).path.split("/") if s]


def non_article_kind(url: str) -> str | None:
    """Return the non-article page kind a URL names, ``None`` when the URL does not say.

    >>> non_article_kind("https://x.org/"), non_article_kind("https://x.org/tag/rain/")
    ('home', 'tag')
    >>> non_article_kind("https://x.org/world/?page=3"), non_article_kind("https://x.org/world/a-b-c-d.html")
    ('pagination', None)
    >>> non_article_kind("https://x.org/about/"), non_article_kind("https://x.org/topics/rain-falls-again-on-city-hall")
    ('about', None)
    """
    parts = urlsplit(url)
    segs = _segments(url)
    if not segs:
        has_query = any(k.lower() in _PAGE_QUERY for k, _ in parse_qsl(parts.query))
        return "pagination" if has_query else "home"
    if article_like(url):
        return None
    if _PAGE_PATH.search(parts.path) or any(k.lower() in _PAGE_QUERY for k, _ in parse_qsl(parts.query)):
        return "pagination"
    for seg in segs:
        kind = _KIND_WORDS.get(_EXTENSIONS.sub("", seg.lower()))
        if kind:
            return kind
    return None


def article_like(url: str) -> bool:
    """Return whether the URL's last segment reads like one article (headline slug or long id).

    >>> article_like("https://x.org/world/2026/11/02/harbour-reopens.html")
    True
    >>> article_like("https://x.org/news/story-4417752"), article_like("https://x.org/world/europe/")
    (True, False)
    """
    segs = _segments(url)
    if not segs:
        return False
    last = _EXTENSIONS.sub("", segs[-1])
    if _LONG_ID.search(last):
        return True
    words = _WORDS.findall(last)
    if len(words) >= SLUG_WORDS:
        return True
    # a short slug under a dated path (/2026/11/02/ferry) is still an article
    return bool(_DATE_PATH.search(urlsplit(url).path)) and len(segs) >= 3 and not last.isdigit()


def listing_like(url: str) -> bool:
    """Return whether the URL looks like a listing (a section path of short words, or a kind page).

    >>> listing_like("https://x.org/world/europe/"), listing_like("https://x.org/a/2026/11/02/ferry")
    (True, False)
    """
    if non_article_kind(url):
        return True
    if article_like(url):
        return False
    segs = _segments(url)
    return len(segs) <= 2 and all(len(_WORDS.findall(s)) <= 2 for s in segs)
