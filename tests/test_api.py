"""The public API: ``extract_article`` inputs and outputs, the record's shape and its JSON Schema."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter

import newsscraper
from newsscraper import Article, extract_article
from newsscraper.exceptions import RecordValidationError
from newsscraper.items import Author, Image
from newsscraper.schema import article_schema, validate_record, validation_errors

PAGE = (
    "<html lang='de'><head><title>Ein Titel</title></head><body><article><h1>Ein Titel</h1>"
    + "<p>Die Stadt hat am Montag beschlossen, die Brücke über den Fluss neu zu bauen.</p>" * 4
    + "</article></body></html>"
)


def test_public_names() -> None:
    assert set(newsscraper.__all__) == {
        "Article",
        "__version__",
        "clean_text",
        "clean_text_with_repairs",
        "extract_article",
    }


def test_bytes_and_str_give_the_same_text() -> None:
    from_bytes = extract_article(PAGE.encode(), url="https://example.com/a")
    from_str = extract_article(PAGE, url="https://example.com/a")
    assert from_bytes.articleBody == from_str.articleBody != ""
    assert from_bytes.metadata.encoding == "utf-8"
    assert from_str.metadata.encoding is None


def test_date_header_becomes_date_downloaded() -> None:
    article = extract_article(PAGE, headers={"date": "Wed, 26 Nov 2026 10:00:00 GMT"})
    assert article.metadata.dateDownloaded == "2026-11-26T10:00:00+00:00"
    assert extract_article(PAGE, headers={"Date": "garbage"}).metadata.dateDownloaded is None


def test_item_adapter_sees_every_field() -> None:
    article = extract_article(PAGE, url="https://example.com/a")
    adapter = ItemAdapter(article)
    assert set(adapter.field_names()) == {f.name for f in dataclasses.fields(Article)}
    assert adapter["url"] == "https://example.com/a"
    assert adapter.asdict() == article.to_dict()


def test_every_field_is_documented_in_code_and_schema() -> None:
    properties = article_schema()["properties"]
    assert list(properties) == [f.name for f in dataclasses.fields(Article)]
    source = Path(newsscraper.items.__file__).read_text("utf-8")
    for f in dataclasses.fields(Article):
        declaration = source.split(f"\n    {f.name}: ", 1)[1]
        assert declaration.split("\n", 2)[1].strip().startswith('"""'), f"{f.name} has no docstring"


def test_the_field_table_for_other_tools_names_record_fields() -> None:
    # docs/cli.md, "Where their fields went": a trafilatura or newspaper4k user looking for `title`,
    # `text`, `top_image` or `publish_date` found the options mapped but not the record's fields
    docs = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    table = docs.read_text("utf-8").split("### Where their fields went", 1)[1].split("\n```", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    record = Article(url="https://example.com/a").to_dict()
    nested = {f.name for cls in (Author, Image) for f in dataclasses.fields(cls)}
    named = 0
    for row in rows:
        here = row.rstrip(" |").rsplit(" | ", 1)[1]
        for name in here.split("`")[1::2]:
            if "/" in name or name.startswith("-"):
                continue  # a file or an option, not a field
            head, _, rest = name.partition(".")
            if rest:  # metadata.fingerprint
                assert head in record and rest in record[head], f"{name} is not a record field ({row})"
            else:  # a field, or one of an author's or an image's (`name`, `caption`)
                assert name in record or name in nested, f"{name} is not a record field ({row})"
            named += 1
    assert named >= 20


def test_the_scrapy_callback_of_the_docs_yields_the_record() -> None:
    from scrapy.http import HtmlResponse

    docs = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    code = docs.read_text("utf-8").split("### Where their fields went", 1)[1].split("```python\n", 1)[1]
    namespace: dict[str, Any] = {}
    exec(code.split("```", 1)[0], namespace)
    body = PAGE.encode("latin-1", "xmlcharrefreplace").replace(b"<head>", b"<head><meta charset=latin-1>")
    response = HtmlResponse(
        "https://example.com/a", body=body, headers={"Date": "Wed, 26 Nov 2026 10:00:00 GMT"}
    )
    (record,) = namespace["parse_article"](None, response)
    assert record == extract_article(body, url="https://example.com/a", headers=response.headers).to_dict()
    assert record["headline"] == "Ein Titel" and "Brücke" in record["articleBody"]
    assert record["metadata"]["dateDownloaded"] == "2026-11-26T10:00:00+00:00"


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    code = readme.read_text("utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    exec(code, {"html_bytes": PAGE.encode()})
    out = capsys.readouterr().out
    assert out.startswith("Ein Titel [] Die Stadt hat am Montag")
    assert "<p>Die Stadt" in out
    assert "metadata  choose h1                 [headline] 'Ein Titel'" in out
    assert "reading   keep   " in out


def test_word_count_counts_cjk_characters() -> None:
    page = "<html><body><article>" + "<p>朝鮮通信社は発表した。 Korean Central News Agency</p>" * 3
    article = extract_article(page + "</article></body></html>")
    # 10 ideographs/kana (the full stop is not a word) + 4 Latin words, three times
    assert article.wordCount == 3 * (10 + 4)


def test_schema_rejects_bad_records() -> None:
    record = Article(url="https://example.com/a", articleBody="text").to_dict()
    validate_record(record)
    bad = dict(record, wordCount=-1, surprise=True, datePublished="yesterday")
    errors = validation_errors(bad)
    assert any("wordCount" in e for e in errors)
    assert any("surprise" in e for e in errors)
    assert any("datePublished" in e for e in errors)
    with pytest.raises(RecordValidationError):
        validate_record(bad)


def test_nested_values_serialise_as_objects() -> None:
    article = Article(
        authors=[Author(name="Ana Díaz")],
        images=[Image(url="https://example.com/i.jpg", caption="A bridge", credit="AP")],
    )
    record = article.to_dict()
    assert record["authors"] == [{"name": "Ana Díaz", "url": None, "type": None}]
    assert record["images"] == [{"url": "https://example.com/i.jpg", "caption": "A bridge", "credit": "AP"}]
    assert validation_errors(record) == []


def test_type_checkers_see_the_explain_trace_and_any_headers() -> None:
    # `extract_article(..., explain=True).explain` (README's example) was "Article has no attribute
    # explain" under mypy; Scrapy's `response.headers` (bytes to lists of bytes) did not type-check
    import typing

    from newsscraper.extraction import api
    from newsscraper.items import ExplainedArticle

    hints = [typing.get_type_hints(f, vars(api)) for f in typing.get_overloads(api.extract_article)]
    assert {(h["explain"], h["return"]) for h in hints} == {
        (typing.Literal[True], ExplainedArticle),
        (bool, Article),
    }
    assert typing.get_type_hints(api.extract_article, vars(api))["headers"] == api.Headers | None
    explained = extract_article(PAGE, explain=True)
    assert isinstance(explained, ExplainedArticle) and explained.explain


def test_str_read_with_surrogateescape_keeps_its_text() -> None:
    """A page read as ``open(path, errors="surrogateescape")`` (the idiom for bytes of unknown
    encoding) carries its non-UTF-8 bytes as lone surrogates: libxml2 stopped at the first one,
    so a Latin-1 page lost everything after its first accented letter."""
    latin1 = PAGE.replace("<html lang='de'>", "<html lang='de'><meta charset=iso-8859-1>").encode("latin-1")
    escaped = latin1.decode("utf-8", "surrogateescape")
    assert "\udcfc" in escaped  # the ü of "Brücke", escaped
    article = extract_article(escaped, url="https://example.com/a")
    assert article.articleBody == extract_article(latin1, url="https://example.com/a").articleBody
    assert article.articleBody.count("Brücke über den Fluss") == 4


def test_str_with_lone_surrogates_keeps_the_text_after_them() -> None:
    """A lone surrogate that no byte stands for (half of an emoji's UTF-16 pair, from JSON) is
    dropped as damage; the text after it is kept, and a pair split over two code points is joined."""
    page = PAGE.replace("neu zu bauen", "neu \ud83d zu \ud83d\ude00 bauen")
    article = extract_article(page, url="https://example.com/a")
    assert article.articleBody.count("Brücke über den Fluss neu zu \N{GRINNING FACE} bauen.") == 4
    assert "\ud83d" not in article.articleBody
