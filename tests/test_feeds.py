"""Feed exports get the article records: ``scrapy crawl news -O x.jsonl`` and ``FEEDS`` to JSON,
CSV and XML, each item equal to the record our JSON Lines writer writes in the same crawl; an
exporter that fails makes the run fail."""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from newsscraper.crawl.item import CrawledArticle
from newsscraper.items import Article, Author, Metadata

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "DOWNLOAD_TIMEOUT=10", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip


def _scrapy(args: list[str], cwd: Path, name: str) -> subprocess.Popen[str]:
    # `scrapy crawl` finds the project through scrapy.cfg in the repository root
    return subprocess.Popen(
        # its own User-Agent: the shared mock site's log tells the test crawls apart
        [sys.executable, "-m", "scrapy", "crawl", "news", *args, *FAST,
         "-s", f"USER_AGENT=newsscraper-test-{name}"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def feeds(mock_sites: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("feeds")
    start = ["-a", f"start={mock_sites.origins['site']}/", "-s", "NEWSSCRAPER_ALLOW_NETWORKS=127.0.0.0/8"]
    feeds = {str(out / f"feed.{ext}"): {"format": ext} for ext in ("json", "csv", "xml")}

    def writer(name: str) -> list[str]:
        return ["-s", f"NEWSSCRAPER_OUTPUT={out / name}"]

    procs = {
        "feeds": _scrapy([*start, "-s", f"FEEDS={json.dumps(feeds)}", *writer("a.jsonl")], ROOT, "feeds"),
        "dash-O": _scrapy([*start, "-O", str(out / "o.jsonl"), *writer("b.jsonl")], ROOT, "dash-o"),
        # marshal cannot hold the nested article fields: every item is an exporter error
        "failing": _scrapy([*start, "-O", str(out / "x.marshal")], ROOT, "failing"),
    }
    results = {}
    for name, proc in procs.items():
        _, err = proc.communicate(timeout=120)
        results[name] = (proc.returncode, err)
    return {"dir": out, "runs": results}


def test_dash_o_jsonl_items_are_the_written_records(feeds: Any) -> None:
    code, err = feeds["runs"]["dash-O"]
    assert code == 0, err
    written = _lines(feeds["dir"] / "b.jsonl")
    assert len(written) >= 5
    assert _lines(feeds["dir"] / "o.jsonl") == written
    assert "Traceback" not in err and "not JSON serializable" not in err


def test_feeds_json_items_are_the_written_records(feeds: Any) -> None:
    code, err = feeds["runs"]["feeds"]
    assert code == 0, err
    written = _lines(feeds["dir"] / "a.jsonl")
    assert len(written) >= 5
    assert json.loads((feeds["dir"] / "feed.json").read_text("utf-8")) == written


def test_feeds_csv_rows_are_the_written_records(feeds: Any) -> None:
    written = _lines(feeds["dir"] / "a.jsonl")
    with open(feeds["dir"] / "feed.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == list(written[0])  # the record's keys, in its order
    assert len(rows) == len(written)
    for row, record in zip(rows, written, strict=True):
        for key, value in record.items():
            cell = row[key]
            if value is None:
                assert cell == ""
            elif isinstance(value, (list, dict)):
                assert json.loads(cell) == value
            else:
                assert type(value)(cell) == value, key


def _from_xml(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    if all(c.tag == "value" for c in children):
        return [_from_xml(c) for c in children]
    return {c.tag: _from_xml(c) for c in children}


def _as_xml_text(value: Any) -> Any:
    """What the XML holds for a record value: text, no None fields, empty list = empty element."""
    if isinstance(value, dict):
        return {k: _as_xml_text(v) for k, v in value.items() if v is not None} or ""
    if isinstance(value, list):
        return [_as_xml_text(v) for v in value] or ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_feeds_xml_items_are_the_written_records(feeds: Any) -> None:
    written = _lines(feeds["dir"] / "a.jsonl")
    items = ET.parse(feeds["dir"] / "feed.xml").getroot().findall("item")
    assert len(items) == len(written)
    for item, record in zip(items, written, strict=True):
        assert _from_xml(item) == _as_xml_text(record)


def test_exporter_error_fails_the_run(crawl_runner: Any, tmp_path: Path) -> None:
    # marshal cannot hold the nested article fields: every item is an exporter error
    feeds = json.dumps({str(tmp_path / "x.marshal"): {"format": "marshal"}})
    run = crawl_runner(["--demo", "-s", f"FEEDS={feeds}", "-s", "CLOSESPIDER_TIMEOUT=60"], tmp_path)
    assert run.returncode == 4, run.stderr
    assert run.records  # our writer still wrote them
    assert run.report["errors"]["export/ValueError"] == len(run.records)
    # said once, not with a traceback per item; and in the summary
    assert run.stderr.count("Feed export failed on an item") == 1 and "Traceback" not in run.stderr
    assert f"{len(run.records)} feed exports failed (ValueError): exit status 4" in run.stderr


def test_a_feed_that_cannot_be_written_fails_once(crawl_runner: Any, tmp_path: Path) -> None:
    # a target under a file: Scrapy tried to open it again at every item (a traceback each), and a
    # feed that got no item at close (FEED_STORE_EMPTY: an asyncio "Task exception" and status 0)
    (tmp_path / "blocker").write_text("a file, not a folder")
    feeds = {
        str(tmp_path / "good.jsonl"): {"format": "jsonlines"},
        str(tmp_path / "blocker" / "items.jsonl"): {"format": "jsonlines"},
        str(tmp_path / "blocker" / "none.jsonl"): {
            "format": "jsonlines",
            "item_classes": ["newsscraper.items.Author"],
        },
    }
    run = crawl_runner(
        ["--demo", "-s", f"FEEDS={json.dumps(feeds)}", "-s", "CLOSESPIDER_TIMEOUT=60"], tmp_path
    )
    assert run.returncode == 4, run.stderr
    assert "Traceback" not in run.stderr and "Task exception" not in run.stderr, run.stderr
    for name in ("items.jsonl", "none.jsonl"):
        assert run.stderr.count(f"Feed {tmp_path / 'blocker' / name} cannot be written") == 1, run.stderr
    # (the report is written when the spider closes, which may be before the empty feed fails)
    assert set(run.report["errors"]) == {"export/store-FileFeedStorage"}
    assert "2 feed exports failed (store-FileFeedStorage): exit status 4" in run.stderr
    # the other feed got every item
    assert _lines(tmp_path / "good.jsonl") == run.records and len(run.records) == 6


def test_scrapy_crawl_exits_4_when_an_export_fails(feeds: Any) -> None:
    # Scrapy's own `crawl` command exits 0 here; ours (COMMANDS_MODULE) as `newsscraper crawl` does
    code, err = feeds["runs"]["failing"]
    assert code == 4, err
    assert "Error exporting item" in err or "ValueError" in err
    assert feeds["runs"]["dash-O"][0] == 0


def test_crawled_article_is_an_article_whose_fields_are_the_record() -> None:
    from itemadapter import ItemAdapter

    from newsscraper.crawl.item import PageItem

    article = Article(url="https://x.test/a", headline="Rain", authors=[Author(name="Ann")],
                      metadata=Metadata(probability=0.9))  # fmt: skip
    page = PageItem(url="https://x.test/a", request_url="https://x.test/a", record=article.to_dict())
    item = CrawledArticle.from_page(page)
    assert isinstance(item, Article) and item.identity == "https://x.test/a"
    assert ItemAdapter(item).asdict() == article.to_dict() == item.to_dict()
    assert "identity" not in ItemAdapter(item).field_names()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["-a", "start=ftp://x.test/"],
            "news spider needs http(s) start URLs (-a start=URL[,URL...]), not: ftp://x.test/",
        ),
        ([], "news spider needs http(s) start URLs: -a start=URL[,URL...]"),
        (
            ["-a", "start=https://x.test/", "-a", "follow=sideways"],
            "news spider: -a follow= must be one of all",
        ),
        # settings the project refuses: the add-on raised them once the crawl was starting
        (
            ["-a", "start=https://x.test/", "-s", "NEWSSCRAPER_MAX_REQUESTS=-1"],
            "NEWSSCRAPER_MAX_REQUESTS must be >= 0",
        ),
        (["-a", "start=https://x.test/", "-s", "DOWNLOAD_MAXSIZE=big"], "DOWNLOAD_MAXSIZE must be a number"),
    ],
)
def test_scrapy_crawl_with_refused_arguments_is_a_usage_error(args: list[str], said: str) -> None:
    # The spider refused its arguments only once the crawl was starting: asyncio's "Task exception
    # was never retrieved" and a traceback, status 1 (and our command must not fail reading the
    # stats of a crawl that never started, "Crawler.stats is not set yet")
    proc = _scrapy(args, ROOT, "refused-start")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert f": error: {said}" in err  # the program name is __main__.py under python -m scrapy
    assert "Traceback" not in err and "Crawler.stats is not set" not in err


def test_scrapy_crawl_of_a_refused_site_says_why(mock_sites: Any) -> None:
    # a loopback site without NEWSSCRAPER_ALLOW_NETWORKS: 0 items and exit 0 with nothing said at
    # WARNING (the refusals were a stats count, shown at INFO in a dict); no request leaves. Exit 1,
    # nothing crawled, as `newsscraper crawl` (Scrapy's 0 let a scheduled job pass for a good run)
    proc = _scrapy(["-a", f"start={mock_sites.origins['site']}/"], ROOT, "refused-site")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "refused 127.0.0.1: 127.0.0.1 is a loopback address" in err, err
    assert "-s NEWSSCRAPER_ALLOW_NETWORKS=127.0.0.1/32" in err
    assert "scrapy crawl news: 2 requests refused (ssrf): not a public address; allow a network with " in err
    assert err.rstrip().endswith("scrapy crawl news: 0 pages fetched, 0 items scraped"), err


def test_scrapy_crawl_of_an_unreachable_site_exits_1() -> None:
    # allowed, but nothing listens there: every request fails, no page is parsed; Scrapy exits 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free once closed: connections to it are refused
    proc = _scrapy(
        ["-a", f"start=http://127.0.0.1:{port}/", "-s", "NEWSSCRAPER_ALLOW_NETWORKS=127.0.0.1/32",
         "-s", "RETRY_TIMES=0"],
        ROOT, "unreachable",
    )  # fmt: skip
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "connection refused" in err, err
