"""Serialising records: JSON Lines (the default), and the formats of ``--format`` (``newsscraper
extract``, ``crawl`` and ``fetch``; the crawl's writer renders them from its JSON Lines journal).

Every format writes UTF-8 text, one article after another, as the records come (nothing is held
back but the JSON array's brackets, and under ``html`` the first article until a second one or the
end comes: the page's title depends on which):

* ``jsonl``: one JSON object per line (:func:`dumps_record`), the record of the JSON Schema;
* ``json``: one JSON array of those objects;
* ``csv``: a header row, then one row per article with the columns :data:`CSV_COLUMNS` (every
  top-level field of the record, in its order): text and numbers as they are, ``None`` as an empty
  cell, lists and objects (``authors``, ``images``, ``metadata``...) as compact JSON cells — the
  same cells as the ``csv`` feed exporter (``newsscraper/exporters.py``);
* ``markdown``: per article a ``# headline`` (escaped as the body is: :func:`markdown_heading_text`)
  and the body as ``articleBodyMarkdown``, articles separated by a ``---`` rule;
* ``txt``: per article the headline, a blank line and ``articleBody``, articles separated by a
  form feed line (``\\f``);
* ``html``: one HTML document, one ``<article>`` per record (``<h1>`` headline, a "source" link
  to its ``url`` when that is http(s) or file, then ``articleBodyHtml``); an article without
  headline has no ``<h1>``, as ``markdown`` and ``txt`` give it no heading line, and no record
  gives a document with an empty ``<body>``. The page's ``<title>`` (:func:`html_title`) is the
  headline of a single article, else names the first.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import html
import json
from pathlib import PurePath
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit

from newsscraper.items import Article

FORMATS = ("jsonl", "json", "csv", "markdown", "txt", "html")
SUFFIX_FORMATS = {
    ".jsonl": "jsonl", ".jl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
    ".md": "markdown", ".markdown": "markdown", ".txt": "txt", ".html": "html", ".htm": "html",
}  # fmt: skip
"""The format an output file's extension names (case-insensitive; ``.jl`` as in Scrapy's feeds):
what ``-o`` infers without ``--format``, and refuses when ``--format`` says otherwise. A further
``.gz`` (``out.jsonl.gz``) compresses the file with gzip (:data:`GZIP_SUFFIX`)."""
GZIP_SUFFIX = ".gz"
"""An output file named with it is written gzip-compressed, in the format its name names without
it (``extract``: :func:`open_output`; ``crawl`` and ``fetch``: ``pipelines/jsonlines.py``)."""
CSV_COLUMNS = tuple(f.name for f in dataclasses.fields(Article))
"""The CSV header: the record's top-level fields, in record order."""
HTML_HEAD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head><body>\n'
"""The start of an ``html`` page, up to its first article; ``{title}`` is :func:`html_title`'s."""


LINKED_SCHEMES = ("http", "https", "file")
"""Schemes of a record's ``url`` that the ``html`` format links as the article's source."""

_MD_HEADING_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})
"""The characters ``articleBodyMarkdown`` escapes (``extraction.body_render``), for the headline."""


def markdown_heading_text(headline: str) -> str:
    r"""``headline`` on one line, as the text of a Markdown heading: its Markdown and HTML marks
    escaped as the body's are, and a closing run of ``#`` (which a heading drops) escaped. It was
    written as it came, so a headline holding ``<script>`` was live HTML to a Markdown renderer
    while the same text in the body was escaped.

    >>> markdown_heading_text("<b>Big</b> *news*  #1 #")
    '\\<b\\>Big\\</b\\> \\*news\\* #1 \\#'
    """
    title = " ".join(headline.split()).translate(_MD_HEADING_ESCAPE)
    return title[:-1] + "\\#" if title.endswith("#") else title


def html_title(first: dict[str, Any] | None, several: bool) -> str:
    """The ``<title>`` of an ``html`` page (escaped): the headline of its only article, or, with
    ``several``, the first one's and more (the records come one at a time, so their number is
    not known when the page's head is written). Without a headline, the URL's host.

    >>> html_title({"headline": "Bus lanes & bikes"}, False), html_title({"headline": "Bus lanes"}, True)
    ('Bus lanes &amp; bikes', 'Bus lanes, and more articles')
    >>> html_title({"headline": None, "url": "https://news.example/a"}, False), html_title(None, False)
    ('An article from news.example', 'No articles')
    """
    if first is None:
        return "No articles"
    headline = " ".join((first.get("headline") or "").split())
    host = urlsplit(first.get("url") or "").hostname
    if headline:
        title = f"{headline}, and more articles" if several else headline
    elif several:
        title = f"Articles from {host} and more" if host else "Articles"
    else:
        title = f"An article from {host}" if host else "An article"
    return html.escape(title, quote=False)


def format_of(path: str | PurePath) -> str | None:
    """The format :data:`SUFFIX_FORMATS` gives the extension of the file ``path`` (the one before
    a final ``.gz``), else ``None``.

    >>> format_of("out/Articles.CSV"), format_of("a.jl"), format_of("notes.jsonl.gz"), format_of("out.gz")
    ('csv', 'jsonl', 'jsonl', None)
    """
    name = PurePath(path)
    if is_gzip(name):
        name = name.with_suffix("")
    return SUFFIX_FORMATS.get(name.suffix.lower())


def is_gzip(path: str | PurePath) -> bool:
    """Whether the output file ``path`` is written gzip-compressed (its name ends with ``.gz``).

    >>> is_gzip("out.jsonl.GZ"), is_gzip("out.jsonl")
    (True, False)
    """
    return PurePath(path).suffix.lower() == GZIP_SUFFIX


def open_output(path: str | PurePath) -> TextIO:
    """The file ``path`` opened for writing records (UTF-8 text, ``\\n`` line ends), through
    gzip when :func:`is_gzip`; the caller closes it. ``OSError`` when it cannot be opened."""
    if is_gzip(path):
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    return open(path, "w", encoding="utf-8", newline="\n")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
"""What ``json.dumps(record, ensure_ascii=False, separators=(", ", ": "))`` builds on every call (a
record's line takes two encodings per field): built once, it halves the writer's CPU per record.
Stateless between calls, so threads share it."""


def dumps_record(record: Any) -> str:
    """Return ``record`` as one JSON line (no newline inside, none at the end).

    >>> dumps_record({"headline": "朝鮮通信社", "n": 1})
    '{"headline": "朝鮮通信社", "n": 1}'
    """
    return _ENCODER.encode(record)


def write_record_line(out: BinaryIO, record: dict[str, Any]) -> int:
    """Write ``dumps_record(record) + "\\n"`` to ``out`` in UTF-8, field by field; return the bytes
    written. The same bytes without the whole line in memory: a 10 MB article's line (its body
    three times, as text, HTML and Markdown) was built as a 30 MB string, then as 30 MB of bytes.
    On an error part of the line may be written: the caller truncates.

    >>> import io
    >>> buf = io.BytesIO()
    >>> write_record_line(buf, {"headline": "朝鮮", "n": [1, 2]}), buf.getvalue().decode()
    (36, '{"headline": "朝鮮", "n": [1, 2]}\\n')
    """
    written = out.write(b"{")
    for i, (key, value) in enumerate(record.items()):
        piece = f"{', ' if i else ''}{dumps_record(key)}: {dumps_record(value)}".encode()
        written += out.write(piece)
        del piece
    written += out.write(b"}\n")
    return written


def csv_cell(value: Any) -> Any:
    """One CSV cell: ``None`` → ``""``, list / dict → compact JSON, anything else unchanged.

    >>> csv_cell(None), csv_cell([{"name": "Ann"}]), csv_cell(0.5)
    ('', '[{"name":"Ann"}]', 0.5)
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


class RecordWriter:
    """Write articles to ``out`` in one of :data:`FORMATS`: ``write`` each, then ``close``.

    ``close`` ends the document (JSON array, HTML page) but leaves ``out`` open. ``ValueError``
    for an unknown format.
    """

    def __init__(self, out: TextIO, fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
        self.out, self.format, self.count = out, fmt, 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self._held: dict[str, Any] | None = None
        """``html``: the first record, until the second or ``close`` decides the page's title."""

    def write(self, article: Article) -> None:
        """Write one article."""
        self.write_record(article.to_dict())

    def write_record(self, record: dict[str, Any]) -> None:
        """Write one article given as its record (``Article.to_dict()``, a JSON Lines line parsed)."""
        first = self.count == 0
        self.count += 1
        if self.format == "jsonl":
            self.out.write(dumps_record(record) + "\n")
        elif self.format == "json":
            self.out.write(("[\n" if first else ",\n") + dumps_record(record))
        elif self._csv is not None:
            if first:
                self._csv.writerow(list(record))
            self._csv.writerow([csv_cell(v) for v in record.values()])
        elif self.format == "markdown":
            title = markdown_heading_text(record.get("headline") or "")
            body = record.get("articleBodyMarkdown") or ""
            self.out.write(("" if first else "\n---\n\n") + (f"# {title}\n\n" if title else "") + body + "\n")
        elif self.format == "txt":
            headline, body = record.get("headline"), record.get("articleBody") or ""
            text = (headline + "\n\n" if headline else "") + body
            self.out.write(("" if first else "\f\n") + text + "\n")
        elif first:  # html
            self._held = record
        else:
            if self._held is not None:
                self.out.write(HTML_HEAD.format(title=html_title(self._held, several=True)))
                self._write_html_article(self._held)
                self._held = None
            self._write_html_article(record)

    def _write_html_article(self, record: dict[str, Any]) -> None:
        url = str(record.get("url") or "")
        # a link only to a page: a WARC's target URI or `extract --url` may be any scheme with a
        # host, and `javascript://x/%0aalert(1)` ran as a script when its "source" was clicked
        linkable = urlsplit(url).scheme.lower() in LINKED_SCHEMES
        source = f'<p><a href="{html.escape(url, quote=True)}">source</a></p>' if linkable else ""
        headline = record.get("headline")
        title = f"<h1>{html.escape(headline)}</h1>\n" if headline else ""
        self.out.write(f"<article>\n{title}{source}\n{record.get('articleBodyHtml') or ''}\n</article>\n")

    def close(self) -> None:
        """End the document (a JSON array's ``]``, the HTML page's closing tags): with no record,
        an empty array or page, as a reader of that format expects one (not an empty file)."""
        if self.format == "json":
            self.out.write("\n]\n" if self.count else "[]\n")
        elif self.format == "html":
            if self.count <= 1:  # the head is still to write: no record, or one held back
                self.out.write(HTML_HEAD.format(title=html_title(self._held, several=False)))
            if self._held is not None:
                self._write_html_article(self._held)
                self._held = None
            self.out.write("</body></html>\n")
