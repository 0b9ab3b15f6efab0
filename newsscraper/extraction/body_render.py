"""The body's blocks and their three renderings: plain text, normalised HTML and Markdown.

The reading (``body_blocks``) gives one ``Block`` per paragraph, subheading, list item, table row,
preformatted block or figure, in document order; text repair (``api``) repairs each block's text
once; then ``plain``, ``to_html`` and ``to_markdown`` render the SAME repaired blocks, so the three
fields always hold the same words.

A block's text carries its inline structure as Unicode noncharacters (U+FDD0-U+FDD4, which the
standard reserves for internal use and no page text holds): the start and end of a link, a cell
boundary in a table row, a line break in ``<pre>``. Text repair leaves them alone; each rendering
maps them to its own syntax.

Plain text (``articleBody``): blocks are separated by one blank line; the items of one list (nested
lists included) and the rows of one table by a single line break; a row's cells by " | ".
HTML (``articleBodyHtml``): only ``h2``-``h6``, ``p``, ``ul``/``ol``/``li``, ``blockquote``,
``table``/``thead``/``tbody``/``tr``/``th``/``td``, ``pre``, ``figure``/``img``/``figcaption`` and
``a``; no attribute but ``href`` (absolute http(s) URLs), ``src`` and ``alt``; all text escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newsscraper.extraction.metadata.urls import join
from newsscraper.items import Image

LINK = "\ufdd0"
"""Start of a link; its URL is the block's next entry in ``hrefs``."""
END = "\ufdd1"
"""End of a link."""
CELL = "\ufdd2"
"""Boundary between two cells of a table row."""
BR = "\ufdd3"
"""A ``<br>``: while reading, two in a row split a paragraph; one is a space (``body_blocks``)."""
LINE = "\ufdd4"
"""A line break inside ``<pre>``."""
MARKS = LINK + END + CELL + BR + LINE

DROP_MARKS = str.maketrans(dict.fromkeys(MARKS))
"""``str.translate`` table deleting every mark (for repair excerpts; ``translate`` with a table
is slow, ``unmark`` is the fast way for block texts)."""


def unmark(text: str, cell: str = " | ", br: str = " ", line: str = "\n") -> str:
    """``text`` without link marks, its cell, ``<br>`` and line marks replaced as given.

    >>> unmark("a\ufdd0link\ufdd1 b\ufdd2c")
    'alink b | c'
    """
    if LINK in text:
        text = text.replace(LINK, "")
    if END in text:
        text = text.replace(END, "")
    if CELL in text:
        text = text.replace(CELL, cell)
    if BR in text:
        text = text.replace(BR, br)
    if LINE in text:
        text = text.replace(LINE, line)
    return text


HEADINGS = ("h2", "h3", "h4", "h5", "h6")
LIST_TAGS = frozenset({"ul", "ol"})

Wrapper = tuple[str, HtmlElement]
"""An element enclosing blocks (``ul``, ``ol``, ``li``, ``blockquote``, ``table``, ``thead`` or
``tbody``), as (tag, element): blocks under the same element are rendered inside one wrapper."""


@dataclass(slots=True)
class Block:
    """One block of the body, as read from the page (``text`` raw) or after repair."""

    kind: str
    """``p``, ``h2``-``h6``, ``li`` (the text of a list item itself), ``tr``, ``pre`` or ``figure``."""
    text: str
    """The block's text with the marks above; for a figure, its caption when the captions are the
    article's text (a gallery), else empty."""
    hrefs: list[str] = field(default_factory=list)
    """URLs of the links in ``text``, in order (absolute once ``resolve_links`` ran); for a figure,
    the URLs of its images that are in ``images``."""
    wrappers: tuple[Wrapper, ...] = ()
    """Enclosing lists, items, quotes and tables inside the container, outermost first."""
    cells: tuple[bool, ...] = ()
    """For a table row: whether each cell is a header cell (``th``)."""
    element: HtmlElement | None = None
    """The element the block was read from (the ``<figure>`` or ``<img>`` of a figure)."""

    @property
    def plain(self) -> str:
        """The block's text without marks: a row's cells joined by " | ", a ``<pre>``'s lines by
        line breaks."""
        text = self.text
        if self.kind == "tr":
            return " | ".join(" ".join(unmark(c).split()) for c in text.split(CELL))
        if LINK in text or END in text:
            text = unmark(text)
            return text if self.kind == "pre" else " ".join(text.split())
        return unmark(text) if self.kind == "pre" else text


def resolve_links(blocks: Iterable[Block], base: str | None) -> None:
    """Make every link URL absolute against ``base``; a link that is not http(s) after that
    (``javascript:``, ``mailto:``, unresolvable) loses its URL and reads as plain text."""
    origin = _origin(base)
    for block in blocks:
        if block.kind == "figure" or not block.hrefs:
            continue
        resolved = []
        for href in block.hrefs:
            href = href.strip()
            if origin and href[:1] == "/" and href[1:2] != "/" and "/." not in href and "\\" not in href:
                url: str | None = origin + href  # what urljoin gives, without its ~15 µs of parsing
            else:
                url = join(base, href) if base else href
            resolved.append(url if url and url.startswith(("http://", "https://")) else "")
        block.hrefs = resolved


def _origin(base: str | None) -> str | None:
    """``scheme://host`` of an http(s) ``base`` (root-relative links are appended to it)."""
    if not base or not base.startswith(("http://", "https://")):
        return None
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return f"{scheme}://{host}" if host and "@" not in host else None


def plain(blocks: Iterable[Block]) -> str:
    """``articleBody``: blocks separated by a blank line, items of one list and rows of one table
    by a line break. Figures give text only when their captions are the article's text."""
    out: list[str] = []
    previous: object = None
    for block in blocks:
        text = block.plain
        if not text:
            continue
        group = _group(block)
        if out:
            out.append("\n" if group is not None and group is previous else "\n\n")
        out.append(text)
        previous = group
    return "".join(out)


def _group(block: Block) -> object:
    """The outermost list or table a block belongs to (its lines are not split by blank lines)."""
    for tag, el in block.wrappers:
        if tag in LIST_TAGS or tag == "table":
            return el
    return None


# --- the tree both markup renderings walk ------------------------------------------------------


@dataclass(slots=True)
class _Node:
    tag: str
    children: list[_Node | Block] = field(default_factory=list)


def _tree(blocks: Iterable[Block], images: Mapping[str, Image]) -> _Node:
    """Nest the flat blocks under their wrappers (blocks with nothing to show are left out)."""
    root = _Node("root")
    open_: list[tuple[Wrapper | None, _Node]] = [(None, root)]
    for block in blocks:
        if block.kind == "figure":
            if not any(url in images for url in block.hrefs):
                continue
        elif not block.text:  # repair (api._fix_block) already drops blocks without words
            continue
        wrappers = block.wrappers
        depth = 0
        while depth < len(wrappers) and depth + 1 < len(open_) and open_[depth + 1][0] == wrappers[depth]:
            depth += 1
        del open_[depth + 1 :]
        for wrapper in wrappers[depth:]:
            node = _Node(wrapper[0])
            open_[-1][1].children.append(node)
            open_.append((wrapper, node))
        open_[-1][1].children.append(block)
    return root


def _segments(block: Block) -> list[tuple[str, str]]:
    """The block's text cut into (text, url) runs; url is "" outside links (and for a link whose
    URL was dropped). Links do not nest (the HTML parser closes an ``<a>`` at the next one)."""
    text = block.text
    if LINK not in text:
        return [(text.replace(END, ""), "")] if END in text else [(text, "")]
    pieces = text.split(LINK)
    out = [(pieces[0].replace(END, ""), "")] if pieces[0] else []
    hrefs = block.hrefs
    for i, piece in enumerate(pieces[1:]):
        inside, _, rest = piece.partition(END)
        out.append((inside, hrefs[i] if i < len(hrefs) else ""))
        if rest:
            out.append((rest.replace(END, ""), ""))
    return out


# --- HTML ---------------------------------------------------------------------------------------


def render(blocks: Iterable[Block], images: Mapping[str, Image]) -> tuple[str, str]:
    """(``articleBodyHtml``, ``articleBodyMarkdown``) of the blocks, nested once for both;
    ``images`` maps the URL of each of the record's images to it (figures show those)."""
    tree = _tree(blocks, images)
    return _html(tree, images), _md_children(tree, images)


def to_html(blocks: Iterable[Block], images: Mapping[str, Image]) -> str:
    """``articleBodyHtml``: the blocks as normalised HTML (see the module docstring)."""
    return _html(_tree(blocks, images), images)


def _html(tree: _Node, images: Mapping[str, Image]) -> str:
    out: list[str] = []
    stack: list[tuple[_Node, int]] = [(tree, 0)]
    # iterative walk: wrappers can nest as deep as the page (libxml2 allows 255 levels)
    while stack:
        node, index = stack.pop()
        if index == 0 and node.tag != "root":
            out.append(f"<{node.tag}>")
        if index < len(node.children):
            stack.append((node, index + 1))
            child = node.children[index]
            if isinstance(child, _Node):
                if node.tag in LIST_TAGS and child.tag != "li":
                    out.append("<li>")
                    stack.append((_Node("li", [child]), 1))
                    stack.append((child, 0))
                else:
                    stack.append((child, 0))
            else:
                out.append(_html_block(child, node.tag, index, images))
        elif node.tag != "root":
            out.append(f"</{node.tag}>")
    return "".join(out)


def _html_block(block: Block, parent: str, index: int, images: Mapping[str, Image]) -> str:
    kind = block.kind
    if kind == "tr" and parent not in ("thead", "tbody"):
        kind = "p"  # a row read outside its table (cannot happen from the reading; defensive)
    if kind == "figure":
        inner = _html_figure(block, images)
    elif kind == "tr":
        inner = _html_row(block)
    elif kind == "pre":
        inner = f"<pre>{_html_inline(block).replace(LINE, chr(10))}</pre>"
    elif kind == "li" and parent == "li":
        inner = (" " if index else "") + _html_inline(block)  # the item's own text
    elif kind in HEADINGS:
        inner = f"<{kind}>{_html_inline(block)}</{kind}>"
    elif block.kind == "tr":
        inner = f"<p>{html.escape(block.plain, quote=False)}</p>"
    else:
        inner = f"<p>{_html_inline(block)}</p>"
    if parent in LIST_TAGS:
        return f"<li>{inner}</li>"
    return inner


def _html_inline(block: Block) -> str:
    segments = _segments(block)
    if len(segments) == 1 and not segments[0][1]:
        return html.escape(segments[0][0], quote=False)
    parts = []
    for text, url in segments:
        escaped = html.escape(text, quote=False)
        if url and text.strip():
            parts.append(f'<a href="{html.escape(url)}">{escaped}</a>')
        else:
            parts.append(escaped)
    return "".join(parts)


def _html_row(block: Block) -> str:
    cells = block.text.split(CELL)
    out = ["<tr>"]
    for i, cell in enumerate(cells):
        tag = "th" if i < len(block.cells) and block.cells[i] else "td"
        inline = _html_inline(Block(kind="p", text=cell, hrefs=_cell_hrefs(block, cells, i)))
        out.append(f"<{tag}>{' '.join(inline.split())}</{tag}>")
    out.append("</tr>")
    return "".join(out)


def _cell_hrefs(block: Block, cells: list[str], i: int) -> list[str]:
    start = sum(c.count(LINK) for c in cells[:i])
    return block.hrefs[start : start + cells[i].count(LINK)]


def _html_figure(block: Block, images: Mapping[str, Image]) -> str:
    shown = [images[url] for url in block.hrefs if url in images]
    out = ["<figure>"]
    for image in shown:
        alt = html.escape(image.caption or "")
        out.append(f'<img src="{html.escape(image.url or "")}" alt="{alt}">')
    caption = _caption(shown)
    if caption:
        out.append(f"<figcaption>{html.escape(caption, quote=False)}</figcaption>")
    out.append("</figure>")
    return "".join(out)


def _caption(shown: list[Image]) -> str:
    """The figure's caption and credit, from the first of its images that has either."""
    for image in shown:
        if image.caption or image.credit:
            return " ".join(x for x in (image.caption, image.credit) if x)
    return ""


# --- Markdown -----------------------------------------------------------------------------------

_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})
_MD_STARTERS = frozenset("#>+-0123456789 ")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def to_markdown(blocks: Iterable[Block], images: Mapping[str, Image]) -> str:
    """``articleBodyMarkdown``: the blocks as CommonMark with GitHub tables (see ``to_html``)."""
    return _md_children(_tree(blocks, images), images)


def _md_children(node: _Node, images: Mapping[str, Image]) -> str:
    """Render ``node``'s children; loose blocks are separated by a blank line, list items and
    table rows by a line break. Depth is bounded by the page's nesting (at most 255 levels)."""
    chunks: list[tuple[str, bool]] = []  # (markdown, tight: joined to the previous by one newline)
    if node.tag in LIST_TAGS:
        for n, child in enumerate(node.children, 1):
            item = _md_children(child, images) if isinstance(child, _Node) else _md_block(child, images)
            marker = f"{n}. " if node.tag == "ol" else "- "
            pad = " " * len(marker)
            lines = item.split("\n")
            chunks.append((marker + "\n".join([lines[0], *(pad + x if x else x for x in lines[1:])]), True))
    elif node.tag == "table":
        return _md_table(node)
    else:
        for child in node.children:
            if isinstance(child, _Node):
                text = _md_children(child, images)
                tight = node.tag == "li"
            else:
                text = _md_block(child, images)
                tight = node.tag == "li" and child.kind == "li"
            if text:
                chunks.append((text, tight))
    out: list[str] = []
    for i, (text, tight) in enumerate(chunks):
        if i:
            out.append("\n" if tight and chunks[i - 1][1] else "\n\n")
        out.append(text)
    text = "".join(out)
    if node.tag == "blockquote":
        return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
    return text


def _md_block(block: Block, images: Mapping[str, Image]) -> str:
    kind = block.kind
    if kind == "figure":
        shown = [images[url] for url in block.hrefs if url in images]
        lines = [f"![{_md_escape(image.caption or '')}]({_md_url(image.url or '')})" for image in shown]
        caption = _caption(shown)
        if caption:
            lines.append(_md_escape(caption))
        return "\n\n".join(lines)
    if kind == "pre":
        code = block.plain
        fence = "```" if "```" not in code else "~~~~"
        return f"{fence}\n{code}\n{fence}"
    if kind == "tr":
        return _md_escape(block.plain)
    text = _md_inline(block)
    if kind in HEADINGS:
        return "#" * int(kind[1]) + " " + text
    if text[:1] in _MD_STARTERS:  # a paragraph opening like a heading, quote or list item
        return _MD_LINE_START.sub(r"\1\\\2", text)
    return text


def _md_inline(block: Block, escape_pipes: bool = False) -> str:
    segments = _segments(block)
    if len(segments) == 1 and not segments[0][1]:
        return _md_escape(segments[0][0], escape_pipes)
    parts = []
    for text, url in segments:
        escaped = _md_escape(text, escape_pipes)
        if url and text.strip():
            parts.append(f"[{escaped.strip()}]({_md_url(url)})")
            if text[:1].isspace():
                parts[-1] = " " + parts[-1]
            if text[-1:].isspace():
                parts[-1] += " "
        else:
            parts.append(escaped)
    return " ".join("".join(parts).split())


def _md_escape(text: str, pipes: bool = False) -> str:
    # most text holds none of the nine: a substring test each (a memchr-style scan in C) costs a
    # quarter of one search for the character class "[\\`*_[\]<>|]", which tests every character
    if not (
        "\\" in text
        or "`" in text
        or "*" in text
        or "_" in text
        or "[" in text
        or "]" in text
        or "<" in text
        or ">" in text
        or "|" in text
    ):
        return text
    text = text.translate(_MD_ESCAPE)
    return text.replace("|", "\\|") if pipes else text


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _md_cell(row: Block, cells: list[str], i: int) -> str:
    return _md_inline(Block(kind="p", text=cells[i], hrefs=_cell_hrefs(row, cells, i)), escape_pipes=True)


def _md_table(node: _Node) -> str:
    rows: list[list[str]] = []
    for section in node.children:
        for block in section.children if isinstance(section, _Node) else [section]:
            if isinstance(block, Block):
                cells = block.text.split(CELL)
                rows.append([_md_cell(block, cells, i) for i in range(len(cells))])
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = []
    for i, cols in enumerate(rows):
        lines.append("| " + " | ".join(cols + [""] * (width - len(cols))) + " |")
        if i == 0:  # GitHub tables need a header row: the first row is it
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)
