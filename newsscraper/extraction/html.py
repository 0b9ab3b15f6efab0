"""Guarded HTML parsing: sniff what the input really is, then build one lxml tree.

Never raises on content. What goes wrong is reported as warning codes, documented in
``docs/extraction.md``:

- ``empty-input``: no bytes, or only whitespace.
- ``not-html:<kind>``: the bytes are PNG, JPEG, GIF, WebP, PDF, ZIP, gzip, JSON, XML or other binary.
- ``input-truncated``: the input was longer than ``max_bytes`` and only its start was parsed.
- ``too-many-elements``: the text held more than ``MAX_ELEMENTS`` start tags; it was parsed up
  to the first one over that number.
- ``too-many-attributes``: a start tag held more than ``MAX_ATTRIBUTES`` attributes; it was
  parsed without them.
- ``nesting-too-deep``: elements nested deeper than libxml2's limit (256) were dropped.
  A token longer than libxml2's 10,000,000-byte buffer limit (one huge paragraph, script or
  comment) is no warning: the page is parsed again without libxml2's size limits.
- ``unparsable``: libxml2 built no document from the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from itertools import islice

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newsscraper.text.charsets import sniff_utf16

MAX_BYTES = 10 * 1024 * 1024
"""Default cap on parsed input: 10 MiB holds the largest real article pages (~3 MiB) with room."""

# Magic numbers of formats that crawlers get served under text/html by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
)
_TEXT_BYTES = bytes(set(range(256)) - set(range(32)) | {9, 10, 12, 13, 27})
"""Bytes that text may hold; the rest (C0 controls) mark binary data."""
_XML_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|(?:[A-Za-z_][\w.-]*:)?html)\b", re.I)
"""An XML document that is a page: an HTML doctype or an ``html`` root, prefixed too (``<h:html>``)."""


@dataclass(kw_only=True, slots=True)
class Parsed:
    """A parsed page, or the reason there is none."""

    tree: HtmlElement | None
    warnings: list[str] = field(default_factory=list)


def sniff_bytes(body: bytes) -> str | None:
    """Return a ``not-html:<kind>`` / ``empty-input`` warning for bytes that are not a page.

    >>> sniff_bytes(b"%PDF-1.7 ...")
    'not-html:pdf'
    >>> sniff_bytes(b"<html></html>") is None
    True
    """
    if not body or body.isspace():  # = not body.strip(), without copying the page
        return "empty-input"
    for magic, kind in _MAGIC:
        if body.startswith(magic):
            return f"not-html:{kind}"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "not-html:webp"
    head = body[:4096]
    # UTF-16/32 text is full of NUL bytes too, but starts with a BOM or, without one, reads as
    # UTF-16 markup; real binary does neither.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or sniff_utf16(head):
        return None
    # Text, even mis-encoded, has almost no C0 controls besides tab, newlines, form feed and ESC
    # (ISO-2022 escapes); 1 % is far above what stray controls in real pages reach.
    if len(head.translate(None, _TEXT_BYTES)) > max(8, len(head) // 100):
        return "not-html:binary"
    return None


def sniff_text(text: str) -> str | None:
    """Return a warning code for decoded text that is not an HTML page (JSON, XML feeds...).

    >>> sniff_text('{"a": 1}')
    'not-html:json'
    >>> sniff_text('<?xml version="1.0"?><rss></rss>')
    'not-html:xml'
    >>> sniff_text('<?xml version="1.0"?><html><body></body></html>') is None
    True
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        return "empty-input"
    if stripped[0] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            return None
        return "not-html:json"
    if stripped.startswith("<?xml") and not _XML_HTML_ROOT.search(stripped[:2048]):
        return "not-html:xml"
    return None


MAX_ELEMENTS = 250_000
"""Start tags parsed at most: the cost of a page grows with its elements, not its bytes (each
element costs ~430 bytes through the extraction), so ``MAX_BYTES`` alone let 10 MiB of
``<i>x</i>`` (1.3 million elements) take ~930 MB. 250,000 keeps such a page near the ~300 MB of a
10 MiB page of paragraphs, and is over ten times the largest eval page (~22,000 ``<``)."""
_START_TAG = re.compile(r"<[A-Za-z]")
"""A start tag as the HTML tokenizer opens one (``<`` then an ASCII letter); a ``<`` in a script is
counted too, which can only cut a page earlier."""


def element_cap(text: str, limit: int = MAX_ELEMENTS) -> int | None:
    """The offset of ``text``'s start tag number ``limit + 1`` (the first one over the cap), or
    ``None`` when it holds no more than ``limit``. Nothing to do for a text shorter than
    ``2 * limit`` (a start tag takes two characters: most pages), one C-level count for a longer one.

    >>> element_cap("<p>a</p><p>b</p>", limit=1)
    8
    >>> element_cap("<p>a</p><p>b</p>", limit=2) is None
    True
    """
    if len(text) <= 2 * limit or text.count("<") <= limit:
        return None
    for i, match in enumerate(_START_TAG.finditer(text)):
        if i == limit:
            return match.start()
    return None


MAX_ATTRIBUTES = 1_000
"""Attributes one start tag may hold; a tag with more is parsed without any. libxml2's parser and
htmldate take time quadratic in one tag's attributes (40,000 in a 350 KB page: ~6 s; a 10 MiB page
could hold millions), and no real tag holds more than a few dozen."""
_LONG_TAG_CHARS = 2 * MAX_ATTRIBUTES
"""The shortest run a tag of ``MAX_ATTRIBUTES`` attributes can take (a letter and a space each)."""
_ATTRIBUTE = re.compile(rb"""(?<![^\s])[A-Za-z_:][^\s"'<>/=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
"""One attribute of a start tag: a name that opens with a letter (the tokenizer takes any, but
a crowded tag's names are names, and an SVG path's numbers quoted in another tag's value are
not), after white space, and its value."""
_TAG_NAME = re.compile(rb"[^\s/>]+")
_TAG_BODY = re.compile(rb"""(?:\s++|[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+|/(?!>))*+""")
"""A start tag's attributes after its name, up to its ``>`` (or ``/>``): a quoted value's ``>`` is
inside it. Possessive throughout, so a tag that never closes costs one linear pass."""
_SLICE = 1 << 16
"""Bytes compared at a time when looking for long runs."""
_SPACES = (b" ", b"\n", b"\t", b"\r", b"\f")
_RAW_TEXT_EDGE = re.compile(rb"<(?:script|style)\b|</(?:script|style)\s*>|<!--|-->", re.IGNORECASE)
"""Where a script, a style sheet or a comment opens or closes: a ``<`` inside them opens no tag
(minified code such as ``i<n.length;...`` runs thousands of bytes to the next ``>``)."""


def crowded_tags(utf8: bytes) -> list[tuple[int, int]]:
    """``(start, end)`` byte offsets of each start tag (``<`` to its ``>``) holding more than
    ``MAX_ATTRIBUTES`` attributes. Only runs from a ``<`` opening a tag (a letter next) to the next
    such ``<`` longer than ``_LONG_TAG_CHARS`` are read (one array pass finds them: ~0.1 ms for an
    aeb page, 185 KB on average); a tag's end is found attribute by attribute, so quoted values
    holding ``>`` do not end it. A quoted value holding ``<`` and a letter still cuts the run.

    >>> crowded_tags(b"<p " + b"a " * 1500 + b">x</p>")
    [(0, 3003)]
    >>> crowded_tags(b"<p " + b'a="x>" ' * 1500 + b">x</p>")
    [(0, 10503)]
    >>> crowded_tags(b'<img src="data:' + b"A" * 5000 + b'">')
    []
    >>> crowded_tags(b"<script>for(;i<n;i++) " + b"a " * 1500 + b"> 0;</script>")
    []
    """
    import numpy as np  # imported anyway by the language identification

    data = np.frombuffer(utf8, dtype=np.uint8)
    parts = [np.zeros(0, dtype=np.intp)]
    # By slices, so that the comparisons' arrays stay small beside a page of megabytes; each slice
    # holds one byte more, the one after its last "<".
    for offset in range(0, len(data), _SLICE):
        piece = data[offset : offset + _SLICE + 1]
        lt = np.flatnonzero(piece[:-1] == ord("<"))
        letter = (piece[lt + 1] | 0x20) - ord("a") < 26  # uint8: below "a" wraps over 26
        parts.append(lt[letter] + offset)
    opens = np.concatenate(parts)
    bounds = np.append(opens, len(utf8))
    found: list[tuple[int, int]] = []
    for k in np.flatnonzero(np.diff(bounds) > _LONG_TAG_CHARS):
        start, stop = int(bounds[k]), int(bounds[k + 1])
        name = _TAG_NAME.match(utf8, start + 1, stop)
        body = _TAG_BODY.match(utf8, name.end() if name else start + 1, stop)
        end = body.end() if body else stop  # it matches, if only the empty string
        end += utf8.startswith(b"/>", end)
        if end - start <= _LONG_TAG_CHARS or not utf8.startswith(b">", end):
            continue  # most long runs are a short tag and its text; or not closed before the next
        if sum(utf8.count(space, start, end) for space in _SPACES) < MAX_ATTRIBUTES:
            continue  # each attribute follows white space
        attributes = _ATTRIBUTE.finditer(utf8, start + 1, end)
        if next(islice(attributes, MAX_ATTRIBUTES, None), None) is not None and not _in_raw_text(utf8, start):
            found.append((start, end))
    return found


def _in_raw_text(utf8: bytes, offset: int) -> bool:
    """Whether ``offset`` lies inside a script, a style sheet or a comment (a scan of the bytes
    before it, made only for a run that reads as a crowded tag)."""
    last = None
    for edge in _RAW_TEXT_EDGE.finditer(utf8, 0, offset):
        last = edge
    return last is not None and not last.group().startswith(b"</") and last.group() != b"-->"


def _strip_crowded(utf8: bytes, tags: list[tuple[int, int]]) -> bytes:
    """``utf8`` with each tag of ``tags`` rewritten as its bare name (``<div>``)."""
    parts: list[bytes] = []
    done = 0
    for start, end in tags:
        name = _TAG_NAME.match(utf8, start + 1, end)
        parts += [utf8[done:start], b"<", name.group() if name else b"", b">"]
        done = end + 1
    parts.append(utf8[done:])
    return b"".join(parts)


XHTML_PREFIX_BYTES = 4096
"""How far the XHTML namespace's prefix declaration is looked for: a prefixed document declares it
on its root element (``<html:html xmlns:html="http://www.w3.org/1999/xhtml">``)."""
_XHTML_PREFIX = re.compile(r"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']http://www\.w3\.org/1999/xhtml["']""")


def unprefix_xhtml(text: str) -> str:
    """``text`` with the tags of a prefixed XHTML document unprefixed (``<html:h1>`` → ``<h1>``), or
    ``text`` itself (the same object) when it declares no XHTML prefix in its first
    ``XHTML_PREFIX_BYTES`` characters or uses none.

    libxml2's HTML parser knows no namespaces: ``html:h1`` was a tag of its own name, so such a page
    had no headline, title or paragraphs, only text in unknown elements.

    >>> unprefix_xhtml('<x:html xmlns:x="http://www.w3.org/1999/xhtml"><x:p>Hi</x:p></x:html>')
    '<html xmlns:x="http://www.w3.org/1999/xhtml"><p>Hi</p></html>'
    >>> page = "<html><p>a:b</p></html>"; unprefix_xhtml(page) is page
    True
    """
    if "xmlns:" not in text[:XHTML_PREFIX_BYTES]:
        return text
    prefixes = {m.group(1) for m in _XHTML_PREFIX.finditer(text, 0, XHTML_PREFIX_BYTES)}
    if not prefixes:
        return text
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes))
    unprefixed = re.sub(rf"<(/?)(?:{alternatives}):(?=[A-Za-z])", r"<\1", text)
    return text if unprefixed == text else unprefixed


def parse_html(text: str, utf8: bytes | None = None, *, max_elements: int = MAX_ELEMENTS) -> Parsed:
    """Parse ``text`` into an lxml HTML tree; entities from a DTD are never expanded.

    ``utf8``: the same text as UTF-8 bytes, when the caller has them (the page's own bytes).
    A text of more than ``max_elements`` start tags is parsed up to the first one over them
    (warning ``too-many-elements``), which bounds the memory of the tree and the extraction; a
    start tag of more than ``MAX_ATTRIBUTES`` attributes is parsed without them (warning
    ``too-many-attributes``), which bounds the time.
    """
    warnings: list[str] = []
    cut = element_cap(text, max_elements)
    if cut is not None:
        text, utf8 = text[:cut], None
        warnings.append("too-many-elements")
    unprefixed = unprefix_xhtml(text)
    if unprefixed is not text:
        text, utf8 = unprefixed, None
    raw = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    crowded = crowded_tags(raw)
    if crowded:
        raw = _strip_crowded(raw, crowded)
        text = raw.decode("utf-8", "surrogatepass")
        utf8 = raw if utf8 is not None else None
        warnings.append("too-many-attributes")
    # libxml2 reads a str through a conversion to UTF-8: the page's UTF-8 bytes, with the encoding
    # fixed so that no <meta charset> overrides it, parse ~15 % faster. (Encoding a str for this
    # costs about what it saves.)
    source: str | bytes = text
    encoding = None
    if utf8 is not None:
        source, encoding = utf8, "utf-8"
    elif text.startswith("<?xml"):
        # lxml refuses str input that carries an XML encoding declaration.
        source = text[text.find("?>") + 2 :]
    try:
        tree, limits = _parse(source, encoding, huge=False)
        if any(not _is_depth_limit(message) for message in limits):
            # A token over libxml2's 10,000,000-byte buffer limit (a text run without markup or
            # entity, a comment, script, or attribute value; pages up to ``MAX_BYTES`` can hold
            # one) stops the parser there: the rest of the page, often the whole body, is lost.
            # The input is already capped and HTML entities are never expanded, so parsing again
            # with the limits relaxed costs only time; the depth limit it relaxes too (to 2048)
            # is restored below.
            tree, limits = _parse(source, encoding, huge=True)
            if _cut_too_deep(tree):
                limits.append("depth")
    except (etree.ParserError, ValueError):
        return Parsed(tree=None, warnings=["unparsable"])
    if any(_is_depth_limit(message) for message in limits):
        warnings.append("nesting-too-deep")
    repair_misnesting(tree)
    return Parsed(tree=tree, warnings=warnings)


MAX_DEPTH = 256
"""libxml2's element depth limit without ``XML_PARSE_HUGE`` (``xmlParserMaxDepth``): deeper
elements end the parse (``nesting-too-deep``), which keeps deep recursion out of everything
downstream."""
_AT_MAX_DEPTH_PLUS_ONE = etree.XPath("/" + "/".join(["*"] * (MAX_DEPTH + 1)))
"""Elements one level deeper than ``MAX_DEPTH`` (the root is level 1), found level by level in C."""


def _parse(source: str | bytes, encoding: str | None, *, huge: bool) -> tuple[HtmlElement, list[str]]:
    """Parse with libxml2's limits (``huge=False``) or without them; return the tree and the
    messages of the resource limits hit. Raises ``etree.ParserError`` / ``ValueError`` when libxml2
    builds no document."""
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        encoding=encoding,
        huge_tree=huge,
    )
    # One element class for every tag: lxml.html's default lookup calls into Python per element
    # to choose a class (about 4 % of extraction time), and we need no tag-specific classes.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement))
    tree = lxml.html.document_fromstring(source, parser=parser)
    return tree, [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]


def _is_depth_limit(message: str) -> bool:
    """Whether a resource-limit message is libxml2's depth limit ("Excessive depth in document:
    256, use XML_PARSE_HUGE option"), not a size limit ("Buffer size limit exceeded", "value too
    long")."""
    return "depth" in message.lower()


def _cut_too_deep(tree: HtmlElement) -> bool:
    """Drop every element deeper than ``MAX_DEPTH`` (with what it holds; its tail stays), where
    the parser with its limits would have stopped; return whether any was dropped."""
    deep = _AT_MAX_DEPTH_PLUS_ONE(tree)
    for el in deep:
        el.drop_tree()
    return bool(deep)


HEAD_CONTENT = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "title", "noscript", "noframes", "style", "script"}
    | {"template"}
)
"""The elements the WHATWG tree construction keeps in ``<head>`` ("in head" insertion mode); any
other element or text there starts the body."""
SWALLOWING_BUTTON = 500
"""Characters of text from which a ``<button>`` swallowed the page: a control's label is a few
words (the longest buttons of the eval pages that are controls hold ~300 characters: an
accordion question), while a button left open holds whole sections (16,000-65,000 characters on
four WCXB pages)."""


def repair_misnesting(tree: HtmlElement) -> None:
    """Undo what libxml2's HTML parser nests unlike a browser (the WHATWG tree construction):

    - content in ``<head>``: libxml2 leaves an element that cannot be in the head (and all that
      follows it) inside ``<head>`` when the page has no ``<body>`` tag; a browser starts the body
      there. It is moved to the start of ``<body>`` (created when missing); ``<head>``'s own
      elements stay, wherever they stand, so metadata is read as before;
    - a ``<button>`` holding unclosed ``<div>``s: libxml2 ignores the ``</button>`` that a browser
      uses to close them, so the button swallows the page (and would be stripped as a form
      control). A button holding more text than any control label is unwrapped;
    - ruby annotations: see ``drop_ruby_annotations``.

    Each check is a C-level lookup, so pages without these faults pay almost nothing.

    >>> t = lxml.html.document_fromstring("<html><head><title>T</title><custom-el><p>Text</p></custom-el>")
    >>> repair_misnesting(t); [c.tag for c in t], [c.tag for c in t.find("body")]
    (['head', 'body'], ['custom-el'])
    """
    head = tree.find("head")
    if head is not None:
        _body_out_of_head(tree, head)
    buttons = []
    ruby = False
    for el in tree.iter("button", "rt", "rp"):  # one C-level walk for both checks
        if el.tag != "button":
            ruby = True
        elif len(el) and _long_text(el, SWALLOWING_BUTTON):
            buttons.append(el)
    for button in buttons:
        button.drop_tag()
    if ruby:
        drop_ruby_annotations(tree)


def _long_text(el: HtmlElement, limit: int) -> bool:
    """Whether ``el`` holds more than ``limit`` characters of text (stops counting there)."""
    total = 0
    for text in el.itertext():
        total += len(text)
        if total > limit:
            return True
    return False


_XML_SPACE = " \t\r\n"
"""XPath's whitespace (``normalize-space``), the characters of a blank text node in ``<head>``."""


def _head_intruders(head: HtmlElement) -> bool:
    """Whether ``<head>`` holds what starts the body in a browser: an element that is not head
    content, or a text that is not blank. A loop over the head's children: ~4x cheaper than the
    XPath it replaced (``*[not(self::base or ...)] | text()[normalize-space()]``), which tested
    every child against each head tag."""
    if head.text and head.text.strip(_XML_SPACE):
        return True
    for child in head:
        tag = child.tag
        if isinstance(tag, str) and tag not in HEAD_CONTENT:  # a comment or PI is no element
            return True
        if child.tail and child.tail.strip(_XML_SPACE):
            return True
    return False


def _body_out_of_head(tree: HtmlElement, head: HtmlElement) -> None:
    if not _head_intruders(head):
        return
    moved: list[HtmlElement] = []
    text = head.text if head.text and head.text.strip() else ""
    started = bool(text)
    for child in head:
        tag = child.tag
        if not started and (isinstance(tag, str) and tag not in HEAD_CONTENT):
            started = True
        if started and (not isinstance(tag, str) or tag not in HEAD_CONTENT):
            moved.append(child)
        elif child.tail and child.tail.strip():
            started = True  # text after a head element: the body starts with it
            moved_tail = child.tail
            child.tail = None
            if moved:
                moved[-1].tail = (moved[-1].tail or "") + moved_tail
            else:
                text += moved_tail
    if not moved and not text:
        return
    body = tree.find("body")
    if body is None:
        body = tree.makeelement("body", {})
        head.addnext(body)
    if text:
        head.text = None
    existing = body.text or ""
    body.text = text + ("" if moved else existing) or None
    for i, child in enumerate(moved):
        body.insert(i, child)
    if moved and existing:  # the body's own opening text follows what is moved before it
        moved[-1].tail = (moved[-1].tail or "") + existing


def drop_ruby_annotations(tree: HtmlElement) -> None:
    """Keep the base text of ruby annotations and drop their readings (``<rt>``, and the
    ``<rp>`` parentheses shown by browsers without ruby support).

    A reading is a pronunciation aid set above the base text, not words of the text: read into it,
    it doubles every annotated word ("図書館としょかん"); and ``<ruby>`` is phrasing content, so it
    is unwrapped rather than read as a block (which would cut a sentence at every annotated word).

    >>> t = lxml.html.fromstring("<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>字です</p>")
    >>> drop_ruby_annotations(t); t.text_content()
    '漢字です'
    """
    etree.strip_elements(tree, "rt", "rp", "rtc", with_tail=False)
    etree.strip_tags(tree, "ruby", "rb")
