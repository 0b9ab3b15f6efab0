"""A demo news site that changes between crawls, for scheduled-crawl tests, the bench and the docs.

On top of :mod:`newsscraper.demo` it adds what real news sites give an incremental crawler:

* ``ETag`` and ``Last-Modified`` on article pages, and ``304 Not Modified`` answers to a matching
  ``If-None-Match`` / ``If-Modified-Since`` (:class:`VersionedSiteServer`);
* a news sitemap whose entries carry ``<lastmod>`` (the story's ``modified`` or ``published``);
* a story generator (:func:`make_stories`) and :func:`evolve`, which edits some stories and adds
  new ones the way a newsroom does between two hourly crawls.

The server logs which article bodies it sent in full (:attr:`VersionedSiteServer.bodies_sent`), so a
test can count re-downloads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler
from typing import Any

from newsscraper.demo.server import Hit, SiteServer
from newsscraper.demo.site import ORIGIN, Page, Story, article_path, build_site

_WORDS = tuple(
    (  # noqa: SIM905 - a word bank reads better as text
        "council harbour river school budget station market bridge clinic library museum ferry "
        "orchard bakery festival tram union court police farmers weather storm election mayor "
        "teachers nurses engineers residents shopkeepers visitors students officials inspectors "
        "announced confirmed reported warned promised approved rejected opened closed delayed "
        "repaired expanded reduced doubled measured surveyed questioned celebrated protested new "
        "old northern southern central eastern western quiet busy expensive cheaper longer "
        "shorter earlier later public private local regional national seasonal weekly daily"
    ).split()
)
_SECTIONS = ("city", "world", "science", "business", "culture")
_AUTHORS = ("Mira Kovac", "Tomas Lind", "Ana Ruiz", "Jon Okafor", "Lea Brandt", "Sam Ito")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def make_stories(
    count: int, *, seed: int = 7, start: str = "2026-11-01T06:00:00+00:00"
) -> list[dict[str, Any]]:
    """Return ``count`` distinct stories (5-7 paragraphs each), published an hour apart."""
    rng = random.Random(seed)
    first = datetime.fromisoformat(start)
    stories = []
    for i in range(count):
        title_words = [rng.choice(_WORDS) for _ in range(6)]
        paragraphs = [
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 7))
        ]
        stories.append(
            {
                "slug": f"story-{seed}-{i:04d}",
                "section": _SECTIONS[i % len(_SECTIONS)],
                "title": " ".join(title_words).capitalize() + f" ({i})",
                "description": _sentence(rng),
                "author": _AUTHORS[i % len(_AUTHORS)],
                "published": (first + timedelta(hours=i)).isoformat(),
                "keywords": [rng.choice(_WORDS), rng.choice(_WORDS)],
                "paragraphs": paragraphs,
            }
        )
    return stories


def evolve(
    stories: Sequence[Story], *, edited: int, added: int, seed: int = 11, at: str | None = None
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Return (new story list, slugs edited, slugs added): a correction paragraph is appended to
    ``edited`` existing stories (their ``modified`` set to ``at``), ``added`` stories published."""
    rng = random.Random(seed)
    moment = at or (datetime.now().astimezone() + timedelta(seconds=1)).isoformat()
    result = [dict(s) for s in stories]
    picked = rng.sample(range(len(result)), edited)
    for index in picked:
        story = result[index]
        story["paragraphs"] = [
            *story["paragraphs"],
            "Correction: an earlier version of this story misstated the date of the council vote. "
            + _sentence(rng),
        ]
        story["modified"] = moment
    fresh = make_stories(added, seed=seed + 1000, start=moment)
    for story in fresh:
        story["slug"] = "new-" + story["slug"]
    result.extend(fresh)
    return result, [result[i]["slug"] for i in picked], [s["slug"] for s in fresh]


def _news_sitemap(stories: Sequence[Story]) -> Page:
    entries = "".join(
        f"<url><loc>{ORIGIN}{article_path(s)}</loc>"
        f"<lastmod>{s.get('modified') or s['published']}</lastmod>"
        f"<news:news><news:publication><news:name>The Demo Gazette</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{s['published']}</news:publication_date>"
        f"<news:title>{escape(str(s['title']))}</news:title></news:news></url>"
        for s in stories
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + entries + "</urlset>"
    )
    return Page(body=xml.encode(), headers={"Content-Type": "application/xml; charset=utf-8"})


def build_versioned_site(
    stories: Sequence[Story], *, lastmod: bool = True, etag: bool = True, **kwargs: Any
) -> dict[str, Page]:
    """:func:`newsscraper.demo.site.build_site` plus validators on articles and sitemap lastmods.

    Article pages always carry ``Last-Modified`` (the story's last edit); ``etag`` adds an ``ETag``
    hashed from the page bytes, which changes whenever anything on the page changes (related
    links included), as on most CMSs. ``lastmod=False`` keeps the plain news sitemap (no dates of
    change), as many sites publish it.
    """
    pages = build_site(stories, **kwargs)
    for story in stories:
        path = article_path(story)
        page = pages[path]
        changed = datetime.fromisoformat(str(story.get("modified") or story["published"]))
        headers = dict(page.headers)
        if etag:
            headers["ETag"] = '"' + hashlib.blake2b(page.body, digest_size=8).hexdigest() + '"'
        headers["Last-Modified"] = format_datetime(changed.astimezone(UTC), usegmt=True)
        pages[path] = dataclasses.replace(page, headers=headers)
    if lastmod:
        pages["/sitemap-news.xml"] = _news_sitemap(stories)
    return pages


class VersionedSiteServer(SiteServer):
    """A :class:`SiteServer` that answers conditional requests with 304 and logs full bodies sent."""

    def __init__(self, routes: Mapping[str, Any], host: str = "127.0.0.1", port: int = 0, delay: float = 0.0):
        self.delay = delay
        """Seconds each article answer takes (a slow CMS): spreads a crawl out in time."""
        self.gate = threading.Event()
        """Article answers wait until this is set (set by default; tests clear it to line up
        several crawlers before any article is served)."""
        self.gate.set()
        self.bodies_sent: list[str] = []
        self.not_modified: list[str] = []
        self._count_lock = threading.Lock()
        super().__init__(routes, host, port)

    def replace(self, routes: Mapping[str, Any]) -> None:
        """Serve ``routes`` from now on (the site changed between two crawls)."""
        self.routes = dict(routes)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self
        base: Any = super()._handler_class()

        class ConditionalHandler(base):  # type: ignore[misc]
            def do_GET(self) -> None:
                page = server.resolve(self.path)
                if "Last-Modified" in page.headers:  # an article page
                    server.gate.wait(timeout=60)
                    if server.delay:
                        time.sleep(server.delay)
                etag = page.headers.get("ETag")
                modified = page.headers.get("Last-Modified")
                if page.status == 200 and (etag or modified) and _not_modified(self, etag, modified):
                    with server._count_lock:
                        server.not_modified.append(self.path)
                        server.log.append(Hit(self.path, self.headers.get("User-Agent", ""), time.time()))
                    self.send_response(304)
                    if etag:
                        self.send_header("ETag", etag)
                    self.end_headers()
                    return
                if page.status == 200 and modified:
                    with server._count_lock:
                        server.bodies_sent.append(self.path)
                super().do_GET()

        return ConditionalHandler


def _not_modified(handler: BaseHTTPRequestHandler, etag: str | None, modified: str | None) -> bool:
    if_none_match = handler.headers.get("If-None-Match")
    if if_none_match is not None:
        # RFC 9110 13.1.2: If-None-Match wins over If-Modified-Since when both are sent.
        return etag is not None and etag in [t.strip() for t in if_none_match.split(",")]
    since = handler.headers.get("If-Modified-Since")
    if since and modified:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
