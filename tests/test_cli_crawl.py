"""``newsscraper crawl``: exit statuses, safety refusals and budgets, each a real crawl of a mock site.

The scenario crawls run in parallel subprocesses (one fixture), each with its own User-Agent so the
shared request log tells them apart.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsscraper import cli
from newsscraper.schema import validation_errors


def _ua(name: str) -> list[str]:
    return ["-s", f"USER_AGENT=newsscraper-test-{name}"]


@pytest.fixture(scope="module")
def runs(mock_sites: Any, crawl_tools: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    o = mock_sites.origins
    fast = list(crawl_tools.fast)
    offsite_host = o["offsite"].split("//", 1)[1]
    scenarios = {
        # no --allow-network: the SSRF guard refuses loopback, so nothing can be crawled
        "no-allow": [o["site"] + "/", *fast],
        "robots503": [o["robots503"] + "/", "--allow-network", "127.0.0.0/8", *fast],
        "robots-down": [o["robots_down"] + "/", "--allow-network", "127.0.0.0/8", *fast],
        "max-pages": [o["site"] + "/", "--allow-network", "127.0.0.0/8", "--max-pages", "6", *fast],
        # 127.0.0.2 made onsite, but only 127.0.0.1 allowed: the redirect hop must hit the SSRF guard
        "ssrf-hop": [o["site"] + "/out/redirect", "--allow-network", "127.0.0.1/32",
                     "-s", f"NEWSSCRAPER_ALLOWED_DOMAINS={offsite_host}", "--max-pages", "5", *fast],
        "demo": ["--demo", *fast],
        "demo-process": ["--demo", "-s", "NEWSSCRAPER_EXTRACT_EXECUTOR=process", *fast],
        "sigint": [o["site"] + "/", "--allow-network", "127.0.0.0/8",
                   *fast, "-s", "DOWNLOAD_DELAY=0.5"],
        "kill9": [o["site"] + "/", "--allow-network", "127.0.0.0/8", *fast, "-s", "DOWNLOAD_DELAY=0.3",
                  "-s", "NEWSSCRAPER_OUTPUT_PUBLISH_INTERVAL=0.5"],
    }  # fmt: skip
    dirs = {name: tmp_path_factory.mktemp(name) for name in scenarios}
    (dirs["no-allow"] / "out.jsonl").write_bytes(PREVIOUS)  # the last good run's output
    procs = {name: crawl_tools.start([*args, *_ua(name)], dirs[name]) for name, args in scenarios.items()}
    # "sigint" is slowed down, then interrupted once it has fetched a few pages
    # generous: on a loaded machine a crawl process may take tens of seconds to start
    deadline = time.monotonic() + 180
    while len(mock_sites.hits("site", ua="test-sigint")) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    procs["sigint"].send_signal(signal.SIGINT)
    while len(mock_sites.hits("site", ua="test-kill9")) < 20 and time.monotonic() < deadline:
        time.sleep(0.2)
    procs["kill9"].kill()  # SIGKILL mid-crawl
    return {name: crawl_tools.finish(proc, dirs[name]) for name, proc in procs.items()}


PREVIOUS = b'{"url": "https://news.test/a", "headline": "Kept"}\n'
"""A previous run's output, which a crawl that parsed nothing must leave as it was."""


def test_nothing_crawlable_without_allow_network(runs: Any, mock_sites: Any) -> None:
    run = runs["no-allow"]
    assert run.returncode == 1, run.stderr
    # the previous output survives a failed run (it was replaced by an empty file at start)
    assert run.records == [{"url": "https://news.test/a", "headline": "Kept"}]
    assert "0 articles written: " in run.stderr and "out.jsonl left as it was" in run.stderr
    assert run.report["refused"]["ssrf"] >= 1
    assert mock_sites.hits("site", ua="test-no-allow") == []
    # the reason and the setting to change on stderr, not only in the report
    assert f"{run.report['refused']['ssrf']} request" in run.stderr and "--allow-network CIDR" in run.stderr


def test_robots_5xx_means_disallow_all(runs: Any, mock_sites: Any) -> None:
    run = runs["robots503"]
    assert run.returncode == 1, run.stderr
    hits = mock_sites.hits("robots503", ua="test-robots503")
    assert hits and set(hits) == {"/robots.txt"}


def test_unreachable_robots_means_disallow_all(runs: Any) -> None:
    run = runs["robots-down"]
    assert run.returncode == 1
    assert run.records == []
    # robots.txt is tried once, with its retries (RETRY_TIMES=2): the spider's own request for it
    # (for its Sitemap: lines) was sent again after the middleware's had failed, 6 attempts
    assert run.report["errors"] == {"download/DownloadConnectionRefusedError": 3, "retry/gave-up": 1}
    assert "1 page failed: 1 connection refused" in run.stderr
    assert "0 articles written: " in run.stderr and "out.jsonl not made" in run.stderr  # no empty file
    # the robots middleware's error line named the start page, which was never requested
    (line,) = [x for x in run.stderr.splitlines() if "Error downloading" in x]
    assert "/robots.txt (for <GET " in line, line


def test_max_pages_bounds_the_crawl(runs: Any, mock_sites: Any) -> None:
    run = runs["max-pages"]
    assert run.returncode == 0, run.stderr
    # the page count closes the spider, or (on a loaded machine, when one of the six requests found
    # no answer in time) the request budget refused the rest and the crawl ran dry: bounded either way
    report = run.report
    assert report["finish_reason"] == "closespider_pagecount" or report["refused"].get("budget", 0) > 0
    assert len(mock_sites.hits("site", ua="test-max-pages")) <= 6
    assert all(validation_errors(r) == [] for r in run.records)


def test_ssrf_guard_checks_every_redirect_hop(runs: Any, mock_sites: Any) -> None:
    run = runs["ssrf-hop"]
    assert mock_sites.hits("site", ua="test-ssrf-hop").count("/out/redirect") == 1
    assert mock_sites.hits("offsite", ua="test-ssrf-hop") == []
    assert run.report["refused"]["ssrf"] >= 1


def test_demo_crawl(runs: Any) -> None:
    run = runs["demo"]
    assert run.returncode == 0, run.stderr
    assert len(run.records) == 6
    assert run.report["articles_written"] == 6
    assert {r["url"].split("/")[3] for r in run.records} == {"city", "science", "business"}


def test_sigint_stops_gracefully_with_exit_3(runs: Any) -> None:
    run = runs["sigint"]
    assert run.returncode == 3, run.stderr
    assert run.report["finish_reason"] == "shutdown"
    assert all(record["articleBody"] for record in run.records)  # whole, valid lines only
    # the summary said only "N pages fetched, M articles written", as after a whole run
    assert "newsscraper crawl: interrupted: stopped after the pages in flight" in run.stderr
    # "run it again to finish" was untrue without --state: a new run starts over and replaces -o
    assert "a new run starts over and replaces it" in run.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["crawl", "https://a.example/", "-o", "o.jsonl", "--state", "st"], "run it again with --state st"),
        (["crawl", "https://news.example/", "-o", "o.jsonl"], "o.jsonl holds what was finished; a new run"),
        (["fetch", "https://news.example/a", "-o", "o.jsonl"], "replaces it"),
    ],
)
def test_an_interruption_says_what_running_again_does(argv: list[str], said: str) -> None:
    args = cli.build_parser().parse_args(argv)
    line = cli._interrupted_line(args)
    assert line.startswith("interrupted: stopped after the pages in flight (exit status 3); ")
    assert said in line
    assert ("--state DIR" in line) == (argv[0] == "crawl" and "--state" not in argv)


def test_an_interruption_before_any_article_says_the_output_was_left() -> None:
    # "o.jsonl holds what was finished" was untrue of a run that wrote nothing: o.jsonl is the last run's
    args = cli.build_parser().parse_args(["crawl", "https://news.example/", "-o", "o.jsonl"])
    line = cli._interrupted_line(args, kept=True)
    assert "no article written, o.jsonl left as it was; a new run starts over" in line
    assert "holds what was finished" not in line


def test_kill_9_mid_crawl_leaves_only_whole_records(runs: Any) -> None:
    run = runs["kill9"]
    assert run.returncode == -9
    assert run.report == {}  # never got to write it
    assert run.records  # snapshots were published before the kill...
    assert all(validation_errors(record) == [] for record in run.records)  # ...and parsed: no torn line


def test_process_executor_gives_the_same_records(runs: Any) -> None:
    run = runs["demo-process"]
    assert run.returncode == 0, run.stderr
    key = sorted((r["url"].split("/", 3)[3], r["articleBody"]) for r in runs["demo"].records)
    assert sorted((r["url"].split("/", 3)[3], r["articleBody"]) for r in run.records) == key


@pytest.mark.parametrize(
    "args",
    [
        [],  # no URL, no --demo
        # loopback discard port: even if validation regressed, nothing would leave the machine
        ["ftp://127.0.0.1:9/"],
        ["http://127.0.0.1:9/", "--allow-network", "not-a-cidr"],
        ["http://127.0.0.1:9/", "--max-pages", "0"],
        ["http://127.0.0.1:9/", "-s", "NOVALUE"],
    ],
)
def test_misuse_exits_2(args: list[str], tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", *args, "-o", str(tmp_path / "o.jsonl")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_output_flag_is_required(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", "http://example.com/"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2


def test_a_crawl_stopped_by_its_time_limit_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # after --timeout the totals ("23 pages fetched, 9 articles written") read as a whole run
    args = cli.build_parser().parse_args(["crawl", "https://a.example/", "-o", "o.jsonl", "--timeout", "2"])
    report = {"finish_reason": "closespider_timeout", "pages_fetched": 23, "articles_written": 9}
    cli._summary("crawl", report, {}, args)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("newsscraper crawl: stopped by the time limit (--timeout, CLOSESPIDER_TIMEOUT)")
    assert err[-1] == "newsscraper crawl: 23 pages fetched, 9 articles written to o.jsonl"
    cli._summary("crawl", {**report, "finish_reason": "finished"}, {}, args)
    assert "time limit" not in capsys.readouterr().err


def test_a_crawl_stopped_by_its_page_limit_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # `crawl --demo --max-pages 5` said only "6 pages fetched, 0 articles written": the report's
    # finish_reason (closespider_pagecount) was the only trace of the limit
    args = cli.build_parser().parse_args(["crawl", "https://a.example/", "-o", "o.jsonl", "--max-pages", "5"])
    report = {"finish_reason": "closespider_pagecount", "pages_fetched": 6, "articles_written": 0}
    cli._summary("crawl", report, {}, args)
    err = capsys.readouterr().err.splitlines()
    limit = "newsscraper crawl: stopped by the page limit (--max-pages, CLOSESPIDER_PAGECOUNT)"
    assert err[0].startswith(limit)
    assert err[-1] == "newsscraper crawl: 6 pages fetched, 0 articles written to o.jsonl"
    cli._summary("crawl", {**report, "finish_reason": "closespider_itemcount"}, {}, args)
    assert "stopped by the article limit (CLOSESPIDER_ITEMCOUNT)" in capsys.readouterr().err
