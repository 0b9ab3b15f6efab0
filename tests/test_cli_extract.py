"""``newsscraper extract``: saved pages in, one valid JSON line per page out."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

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


def test_url_option_sets_the_record_url(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(page), "--url", "https://example.com/zurich", "-o", str(out)]) == 0
    assert _lines(out)[0]["url"] == "https://example.com/zurich"


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "nope.html")]) == 2


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
