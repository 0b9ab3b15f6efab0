"""The bundled demo site (``newsscraper crawl --demo``) shows a scheduled crawl as docs/scheduling.md
describes it: run twice with ``--state``, the second run emits nothing and skips the unchanged
articles instead of downloading them again (docs/crawling.md, "The demo site")."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from newsscraper.demo import demo_server
from newsscraper.demo.site import article_path, load_stories
from newsscraper.state.demo import VersionedSiteServer


def _crawl(origin: str, workdir: Path, state: Path, *extra: str) -> dict[str, Any]:
    workdir.mkdir()
    out, report = workdir / "out.jsonl", workdir / "report.json"
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "crawl", origin + "/", "-o", str(out),
         "--report", str(report), "--state", str(state), "--allow-network", "127.0.0.1/32",
         "--log-level", "ERROR", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CLOSESPIDER_TIMEOUT=60", *extra],
        stderr=subprocess.PIPE, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    result["stderr"] = run.stderr
    result["records"] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return result


def test_demo_second_stateful_run_skips_unchanged_articles(tmp_path: Path) -> None:
    stories = load_stories()
    with demo_server() as server:
        assert isinstance(server, VersionedSiteServer)
        first = _crawl(server.origin, tmp_path / "one", tmp_path / "state")
        sent_first = len(server.bodies_sent)  # article pages answered in full
        second = _crawl(server.origin, tmp_path / "two", tmp_path / "state")
        sent_second = server.bodies_sent[sent_first:]
    assert sent_first >= len(stories)
    assert len(first["records"]) == len(stories)
    assert first["incremental"]["new"] == len(stories)
    assert second["records"] == []
    assert second["incremental"].get("new", 0) == second["incremental"].get("changed", 0) == 0
    # Every article is known and listed with an older <lastmod>: none is downloaded again.
    assert second["incremental"]["skipped-lastmod"] == len(stories)
    assert sent_second == []
    assert second["pages_fetched"] < first["pages_fetched"]
    # said, not only counted in the report: "0 articles written" alone read as a broken crawl
    n = len(stories)
    said = f"{n} known articles not written again: unchanged since the last run ({n} skipped-lastmod)"
    assert said in second["stderr"]
    assert "known article" not in first["stderr"]


def test_full_run_does_not_say_it_left_out_the_articles_it_wrote(tmp_path: Path) -> None:
    """Under ``--full`` the unchanged articles are written again: stderr said "6 known articles not
    written again ... (6 unchanged); --full writes them again" above "6 articles written"."""
    stories = load_stories()
    with demo_server() as server:
        _crawl(server.origin, tmp_path / "one", tmp_path / "state")
        full = _crawl(server.origin, tmp_path / "two", tmp_path / "state", "--full")
    assert len(full["records"]) == len(stories)
    assert full["incremental"]["unchanged"] == len(stories)
    assert {r["metadata"]["change"] for r in full["records"]} == {"unchanged"}
    assert "not written again" not in full["stderr"], full["stderr"]
    assert f"{len(stories)} articles written" in full["stderr"]


def test_demo_answers_conditional_requests_with_304() -> None:
    path = article_path(load_stories()[0])
    with demo_server() as server:
        with urllib.request.urlopen(server.url(path), timeout=10) as response:
            etag = response.headers["ETag"]
            assert etag and response.headers["Last-Modified"]
        request = urllib.request.Request(server.url(path), headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request, timeout=10)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
    assert status == 304
