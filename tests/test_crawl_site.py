"""One full crawl of the fixture news site (tests/mockserver.py), checked against its ground truth."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsscraper.demo.site import article_body, article_path, load_stories
from newsscraper.schema import validation_errors

ROOT = Path(__file__).resolve().parent.parent
STORIES = {s["slug"]: s for s in load_stories(ROOT / "fixtures" / "site" / "stories")}
EXPECTED = {article_path(s): s for s in STORIES.values() if s["section"] != "private"}


@pytest.fixture(scope="module")
def run(mock_sites: Any, crawl_runner: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    site = mock_sites.origins["site"]
    args = [site + "/", "--allow-network", "127.0.0.0/8", *crawl_runner_fast()]
    return crawl_runner(args, tmp_path_factory.mktemp("full"))


def crawl_runner_fast() -> list[str]:
    return ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
            "-s", "CLOSESPIDER_PAGECOUNT=400", "-s", "DOWNLOAD_TIMEOUT=10"]  # fmt: skip


def _token_f1(prediction: str, truth: str) -> float:
    """F1 of word-token multisets (the body scorer's idea, without shingles)."""
    p, t = Counter(re.findall(r"\w+", prediction.lower())), Counter(re.findall(r"\w+", truth.lower()))
    common = sum((p & t).values())
    return 0.0 if not common else 2 * common / (sum(p.values()) + sum(t.values()))


def _paths(run: Any) -> list[str]:
    return ["/" + r["url"].split("/", 3)[3] for r in run.records]


def _site_hits(mock_sites: Any) -> list[str]:
    # the full crawl runs with the default User-Agent; other test crawls set their own
    return mock_sites.hits("site", ua="newsscraper/")


def test_exit_status_and_report(run: Any) -> None:
    assert run.returncode == 0, run.stderr
    rep = run.report
    assert rep["finish_reason"] == "finished"
    assert rep["articles_written"] == len(EXPECTED) == len(run.records)
    for key in ("pages_fetched", "drops", "refused", "errors", "duration_s", "started", "finished"):
        assert key in rep


def test_every_article_found_once(run: Any) -> None:
    paths = _paths(run)
    assert sorted(paths) == sorted(EXPECTED)  # all found (sitemap-only and feed-only ones too), no duplicate


def test_records_are_valid_and_clean(run: Any) -> None:
    for record in run.records:
        assert validation_errors(record) == []
        assert "utm_" not in record["url"] and "fbclid" not in record["url"] and "#" not in record["url"]
    scores = [
        _token_f1(r["articleBody"], article_body(EXPECTED[p]))
        for r, p in zip(run.records, _paths(run), strict=True)
    ]
    assert sum(scores) / len(scores) >= 0.975


def test_sitemaps_and_feeds_read(run: Any) -> None:
    # index: 3 sitemaps; news sitemap: 8 URLs; the gzipped sections sitemap (no Content-Encoding): 4
    # (the third, a gzip bomb, is refused); RSS and Atom: 8 items each
    assert run.report["discovery"]["sitemap_entries"] == 3 + 8 + 4
    assert run.report["discovery"]["feed_entries"] == 16


def test_news_sitemap_hints_fill_gaps(run: Any) -> None:
    by_path = dict(zip(_paths(run), run.records, strict=True))
    choir = by_path[article_path(STORIES["choir-festival-sold-out"])]
    assert choir["datePublished"] and choir["datePublished"].startswith("2026-10-15")


def test_non_articles_dropped_by_reason(run: Any) -> None:
    drops = run.report["drops"]
    reasons = ("home", "section", "tag", "author", "about", "contact", "archive")
    for reason in (f"not-article/{r}" for r in reasons):
        assert drops.get(reason, 0) >= 1, (reason, drops)
    assert drops.get("not-html/png") == 1  # binary page served as text/html
    assert drops.get("empty") == 1


def test_robots_disallowed_never_requested(run: Any, mock_sites: Any) -> None:
    hits = _site_hits(mock_sites)
    assert hits.count("/robots.txt") == 1  # the spider's sitemap reading uses the middleware's copy
    assert not [h for h in hits if h.startswith(("/private/", "/login/"))]
    assert run.report["refused"].get("robots", 0) >= 1


def test_offsite_and_other_port_never_requested(run: Any, mock_sites: Any) -> None:
    assert run.returncode == 0
    assert mock_sites.hits("offsite") == []
    assert mock_sites.hits("otherport") == []
    assert run.report["refused"]["offsite"] >= 2  # a link and a redirect hop


def test_flaky_article_retried_after_retry_after(run: Any, mock_sites: Any) -> None:
    flaky = article_path(STORIES["night-buses-return"])
    assert _site_hits(mock_sites).count(flaky) == 2
    assert run.report["retry_after_waits"] == 1
    assert flaky in _paths(run)


def test_redirects_carry_final_url_and_loops_end(run: Any, mock_sites: Any) -> None:
    hits = _site_hits(mock_sites)
    assert hits.count("/go/rail-strike") == 1
    # the redirect target had tracking parameters: canonicalised, so fetched once, without them
    rail = article_path(STORIES["rail-strike-talks-resume"])
    assert [h for h in hits if h.startswith(rail)] == [rail]
    assert hits.count("/loop/a") <= 2 and hits.count("/loop/b") <= 2


def test_tracking_and_session_variants_fetched_once(mock_sites: Any, run: Any) -> None:
    hits = _site_hits(mock_sites)
    museum = article_path(STORIES["museum-returns-manuscripts"])
    school = article_path(STORIES["school-meals-local-farms"])
    assert [h for h in hits if h.startswith(museum)] == [museum]
    assert [h for h in hits if h.startswith(school)] == [school]


def test_trap_ends_by_itself(run: Any, mock_sites: Any) -> None:
    trap = [h for h in _site_hits(mock_sites) if h.startswith("/events/calendar/")]
    assert 1 <= len(trap) <= 10
    assert run.report["refused"].get("trap/chain", 0) >= 1


def test_gzip_bombs_refused(run: Any) -> None:
    # with and without Content-Encoding, and as a .xml.gz sitemap
    assert run.report["refused"]["decompressed-too-large"] == 3


def test_user_agent_names_project(mock_sites: Any, run: Any) -> None:
    log = [json.loads(x) for x in mock_sites.log.read_text().splitlines()]
    assert any(h["ua"].startswith("newsscraper/") for h in log)


# The exact shapes ``pandas.to_datetime(..., format="ISO8601")`` reads, as the project writes them
# (newsscraper.datetimes.ISO_DATE): a day; a day and time; a day and time with a ``±HH:MM`` offset.
PANDAS_ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?)?$")


def test_written_dates_parse_as_one_iso8601_column(run: Any) -> None:
    columns = {
        "datePublished": [r["datePublished"] for r in run.records if r.get("datePublished")],
        "dateModified": [r["dateModified"] for r in run.records if r.get("dateModified")],
        "metadata.dateDownloaded": [
            r["metadata"]["dateDownloaded"] for r in run.records if r["metadata"].get("dateDownloaded")
        ],
    }
    assert len(columns["datePublished"]) >= len(EXPECTED) // 2  # the site dates most of its stories
    for name, values in columns.items():
        bad = [v for v in values if not PANDAS_ISO8601.match(v)]
        assert bad == [], (name, bad)
        assert not [v for v in values if v.endswith("Z")]  # UTC is spelt +00:00 everywhere
    try:
        import pandas  # optional: not a dependency; the shape check above stands in for it
    except ImportError:
        return
    for name, values in columns.items():
        parsed = pandas.to_datetime(pandas.Series(values, dtype="object"), format="ISO8601", utc=True)
        assert parsed.notna().all(), name
