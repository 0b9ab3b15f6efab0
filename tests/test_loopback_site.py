"""The ~100-page loopback site of ``docs/cli.md`` (``bench/loopback_site.py``): the page and article
counts the doc states, and copies distinct enough that the crawl's body de-duplication keeps each;
what stops the server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.loopback_site import stories
from newsscraper.demo import build_site, load_stories
from newsscraper.demo.site import article_body, article_path

ROOT = Path(__file__).resolve().parent.parent


def test_site_of_the_documented_session() -> None:
    copies = stories(12)
    assert len(copies) == 12 * len(load_stories()) == 72
    assert len(build_site(copies)) == 116  # docs/cli.md: "72 articles, 116 pages"
    assert len({article_path(s) for s in copies}) == 72
    assert len({article_body(s) for s in copies}) == 72  # duplicate/body would drop equal bodies
    assert len({s["title"] for s in copies}) == 72


def _serve(*args: str, stdin: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.loopback_site", "--copies", "1", *args],
        stdin=stdin, capture_output=True, text=True, timeout=30, cwd=ROOT,
    )  # fmt: skip


def test_input_on_stdin_stops_the_server_and_an_endless_stdin_does_not_fill_memory() -> None:
    # it read stdin to its end (sys.stdin.read()): a pipe that stays open with input in it never
    # stopped it, and an endless stdin (`yes |`, `< /dev/zero`) filled memory as it read
    reader, writer = os.pipe()
    os.write(writer, b"\n")  # Enter; the pipe stays open
    try:
        done = _serve(stdin=reader)
    finally:
        os.close(writer)
        os.close(reader)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("http://127.0.0.1:") and "stopped: input on stdin" in done.stderr
    with open("/dev/zero", "rb") as zeros:
        assert "stopped: input on stdin" in _serve(stdin=zeros).stderr
    assert "stopped: end of stdin" in _serve(stdin=subprocess.DEVNULL).stderr


def test_seconds_serves_that_long_without_reading_stdin() -> None:
    # in the background a shell gives it /dev/null: `--seconds` keeps it up all the same
    done = _serve("--seconds", "0.2", stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "stopped: served 0.2 s (--seconds)" in done.stderr
