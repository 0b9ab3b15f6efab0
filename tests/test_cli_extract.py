"""``newsscraper extract``: saved pages in, one valid JSON line per page out."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsscraper import cli
from newsscraper.cli import main
from newsscraper.schema import validation_errors

PAGE = (
    "<html><head><title>Zürich baut eine Brücke</title></head><body><article><h1>Zürich baut eine Brücke</h1>"
    + "<p>Die Stadt Zürich hat beschlossen, die alte Brücke über die Limmat neu zu bauen.</p>" * 4
    + "</article></body></html>"
)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_folder_of_html_and_gz_to_jsonl(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.html").write_text(PAGE, "utf-8")
    (pages / "sub" / "b.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (pages / "notes.txt").write_text("not a page", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    records = _lines(out)
    assert len(records) == 2
    assert all(validation_errors(r) == [] for r in records)
    assert all("Limmat" in str(r["articleBody"]) for r in records)
    # UTF-8, not ASCII-escaped
    assert "Zürich" in out.read_text("utf-8")


def test_a_file_named_twice_gives_one_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a folder and a page in it, a page and ./page, a link to it: each gave the record again
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(PAGE, "utf-8")
    (pages / "b.html").write_text(PAGE.replace("Limmat", "Sihl"), "utf-8")  # the same story elsewhere: kept
    (tmp_path / "link.html").symlink_to(pages / "a.html")
    out = tmp_path / "out.jsonl"
    inputs = [pages, pages / "a.html", tmp_path / "pages" / ".." / "pages" / "a.html", tmp_path / "link.html"]
    assert main(["extract", *map(str, inputs), "-o", str(out)]) == 0
    assert [Path(str(r["url"])).name for r in _lines(out)] == ["a.html", "b.html"]
    err = capsys.readouterr().err
    assert f"3 inputs name files given before (e.g. {pages / 'a.html'}): each file is read once" in err


def test_url_option_sets_the_record_url(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(page), "--url", "https://example.com/zurich", "-o", str(out)]) == 0
    assert _lines(out)[0]["url"] == "https://example.com/zurich"


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "nope.html")]) == 2


def test_a_url_is_no_file_and_fetch_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    # as `trafilatura -u URL` takes: it was "no such file: https:/example.com/a.html", the URL
    # folded by Path and the way to get the page unsaid
    assert main(["extract", "https://example.com/a.html"]) == 2
    err = capsys.readouterr().err
    assert "https://example.com/a.html is a URL, not a file" in err
    assert "newsscraper fetch https://example.com/a.html -o OUT.jsonl" in err


def test_console_script_writes_to_stdout(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "extract", str(page)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    assert len(done.stdout.splitlines()) == 1
    assert json.loads(done.stdout)["headline"]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "extract", *args],
        input=stdin, capture_output=True, timeout=60,
    )  # fmt: skip


def test_dash_reads_one_page_from_stdin() -> None:
    # as `trafilatura < page.html` / `curl URL | newsscraper extract -`: no file URI to give it
    done = _run("-", stdin=PAGE.encode())
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert "Limmat" in record["articleBody"] and record["url"] is None
    assert validation_errors(record) == []
    done = _run("-", "--url", "https://example.com/zurich", stdin=gzip.compress(PAGE.encode()))
    assert json.loads(done.stdout)["url"] == "https://example.com/zurich"


def test_a_pipe_given_as_a_path_is_read_not_called_missing() -> None:
    # /dev/stdin on a pipe exists but is not a regular file: it was "no such file: /dev/stdin"
    done = _run("/dev/stdin", stdin=PAGE.encode())
    assert done.returncode == 0, done.stderr
    assert "Limmat" in json.loads(done.stdout)["articleBody"]


def test_gzip_is_known_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    # a page saved still gzip-encoded under .html, and a .html.gz that is plain HTML: both read
    (tmp_path / "encoded.html").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "plain.html.gz").write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert [("Limmat" in str(r["articleBody"])) for r in _lines(out)] == [True, True]


def test_broken_gzip_is_said_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cut = gzip.compress(bytes(range(256)) * 64)
    (tmp_path / "cut.html.gz").write_bytes(cut[: len(cut) // 2])
    assert main(["extract", str(tmp_path / "cut.html.gz")]) == 1
    err = capsys.readouterr().err
    assert "cut.html.gz: gzip data cut short (the file ends inside its gzip stream), no record written" in err
    # gzip's own words ("CRC check failed 0x...", "Unknown compression method") named neither gzip
    # nor the outcome
    whole = gzip.compress(PAGE.encode())
    (tmp_path / "crc.html.gz").write_bytes(whole[:-8] + bytes([whole[-8] ^ 0xFF]) + whole[-7:])
    (tmp_path / "method.html.gz").write_bytes(b"\x1f\x8b\x09" + whole[3:])
    for name, reason in (("crc", "CRC check failed"), ("method", "Unknown compression method")):
        assert main(["extract", str(tmp_path / f"{name}.html.gz")]) == 1
        err = capsys.readouterr().err
        assert f"{name}.html.gz: gzip data corrupt ({reason}" in err
        assert err.endswith("), no record written\n")


def test_corrupt_gzip_data_is_said_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a sound gzip header over broken deflate data raised zlib.error out of the command (a traceback)
    (tmp_path / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03broken deflate")
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path / "corrupt.html.gz")]) == 1
    err = capsys.readouterr().err
    assert "corrupt.html.gz: gzip data corrupt (Error -3 while decompressing data" in err
    assert err.endswith("), no record written\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0  # the folder's other page is written
    assert len(_lines(out)) == 1


def test_an_empty_page_is_said_and_gives_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # an empty file wrote a record of nulls and exited 0, silently: it read as an extracted article
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "empty.html"), str(tmp_path / "blank.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "empty.html: empty (no bytes, or only whitespace), no record written" in err
    assert "blank.txt: empty" in err
    assert not out.exists()  # no record: no file made (it was an empty one)
    # beside a page, the page is written and the run succeeds
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert len(_lines(out)) == 1


@pytest.mark.parametrize("name", ["out.jsonl", "out.json", "out.csv", "out.html", "out.jsonl.gz"])
def test_a_run_that_writes_no_record_leaves_the_output_as_it_was(tmp_path: Path, name: str) -> None:
    # `extract -o` opened (so emptied) the file before reading a page: a scheduled run whose pages
    # were all empty or not HTML (exit 1) replaced the last good output with nothing, or `[]`
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "pic.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / name
    out.write_bytes(b"the last good run's records\n")
    assert main(["extract", str(tmp_path / "empty.html"), str(tmp_path / "pic.html"), "-o", str(out)]) == 1
    assert out.read_bytes() == b"the last good run's records\n"
    # a record written replaces it, as before
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path / "a.html"), str(tmp_path / "empty.html"), "-o", str(out)]) == 0
    assert b"Limmat" in (gzip.decompress(out.read_bytes()) if name.endswith(".gz") else out.read_bytes())


def test_an_output_that_cannot_be_opened_at_the_first_record_is_not_an_input_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # opened at the first record, inside the loop over the inputs: its OSError must not be said
    # as the page's ("a.html: [Errno 13] ...", exit 1) but as the output's, misuse as before
    def refuse(path: Path | None) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli, "_open_output", refuse)
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path / "a.html"), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert capsys.readouterr().err == f"newsscraper: -o {tmp_path / 'out.jsonl'}: Permission denied\n"


def test_a_page_without_an_element_is_said_and_gives_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a file of only a comment or a doctype (libxml2 builds no document: warning unparsable)
    # wrote a record of nulls and exited 0, silently, as an empty file did
    (tmp_path / "comment.html").write_bytes(b"<!-- saved by a mirror -->\n")
    (tmp_path / "doctype.html").write_bytes(b"<!DOCTYPE html>\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "comment.html: no HTML element in it" in err
    assert "doctype.html: no HTML element in it" in err
    assert "(warning unparsable)" in err
    assert not out.exists()  # no record: no file made (it was an empty one)
    # beside a page, the page is written and the run succeeds
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert len(_lines(out)) == 1


def test_output_onto_an_input_page_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `extract a.html -o a.html` emptied a.html (opened for writing) before reading it
    page = tmp_path / "a.html"
    page.write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "." / "a.html")]) == 2
    assert "is the input page" in capsys.readouterr().err
    assert page.read_text("utf-8") == PAGE


def test_url_must_be_absolute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `--url example.com/a` was the record's url as given, and the page's relative image and
    # canonical URLs resolved against it to nothing (only http(s) ones are kept)
    page = tmp_path / "a.html"
    page.write_text(PAGE, "utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(page), "--url", "example.com/zurich"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "not an absolute URL: 'example.com/zurich' (e.g. https://example.com/zurich)" in err
    # a host and port (`localhost:8080/a`) parses as a scheme and a path: it got no hint
    with pytest.raises(SystemExit):
        main(["extract", str(page), "--url", "localhost:8080/zurich"])
    err = capsys.readouterr().err
    assert "not an absolute URL: 'localhost:8080/zurich' (e.g. https://localhost:8080/zurich)" in err
    # a path names no host: it was given the hint `https:///zurich`, no URL either
    with pytest.raises(SystemExit):
        main(["extract", str(page), "--url", "/zurich"])
    err = capsys.readouterr().err
    assert "not an absolute URL: '/zurich'\n" in err


def test_a_gzip_bomb_is_read_only_as_far_as_extraction_parses(tmp_path: Path) -> None:
    # 40 KB that inflate to 40 MiB were inflated whole (gzip.decompress) before extract_article
    # kept its first 10 MiB: a 3 MB bomb took gigabytes
    from collections import Counter

    from newsscraper.cli import READ_LIMIT, _documents
    from newsscraper.extraction.html import MAX_BYTES

    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body><p>" + b"a" * (4 * MAX_BYTES), compresslevel=9))
    assert bomb.stat().st_size < 100_000
    [doc] = _documents(bomb, Counter())
    assert len(doc.body) == READ_LIMIT == MAX_BYTES + 1
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(bomb), "-o", str(out)]) == 0
    assert _lines(out)[0]["metadata"]["warnings"] == ["input-truncated"]  # type: ignore[index]


def test_a_truncated_page_is_said_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a page over MAX_BYTES was flagged only inside its record: on the terminal its cut body read
    # as the whole page
    from newsscraper.extraction.html import MAX_BYTES

    big = tmp_path / "big.html"
    # paragraphs long enough to stay under MAX_ELEMENTS in 10 MiB (too-many-elements is its own test)
    paragraph = "<p>Noch ein Satz über die Brücke, und noch einer über den Fluss.</p>"
    big.write_text(PAGE.replace("</article>", paragraph * (MAX_BYTES // 60)))
    small = tmp_path / "small.html"
    small.write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(big), str(small), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{big}: longer than 10 MiB: only its first 10 MiB were extracted (warning input-truncated" in err
    assert "small.html" not in err
    assert [r["metadata"]["warnings"] for r in _lines(out)] == [["input-truncated"], []]  # type: ignore[index]


def test_a_page_cut_by_depth_or_read_bare_is_said_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a page whose text lay below libxml2's 256 levels was said only as "no article body found
    # (not an article page...)", and a tag read without its attributes not at all
    deep = tmp_path / "deep.html"
    nested = "<div>" * 300 + "<p>Der Text liegt sehr tief in der Seite.</p>" + "</div>" * 300
    deep.write_text(PAGE.replace("</article>", "</article>" + nested), "utf-8")
    bare = tmp_path / "bare.html"
    attributes = " ".join(f"data-a{i}=1" for i in range(1_200))
    bare.write_text(PAGE.replace("<article>", f"<article {attributes}>"), "utf-8")
    small = tmp_path / "small.html"
    small.write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(deep), str(bare), str(small), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{deep}: elements nested deeper than 256 levels were left out, with their text" in err
    assert f"{bare}: a tag of more than 1,000 attributes was read without them (warning too-many-" in err
    assert "small.html" not in err
    warnings = [r["metadata"]["warnings"] for r in _lines(out)]  # type: ignore[index]
    assert "nesting-too-deep" in warnings[0] and "too-many-attributes" in warnings[1] and warnings[2] == []


def test_folder_gives_pages_of_any_name_that_sniff_as_html(tmp_path: Path) -> None:
    """A mirror keeps pages under their server's names (``.shtml``, ``.php``, none): in a folder they
    are read when their first bytes announce HTML, and other files are passed over."""
    pages = tmp_path / "mirror"
    pages.mkdir()
    (pages / "story.shtml").write_text("\n  " + PAGE, "utf-8")
    (pages / "index.php").write_bytes(b"\xef\xbb\xbf" + PAGE.encode())
    (pages / "style.css").write_text("body { color: red }", "utf-8")
    (pages / "app.js").write_text("document.write('<p>x</p>')", "utf-8")
    (pages / "notes.txt").write_text("<html><body><p>a text scrape</p></body></html>", "utf-8")
    (pages / "htmlish").write_text("<htmlfoo>not a tag the standard knows</htmlfoo>", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(pages), "-o", str(out)]) == 0
    records = _lines(out)
    assert sorted(str(r["url"]).rsplit("/", 1)[-1] for r in records) == ["index.php", "story.shtml"]
    assert all("Limmat" in str(r["articleBody"]) for r in records)


FRONT_PAGE = (  # a menu and a footer: no article text at all
    "<html><head><title>Stadtanzeiger</title></head><body><nav>"
    + "".join(f'<a href="/n/{i}">Meldung {i}</a>' for i in range(8))
    + "</nav><footer>Alle Rechte vorbehalten.</footer></body></html>"
)


def test_records_without_a_body_are_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a front page gave a record of its headline alone (`--format txt`: one line), nothing said
    (tmp_path / "front.html").write_text(FRONT_PAGE, "utf-8")
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "front.html"), str(tmp_path / "a.html"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{tmp_path / 'front.html'}: no article body found (not an article page" in err
    assert "a.html" not in err
    assert [r["articleBody"] == "" for r in _lines(out)] == [True, False]
    (tmp_path / "front2.html").write_text(FRONT_PAGE, "utf-8")
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert "2 of 3 records have no article body" in capsys.readouterr().err
