"""Shared fixtures: the mock news sites (``tests/mockserver.py``, a subprocess on loopback) and a
helper that runs ``newsscraper crawl`` in a subprocess, bounded in time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
# The crawl tests start subprocesses in temporary folders: a relative PYTHONPATH entry (``.``, to
# test a worktree's code) would point them elsewhere and silently test the installed copy.
if os.environ.get("PYTHONPATH"):
    os.environ["PYTHONPATH"] = os.pathsep.join(
        str(Path(entry).resolve()) if entry else entry for entry in os.environ["PYTHONPATH"].split(os.pathsep)
    )
CRAWL_TIMEOUT = 90  # s; every crawl also carries CLOSESPIDER_TIMEOUT / CLOSESPIDER_PAGECOUNT
# Fast, bounded crawls of loopback servers: politeness delays would only slow the tests.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "CLOSESPIDER_PAGECOUNT=400", "-s", "DOWNLOAD_TIMEOUT=10"]  # fmt: skip


@dataclass
class MockSites:
    """Origins of the mock servers and their shared request log."""

    origins: dict[str, str]
    log: Path

    def hits(self, server: str, ua: str | None = None) -> list[str]:
        """Paths requested from ``server`` (by clients whose User-Agent contains ``ua``)."""
        out = []
        for line in self.log.read_text("utf-8").splitlines():
            hit = json.loads(line)
            if hit["server"] == server and (ua is None or ua in hit["ua"]):
                out.append(hit["path"])
        return out


@pytest.fixture(scope="session")
def mock_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockSites]:
    log = tmp_path_factory.mktemp("mock") / "requests.jsonl"
    log.touch()
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "mockserver.py"), str(log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        origins = json.loads(proc.stdout.readline())
        yield MockSites(origins, log)
    finally:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@dataclass
class CrawlRun:
    """The outcome of one ``newsscraper crawl`` subprocess."""

    returncode: int
    records: list[dict[str, Any]]
    report: dict[str, Any]
    stderr: str


def start_crawl(args: list[str], workdir: Path) -> subprocess.Popen[str]:
    """Start ``newsscraper crawl ARGS -o workdir/out.jsonl --report workdir/report.json``."""
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", *args]
    cmd += ["-o", str(workdir / "out.jsonl"), "--report", str(workdir / "report.json")]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=workdir)


def finish_crawl(proc: subprocess.Popen[str], workdir: Path) -> CrawlRun:
    """Wait for a crawl started by :func:`start_crawl` and read its output and report."""
    try:
        _, err = proc.communicate(timeout=CRAWL_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise
    out, rep = workdir / "out.jsonl", workdir / "report.json"
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()] if out.exists() else []
    report = json.loads(rep.read_text("utf-8")) if rep.exists() else {}
    return CrawlRun(proc.returncode, records, report, err)


@pytest.fixture(scope="session")
def crawl_runner() -> Callable[[list[str], Path], CrawlRun]:
    """Run one crawl to the end: ``crawl_runner(args, workdir) -> CrawlRun``."""
    return lambda args, workdir: finish_crawl(start_crawl(args, workdir), workdir)


@dataclass(frozen=True)
class CrawlTools:
    """Start crawls in parallel, then finish them (``start(args, dir)``, ``finish(proc, dir)``)."""

    start: Callable[[list[str], Path], subprocess.Popen[str]] = start_crawl
    finish: Callable[[subprocess.Popen[str], Path], CrawlRun] = finish_crawl
    fast: tuple[str, ...] = tuple(FAST)


@pytest.fixture(scope="session")
def crawl_tools() -> CrawlTools:
    """Helpers to run several ``newsscraper crawl`` subprocesses at once."""
    return CrawlTools()
