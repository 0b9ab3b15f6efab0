"""Build a small news site as a dict of pages: home, sections, articles, tags, authors, feeds, sitemaps.

The site is data (``{path: Page}``), so a variant is a dict edit away: tests add fault pages, a
scheduled-crawl test swaps an article for a newer version. Links inside bodies use the placeholder
``ORIGIN`` (:data:`ORIGIN`), which :class:`newsscraper.demo.server.SiteServer` replaces with its
``http://host:port`` when serving, because the port is only known once the server is bound.

Stories are JSON objects: ``slug``, ``section``, ``title``, ``description``, ``author``,
``published`` (ISO 8601), ``keywords`` (list), ``paragraphs`` (list of plain-text paragraphs);
optional ``only``: ``"sitemap"`` or ``"feed"`` to publish the story in that discovery document alone
(no links to it from pages), which lets tests check each discovery path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

ORIGIN = "http://demo.invalid"
"""Placeholder origin written into pages; replaced by the serving origin at request time."""

PAGE_SIZE = 4
"""Article links per section page; small so the demo has pagination to follow."""

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, kw_only=True)
class Page:
    """One HTTP response of the site."""

    body: bytes
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": HTML})
    gzip: bool = False
    """Gzip the body when serving (after the origin is filled in), without ``Content-Encoding``."""


Story = Mapping[str, Any]


def load_stories(directory: Path | None = None) -> list[Story]:
    """Read stories from ``*.json`` files in ``directory`` (default: the bundled demo stories)."""
    if directory is None:
        files = resources.files(__package__).joinpath("stories")
        texts = sorted((f.name, f.read_text("utf-8")) for f in files.iterdir() if f.name.endswith(".json"))
        return [json.loads(t) for _, t in texts]
    return [json.loads(p.read_text("utf-8")) for p in sorted(directory.glob("*.json"))]


def article_path(story: Story) -> str:
    """URL path of a story's article page, e.g. ``/world/2026/11/02/harbour-reopens.html``."""
    day = str(story["published"])[:10].replace("-", "/")
    return f"/{story['section']}/{day}/{story['slug']}.html"


def article_body(story: Story) -> str:
    """The ground-truth article body: paragraphs separated by a blank line."""
    return "\n\n".join(story["paragraphs"])


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _layout(site: str, sections: Sequence[str], title: str, main: str, head: str = "") -> bytes:
    nav = "".join(f'<li><a href="{ORIGIN}/{s}/">{escape(s.title())}</a></li>' for s in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(site)}</title>
<link rel="alternate" type="application/rss+xml" title="{escape(site)}" href="{ORIGIN}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="{escape(site)} (Atom)" href="{ORIGIN}/atom.xml">
{head}</head><body>
<header class="site-header"><a class="logo" href="{ORIGIN}/">{escape(site)}</a>
<nav class="main-menu"><ul><li><a href="{ORIGIN}/">Home</a></li>{nav}
<li><a href="{ORIGIN}/about/">About us</a></li><li><a href="{ORIGIN}/contact/">Contact</a></li>
<li><a href="{ORIGIN}/login/">Sign in</a></li></ul></nav>
<div class="ad ad-leaderboard">Advertisement: Subscribe today and get three months for the price of one.</div>
</header>
<main>{main}</main>
<footer class="site-footer"><p>© 2026 {escape(site)}. All rights reserved.</p>
<ul><li><a href="{ORIGIN}/about/">About</a></li><li><a href="{ORIGIN}/contact/">Contact</a></li>
<li><a href="{ORIGIN}/archive/">Archive</a></li></ul></footer>
</body></html>
""".encode()


def _teaser(story: Story) -> str:
    return (
        f'<li class="teaser"><a href="{ORIGIN}{article_path(story)}">{escape(story["title"])}</a>'
        f"<p>{escape(story['description'])}</p></li>"
    )


def _article_page(site: str, sections: Sequence[str], story: Story, related: Iterable[Story]) -> bytes:
    url = f"{ORIGIN}{article_path(story)}"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story["title"],
        "datePublished": story["published"],
        "author": {"@type": "Person", "name": story["author"]},
        "publisher": {"@type": "Organization", "name": site},
        "keywords": story["keywords"],
    }
    head = (
        f'<link rel="canonical" href="{url}">\n<meta property="og:type" content="article">\n'
        f'<meta property="og:title" content="{escape(story["title"])}">\n'
        f'<meta name="description" content="{escape(story["description"])}">\n'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>\n'
    )
    author = story["author"]
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])
    tags = "".join(f'<li><a href="{ORIGIN}/tag/{_slug(k)}/">{escape(k)}</a></li>' for k in story["keywords"])
    rel = "".join(_teaser(s) for s in related)
    section = str(story["section"])
    crumbs = f'<a href="{ORIGIN}/">Home</a> › <a href="{ORIGIN}/{section}/">{escape(section.title())}</a>'
    main = f"""<nav class="breadcrumbs">{crumbs}</nav>
<article>
<h1>{escape(story["title"])}</h1>
<p class="byline">By <a rel="author" href="{ORIGIN}/author/{_slug(author)}/">{escape(author)}</a>
<time datetime="{story["published"]}">{story["published"][:10]}</time></p>
<div class="article-body">
{paras}
</div>
<ul class="tags">{tags}</ul>
</article>
<aside class="share">Share this story: <a href="https://twitter.example/share">Twitter</a> <a href="https://facebook.example/share">Facebook</a></aside>
<div class="ad ad-inline">Advertisement: Try our new crossword app, free for a week.</div>
<section class="related"><h2>Related stories</h2><ul>{rel}</ul></section>
<section class="newsletter"><h2>Newsletter</h2><p>Get the morning briefing in your inbox every weekday.</p>
<form action="{ORIGIN}/newsletter/"><input name="email"><button>Sign up</button></form></section>
"""
    return _layout(site, sections, story["title"], main, head)


def _listing(
    site: str, sections: Sequence[str], title: str, stories: Sequence[Story], extra: str = ""
) -> bytes:
    items = "".join(_teaser(s) for s in stories)
    main = f'<h1>{escape(title)}</h1><ul class="teasers">{items}</ul>{extra}'
    return _layout(site, sections, title, main)


def _sitemaps(stories: Sequence[Story], site: str) -> dict[str, Page]:
    news = "".join(
        f"<url><loc>{ORIGIN}{article_path(s)}</loc><news:news><news:publication>"
        f"<news:name>{escape(site)}</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{s['published']}</news:publication_date>"
        f"<news:title>{escape(s['title'])}</news:title>"
        f"<news:keywords>{escape(', '.join(s['keywords']))}</news:keywords></news:news></url>"
        for s in stories
    )
    news_xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + news + "</urlset>"
    )
    sections = sorted({str(s["section"]) for s in stories if not s.get("only")})
    pages_xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{ORIGIN}/{sec}/</loc></url>" for sec in sections)
        + "</urlset>"
    )
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{ORIGIN}/sitemap-news.xml</loc></sitemap>"
        f"<sitemap><loc>{ORIGIN}/sitemap-sections.xml.gz</loc></sitemap></sitemapindex>"
    )
    xml = {"Content-Type": "application/xml; charset=utf-8"}
    return {
        "/sitemap.xml": Page(body=index.encode(), headers=xml),
        "/sitemap-news.xml": Page(body=news_xml.encode(), headers=xml),
        # Served as a gzip file without Content-Encoding, as most servers do for .xml.gz.
        "/sitemap-sections.xml.gz": Page(
            body=pages_xml.encode(), headers={"Content-Type": "application/x-gzip"}, gzip=True
        ),
    }


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def _feeds(stories: Sequence[Story], site: str) -> dict[str, Page]:
    rss_items = "".join(
        f"<item><title>{escape(s['title'])}</title><link>{ORIGIN}{article_path(s)}?utm_source=rss"
        f"&amp;utm_medium=feed</link><description>{escape(s['description'])}</description>"
        f"<pubDate>{_rfc822(s['published'])}</pubDate></item>"
        for s in stories
    )
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(site)}</title><link>{ORIGIN}/</link>{rss_items}</channel></rss>"
    )
    entries = "".join(
        f'<entry><title>{escape(s["title"])}</title><link href="{ORIGIN}{article_path(s)}"/>'
        f"<updated>{s['published']}</updated><id>{ORIGIN}{article_path(s)}</id></entry>"
        for s in stories
    )
    atom = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(site)}</title>{entries}</feed>"
    )
    return {
        "/feed.xml": Page(body=rss.encode(), headers={"Content-Type": "application/rss+xml"}),
        "/atom.xml": Page(body=atom.encode(), headers={"Content-Type": "application/atom+xml"}),
    }


def build_site(
    stories: Sequence[Story],
    *,
    name: str = "The Demo Gazette",
    robots: str = "User-agent: *\nDisallow: /login/\nDisallow: /newsletter/\n",
) -> dict[str, Page]:
    """Return every page of a news site built from ``stories`` (newest first on listings).

    ``robots`` is the robots.txt body without its ``Sitemap:`` line (added here).
    """
    everything = sorted(stories, key=lambda s: str(s["published"]), reverse=True)
    ordered = [s for s in everything if not s.get("only")]
    sections = sorted({str(s["section"]) for s in ordered})
    pages: dict[str, Page] = {}
    pages["/robots.txt"] = Page(
        body=f"{robots}\nSitemap: {ORIGIN}/sitemap.xml\n".encode(),
        headers={"Content-Type": "text/plain"},
    )
    pages.update(_sitemaps([s for s in everything if s.get("only") in (None, "sitemap")], name))
    pages.update(_feeds([s for s in everything if s.get("only") in (None, "feed")], name))
    pages["/"] = _page(_listing(name, sections, "Latest news", ordered[: PAGE_SIZE * 2]))
    for sec in sections:
        in_sec = [s for s in ordered if s["section"] == sec]
        chunks = [in_sec[i : i + PAGE_SIZE] for i in range(0, len(in_sec), PAGE_SIZE)]
        for n, chunk in enumerate(chunks, start=1):
            more = (
                f'<a class="next" href="{ORIGIN}/{sec}/?page={n + 1}">Older stories</a>'
                if n < len(chunks)
                else ""
            )
            path = f"/{sec}/" if n == 1 else f"/{sec}/?page={n}"
            pages[path] = _page(_listing(name, sections, sec.title(), chunk, more))
    for story in everything:
        same = [s for s in ordered if s["section"] == story["section"] and s is not story]
        related = (same + [s for s in ordered if s is not story])[:3]
        pages[article_path(story)] = _page(_article_page(name, sections, story, related))
    for kw in sorted({k for s in everything for k in s["keywords"]}):
        tagged = [s for s in ordered if kw in s["keywords"]]
        pages[f"/tag/{_slug(kw)}/"] = _page(_listing(name, sections, f"Tag: {kw}", tagged))
    for author in sorted({str(s["author"]) for s in everything}):
        by = [s for s in ordered if s["author"] == author]
        pages[f"/author/{_slug(author)}/"] = _page(_listing(name, sections, author, by))
    pages["/archive/"] = _page(_listing(name, sections, "Archive", ordered))
    about = "<h1>About us</h1><p>We are a small newsroom covering the city and the world.</p>"
    pages["/about/"] = _page(_layout(name, sections, "About us", about))
    contact = "<h1>Contact</h1><p>Write to newsroom@demo.invalid or call the switchboard.</p>"
    pages["/contact/"] = _page(_layout(name, sections, "Contact", contact))
    login = (
        '<h1>Sign in</h1><form method="post"><input name="user">'
        '<input name="password" type="password"></form>'
    )
    pages["/login/"] = _page(_layout(name, sections, "Sign in", login))
    return pages


def _page(body: bytes) -> Page:
    return Page(body=body)
