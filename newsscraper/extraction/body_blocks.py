"""Reading the chosen container into paragraphs, pruning the boilerplate left inside it.

The container is walked in document order without recursion (pages nest up to 255 levels). Every
block gives one string (paragraph, list item, subheading, data-table row, quote line); phrasing
content is joined into its block (an inline element wrapping blocks is read as a block), and text
around a nested block is split so that order is kept. Pruned: subtrees whose class/id names
boilerplate (unless they hold most of the container; comment threads and related lists whatever
their size), figures and captions (they go to images), link lists, teaser cards, short widget
labels (ads, share, "Related", credits), captions and credit lines, promos and disclosures,
bylines, datelines, meta lines, copyright notices, homoglyph-spelled ads and a repeated headline.
``prose_only`` mode keeps only long, link-free paragraphs: it reads the container's surroundings
(``body_siblings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.body_render import BR, CELL, END, LINE, LINK, Block, Wrapper, unmark
from newsscraper.extraction.body_score import LINK_SPAN, Stats, normalise

FLAG_KEEP_SHARE = 0.5
"""A flagged subtree holding more than this share of the container's text is kept (its class word
was a false hit, e.g. ``<div class="article-body has-comments">``)."""
LINK_DENSITY_MAX = 0.5
"""Blocks with more link text than this share are link lists, teasers or "read more" lines."""
LINK_DENSITY_SENTENCE = 0.75
"""Link share up to which a long block (``PROSE_CHARS``) that ends a sentence is prose whose
words are mostly one long link (a name or a title linked in a bio line). Swept 0.65-0.9 and
120-200 characters: 0.75 at 150 is best on aeb (+0.0008), snippets +0.0003; 120 lets a teaser in."""
SHORT_BLOCK = 120
"""Blocks shorter than this are checked against the label, byline and promo patterns; longer
ones are prose (the longest widget labels of the tuning sets are ~100 characters)."""

RELATED_LABEL = 60
"""Short blocks (below this) that read as a section label ("Related topics", "Tags:") or a photo
credit are dropped wherever they stand; longer ones are prose that happens to start alike."""

PROSE_CHARS = 150
"""Shortest paragraph taken from beside the container: a lead or a stray paragraph, not a byline,
date, label or teaser title. Swept 70-150: 150 is best on aeb (0.977 vs 0.975 at 100), snippets
flat within 0.001."""
PROSE_LINK_SHARE = 0.2
"""Most link text a paragraph taken from beside the container may hold."""

COMPACT_LIMIT = 8 * SHORT_BLOCK
"""Blocks shorter than this have their whitespace runs collapsed before they are measured and
matched: indented markup can pad a two-line caption past ``2 * SHORT_BLOCK``."""

META_PIPES = 2
"""Short blocks with this many " | " separators are meta or navigation lines, not prose."""
HOMOGLYPH_WORDS = 3
"""Script switches inside words from which a block is homoglyph spelling (a brand name in
another script next to a word is one switch, not three)."""
META_LABELS = 2
"""Labelled fields ("Date:", "Category:", "Views:") from which a short block is a meta line."""
META_WORDS = 3
"""Most words a part of a dated meta line may have beside the date (an author, a section)."""
HEADLINE_SLACK = 40
"""A block whose length differs more than this from the headline's cannot repeat it."""
CREDIT_WORDS = 6
"""A block of at most this many words naming a photo agency is a credit line."""


@dataclass(slots=True)
class Walk:
    """Blocks read from the container and the elements kept as figures."""

    paragraphs: list[Block] = field(default_factory=list)
    """The blocks kept, in document order (paragraphs, subheadings, list items, table rows, and a
    ``figure`` placeholder where each figure stood)."""
    figures: list[HtmlElement] = field(default_factory=list)
    skipped: set[HtmlElement] = field(default_factory=set)
    """Boilerplate subtrees pruned from the container (their images are not the article's)."""


_Run = tuple[str, list[str], HtmlElement, list[HtmlElement]]
"""A block's marked text, its link URLs, the block element and the images met in it."""
_BREAKS = re.compile(f"{BR}(?:\\s*{BR})+")
"""Two or more ``<br>`` with only whitespace between: a paragraph break."""


def read_container(
    container: HtmlElement,
    stats: dict[HtmlElement, Stats],
    headline: str | None,
    *,
    prose_only: bool = False,
) -> Walk:
    """Return the blocks of ``container`` in document order, boilerplate pruned.

    With ``prose_only``, only paragraphs of prose are kept (long, almost no links): that is how
    the container's siblings are read.
    """
    out = Walk()
    cstat = stats.get(container)
    keep_limit = FLAG_KEEP_SHARE * (cstat.total if cstat else 0)
    headline_key = _norm(headline) if headline else None
    inline = xpaths.INLINE_TAGS
    inline_verdicts: dict[str, bool] = {}
    chains: dict[HtmlElement, tuple[Wrapper, ...]] = {}
    kept: list[str] = []  # what _emit keeps (its plain text); each kept run becomes a Block
    # The stack holds elements to visit and already-cut runs of text.
    stack: list[HtmlElement | _Run] = [container]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            marked, run_links, block, run_images = item
            for piece, links in _pieces(marked, run_links, block):
                n = len(kept)
                # the pruning rules see a row's cells joined by spaces, a <br> as a line break
                _emit(kept, unmark(piece, cell=" ", br="\n"), block, stats, headline_key, prose_only)
                if len(kept) > n:
                    out.paragraphs.append(_block(piece, links, block, container, chains))
            for img in run_images:
                out.paragraphs.append(_figure(img, container, chains))
            continue
        el = item
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if el is not container:
            st = stats.get(el)
            if st is not None and st.flagged and (st.total <= keep_limit or _section(el)):
                if _maybe_figure(el, out):
                    out.paragraphs.append(_figure(el, container, chains))
                else:
                    out.skipped.add(el)
                continue
            if (tag == "figure" and not _table_figure(el)) or tag in xpaths.CAPTION_TAGS:
                out.figures.append(el)
                out.paragraphs.append(_figure(el, container, chains))
                continue
        # cut this block's phrasing content into runs around its block children
        runs: list[HtmlElement | _Run] = []
        parts = [el.text or ""]
        hrefs: list[str] = []
        images: list[HtmlElement] = []
        row = tag == "tr" and _flat_row(el)
        cells = 0
        for child in el:
            ctag = child.tag
            if not isinstance(ctag, str):
                parts.append(child.tail or "")
                continue
            if ctag in inline and not row:
                cls = child.get("class")
                if cls and ctag != "a" and _flagged_inline(cls, inline_verdicts):
                    pass  # an inline caption, credit, icon or ad label inside the block
                elif ctag == "br":
                    parts.append(BR)
                elif child in stats and (ctag != "a" or len(child.text_content()) < LINK_SPAN):
                    # an inline element wrapping blocks (a teaser card's link) is read as a block
                    runs.append(("".join(parts), hrefs, el, images))
                    runs.append(child)
                    parts, hrefs, images = [child.tail or ""], [], []
                    continue
                elif ctag == "img":
                    images.append(child)
                else:
                    _inline(child, parts, hrefs)
                parts.append(child.tail or "")
                continue
            if row and ctag in xpaths.CELL_TAGS:
                if cells:
                    parts.append(CELL)
                cells += 1
                _inline(child, parts, hrefs)
                parts.append(child.tail or "")
                continue
            runs.append(("".join(parts), hrefs, el, images))
            runs.append(child)
            parts, hrefs, images = [child.tail or ""], [], []
        runs.append(("".join(parts), hrefs, el, images))
        stack.extend(reversed(runs))
    return out


def _inline(el: HtmlElement, parts: list[str], hrefs: list[str]) -> None:
    """Append the text of the phrasing element ``el`` (not its tail) to ``parts``, with link and
    line-break marks. Most inline elements hold no child, or no link and no ``<br>`` below them:
    they are read without a walk."""
    tag = el.tag
    href = el.get("href") if tag == "a" else None
    if not len(el):
        text = el.text
    elif next(el.iter("br"), None) is None and (href or next(el.iter("a"), None) is None):
        text = el.text_content()
    else:
        _inline_walk(el, parts, hrefs)
        return
    if text:
        if href:
            hrefs.append(href)
            parts.extend((LINK, text, END))
        else:
            parts.append(text)


def _inline_walk(el: HtmlElement, parts: list[str], hrefs: list[str]) -> None:
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag
        if event == "start":
            if not isinstance(tag, str):
                continue
            if tag == "br":
                parts.append(BR)
            elif tag == "a" and node.get("href"):
                hrefs.append(node.get("href"))
                parts.append(LINK)
            if node.text:
                parts.append(node.text)
        else:
            if tag == "a" and node.get("href"):
                parts.append(END)
            if node is not el and node.tail:
                parts.append(node.tail)


def _pieces(marked: str, hrefs: list[str], block: HtmlElement) -> list[tuple[str, list[str]]]:
    """A run cut at its paragraph breaks (two ``<br>`` in a row), each piece with its own links;
    a list item, heading, row or ``<pre>`` is not cut."""
    if BR not in marked or block.tag in _UNCUT or not _BREAKS.search(marked):
        return [(marked, hrefs)]
    out = []
    links = iter(hrefs)
    for piece in _BREAKS.split(marked):
        out.append((piece, [next(links, "") for _ in range(piece.count(LINK))]))
    return out


_UNCUT = frozenset({"li", "tr", "pre", *xpaths.HEADING_TAGS})


def _block(marked: str, hrefs: list[str], el: HtmlElement, container: HtmlElement, chains: _Chains) -> Block:
    """The ``Block`` of a run kept from element ``el``."""
    tag = el.tag
    if tag == "pre":
        return Block(
            kind="pre", text=marked.replace(BR, "\n").replace("\n", LINE), hrefs=hrefs,
            wrappers=_chain(el, container, chains), element=el,
        )  # fmt: skip
    text = marked.replace(BR, " ") if BR in marked else marked
    if tag == "tr":
        section = el.getparent()
        if section is not None:
            table = section if section.tag == "table" else section.getparent()
            if table is not None and table.tag == "table":
                head = "thead" if section.tag == "thead" else "tbody"
                wrappers = (*_chain(table, container, chains), ("table", table), (head, section))
                cells = tuple(c.tag == "th" for c in el if c.tag in xpaths.CELL_TAGS)
                return Block(kind="tr", text=text, hrefs=hrefs, wrappers=wrappers, cells=cells, element=el)
    wrappers = _chain(el, container, chains)
    if tag in xpaths.HEADING_TAGS:
        kind = "h2" if tag == "h1" else tag
    elif tag == "li" and wrappers and wrappers[-1][1] is el:
        kind = "li"
    else:
        kind = "p"
    return Block(kind=kind, text=text, hrefs=hrefs, wrappers=wrappers, element=el)


def _figure(el: HtmlElement, container: HtmlElement, chains: _Chains) -> Block:
    """A placeholder where a figure (or an image standing in the text) was; ``body`` fills in the
    URLs of its images that ``images`` keeps."""
    parent = el.getparent()
    wrappers = _chain(parent, container, chains) if parent is not None and el is not container else ()
    return Block(kind="figure", text="", wrappers=wrappers, element=el)


_Chains = dict[HtmlElement, tuple[Wrapper, ...]]
_QUOTE_OR_LIST = frozenset({"ul", "ol", "blockquote"})


def _chain(el: HtmlElement, container: HtmlElement, memo: _Chains) -> tuple[Wrapper, ...]:
    """The lists, list items and quotes enclosing ``el`` (itself included) up to ``container``
    (included), outermost first; memoised per element, computed without recursion."""
    path = []
    node: HtmlElement | None = el
    found: tuple[Wrapper, ...] = ()
    while node is not None:
        got = memo.get(node)
        if got is not None:
            found = got
            break
        path.append(node)
        if node is container:
            break
        node = node.getparent()
    for node in reversed(path):
        tag = node.tag
        if tag in _QUOTE_OR_LIST:
            found = (*found, (tag, node))
        elif tag == "li" and node is not container and found and found[-1][0] in ("ul", "ol"):
            parent = node.getparent()
            if parent is not None and parent is found[-1][1]:
                found = (*found, ("li", node))
        memo[node] = found
    return found


def _text(el: HtmlElement) -> str:
    """``el.text_content()``; an element holding no child node (most inline ones) gives its text
    without the XPath evaluation behind ``text_content`` (~2.3 µs against ~0.6 µs on aeb)."""
    return el.text_content() if len(el) else el.text or ""


def _table_figure(figure: HtmlElement) -> bool:
    """Whether a ``<figure>`` holds a table and no picture: a comparison table is text."""
    return figure.find(".//table") is not None and figure.find(".//img") is None


def _flat_row(tr: HtmlElement) -> bool:
    """Whether a table row reads as one line: each cell holds at most one block or line break
    (a data row, even when an editor wraps every cell in a ``<div>``); a row whose cells hold
    several paragraphs, list items or lines is a layout row, read block by block."""
    inline = xpaths.INLINE_TAGS
    for cell in tr:
        if cell.tag not in xpaths.CELL_TAGS:
            continue
        blocks = 0
        for el in cell.iterdescendants():
            tag = el.tag
            if isinstance(tag, str) and (tag not in inline or tag == "br"):
                blocks += 1
                if blocks > 1:
                    return False
    return True


def header_only(el: HtmlElement) -> bool:
    """Whether ``el``'s class/id names boilerplate only by calling it a header (or intro, lead):
    an article's header holds its lead paragraph beside the byline and the share bar."""
    words = f"{el.get('class', '')} {el.get('id', '')}"
    if not xpaths.HEADER_WORD.search(words):
        return False
    return not xpaths.BOILERPLATE_CLASS.search(xpaths.HEADER_WORD.sub(" ", words).lower())


def _flagged_inline(cls: str, cache: dict[str, bool]) -> bool:
    found = cache.get(cls)
    if found is None:
        # a dateline inside a paragraph is its opening words ("KOBE – A total of..."), not a label
        found = cache[cls] = _boilerplate_words(cls.replace("dateline", " "))
    return found


def _boilerplate_words(cls: str) -> bool:
    cls = xpaths.drop_state_modifiers(cls.lower())
    return bool(xpaths.BOILERPLATE_CLASS.search(cls)) and not xpaths.CONTENT_CLASS.search(cls)


def _section(el: HtmlElement) -> bool:
    """Whether ``el`` is a comment thread or a related list by its class/id (checked only on the
    few flagged subtrees large enough to be kept otherwise)."""
    words = xpaths.drop_state_modifiers(f"{el.get('class', '')} {el.get('id', '')}".lower())
    words = " ".join(w for w in words.split() if not w.startswith("js-"))  # script hooks
    return bool(xpaths.SECTION_CLASS.search(words)) and not xpaths.CONTENT_CLASS.search(words)


def _maybe_figure(el: HtmlElement, out: Walk) -> bool:
    """A flagged subtree can still be a figure (``<div class="caption-wrap"><img>``)."""
    if el.tag == "figure" or xpaths.CAPTION_CLASS.search(el.get("class", "")):
        out.figures.append(el)
        return True
    return False


def _emit(
    paragraphs: list[str],
    text: str,
    block: HtmlElement,
    stats: dict[HtmlElement, Stats],
    headline_key: str | None,
    prose_only: bool = False,
) -> None:
    raw = stripped = text.strip()
    if not stripped:
        return
    if len(stripped) < COMPACT_LIMIT and (
        "\n" in stripped or "  " in stripped or "\t" in stripped or "\xa0" in stripped
    ):
        stripped = " ".join(stripped.split())  # source indentation is no text: measure the words
    st = stats.get(block)
    if prose_only and (len(stripped) < PROSE_CHARS or st is None or st.links > PROSE_LINK_SHARE * st.text):
        return
    if st is not None and st.text > 0 and st.links > LINK_DENSITY_MAX * st.text:
        sentence = st.text >= PROSE_CHARS and stripped[-1:] in ".!?"
        if not sentence or st.links > LINK_DENSITY_SENTENCE * st.text:
            return
    if stripped[0] == "©" and (
        len(stripped) < 2 * SHORT_BLOCK
        or paragraphs
        or prose_only
        or xpaths.COPYRIGHT_NOTICE.search(stripped)
    ):
        # a copyright notice; but a long one opening the article is a photo credit glued to the lead
        return
    if len(stripped) < 4 * SHORT_BLOCK and not stripped.isascii() and _homoglyphs(stripped):
        return  # an ad spelled with look-alike letters to slip past filters
    if len(stripped) < SHORT_BLOCK:
        if (
            xpaths.AD_LABEL.match(stripped)
            or xpaths.BOILERPLATE_TEXT.match(stripped)
            or xpaths.BYLINE.match(stripped)
            or xpaths.DATELINE.match(stripped)
            or (len(stripped) < RELATED_LABEL and xpaths.RELATED_HEADING.match(stripped))
            or (len(stripped) < RELATED_LABEL and _is_credit(stripped))
            or (block.tag != "tr" and _meta_line(raw, stripped))  # a row's newlines are markup
        ):
            return
        if block.tag == "h1":
            return  # the headline (metadata's job); subheadings are h2-h6
    if len(stripped) < 2 * SHORT_BLOCK:
        low = stripped.lower()
        if (
            xpaths.PROMO_START.match(low)
            or xpaths.PROMO_ANYWHERE.search(low)
            or ("©" in low and xpaths.PROMO_COPYRIGHT.search(low))
        ):
            return
        if stripped.count(" | ") >= META_PIPES:
            return  # a meta line: "Views: 12 | Tags: x | Comments closed"
        if (
            headline_key
            and abs(len(stripped) - len(headline_key)) < HEADLINE_SLACK
            and (_norm(stripped) == headline_key)
        ):
            return  # the headline repeated in a paragraph or a non-h1 heading
    paragraphs.append(text)


def _homoglyphs(text: str) -> bool:
    """Whether ``text`` spells words with Latin and Cyrillic letters mixed ("Аdvеrtіѕе wіth"):
    real words never mix the two scripts, filter-dodging ads do."""
    return len(xpaths.MIXED_SCRIPT.findall(text)) >= HOMOGLYPH_WORDS


def _meta_line(raw: str, text: str) -> bool:
    """A post's meta line: labelled fields ("Date: ... Category: ...") or a date beside a few
    words on separate lines or between separators ("24. März 2004, 19:49 | Genesis")."""
    if ":" in text and len(xpaths.META_LABEL.findall(text.lower())) >= META_LABELS:
        return True
    if "\n" not in raw and "|" not in raw and "·" not in raw and "•" not in raw:
        return False
    parts = xpaths.META_SPLIT.split(raw)
    if len(parts) < 2:
        return False
    dated = False
    for part in parts:
        if not part:
            continue
        if not dated and xpaths.DATELINE.match(part):
            dated = True
        elif len(part.split()) > META_WORDS:
            return False
    return dated


def _is_credit(text: str) -> bool:
    """A photo credit standing alone: starts with a credit marker, or is a few words naming an
    agency ("AFP / Marco Bertorello", "iStock.com")."""
    match = xpaths.CREDIT_SPLIT.search(text)
    return match is not None and (match.start() < 3 or len(text.split()) <= CREDIT_WORDS)


def _norm(text: str) -> str:
    return normalise(text)
