"""Downloader and spider middlewares, each built alone with ``get_crawler`` + ``build_from_crawler``."""

from __future__ import annotations

import asyncio
import gzip
import socket
from typing import Any, ClassVar

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from twisted.internet import defer

from newsscraper import settings as project_settings
from newsscraper.downloadermiddlewares.budget import RequestBudgetMiddleware
from newsscraper.downloadermiddlewares.canonical import CanonicalUrlMiddleware
from newsscraper.downloadermiddlewares.metarefresh import HEAD_BYTES, HeadMetaRefreshMiddleware
from newsscraper.downloadermiddlewares.offsite import OffsiteMiddleware
from newsscraper.downloadermiddlewares.retry import RetryAfterMiddleware
from newsscraper.downloadermiddlewares.scheme import SchemeMiddleware
from newsscraper.downloadermiddlewares.sniffgzip import SniffedGzipMiddleware
from newsscraper.downloadermiddlewares.ssrf import SSRFGuardMiddleware, _lookup
from newsscraper.items import Article
from newsscraper.signals import known_article
from newsscraper.spidermiddlewares.linkbudget import CLAIMED, LinkBudgetMiddleware
from newsscraper.spidermiddlewares.traps import TrapMiddleware


class _Spider(Spider):
    name = "t"
    start_urls: ClassVar[list[str]] = ["http://127.0.0.1:8080/", "https://www.example.com/"]


PROJECT = {k: v for k, v in vars(project_settings).items() if k.isupper()}


def _build(cls: type, **settings: Any) -> Any:
    crawler = get_crawler(_Spider, settings_dict={**PROJECT, **settings})
    crawler.spider = _Spider.from_crawler(crawler)
    return crawler, build_from_crawler(cls, crawler)


def test_scheme_refuses_non_http() -> None:
    crawler, mw = _build(SchemeMiddleware)
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,hi", "s3://bucket/key"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    assert mw.process_request(Request("https://example.com/")) is None
    assert crawler.stats.get_value("newsscraper/refused/scheme") == 4


def test_offsite_checks_host_and_port() -> None:
    crawler, mw = _build(OffsiteMiddleware)
    mw.spider_opened(crawler.spider)
    ok = ["http://127.0.0.1:8080/a", "http://example.com/x", "https://news.example.com/y"]
    bad = [
        "http://127.0.0.2:8080/a",
        "http://127.0.0.1:9090/",
        "https://example.com:8443/",
        "http://example.org/",
    ]
    for url in ok:
        assert mw.process_request(Request(url)) is None
    for url in bad:
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    assert crawler.stats.get_value("newsscraper/refused/offsite") == len(bad)


def test_offsite_applies_to_redirect_hops() -> None:
    # RedirectMiddleware reschedules the target as a new request, which passes process_request again
    crawler, mw = _build(OffsiteMiddleware)
    mw.spider_opened(crawler.spider)
    hop = Request("http://127.0.0.1:8080/go").replace(url="http://127.0.0.2:8080/stolen")
    with pytest.raises(IgnoreRequest):
        mw.process_request(hop)


def test_offsite_says_when_a_start_url_redirects_off_the_sites(caplog: pytest.LogCaptureFixture) -> None:
    # a start URL that redirects to another site (a moved domain, a short link given to fetch) ended
    # the run with "0 articles written" and "N requests refused (offsite)", the redirect unnamed
    crawler, mw = _build(OffsiteMiddleware)
    mw.spider_opened(crawler.spider)
    start = "http://127.0.0.1:8080/"
    for target in ("http://localhost:8931/", "http://localhost:8931/again"):
        hop = Request(target, meta={"redirect_urls": [start]})
        with pytest.raises(IgnoreRequest):
            mw.process_request(hop)
    link = Request("http://127.0.0.2:8080/x", meta={"redirect_urls": ["http://127.0.0.1:8080/a"]})
    with pytest.raises(IgnoreRequest):
        mw.process_request(link)  # a link's redirect, not a start URL's: counted, not said
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "http://127.0.0.1:8080/ redirects to http://localhost:8931/, off the start URLs' sites: refused. "
        "Start from there, or allow its site: -s NEWSSCRAPER_ALLOWED_DOMAINS=localhost:8931"
    ]
    assert crawler.stats.get_value("newsscraper/refused/offsite") == 3


def test_offsite_switch() -> None:
    with pytest.raises(NotConfigured):
        _build(OffsiteMiddleware, NEWSSCRAPER_OFFSITE_ENABLED=False)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://10.0.0.8/", "http://169.254.169.254/latest/", "http://[::1]/",
     "http://192.168.1.1:8080/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/"],
)  # fmt: skip
def test_ssrf_refuses_non_public_addresses(url: str) -> None:
    crawler, mw = _build(SSRFGuardMiddleware)
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_request(Request(url)))
    assert crawler.stats.get_value("newsscraper/refused/ssrf") == 1


def test_ssrf_names_each_refused_host_once_and_its_network(caplog: pytest.LogCaptureFixture) -> None:
    # a crawl of a loopback or intranet site ended with 0 items and no word naming the host or
    # the setting; named once per host, and at most MAX_NAMED_HOSTS of them
    from newsscraper.downloadermiddlewares.ssrf import MAX_NAMED_HOSTS

    _, mw = _build(SSRFGuardMiddleware)
    urls = ["http://127.0.0.1:8080/", "http://127.0.0.1:8080/a", "http://[::1]/", "http://10.0.0.8/"]
    urls += [f"http://10.1.0.{i}/" for i in range(MAX_NAMED_HOSTS + 5)]
    with caplog.at_level("WARNING", logger="newsscraper.downloadermiddlewares.ssrf"):
        for url in urls:
            with pytest.raises(IgnoreRequest):
                asyncio.run(mw.process_request(Request(url)))
    said = [r.getMessage() for r in caplog.records]
    assert said[0] == (
        "refused 127.0.0.1: 127.0.0.1 is a loopback address, not a public one (SSRF guard). To crawl "
        "it, allow its network: --allow-network 127.0.0.1/32 (newsscraper crawl / fetch) or "
        "-s NEWSSCRAPER_ALLOW_NETWORKS=127.0.0.1/32"
    )
    assert said[1].startswith("refused ::1: ::1 is a loopback address") and "::1/128" in said[1]
    assert said[2].startswith("refused 10.0.0.8: 10.0.0.8 is a private address")
    assert len(said) == MAX_NAMED_HOSTS + 1 and said[-1].startswith("more hosts refused")


def test_ssrf_names_a_host_that_does_not_resolve(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # a mistyped host was summed up as "1 request refused (unresolvable)" without its name; the
    # resolver is faked so no DNS query leaves
    from newsscraper.downloadermiddlewares import ssrf

    monkeypatch.setattr(ssrf, "_lookup", lambda host: [])
    monkeypatch.setattr(ssrf, "deferToThread", lambda f, *a: defer.succeed(f(*a)))
    crawler, mw = _build(SSRFGuardMiddleware)
    with caplog.at_level("WARNING", logger="newsscraper.downloadermiddlewares.ssrf"):
        for url in ("https://news.exmaple.invalid/", "https://news.exmaple.invalid/a"):
            with pytest.raises(IgnoreRequest):
                asyncio.run(mw.process_request(Request(url)))
    assert [r.getMessage() for r in caplog.records] == [
        "refused news.exmaple.invalid: the host name did not resolve; check it (behind a proxy, set "
        "http_proxy / https_proxy)"
    ]
    assert crawler.stats.get_value("newsscraper/refused/unresolvable") == 2


def test_ssrf_allow_networks() -> None:
    _, mw = _build(SSRFGuardMiddleware, NEWSSCRAPER_ALLOW_NETWORKS=["127.0.0.0/8"])
    assert asyncio.run(mw.process_request(Request("http://127.0.0.5:8000/"))) is None
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_request(Request("http://10.1.1.1/")))
    assert asyncio.run(mw.process_request(Request("http://93.184.215.14/"))) is None  # public literal


def test_ssrf_resolves_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # names are judged by every address they resolve to ("localhost" is in /etc/hosts: no network)
    _, mw = _build(SSRFGuardMiddleware)
    addresses = _lookup("localhost")
    assert addresses and not any(mw.allowed(a) for a in addresses)

    # a name that does not resolve is refused; the resolver is faked so no DNS query leaves
    def no_such_host(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    assert _lookup("no-such-host.invalid") == []


def test_canonical_rewrites_redirect_targets() -> None:
    _, mw = _build(CanonicalUrlMiddleware)
    out = mw.process_request(Request("http://x.org/a?utm_source=go&id=3#top"))
    assert isinstance(out, Request) and out.url == "http://x.org/a?id=3"
    assert mw.process_request(Request("http://x.org/a?id=3")) is None


def test_budget_refuses_past_n() -> None:
    crawler, mw = _build(RequestBudgetMiddleware, NEWSSCRAPER_MAX_REQUESTS=2)
    assert crawler.stats.get_value("newsscraper/refused/budget") is None
    mw.process_request(Request("http://x.org/1"))
    mw.process_request(Request("http://x.org/2"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request("http://x.org/3"))
    assert crawler.stats.get_value("newsscraper/refused/budget") == 1
    with pytest.raises(NotConfigured):
        _build(RequestBudgetMiddleware)  # 0 = no budget


def test_link_budget_holds_requests_until_the_site_earns_them() -> None:
    crawler, mw = _build(LinkBudgetMiddleware, NEWSSCRAPER_LISTING_BUDGET=3)
    scheduled: list[str] = []
    crawler.engine = type("Engine", (), {"crawl": lambda self, r: scheduled.append(r.url)})()

    def link(site: str, path: str, priority: int = 0) -> Request:
        return Request(f"http://{site}{path}", meta={"source": "link"}, priority=priority)

    def passes(request: Request) -> bool:
        return mw.get_processed_request(request, None) is request

    assert all(passes(link("a.org", f"/tag/t{n}/")) for n in range(3))
    assert passes(link("a.org", "/tag/t0/"))  # linked again: charged once (the dupefilter drops it)
    assert not passes(link("a.org", "/tag/t3/"))  # three link pages and no article yet: held
    assert not passes(link("a.org", "/2026/01/02/a-story.html", priority=20))  # article links pay too
    assert not passes(link("a.org", "/tag/t4/"))
    assert not passes(link("a.org", "/tag/t4/"))  # held once
    assert passes(link("b.org", "/tag/t0/"))  # another site has its own budget
    # never charged: sitemap entries, start URLs
    assert passes(Request("http://a.org/tag/t9/", meta={"source": "sitemap"}))
    assert passes(Request("http://a.org/", meta={"source": "start"}))
    # an article earns two requests: the best-ranked held ones go out
    mw.item_scraped(Article(url="http://a.org/world/2026/01/02/a-story-about-things.html"))
    assert scheduled == ["http://a.org/2026/01/02/a-story.html", "http://a.org/tag/t3/"]
    mw.spider_idle()  # nothing more allowed: what is still held is refused, the crawl may close
    assert crawler.stats.get_value("newsscraper/refused/listing-budget") == 1
    with pytest.raises(NotConfigured):
        _build(LinkBudgetMiddleware, NEWSSCRAPER_LISTING_BUDGET=0)


def test_link_budget_is_earned_by_articles_left_out_or_known() -> None:
    """Articles the selection left out (--since, --lang, --url-filter) and articles the state store
    knows (a scheduled run finds them unchanged and writes nothing) earn the budget, each URL once;
    duplicates and pages that are not articles do not."""
    crawler, mw = _build(
        LinkBudgetMiddleware, NEWSSCRAPER_LISTING_BUDGET=1, NEWSSCRAPER_LISTING_BUDGET_PER_ARTICLE=1
    )
    scheduled: list[str] = []
    crawler.engine = type("Engine", (), {"crawl": lambda self, r: scheduled.append(r.url)})()
    for n in range(6):
        mw.claim(f"http://a.org/tag/t{n}/", 0, lambda n=n: Request(f"http://a.org/tag/t{n}/"))
    story = "http://a.org/world/2026/01/0{}/a-story-about-things.html"
    mw.item_dropped(Article(url=story.format(1)), DropItem("duplicate/body"))
    mw.item_dropped(Article(url=story.format(1)), DropItem("not-article/section"))
    assert scheduled == []
    mw.item_dropped(Article(url=story.format(1)), DropItem("select/date"))
    mw.item_dropped(Article(url=story.format(2)), DropItem("unchanged/content k"))
    crawler.signals.send_catch_log(known_article, url=story.format(3))
    crawler.signals.send_catch_log(known_article, url=story.format(3))  # one URL earns once
    mw.item_scraped(Article(url=story.format(3)))  # known, then changed and written: once
    assert scheduled == [f"http://a.org/tag/t{n}/" for n in (1, 2, 3)]


def test_link_budget_claims_links_before_their_requests_are_built() -> None:
    """claim(): the same decisions as for requests, but a held link is kept as a way to build it,
    built only when the budget releases it; charged and held links are not built again."""
    crawler, mw = _build(LinkBudgetMiddleware, NEWSSCRAPER_LISTING_BUDGET=2)
    scheduled: list[Request] = []
    crawler.engine = type("Engine", (), {"crawl": lambda self, r: scheduled.append(r)})()
    built: list[str] = []

    def build(url: str, priority: int) -> Request:
        built.append(url)
        return Request(url, meta={"source": "link", "depth": 2}, priority=priority)

    def claim(path: str, priority: int = 0) -> bool:
        url = f"http://a.org{path}"
        return mw.claim(url, priority, lambda: build(url, priority))

    assert claim("/tag/t0/") and claim("/tag/t1/")
    assert not claim("/tag/t0/")  # charged already: the duplicate filter would drop it
    assert not claim("/tag/t2/") and not claim("/2026/01/02/a-story.html", priority=19)
    assert not claim("/tag/t2/")  # held once
    assert built == []  # nothing held was built
    claimed = Request("http://a.org/tag/t1/", meta={"source": "link", CLAIMED: True})
    assert mw.get_processed_request(claimed, None) is claimed  # charged by claim(), not twice
    assert CLAIMED not in claimed.meta
    mw.item_scraped(Article(url="http://a.org/world/2026/01/02/a-story-about-things.html"))
    assert [r.url for r in scheduled] == ["http://a.org/2026/01/02/a-story.html", "http://a.org/tag/t2/"]
    assert scheduled[0].priority == 19 and scheduled[0].meta["depth"] == 2
    assert built == [r.url for r in scheduled]


def test_link_budget_releases_requests_through_the_spider_middlewares_after_it() -> None:
    """A held link, once released, meets the middlewares it skipped while held (traps, URL length,
    referer) against a body-less copy of the page that linked it, as it would have when found."""
    from types import SimpleNamespace

    from scrapy.spidermiddlewares.referer import RefererMiddleware
    from scrapy.spidermiddlewares.urllength import UrlLengthMiddleware

    from newsscraper.spidermiddlewares.linkbudget import page_stand_in

    crawler, mw = _build(LinkBudgetMiddleware, NEWSSCRAPER_LISTING_BUDGET=1, URLLENGTH_LIMIT=60)
    after = [build_from_crawler(c, crawler) for c in (RefererMiddleware, UrlLengthMiddleware, TrapMiddleware)]
    scheduled: list[Request] = []
    chain = SimpleNamespace(middlewares=[*after, mw])  # Scrapy's order: lowest SPIDER_MIDDLEWARES first
    crawler.engine = SimpleNamespace(crawl=scheduled.append, scraper=SimpleNamespace(spidermw=chain))
    linking = HtmlResponse(
        "http://a.org/tag/t0/",
        body=b"<html>" + b"<p>text</p>" * 1000,
        headers={"Referrer-Policy": "origin"},
        request=Request("http://a.org/tag/t0/", meta={"trap_chain": 1}),
    )
    page = page_stand_in(linking)
    assert page is not None and page.body == b"" and page.url == linking.url and page.meta["trap_chain"] == 1

    def claim(path: str) -> bool:
        url = "http://a.org" + path
        return mw.claim(url, 0, lambda: Request(url, meta={"source": "link"}), page)

    assert claim("/tag/t1/")  # charged: the spider yields it through every middleware itself
    assert not claim("/x/y/x/y/x/y/z")  # a repeating path: held
    assert not claim("/" + "x" * 80)  # longer than URLLENGTH_LIMIT: held
    assert not claim("/tag/t2/")  # held
    for n in range(2):  # two articles release what was held
        mw.item_scraped(Article(url=f"http://a.org/world/2026/01/0{n + 1}/a-story-about-things.html"))
    assert [r.url for r in scheduled] == ["http://a.org/tag/t2/"]
    assert scheduled[0].headers.get("Referer") == b"http://a.org/"  # the linking page's policy
    assert scheduled[0].meta["trap_chain"] == 2  # same shape as the linking page: the chain goes on
    assert crawler.stats.get_value("newsscraper/trap/repeat") == 1
    assert crawler.stats.get_value("urllength/request_ignored_count") == 1


def test_sniffed_gzip_inflates_within_limit_and_refuses_bombs() -> None:
    crawler, mw = _build(SniffedGzipMiddleware, DOWNLOAD_MAXSIZE=1024 * 1024)
    req = Request("http://x.org/sitemap.xml.gz")
    xml = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    small = Response(
        req.url, body=gzip.compress(xml), headers={"Content-Type": "application/x-gzip"}, request=req
    )
    out = mw.process_response(req, small)
    assert out.body == xml and isinstance(out, TextResponse)
    bomb = Response(req.url, body=gzip.compress(b"\0" * (8 * 1024 * 1024)), request=req)
    with pytest.raises(IgnoreRequest):
        mw.process_response(req, bomb)
    assert crawler.stats.get_value("newsscraper/refused/decompressed-too-large") == 1
    plain = HtmlResponse("http://x.org/", body=b"<html></html>", request=req)
    assert mw.process_response(req, plain) is plain


@pytest.mark.parametrize(
    ("ctype", "encoding"), [("text/html", "utf-8"), ("text/html; charset=utf-16", "utf-16")]
)
def test_meta_refresh_reads_the_head_and_leaves_the_body_undecoded(ctype: str, encoding: str) -> None:
    """The refresh of a big page is followed like Scrapy's middleware does, and the page passed
    on holds no decoded copy of its body (Scrapy's kept one on every HTML response)."""
    _, mw = _build(HeadMetaRefreshMiddleware)
    filler = "<p>Déjà vu, a long page of news text.</p>" * 20_000
    refresh = '<meta http-equiv="refresh" content="0; url=/moved/here">'
    request = Request("http://127.0.0.1:8080/a/story.html")
    for head, moved in ((refresh, True), ("<title>x</title>", False)):
        body = f"<html><head>{head}</head><body>{filler}</body></html>".encode(encoding)
        assert len(body) > HEAD_BYTES
        response = HtmlResponse(request.url, body=body, headers={"Content-Type": ctype}, request=request)
        result = mw.process_response(request, response)
        if moved:
            assert isinstance(result, Request)
            assert result.url == "http://127.0.0.1:8080/moved/here"
        else:
            assert result is response
            assert response._cached_ubody is None  # nothing decoded the body
    small = HtmlResponse(request.url, body=f"<html><head>{refresh}</head></html>".encode(), request=request)
    assert isinstance(mw.process_response(request, small), Request)


def test_retry_after_too_long_gives_up() -> None:
    crawler, mw = _build(RetryAfterMiddleware, NEWSSCRAPER_RETRY_AFTER_MAX=5)
    req = Request("http://x.org/a")
    resp = Response(req.url, status=429, headers={"Retry-After": "3600"}, request=req)
    assert asyncio.run(mw.process_response(req, resp)) is resp
    assert crawler.stats.get_value("newsscraper/retry_after/too_long") == 1


def test_retry_without_retry_after_is_scrapy_retry() -> None:
    _, mw = _build(RetryAfterMiddleware)
    req = Request("http://x.org/a")
    out = asyncio.run(mw.process_response(req, Response(req.url, status=503, request=req)))
    assert isinstance(out, Request) and out.meta["retry_times"] == 1


def _chain(mw: Any, start: str, steps: int) -> int:
    """Follow a calendar's "next" links; return how many requests the middleware let through."""
    response = HtmlResponse(start, body=b"", request=Request(start))
    passed = 0
    for month in range(1, steps + 1):
        nxt = f"http://x.org/events/2026/{month:02d}/"
        out = mw.get_processed_request(Request(nxt), response)
        if out is None:
            break
        passed += 1
        response = HtmlResponse(nxt, body=b"", request=out)
        response.request.meta.update(out.meta)  # type: ignore[union-attr]
    return passed


def test_trap_chain_ends() -> None:
    crawler, mw = _build(TrapMiddleware, NEWSSCRAPER_TRAP_CHAIN_LIMIT=4)
    assert _chain(mw, "http://x.org/events/2025/12/", 50) == 4
    assert crawler.stats.get_value("newsscraper/trap/chain") == 1


def test_trap_paths() -> None:
    _, mw = _build(TrapMiddleware)
    resp = HtmlResponse("http://x.org/", body=b"", request=Request("http://x.org/"))
    assert mw.get_processed_request(Request("http://x.org/a/b/a/b/a/b/"), resp) is None
    assert mw.get_processed_request(Request("http://x.org/" + "x/" * 13 + "y"), resp) is None
    article = Request("http://x.org/world/2026/11/02/harbour-reopens.html")
    assert mw.get_processed_request(article, resp) is article


def test_robots_txt_parsed_up_to_the_rfc_9309_limit() -> None:
    import asyncio

    from scrapy.utils.test import get_crawler
    from twisted.internet.defer import Deferred

    from newsscraper.downloadermiddlewares.robotstxt import PARSE_LIMIT, RobotsTxtMiddleware

    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True})
    middleware = RobotsTxtMiddleware(crawler)
    filler = b"# " + b"x" * 60 + b"\n"
    # 10 MB of rules; /late is only disallowed after the limit, so it is not read.
    body = b"User-agent: *\nDisallow: /early\n" + filler * (PARSE_LIMIT // len(filler) + 10)
    body += b"Disallow: /late\n" + filler * 150_000
    middleware._parsers["site.test"] = Deferred()
    response = TextResponse("http://site.test/robots.txt", body=body)
    asyncio.run(middleware._parse_robots(response, "site.test", Request("http://site.test/")))
    parser = middleware._parsers["site.test"]
    assert not parser.allowed("http://site.test/early", "*")
    assert parser.allowed("http://site.test/late", "*")
    assert crawler.stats.get_value("newsscraper/robots/truncated") == 1
