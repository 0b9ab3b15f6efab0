"""Conditional-request middleware and incremental pipeline, each alone on a test crawler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsscraper.crawl.item import PageItem
from newsscraper.downloadermiddlewares.conditional import ConditionalRequestMiddleware
from newsscraper.pipelines.incremental import IncrementalPipeline
from newsscraper.signals import known_article
from newsscraper.spidermiddlewares.lastmod import ListedLastmodMiddleware
from newsscraper.state import StateStore

URL = "https://news.test/world/a.html"
TEXT = " ".join(f"word{i} in a sentence about the harbour ferry" for i in range(30))


def crawler(tmp_path: Path, **settings: Any) -> Crawler:
    c = get_crawler(settings_dict={"NEWSSCRAPER_STATE_DIR": str(tmp_path), **settings})
    c.stats.open_spider()  # type: ignore[union-attr]
    return c


def item(body: str = TEXT, url: str = URL, etag: str = '"e1"') -> PageItem:
    record = {"url": url, "canonicalUrl": url, "headline": "Ferry", "articleBody": body, "metadata": {}}
    return PageItem(url=url, request_url=url, headers={"ETag": etag}, record=record, identity=url)


def run(tmp_path: Path, items: list[PageItem], **settings: Any) -> tuple[list[PageItem], Crawler]:
    """One crawl's worth of pipeline work: process, signal scraped/dropped, close."""
    c = crawler(tmp_path, **settings)
    pipeline = build_from_crawler(IncrementalPipeline, c)
    out = []
    for it in items:
        try:
            out.append(pipeline.process_item(it))
        except DropItem:
            continue
        c.signals.send_catch_log(signals.item_scraped, item=it, response=None, spider=None)
    c.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    c.signals.send_catch_log(signals.engine_stopped)
    return out, c


def stat(c: Crawler, name: str) -> Any:
    assert c.stats is not None
    return c.stats.get_value(f"newsscraper/incremental/{name}")


def test_switched_off_without_state_dir() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(IncrementalPipeline, get_crawler())
    with pytest.raises(NotConfigured):
        build_from_crawler(ConditionalRequestMiddleware, get_crawler())


def test_pipeline_emits_new_then_only_changed(tmp_path: Path) -> None:
    out, c = run(tmp_path, [item()])
    assert len(out) == 1 and stat(c, "new") == 1
    out, c = run(tmp_path, [item()])
    assert out == [] and stat(c, "unchanged") == 1
    out, c = run(tmp_path, [item(TEXT + " A correction was added.")])
    assert len(out) == 1 and stat(c, "changed") == 1
    row = StateStore(tmp_path).article(URL)
    assert row is not None and row["version"] == 2 and row["previous_fingerprint"]


def test_full_run_re_emits_unchanged(tmp_path: Path) -> None:
    run(tmp_path, [item()])
    out, c = run(tmp_path, [item()], NEWSSCRAPER_STATE_FULL=True)
    assert len(out) == 1 and stat(c, "unchanged") == 1


def test_item_dropped_later_is_emitted_next_run(tmp_path: Path) -> None:
    c = crawler(tmp_path)
    pipeline = build_from_crawler(IncrementalPipeline, c)
    it = pipeline.process_item(item())
    # A later pipeline (the writer) drops it: it was never written.
    c.signals.send_catch_log(signals.item_dropped, item=it, response=None, exception=DropItem("x"))
    c.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    c.signals.send_catch_log(signals.engine_stopped)
    out, _ = run(tmp_path, [item()])
    assert len(out) == 1


def test_middleware_sends_validators_and_turns_304_into_skip(tmp_path: Path) -> None:
    run(tmp_path, [item(etag='"e1"')])
    c = crawler(tmp_path)
    mw = build_from_crawler(ConditionalRequestMiddleware, c)
    # Known URL, no sitemap date yet: parked until the crawl is idle, then requested again.
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(URL))
    assert [r.url for r in mw.parked] == [URL] and mw.parked[0].dont_filter
    request = mw.parked.pop()
    assert mw.process_request(request) is None
    assert request.headers.get(b"If-None-Match") == b'"e1"'
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, Response(URL, status=304, request=request))
    assert stat(c, "not-modified") == 1
    fresh = HtmlResponse(URL, status=200, body=b"<html></html>", request=request)
    assert mw.process_response(request, fresh) is fresh
    # A URL the store has never seen goes out unconditionally.
    other = Request("https://news.test/other.html")
    assert mw.process_request(other) is None
    assert b"If-None-Match" not in other.headers


def test_middleware_announces_each_request_for_a_known_article_once(tmp_path: Path) -> None:
    """The listing budget counts known articles (a run that finds them unchanged writes none):
    announced when first requested, not again when a parked request goes out, never for others."""
    run(tmp_path, [item()])
    c = crawler(tmp_path)
    mw = build_from_crawler(ConditionalRequestMiddleware, c)
    announced: list[str] = []
    c.signals.connect(lambda url, **_: announced.append(url), signal=known_article, weak=False)
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(URL))  # parked
    assert mw.process_request(mw.parked.pop()) is None
    assert mw.process_request(Request("https://news.test/other.html")) is None
    assert announced == [URL]


def test_middleware_skips_when_sitemap_lastmod_is_older(tmp_path: Path) -> None:
    run(tmp_path, [item()])
    c = crawler(tmp_path)
    mw = build_from_crawler(ConditionalRequestMiddleware, c)
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(URL, meta={"newsscraper_lastmod": "2020-01-01T00:00:00Z"}))
    assert stat(c, "skipped-lastmod") == 1
    # A date the spider middleware saw on a sitemap request that the dupefilter dropped.
    assert mw.state.store.listed_lastmod(URL) is None
    sm = build_from_crawler(ListedLastmodMiddleware, c)
    listed = Request(URL, cb_kwargs={"hints": {"lastmod": "2021-06-01"}})
    assert sm.get_processed_request(listed, None) is listed
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(URL))
    assert stat(c, "skipped-lastmod") == 2
    newer = Request(URL, meta={"newsscraper_lastmod": "2999-01-01"})
    assert mw.process_request(newer) is None and newer.headers.get(b"If-None-Match")


def test_middleware_off_in_full_runs(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(ConditionalRequestMiddleware, crawler(tmp_path, NEWSSCRAPER_STATE_FULL=True))


def test_state_commits_on_writer_publish_even_after_spider_closed(tmp_path: Path) -> None:
    from newsscraper.signals import records_published

    c = crawler(tmp_path, NEWSSCRAPER_OUTPUT=str(tmp_path / "out.jsonl"))
    pipeline = build_from_crawler(IncrementalPipeline, c)
    published, unpublished = item(), item(url="https://news.test/world/b.html")
    for it in (published, unpublished):
        pipeline.process_item(it)
        c.signals.send_catch_log(signals.item_scraped, item=it, response=None, spider=None)
    c.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    # The writer's own close handler publishes after ours ran; only then is the record written.
    c.signals.send_catch_log(records_published, identities=[URL, None], path="out.jsonl")
    c.signals.send_catch_log(signals.engine_stopped)
    out, _ = run(tmp_path, [item(), item(url="https://news.test/world/b.html")])
    assert [o.url for o in out] == ["https://news.test/world/b.html"]


def test_record_gets_version_fields_once_the_schema_declares_them(tmp_path: Path) -> None:
    from newsscraper.pipelines.incremental import METADATA_FIELDS

    c = crawler(tmp_path)
    pipeline = IncrementalPipeline(
        build_from_crawler(IncrementalPipeline, c).state, frozenset(METADATA_FIELDS)
    )
    out = pipeline.process_item(item())
    meta = out.record["metadata"]
    assert meta["version"] == 1 and meta["change"] == "new" and meta["previousFingerprint"] is None
    assert len(meta["fingerprint"]) == 32 and meta["nearDuplicateOf"] is None


def test_pipeline_hands_the_store_the_digest_computed_with_the_record(tmp_path: Path) -> None:
    from newsscraper.state import RecordDigest, record_digest

    # The validate pipeline computes the digest in the worker threads; the claim uses it, and the
    # store keeps the same fingerprint and MinHash as when it hashes the record itself.
    it = item()
    assert it.record is not None
    it.digest = record_digest(it.record)
    run(tmp_path / "given", [it])
    run(tmp_path / "computed", [item()])
    given, computed = StateStore(tmp_path / "given"), StateStore(tmp_path / "computed")
    times = ("first_seen", "last_seen", "fetched_at")
    rows = [{k: v for k, v in (s.article(URL) or {}).items() if k not in times} for s in (given, computed)]
    assert rows[0] == rows[1] and rows[0]["fingerprint"]
    assert (
        given.conn.execute("SELECT minhash FROM articles").fetchall()
        == computed.conn.execute("SELECT minhash FROM articles").fetchall()
        != [(None,)]
    )
    # and it is the digest's values the store keeps, not values computed again
    it = item()
    assert it.record is not None
    it.digest = RecordDigest("0" * 32, None, it.record["headline"], it.record["articleBody"])
    run(tmp_path / "trusted", [it])
    assert (StateStore(tmp_path / "trusted").article(URL) or {})["fingerprint"] == "0" * 32


def test_a_digest_of_a_record_rewritten_since_is_not_used(tmp_path: Path) -> None:
    from newsscraper.state import record_digest

    run(tmp_path, [item()])
    # A pipeline between validation and this one rewrote the body after the digest was taken:
    # the stale digest (of the unchanged body) must not hide the change.
    it = item()
    assert it.record is not None
    it.digest = record_digest(it.record)
    it.record["articleBody"] = TEXT + " A correction was added."
    out, c = run(tmp_path, [it])
    assert len(out) == 1 and stat(c, "changed") == 1


def test_validate_pipeline_computes_the_digest_when_the_crawl_keeps_state(tmp_path: Path) -> None:
    import asyncio

    from newsscraper.items import Article
    from newsscraper.pipelines.validate import ValidatePipeline
    from newsscraper.state import record_digest

    def validated(c: Crawler) -> PageItem:
        it = PageItem(url=URL, request_url=URL)
        it.article = Article(url=URL, headline="Ferry", articleBody=TEXT)
        return asyncio.run(build_from_crawler(ValidatePipeline, c).process_item(it))  # type: ignore[no-any-return]

    with_state = validated(crawler(tmp_path))
    assert with_state.record is not None and with_state.digest == record_digest(with_state.record)
    assert with_state.digest.of(with_state.record) and with_state.digest.minhash is not None
    assert validated(get_crawler()).digest is None
