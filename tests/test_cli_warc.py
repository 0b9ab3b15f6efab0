"""``newsscraper extract`` reads WARC files (warcio): one record per HTML response, with the
record's target URI and date; other responses are counted on stderr, never merged into a record."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsscraper.cli import main
from newsscraper.schema import validation_errors

TOPICS = ("bridge", "harbour", "library")


def _page(topic: str) -> bytes:
    para = (
        f"<p>The council voted on Tuesday to rebuild the old {topic}, after years of debate in the city.</p>"
    )
    return (f"<html><head><title>City rebuilds the {topic}</title></head><body><article>"
            f"<h1>City rebuilds the {topic}</h1>{para * 5}</article></body></html>").encode()  # fmt: skip


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK",
              date: str = "2024-03-12T14:32:00Z") -> None:  # fmt: skip
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )  # fmt: skip  (a length: without one warcio buffers the payload in a temporary file)
    writer.write_record(record)


def _warc(gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("pages.warc", {"software": "test"}))
    for i, topic in enumerate(TOPICS):
        _response(writer, f"https://news.test/{topic}", _page(topic), "text/html; charset=utf-8",
                  date=f"2024-03-1{i}T08:00:00Z")  # fmt: skip
    _response(writer, "https://news.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    _response(writer, "https://news.test/old", b"", "text/html", status="301 Moved Permanently")
    return buf.getvalue()


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_three_page_warc_gives_three_records(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(_warc(gz=name.endswith(".gz")))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["url"] for r in records] == [f"https://news.test/{t}" for t in TOPICS]
    assert [r["metadata"]["dateDownloaded"] for r in records] == [
        f"2024-03-1{i}T08:00:00+00:00" for i in range(3)
    ]
    for record, topic in zip(records, TOPICS, strict=True):
        assert record["headline"] == f"City rebuilds the {topic}"
        assert "WARC" not in record["articleBody"] and validation_errors(record) == []
    err = capsys.readouterr().err
    assert "not HTML pages, skipped: 1 not-html, 1 status-3xx" in err


def test_url_given_with_a_warc_is_said_to_be_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --url was silently ignored for a WARC (each record carries its own target URI)
    path = tmp_path / "pages.warc"
    path.write_bytes(_warc(gz=False))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "--url", "https://other.test/a", "-o", str(out)]) == 0
    assert [json.loads(x)["url"] for x in out.read_text("utf-8").splitlines()] == [
        f"https://news.test/{t}" for t in TOPICS
    ]
    err = capsys.readouterr().err
    assert err.count("--url https://other.test/a is not used for WARC records") == 1


def test_a_warc_gzipped_whole_under_its_own_name_gives_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `gzip pages.warc` makes one gzip member: warcio refused it after the first record, in a
    # 12-line message ("non-chunked gzip file detected"), and the other pages were lost
    path = tmp_path / "pages.warc.gz"
    path.write_bytes(gzip.compress(_warc(gz=False), mtime=0))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        f"https://news.test/{t}" for t in TOPICS
    ]
    assert "non-chunked" not in capsys.readouterr().err


def test_warc_found_in_a_folder_and_under_another_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "crawl.warc.gz").write_bytes(_warc(gz=True))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(_warc(gz=False)))  # a WARC, misnamed
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "a"), str(tmp_path / "b.html.gz"), "-o", str(out)]) == 0
    assert len(out.read_text("utf-8").splitlines()) == 6


def test_non_html_input_is_warned_about_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scan.html").write_bytes(b"%PDF-1.7\n" + bytes(200))
    (tmp_path / "ok.html").write_bytes(_page("bridge"))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == 0
    assert len(out.read_text("utf-8").splitlines()) == 1
    assert "scan.html: not an HTML page (pdf), no record written" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "scan.html"), "-o", str(out)]) == 1  # nothing to write


def test_truncated_warc_is_an_error_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(_warc(gz=True)[:300])
    assert main(["extract", str(path), "-o", str(tmp_path / "out.jsonl")]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_a_warc_cut_anywhere_gives_its_whole_pages_or_a_known_error(gz: bool) -> None:
    # a download stopped at any byte: inside a header block warcio met a response without a
    # target URI and raised AttributeError (a traceback under `extract`)
    from collections import Counter

    from newsscraper.warcinput import ArchiveLoadFailed, warc_pages

    data = _warc(gz=gz)
    step = 1 if gz else 3  # the plain WARC is longer; every third byte still cuts each header line
    for cut in range(0, len(data), step):
        try:
            pages = list(warc_pages(io.BytesIO(data[:cut]), Counter()))
        except (OSError, EOFError, ArchiveLoadFailed):
            continue
        assert all(page.url.startswith("https://news.test/") for page in pages), cut
        # whole: a plain WARC cut inside a payload gave the page's first bytes as a page
        assert all(page.body == _page(page.url.rsplit("/", 1)[1]) for page in pages), cut


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_a_warc_cut_anywhere_after_its_first_record_loses_no_page_unsaid(gz: bool) -> None:
    # warcio reads a record cut inside its header block as the end of the file (or yields a record
    # without Content-Length or HTTP status): the pages from the cut on were lost, exit status 0,
    # on a quarter of the cuts of a gzipped WARC and more of a plain one
    from collections import Counter

    from warcio.archiveiterator import ArchiveIterator

    from newsscraper.warcinput import ArchiveLoadFailed, warc_pages

    data = _warc(gz=gz)
    archive = ArchiveIterator(io.BytesIO(data))
    starts = [(archive.get_record_offset(), r.rec_headers.get_header("WARC-Target-URI")) for r in archive]
    pages = [(offset, url) for offset, url in starts if url and url.startswith("https://news.test/")]
    pages = [(offset, url) for offset, url in pages if not url.endswith(("logo.png", "/old"))]
    step = 1 if gz else 3
    for cut in range(starts[1][0] + 1, len(data), step):  # from inside the first response on
        try:
            got = [page.url for page in warc_pages(io.BytesIO(data[:cut]), Counter())]
        except (OSError, EOFError, ArchiveLoadFailed):
            continue  # said: "newsscraper: FILE: ..." after the pages before the cut
        assert got == [url for offset, url in pages if offset < cut], cut


def test_a_warc_cut_inside_a_later_header_block_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = _warc(gz=False)
    third = whole.index(b"WARC/1.0", whole.index(b"https://news.test/harbour"))  # the library's record
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: third + 200])  # inside its WARC headers, past the target URI
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    said = (
        "cut.warc: WARC record cut short inside its header block: the record after https://news.test/harbour"
    )
    assert said in err
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        "https://news.test/bridge", "https://news.test/harbour"
    ]  # fmt: skip


def test_a_warc_cut_inside_a_page_says_so_and_writes_the_pages_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = _warc(gz=False)
    last = whole.index(b"<h1>City rebuilds the library")  # inside the third page's payload
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[:last])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "cut.warc: WARC record cut short: https://news.test/library, " in err
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        "https://news.test/bridge", "https://news.test/harbour"
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["cut.html.gz", "-"])
def test_a_gzipped_warc_under_another_name_cut_short_gives_the_pages_before(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # not named .warc.gz (stdin, a misnamed file), a gzipped WARC was gunzipped by GzipFile, whose
    # EOFError at the cut warcio read as the end of the file: no page at all, "the WARC held no pages"
    from warcio.archiveiterator import ArchiveIterator

    whole = _warc(gz=True)
    archive = ArchiveIterator(io.BytesIO(whole))
    offsets = {r.rec_headers.get_header("WARC-Target-URI"): archive.get_record_offset() for r in archive}
    cut = whole[: offsets["https://news.test/library"] + 100]  # inside the third page's record
    if name == "-":
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(cut)))
    else:
        (tmp_path / name).write_bytes(cut)
    out = tmp_path / "out.jsonl"
    assert main(["extract", name if name == "-" else str(tmp_path / name), "-o", str(out)]) == 0
    assert "WARC record cut short" in capsys.readouterr().err
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        "https://news.test/bridge", "https://news.test/harbour"
    ]  # fmt: skip


def test_a_warc_gzipped_whole_cut_between_records_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a WARC gzipped whole (one gzip member), cut where its data ends between two records: the
    # records read are whole, but the file is cut, and the pages after the cut were lost unsaid
    import zlib

    plain = _warc(gz=False)
    end = plain.index(b"WARC/1.0", plain.index(b"https://news.test/harbour"))  # the library's record
    packer = zlib.compressobj(wbits=31)  # a gzip member
    cut = packer.compress(plain[:end]) + packer.flush(zlib.Z_FULL_FLUSH)  # decodes to plain[:end]
    path = tmp_path / "pages.html.gz"
    path.write_bytes(cut)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0
    assert "pages.html.gz: gzip data cut short after the last whole WARC record" in capsys.readouterr().err
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        "https://news.test/bridge", "https://news.test/harbour"
    ]  # fmt: skip


def test_a_warc_cut_inside_a_header_block_is_an_error_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = _warc(gz=False)
    second = whole.index(b"WARC-Type: response", whole.index(b"WARC-Type: response") + 1)
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: second + len(b"WARC-Type: response\r\n")])  # cut before its target URI
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out)]) == 0  # the first page was whole
    err = capsys.readouterr().err
    assert "Traceback" not in err and "malformed or truncated WARC record" in err
    assert [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] == [
        f"https://news.test/{TOPICS[0]}"
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bad.warc", b"WARC/1.0\r\nbroken\r\n"),  # a header line, then no record
        ("empty.warc", b""),
        ("empty.warc.gz", gzip.compress(b"", mtime=0)),
    ],
    ids=["broken", "empty", "empty-gz"],
)
def test_warc_without_pages_exits_1_and_says_so(
    name: str, data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # README: extract exits 1 when its input gave no record, "a WARC without pages" among them
    (tmp_path / name).write_bytes(data)
    assert main(["extract", str(tmp_path / name)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"newsscraper: {tmp_path / name}: the WARC held no pages " \
        "(no response or resource record of a web page: empty, cut short or unreadable)\n"  # fmt: skip


def test_warc_of_requests_only_has_no_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    writer.write_record(writer.create_warcinfo_record("pages.warc", {"software": "test"}))
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.test")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.test/", "request", http_headers=headers))
    (tmp_path / "requests.warc").write_bytes(buf.getvalue())
    assert main(["extract", str(tmp_path / "requests.warc")]) == 1
    assert "requests.warc: the WARC held no pages" in capsys.readouterr().err


def test_empty_warc_beside_a_page_is_reported_and_the_page_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "ok.html").write_bytes(_page("bridge"))
    assert main(["extract", str(tmp_path)]) == 0  # a record was written
    out, err = capsys.readouterr()
    assert json.loads(out)["headline"] == "City rebuilds the bridge"
    assert "empty.warc: the WARC held no pages" in err


def test_a_warc_response_is_read_only_as_far_as_extraction_parses() -> None:
    # a gzip-encoded response of 40 KB that inflates to 40 MiB was inflated whole
    # (content_stream().read()) before extract_article kept its first 10 MiB
    from collections import Counter

    from newsscraper.extraction.html import MAX_BYTES
    from newsscraper.warcinput import warc_pages

    bomb = gzip.compress(b"<html><body><p>" + b"a" * (4 * MAX_BYTES), compresslevel=9)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        "https://news.test/bomb", "response", payload=io.BytesIO(bomb), length=len(bomb),
        http_headers=headers,
    )  # fmt: skip
    writer.write_record(record)
    [page] = warc_pages(io.BytesIO(buf.getvalue()), Counter())
    assert len(page.body) == MAX_BYTES + 1 and page.body.startswith(b"<html><body><p>aaa")


def test_a_page_kept_as_a_resource_record_is_read_and_other_resources_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ISO 28500 6.5: a page kept without its HTTP exchange (Webrecorder, warcit) is a resource
    # record whose own Content-Type is the page's; such pages were passed over without a word
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def resource(url: str, body: bytes, ctype: str) -> None:
        writer.write_record(
            writer.create_warc_record(
                url,
                "resource",
                payload=io.BytesIO(body),
                length=len(body),
                warc_content_type=ctype,
                warc_headers_dict={"WARC-Date": "2024-03-12T14:32:00Z"},
            )
        )

    resource("https://news.test/harbour", _page("harbour"), "text/html; charset=utf-8")
    resource("https://news.test/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    resource("metadata://gnu.org/software/wget/warc/wget.log", b"wget log", "text/plain")
    (tmp_path / "kept.warc.gz").write_bytes(buf.getvalue())
    assert main(["extract", str(tmp_path / "kept.warc.gz")]) == 0
    out, err = capsys.readouterr()
    record = json.loads(out)
    assert (record["url"], record["headline"]) == ("https://news.test/harbour", "City rebuilds the harbour")
    assert record["metadata"]["dateDownloaded"] == "2024-03-12T14:32:00+00:00"
    assert "skipped: 1 not-html" in err and "metadata" not in err
