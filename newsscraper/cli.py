"""The ``newsscraper`` command: ``extract`` saved pages (``crawl`` comes with the crawler)."""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from newsscraper.extraction.api import extract_article
from newsscraper.output import dumps_record

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


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
    out: TextIO = (
        open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    )
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
            article = extract_article(data, url=args.url or path.resolve().as_uri())
            out.write(dumps_record(article.to_dict()) + "\n")
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

    bar: _NoProgress = tqdm(total=total, unit="page", file=sys.stderr)  # type: ignore[assignment]
    return bar


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsscraper`` command."""
    parser = argparse.ArgumentParser(prog="newsscraper", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="extract articles from saved .html / .html.gz pages")
    ext.add_argument("paths", nargs="+", type=Path, help="files or folders of pages")
    ext.add_argument("--url", help="URL the (single) page was fetched from")
    ext.add_argument("-o", "--output", type=Path, help="JSON Lines file to write (default stdout)")
    ext.set_defaults(func=_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
