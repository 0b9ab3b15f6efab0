"""The ``newsscraper`` command: ``extract`` saved pages, ``crawl`` news sites, ``fetch`` given pages."""

from __future__ import annotations

import argparse
import difflib
import gzip
import io
import ipaddress
import os
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast
from urllib.parse import urlsplit

from newsscraper import __version__
from newsscraper.extraction.api import extract_article
from newsscraper.extraction.html import MAX_ATTRIBUTES, MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS
from newsscraper.items import ExplainedArticle
from newsscraper.output import FORMATS, SUFFIX_FORMATS, RecordWriter, format_of, is_gzip, open_output
from newsscraper.warcinput import WARC_SUFFIXES, ArchiveLoadFailed, looks_like_warc, warc_pages

if TYPE_CHECKING:
    from scrapy.settings import Settings

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", *WARC_SUFFIXES)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TEXT_SUFFIXES = (".txt", ".txt.gz")
"""Files read as plain-text scrapes (``extract_article`` with ``Content-Type: text/plain``)."""


STDIN = Path("-")
"""The ``extract`` path that reads one page (or WARC file) from standard input."""


HTML_SNIFF_PATTERNS = tuple(
    tag.encode()
    for tag in ("<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT",
                "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--")
)  # fmt: skip
"""How a file's first bytes announce HTML: the WHATWG MIME Sniffing standard's HTML patterns
(§7.1, "identifying a resource with an unknown MIME type"), each matched without regard to case
after leading whitespace and followed by a space or ``>``."""

SNIFF_BYTES = 1445
"""Bytes read to sniff a file: the standard's resource-header length (MIME Sniffing §5.2)."""


def _sniffs_as_html(path: Path) -> bool:
    """Whether the file at ``path`` starts as an HTML document does (:data:`HTML_SNIFF_PATTERNS`,
    a UTF-8 byte-order mark allowed before it); ``False`` when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\t\n\x0c\r ").upper()
    return any(
        head.startswith(tag) and head[len(tag) : len(tag) + 1] in (b" ", b">") for tag in HTML_SNIFF_PATTERNS
    )


def _in_folder(path: Path) -> bool:
    """Whether ``extract`` reads the file ``path`` met in a folder it was given: a page or WARC file
    by its name (:data:`PAGE_SUFFIXES`), or any other file but a text scrape whose first bytes
    sniff as HTML (a mirror's ``.shtml``, ``.php``, ``.aspx`` or suffix-less pages)."""
    name = path.name.lower()
    if name.endswith(PAGE_SUFFIXES):
        return True
    return not name.endswith(TEXT_SUFFIXES) and _sniffs_as_html(path)


def _pages(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path != STDIN and path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _in_folder(p))
        else:
            yield path


def _once(pages: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """``pages`` with each file kept once, and the repeats left out: a file named twice (``extract
    dir dir/a.html``, ``a.html ./a.html``, a link to it) gave its record twice, identical, against
    "one record per article". Files are the same by device and inode; streams and missing paths
    are kept as given (they are read, or refused, in turn)."""
    seen: set[tuple[int, int]] = set()
    kept: list[Path] = []
    repeats: list[Path] = []
    for path in pages:
        try:
            info = path.stat() if path != STDIN and path.is_file() else None
        except OSError:
            info = None
        if info is not None:
            key = (info.st_dev, info.st_ino)
            if key in seen:
                repeats.append(path)
                continue
            seen.add(key)
        kept.append(path)
    return kept, repeats


def _open_output(path: Path | None) -> TextIO:
    """The file ``-o`` names (UTF-8, ``\n`` line ends, gzip-compressed when it ends with ``.gz``;
    its missing folders made), or stdout for none or ``-``. ``OSError`` when it cannot be opened."""
    if path is None or str(path) == "-":
        return sys.stdout
    path.parent.mkdir(parents=True, exist_ok=True)  # as the crawl's writer does
    return open_output(path)  # closed by the caller


class _OutputOpenFailed(Exception):
    """``extract -o``'s file could not be opened at its first record (an ``OSError`` would pass for
    a failure of the input being read)."""


class _LazyOutput(io.TextIOBase):
    """``extract -o FILE``, opened (and so truncated) at its first write: a run that writes no
    record (every input empty, not HTML or unreadable: exit status 1; Ctrl-C before the first)
    leaves an existing file as it was, as a feed export opens its file at its first item."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._file: TextIO | None = None

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._file is None:
            try:
                self._file = _open_output(self.path)
            except OSError as exc:
                raise _OutputOpenFailed(f"-o {self.path}: {exc.strerror or exc}") from exc
        return self._file.write(text)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        super().close()  # flushes first
        if self._file is not None:
            self._file.close()


def _output_problem(path: Path, option: str = "-o", *, renamed: bool) -> str | None:
    """Why the output file ``path`` cannot be written, in one line naming ``option``; ``None`` when
    it can. Checked before anything runs, and nothing is left behind.

    ``renamed``: the file is published by renaming a new file over it (``crawl`` and ``fetch``
    outputs, ``--report``), so it must be a regular file or absent (a rename would replace a device
    such as ``/dev/null``) and its folder writable; ``extract`` opens it for writing, so an existing
    file must be writable. Refused: a folder; a path under a file; a folder where no file can be
    made. Missing folders are made by the writers, so the nearest existing one above must take a
    file. Writability is tried with a probe file, made and removed at once: ``os.access`` tells root
    yes even for ``/proc``.
    """
    parent = Path(os.path.abspath(path)).parent
    folder = parent
    try:
        if path.is_dir():
            example = path / ("report.json" if option == "--report" else "articles.jsonl")
            return f"{option} {path} is a folder; give a file name, e.g. {example}"
        if path.exists():
            if renamed and not path.is_file():
                return f"{option} {path} is not a regular file (it would be replaced by a new file)"
            if not renamed:
                return None if os.access(path, os.W_OK) else f"{option} {path}: the file is not writable"
        folder = _nearest_existing(parent)
        if not folder.is_dir():
            return f"{option} {path}: {folder} is a file, not a folder"
        _probe(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if folder == parent:
            return f"{option} {path}: cannot write in its folder {folder} ({reason})"
        return f"{option} {path}: its folder {parent} cannot be made in {folder} ({reason})"
    return None


def _folder_problem(path: Path, option: str) -> str | None:
    """Why ``path`` cannot be the folder ``option`` names (``--state DIR``), ``None`` when it can:
    an existing file; a folder, or for a missing one the nearest existing folder above (it is made),
    where no file can be made (a probe file, as in :func:`_output_problem`)."""
    folder = Path(os.path.abspath(path))
    try:
        if folder.exists() and not folder.is_dir():
            return f"{option} {path} is a file, not a folder"
        folder = _nearest_existing(folder)
        if not folder.is_dir():
            return f"{option} {path}: {folder} is a file, not a folder"
        _probe(folder)
    except OSError as exc:
        return f"{option} {path}: cannot write in {folder} ({exc.strerror or exc})"
    return None


def _nearest_existing(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists (a file, for a path under a file)."""
    while not path.exists():  # False for a path under a file, too
        path = path.parent
    return path


def _probe(folder: Path) -> None:
    """Make and remove a file in ``folder``; ``OSError`` when none can be made (``os.access``
    says yes to root even where nothing can be written, such as ``/proc``)."""
    fd, probe = tempfile.mkstemp(prefix=".newsscraper-probe-", dir=folder)
    os.close(fd)
    os.unlink(probe)


def _resolve_format(args: argparse.Namespace, explicit: str | None) -> str | None:
    """Set ``args.format``: ``explicit`` (``--format``), else the one the extension of ``-o`` names
    (:data:`SUFFIX_FORMATS`), else ``jsonl``. Return the misuse when the two disagree."""
    named = format_of(args.output) if args.output is not None and str(args.output) != "-" else None
    if explicit and named and explicit != named:
        ends = ", ".join(s for s, f in SUFFIX_FORMATS.items() if f == explicit)
        return (
            f"-o {args.output} names the {named} format but --format is {explicit}; "
            f"end the file name with {ends}, or leave --format out"
        )
    args.format = explicit or named or "jsonl"
    if not explicit and not named and args.output is not None and (ext := _unknown_extension(args.output)):
        # `-o out.xml` (a Scrapy feed format) got JSON Lines under that name, without a word
        command = getattr(args, "command", None)
        command = f"newsscraper {command}" if command in ("crawl", "fetch") else "newsscraper"
        print(
            f"{command}: -o {args.output}: {ext} names no format ({', '.join(FORMATS)}); "
            "writing JSON Lines (--format sets another)",
            file=sys.stderr,
        )
    return None


def _unknown_extension(output: Path) -> str | None:
    """The extension of the output file ``output`` (before a final ``.gz``) when it names no format
    of :data:`SUFFIX_FORMATS`, ``None`` when it names one or the name has none (``-``, ``/dev/null``).

    >>> [_unknown_extension(Path(name)) for name in ("out.xml", "out.csv.gz", "-", "/dev/null")]
    ['.xml', None, None, None]
    """
    name = output.with_suffix("") if is_gzip(output) else output
    suffix = name.suffix.lower()
    return suffix if suffix and suffix not in SUFFIX_FORMATS else None


GZIP_MAGIC = b"\x1f\x8b"
"""The first bytes of a gzip member (RFC 1952 §2.3.1, ID1 ID2)."""
READ_LIMIT = MAX_BYTES + 1
"""Bytes of a page read (after gunzipping): one more than ``extract_article`` parses, so that a
longer page still gets its ``input-truncated`` warning."""


_TRUNCATED = (
    f"longer than {MAX_BYTES // 2**20} MiB: only its first {MAX_BYTES // 2**20} MiB were extracted "
    "(warning input-truncated in the record)"
)
"""Said on stderr for a page over ``MAX_BYTES`` (once decompressed), the limit that bounds the memory
``extract`` takes: a 53 MB page of paragraphs, read to 10 MiB, peaks at ~300 MB resident (44 MB for a
small page; ``/usr/bin/time -v``), lxml's tree and the extraction's copies of the text; the cost
grows with the elements, not the bytes, hence the cap on them too (``_TOO_MANY_ELEMENTS``)."""
_TOO_MANY_ELEMENTS = (
    f"more than {MAX_ELEMENTS:,} elements: only its first {MAX_ELEMENTS:,} were extracted "
    "(warning too-many-elements in the record)"
)
"""Said on stderr for a page cut at ``MAX_ELEMENTS`` start tags: 10 MiB of ``<i>x</i>`` (1.3 million
elements) peaked at ~930 MB before that cap, ~300 MB with it (`/usr/bin/time -f %M`)."""
_TOO_DEEP = (
    f"elements nested deeper than {MAX_DEPTH} levels were left out, with their text "
    "(warning nesting-too-deep in the record)"
)
"""Said on stderr for a page cut at libxml2's depth limit: its record, often without a body, read
as an index page ("no article body found") though the text was there, below the cut."""
_TOO_MANY_ATTRIBUTES = (
    f"a tag of more than {MAX_ATTRIBUTES:,} attributes was read without them "
    "(warning too-many-attributes in the record)"
)
"""Said on stderr for a page with a tag read bare (``extraction.html.MAX_ATTRIBUTES``): its class,
style or ``hidden`` no longer counted in the extraction."""
_UNPARSABLE = "no HTML element in it (only a comment or a doctype?), no record written (warning unparsable)"
"""Said on stderr for a file from which libxml2 built no document (warning ``unparsable``)."""


def _input_problem(output: Path, pages: Sequence[Path]) -> str | None:
    """Why ``-o output`` would destroy the input: it is one of the ``pages`` (opening it for
    writing empties it before it is read), else ``None``."""
    if not output.exists():
        return None
    for page in pages:
        try:
            if page != STDIN and os.path.samefile(page, output):
                return f"-o {output} is the input page {page}: it would be emptied before it is read"
        except OSError:  # a page that went away: reported when it is read
            continue
    return None


@contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """The page file at ``path`` opened for reading bytes (``-``: standard input, left open)."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    with open(path, "rb") as stream:
        yield stream


def _unzipped(stream: BinaryIO) -> BinaryIO:
    """``stream`` gunzipped: a file is gunzipped when it starts with the gzip magic bytes, whatever
    its name, so a ``.html.gz`` that is plain HTML is read as it is, and a page saved still
    gzip-encoded under ``.html`` (``curl -o`` of a ``Content-Encoding: gzip`` response) is
    decompressed. Reading raises ``EOFError`` for a cut one, ``gzip.BadGzipFile`` for a broken
    header and ``zlib.error`` for broken deflate data."""
    return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]


class _Gunzipped(io.RawIOBase):
    """A gzip stream gunzipped (:func:`_unzipped`, every member), that ends where its data ends
    when it was cut short, setting ``cut``, where ``GzipFile`` raises ``EOFError``: warcio reads an
    ``EOFError`` as the end of the WARC, so a gzipped WARC cut short gave none of the records
    read in the same block before the cut (16 KiB), and said nothing."""

    def __init__(self, stream: BinaryIO):
        self._gzip = _unzipped(stream)
        self.cut = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._gzip.read1(len(buffer))  # type: ignore[attr-defined]  # GzipFile's
        except EOFError:  # raised by a read that found no more data: none is lost
            self.cut = True
            return 0
        buffer[: len(data)] = data
        return len(data)


class _Rejoined(io.RawIOBase):
    """``head`` (bytes already read from ``rest``), then the rest of the stream ``rest``: a stream
    that cannot seek back (stdin, a pipe) is sniffed, then read whole."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._head[: len(buffer)] if self._head else self._rest.read(len(buffer))
        self._head = self._head[len(data) :] if self._head else b""
        buffer[: len(data)] = data
        return len(data)


def _is_stream(path: Path) -> bool:
    """Whether ``path`` is read once, in one go: ``-`` (stdin), or a pipe or device such as
    ``/dev/stdin`` or a shell's ``<(command)``, which can be read only once."""
    return path == STDIN or (path.exists() and not path.is_file() and not path.is_dir())


def _missing_line(path: Path) -> str:
    """Why a page given to ``extract`` cannot be read: no such file, or a URL (as ``trafilatura -u``
    or newspaper's ``Article(url)`` take one), which ``extract`` does not fetch.

    >>> _missing_line(Path("https://example.com/a.html"))  # doctest: +NORMALIZE_WHITESPACE
    'https://example.com/a.html is a URL, not a file: extract reads saved pages; fetch it with
     newsscraper fetch https://example.com/a.html -o OUT.jsonl
     (or: curl -s URL | newsscraper extract - --url URL)'
    """
    text = str(path)
    scheme, sep, rest = text.partition(":/")
    if sep and scheme.lower() in ("http", "https") and not rest.startswith("/"):
        url = f"{scheme}://{rest}"  # Path folds the "//" of the URL as given
        return (
            f"{url} is a URL, not a file: extract reads saved pages; fetch it with newsscraper fetch "
            f"{url} -o OUT.jsonl (or: curl -s URL | newsscraper extract - --url URL)"
        )
    return f"no such file: {path}"


def _text_hint(paths: Sequence[Path]) -> str:
    """A hint for folders that hold text scrapes, which ``extract`` reads only when given by name
    (a folder's ``.txt`` files are as often notes or logs as scrapes); else ``""``.

    >>> _text_hint([])
    ''
    """
    texts = [p for d in paths if d != STDIN and d.is_dir() for p in d.rglob("*.txt") if p.is_file()]
    if not texts:
        return ""
    many = f"{len(texts)} .txt files" if len(texts) > 1 else "1 .txt file"
    return f" ({many} there: text scrapes are read when given by name, e.g. newsscraper extract {texts[0]})"


def _extract(args: argparse.Namespace) -> int:
    pages, repeats = _once(list(_pages(args.paths)))
    if repeats:
        again = "input names a file" if len(repeats) == 1 else "inputs name files"
        print(f"newsscraper: {len(repeats)} {again} given before (e.g. {repeats[0]}): each file is read once",
              file=sys.stderr)  # fmt: skip
    missing = [p for p in pages if not (p.is_file() or _is_stream(p))]
    if missing:
        print(f"newsscraper: {_missing_line(missing[0])}", file=sys.stderr)
        return 2
    if args.url and len(pages) > 1:
        print("newsscraper: --url needs exactly one page", file=sys.stderr)
        return 2
    if not pages:
        where = " ".join(map(str, args.paths))
        print(
            f"newsscraper: no pages ({', '.join(PAGE_SUFFIXES)} or HTML) in {where}{_text_hint(args.paths)}",
            file=sys.stderr,
        )
        return 2
    problem = _resolve_format(args, args.format)
    if problem is None and args.output is not None and str(args.output) != "-":
        problem = _output_problem(args.output, renamed=False) or _input_problem(args.output, pages)
    if problem:
        print(f"newsscraper: {problem}", file=sys.stderr)
        return 2
    stdout = args.output is None or str(args.output) == "-"
    out = sys.stdout if stdout else cast(TextIO, _LazyOutput(args.output))  # a text stream: all it needs
    writer = RecordWriter(out, args.format)
    failed = written = seen = done = 0
    skipped: Counter[str] = Counter()
    bodiless: list[str] = []
    try:
        progress = _progress(len(pages))
        for path in pages:
            before = seen
            try:
                for doc in _documents(path, skipped):
                    seen += 1
                    written += _write_article(writer, doc, args, bodiless)
            except BrokenPipeError:  # an OSError, but of the output, not of this input: see main()
                raise
            except (gzip.BadGzipFile, zlib.error) as exc:  # zlib.error: broken deflate data, a traceback
                # gzip's own words alone ("CRC check failed 0x...", "Unknown compression method")
                # named neither gzip nor the outcome
                none = ", no record written" if seen == before else ""
                print(f"newsscraper: {path}: gzip data corrupt ({exc}){none}", file=sys.stderr)
                failed += 1
            except (OSError, EOFError, ArchiveLoadFailed, NoPagesInWarc) as exc:
                print(f"newsscraper: {path}: {exc}", file=sys.stderr)
                failed += 1
            progress.update(1)
            done += 1
        progress.close()
        _end(writer)
    except _OutputOpenFailed as exc:  # what the checks before could not foresee (a race)
        print(f"newsscraper: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Ctrl-C: end the output as the format needs (a JSON array's `]`, the HTML page's end), so
        # the records written so far stay a whole, readable file; main() reports the interruption.
        _end(writer)
        # the writer's count: a record whose write Ctrl-C cut (stdout blocked) is whole once closed
        raise ExtractInterrupted(_interrupted_extract(args.output, writer.count, done, len(pages))) from None
    finally:
        if out is not sys.stdout:
            out.close()
    if skipped:
        counts = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
        print(f"newsscraper: WARC records that are not HTML pages, skipped: {counts}", file=sys.stderr)
    if bodiless:
        print(f"newsscraper: {_bodiless_line(bodiless, written)}", file=sys.stderr)
    # 1: nothing written though there was input (unreadable, empty, not HTML, a WARC without pages)
    return 1 if not written and (failed or skipped or seen) else 0


def _end(writer: RecordWriter) -> None:
    """End ``extract``'s document, unless it is a file that got no record: an empty JSON array or
    HTML page would open it, replacing what the file held (:class:`_LazyOutput`)."""
    if writer.count or not isinstance(writer.out, _LazyOutput):
        writer.close()


class ExtractInterrupted(KeyboardInterrupt):
    """Ctrl-C during ``extract``, its message saying how far it got (``main`` prints it)."""


def _interrupted_extract(output: Path | None, written: int, done: int, inputs: int) -> str:
    """How far an interrupted ``extract`` got: "newsscraper: interrupted" alone left a user of a
    long run guessing what the output holds.

    >>> _interrupted_extract(Path("out.jsonl"), 2, 2, 5)
    'with 2 of 5 inputs done: 2 records written to out.jsonl, each whole (a new run starts over)'
    >>> _interrupted_extract(Path("out.jsonl"), 0, 1, 5)
    'with 1 of 5 inputs done: no record written, out.jsonl left as it was'
    """
    from newsscraper.extensions.progress import counted

    where = f" to {output}" if output is not None and str(output) != "-" else ""
    if where and not written:
        return f"with {done} of {counted(inputs, 'input')} done: no record written, {output} left as it was"
    return (
        f"with {done} of {counted(inputs, 'input')} done: {counted(written, 'record')} written{where}, "
        "each whole (a new run starts over)"
    )


@dataclass(frozen=True, slots=True)
class _Document:
    """One page to extract: its bytes, the ``file://`` URI of the file it was read from (``None``
    for stdin or a pipe) and, from a WARC record, its URL, headers and fetch date."""

    label: str
    body: bytes
    url: str | None = None
    headers: dict[str, str] | None = None
    date: str | None = None
    file_uri: str | None = None


class NoPagesInWarc(ValueError):
    """A WARC file held no response (or http(s) resource) record at all: empty, cut before its
    first record, or not readable as WARC records (README: "a WARC without pages" exits 1)."""


def _documents(path: Path, skipped: Counter[str]) -> Iterator[_Document]:
    """The pages of one input file: a saved page, or each HTML page of a WARC file (a response or
    http(s) resource record).

    Raises :class:`NoPagesInWarc` after a WARC that gave neither a page nor a skipped record."""
    with _opened(path) as raw:
        head = raw.read(64)
        stream: BinaryIO = io.BufferedReader(_Rejoined(head, raw))
        gzipped = head.startswith(GZIP_MAGIC)
        named_warc = path.name.lower().endswith(WARC_SUFFIXES)
        # a gzipped WARC is gunzipped below, whether record by record or whole (warcio refuses a
        # .warc.gz gzipped whole), whatever its name: whether 64 bytes of it sniffed as a WARC
        # was chance
        if not gzipped and (named_warc or looks_like_warc(head)):
            yield from _warc_documents(path, stream, skipped)  # streamed, record by record
            return
        gunzipped = None
        if gzipped:  # whatever the name: see _unzipped
            gunzipped = _Gunzipped(stream)
            stream = io.BufferedReader(gunzipped)
            head = stream.read(64)
            stream = io.BufferedReader(_Rejoined(head, stream))
            if named_warc or looks_like_warc(head):  # a WARC gzipped record by record, or whole
                yield from _warc_documents(path, stream, skipped)
                if gunzipped.cut:  # the pages after the last whole record are lost
                    raise EOFError("gzip data cut short after the last whole WARC record")
                return
        # at most READ_LIMIT bytes: a gzip bomb (300 KB that inflate to 300 MB) or a huge file
        # costs that, not its size
        data = stream.read(READ_LIMIT)
        if gunzipped is not None and gunzipped.cut:  # gzip's words alone named neither gzip nor the outcome
            raise EOFError("gzip data cut short (the file ends inside its gzip stream), no record written")
    # a saved text (.txt) is read as one, whatever its bytes look like (issue 11), unless it starts
    # as a page's markup does (plaintext._markup_page: a page saved as .txt)
    text = path.name.lower().endswith(TEXT_SUFFIXES)
    label = "<stdin>" if path == STDIN else str(path)
    headers = {"Content-Type": "text/plain"} if text else None
    yield _Document(label, data, headers=headers, file_uri=_file_uri(path))


def _file_uri(path: Path) -> str | None:
    """The ``file://`` URI of a regular file, ``None`` for a stream (``/dev/stdin`` resolves to a
    pipe, which no URI names)."""
    return None if _is_stream(path) else path.resolve().as_uri()


def _warc_documents(path: Path, stream: BinaryIO, skipped: Counter[str]) -> Iterator[_Document]:
    before, pages = skipped.total(), 0
    for page in warc_pages(stream, skipped):
        pages += 1
        yield _Document(f"{path} {page.url}", page.body, page.url, page.headers, page.date)
    if not pages and skipped.total() == before:  # skipped responses get their own stderr line
        raise NoPagesInWarc(
            "the WARC held no pages (no response or resource record of a web page: empty, cut short "
            "or unreadable)"
        )


def _bodiless_line(labels: Sequence[str], written: int) -> str:
    """The stderr line on records written with an empty body: a home, section or listing page gave
    a record of its headline alone (``--format txt`` printed one line), with nothing said.

    >>> _bodiless_line(["home.html"], 1)  # doctest: +NORMALIZE_WHITESPACE
    'home.html: no article body found (not an article page, or its text was not found):
     record written with an empty body (warning no-article-body)'
    >>> _bodiless_line(["a.html", "b.html"], 5)  # doctest: +NORMALIZE_WHITESPACE
    '2 of 5 records have no article body (not an article page, or its text was not found),
     e.g. a.html (warning no-article-body)'
    """
    why = "not an article page, or its text was not found"
    flag = "(warning no-article-body)"
    if len(labels) == 1:
        return f"{labels[0]}: no article body found ({why}): record written with an empty body {flag}"
    return f"{len(labels)} of {written} records have no article body ({why}), e.g. {labels[0]} {flag}"


def _write_article(
    writer: RecordWriter, doc: _Document, args: argparse.Namespace, bodiless: list[str] | None = None
) -> int:
    """Extract ``doc`` and write its record; 0 (and a warning) when it is empty or not an HTML page.
    The label of a page whose record has no body is added to ``bodiless``."""
    if doc.url and args.url and not getattr(args, "url_unused_said", False):
        # the record's target URI wins: a WARC holds many pages, --url names one
        print(f"newsscraper: --url {args.url} is not used for WARC records: each record's url is"
              " its target URI (WARC-Target-URI)", file=sys.stderr)  # fmt: skip
        args.url_unused_said = True
    url = doc.url or args.url or doc.file_uri
    article = extract_article(doc.body, url=url, headers=doc.headers, explain=args.explain)
    not_html = [w for w in article.metadata.warnings if w.startswith("not-html:")]
    if not_html:
        kind = not_html[0].split(":", 1)[1]
        print(f"newsscraper: {doc.label}: not an HTML page ({kind}), no record written", file=sys.stderr)
        return 0
    if "empty-input" in article.metadata.warnings:
        # an empty file (a failed save, a mirror's placeholder) is no page: a record of nulls
        # written with exit 0 would pass for an extracted article
        empty = "empty (no bytes, or only whitespace), no record written"
        print(f"newsscraper: {doc.label}: {empty}", file=sys.stderr)
        return 0
    if "unparsable" in article.metadata.warnings:
        # libxml2 found no element (a file of only a comment or a doctype): as empty as an empty
        # file, and its record of nulls, written silently with exit 0, passed for an article
        print(f"newsscraper: {doc.label}: {_UNPARSABLE}", file=sys.stderr)
        return 0
    if "input-truncated" in article.metadata.warnings:
        # the record carries the flag, but a user reading the output of a huge page (a dump, a
        # page of many thousand comments) would take its body for the whole page
        print(f"newsscraper: {doc.label}: {_TRUNCATED}", file=sys.stderr)
    if "too-many-elements" in article.metadata.warnings:
        print(f"newsscraper: {doc.label}: {_TOO_MANY_ELEMENTS}", file=sys.stderr)
    if "nesting-too-deep" in article.metadata.warnings:
        print(f"newsscraper: {doc.label}: {_TOO_DEEP}", file=sys.stderr)
    if "too-many-attributes" in article.metadata.warnings:
        print(f"newsscraper: {doc.label}: {_TOO_MANY_ATTRIBUTES}", file=sys.stderr)
    if bodiless is not None and "no-article-body" in article.metadata.warnings:
        bodiless.append(doc.label)
    if doc.date:  # when the archive fetched it, not the extraction's guess
        article.metadata.dateDownloaded = doc.date
    writer.write(article)
    if isinstance(article, ExplainedArticle):
        print(f"# {doc.label}", file=sys.stderr)
        for d in article.explain:
            print(d.line(), file=sys.stderr)
    return 1


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


def _add_run_options(cmd: argparse.ArgumentParser) -> None:
    """Options shared by ``crawl`` and ``fetch`` (both run the ``news`` spider)."""
    cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write, in the format its extension names (.jsonl, .json, .csv, .md, .txt, .html), "
        "else --format, else JSON Lines; gzip-compressed when the name ends with .gz (out.jsonl.gz)",
    )
    cmd.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="output format, as for extract (default: the one the extension of -o names, else jsonl; "
        "written crash-safe from a JSON Lines journal, OUTPUT.part)",
    )
    cmd.add_argument("--report", type=Path, help="write the run report (JSON) here")
    cmd.add_argument(
        "--max-pages",
        type=_positive(int),
        metavar="N",
        help="send at most N requests (robots.txt and redirects included)",
    )
    cmd.add_argument(
        "--allow-network",
        action="append",
        default=[],
        metavar="CIDR",
        help="allow requests to this non-public network (repeatable), e.g. 127.0.0.0/8",
    )
    cmd.add_argument(
        "--timeout",
        type=_positive(float),
        metavar="S",
        help="stop the whole run after S seconds (each request's timeout is -s DOWNLOAD_TIMEOUT=S, 30)",
    )
    cmd.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a Scrapy setting (e.g. USER_AGENT, DOWNLOAD_TIMEOUT, DOWNLOAD_DELAY)",
    )
    cmd.add_argument(
        "--log-level",
        default="WARNING",
        type=str.upper,
        choices=LOG_LEVELS,
        help="Scrapy log level (default WARNING)",
    )
    # selection (newsscraper/pipelines/select.py)
    cmd.add_argument("--url-filter", metavar="REGEX", help="keep only records whose URL matches REGEX")
    cmd.add_argument(
        "--since",
        metavar="DATE",
        help="keep only articles published on or after DATE (ISO 8601: a time, a day such as "
        "2026-11-10 or 20261110, or a month, 2026-11, from its start)",
    )
    cmd.add_argument(
        "--until",
        metavar="DATE",
        help="keep only articles published on or before DATE (ISO 8601; a day or a month through its end)",
    )
    cmd.add_argument("--lang", metavar="CODES", help="keep only articles in these languages, e.g. en,de")


def _add_crawl_parser(sub: Any) -> None:
    crawl = sub.add_parser("crawl", help="crawl news sites and write one record per article")
    crawl.add_argument("urls", nargs="*", help="start URLs (home pages, sections, sitemaps, feeds)")
    _add_run_options(crawl)
    crawl.add_argument(
        "--demo", action="store_true", help="serve the bundled demo news site on loopback and crawl it"
    )
    crawl.add_argument(
        "--no-follow",
        action="store_true",
        help="follow no links: the entries of start URLs that are sitemaps or feeds; "
        "other start URLs are pages",
    )
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


def _add_fetch_parser(sub: Any) -> None:
    fetch = sub.add_parser(
        "fetch", help="fetch exactly the given pages (politely, robots.txt, SSRF guard) and extract them"
    )
    fetch.add_argument("urls", nargs="*", help="page URLs; '-' reads URLs from stdin, one a line")
    fetch.add_argument(
        "-i", "--input-file", type=Path, metavar="FILE", help="read URLs from FILE, one a line"
    )
    _add_run_options(fetch)
    fetch.set_defaults(func=_fetch)


def _crawl_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Map command-line flags to Scrapy settings (applied at command-line priority)."""
    # the progress line shows only when stderr is a terminal (extensions/progress.py); -s can set it off
    overrides: dict[str, object] = {"LOG_LEVEL": args.log_level.upper(), "NEWSSCRAPER_PROGRESS_ENABLED": True}
    for pair in args.set:  # first, so that the dedicated flags below win over -s
        name, _, value = pair.partition("=")
        overrides[name.strip()] = value
    overrides["NEWSSCRAPER_OUTPUT"] = str(args.output)
    if args.format:
        overrides["NEWSSCRAPER_OUTPUT_FORMAT"] = args.format
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
    if getattr(args, "state", None) is not None:
        overrides["NEWSSCRAPER_STATE_DIR"] = str(args.state)
        overrides["NEWSSCRAPER_STATE_FULL"] = bool(args.full)
    if getattr(args, "frontier", None):
        overrides["NEWSSCRAPER_FRONTIER"] = args.frontier
    selection = {"NEWSSCRAPER_URL_FILTER": args.url_filter, "NEWSSCRAPER_SINCE": args.since,
                 "NEWSSCRAPER_UNTIL": args.until, "NEWSSCRAPER_LANGUAGES": args.lang}  # fmt: skip
    overrides.update({name: value for name, value in selection.items() if value})
    return overrides


def _setting_typo(name: str) -> str | None:
    """The setting ``-s NAME`` most likely meant, when ``NAME`` is neither Scrapy's nor newsscraper's
    and one of theirs is a close spelling (``DOWNLOAD_TIMOUT``, ``download_timeout``); else ``None``.
    Scrapy takes any name, so a typo was used as given and changed nothing, unsaid. A name close to
    none (an extension's own, ``REDIS_URL``) is left alone. ``NEWSSCRAPER_*`` names are refused
    when unknown (``crawl.runner.check_settings``), with the same suggestion.

    >>> _setting_typo("DOWNLOAD_TIMOUT"), _setting_typo("download_timeout"), _setting_typo("REDIS_URL")
    ('DOWNLOAD_TIMEOUT', 'DOWNLOAD_TIMEOUT', None)
    >>> _setting_typo("DOWNLOAD_TIMEOUT") is None
    True
    """
    from newsscraper.crawl.runner import known_setting_names

    known = known_setting_names()
    if name in known:
        return None
    if name.upper() in known:
        return name.upper()
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.85)
    return close[0] if close else None


def _say_setting_typos(command: str, args: argparse.Namespace) -> None:
    """One stderr line for each ``-s NAME=VALUE`` whose name looks like a typo (:func:`_setting_typo`)."""
    for pair in args.set:
        name = pair.partition("=")[0].strip()
        if not name.startswith("NEWSSCRAPER_") and (meant := _setting_typo(name)):
            print(
                f"newsscraper {command}: -s {name}: not a Scrapy or newsscraper setting, so it changes "
                f"nothing; did you mean {meant}?",
                file=sys.stderr,
            )


def _positive(kind: type[int] | type[float]) -> Any:
    """An argparse type: a number > 0 of ``kind``, else exit status 2 with the reason."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value != value:  # NaN, which no comparison refuses: `--timeout nan` stopped the crawl at once
            raise argparse.ArgumentTypeError(f"not a number: {text!r}")
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def _absolute_url(value: str) -> str:
    """argparse type of ``extract --url``: an absolute URL (scheme and host), else exit status 2.
    A bare ``example.com/a`` would be the record's ``url`` as given, and nothing relative on the
    page would resolve against it."""
    parts = urlsplit(value.strip())
    if not (parts.scheme and parts.netloc):
        # `localhost:8080/a` reads as the scheme "localhost": no hint was given for a host and port
        port = value.strip().partition(":")[2][:1].isdigit()
        # a path (`/news/a`, `//host/a`) names no host: `https:///news/a` would be no hint
        bare = (not parts.scheme and not value.strip().startswith("/")) or port
        hint = f" (e.g. https://{value.strip()})" if bare else ""
        raise argparse.ArgumentTypeError(f"not an absolute URL: {value!r}{hint}")
    return value.strip()


def _frontier_url(value: str) -> str:
    """argparse type of ``--frontier`` (issue 5): a redis:// URL, else exit status 2 (misuse)."""
    from newsscraper.crawl.frontier import frontier_settings

    try:
        frontier_settings(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _not_a_url_line(given: str, command: str) -> str:
    """Why ``given`` is no start URL, and what was likely meant: a saved page (``extract``), a list
    of URLs (``-i``) or a host without its scheme.

    >>> _not_a_url_line("www.example.com/news", "crawl")
    'not an http(s) URL: www.example.com/news (did you mean https://www.example.com/news?)'
    >>> _not_a_url_line("ftp://example.com/", "crawl")
    'not an http(s) URL: ftp://example.com/'
    """
    line = f"not an http(s) URL: {given}"
    path = Path(given)
    if path.is_file():
        list_option = " (a file of URLs, one a line: -i FILE)" if command == "fetch" else ""
        return f"{line}; it is a file: for a saved page use newsscraper extract {given}{list_option}"
    host = given.split("/", 1)[0]
    if "://" not in given and "." in host and " " not in given and not path.exists():
        return f"{line} (did you mean https://{given}?)"
    return line


def _crawl_misuse(args: argparse.Namespace) -> str | None:
    from newsscraper.pipelines.jsonlines import journal_of, output_busy

    if not args.urls and not getattr(args, "demo", True):
        return "give start URLs or --demo"
    bad = [u for u in args.urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        line = _not_a_url_line(bad[0], "fetch" if not hasattr(args, "state") else "crawl")
        if len(bad) > 1:  # a list of thousands was fixed one refusal, and one run, at a time
            line += f"; {len(bad) - 1} more of the {len(args.urls)} URLs given are not http(s) URLs"
        return line
    for cidr in args.allow_network:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            return f"not a network: {cidr}"
    if args.max_pages is not None and args.max_pages < 1:
        return "--max-pages must be at least 1"
    if any("=" not in pair for pair in args.set):
        return "-s needs NAME=VALUE"
    if getattr(args, "full", False) and args.state is None:  # issue 5
        return "--full needs --state DIR"
    if str(args.output) == "-":
        # fetch is the spider's follow=none: the crawl's command line would crawl the whole site
        # (and fetch's article thresholds of 0: docs/crawling.md)
        follow = (
            ""
            if hasattr(args, "state")
            else " -a follow=none -s NEWSSCRAPER_ARTICLE_MIN_PROBABILITY=0 -s NEWSSCRAPER_ARTICLE_MIN_WORDS=0"
        )
        return (
            "-o needs a file (written atomically); for stdout, in the repository's folder: "
            f"scrapy crawl news -a start=URL{follow} -o -:jsonl"
        )
    pairs = (pair.partition("=") for pair in args.set)
    given = [value for name, _, value in pairs if name.strip() == "NEWSSCRAPER_OUTPUT_FORMAT"]
    problem = _resolve_format(args, args.format or (given[-1] if given else None))
    if problem:
        return problem
    outputs = [("-o", args.output)] + ([("--report", args.report)] if args.report is not None else [])
    for option, path in outputs:
        problem = _output_problem(path, option, renamed=True)
        if problem:
            return problem
    if output_busy(args.output):
        return (
            f"-o {args.output} is being written by another run (its journal {journal_of(args.output)} "
            "is locked): wait for it to end, or give another -o"
        )
    if getattr(args, "state", None) is not None:
        return _folder_problem(args.state, "--state")
    return None


class NotUtf8Error(ValueError):
    """A list of URLs (``fetch -`` or ``-i FILE``) that is not UTF-8 text, or longer than
    :data:`MAX_URL_LIST_BYTES`; the message names it."""


MAX_URL_LIST_BYTES = 64 * 1024 * 1024
"""Bytes of a URL list read (``fetch -``, ``-i FILE``): some 700,000 URLs, held in memory as start
requests. The list was read whole: an endless stdin (``yes URL | newsscraper fetch -``) or
``-i /dev/zero`` filled memory and never began to fetch."""


def _bounded_read(stream: BinaryIO, source: str) -> bytes:
    """All of ``stream``, or :class:`NotUtf8Error` naming ``source`` past :data:`MAX_URL_LIST_BYTES`."""
    data = stream.read(MAX_URL_LIST_BYTES + 1)
    if len(data) > MAX_URL_LIST_BYTES:
        raise NotUtf8Error(
            f"{source}: a URL list over {MAX_URL_LIST_BYTES // 2**20} MiB (endless input?); "
            "split it over several runs"
        )
    return data


def _utf8_lines(data: bytes, source: str) -> list[str]:
    """The lines of ``data`` (UTF-8, a BOM dropped); :class:`NotUtf8Error` naming ``source`` else."""
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:  # a URL list saved in Latin-1 was a traceback
        raise NotUtf8Error(f"{source} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _fetch_urls(args: argparse.Namespace) -> list[str]:
    """The URLs given: arguments, ``-`` (stdin) and ``-i FILE`` lines (blank and ``#`` lines skipped),
    repeats kept for :func:`_once_by_identity` to drop and count."""
    lines: list[str] = []
    for url in args.urls:
        if url == "-":
            lines.extend(_utf8_lines(_bounded_read(sys.stdin.buffer, "stdin"), "stdin"))
        else:
            lines.append(url)
    if args.input_file is not None:
        source = f"-i {args.input_file}"
        with open(args.input_file, "rb") as stream:
            lines.extend(_utf8_lines(_bounded_read(stream, source), source))
    return [x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")]


def _once_by_identity(urls: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(urls, repeats)``: each page once, in the spelling given first, and the URLs that name a page
    given before: the same URL, or the same once canonicalised as the crawl's duplicate filter does
    (``crawl.urls.url_identity``: tracking and session parameters, fragments, default ports dropped).
    The filter dropped them unsaid: four spellings of one page gave one record and no word why.

    >>> _once_by_identity(["https://a.example/x", "https://a.example/x?utm_source=y#top", "https://a.example/x"])
    (['https://a.example/x'], ['https://a.example/x?utm_source=y#top', 'https://a.example/x'])
    """
    from newsscraper.crawl.urls import url_identity

    seen: set[str] = set()
    kept: list[str] = []
    repeats: list[str] = []
    for url in urls:
        try:
            key = url_identity(url)
        except ValueError:  # not a URL: refused by _crawl_misuse, as given
            key = url
        if key in seen:
            repeats.append(url)
        else:
            seen.add(key)
            kept.append(url)
    return kept, repeats


def _no_url_problem(lists: list[str]) -> str:
    """Why ``fetch`` has no URL: none given, or the lists given (``stdin``, ``-i FILE``) held none.
    "give URLs, '-' (stdin) or -i FILE" answered an empty list too, though it had been given."""
    if not lists:
        return "give URLs, '-' (stdin) or -i FILE"
    return f"{' and '.join(lists)} held no URL (blank lines and # lines are skipped): nothing to fetch"


def _frontier_unusable(command: str, settings: Settings) -> int | None:
    """Exit status 1 (nothing crawled), said in one line, when the Redis frontier does not answer;
    ``None`` when it does or none is set (``crawl.frontier.frontier_problem``)."""
    from newsscraper.crawl.frontier import frontier_problem
    from newsscraper.crawl.runner import EXIT_NOTHING_CRAWLED

    problem = frontier_problem(settings)
    if problem is None:
        return None
    print(f"newsscraper {command}: {problem}", file=sys.stderr)
    return EXIT_NOTHING_CRAWLED


def _fetch(args: argparse.Namespace) -> int:
    """``newsscraper fetch``: the ``news`` spider in ``follow=none`` mode, every page a record."""
    from newsscraper.crawl.runner import EXIT_MISUSE, SettingsError, build_settings, check_settings, run_crawl

    lists = ["stdin"] if "-" in args.urls else []
    if args.input_file is not None:
        lists.append(f"-i {args.input_file}")
    try:
        args.urls, repeats = _once_by_identity(_fetch_urls(args))
    except OSError as exc:
        print(f"newsscraper fetch: -i {args.input_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_MISUSE
    except NotUtf8Error as exc:
        print(f"newsscraper fetch: {exc}", file=sys.stderr)
        return EXIT_MISUSE
    problem = _no_url_problem(lists) if not args.urls else _crawl_misuse(args)
    if problem:
        print(f"newsscraper fetch: {problem}", file=sys.stderr)
        return EXIT_MISUSE
    if repeats:
        again = "URL names a page" if len(repeats) == 1 else "URLs name a page"
        print(
            f"newsscraper fetch: {len(repeats)} {again} given before (e.g. {repeats[0]}; the same once "
            "tracking parameters and fragments are dropped): each page is fetched once",
            file=sys.stderr,
        )
    _say_setting_typos("fetch", args)
    overrides = _crawl_overrides(args)
    # the user chose these pages: each one with a body is a record, whatever its article score
    overrides.setdefault("NEWSSCRAPER_ARTICLE_MIN_PROBABILITY", 0.0)
    overrides.setdefault("NEWSSCRAPER_ARTICLE_MIN_WORDS", 0)
    settings = build_settings(overrides)
    try:
        check_settings(settings)
    except SettingsError as exc:
        print(f"newsscraper fetch: {exc}", file=sys.stderr)
        return EXIT_MISUSE
    unusable = _frontier_unusable("fetch", settings)
    if unusable is not None:
        return unusable
    result = run_crawl(args.urls, settings, follow="none")
    _summary("fetch", result.report, result.stats, args)
    return result.exit_status


def _interrupted_line(args: argparse.Namespace, kept: bool = False) -> str:
    """What a stopped run's output holds and what running it again does: "run it again to finish"
    was true only with ``--state``; without it the next run starts over and replaces the output.
    ``kept``: the run wrote no record, so the output was left as it was (``pipelines/jsonlines.py``)."""
    line = "interrupted: stopped after the pages in flight (exit status 3); "
    if kept:
        line += f"no article written, {args.output} left as it was; "
    state = getattr(args, "state", None)
    if state is not None:
        return line + (
            f"run it again with --state {state} to finish: it emits only what this run did not "
            f"(to a new -o: {args.output} is replaced)"
        )
    if not kept:
        line += f"{args.output} holds what was finished; "
    line += "a new run starts over and replaces it"
    if hasattr(args, "state"):  # crawl, not fetch
        line += " (with --state DIR, a next run emits only the articles a stopped one did not)"
    return line


def _robots_fetched(stats: dict[str, Any]) -> str:
    """`` (N robots.txt)``: the robots.txt answers among the pages ``fetch`` counts, else ``""``.
    ``fetch URL`` of one page said "2 pages fetched", its site's robots.txt the other.

    >>> _robots_fetched({"robotstxt/response_status_count/200": 1, "downloader/response_count": 2})
    ' (1 robots.txt)'
    """
    prefix = "robotstxt/response_status_count/"
    answers = sum(int(n) for name, n in stats.items() if name.startswith(prefix))
    return f" ({answers} robots.txt)" if answers else ""


def _dropped_line(report: dict[str, Any]) -> str | None:
    """Why pages ``fetch`` was given yielded no record (the report's ``drops``), ``None`` when all
    did: a crawl drops its home and section pages by design, but a fetched page that gives no record
    (a robots.txt, a PDF, a duplicate) went unsaid, as if fetched and written.

    >>> _dropped_line({"drops": {"not-html": 1, "duplicate/url": 2}})
    '3 pages gave no record: 2 duplicate/url, 1 not-html'
    """
    from newsscraper.extensions.progress import counted

    drops = {reason: int(n) for reason, n in (report.get("drops") or {}).items() if int(n) > 0}
    if not drops:
        return None
    kinds = ", ".join(f"{n} {reason}" for reason, n in sorted(drops.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{counted(sum(drops.values()), 'page')} gave no record: {kinds}"


KNOWN_KINDS = ("skipped-lastmod", "not-modified", "unchanged")
"""The report's ``incremental`` counts of known articles a ``--state`` run did not write again."""


def _known_line(report: dict[str, Any], *, full: bool = False) -> str | None:
    """How many known articles a ``--state`` run left out as unchanged, ``None`` when none: a second
    run ended with ``0 articles written`` and nothing saying why (``docs/scheduling.md``). Under
    ``--full`` (``full``) the ``unchanged`` ones were written again, so they are not counted here
    (the line said they were left out, beside a total that held them).

    >>> _known_line({"incremental": {"skipped-lastmod": 6, "not-modified": 1, "new": 2}})
    ... # doctest: +NORMALIZE_WHITESPACE
    '7 known articles not written again: unchanged since the last run (6 skipped-lastmod,
     1 not-modified); --full writes them again'
    """
    from newsscraper.extensions.progress import counted

    counts = dict(report.get("incremental") or {})
    left_out = [kind for kind in KNOWN_KINDS if not (full and kind == "unchanged")]
    kinds = [(kind, int(counts.get(kind, 0))) for kind in left_out if int(counts.get(kind, 0)) > 0]
    if not kinds:
        return None
    parts = ", ".join(f"{n} {kind}" for kind, n in kinds)
    total = counted(sum(n for _, n in kinds), "known article")
    return f"{total} not written again: unchanged since the last run ({parts}); --full writes them again"


LIMITS = {
    "closespider_timeout": "the time limit (--timeout, CLOSESPIDER_TIMEOUT)",
    "closespider_pagecount": "the page limit (--max-pages, CLOSESPIDER_PAGECOUNT)",
    "closespider_itemcount": "the article limit (CLOSESPIDER_ITEMCOUNT)",
    "closespider_errorcount": "the error limit (CLOSESPIDER_ERRORCOUNT)",
    "closespider_pagecount_no_item": "the limit of pages without an article (CLOSESPIDER_PAGECOUNT_NO_ITEM)",
    "closespider_timeout_no_item": "the time limit without an article (CLOSESPIDER_TIMEOUT_NO_ITEM)",
}
"""Scrapy's CloseSpider finish reasons, and the limit each names."""


def _limit_line(finish_reason: str) -> str | None:
    """The line saying a run ended at a limit, or ``None``: the totals after it read as a whole run
    (``--max-pages 5`` on a site: ``6 pages fetched, 0 articles written``, and not a word why).

    >>> _limit_line("closespider_pagecount")  # doctest: +NORMALIZE_WHITESPACE
    'stopped by the page limit (--max-pages, CLOSESPIDER_PAGECOUNT) after the pages in flight:
     pages not reached by then are left out'
    >>> _limit_line("finished") is None
    True
    """
    limit = LIMITS.get(finish_reason)
    if limit is None:
        return None
    return f"stopped by {limit} after the pages in flight: pages not reached by then are left out"


def _summary(command: str, report: dict[str, Any], stats: dict[str, Any], args: argparse.Namespace) -> None:
    """The lines after a run, on stderr: refusals by kind, failures (one line), an interruption,
    the totals."""
    from newsscraper.crawl.runner import (
        failure_lines,
        joined_late,
        refusal_lines,
        selected_line,
        truncated_line,
    )
    from newsscraper.extensions.progress import counted

    for line in refusal_lines(report, stats):
        print(f"newsscraper {command}: {line}", file=sys.stderr)
    for line in failure_lines(stats):
        if "feed export" not in line and args.log_level not in ("DEBUG", "INFO"):
            line += "; --log-level INFO names each page"  # Scrapy logs each one at INFO or above
        print(f"newsscraper {command}: {line}", file=sys.stderr)
    if truncated := truncated_line(stats):
        print(f"newsscraper {command}: {truncated}", file=sys.stderr)
    if command == "fetch" and (dropped := _dropped_line(report)):
        print(f"newsscraper {command}: {dropped}", file=sys.stderr)
    if command == "crawl" and (selected := selected_line(report)):
        print(f"newsscraper {command}: {selected}", file=sys.stderr)
    if known := _known_line(report, full=bool(getattr(args, "full", False))):
        print(f"newsscraper {command}: {known}", file=sys.stderr)
    if report.get("finish_reason") == "shutdown":
        # Scrapy says it only at INFO ("Received SIGINT, shutting down gracefully"): the totals
        # below would read as a whole run
        kept = bool(stats.get("newsscraper/output_kept"))
        print(f"newsscraper {command}: {_interrupted_line(args, kept)}", file=sys.stderr)
    elif limit := _limit_line(str(report.get("finish_reason"))):  # the same, after a limit
        print(f"newsscraper {command}: {limit}", file=sys.stderr)
    if report.get("finish_reason") == "frontier_lost":
        print(
            f"newsscraper {command}: the shared frontier (--frontier, Redis) failed: stopped after the "
            "pages in flight, exit status 1; what was written is committed, the next run completes the work",
            file=sys.stderr,
        )
    if joined_late(stats):
        print(
            f"newsscraper {command}: joined a shared crawl (--frontier) whose other workers had "
            "already taken every page: nothing was left for this one",
            file=sys.stderr,
        )
    robots = _robots_fetched(stats) if command == "fetch" else ""
    written = f"{counted(report.get('articles_written', 0), 'article')} written to {args.output}"
    if stats.get("newsscraper/output_kept"):  # pipelines/jsonlines.py: no empty snapshot over it
        left = "left as it was" if Path(args.output).exists() else "not made"
        written = f"0 articles written: {args.output} {left}"
    print(
        f"newsscraper {command}: {counted(report.get('pages_fetched', 0), 'page')} fetched{robots}, {written}"
        + (f" (report: {args.report})" if args.report else ""),
        file=sys.stderr,
    )


DEMO_PORT = 8473
"""Loopback port of ``--demo``: the same origin every run, so ``--demo --state DIR`` run twice sees
the same article URLs (a free port only when this one is taken)."""


def _start_demo() -> Any:
    from newsscraper.demo import demo_server

    try:
        return demo_server(port=DEMO_PORT).start()
    except OSError:
        server = demo_server().start()
        print(
            f"newsscraper crawl: port {DEMO_PORT} is taken, the demo runs at {server.origin} "
            "(a state kept with --state sees its pages as new)",
            file=sys.stderr,
        )
        return server


def _crawl(args: argparse.Namespace) -> int:
    from newsscraper.crawl.runner import EXIT_MISUSE, SettingsError, build_settings, check_settings, run_crawl

    problem = _crawl_misuse(args)
    if problem:
        print(f"newsscraper crawl: {problem}", file=sys.stderr)
        return EXIT_MISUSE
    _say_setting_typos("crawl", args)
    overrides = _crawl_overrides(args)
    try:
        check_settings(build_settings(overrides))
    except SettingsError as exc:
        print(f"newsscraper crawl: {exc}", file=sys.stderr)
        return EXIT_MISUSE
    unusable = _frontier_unusable("crawl", build_settings(overrides))
    if unusable is not None:
        return unusable
    urls = list(args.urls)
    server = None
    if args.demo:
        server = _start_demo()
        urls.append(server.url("/"))
        # the demo server, and nothing else on loopback, is exempt from the SSRF guard
        host = server.origin.split("//", 1)[1].rsplit(":", 1)[0]
        allow = list(overrides.get("NEWSSCRAPER_ALLOW_NETWORKS", []))  # type: ignore[call-overload]
        overrides["NEWSSCRAPER_ALLOW_NETWORKS"] = [*allow, f"{host}/32"]
        # our own server on loopback: politeness delays would only slow the demo down
        overrides.setdefault("DOWNLOAD_DELAY", 0)
        overrides.setdefault("AUTOTHROTTLE_ENABLED", False)
    try:
        result = run_crawl(urls, build_settings(overrides), follow="entries" if args.no_follow else "all")
    finally:
        if server is not None:
            server.stop()
    _summary("crawl", result.report, result.stats, args)
    return result.exit_status


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``newsscraper`` command."""
    parser = argparse.ArgumentParser(
        prog="newsscraper",
        description="Extract news articles from saved pages, crawl news sites or fetch given pages, "
        "one JSON Lines record per article (README.md, docs/crawling.md).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # not required=True: argparse would report a missing command before an unknown option
    sub = parser.add_subparsers(dest="command", metavar="{extract,crawl,fetch}")
    ext = sub.add_parser(
        "extract", help="extract articles from saved .html / .html.gz pages, WARC files or .txt text scrapes"
    )
    ext.add_argument(
        "paths",
        nargs="+",
        type=Path,
        help="pages or WARC files, any name (.txt ones read as text scrapes), or folders (their .html, "
        ".htm, .html.gz, .htm.gz, .warc, .warc.gz files and other files that start as HTML does, "
        "such as a mirror's .shtml or .php pages, recursively; not .txt); '-' reads one page (or WARC "
        "file) from stdin",
    )
    ext.add_argument(
        "--url",
        type=_absolute_url,
        help="absolute URL the (single) page was fetched from: relative links, images and the "
        "canonical URL are resolved against it (without it, against the file:// URI, and relative "
        "images are left out: only http(s) image URLs are kept)",
    )
    ext.add_argument(
        "-o",
        "--output",
        type=Path,
        help="file to write (default or '-': stdout), in the format its extension names "
        "(.jsonl, .json, .csv, .md, .txt, .html) unless --format; gzip-compressed when the name ends "
        "with .gz (out.jsonl.gz)",
    )
    ext.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="jsonl (default: the JSON Schema's record per line), json (one array), csv (one column per "
        "record field, nested ones as JSON), markdown, txt, html (the article bodies); default: the one "
        "the extension of -o names, else jsonl; an extension naming another format is refused",
    )
    ext.add_argument(
        "--explain",
        action="store_true",
        help="list on stderr, for every block dropped or kept, the rule that decided and its evidence "
        "(the records gain an 'explain' list, which the record schema does not allow: leave it off "
        "for records you validate or hand on)",
    )
    ext.set_defaults(func=_extract)
    _add_crawl_parser(sub)
    _add_fetch_parser(sub)
    return parser


def _utf8_streams() -> None:
    """Write UTF-8 whatever the console's code page (a cp1252 console would fail on "朝")."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(
                encoding="utf-8", errors="backslashreplace" if stream is sys.stderr else "strict"
            )


EXIT_BROKEN_PIPE = 141
"""The reader of stdout went away (``| head``): 128 + SIGPIPE, as a C tool killed by it reports."""

EXIT_INTERRUPTED = 130
"""Ctrl-C (SIGINT) outside a running crawl, e.g. during ``extract`` or while the crawl starts up:
128 + SIGINT, as a shell reports a command it interrupted. A running crawl handles SIGINT itself
(stops after the pages in flight, exit 3: ``docs/scheduling.md``)."""


def _parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """``parser.parse_args(argv)``, with pages and URLs also read after options: argparse takes a
    command's positional list in one piece, so ``fetch URL --allow-network CIDR URL URL`` (or
    ``extract a.html --explain b.html``) stopped at the first option and called the rest
    "unrecognized arguments". Anything else unrecognized is still misuse (exit 2)."""
    args, extras = parser.parse_known_args(argv)
    if not extras:
        return args
    if args.command is None or any(x.startswith("-") and x != "-" for x in extras):
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if args.command == "extract":
        args.paths = [*args.paths, *map(Path, extras)]
    else:
        args.urls = [*args.urls, *extras]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: ``extract`` 0 when it wrote a record, 1 when
    its input gave none; ``crawl`` and ``fetch`` 0, 1, 3 or 4 (``crawl.runner.exit_status``, the
    table in ``docs/crawling.md``); 2 on misuse, with the reason on stderr (argparse's own refusals,
    such as an unknown option, raise ``SystemExit(2)`` instead); 130 on Ctrl-C; 141 when stdout's
    reader stopped reading (``extract DIR | head -1``)."""
    _utf8_streams()
    parser = build_parser()
    args = _parse_args(parser, argv)
    if args.command is None:
        parser.error("give a command: extract, crawl or fetch")
    try:
        status: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # stdout's reader stopped reading: not an error of ours. Point stdout at devnull so that
        # the interpreter's final flush does not raise (and print) again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt as exc:
        # Ctrl-C is the user's choice, not a bug: one line, not a traceback through whatever
        # module was loading or which page was being read.
        detail = f" {exc}" if isinstance(exc, ExtractInterrupted) else ""
        print(f"newsscraper: interrupted{detail}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status


if __name__ == "__main__":
    sys.exit(main())
