"""``extract_article``: the orchestrator that runs the extraction stages in order.

Stages (each a pure function of its inputs):

1. sniff the bytes (empty, binary) and cap their size;
2. decode them (``newsscraper.text.decoding``), repairing foreign-encoding islands;
3. sniff the text (JSON, XML) and parse it once with lxml;
4. read metadata (structured data, meta tags, bylines) from the untouched tree;
5. extract the body, which prunes boilerplate from the tree;
6. repair and normalise every text field, recording each repair;
7. fill what depends on the body (language fallback, word count) and assemble the record.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal, overload

from lxml.html import HtmlElement

from newsscraper.datetimes import normalize_date
from newsscraper.extraction.body import extract_body
from newsscraper.extraction.body_render import DROP_MARKS, LINE, Block, plain, render, unmark
from newsscraper.extraction.html import MAX_BYTES, parse_html, sniff_bytes, sniff_text
from newsscraper.extraction.links import PageLinks, read_links
from newsscraper.extraction.metadata import PageMetadata, detect_language, extract_metadata
from newsscraper.extraction.metadata.urls import trusted_canonical
from newsscraper.extraction.plaintext import PlainArticle, is_plain_text, read_plain_text
from newsscraper.extraction.trace import Trace
from newsscraper.extraction.wordcount import word_count
from newsscraper.items import Article, Author, Breadcrumb, ExplainedArticle, Image, Metadata, Repair
from newsscraper.text.decoding import decode_body, text_without_surrogates
from newsscraper.text.repair import clean_text_with_repairs

_Fixer = Callable[[str | None, str], str | None]
"""Repairs one text field: (value, field name) -> repaired value or ``None``."""

MAX_REPAIRS = 100
"""Repairs listed per record; a page with thousands of damaged strings must not bloat the record."""


Body = bytes | bytearray | memoryview | str
"""What :func:`extract_article` reads: the page's bytes or its text. Any object with the buffer
protocol is read at run time (``mmap``, ``array``); ``collections.abc.Buffer`` names them from
Python 3.12 on, which the package does not require yet."""


Headers = Mapping[str, str] | Mapping[Any, Any]
"""HTTP headers as :func:`extract_article` reads them: text names and values, or any mapping
(``bytes`` names and values, lists of values as Scrapy's ``Headers`` holds them, ``None``)."""


@overload
def extract_article(
    body: Body,
    url: str | None = None,
    headers: Headers | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    explain: Literal[True],
) -> ExplainedArticle: ...


@overload  # explain=False, or a bool known only at run time: an Article (maybe an ExplainedArticle)
def extract_article(
    body: Body,
    url: str | None = None,
    headers: Headers | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    explain: bool = False,
) -> Article: ...


def extract_article(
    body: Body,
    url: str | None = None,
    headers: Headers | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    explain: bool = False,
) -> Article:
    """Extract one clean article record from the bytes (or text) of one web page.

    ``body`` is ``bytes``, any other bytes-like object (``bytearray``, ``memoryview``, ``mmap``:
    read as the bytes it holds, as ``lxml.html.fromstring`` takes them) or ``str``.

    Pure and thread-safe: no network, no settings, no shared state. It never raises on page
    content: empty, binary, non-HTML, oversized or broken input yields a record with an empty
    ``articleBody`` and warning codes in ``metadata.warnings`` (see ``docs/extraction.md``).
    Only arguments of the wrong type raise ``TypeError`` (a ``body`` that is neither text nor
    bytes-like, such as a file object or a ``Response``; a ``url`` that is not ``str``; ``headers``
    that are not a mapping, a ``max_bytes`` that is not ``int``), and a negative ``max_bytes``
    ``ValueError``. ``max_bytes`` is how many bytes of the page are read (default ``MAX_BYTES``,
    10 MiB; characters, for a ``str`` body): a longer page gives the record of its first
    ``max_bytes``, with the warning ``input-truncated``. ``headers`` are the response's HTTP
    headers (``Content-Type`` and ``Date`` are read); ``bytes`` names and values, lists of
    values (Scrapy's ``Headers``) and ``None`` values are accepted.

    With ``explain=True``, the result is an ``ExplainedArticle`` whose ``explain`` lists the
    extraction's decisions: for every block dropped or kept, the rule that decided and its
    evidence (``docs/extraction.md``); every other field is the same either way.
    """
    return _read(body, url, headers, max_bytes=max_bytes, explain=explain).article


def read_page(
    body: Body,
    url: str | None = None,
    headers: Headers | None = None,
    *,
    article: bool = True,
    max_bytes: int = MAX_BYTES,
) -> PageReading:
    """Read a page once for a crawler: its links, feeds and page-type signals
    (``newsscraper.extraction.links``), and its article as :func:`extract_article` gives it.

    The links are read from the tree before extraction prunes it, so the page is parsed once.
    With ``article=False`` only the links are read and ``article`` is a record with an empty body
    (a page the crawl follows but never keeps). A page that is not HTML (binary, JSON, XML, plain
    text) has no links. Pure and thread-safe, like :func:`extract_article`; raises ``TypeError``
    on arguments of the wrong type only (``ValueError`` for a negative ``max_bytes``).
    """
    return _read(body, url, headers, max_bytes=max_bytes, explain=False, links=True, article_wanted=article)


def _check_arguments(url: object, headers: object, max_bytes: object) -> None:
    """``TypeError`` (``ValueError`` for a negative cap) naming the argument and what it takes,
    before anything is read: a ``bytes`` URL or a list of header pairs failed deep in the
    extraction with an error about something else (``'int' object has no attribute 'split'``),
    and a negative ``max_bytes`` cut the page from its end."""
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be str or None, not {type(url).__name__}")
    if headers is not None and not callable(getattr(headers, "items", None)):
        raise TypeError(
            f"headers must be a mapping (dict, Scrapy's Headers) or None, not {type(headers).__name__}"
        )
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be int, not {type(max_bytes).__name__}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be 0 or more, not {max_bytes}")


def _as_bytes(body: object, max_bytes: int) -> bytes:
    """A bytes-like ``body`` as ``bytes``: no more than ``max_bytes + 1`` of them copied (one
    more than the cap, so the caller still sees the page was cut), whatever the buffer's size.
    ``TypeError`` naming the accepted types for anything else."""
    try:
        view = memoryview(body)  # type: ignore[arg-type]  # any buffer; others raise TypeError
    except TypeError:
        accepted = "bytes, a bytes-like object (bytearray, memoryview) or str"
        raise TypeError(f"body must be {accepted}, not {type(body).__name__}") from None
    with view:
        if view.c_contiguous:
            with view.cast("B") as flat:  # a view of items wider than a byte, read as its bytes
                return flat[: max_bytes + 1].tobytes()
        return view.tobytes()[: max_bytes + 1]


@dataclass(slots=True)
class PageReading:
    """What :func:`read_page` returns."""

    article: Article
    """The page's record, as :func:`extract_article` gives it (an empty body with ``article=False``)."""
    links: PageLinks = dataclass_field(default_factory=PageLinks)
    """Its links, feeds and page-type signals (``extraction.links.PageLinks``), read before the
    extraction prunes the tree; empty for a page that is not HTML."""


def _read(
    body: Body,
    url: str | None,
    headers: Headers | None,
    *,
    max_bytes: int,
    explain: bool,
    links: bool = False,
    article_wanted: bool = True,
) -> PageReading:
    """:func:`extract_article` and :func:`read_page`: the stages of the module docstring, with the
    links read after parsing when ``links``, and the extraction skipped unless ``article_wanted``."""
    _check_arguments(url, headers, max_bytes)
    if not isinstance(body, bytes | str):
        body = _as_bytes(body, max_bytes)
    elif isinstance(body, str):
        body = text_without_surrogates(body)
    headers = _header_texts(headers)
    meta = Metadata(dateDownloaded=_http_date(headers))
    trace = Trace() if explain else None
    article = (
        Article(url=url, metadata=meta)
        if trace is None
        else ExplainedArticle(url=url, metadata=meta, explain=trace.decisions)
    )
    if len(body) > max_bytes:
        body = body[:max_bytes]
        meta.warnings.append("input-truncated")

    # 1-3. bytes -> text -> tree
    if isinstance(body, bytes):
        problem = sniff_bytes(body)
        if problem:
            meta.warnings.append(problem)
            return PageReading(article)
        decoded = decode_body(body, headers)
        text = decoded.text
        meta.encoding = decoded.encoding
        meta.warnings.extend(decoded.warnings)
        repairs = list(decoded.repairs)
        utf8 = decoded.utf8
    else:
        text, repairs, utf8 = body, [], None
    problem = sniff_text(text)
    if problem:
        meta.warnings.append(problem)
        return PageReading(article)
    if is_plain_text(text, headers):  # a plain-text scrape (issue 11): read line by line
        _fill_plain(article, read_plain_text(text, trace), repairs)
        return PageReading(article)
    parsed = parse_html(text, utf8)
    meta.warnings.extend(parsed.warnings)
    if parsed.tree is None:
        return PageReading(article)
    found_links = read_links(parsed.tree, url) if links else PageLinks()
    if not article_wanted:
        return PageReading(article, found_links)

    # 4-5. metadata from the untouched tree, then the body (which prunes the tree)
    page = extract_metadata(parsed.tree, url, headers)
    if trace is not None:
        _explain_metadata(page, trace)
    blank = _blank(parsed.tree)  # before extract_body prunes the tree
    found = extract_body(parsed.tree, url, page, trace)
    if blank and not found.blocks:
        # ``<html></html>``, a head alone: the search ends in its last resort and reported it
        # (``body-fallback:region``) as if a body had been taken from it; ``no-article-body``
        # alone says what the page is. (A blank page may still get its body from JSON-LD.)
        found.warnings = [w for w in found.warnings if not w.startswith("body-fallback:")]
    meta.warnings.extend(found.warnings)

    # 6. repair every text field, segment by segment
    fix = _fixer(repairs)

    blocks = [b for raw in found.blocks if (b := _fix_block(raw, repairs))]
    images = [_fix_image(img, f"images[{i}]", fix) for i, img in enumerate(found.images)]
    main_image = _main_image(page.mainImage, images, fix)

    # 7. assemble: one set of repaired blocks, three renderings
    by_url = {img.url: img for img in images if img.url}
    article.articleBody = plain(blocks)
    if article.articleBody:
        article.articleBodyHtml, article.articleBodyMarkdown = render(blocks, by_url)
    article.canonicalUrl, refused = trusted_canonical(page.canonicalUrl, url)
    if refused:
        meta.warnings.append("canonical-url-refused")
    article.headline = fix(page.headline, "headline")
    article.description = fix(page.description, "description")
    article.authors = [
        Author(name=name, url=a.url, type=a.type) for a in page.authors if (name := fix(a.name, "authors"))
    ]
    article.agencies = [a for x in page.agencies if (a := fix(x, "agencies"))]
    article.datePublished = page.datePublished
    article.datePublishedRaw = page.datePublishedRaw
    article.dateModified = page.dateModified
    article.dateModifiedRaw = page.dateModifiedRaw
    article.siteName = fix(page.siteName, "siteName")
    article.mainImage = main_image
    article.images = images
    article.keywords = [k for x in page.keywords if (k := fix(x, "keywords"))]
    article.section = fix(page.section, "section")
    article.breadcrumbs = [
        Breadcrumb(name=n, url=b.url) for b in page.breadcrumbs if (n := fix(b.name, "breadcrumbs"))
    ]
    _finish(article, page.inLanguage, found.probability, repairs)
    return PageReading(article, found_links)


_MEDIA = ("img", "picture", "video", "audio", "iframe", "object", "embed", "svg")


def _blank(tree: HtmlElement) -> bool:
    """Whether the page's ``<body>`` is missing or shows nothing: no text but whitespace and no
    image or other media (stops at the first text or medium, so a real page costs ~nothing)."""
    body = tree.find("body")
    if body is None:
        return True
    if any(text and not text.isspace() for text in body.itertext()):
        return False
    return next(body.iter(*_MEDIA), None) is None


def _fix_block(block: Block, repairs: list[Repair]) -> Block | None:
    """``block``, changed in place, with its text repaired (as field ``articleBody``: the HTML
    and Markdown are renderings of the same repaired text), or ``None`` when nothing is left. Its
    marks survive repair; they are taken out of the recorded excerpts. A ``<pre>`` is repaired
    line by line so that its lines and their indentation stay."""
    if block.kind == "pre":
        lines = []
        for line in block.text.split(LINE):
            fixed = _repaired(line, repairs)
            if fixed:
                lines.append(line[: len(line) - len(line.lstrip())].replace("\t", "    ") + fixed)
        text = LINE.join(lines)
    elif block.kind == "figure":
        block.text = _repaired(block.text, repairs) if block.text else ""
        return block
    else:
        text = _repaired(block.text, repairs)
    if not text or (not text.isascii() and not unmark(text, "", "", "").strip()):
        return None  # nothing left, or only marks (a link around spaces)
    block.text = text
    return block


def _repaired(text: str, repairs: list[Repair]) -> str:
    fixed, done = clean_text_with_repairs(text, "articleBody")
    for r in done:
        before, after = r.before.translate(DROP_MARKS), r.after.translate(DROP_MARKS)
        repairs.append(Repair(field=r.field, kind=r.kind, before=before, after=after))
    return fixed


def _main_image(declared: Image | None, images: list[Image], fix: _Fixer) -> Image | None:
    """The declared lead image (og:image, JSON-LD), with the caption of its figure in the body.

    Puts the main image first in ``images``; without a declared one, the first body image leads.
    """
    if declared is None:
        return images[0] if images else None
    for i, img in enumerate(images):
        if img.url == declared.url:
            images.insert(0, images.pop(i))
            return img
    main = _fix_image(declared, "mainImage", fix)
    images.insert(0, main)
    return main


def _fix_image(img: Image, field: str, fix: _Fixer) -> Image:
    return Image(
        url=img.url, caption=fix(img.caption, f"{field}.caption"), credit=fix(img.credit, f"{field}.credit")
    )


def _bounded(repairs: list[Repair]) -> list[Repair]:
    if len(repairs) <= MAX_REPAIRS:
        return repairs
    extra = len(repairs) - MAX_REPAIRS
    return [*repairs[:MAX_REPAIRS], Repair(field="*", kind="truncated", before="", after=f"+{extra}")]


def _explain_metadata(page: PageMetadata, trace: Trace) -> None:
    """One ``metadata`` decision per field whose source is known (``PageMetadata.sources`` and
    ``date_sources``): the rule is the source that gave the field, the text its value."""
    values = {
        "headline": page.headline,
        "authors": ", ".join(a.name for a in page.authors),
        "datePublished": page.datePublishedRaw or page.datePublished,
        "dateModified": page.dateModifiedRaw or page.dateModified,
    }
    for field, source in (*page.sources.items(), *page.date_sources.items()):
        trace.add("metadata", source, "choose", values.get(field) or "", evidence=field)


def _header_texts(headers: Mapping[str, Any] | None) -> dict[str, str]:
    """``headers`` as text: a ``bytes`` name or value decoded as ISO-8859-1 (RFC 9110 §5.5: field
    values are octets, historically Latin-1), a list of values (Scrapy's ``Headers``) as its last
    one, as Scrapy's ``Headers.get`` does; a name or value of another kind (``None`` from a
    caller's ``dict``) dropped, not read as text."""
    texts: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        if isinstance(name, bytes):
            name = name.decode("latin-1")
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(name, str) and isinstance(value, str):
            texts[name] = value
    return texts


def _http_date(headers: Mapping[str, str] | None) -> str | None:
    """The HTTP ``Date`` header (when the response was generated, always GMT) in the project's
    ISO 8601 shape (``newsscraper.datetimes.normalize_date``: UTC written ``+00:00``)."""
    value = next((v for k, v in (headers or {}).items() if k.lower() == "date"), None)
    return normalize_date(value) if value else None


def _finish(article: Article, language: str | None, probability: float, repairs: list[Repair]) -> None:
    """The fields every record gets last: language (declared, else identified), word count,
    probability (0 without a body, warning ``no-article-body``) and the repairs made."""
    meta = article.metadata
    article.inLanguage = language or detect_language(article.articleBody)
    article.wordCount = word_count(article.articleBody)  # without a Python step per word
    meta.probability = round(probability, 3) if article.articleBody else 0.0
    if not article.articleBody:
        meta.warnings.append("no-article-body")
    meta.repairs = _bounded(repairs)


def _fixer(repairs: list[Repair]) -> Callable[[str | None, str], str | None]:
    """A repairer of one record's text fields: ``fix(value, field)`` is ``value`` cleaned (``None``
    when nothing is left), each repair appended to ``repairs`` under ``field``."""

    def fix(value: str | None, field: str) -> str | None:
        if value is None:
            return None
        fixed, done = clean_text_with_repairs(value, field)
        repairs.extend(done)
        return fixed or None

    return fix


def _fill_plain(article: Article, found: PlainArticle, repairs: list[Repair]) -> None:
    """``article``'s fields from what the plain-text reader found, every text repaired (as
    ``extract_article`` repairs a page's); images have no URL in a text."""
    fix = _fixer(repairs)

    paragraphs = [p for raw in found.paragraphs if (p := fix(raw, "articleBody"))]
    article.articleBody = "\n\n".join(paragraphs)
    if paragraphs:
        article.articleBodyHtml = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
        article.articleBodyMarkdown = "\n\n".join(_md_paragraph(p) for p in paragraphs)
    article.headline = fix(found.headline, "headline")
    article.description = fix(found.description, "description")
    article.authors = [Author(name=n, type="Person") for raw in found.authors if (n := fix(raw, "authors"))]
    article.agencies = [a for raw in found.agencies if (a := fix(raw, "agencies"))]
    article.datePublished = found.date
    article.datePublishedRaw = found.date_raw
    article.images = [
        Image(
            url=None, caption=fix(caption, f"images[{i}].caption"), credit=fix(credit, f"images[{i}].credit")
        )
        for i, (caption, credit) in enumerate(found.images)
    ]
    _finish(article, found.language, found.probability, repairs)


def _md_paragraph(text: str) -> str:
    """A paragraph as Markdown: characters that would start a heading, list or quote escaped."""
    return re.sub(r"^(#|>|[-+*] |\d+[.)] )", r"\\\1", text)
