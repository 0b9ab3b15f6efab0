"""``newsscraper fetch`` (exactly the given pages) and the crawl's selection flags (``--no-follow``,
``--url-filter``, ``--since`` / ``--until``, ``--lang``), each a real run against the loopback mock
site (``tests/mockserver.py``) in parallel subprocesses with their own User-Agent."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from newsscraper.crawl.item import PageItem
from newsscraper.demo.site import article_path, load_stories
from newsscraper.items import Article
from newsscraper.output import CSV_COLUMNS
from newsscraper.pipelines.select import SelectPipeline, languages

STORIES = {
    s["slug"]: s for s in load_stories(Path(__file__).resolve().parent.parent / "fixtures/site/stories")
}
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_TIMEOUT=60",
        "-s", "DOWNLOAD_TIMEOUT=10", "--allow-network", "127.0.0.0/8"]  # fmt: skip


def _start(
    name: str, args: list[str], work: Path, stdin: str | None = None, output: str = "out.jsonl"
) -> tuple[subprocess.Popen[str], Path]:
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "newsscraper.cli", *args, *FAST, "-s", f"USER_AGENT=newsscraper-test-{name}",
           "-o", str(work / output), "--report", str(work / "report.json")]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=work, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None
    proc.stdin.write(stdin or "")
    proc.stdin.close()
    proc.stdin = None  # written and closed: the shared finish() only reads the output
    return proc, work


def _paths(run: Any) -> set[str]:
    return {"/" + r["url"].split("/", 3)[3] for r in run.records}


@pytest.fixture(scope="module")
def runs(mock_sites: Any, crawl_tools: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    site = mock_sites.origins["site"]
    listed = [
        site + article_path(STORIES[s]) for s in ("choir-festival-sold-out", "rail-strike-talks-resume")
    ]
    private = site + article_path(STORIES["staff-only-budget-draft"])  # robots.txt disallows it
    url_file = tmp_path_factory.mktemp("lists") / "urls.txt"
    url_file.write_text("# to fetch\n" + "\n".join([*listed, "", private]) + "\n", "utf-8")
    one = site + article_path(STORIES["school-meals-local-farms"])
    two = site + article_path(STORIES["rail-strike-talks-resume"])
    scenarios = {
        "fetch-file": (["fetch", "-i", str(url_file)], None),
        "fetch-stdin": (["fetch", "-", "--lang", "en"], one + "\n"),
        "fetch-lang": (["fetch", one, "--lang", "de,fr"], None),
        "no-follow": (["crawl", site + "/sitemap.xml", "--no-follow"], None),
        "select": (["crawl", site + "/", "--url-filter", "/(local|culture)/",
                    "--since", "2026-10-15", "--until", "2026-10-24"], None),
        # a comma inside a URL does not split it in two (the spider's start list); --format
        "fetch-csv": (["fetch", one + "?ids=1,2", two + "?a=b,c", "--format", "csv"], None),
        # -o out.jsonl.gz (gzip-compressed); two pages the site does not have, and one of a site
        # nobody listens on (its robots.txt is refused)
        "fetch-gz": (["fetch", one, two, site + "/no-such-page", site + "/gone/page",
                      mock_sites.origins["robots_down"] + "/x"], None),
    }  # fmt: skip
    outputs = {"fetch-csv": "out.csv", "fetch-gz": "out.jsonl.gz"}
    started = {
        name: _start(name, args, tmp_path_factory.mktemp(name), stdin, outputs.get(name, "out.jsonl"))
        for name, (args, stdin) in scenarios.items()
    }
    finished: dict[str, Any] = {name: crawl_tools.finish(*proc) for name, proc in started.items()}
    finished["dirs"] = {name: work for name, (_, work) in started.items()}
    return finished


def _output(runs: dict[str, Any], name: str, filename: str) -> Path:
    path: Path = runs["dirs"][name] / filename
    return path


def test_fetch_gets_exactly_the_listed_pages(runs: dict[str, Any], mock_sites: Any) -> None:
    run = runs["fetch-file"]
    assert run.returncode == 0, run.stderr
    wanted = {article_path(STORIES[s]) for s in ("choir-festival-sold-out", "rail-strike-talks-resume")}
    assert _paths(run) == wanted
    # no link, feed or sitemap followed; the disallowed page never requested
    assert set(mock_sites.hits("site", ua="test-fetch-file")) == {*wanted, "/robots.txt"}
    assert run.report["refused"]["robots"] == 1


def test_fetch_reads_stdin_and_keeps_the_language_asked_for(runs: dict[str, Any]) -> None:
    run = runs["fetch-stdin"]
    assert run.returncode == 0, run.stderr
    assert _paths(run) == {article_path(STORIES["school-meals-local-farms"])}
    other = runs["fetch-lang"]
    assert other.records == [] and other.report["drops"] == {"select/lang": 1}
    # a given page that gave no record is said, not only counted in the report
    assert "newsscraper fetch: 1 page gave no record: 1 select/lang\n" in other.stderr


def test_no_follow_takes_the_sitemap_entries_only(runs: dict[str, Any], mock_sites: Any) -> None:
    run = runs["no-follow"]
    assert run.returncode == 0, run.stderr
    hits = set(mock_sites.hits("site", ua="test-no-follow"))
    # the sitemaps' entries (articles and section pages) are fetched; nothing only links lead to
    assert not {h for h in hits if h == "/" or h.startswith(("/events/", "/tag/", "/author/", "/about"))}
    articles = {h for h in hits if h.endswith(".html")}
    assert len(articles) >= 5 and articles <= {article_path(s) for s in STORIES.values()}
    assert _paths(run) == articles


def test_url_filter_and_date_window(runs: dict[str, Any]) -> None:
    run = runs["select"]
    assert run.returncode == 0, run.stderr
    since, until = "2026-10-15", "2026-10-24"
    wanted = {
        article_path(s)
        for s in STORIES.values()
        if s["section"] in ("local", "culture") and since <= str(s["published"])[:10] <= until
    }
    assert wanted and _paths(run) == wanted
    assert run.report["drops"].get("select/date", 0) >= 1 and run.report["drops"].get("select/url", 0) >= 1
    # said, not only counted in the report: "0 articles written" alone read as a broken crawl
    drops = run.report["drops"]
    left_out = sum(n for kind, n in drops.items() if kind.startswith("select/"))
    assert f"newsscraper crawl: {left_out} articles left out by the selection: " in run.stderr
    assert f"{drops['select/url']} select/url (--url-filter)" in run.stderr


def test_fetch_keeps_urls_with_commas_whole(runs: dict[str, Any], mock_sites: Any) -> None:
    run = runs["fetch-csv"]
    assert run.returncode == 0, run.stderr
    # the crawl's canonical spelling may percent-encode the comma (%2C): one URL either way
    hits = {unquote(h) for h in mock_sites.hits("site", ua="test-fetch-csv")}
    one, two = (article_path(STORIES[s]) for s in ("school-meals-local-farms", "rail-strike-talks-resume"))
    assert hits == {f"{one}?ids=1,2", f"{two}?a=b,c", "/robots.txt"}, hits


def test_fetch_writes_the_format_asked_for(runs: dict[str, Any]) -> None:
    run = runs["fetch-csv"]
    assert run.returncode == 0, run.stderr
    assert run.report["articles_written"] == 2
    with _output(runs, "fetch-csv", "out.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 2 and list(rows[0]) == list(CSV_COLUMNS)
    headlines = {STORIES[s]["title"] for s in ("school-meals-local-farms", "rail-strike-talks-resume")}
    assert {r["headline"] for r in rows} == headlines
    assert all(json.loads(r["metadata"])["probability"] >= 0 for r in rows)  # nested fields as JSON
    # the journal (JSON Lines) is removed once the output is complete
    assert not list(_output(runs, "fetch-csv", "out.csv").parent.glob("*.part"))


def test_fetch_says_what_failed(runs: dict[str, Any]) -> None:
    # HTTP errors were only in --report: one summary line on stderr now, retries not counted twice
    run = runs["fetch-gz"]
    assert run.returncode == 0, run.stderr
    failed = [line for line in run.stderr.splitlines() if " failed" in line]
    assert failed == [
        "newsscraper fetch: 3 pages failed: 2 HTTP 404, 1 connection refused; "
        "--log-level INFO names each page"
    ], run.stderr
    assert run.report["errors"]["http/404"] == 2
    assert not [line for line in runs["fetch-file"].stderr.splitlines() if " failed" in line]


def test_fetch_compresses_a_gz_output(runs: dict[str, Any]) -> None:
    run = runs["fetch-gz"]
    assert run.returncode == 0, run.stderr
    output = _output(runs, "fetch-gz", "out.jsonl.gz")
    records = [json.loads(line) for line in gzip.decompress(output.read_bytes()).splitlines()]
    headlines = {STORIES[s]["title"] for s in ("school-meals-local-farms", "rail-strike-talks-resume")}
    assert {r["headline"] for r in records} == headlines and run.report["articles_written"] == 2
    assert sorted(p.name for p in output.parent.iterdir()) == ["out.jsonl.gz", "report.json"]


def _page(lang: str | None, published: str | None, url: str = "https://x.test/a") -> PageItem:
    article = Article(url=url, inLanguage=lang, datePublished=published, articleBody="text")
    return PageItem(url=url, request_url=url, article=article)


def test_fetch_counts_the_robots_txt_it_fetched_apart(runs: dict[str, Any]) -> None:
    # `fetch URL` of one page said "2 pages fetched, 1 article written": the other was robots.txt
    run = runs["fetch-stdin"]
    assert run.returncode == 0, run.stderr
    last = run.stderr.splitlines()[-1]
    assert last.startswith("newsscraper fetch: 2 pages fetched (1 robots.txt), 1 article written to "), last


def test_select_pipeline_rules() -> None:
    from scrapy.exceptions import DropItem

    assert languages("en, pt-BR") == {"en", "pt"}
    pipe = SelectPipeline(since="2024-03-01", until="2024-03-31", langs=languages("en"))
    assert pipe.process_item(_page("en-GB", "2024-03-31T23:00:00+00:00")) is not None
    cases = [(_page("de", "2024-03-10"), "select/lang"), (_page(None, "2024-03-10"), "select/no-lang"),
             (_page("en", "2024-04-01"), "select/date"), (_page("en", None), "select/no-date")]  # fmt: skip
    for page, reason in cases:
        with pytest.raises(DropItem, match=reason):
            pipe.process_item(page)
    # a bare day in ISO 8601's basic form is the whole day too: `--until 20240331` dropped the 31st
    basic = SelectPipeline(since="20240301", until="20240331")
    assert basic.process_item(_page("en", "2024-03-31T23:00:00+00:00")) is not None
    with pytest.raises(DropItem, match="select/date"):
        basic.process_item(_page("en", "2024-02-29T23:00:00+00:00"))
    # a month (ISO 8601's reduced precision) was refused as "not an ISO 8601 date"; now all of it
    month = SelectPipeline(since="2024-02", until="2024-02")
    assert month.process_item(_page("en", "2024-02-29T23:00:00+00:00")) is not None
    for outside in ("2024-01-31T23:59:59+00:00", "2024-03-01"):
        with pytest.raises(DropItem, match="select/date"):
            month.process_item(_page("en", outside))
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        SelectPipeline(since="2024-13")
