"""The ``newsscraper`` command: ``extract`` saved pages, ``crawl`` news sites (``docs/crawling.md``)."""

from __future__ import annotations

import argparse
import gzip
import ipaddress
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from newsscraper.extraction.api import extract_article
from newsscraper.items import ExplainedArticle
from newsscraper.output import dumps_record

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")
"""Files read as plain-text scrapes (``extract_article`` with ``Content-Type: text/plain``)."""


def _pages(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES)
            )
        else:
            yield path


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.lower().endswith(".gz") else data


def _extract(args: argparse.Namespace) -> int:
    pages = list(_pages(args.paths))
    missing = [p for p in pages if not p.is_file()]
    if missing:
        print(f"newsscraper: no such file: {missing[0]}", file=sys.stderr)
        return 2
    if args.url and len(pages) > 1:
        print("newsscraper: --url needs exactly one page", file=sys.stderr)
        return 2
    out: TextIO = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout  # noqa: SIM115 - closed in finally
    failed = 0
    try:
        progress = _progress(len(pages))
        for path in pages:
            try:
                data = _read(path)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                print(f"newsscraper: {path}: {exc}", file=sys.stderr)
                failed += 1
                continue
            # a saved text (.txt) is read as one, whatever its bytes look like (issue 11)
            headers = {"Content-Type": "text/plain"} if path.name.lower().endswith(TEXT_SUFFIXES) else None
            url = args.url or path.resolve().as_uri()
            article = extract_article(data, url=url, headers=headers, explain=args.explain)
            out.write(dumps_record(article.to_dict()) + "\n")
            if isinstance(article, ExplainedArticle):
                print(f"# {path}", file=sys.stderr)
                for d in article.explain:
                    print(d.line(), file=sys.stderr)
            progress.update(1)
        progress.close()
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed and failed == len(pages) else 0


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int) -> _NoProgress:
    """A tqdm bar on an interactive terminal, nothing when stderr is a file or pipe."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    bar: _NoProgress = tqdm(total=total, unit="page", file=sys.stderr)
    return bar


def _add_crawl_parser(sub: Any) -> None:
    crawl = sub.add_parser("crawl", help="crawl news sites and write one record per article")
    crawl.add_argument("urls", nargs="*", help="start URLs (home pages or sections)")
    crawl.add_argument("-o", "--output", type=Path, required=True, help="JSON Lines file to write")
    crawl.add_argument("--report", type=Path, help="write the run report (JSON) here")
    crawl.add_argument(
        "--max-pages",
        type=int,
        metavar="N",
        help="send at most N requests (robots.txt and redirects included)",
    )
    crawl.add_argument(
        "--allow-network",
        action="append",
        default=[],
        metavar="CIDR",
        help="allow requests to this non-public network (repeatable), e.g. 127.0.0.0/8",
    )
    crawl.add_argument(
        "--demo", action="store_true", help="serve the bundled demo news site on loopback and crawl it"
    )
    crawl.add_argument("--timeout", type=float, metavar="S", help="stop the crawl after S seconds")
    crawl.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="set a Scrapy setting"
    )
    crawl.add_argument("--log-level", default="WARNING", help="Scrapy log level (default WARNING)")
    crawl.add_argument(
        "--state",
        type=Path,
        metavar="DIR",
        help="state kept between runs: emit only new and changed articles",
    )
    crawl.add_argument("--full", action="store_true", help="with --state: re-emit every article")
    crawl.add_argument(
        "--frontier",
        type=_frontier_url,
        metavar="redis://HOST:PORT/DB",
        help="share the crawl's request queue and dupefilter with other workers on Redis",
    )
    crawl.set_defaults(func=_crawl)


def _crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Map command-line flags to Scrapy settings (applied at command-line priority)."""
    overrides: dict[str, object] = {"LOG_LEVEL": args.log_level.upper()}
    for pair in args.set:  # first, so that the dedicated flags below win over -s
        name, _, value = pair.partition("=")
        overrides[name.strip()] = value
    overrides["NEWSSCRAPER_OUTPUT"] = str(args.output)
    if args.report:
        overrides["NEWSSCRAPER_REPORT"] = str(args.report)
    if args.max_pages is not None:
        overrides["CLOSESPIDER_PAGECOUNT"] = args.max_pages
        overrides["NEWSSCRAPER_MAX_REQUESTS"] = args.max_pages
    if args.timeout is not None:
        overrides["CLOSESPIDER_TIMEOUT"] = args.timeout
    if args.allow_network:
        overrides["NEWSSCRAPER_ALLOW_NETWORKS"] = list(args.allow_network)
    # issue 5: map the scheduled / incremental flags to settings here
    if args.state is not None:
        overrides["NEWSSCRAPER_STATE_DIR"] = str(args.state)
        overrides["NEWSSCRAPER_STATE_FULL"] = bool(args.full)
    if args.frontier:
        overrides["NEWSSCRAPER_FRONTIER"] = args.frontier
    return overrides


def _frontier_url(value: str) -> str:
    """argparse type of ``--frontier`` (issue 5): a redis:// URL, else exit status 2 (misuse)."""
    from newsscraper.frontier import frontier_settings

    try:
        frontier_settings(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _crawl_misuse(args: argparse.Namespace) -> str | None:
    if not args.urls and not args.demo:
        return "give start URLs or --demo"
    bad = [u for u in args.urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        return f"not an http(s) URL: {bad[0]}"
    for cidr in args.allow_network:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            return f"not a network: {cidr}"
    if args.max_pages is not None and args.max_pages < 1:
        return "--max-pages must be at least 1"
    if any("=" not in pair for pair in args.set):
        return "-s needs NAME=VALUE"
    if args.full and args.state is None:  # issue 5
        return "--full needs --state DIR"
    return None


def _crawl(args: argparse.Namespace) -> int:
    from newsscraper.crawl_runner import EXIT_MISUSE, build_settings, run_crawl

    problem = _crawl_misuse(args)
    if problem:
        print(f"newsscraper crawl: {problem}", file=sys.stderr)
        return EXIT_MISUSE
    overrides = _crawl_overrides(args)
    urls = list(args.urls)
    server = None
    if args.demo:
        from newsscraper.demo import demo_server

        server = demo_server().start()
        urls.append(server.url("/"))
        # the demo server, and nothing else on loopback, is exempt from the SSRF guard
        host = server.origin.split("//", 1)[1].rsplit(":", 1)[0]
        allow = list(overrides.get("NEWSSCRAPER_ALLOW_NETWORKS", []))  # type: ignore[call-overload]
        overrides["NEWSSCRAPER_ALLOW_NETWORKS"] = [*allow, f"{host}/32"]
        # our own server on loopback: politeness delays would only slow the demo down
        overrides.setdefault("DOWNLOAD_DELAY", 0)
        overrides.setdefault("AUTOTHROTTLE_ENABLED", False)
    try:
        result = run_crawl(urls, build_settings(overrides))
    finally:
        if server is not None:
            server.stop()
    report = result.report
    print(
        f"newsscraper crawl: {report.get('pages_fetched', 0)} pages fetched, "
        f"{report.get('articles_written', 0)} articles written to {args.output}"
        + (f" (report: {args.report})" if args.report else ""),
        file=sys.stderr,
    )
    return result.exit_status


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsscraper`` command."""
    parser = argparse.ArgumentParser(prog="newsscraper", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser(
        "extract", help="extract articles from saved .html / .html.gz pages or .txt text scrapes"
    )
    ext.add_argument("paths", nargs="+", type=Path, help="files or folders of pages")
    ext.add_argument("--url", help="URL the (single) page was fetched from")
    ext.add_argument("-o", "--output", type=Path, help="JSON Lines file to write (default stdout)")
    ext.add_argument(
        "--explain",
        action="store_true",
        help="list on stderr, for every block dropped or kept, the rule that decided and its evidence "
        "(the records gain an 'explain' list)",
    )
    ext.set_defaults(func=_extract)
    _add_crawl_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
