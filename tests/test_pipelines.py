"""Item pipelines alone (``get_crawler`` + ``build_from_crawler``) and the crash-safe writer under kill -9."""

from __future__ import annotations

import asyncio
import csv
import gzip
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsscraper import settings as project_settings
from newsscraper.crawl.item import PageItem
from newsscraper.demo.site import ORIGIN, article_path, build_site, load_stories
from newsscraper.exceptions import OutputBusyError
from newsscraper.pipelines.classify import ArticleFilterPipeline
from newsscraper.pipelines.dedupe import DedupePipeline
from newsscraper.pipelines.extract import ExtractPipeline
from newsscraper.pipelines.jsonlines import AtomicJsonLines, JsonLinesWriterPipeline, output_busy
from newsscraper.pipelines.validate import ValidatePipeline
from newsscraper.schema import validation_errors

PROJECT = {k: v for k, v in vars(project_settings).items() if k.isupper()}
STORIES = load_stories()
PAGES = build_site(STORIES)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _build(cls: type, **settings: Any) -> Any:
    return build_from_crawler(cls, get_crawler(settings_dict={**PROJECT, **settings}))


def _page(path: str, **kw: Any) -> PageItem:
    body = PAGES[path].body.replace(ORIGIN.encode(), b"http://news.test")
    return PageItem(
        url="http://news.test" + path, request_url="http://news.test" + path, body=body, headers=HTML, **kw
    )


def _extracted(path: str, **kw: Any) -> PageItem:
    item = _page(path, **kw)
    pipe = _build(ExtractPipeline, NEWSSCRAPER_EXTRACT_EXECUTOR="reactor")
    out: PageItem = asyncio.run(pipe.process_item(item))
    return out


ARTICLE = article_path(STORIES[0])


def test_extract_fills_article_and_frees_body() -> None:
    item = _extracted(ARTICLE, signals={"og_type": "article"})
    assert item.article is not None and item.article.articleBody.startswith(STORIES[0]["paragraphs"][0][:40])
    assert item.body == b""


def test_extract_hints_fill_empty_fields() -> None:
    item = _page(
        "/about/",
        hints={"title": "T", "publication_date": "Fri, 20 Nov 2026 08:30:00 GMT", "keywords": ["k"]},
    )
    out = asyncio.run(_build(ExtractPipeline, NEWSSCRAPER_EXTRACT_EXECUTOR="reactor").process_item(item))
    assert out.article.datePublished == "2026-11-20T08:30:00+00:00"
    assert out.article.keywords == ["k"]


def test_classify_keeps_articles_and_drops_listings_by_reason() -> None:
    pipe = _build(ArticleFilterPipeline)
    for story in STORIES:
        item = _extracted(article_path(story), signals={"og_type": "article", "ld_types": ["NewsArticle"]})
        assert pipe.process_item(item) is item
    with pytest.raises(DropItem, match=r"not-article/"):
        pipe.process_item(_extracted("/city/", signals={}))
    with pytest.raises(DropItem, match=r"not-article/(too-short|archive)"):
        pipe.process_item(_extracted("/archive/", signals={}))


def test_classify_article_without_structured_data_still_kept() -> None:
    # no og:type / JSON-LD: the URL slug and the body carry it
    item = _extracted(ARTICLE, signals={})
    assert _build(ArticleFilterPipeline).process_item(item) is item


def test_classify_thresholds_0_keep_every_page_with_a_body() -> None:
    # `newsscraper fetch` sets both thresholds to 0: an about page scores below 0 (listing-like URL)
    pipe = _build(
        ArticleFilterPipeline, NEWSSCRAPER_ARTICLE_MIN_PROBABILITY=0.0, NEWSSCRAPER_ARTICLE_MIN_WORDS=0
    )
    item = _extracted("/about/", signals={})
    assert item.article is not None and item.article.articleBody
    assert pipe.process_item(item) is item


def test_validate_sets_record_with_final_url() -> None:
    item = _extracted(ARTICLE)
    out = asyncio.run(ValidatePipeline().process_item(item))
    assert out.record["url"] == item.url and validation_errors(out.record) == []


def test_validate_drops_invalid_record() -> None:
    item = _extracted(ARTICLE)
    assert item.article is not None
    item.article.datePublished = "yesterday"
    with pytest.raises(DropItem, match=r"invalid-record"):
        asyncio.run(ValidatePipeline().process_item(item))
    # in a crawl the record is built in the reader's pool: the same decision
    with pytest.raises(DropItem, match=r"invalid-record"):
        asyncio.run(_build(ValidatePipeline, NEWSSCRAPER_EXTRACT_EXECUTOR="reactor").process_item(item))


def test_dedupe_by_canonical_and_body() -> None:
    pipe = _build(DedupePipeline)
    first = _extracted(ARTICLE)
    assert pipe.process_item(first).identity == first.url
    copy = _extracted(ARTICLE)
    copy.url = first.url + "?page=print"
    with pytest.raises(DropItem, match=r"duplicate/url"):
        pipe.process_item(copy)  # its rel=canonical names the first
    mirror = _extracted(ARTICLE)
    assert mirror.article is not None
    mirror.url, mirror.article.canonicalUrl, mirror.signals = "http://mirror.test/x-y-z-w", None, {}
    with pytest.raises(DropItem, match=r"duplicate/body"):
        pipe.process_item(mirror)
    with pytest.raises(NotConfigured):
        _build(DedupePipeline, NEWSSCRAPER_DEDUPE_ENABLED=False)


def test_body_fingerprint_in_chunks_is_the_folded_body_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunked folding (no list of every word of a huge body) gives the digest of the whole fold,
    the one state stores keep: case folding, every Unicode space, words across chunk cuts."""
    import hashlib
    import random

    from newsscraper.pipelines import dedupe

    def whole(text: str) -> bytes:
        return hashlib.blake2b(" ".join(text.casefold().split()).encode(), digest_size=16).digest()

    monkeypatch.setattr(dedupe, "_CHUNK", 5)
    alphabet = ["a", "B", "ß", "Σ", "İ", " ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85"]
    rng = random.Random(13)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert dedupe.body_fingerprint(text) == whole(text), repr(text)
    assert dedupe.body_fingerprint("Straße  X") == dedupe.body_fingerprint("STRASSE x")
    assert dedupe.body_fingerprint("ab cd") != dedupe.body_fingerprint("abcd")


def test_writer_needs_output_setting() -> None:
    with pytest.raises(NotConfigured):
        _build(JsonLinesWriterPipeline)


def test_atomic_json_lines_publishes_snapshots(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"n": 0}\n')  # the previous run's
    out = AtomicJsonLines(tmp_path / "a.jsonl")
    assert not out.due()  # nothing to publish: no empty snapshot over the previous output
    out.append({"n": 1}, "id1")
    assert (tmp_path / "a.jsonl").read_text() == '{"n": 0}\n'  # not yet published
    assert out.due()
    assert out.publish() == ["id1"]
    out.append({"n": 2, "t": "ü"}, "id2")
    assert out.close() == ["id2"]
    lines = (tmp_path / "a.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"n": 1}, {"n": 2, "t": "ü"}]
    assert not (tmp_path / "a.jsonl.part").exists()


def test_atomic_json_lines_discard_leaves_the_previous_output(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"n": 0}\n')
    AtomicJsonLines(tmp_path / "a.jsonl").discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]
    assert (tmp_path / "a.jsonl").read_text() == '{"n": 0}\n'
    out = AtomicJsonLines(tmp_path / "a.jsonl")
    out.append({"n": 1})
    with pytest.raises(ValueError, match="close"):
        out.discard()  # a record written is published, never dropped
    out.close()
    assert (tmp_path / "a.jsonl").read_text() == '{"n": 1}\n'


def test_a_second_writer_of_one_output_is_refused_and_tears_nothing(tmp_path: Path) -> None:
    # two runs on one -o (a cron job overlapping the one before) appended to one journal and
    # published from it: their lines tore each other ('{"url": "http://127.{"url": ...')
    path = tmp_path / "a.jsonl"
    path.write_text('{"n": 0}\n')  # the run before's
    first = AtomicJsonLines(path)
    first.append({"n": 1})
    assert output_busy(path)
    with pytest.raises(OutputBusyError, match="another run"):
        AtomicJsonLines(path)
    first.append({"n": 2})  # the refused writer truncated nothing
    assert path.read_text() == '{"n": 0}\n'
    first.close()
    assert [json.loads(x) for x in path.read_text().splitlines()] == [{"n": 1}, {"n": 2}]
    assert not output_busy(path)
    second = AtomicJsonLines(path)  # once the first is done, the output is free
    second.append({"n": 3})
    second.close()
    assert path.read_text() == '{"n": 3}\n'


def test_a_dead_run_leaves_its_output_free(tmp_path: Path) -> None:
    # the lock is the open file's: a killed run (no close, no unlink) holds nothing
    path = tmp_path / "a.jsonl"
    code = (
        "import os, sys; from pathlib import Path; "
        "from newsscraper.pipelines.jsonlines import AtomicJsonLines; "
        "out = AtomicJsonLines(Path(sys.argv[1])); out.append({'n': 1}); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False, timeout=60)
    assert (tmp_path / "a.jsonl.part").exists() and not output_busy(path)
    out = AtomicJsonLines(path)
    out.append({"n": 2})
    out.close()
    assert path.read_text() == '{"n": 2}\n'


@pytest.mark.parametrize(
    ("parsed", "crawling", "records", "kept"),
    [
        (0, True, 0, True),  # nothing parsed (every start URL refused or unreachable): exit status 1
        (3, False, 0, True),  # stopped by SIGINT / SIGTERM before any article
        (3, True, 0, False),  # a finished crawl without articles: its empty output is the answer
        (0, True, 1, False),  # a record written is always published
    ],
)
def test_writer_leaves_the_previous_output_after_a_run_with_nothing(
    tmp_path: Path, parsed: int, crawling: bool, records: int, kept: bool
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text('{"n": 0}\n')
    crawler = get_crawler(settings_dict={"NEWSSCRAPER_OUTPUT": str(target)})
    writer = JsonLinesWriterPipeline.from_crawler(crawler)
    writer.crawler = cast(Any, SimpleNamespace(engine=object(), crawling=crawling))  # a running crawl
    writer.open_spider()
    assert writer.out is not None
    writer.stats.set_value("newsscraper/pages_parsed", parsed)
    for n in range(records):
        writer.out.append({"n": n + 1})
    writer.close_spider()
    assert target.read_text() == ('{"n": 0}\n' if kept else '{"n": 1}\n' * records)
    assert writer.stats.get_value("newsscraper/output_kept") is (True if kept else None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_atomic_json_lines_written_field_by_field_leaves_no_cut_line(tmp_path: Path) -> None:
    """Lines are the JSON of the record (written piece by piece, not built whole); a record that
    fails half-way leaves the journal at its last complete line."""
    out = AtomicJsonLines(tmp_path / "a.jsonl")
    big = {"headline": "Big", "articleBody": "word " * 100_000, "authors": [{"name": "Zoë"}]}
    out.append(big, "id1")
    with pytest.raises(TypeError):
        out.append({"headline": "cut", "bad": object()}, "id2")
    out.append({"n": 3}, "id3")
    out.close()
    lines = (tmp_path / "a.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [big, {"n": 3}]
    assert lines[0] == json.dumps(big, ensure_ascii=False, separators=(", ", ": "))


def test_atomic_writer_renders_other_formats_whole_at_each_publish(tmp_path: Path) -> None:
    records = [
        {"url": "https://x.test/a", "headline": "Ferry <sails>", "articleBody": "One.",
         "articleBodyMarkdown": "One.", "articleBodyHtml": "<p>One.</p>", "authors": [{"name": "Ann"}]},
        {"url": "https://x.test/b", "headline": "Bridge", "articleBody": "Two.",
         "articleBodyMarkdown": "Two.", "articleBodyHtml": "<p>Two.</p>", "authors": []},
    ]  # fmt: skip
    for fmt, name in (("json", "a.json"), ("csv", "a.csv"), ("markdown", "a.md"), ("html", "a.html")):
        out = AtomicJsonLines(tmp_path / name, fmt)
        out.append(records[0])
        out.publish()
        if fmt == "json":  # a snapshot mid-run is a complete document
            assert json.loads((tmp_path / name).read_text("utf-8")) == records[:1]
        out.append(records[1])
        out.publish()
        # the journal holds JSON Lines whatever the output format (a killed run keeps its records)
        assert [json.loads(x) for x in (tmp_path / f"{name}.part").read_text("utf-8").splitlines()] == records
        out.close()
    assert json.loads((tmp_path / "a.json").read_text("utf-8")) == records
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["headline"] for r in rows] == ["Ferry <sails>", "Bridge"]
    assert json.loads(rows[0]["authors"]) == [{"name": "Ann"}]
    # the headline escaped as articleBodyMarkdown is: "<sails>" was live HTML to a Markdown renderer
    markdown = "# Ferry \\<sails\\>\n\nOne.\n\n---\n\n# Bridge\n\nTwo.\n"
    assert (tmp_path / "a.md").read_text("utf-8") == markdown
    page = (tmp_path / "a.html").read_text("utf-8")
    assert page.count("<article>") == 2 and "Ferry &lt;sails&gt;" in page and page.endswith("</html>\n")
    with pytest.raises(ValueError, match="unknown format"):
        AtomicJsonLines(tmp_path / "a.xls", "xls")


def _members(data: bytes) -> int:
    """Gzip members in ``data`` (each one decompressed to check it is whole)."""
    count = 0
    while data:
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        inflate.decompress(data)
        assert inflate.eof, "a cut gzip member"
        data, count = inflate.unused_data, count + 1
    return count


def test_atomic_writer_compresses_a_gz_output(tmp_path: Path) -> None:
    """A ``.gz`` output is a whole gzip file at every publish: one member at close, the lines of
    each publish during the run as one more member."""
    target = tmp_path / "a.jsonl.gz"
    out = AtomicJsonLines(target)
    assert not target.exists()  # nothing published at open
    out.append({"n": 1}, "id1")
    assert out.publish() == ["id1"]
    out.append({"n": 2, "t": "ü"}, "id2")
    out.publish()
    assert _members(target.read_bytes()) == 2  # one per publish
    assert [json.loads(x) for x in gzip.decompress(target.read_bytes()).splitlines()] == [
        {"n": 1},
        {"n": 2, "t": "ü"},
    ]
    # the journal stays plain JSON Lines (a killed run keeps its records readable)
    assert (tmp_path / "a.jsonl.gz.part").read_bytes().count(b"\n") == 2
    out.append({"n": 3}, "id3")
    assert out.close() == ["id3"]
    assert _members(target.read_bytes()) == 1
    assert [json.loads(x)["n"] for x in gzip.decompress(target.read_bytes()).splitlines()] == [1, 2, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl.gz"]
    # another format is rendered whole, then compressed
    out = AtomicJsonLines(tmp_path / "a.json.gz", "json")
    out.append({"n": 1})
    out.publish()
    assert json.loads(gzip.decompress((tmp_path / "a.json.gz").read_bytes())) == [{"n": 1}]
    out.close()


WRITER_LOOP = """
import random, sys
from pathlib import Path
from newsscraper.pipelines.jsonlines import AtomicJsonLines
out = AtomicJsonLines(Path(sys.argv[1]))
print("ready", flush=True)
rnd = random.Random(int(sys.argv[2]))
n = 0
while True:
    n += 1
    out.append({"n": n, "text": "x" * rnd.randint(10, 300_000)})
    if n % 3 == 0:
        out.publish()
"""


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_kill_9_never_leaves_a_torn_line(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    published: list[int] = []
    for seed, delay in enumerate((0.05, 0.2, 0.35, 0.5, 0.7)):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER_LOOP, str(target), str(seed)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = target.read_bytes()
        if name.endswith(".gz"):  # a whole gzip file (a cut one raises) of whole lines
            data = gzip.decompress(data)
        assert data == b"" or data.endswith(b"\n")
        numbers = [json.loads(line)["n"] for line in data.splitlines()]
        assert numbers == list(range(1, len(numbers) + 1))
        published.append(len(numbers))
    assert max(published) > 0  # the kills did land while records were being published
