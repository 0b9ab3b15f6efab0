"""Command-line conventions of ``newsscraper`` (issue 12): misuse exits 2 with the reason, UTF-8
output on any console, ``-o -``, a closed pipe, ``--version``, empty folders, bad settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsscraper
from newsscraper import __version__
from newsscraper.cli import DEMO_PORT, EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, main
from newsscraper.crawl.runner import REFUSAL_HINTS, failure_lines, refusal_lines

PAGE = (
    "<html><head><title>朝鮮通信社の報道</title></head><body><article><h1>朝鮮通信社の報道</h1>"
    + "<p>Die Stadt Zürich hat beschlossen, die alte Brücke über die Limmat neu zu bauen, sagt 朝鮮.</p>" * 4
    + "</article></body></html>"
)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", *args],
        capture_output=True, timeout=120, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["crawl", "--demo", "-o", "x.jsonl", "--log-level", "LOUD"], "invalid choice: 'LOUD'"),
        (["crawl", "--demo", "-o", "x.jsonl", "--timeout", "-5"], "must be > 0: '-5'"),
        # NaN passed `<= 0`: `--timeout nan` stopped the crawl after its first pages, exit 0
        (["crawl", "--demo", "-o", "x.jsonl", "--timeout", "nan"], "not a number: 'nan'"),
        (["crawl", "--demo", "-o", "x.jsonl", "--max-pages", "many"], "not a number: 'many'"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["extract", "a.html", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        ([], "give a command"),
    ],
)
def test_misuse_exits_2_with_the_reason(
    argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err


def test_format_needs_jsonl_with_a_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a killed scheduled run is recovered from its JSON Lines output: no other format with --state
    out, state = str(tmp_path / "x.csv"), str(tmp_path / "s")
    assert main(["crawl", "--demo", "-o", out, "--format", "csv", "--state", state]) == 2
    assert "needs the jsonl output format, not 'csv'" in capsys.readouterr().err
    bad = ["-s", "NEWSSCRAPER_OUTPUT_FORMAT=xls"]
    assert main(["fetch", "https://x.test/", "-o", str(tmp_path / "y"), *bad]) == 2
    assert "NEWSSCRAPER_OUTPUT_FORMAT must be one of jsonl, json, csv" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "s").exists()


@pytest.mark.parametrize("lang", ["english", "en,,fr-", "e"])
def test_a_language_that_is_not_a_code_is_misuse(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--lang english` kept no article and exited 0: no inLanguage is "english"
    assert main(["crawl", "--demo", "-o", str(tmp_path / "x.jsonl"), "--lang", lang]) == 2
    assert "NEWSSCRAPER_LANGUAGES (--lang): not a language code" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["-s", "DOWNLOAD_DELAY=abc"], "DOWNLOAD_DELAY must be a number, not 'abc'"),
        (["-s", "CLOSESPIDER_TIMEOUT=nan"], "CLOSESPIDER_TIMEOUT must be a number, not 'nan'"),
        (["-s", "ROBOTSTXT_OBEY=maybe"], "ROBOTSTXT_OBEY must be true or false, not 'maybe'"),
        # the option given is named, as --lang's is (they said only NEWSSCRAPER_SINCE, ...)
        (["--since", "yesterday"], "NEWSSCRAPER_SINCE (--since): not an ISO 8601 date: 'yesterday'"),
        (["--until", "soon"], "NEWSSCRAPER_UNTIL (--until): not an ISO 8601 date: 'soon'"),
        (["--url-filter", "(["], "NEWSSCRAPER_URL_FILTER (--url-filter) is not a regular expression"),
        (
            ["--since", "2026-11-19", "--until", "2026-11-01"],
            "NEWSSCRAPER_SINCE (--since) 2026-11-19 is after NEWSSCRAPER_UNTIL (--until) 2026-11-01",
        ),
    ],
)
def test_a_scrapy_setting_of_the_wrong_type_or_an_empty_window_is_misuse(
    given: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `-s DOWNLOAD_DELAY=abc` ended in the downloader's traceback, exit 1; `--since` after
    # `--until` kept no article and exited 0, as if the site had none
    assert main(["crawl", "--demo", "-o", str(tmp_path / "x.jsonl"), *given]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_a_posix_locale_names_its_language() -> None:
    # `--lang pt_BR` (a locale's spelling) was read as the code "pt_br", which no article has
    from newsscraper.pipelines.select import languages

    assert languages("pt_BR, en-GB ,de") == {"pt", "en", "de"}


def test_log_level_is_case_insensitive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # accepted by the parser: the crawl then stops at the bad setting (no crawl runs)
    argv = ["crawl", "--demo", "-o", str(tmp_path / "x.jsonl"), "--log-level", "info"]
    assert main([*argv, "-s", "NEWSSCRAPER_EXTRACT_EXECUTOR=thred"]) == 2
    err = capsys.readouterr().err
    assert "NEWSSCRAPER_EXTRACT_EXECUTOR must be one of process, thread, reactor, not 'thred'" in err


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ("NEWSSCRAPER_EXTRACT_WORKERS=0", "NEWSSCRAPER_EXTRACT_WORKERS must be >= 1"),
        ("NEWSSCRAPER_ARTICLE_MIN_PROBABILITY=high", "must be a number, not 'high'"),
        ("NEWSSCRAPER_ARTICLE_MIN_PROBABILITY=NaN", "must be a number, not 'NaN'"),  # kept none
        ("NEWSSCRAPER_DEDUPE_ENABLED=yes", "NEWSSCRAPER_DEDUPE_ENABLED must be true or false"),
        ("NEWSSCRAPER_EXTRACT_EXECUTER=thread", "unknown setting NEWSSCRAPER_EXTRACT_EXECUTER"),
        ("NEWSSCRAPER_ALLOW_NETWORKS=10.0.0.0/33", "not a network: '10.0.0.0/33'"),
    ],
)
def test_bad_settings_refused_at_start(
    setting: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", "--demo", "-o", str(tmp_path / "x.jsonl"), "-s", setting]) == 2
    assert reason in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()  # refused before anything started


def test_scrapy_crawl_refuses_a_bad_setting_too(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent  # scrapy.cfg
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "start=http://127.0.0.1:9/",
         "-s", "NEWSSCRAPER_EXTRACT_EXECUTOR=thred", "-s", f"NEWSSCRAPER_OUTPUT={tmp_path / 'x.jsonl'}"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode != 0
    assert "NEWSSCRAPER_EXTRACT_EXECUTOR must be one of" in out.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsscraper {__version__}"


def test_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no pages" in err and str(tmp_path) in err


def test_a_folder_of_text_scrapes_names_the_way_to_read_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a folder of .txt scrapes said only "no pages (.html, ...)": text is read only when named
    (tmp_path / "story.txt").write_text("A headline\n\nA paragraph of the story.\n", "utf-8")
    assert main(["extract", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no pages" in err
    hint = "1 .txt file there: text scrapes are read when given by name, e.g. newsscraper extract"
    assert f"{hint} {tmp_path / 'story.txt'}" in err


def test_dash_o_dash_is_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "a.html", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["headline"] == "朝鮮通信社の報道"
    assert not (tmp_path / "-").exists()


def test_crawl_and_fetch_refuse_dash_o_naming_their_own_stdout_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # fetch pointed to `scrapy crawl news -o -:jsonl`, which crawls the whole site from the page
    assert main(["fetch", "https://example.com/a.html", "-o", "-"]) == 2
    assert (
        "scrapy crawl news -a start=URL -a follow=none -s NEWSSCRAPER_ARTICLE_MIN_PROBABILITY=0 "
        "-s NEWSSCRAPER_ARTICLE_MIN_WORDS=0 -o -:jsonl"
    ) in capsys.readouterr().err
    assert main(["crawl", "https://example.com/", "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "scrapy crawl news -a start=URL -o -:jsonl" in err and "follow" not in err


def test_a_start_url_without_scheme_or_a_saved_page_says_what_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `fetch a.html` and `crawl www.example.com` said only "not an http(s) URL"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    assert main(["fetch", "a.html", "-o", "x.jsonl"]) == 2
    err = capsys.readouterr().err
    assert "not an http(s) URL: a.html; it is a file: for a saved page use newsscraper extract a.html" in err
    assert "-i FILE" in err
    assert main(["crawl", "www.example.com", "-o", "x.jsonl"]) == 2
    assert "(did you mean https://www.example.com?)" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_a_url_list_with_several_bad_lines_says_how_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # only the first bad line was named: a list of thousands was fixed one run at a time
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/a\nnot a url\nftp://example.com/b\nexample.com/c\n", "utf-8")
    assert main(["fetch", "-i", str(urls), "-o", str(tmp_path / "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "not an http(s) URL: not a url; 2 more of the 4 URLs given are not http(s) URLs" in err
    assert not (tmp_path / "x.jsonl").exists()


def test_stdout_is_utf8_on_a_cp1252_console(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    run = _cli("extract", str(tmp_path / "a.html"), env={"PYTHONIOENCODING": "cp1252"})
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.decode("utf-8"))["headline"] == "朝鮮通信社の報道"


def test_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"p{i:02}.html").write_text(PAGE, "utf-8")
    # `newsscraper extract DIR | head -1`: read one line, then stop reading
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsscraper.cli", "extract", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    assert json.loads(proc.stdout.readline())["headline"]
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_BROKEN_PIPE
    assert b"Traceback" not in err and b"BrokenPipe" not in err


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_ctrl_c_during_extract_exits_130_in_one_line_with_a_whole_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    import newsscraper.cli as cli

    for i in range(5):
        (tmp_path / f"p{i}.html").write_text(PAGE, "utf-8")
    real = cli.extract_article
    calls = []

    def interrupted_at_the_third(*args: Any, **kwargs: Any) -> Any:  # the user's Ctrl-C, mid-folder
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "extract_article", interrupted_at_the_third)
    out = tmp_path / "out" / f"records.{fmt}"
    assert main(["extract", str(tmp_path), "-o", str(out)]) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    # "newsscraper: interrupted" alone did not say how far it got nor what the output holds
    said = f"newsscraper: interrupted with 2 of 5 inputs done: 2 records written to {out}, each whole"
    assert err.strip().splitlines()[-1] == f"{said} (a new run starts over)" and "Traceback" not in err
    text = out.read_text("utf-8")
    records = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert [r["headline"] for r in records] == ["朝鮮通信社の報道"] * 2


def test_ctrl_c_while_the_crawl_starts_up_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # SIGINT before Scrapy's own handler is installed, while the engine loads its components: the
    # crawl's Deferred fails with KeyboardInterrupt (timing-free stand-in for a real Ctrl-C)
    script = (
        "import sys, scrapy.core.engine as e\n"
        "def ctrl_c(*a, **k): raise KeyboardInterrupt\n"
        "e.ExecutionEngine.__init__ = ctrl_c\n"
        "from newsscraper.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "articles.jsonl"
    run = subprocess.run(
        [sys.executable, "-c", script, "crawl", "--demo", "-o", str(out)], capture_output=True, timeout=300
    )
    err = run.stderr.decode("utf-8")
    assert run.returncode == EXIT_INTERRUPTED, err
    assert "Traceback" not in err and "Unhandled error" not in err
    assert err.strip().splitlines()[-1] == "newsscraper: interrupted"


def test_ctrl_c_while_the_command_loads_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # the first second of `newsscraper crawl` is spent importing lxml, ftfy and the extraction
    # modules, before main() could catch anything: a Ctrl-C there printed a traceback. A finder
    # that raises on lxml.html's import is a timing-free stand-in for that Ctrl-C.
    script = (
        "import sys\n"
        "class CtrlC:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'lxml.html': raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, CtrlC())\n"
        "from newsscraper.__main__ import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "crawl", "--demo", "-o", str(tmp_path / "a.jsonl")],
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == EXIT_INTERRUPTED and run.stderr.decode() == "newsscraper: interrupted\n"


def test_the_command_loads_nothing_heavy_before_its_ctrl_c_guard() -> None:
    # the package and the entry point are all the console script imports unguarded
    script = "import sys, newsscraper.__main__; print(sorted({'lxml', 'ftfy', 'scrapy'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300, check=True)
    assert run.stdout.decode().strip() == "[]"
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8")
    assert 'newsscraper = "newsscraper.__main__:main"' in pyproject
    assert newsscraper.extract_article is newsscraper.extraction.api.extract_article  # loaded on use


def test_pages_and_urls_after_an_option_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `fetch URL --allow-network CIDR URL URL` said "unrecognized arguments: URL URL" (exit 2)
    from newsscraper.cli import _parse_args, build_parser

    argv = [
        "fetch",
        "https://a.example/1",
        "--allow-network",
        "10.0.0.0/8",
        "https://a.example/2",
        "-",
        "-o",
        "x",
    ]
    args = _parse_args(build_parser(), argv)
    assert args.urls == ["https://a.example/1", "https://a.example/2", "-"]
    for i in range(2):
        (tmp_path / f"p{i}.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path / "p0.html"), "--format", "txt", str(tmp_path / "p1.html")]) == 0
    assert capsys.readouterr().out.count("朝鮮通信社の報道\n\n") == 2
    with pytest.raises(SystemExit) as exit_:  # an unknown option is still misuse
        _parse_args(
            build_parser(), ["fetch", "https://a.example/1", "--bogus", "https://a.example/2", "-o", "x"]
        )
    assert exit_.value.code == 2 and "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_robots_refusals_of_an_unreachable_site_do_not_read_as_its_rules() -> None:
    # a site that is down: robots.txt unreachable, so RFC 9309's "disallow all" refuses the start
    # page; the line said only "robots.txt disallows them"
    report = {"refused": {"robots": 1}}
    (plain,) = refusal_lines(report, {})
    assert plain == f"1 request refused (robots): {REFUSAL_HINTS['robots']}"
    (down,) = refusal_lines(report, {"newsscraper/robots/disallow-all-unreachable": 1})
    assert "could not be fetched or answered 5xx (on 1 site)" in down and "RFC 9309" in down


def test_a_page_that_cannot_be_fetched_is_one_log_line_not_a_traceback(tmp_path: Path) -> None:
    # port 1 on loopback refuses: Scrapy logged "Error downloading <GET ...>" with two chained
    # tracebacks of Twisted internals at the default log level
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "fetch", "http://127.0.0.1:1/a",
         "-s", "ROBOTSTXT_OBEY=false", "-s", "RETRY_TIMES=0",
         "--allow-network", "127.0.0.1/32", "-o", str(tmp_path / "f.jsonl")],
        capture_output=True, timeout=300,
    )  # fmt: skip
    err = run.stderr.decode("utf-8")
    assert run.returncode == 1, err
    assert "Traceback" not in err, err
    (line,) = [x for x in err.splitlines() if "Error downloading" in x]
    assert "http://127.0.0.1:1/a" in line and "onnection refused" in line
    assert "1 page failed: 1 connection refused" in err


def test_a_page_given_up_after_its_retries_is_named_in_one_log_line(tmp_path: Path) -> None:
    # with the default retries Scrapy's retry middleware added its own ERROR line, "Gave up retrying
    # <GET ...> (failed 3 times)", before "Error downloading": two lines for one page, where
    # docs/crawling.md says one (its give-up line is INFO now, as HTTP errors are)
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "fetch", "http://127.0.0.1:1/a",
         "-s", "ROBOTSTXT_OBEY=false", "--allow-network", "127.0.0.1/32", "-o", str(tmp_path / "f.jsonl")],
        capture_output=True, timeout=300,
    )  # fmt: skip
    err = run.stderr.decode("utf-8")
    assert run.returncode == 1, err
    (line,) = [x for x in err.splitlines() if "http://127.0.0.1:1/a" in x]
    assert "Error downloading" in line and "onnection refused" in line
    assert "1 page failed: 1 connection refused" in err


def test_demo_keeps_its_origin_so_a_second_stateful_run_emits_nothing_new(
    crawl_runner: Any, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    fast = ["-s", "CLOSESPIDER_TIMEOUT=60", "--state", str(state)]
    first = crawl_runner(["--demo", *fast], tmp_path / "one")
    second = crawl_runner(["--demo", *fast], tmp_path / "two")
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    if any(f"port {DEMO_PORT} is taken" in run.stderr for run in (first, second)):
        # another process (a concurrent test run on a shared machine) holds the demo's port
        pytest.skip(f"port {DEMO_PORT} is held by another process")
    assert first.records and first.records[0]["url"].startswith(f"http://127.0.0.1:{DEMO_PORT}/")
    assert second.records == []  # same URLs, same content: nothing new or changed
    assert second.report["incremental"].get("new", 0) == 0


def test_info_log_is_our_summary_and_no_remote_control(crawl_runner: Any, tmp_path: Path) -> None:
    jobs = tmp_path / "jobs"
    args = [
        "--demo",
        "--log-level",
        "INFO",
        "-s",
        f"REMOTE_CONTROL_JOBS_DIR={jobs}",
        "-s",
        "CLOSESPIDER_TIMEOUT=60",
    ]
    run = crawl_runner(args, tmp_path / "run")
    assert run.returncode == 0, run.stderr
    for chatter in (
        "Overridden settings",
        "Enabled extensions",
        "Enabled item pipelines",
        "Dumping Scrapy stats",
    ):
        assert chatter not in run.stderr
    # one line per kind of refusal, with its count and the setting to change
    robots = run.report["refused"]["robots"]
    assert f"newsscraper crawl: {robots} request{'s' if robots > 1 else ''} refused (robots)" in run.stderr
    assert "NEWSSCRAPER_ALLOWED_DOMAINS" in run.stderr  # the demo links offsite
    assert not jobs.exists()  # Scrapy's RemoteControl (code over HTTP, token files) never started
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["out.jsonl", "report.json"]


def test_every_setting_the_code_reads_is_declared() -> None:
    # check_settings refuses unknown NEWSSCRAPER_* names: each one read must be in settings.py
    import re

    from newsscraper import settings

    package = Path(__file__).resolve().parent.parent / "newsscraper"
    read = {
        name
        for path in package.rglob("*.py")
        for name in re.findall(r'"(NEWSSCRAPER_[A-Z_]*[A-Z])"', path.read_text("utf-8"))
    }
    from newsscraper.crawl.frontier import frontier_settings

    known = set(dir(settings)) | set(frontier_settings("redis://127.0.0.1:6379/0"))  # the add-on's own
    assert len(read) > 20 and read <= known


def test_every_refusal_kind_has_a_hint() -> None:
    """Each ``refused`` kind the crawl counts gets its meaning and setting on stderr (one line each)."""
    package = Path(newsscraper.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    kinds = set(re.findall(r"newsscraper/refused/([a-z-]+)", source))
    if "newsscraper/refused/{source}-count" in source:  # the spider's per-site discovery bounds
        kinds |= {"sitemap-count", "feed-count"}
    assert {"feed-count", "links-per-page", "sitemap-depth", "ssrf"} <= kinds  # the scan finds them
    assert sorted(kinds - set(REFUSAL_HINTS)) == []
    line = refusal_lines({"refused": {"feed-count": 6}})[0]
    assert line.startswith("6 requests refused (feed-count): ") and "NEWSSCRAPER_MAX_FEEDS" in line


def test_failures_are_one_short_line() -> None:
    """Failed pages are summed in one line, each page once (its retries left out), the four most
    frequent kinds named and the rest summed; nothing failed, no line."""
    retried = "scrapy.exceptions.DownloadTimeoutError"
    stats = {
        **{
            f"httperror/response_ignored_status_count/{code}": n for code, n in ((404, 7), (500, 2), (403, 1))
        },
        f"downloader/exception_type_count/{retried}": 9,  # 3 pages, each tried 3 times
        f"retry/reason_count/{retried}": 6,
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 40,  # refusals, not failures
        "downloader/exception_type_count/builtins.OSError": 1,
        "spider_exceptions/count": 1,
        "spider_exceptions/KeyError": 1,
    }
    assert failure_lines(stats) == [
        "15 pages failed: 7 HTTP 404, 3 timed out, 2 HTTP 500, 1 HTTP 403, 2 other"
    ]
    assert failure_lines({"downloader/response_count": 30, "retry/reason_count/x": 2}) == []
    # a page over DOWNLOAD_MAXSIZE was "1 DownloadCancelledError", a class name a user must look up
    too_big = {"downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError": 1}
    assert failure_lines(too_big) == ["1 page failed: 1 cancelled (over DOWNLOAD_MAXSIZE?)"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"http://example.com/caf\xe9\n", "is not UTF-8 text (invalid continuation byte at byte 22)"),
        (None, ": No such file or directory"),
    ],
)
def test_fetch_input_file_problems_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    # a URL list saved in Latin-1 was a UnicodeDecodeError traceback; a missing one "[Errno 2] ..."
    urls = tmp_path / "urls.txt"
    if content is not None:
        urls.write_bytes(content)
    assert main(["fetch", "-i", str(urls), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err == f"newsscraper fetch: -i {urls}{' ' if content else ''}{reason}\n"
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("content", "stdin", "said"),
    [
        (b"", False, "-i {urls} held no URL"),
        (b"# only a note\n\n   \n", False, "-i {urls} held no URL"),
        (None, True, "stdin held no URL"),
        (b"", True, "stdin and -i {urls} held no URL"),
    ],
)
def test_fetch_of_an_empty_url_list_says_the_list_was_empty(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    content: bytes | None,
    stdin: bool,
    said: str,
) -> None:
    # an empty -i FILE or stdin was told "give URLs, '-' (stdin) or -i FILE": it had been given
    import io

    urls = tmp_path / "urls.txt"
    argv = ["fetch", "-o", str(tmp_path / "out.jsonl")]
    if stdin:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\n")))
        argv.append("-")
    if content is not None:
        urls.write_bytes(content)
        argv += ["-i", str(urls)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    expected = said.format(urls=urls) + " (blank lines and # lines are skipped): nothing to fetch"
    assert err == f"newsscraper fetch: {expected}\n"
    assert not (tmp_path / "out.jsonl").exists()
    assert main(["fetch", "-o", str(tmp_path / "out.jsonl")]) == 2
    assert capsys.readouterr().err == "newsscraper fetch: give URLs, '-' (stdin) or -i FILE\n"


def test_fetch_url_list_is_read_only_so_far(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the list was read whole: `yes URL | newsscraper fetch -` or `-i /dev/zero` filled memory
    from newsscraper import cli

    monkeypatch.setattr(cli, "MAX_URL_LIST_BYTES", 1000)
    urls = tmp_path / "urls.txt"
    urls.write_bytes(b"https://example.com/a\n" * 100)
    assert main(["fetch", "-i", str(urls), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newsscraper fetch: -i {urls}: a URL list over ") and err.count("\n") == 1
    assert err.endswith("(endless input?); split it over several runs\n")
    monkeypatch.setattr(cli, "MAX_URL_LIST_BYTES", 64 * 1024 * 1024)
    assert main(["fetch", "-i", "/dev/zero", "-o", str(tmp_path / "out.jsonl")]) == 2  # the real limit
    assert "-i /dev/zero: a URL list over 64 MiB" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_fetch_url_list_may_start_with_a_bom(tmp_path: Path) -> None:
    # Notepad saves "UTF-8" with a BOM: the first URL was "\ufeffhttps://..." ("not an http(s) URL")
    from argparse import Namespace

    from newsscraper.cli import _fetch_urls

    urls = tmp_path / "urls.txt"
    urls.write_bytes("\ufeffhttps://example.com/a\n# note\n\nhttps://example.com/b\n".encode())
    assert _fetch_urls(Namespace(urls=[], input_file=urls)) == [
        "https://example.com/a",
        "https://example.com/b",
    ]


def test_fetch_says_when_given_urls_name_the_same_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # `fetch` of a page, the same again, with a tracking parameter and with a fragment: the duplicate
    # filter fetched it once and the run said "2 pages fetched (1 robots.txt), 1 article written"
    from types import SimpleNamespace

    import newsscraper.crawl.runner as runner
    from newsscraper import cli

    asked: list[list[str]] = []

    def fake_run(urls: list[str], settings: object, follow: str) -> SimpleNamespace:
        asked.append(list(urls))
        return SimpleNamespace(report={"pages_fetched": 1, "articles_written": 1}, stats={}, exit_status=0)

    monkeypatch.setattr(runner, "run_crawl", fake_run)
    page = "https://news.example.com/a"
    given = [page, page, page + "?utm_source=feed", page + "#comments", "https://news.example.com/b"]
    assert cli.main(["fetch", *given, "-o", str(tmp_path / "out.jsonl")]) == 0
    assert asked == [[page, "https://news.example.com/b"]]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"newsscraper fetch: 3 URLs name a page given before (e.g. {page}; the same once tracking "
        "parameters and fragments are dropped): each page is fetched once"
    )
    assert cli.main(["fetch", page, "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "given before" not in capsys.readouterr().err


def test_a_misspelt_setting_is_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Scrapy takes any name: `-s DOWNLOAD_TIMOUT=5` (docs/cli.md's table says DOWNLOAD_TIMEOUT) ran
    # with the 30 s default and not a word; a misspelt NEWSSCRAPER_ name was refused without a hint
    from types import SimpleNamespace

    import newsscraper.crawl.runner as runner
    from newsscraper import cli

    def fake_run(urls: list[str], settings: object, follow: str) -> SimpleNamespace:
        return SimpleNamespace(report={"pages_fetched": 1, "articles_written": 1}, stats={}, exit_status=0)

    monkeypatch.setattr(runner, "run_crawl", fake_run)
    out = str(tmp_path / "out.jsonl")
    # two typos; an extension's own name and a right one: unsaid
    pairs = ["DOWNLOAD_TIMOUT=5", "download_delay=0", "REDIS_URL=redis://x", "RETRY_TIMES=1"]
    given = [arg for pair in pairs for arg in ("-s", pair)]
    assert cli.main(["fetch", "https://news.example.com/a", *given, "-o", out]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "newsscraper fetch: -s DOWNLOAD_TIMOUT: not a Scrapy or newsscraper setting, so it changes nothing; "
        "did you mean DOWNLOAD_TIMEOUT?",
        "newsscraper fetch: -s download_delay: not a Scrapy or newsscraper setting, so it changes nothing; "
        "did you mean DOWNLOAD_DELAY?",
        "newsscraper fetch: 1 page fetched, 1 article written to " + out,
    ]
    # deprecated, still read by Scrapy (which warns): not "did you mean CONCURRENT_REQUESTS_PER_DOMAIN?"
    assert cli._setting_typo("CONCURRENT_REQUESTS_PER_IP") is None
    misspelt = ["-s", "NEWSSCRAPER_ARTICLE_MIN_WORD=3"]
    assert cli.main(["fetch", "https://news.example.com/a", *misspelt, "-o", out]) == 2
    assert capsys.readouterr().err.endswith("did you mean NEWSSCRAPER_ARTICLE_MIN_WORDS?\n")


def test_python_dash_m_beside_the_clone_says_why_it_cannot_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # in the folder that holds the clone, `python -m newsscraper` imported the clone's folder as a
    # namespace package (no __file__) and died in an ImportError traceback ("unknown location")
    import types

    from newsscraper.__main__ import main as entry

    namespace = types.ModuleType("newsscraper")
    namespace.__path__ = [str(tmp_path / "newsscraper")]  # what a namespace package has, no __file__
    monkeypatch.setitem(sys.modules, "newsscraper", namespace)
    assert entry(["--version"]) == 2
    err = capsys.readouterr().err
    assert f"Python took the folder {tmp_path / 'newsscraper'} for the package" in err
    assert "or the newsscraper command" in err


@pytest.mark.parametrize("command", ["crawl", "fetch"])
def test_help_says_timeout_is_the_run_s_and_where_a_request_timeout_is(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # a newspaper4k or trafilatura user reads --timeout as a request timeout: it ends the whole run
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "stop the whole run after S seconds" in help_text
    assert "-s DOWNLOAD_TIMEOUT=S" in help_text and "USER_AGENT" in help_text
