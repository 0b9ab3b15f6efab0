"""``newsscraper extract --format``: the same records as JSON Lines, a JSON array, CSV (one column
per record field), and the bodies as Markdown, plain text and HTML."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from newsscraper.cli import main
from newsscraper.output import CSV_COLUMNS, RecordWriter

PARA = "<p>The council voted on Tuesday to rebuild the old {0}, after years of debate in the city hall.</p>"


def _page(topic: str) -> str:
    return (
        f"<html><head><title>City rebuilds the {topic}</title></head><body><article>"
        f"<h1>City rebuilds the {topic}</h1>{PARA.format(topic) * 3}"
        "<h2>What changes</h2><ul><li>Two new lanes for buses</li>"
        "<li>A wider footpath on both sides</li></ul>"
        f"{PARA.format(topic) * 2}</article></body></html>"
    )


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for topic in ("bridge", "harbour"):
        (folder / f"{topic}.html").write_text(_page(topic), "utf-8")
    return folder


def _run(pages: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["extract", str(pages), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_json_is_the_array_of_the_jsonl_records(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.loads(x) for x in _run(pages, "jsonl", capsys).splitlines()]
    assert len(lines) == 2
    assert json.loads(_run(pages, "json", capsys)) == lines


def test_csv_has_the_record_columns_and_json_cells(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.loads(x) for x in _run(pages, "jsonl", capsys).splitlines()]
    rows = list(csv.DictReader(io.StringIO(_run(pages, "csv", capsys))))
    assert tuple(rows[0]) == CSV_COLUMNS == tuple(lines[0])
    for row, record in zip(rows, lines, strict=True):
        assert row["headline"] == record["headline"] and row["wordCount"] == str(record["wordCount"])
        assert json.loads(row["metadata"]) == record["metadata"]
        assert json.loads(row["authors"]) == record["authors"]
        assert row["description"] == (record["description"] or "")


def test_markdown_keeps_headings_and_lists(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(pages, "markdown", capsys)
    assert out.startswith("# City rebuilds the bridge\n")
    assert "## What changes" in out and "- Two new lanes for buses" in out
    assert out.count("\n---\n") == 1 and "# City rebuilds the harbour" in out


def test_txt_is_headline_and_plain_body(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _run(pages, "txt", capsys).split("\f\n")
    assert first.startswith("City rebuilds the bridge\n\nThe council voted")
    assert "Two new lanes for buses\n" in first and "<" not in first
    assert second.startswith("City rebuilds the harbour")


def test_html_is_one_document_with_an_article_each(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = lxml.html.document_fromstring(_run(pages, "html", capsys))
    articles = doc.findall(".//article")
    assert [a.findtext("h1") for a in articles] == ["City rebuilds the bridge", "City rebuilds the harbour"]
    assert [li.text_content() for li in articles[0].iter("li")] == [
        "Two new lanes for buses",
        "A wider footpath on both sides",
    ]


def test_html_leaves_out_a_missing_headline_and_is_a_page_without_records() -> None:
    # an empty <h1></h1> was written for a headline-less article; no record wrote an empty file,
    # where json writes "[]"
    out = io.StringIO()
    writer = RecordWriter(out, "html")
    writer.write_record({"url": "https://example.com/a", "headline": None, "articleBodyHtml": "<p>hi</p>"})
    writer.close()
    assert "<h1" not in out.getvalue() and "<p>hi</p>" in out.getvalue()
    empty = io.StringIO()
    RecordWriter(empty, "html").close()
    doc = lxml.html.document_fromstring(empty.getvalue())
    assert doc.find("body") is not None and doc.findall(".//article") == []


def test_html_title_is_the_headline_of_one_article_and_names_the_first_of_several() -> None:
    # the <title> was "articles" whatever the page held
    def page(*records: dict[str, Any]) -> Any:
        out = io.StringIO()
        writer = RecordWriter(out, "html")
        for record in records:
            writer.write_record(record)
        writer.close()
        return lxml.html.document_fromstring(out.getvalue())

    one = {
        "url": "https://news.example/1",
        "headline": "Bridge <reopens> & traffic flows",
        "articleBodyHtml": "<p>a</p>",
    }
    two = {
        "url": "https://news.example/2",
        "headline": "Ferry timetable changes",
        "articleBodyHtml": "<p>b</p>",
    }
    single = page(one)
    assert single.findtext(".//title") == "Bridge <reopens> & traffic flows"
    assert len(single.findall(".//article")) == 1
    several = page(one, two, two)
    assert several.findtext(".//title") == "Bridge <reopens> & traffic flows, and more articles"
    assert [a.findtext("h1") for a in several.findall(".//article")] == [
        one["headline"],
        *[two["headline"]] * 2,
    ]
    assert page({**one, "headline": None}).findtext(".//title") == "An article from news.example"
    assert page().findtext(".//title") == "No articles"


def test_unknown_format_is_misuse(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(pages), "--format", "yaml"])
    assert exit_.value.code == 2 and "invalid choice: 'yaml'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("out.csv", "csv"), ("OUT.JSON", "json"), ("out.md", "markdown"), ("out.txt", "txt"),
     ("out.html", "html"), ("out.jl", "jsonl"), ("out.jsonl", "jsonl"), ("out.dat", "jsonl")],
)  # fmt: skip
def test_output_extension_names_the_format(
    name: str, fmt: str, pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # as Scrapy's feeds do (-o out.csv): the extension names the format when --format is not given
    expected = _run(pages, fmt, capsys)
    out = tmp_path / name
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert out.read_text("utf-8") == expected
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(expected))) == list(CSV_COLUMNS)


def test_stdout_stays_jsonl(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["-o", "-"]):
        assert main(["extract", str(pages), *argv]) == 0
        assert [json.loads(x)["headline"] for x in capsys.readouterr().out.splitlines()] == [
            "City rebuilds the bridge",
            "City rebuilds the harbour",
        ]


def test_format_against_the_extension_is_misuse(
    pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["extract", str(pages), "-o", str(out), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert (
        f"-o {out} names the csv format but --format is json" in err and "end the file name with .json" in err
    )
    assert not out.exists()
    # a format the extension agrees with, or an extension naming none: --format decides
    assert main(["extract", str(pages), "-o", str(out), "--format", "csv"]) == 0
    assert main(["extract", str(pages), "-o", str(tmp_path / "out.dat"), "--format", "csv"]) == 0
    assert (tmp_path / "out.dat").read_text("utf-8") == out.read_text("utf-8")


def test_crawl_and_fetch_infer_the_format_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsscraper.cli import _crawl_misuse, _crawl_overrides, build_parser

    def setting(*argv: str) -> object:
        args = build_parser().parse_args(["fetch", "http://127.0.0.1:9/", *argv])
        assert _crawl_misuse(args) is None
        return _crawl_overrides(args)["NEWSSCRAPER_OUTPUT_FORMAT"]

    assert setting("-o", str(tmp_path / "out.csv")) == "csv"
    assert setting("-o", str(tmp_path / "out.md")) == "markdown"
    assert setting("-o", str(tmp_path / "out")) == "jsonl"
    assert setting("-o", str(tmp_path / "out"), "--format", "html") == "html"
    assert setting("-o", str(tmp_path / "out.json"), "-s", "NEWSSCRAPER_OUTPUT_FORMAT=json") == "json"
    # refused before any crawl: disagreeing formats, and a CSV where --state needs JSON Lines
    for argv in (
        ["--format", "json"],
        ["-s", "NEWSSCRAPER_OUTPUT_FORMAT=json"],
        ["--state", str(tmp_path / "s")],
    ):
        assert main(["crawl", "--demo", "-o", str(tmp_path / "out.csv"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("names the csv format but --format is json") == 2
    assert "needs the jsonl output format, not 'csv'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "fmt"), [("out.jsonl.gz", "jsonl"), ("OUT.CSV.GZ", "csv"), ("out.gz", "jsonl")]
)
def test_a_gz_output_is_gzip_compressed(
    name: str, fmt: str, pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the records of the format the name gives without .gz, compressed (they were written plain)
    expected = _run(pages, fmt, capsys)
    out = tmp_path / name
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    assert gzip.decompress(out.read_bytes()).decode("utf-8") == expected


def test_crawl_refuses_a_gz_output_with_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the state store recovers a killed run from the output's lines, read uncompressed
    assert (
        main(["crawl", "--demo", "-o", str(tmp_path / "out.jsonl.gz"), "--state", str(tmp_path / "s")]) == 2
    )
    assert "needs an uncompressed JSON Lines output" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_extension_naming_no_format_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `-o out.xml` (a Scrapy feed format) got JSON Lines under that name, without a word
    page = tmp_path / "a.html"
    page.write_text("<html><body><article><h1>T</h1><p>" + "Word " * 60 + "</p></article></body></html>")
    assert main(["extract", str(page), "-o", str(tmp_path / "out.xml")]) == 0
    err = capsys.readouterr().err
    assert f"-o {tmp_path / 'out.xml'}: .xml names no format (jsonl, json" in err
    assert "writing JSON Lines (--format sets another)" in err
    assert json.loads((tmp_path / "out.xml").read_text("utf-8"))["headline"] == "T"
    assert main(["extract", str(page), "-o", str(tmp_path / "out.md")]) == 0
    assert capsys.readouterr().err == ""


def test_markdown_headline_is_escaped_as_the_body_is() -> None:
    # the headline was written as it came: "# <script>alert(1)</script>" is live HTML to a Markdown
    # renderer, where the same text in articleBodyMarkdown is "\\<script\\>"
    out = io.StringIO()
    writer = RecordWriter(out, "markdown")
    writer.write_record({"headline": "<script>alert(1)</script> *A* [b](c) #", "articleBodyMarkdown": "x"})
    writer.close()
    assert out.getvalue() == "# \\<script\\>alert(1)\\</script\\> \\*A\\* \\[b\\](c) \\#\n\nx\n"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.com/a", True),
        ("file:///tmp/a.html", True),
        ("javascript://x/%0aalert(1)", False),  # a WARC target URI or `extract --url` as given
        ("JavaScript:alert(1)", False),
    ],
)
def test_html_links_only_a_source_url_that_is_a_page(url: str, linked: bool) -> None:
    # the "source" link took any record url: `javascript://x/%0aalert(1)` ran as a script on click
    out = io.StringIO()
    writer = RecordWriter(out, "html")
    writer.write_record({"url": url, "headline": "H", "articleBodyHtml": "<p>x</p>"})
    writer.close()
    links = lxml.html.fromstring(out.getvalue()).xpath("//a/@href")
    assert links == ([url] if linked else [])
