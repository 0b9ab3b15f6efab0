"""A scheduled crawl on a full disk (a file size limit, ``ulimit -f``): the run says so by its exit
status, and the next run, with room again, completes the work with no article written twice."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections import Counter
from pathlib import Path

from newsscraper.state.demo import VersionedSiteServer, build_versioned_site, make_stories

STORIES = make_stories(30, seed=5)


def _crawl(origin: str, tmp_path: Path, name: str, limit: int | None) -> subprocess.CompletedProcess[str]:
    def cap() -> None:  # in the child: files past `limit` bytes fail with EFBIG (Python ignores SIGXFSZ)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "crawl", origin + "/",
         "-o", str(tmp_path / f"{name}.jsonl"),
         "--state", str(tmp_path / "state"), "--allow-network", "127.0.0.1/32", "--log-level", "CRITICAL",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=90"],
        stderr=subprocess.PIPE, text=True, timeout=150, preexec_fn=cap,
    )  # fmt: skip


def test_full_disk_exits_4_and_next_run_completes_without_duplicates(tmp_path: Path) -> None:
    with VersionedSiteServer(build_versioned_site(STORIES)) as server:
        full = _crawl(server.origin, tmp_path, "one", 120 * 1024)
        again = _crawl(server.origin, tmp_path, "two", None)
    # It exited 0 ("15 articles written") with half the records missing.
    assert full.returncode == 4, full.stderr[-2000:]
    assert "could not be written to the output" in full.stderr
    assert again.returncode == 0, again.stderr[-2000:]
    urls: Counter[str] = Counter()
    for name in ("one", "two"):
        path = tmp_path / f"{name}.jsonl"
        if path.exists():
            urls.update(json.loads(line)["url"] for line in path.read_text().splitlines())
    assert len(urls) == len(STORIES)  # none lost
    # Publishing after the store failed to sync put records out whose decisions were not on
    # disk: the next run wrote them again (4 of 30).
    assert max(urls.values()) == 1
