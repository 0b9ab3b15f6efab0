"""The ``news`` spider's callbacks on canned responses (no network)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from newsscraper.crawl.item import PageItem
from newsscraper.spiders.news import NewsSpider

SITE = "http://127.0.0.1:8080"


def _spider(**settings: Any) -> NewsSpider:
    crawler = get_crawler(NewsSpider, settings_dict=settings)
    spider: NewsSpider = NewsSpider.from_crawler(crawler, start=SITE + "/")
    return spider


def _run(output: Coroutine[Any, Any, Iterable[Any]]) -> list[Any]:
    """What a callback gives (a bare crawler reads pages in the calling thread)."""
    return list(asyncio.run(output))


def _html(url: str, body: str, **meta: Any) -> HtmlResponse:
    request = Request(url, meta=meta)
    return HtmlResponse(url, body=body.encode(), request=request, headers={"Content-Type": "text/html"})


ARTICLE = (
    "<html><head><title>T</title>{head}</head><body><article><h1>T</h1><p>"
    + "Words of the story. " * 30
    + '</p></article><a href="/world/">World</a>'
    '<a href="/world/2026/01/02/another-story-here.html?utm_source=x">more</a>'
    '<a href="mailto:a@b.c">m</a></body></html>'
)


def test_needs_http_start_urls() -> None:
    with pytest.raises(ValueError, match=r"start="):
        NewsSpider(start="ftp://x.org/")
    with pytest.raises(ValueError, match=r"start="):
        NewsSpider(start="")


def test_article_page_yields_item_and_canonical_links() -> None:
    url = SITE + "/world/2026/01/01/a-story-about-things.html"
    out = _run(
        _spider().parse_page(_html(url, ARTICLE.format(head=""), source="sitemap"), hints={"title": "T"})
    )
    items = [o for o in out if isinstance(o, PageItem)]
    links = [o.url for o in out if isinstance(o, Request)]
    assert len(items) == 1 and items[0].hints == {"title": "T"} and items[0].source == "sitemap"
    assert SITE + "/world/2026/01/02/another-story-here.html" in links  # tracking parameter gone
    assert all(link.startswith("http") for link in links)


def test_listing_kinds_followed_but_not_yielded() -> None:
    spider = _spider()
    out = _run(spider.parse_page(_html(SITE + "/tag/rain/", ARTICLE.format(head=""))))
    assert not [o for o in out if isinstance(o, PageItem)] and [o for o in out if isinstance(o, Request)]
    assert spider.crawler.stats.get_value("newsscraper/drop/not-article/tag") == 1


def test_copy_defers_to_its_onsite_canonical() -> None:
    spider = _spider()
    canonical = SITE + "/world/2026/01/01/a-story-about-things.html"
    head = f'<link rel="canonical" href="{canonical}">'
    out = _run(spider.parse_page(_html(SITE + "/print/a-story-about-things.html", ARTICLE.format(head=head))))
    assert not [o for o in out if isinstance(o, PageItem)]
    assert any(isinstance(o, Request) and o.url == canonical and o.meta["source"] == "canonical" for o in out)


@pytest.mark.parametrize(
    "canonical",
    ["http://127.0.0.1/world/2026/01/01/a-story-about-things.html",  # same host, another port
     "https://www.original-site.example/2019/story-of-the-day-here"],  # the page's original site
)  # fmt: skip
def test_canonical_elsewhere_is_not_followed(canonical: str) -> None:
    head = f'<link rel="canonical" href="{canonical}">'
    url = SITE + "/world/2026/01/01/a-story-about-things.html"
    out = _run(_spider().parse_page(_html(url, ARTICLE.format(head=head))))
    assert [o for o in out if isinstance(o, PageItem)]


def test_robots_sitemaps_and_fallbacks() -> None:
    spider = _spider()
    named = TextResponse(
        SITE + "/robots.txt", body=b"Sitemap: http://127.0.0.1:8080/s.xml\n", encoding="utf-8"
    )
    assert [r.url for r in spider.parse_robots(named)] == [SITE + "/s.xml"]
    missing = TextResponse(SITE + "/robots.txt", status=404, body=b"", encoding="utf-8")
    fallbacks = list(spider.parse_robots(missing))
    assert SITE + "/sitemap.xml" in [r.url for r in fallbacks]
    assert all(404 in r.meta["handle_httpstatus_list"] for r in fallbacks)


def test_binary_served_as_html_is_dropped() -> None:
    spider = _spider()
    resp = HtmlResponse(SITE + "/x.html", body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
                        headers={"Content-Type": "text/html"}, request=Request(SITE + "/x.html"))  # fmt: skip
    assert _run(spider.parse_page(resp)) == []
    assert spider.crawler.stats.get_value("newsscraper/drop/not-html/png") == 1


def _xml(url: str, body: str, **meta: Any) -> TextResponse:
    return TextResponse(url, body=body.encode(), request=Request(url, meta=meta), encoding="utf-8")


def test_sitemap_index_chain_stops_at_the_depth_limit() -> None:
    # Each index lists the next index, forever: the spider stops after NEWSSCRAPER_SITEMAP_DEPTH levels.
    spider = _spider()
    response = _xml(SITE + "/s0.xml", "", sitemap_depth=0)
    requested = 0
    for level in range(1, 50):
        index = (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{SITE}/s{level}.xml</loc></sitemap></sitemapindex>"
        )
        response = _xml(response.url, index, **response.meta)
        out = _run(spider.parse_sitemap(response))
        if not out:
            break
        requested += 1
        response = _xml(out[0].url, "", **out[0].meta)
    assert requested == 3
    assert spider.crawler.stats.get_value("newsscraper/refused/sitemap-depth") == 1


def test_discovery_entries_are_resolved_and_only_http_ones_followed() -> None:
    # a `javascript:` item raised "Missing scheme in request url" out of the callback (a traceback,
    # "1 ValueError while parsing"), and the items after it were lost; a relative Atom href and a
    # robots.txt's relative Sitemap: line too
    spider = _spider()
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:alert(1)"/></entry>'
        '<entry><link href="mailto:desk@news.test"/></entry><entry><link href="http://[bad/"/></entry>'
        '<entry><link href="/world/2026/01/02/relative-story-here.html"/></entry>'
        f'<entry><link href="{SITE}/world/2026/01/03/absolute-story-here.html"/></entry></feed>'
    )
    out = _run(spider.parse_feed(_xml(SITE + "/feed/atom.xml", feed)))
    assert [o.url for o in out] == [
        SITE + "/world/2026/01/02/relative-story-here.html",
        SITE + "/world/2026/01/03/absolute-story-here.html",
    ]
    assert spider.crawler.stats.get_value("newsscraper/discovery/feed_bad_urls") == 3
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>javascript:x</loc>'
        "</sitemap><sitemap><loc>news-sitemap.xml</loc></sitemap></sitemapindex>"
    )
    out = _run(spider.parse_sitemap(_xml(SITE + "/sitemaps/index.xml", index, sitemap_depth=0)))
    assert [o.url for o in out] == [SITE + "/sitemaps/news-sitemap.xml"]
    robots = "User-agent: *\nSitemap: javascript:x\nSitemap: /sitemap-news.xml\n"
    out = list(spider.parse_robots(_xml(SITE + "/robots.txt", robots)))
    assert [o.url for o in out] == [SITE + "/sitemap-news.xml"]


def test_feeds_per_site_are_bounded() -> None:
    # Every story announces a new feed: at most NEWSSCRAPER_MAX_FEEDS are requested.
    spider = _spider()
    feeds = 0
    for n in range(120):
        head = f'<link rel="alternate" type="application/rss+xml" href="/feed-{n}.xml">'
        url = f"{SITE}/world/2026/01/01/story-number-{n}.html"
        out = _run(spider.parse_page(_html(url, ARTICLE.format(head=head), source="feed")))
        feeds += sum(1 for o in out if isinstance(o, Request) and "/feed-" in o.url)
    assert feeds == 50
    assert spider.crawler.stats.get_value("newsscraper/refused/feed-count") == 70


def test_a_feed_announced_on_every_page_counts_once() -> None:
    spider = _spider(NEWSSCRAPER_MAX_FEEDS=2)
    head = '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    for n in range(10):
        url = f"{SITE}/world/2026/01/01/story-number-{n}.html"
        _run(spider.parse_page(_html(url, ARTICLE.format(head=head), source="feed")))
    assert spider.crawler.stats.get_value("newsscraper/refused/feed-count") is None


def test_offsite_feeds_are_refused_before_they_are_requests() -> None:
    # A page announcing its CMS vendor's feed (on every page) and one on the site: the offsite one
    # is no request, counted once as the offsite middleware counts what it refuses.
    spider = _spider(NEWSSCRAPER_OFFSITE_ENABLED=True)
    head = (
        '<link rel="alternate" type="application/rss+xml" href="https://vendor.example/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
    )
    requested = []
    for n in range(3):
        url = f"{SITE}/world/2026/01/01/story-number-{n}.html"
        out = _run(spider.parse_page(_html(url, ARTICLE.format(head=head), source="feed")))
        requested += [o.url for o in out if isinstance(o, Request) and "feed" in o.url]
    assert requested == [SITE + "/feed.xml"]
    assert spider.crawler.stats.get_value("newsscraper/refused/offsite") == 1


def test_links_per_page_are_capped_article_links_first() -> None:
    spider = _spider(NEWSSCRAPER_MAX_LINKS_PER_PAGE=100)
    tags = "".join(f'<a href="/tag/t{i}/">t{i}</a>' for i in range(300))
    stories = "".join(f'<a href="/world/2026/01/02/story-number-{i}.html">s</a>' for i in range(50))
    out = _run(spider.parse_page(_html(SITE + "/", f"<html><body>{tags}{stories}</body></html>")))
    links = [o.url for o in out if isinstance(o, Request)]
    assert len(links) == 100
    assert sum("/story-number-" in u for u in links) == 50  # all the article links made it
    assert spider.crawler.stats.get_value("newsscraper/refused/links-per-page") == 250


def test_page_is_parsed_once_for_links_signals_and_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsscraper.extraction import api

    parses: list[str] = []
    real = api.parse_html

    def counting(text: str, utf8: bool | None) -> Any:
        parses.append(text[:20])
        return real(text, utf8)

    monkeypatch.setattr(api, "parse_html", counting)
    head = (
        '<meta property="og:type" content="article">'
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    )
    url = SITE + "/world/2026/01/01/a-story-about-things.html"
    out = _run(_spider().parse_page(_html(url, ARTICLE.format(head=head))))
    (item,) = [o for o in out if isinstance(o, PageItem)]
    assert len(parses) == 1
    assert item.article is not None and "Words of the story." in item.article.articleBody
    assert item.signals["og_type"] == "article" and item.signals["ld_types"] == ["NewsArticle"]
    assert item.body == b""  # the bytes stay with the response, not the item


def test_links_to_files_are_not_requested() -> None:
    page = (
        '<html><body><a href="/report.pdf">r</a><a href="/photo.JPG">p</a>'
        '<a href="/a/b-c-d.html">s</a></body></html>'
    )
    links = [o.url for o in _run(_spider().parse_page(_html(SITE + "/", page))) if isinstance(o, Request)]
    assert SITE + "/a/b-c-d.html" in links
    assert not [u for u in links if u.lower().endswith((".pdf", ".jpg"))]
