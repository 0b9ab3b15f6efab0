"""Reading the chosen container into blocks, pruning the boilerplate left inside it.

The container is walked in document order without recursion (pages nest up to 255 levels). Every
block gives one ``body_render.Block`` (paragraph, list item, subheading, data-table row, quote
line, ``<pre>``, and a placeholder where a figure stood), with its links marked and the lists,
quotes and tables around it; phrasing content is joined into its block (an inline element
wrapping blocks is read as a block), text around a nested block is split so that order is kept,
and two ``<br>`` in a row split a paragraph. The pruning rules see each block's plain text.
Pruned: subtrees whose class/id names boilerplate (unless they hold most of the container;
comment threads and related lists whatever their size), figures and captions (they go to
images), link lists, teaser cards, short widget labels (ads, share, "Related", credits),
captions and credit lines, promos and disclosures, bylines, datelines, meta lines, copyright
notices, homoglyph-spelled ads and a repeated headline.
``prose_only`` mode keeps only long, link-free paragraphs: it reads the container's surroundings
(``body_siblings``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.datetimes import find_textual, month_numbers
from newsscraper.extraction import xpaths
from newsscraper.extraction.body_render import BR, CELL, END, LINE, LINK, Block, Wrapper, unmark
from newsscraper.extraction.body_score import LINK_SPAN, Stats, normalise
from newsscraper.extraction.trace import Trace

FLAG_KEEP_SHARE = 0.5
"""A flagged subtree holding more than this share of the container's text is kept (its class word
was a false hit, e.g. ``<div class="article-body has-comments">``)."""
FALSE_HIT_SHARE = 0.5
"""Share of the container's text under class words naming boilerplate from which those words can
be false hits: the scorer chose the box against them (they cost it nine tenths of their worth).
``body`` reads such a box again with them ignored when its body came back short."""
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
AUTHOR_KEY = 5
"""Fewest letters of a credited name looked for in a note (shorter ones match inside words)."""
DATED_LINE_WORDS = 10
"""Most words of a dated line outside the article's run read as a meta line or a post's signature
(a date, a verb or label and a name: "Last reviewed on 3 March 2026 by our garden team" is 9)."""


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
    spread: bool = False,
    false_hits: bool = False,
    authors: tuple[str, ...] = (),
    teasers: bool = False,
    titles: bool = False,
    article: bool = False,
    trace: Trace | None = None,
) -> Walk:
    """Return the blocks of ``container`` in document order, boilerplate pruned.

    With ``prose_only``, only paragraphs of prose are kept (long, almost no links): that is how
    the container's siblings are read. With ``spread``, the container is the region of a page
    whose content is a list (``body._spread_region``): link-dense blocks (teaser headlines, item
    names) are kept. With ``teasers``, the container is a list of articles (``body._teaser_list``):
    its linked headlines (``h2``-``h4``; with ``titles``, every heading level: a list of entries,
    ``body._entry_list``) are kept, its other link-dense blocks are not. With
    ``false_hits``, subtrees flagged by their class words are kept unless they are comment
    threads or related lists. ``authors`` are the names the page credits (the metadata's): a note
    about one of them is no part of the text. With a ``trace``, every block's verdict is appended
    to it.
    """
    out = Walk()
    cstat = stats.get(container)
    total = cstat.total if cstat else 0
    keep_limit = FLAG_KEEP_SHARE * total
    if false_hits:
        # the class words are false hits ("kt-adv-heading"): only the comment threads and related
        # lists among them are pruned (``_flagged_verdict``)
        keep_limit = -1.0
    headline_key = _norm(headline) if headline else None
    inline = xpaths.INLINE_TAGS
    inline_verdicts: dict[str, bool] = {}
    hidden_mark = xpaths.CSS_HIDDEN_MARK
    skip_mark = xpaths.SKIP_MARK
    chains: dict[HtmlElement, tuple[Wrapper, ...]] = {}
    # the blocks read, judged by the rules once all are known; figure placeholders among them
    pending: list[Candidate | Block] = []
    # elements inside a comment/related section kept as the content (``SECTION_ALONE``): the
    # section's word repeats on its items ("ticker-comment"), a false hit there too
    trusted: set[HtmlElement] = set()
    # The stack holds elements to visit and already-cut runs of text.
    stack: list[HtmlElement | _Run] = [container]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            marked, run_links, block, run_images = item
            if not marked or marked.isspace():  # most runs: the whitespace between two blocks
                for img in run_images:
                    pending.append(_figure(img, container, chains))
                continue
            pieces = _pieces(marked, run_links, block)
            whole = False
            if prose_only and len(pieces) > 1:
                # beside the container, the run as a whole must be prose; its paragraphs are then
                # pruned as the container's are (a short one is no reason to drop the rest)
                run = _candidate(unmark(marked, cell=" ", br="\n"), block, stats)
                if run is None or sibling_prose(run, Context(headline_key=None, prose_only=True)):
                    pieces = []
                whole = True
            for piece, links in pieces:
                # the pruning rules see a row's cells joined by spaces, a <br> as a line break
                found = _candidate(unmark(piece, cell=" ", br="\n"), block, stats)
                if found is not None:
                    found.marked, found.hrefs, found.whole_prose = piece, links, whole
                    pending.append(found)
            for img in run_images:
                pending.append(_figure(img, container, chains))
            continue
        el = item
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if el is not container:
            if hidden_mark in el.attrib:
                out.skipped.add(el)
                if trace is not None:
                    trace.add("reading", "stylesheet-hidden", "drop", el.text_content(), "hidden by <style>")
                continue
            if skip_mark in el.attrib:
                out.skipped.add(el)
                if trace is not None:
                    rule = el.get(skip_mark) or "skip"
                    trace.add("reading", rule, "drop", el.text_content(), f"<{tag} {el.get('class')!r}>")
                continue
            st = stats.get(el)
            if st is not None and st.flagged and el not in trusted:
                verdict = _flagged_verdict(el, st, keep_limit, total)
                if verdict:
                    if _maybe_figure(el, out):
                        verdict = "figure"
                        pending.append(_figure(el, container, chains))
                    else:
                        out.skipped.add(el)
                    if trace is not None:
                        trace.add("reading", verdict, "drop", el.text_content(), _class_evidence(el, st))
                    continue
                if _section(el):  # the thread is the page's content: its items are too
                    trusted.update(el.iterdescendants())
                if trace is not None:
                    trace.add("reading", "class-word", "keep", el.text_content(), _class_evidence(el, st))
            elif st is not None and st.listed and trace is not None:
                evidence = f"<{tag} id={el.get('id')!r}> named boilerplate, listed by the page's contents"
                trace.add("reading", "listed-section", "keep", el.text_content(), evidence)
            if (tag == "figure" and not _text_figure(el)) or (
                tag in xpaths.CAPTION_TAGS and not _listing_caption(el)
            ):
                out.figures.append(el)
                pending.append(_figure(el, container, chains))
                if trace is not None:
                    trace.add("reading", "figure", "figure", el.text_content(), f"<{tag}>")
                continue
            if trace is not None and tag == "figure" and el.find(".//pre") is not None:
                trace.add("reading", "code-listing", "keep", el.text_content(), "<figure>: <pre>, no <img>")
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
    blocks = [b for b in pending if isinstance(b, Candidate)]
    names = tuple(key for a in authors if len(key := _norm(a)) >= AUTHOR_KEY)
    ctx = Context(
        headline_key=headline_key,
        prose_only=prose_only,
        spread=spread,
        authors=names,
        teasers=teasers,
        titles=titles,
        article=article,
    )
    _decide(blocks, ctx, container, trace)
    for b in pending:
        if not isinstance(b, Candidate):
            out.paragraphs.append(b)
        elif not b.rule:
            out.paragraphs.append(_block(b.marked, b.hrefs, b.el, container, chains))
    return out


SECTION_ALONE = 300
"""Characters of text a container must hold outside a flagged comment/related section for the
section to be pruned whatever its size: with less, the section is the page's content (a live
ticker whose entries are classed "comment", a forum thread), not an appendix to an article."""


def flagged_share(container: HtmlElement, stats: dict[HtmlElement, Stats]) -> float:
    """Share of ``container``'s text inside subtrees flagged by their class words (0.0-1.0)."""
    st = stats.get(container)
    if st is None or st.total <= 0:
        return 0.0
    return (st.total - st.kept) / st.total


def _flagged_verdict(el: HtmlElement, st: Stats, keep_limit: float, total: int) -> str | None:
    """Why a subtree whose class/id names boilerplate is pruned (``None``: kept). A class word is
    weak evidence, so a subtree holding most of the container's text is kept (the word was a false
    hit), unless it is a comment thread or related list beside enough text of the article's own."""
    if st.total <= keep_limit:
        return "class-word"
    if _section(el) and total - st.total >= SECTION_ALONE:
        return "class-section"
    return None


def _class_evidence(el: HtmlElement, st: Stats) -> str:
    words = " ".join(f"{el.get('class', '')} {el.get('id', '')}".split())
    return f"<{el.tag} {words!r}>, chars {st.total}"


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


def _text_figure(figure: HtmlElement) -> bool:
    """Whether a ``<figure>`` holds a table or a ``<pre>`` and no picture: a comparison table, a
    manual's code listing (mdBook's ``<figure class="listing">``) is text, not an image."""
    return figure.find(".//img") is None and (
        figure.find(".//table") is not None or figure.find(".//pre") is not None
    )


def _listing_caption(caption: HtmlElement) -> bool:
    """Whether a ``<figcaption>`` captions a code listing (a ``<figure>`` holding a ``<pre>`` and no
    picture): "Listing 4-3: Functions with ownership annotated" is the manual's text, with no
    image to go with in ``images``."""
    figure = caption.getparent()
    return (
        caption.tag == "figcaption"
        and figure is not None
        and figure.tag == "figure"
        and figure.find(".//pre") is not None
        and figure.find(".//img") is None
    )


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
    return bool(xpaths.BOILERPLATE_CLASS.search(cls)) and not xpaths.names_content(cls)


def _section(el: HtmlElement) -> bool:
    """Whether ``el`` is a comment thread or a related list by its class/id (checked only on the
    few flagged subtrees large enough to be kept otherwise)."""
    words = xpaths.drop_state_modifiers(f"{el.get('class', '')} {el.get('id', '')}".lower())
    words = " ".join(w for w in words.split() if not w.startswith("js-"))  # script hooks
    return bool(xpaths.SECTION_CLASS.search(words)) and not xpaths.names_content(words)


def _maybe_figure(el: HtmlElement, out: Walk) -> bool:
    """A flagged subtree can still be a figure (``<div class="caption-wrap"><img>``)."""
    if el.tag == "figure" or xpaths.CAPTION_CLASS.search(el.get("class", "")):
        out.figures.append(el)
        return True
    return False


# --- The reading rules ---------------------------------------------------------------------------
#
# Every block read from the container is judged by the BLOCK_RULES, in order, until one drops it;
# then the BOX_RULES judge the blocks by the box they stand in (a wrapper among the article's
# paragraphs). A rule returns its evidence (a short string) when it drops the block, ``None`` when it
# has nothing to say. Structure decides first (links, position, boxes); a word pattern drops only a
# short block, never a paragraph of the article's prose on its own.

SENTENCE_END = ".!?\"'”»)…:;"
"""Characters that end a sentence (or a clause introducing what follows) rather than a label."""
SHORT_PROSE = 60
"""Shortest paragraph of two sentences that counts as prose when placing the article's run (a
closing paragraph of two short sentences still ends the article's text)."""
BOX_TEXT = 2 * SHORT_BLOCK
"""Most text of a box (a wrapper among the article's paragraphs) that box rules may drop: a
promo or a bio is a few lines; a longer box is part of the article."""
TRAILING_BOX = 400
"""Most text of a box after the article's last paragraph of prose that is read as an appendix
(author bio, donation appeal, share box), not as the article's end."""

_EMPHASIS = frozenset({"i", "em", "b", "strong"})
_ITALIC = frozenset({"i", "em"})
_STRUCTURES = frozenset({"ul", "ol", "dl", "table", "tbody", "thead", "blockquote", "pre", "figure"})
"""Wrappers whose blocks are content structure (lists, tables, quotes), not a box."""


@dataclass(slots=True)
class Candidate:
    """One block read from the container, with what the rules need to judge it."""

    raw: str
    """Its text as the rules read it (a row's cells joined by spaces, a ``<br>`` a line break)."""
    text: str
    """Its text stripped (whitespace runs collapsed in short blocks): what the rules measure."""
    el: HtmlElement
    """The block element whose phrasing content the text is."""
    st: Stats | None
    index: int = 0
    member: bool = False
    """The block stands in the article's run of paragraphs (or a list or table among them)."""
    box: HtmlElement | None = None
    """The wrapper among the run's paragraphs that holds the block (``None`` for run members)."""
    prose: bool = False
    """A paragraph of prose: long, a sentence end, almost no links."""
    rule: str = ""
    """Name of the rule that dropped it; empty while kept."""
    evidence: str = ""
    marked: str = ""
    """Its text with link and line marks (``body_render``), from which a kept block is built."""
    whole_prose: bool = False
    """Beside the container: a piece of a ``<br><br>`` run already judged prose as a whole."""
    hrefs: list[str] = field(default_factory=list)
    saved: str = ""
    """Name of the exception that kept it from a rule's drop (the explain trace's rule)."""


@dataclass(slots=True)
class Context:
    """What the block rules know about the page beyond the block."""

    headline_key: str | None
    prose_only: bool
    spread: bool = False
    """The container is the region of a page whose content is spread (``body._spread_region``):
    its teasers and item names are its content."""
    authors: tuple[str, ...] = ()
    """The credited authors' names, ``normalise``-d."""
    teasers: bool = False
    """The container is a list of articles (``body._teaser_list``): its linked headlines are its
    content (``teaser-headline``)."""
    titles: bool = False
    """With ``teasers``: linked headings of every level are its headlines (a list of entries whose
    titles are ``<h1>``, ``body._entry_list``)."""
    article: bool = False
    """The page declares an article (``body._declares_article``): what follows its text is not
    the page's content (``related_tail``)."""
    kept: int = 0
    """Blocks kept so far."""
    first_prose: int = -1
    """Index of the run's first paragraph of prose (-1: no run)."""
    last_prose: int = -1
    last_member: int = -1
    """Index of the run's last block (-1: no run)."""
    blocks: list[Candidate] = field(default_factory=list)
    """All the blocks read, in document order (``Candidate.index``)."""
    box_prose: list[Candidate] = field(default_factory=list)
    """The paragraphs of prose in boxes that no block rule dropped, in document order (set
    before the box rules run)."""
    container: HtmlElement | None = None
    """The element read."""
    run_chars: int = -1
    """Characters of the run's blocks (-1: not counted yet; ``teaser_excerpt``)."""
    row_chars: dict[HtmlElement, int] = field(default_factory=dict)
    """Characters of each row of cards measured (``teaser_excerpt``)."""


def sibling_prose(b: Candidate, ctx: Context) -> str | None:
    """Beside the container (``prose_only``) only paragraphs of prose are taken: a lead, a
    paragraph split off by an ad wrapper; never a label, byline or teaser."""
    st = b.st
    if (
        not ctx.prose_only
        or b.whole_prose
        or (len(b.text) >= PROSE_CHARS and st is not None and st.links <= PROSE_LINK_SHARE * st.text)
    ):
        return None
    return f"beside the container, not prose: chars {len(b.text)}"


def link_list(b: Candidate, ctx: Context) -> str | None:
    """Blocks that are mostly link text are menus, link lists, teasers and "read more" lines; a
    long sentence whose words are mostly one link (a name in a bio line) is prose. A subheading or
    a list item standing in the article's run between two paragraphs of prose is the article's own
    (a linked subheading, a list of offers): structure, not a link list beside the text. So is a
    linked headline (``h2``-``h4``) of a container that is a list of articles (``ctx.teasers``)."""
    st = b.st
    if st is None or st.text <= 0 or st.links <= LINK_DENSITY_MAX * st.text or ctx.spread:
        return None
    if st.text >= PROSE_CHARS and b.text[-1:] in ".!?" and st.links <= LINK_DENSITY_SENTENCE * st.text:
        return None
    if b.member and ctx.first_prose < b.index < ctx.last_prose and b.el.tag in _RUN_LINK_TAGS:
        return None
    if _anchor_heading(b.el):
        b.saved = "anchor-heading"
        return None
    if ctx.teasers and (
        b.el.tag in xpaths.TEASER_HEADINGS or (ctx.titles and b.el.tag in xpaths.HEADING_TAGS)
    ):
        b.saved = "teaser-headline"
        return None
    if b.member and ctx.first_prose < b.index < ctx.last_prose and _short_sentence(b, st):
        b.saved = "linked-sentence"
        return None
    return f"link density {st.links / st.text:.2f}, chars {st.text}"


_RUN_LINK_TAGS = xpaths.LIST_ITEM_TAGS | xpaths.HEADING_TAGS - {"h1"}
SENTENCE_OWN_WORDS = 3
"""Fewest words outside links that make a short linked line a sentence (``_short_sentence``)."""


def _short_sentence(b: Candidate, st: Stats) -> bool:
    """Whether ``b`` is a short sentence around a link ("See the setup guide for the options.",
    "As well as the aliases of bash(1)."): a capital first, a full stop last, link text up to
    ``LINK_DENSITY_SENTENCE``, ``SENTENCE_OWN_WORDS`` words of its own, and not opening with a link
    (names, then "and 2 others like this."). ``link_list`` keeps one only between two paragraphs of
    the article's run: anywhere (session 12, branch ``s12-docs-short-sentence``) it also kept a
    recipe's "Add the ingredients to your basket" line (snippets tuning -.001)."""
    text = b.text
    if text[-1:] != "." or not text[:1].isupper() or st.links > LINK_DENSITY_SENTENCE * st.text:
        return False
    words = 0
    for a in b.el.iter("a"):
        link = a.text_content().strip()
        if link and text.startswith(link):
            return False
        words += len(link.split())
    return len(text.split()) - words >= SENTENCE_OWN_WORDS


def _cross_reference(b: Candidate, ctx: Context) -> bool:
    """Whether ``b`` is a manual's cross-reference ("For more information, see Writing
    workflows.", "Read more about aliases in the dedicated section."): a linked sentence
    (``_short_sentence``), not a heading, in the run between two paragraphs of prose or in a box
    among them (a "Tip" admonition), whose links all name a page of the same site by a relative
    address (``#name``, ``../alias/``, ``/docs/x``), as documentation generators write them. Its
    opening words are a promo's: ``promo`` and ``section_label`` spare it. A news site's "Read
    more about ..." mid-text names its articles by full address (a CMS writes them so); with full
    addresses, two WCXB checking articles lost (.933 -> .926, 1.0 -> .999). Marks ``b`` saved
    as a ``linked-sentence``."""
    st = b.st
    if (
        not (b.member or b.box is not None)
        or not ctx.first_prose < b.index < ctx.last_prose
        or b.el.tag in xpaths.HEADING_TAGS
        or st is None
        or st.links <= 0
        or not _short_sentence(b, st)
        or any("//" in (a.get("href") or "//") for a in b.el.iter("a"))
    ):
        return False
    b.saved = "linked-sentence"
    return True


def _anchor_heading(el: HtmlElement) -> bool:
    """Whether ``el`` is a subheading whose links all point into the page (``href="#name"``), one
    of them to the heading itself or to a section it opens: a manual's permalink to its own
    section (mdBook's ``<a class="header">``, Sphinx's ``¶`` beside a way back to the contents).
    Such a link names the section; it leads nowhere else. A forum post's title linking to its
    post does not open the post (the poster's profile comes first)."""
    if el.tag not in _SUBHEADING_TAGS:
        return False
    names: set[str] = set()
    for a in el.iter("a"):
        href = a.get("href") or ""
        if len(href) < 2 or href[0] != "#":
            return False
        names.add(href[1:])
    if not names:
        return False
    node = el
    for _ in range(ANCHOR_LEVELS + 1):
        if node.get("id") in names:
            return True
        parent = node.getparent()
        if parent is None or any(_text(b).strip() for b in node.itersiblings(etree.Element, preceding=True)):
            return False  # the heading does not open this ancestor
        node = parent
    return False


ANCHOR_LEVELS = 3
"""Ancestor levels above a subheading searched for the section its permalink names (Sphinx:
``<section id="name">`` right above the heading)."""
_SUBHEADING_TAGS = xpaths.HEADING_TAGS - {"h1"}


def copyright_notice(b: Candidate, ctx: Context) -> str | None:
    """A block opening with © is a copyright notice; a long one opening the article is a photo
    credit glued to the lead, unless it reads as a notice."""
    text = b.text
    if text[0] == "©" and (
        len(text) < 2 * SHORT_BLOCK or ctx.kept or ctx.prose_only or xpaths.COPYRIGHT_NOTICE.search(text)
    ):
        return "opens with ©"
    return None


def homoglyph_ad(b: Candidate, ctx: Context) -> str | None:
    """An ad spelled with look-alike letters of another script to slip past filters."""
    if not b.text.isascii() and _homoglyphs(b.text):
        return "Latin and Cyrillic letters mixed in words"
    return None


def ad_label(b: Candidate, ctx: Context) -> str | None:
    """A block that is only an ad label, a loader or a "continues below" marker."""
    return "ad label" if xpaths.AD_LABEL.match(b.text) else None


def widget_label(b: Candidate, ctx: Context) -> str | None:
    """A short block whose whole text is a widget's label ("Share", "Print", "Comments")."""
    return "widget label" if xpaths.BOILERPLATE_TEXT.match(b.text) else None


def byline(b: Candidate, ctx: Context) -> str | None:
    """A byline ("By Ana Ruiz"): metadata's, not the body's."""
    return "byline" if xpaths.BYLINE.match(b.text) else None


def dateline(b: Candidate, ctx: Context) -> str | None:
    """A block that is only a date (and time), possibly labelled."""
    return "date only" if xpaths.DATELINE.match(b.text) else None


def edit_stamp(b: Candidate, ctx: Context) -> str | None:
    """A short line saying when the page was last changed ("Last updated 2026-03-05 UTC." below
    a manual's page, "Last updated: December 15th 2025" above a guide): the page's footer or
    header, not its text. Unlike ``dateline`` the date need not stand alone, and unlike
    ``dated_edge_line`` the line may stand anywhere, end as a sentence and label its date; the
    evidence is the opener (``xpaths.EDIT_STAMP``) and a date after it (named, or ISO
    ``2026-03-05``). A table row or cell stays (a changelog's "Last updated | 2024-05-01" is a
    datum the page gives). On WCXB's tuning half: 4 lines on 3 sites, none in the truth; the
    two lines of its truth that say so open otherwise ("Originally published in March 2022.
    Last updated on ...", "Update note: ...")."""
    text = b.text
    if (
        not xpaths.EDIT_STAMP.match(text.lower())
        or b.el.tag in _TABLE_TAGS
        or (_date_at(text) < 0 and not xpaths.ISO_DATE.search(text))
    ):
        return None
    return f"edit stamp, chars {len(text)}"


_TABLE_TAGS = frozenset({"tr", "td", "th"})


def section_label(b: Candidate, ctx: Context) -> str | None:
    """A short label opening a related / comments / tags section."""
    if len(b.text) < RELATED_LABEL and xpaths.RELATED_HEADING.match(b.text) and not _cross_reference(b, ctx):
        return f"section label, chars {len(b.text)}"
    return None


def meta_line(b: Candidate, ctx: Context) -> str | None:
    """A post's meta line: labelled fields, or a date beside a few words between separators."""
    if b.el.tag != "tr" and _meta_line(b.raw.strip(), b.text):  # a row's newlines are markup
        return "meta line"
    return None


def dated_edge_line(b: Candidate, ctx: Context) -> str | None:
    """A short line holding a date beside a few words ("asked Mar 3 by paulo_r", "Last reviewed
    on 3 March 2026 by our team") at an edge of the article's run of prose (``_at_edge``): a post's
    signature or a page's meta line. No word list: the evidence is the date, the line's shortness
    without a sentence end, and its position. Content stays: dated lines elsewhere (a listing's
    events, offers, posts), list items, headings and table rows (a schedule, a timeline), lines in
    a quote (an embedded post's "— Name (@handle) November 1, 2019") and the value of a labelled
    field ("Deadline: 3 May", a datum the page gives)."""
    text = b.text
    if (
        len(text) >= RELATED_LABEL
        or text[-1:] in ".!?"
        or b.el.tag in _DATED_CONTENT_TAGS
        or len(text.split()) > DATED_LINE_WORDS
        or not _at_edge(b, ctx)
        or (at := _date_at(text)) < 0
        or text[:at].rstrip().endswith(":")
        or b.el.tag == "blockquote"
        or any(True for _ in b.el.iterancestors("blockquote"))
    ):
        return None
    return f"date in a line of {len(text.split())} words outside the run"


def trailing_note(b: Candidate, ctx: Context) -> str | None:
    """A short paragraph set wholly in italics (``<p><i>...</i></p>``) that ends the article's run
    of paragraphs after its prose and names one of the article's credited authors: a note about
    the author set apart from the text by its type (a contact or tip line beside a bio box), not
    the article's closing paragraph, which is set as the others are. (Without the name, such notes
    are as often the text's own on WCXB: republishing notes, closing questions.)"""
    if b.index != ctx.last_member or not 0 <= ctx.first_prose < b.index:
        return None
    if b.text[-1:] not in ".!?" or not _emphasised(b.el) or b.el[0].tag not in _ITALIC:
        return None
    key = _norm(b.text)
    if not any(name in key for name in ctx.authors):
        return None  # a republishing note, a closing thought: the text's own
    before = b.el.getprevious()
    if before is not None and isinstance(before.tag, str) and _emphasised(before):
        return None  # the text's closing paragraphs are all in italics: none is set apart
    return f"all in <{b.el[0].tag}> after the last paragraph of prose, chars {len(b.text)}"


def _at_edge(b: Candidate, ctx: Context) -> bool:
    """Whether ``b`` stands at an edge of the article's run of prose: in the run before its first
    paragraph of prose or after its last, or right next to either (a signature below a post)."""
    first, last = ctx.first_prose, ctx.last_prose
    if first < 0:
        return False
    if b.index in (first - 1, last + 1):
        return True
    return b.member and not first < b.index < last


_DATED_CONTENT_TAGS = xpaths.HEADING_TAGS | xpaths.LIST_ITEM_TAGS | {"tr", "td", "th", "dt", "dd", "pre"}


def headline_h1(b: Candidate, ctx: Context) -> str | None:
    """The ``<h1>`` is the headline (metadata's job); subheadings are h2-h6. In a list of entries
    (``ctx.titles``) a linked ``<h1>`` is an entry's title, leading to its page."""
    if b.el.tag != "h1":
        return None
    st = b.st
    if ctx.titles and st is not None and st.text and st.links > LINK_DENSITY_MAX * st.text:
        b.saved = "teaser-headline"
        return None
    return "h1"


def promo(b: Candidate, ctx: Context) -> str | None:
    """Promo, newsletter, cookie and cross-link blocks, and credit lines naming a picture agency:
    a short block opening with a promo's words ("Sign up for", "Photo:"), or naming one anywhere.
    A word anywhere is weak evidence: a paragraph of the article's prose (in the run, a sentence
    end, no link, not set apart in emphasis) stays whatever it names ("builds an RSS feed",
    "Shares of Shutterstock rose")."""
    low = b.text.lower()
    found = xpaths.PROMO_START.match(low)
    if found:
        if _cross_reference(b, ctx):
            return None
        return f"opens with promo words {found.group(0).strip()!r}"
    found = xpaths.PROMO_ANYWHERE.search(low)
    if found is None and "©" in low:
        found = xpaths.PROMO_COPYRIGHT.search(low)
    if found is None or _plain_prose(b):
        return None
    return f"promo words {found.group(0).strip()!r}, not plain prose"


def meta_pipes(b: Candidate, ctx: Context) -> str | None:
    """A short block with two " | " separators is a meta or navigation line."""
    return "pipe-separated fields" if b.text.count(" | ") >= META_PIPES else None


def headline_repeat(b: Candidate, ctx: Context) -> str | None:
    """The headline repeated in a paragraph or a non-h1 heading."""
    key = ctx.headline_key
    if key and abs(len(b.text) - len(key)) < HEADLINE_SLACK and _norm(b.text) == key:
        return "repeats the headline"
    return None


TEASER_CARDS = 3
"""Fewest cards (siblings of one tag and first class word, each holding a link) from which a
repeated wrapper is a row of teasers."""
TEASER_LEVELS = 6
"""Most levels above an excerpt at which its card (the wrapper it shares with its linked title)
is looked for."""
TEASER_ROW_LEVELS = 6
"""Most levels above the card at which the repeated wrapper (the card, or one holding it: a grid
cell) is looked for. A grid plugin nests a card's text five wrappers below its repeated cell
(``result > row > col > item > article > text``); 4 missed it (one tuning and two checking
articles on WCXB), 6 loses no page."""
TEASER_TITLE_BACK = 3
"""Most blocks back from an excerpt at which its card's title may stand (a category or a date
line can come between)."""


def teaser_excerpt(b: Candidate, ctx: Context) -> str | None:
    """Text after the article's run, outside it, standing in a card with a title dropped as a link
    list whose links lead to another page, the card being one of a row of like cards (``<div
    class="post-item">`` x3: same tag and first class word, each holding a link), the row holding
    less text than the run: a teaser's excerpt under its headline ("Read this next"), another
    page's text that passed for prose once its title was dropped. A row holding more text than
    the run is the page's content (a listicle's items after a short intro, a listing's entries);
    a title linking into the page is an accordion's question, its answer the page's own."""
    if ctx.spread or ctx.prose_only or b.member or b.box is not None or not 0 <= ctx.last_prose < b.index:
        return None
    titles = [
        t.el
        for t in ctx.blocks[max(0, b.index - TEASER_TITLE_BACK) : b.index]
        if t.rule == "link-list" and t.el is not b.el and _leaves_page(t.hrefs)
    ]
    if not titles:
        return None
    node = b.el
    for _ in range(TEASER_LEVELS):
        node = node.getparent()
        if node is None or node is ctx.container:
            return None
        if any(node in t.iterancestors() for t in titles):
            break
    else:
        return None
    for _ in range(TEASER_ROW_LEVELS):
        parent = node.getparent()
        if parent is None or node is ctx.container:
            return None
        cards = _card_row(node, parent)
        if cards >= TEASER_CARDS:
            row = ctx.row_chars.get(parent)
            if row is None:
                row = ctx.row_chars[parent] = len(" ".join(parent.text_content().split()))
            if ctx.run_chars < 0:
                ctx.run_chars = sum(len(x.text) for x in ctx.blocks if x.member)
            if row >= ctx.run_chars:
                return None
            return f"excerpt in a card of a row of {cards} ({row} chars, the run {ctx.run_chars})"
        node = parent
    return None


def _leaves_page(hrefs: list[str]) -> bool:
    """Whether a block's links all lead to another page: none into this one (``#faq-3``, an
    accordion's question) or to a script."""
    return bool(hrefs) and all(h and not h.startswith(("#", "javascript:")) for h in hrefs)


def _card_row(el: HtmlElement, parent: HtmlElement) -> int:
    """How many children of ``parent`` (``el``'s) share ``el``'s tag and first class word and hold
    a link, ``el`` counted (0 when ``el`` holds none)."""
    if next(el.iter("a"), None) is None:
        return 0
    tag = el.tag
    word = (el.get("class") or "").split()[:1]
    return sum(
        1
        for sib in parent
        if sib.tag == tag
        and (sib.get("class") or "").split()[:1] == word
        and next(sib.iter("a"), None) is not None
    )


BlockRule = Callable[[Candidate, Context], str | None]
ANY_SIZE = 1 << 62
"""The length gate of rules that test blocks of any size."""
BLOCK_RULES: tuple[tuple[str, int, BlockRule], ...] = (
    ("sibling-prose", ANY_SIZE, sibling_prose),
    ("link-list", ANY_SIZE, link_list),
    ("copyright", ANY_SIZE, copyright_notice),
    ("homoglyph-ad", 4 * SHORT_BLOCK, homoglyph_ad),
    ("ad-label", SHORT_BLOCK, ad_label),
    ("widget-label", SHORT_BLOCK, widget_label),
    ("byline", SHORT_BLOCK, byline),
    ("dateline", SHORT_BLOCK, dateline),
    ("edit-stamp", SHORT_BLOCK, edit_stamp),
    ("section-label", SHORT_BLOCK, section_label),
    ("meta-line", SHORT_BLOCK, meta_line),
    ("dated-edge-line", RELATED_LABEL, dated_edge_line),
    ("headline-h1", SHORT_BLOCK, headline_h1),
    ("promo", 2 * SHORT_BLOCK, promo),
    ("trailing-note", 2 * SHORT_BLOCK, trailing_note),
    ("meta-pipes", 2 * SHORT_BLOCK, meta_pipes),
    ("headline-repeat", 2 * SHORT_BLOCK, headline_repeat),
    ("teaser-excerpt", ANY_SIZE, teaser_excerpt),
)
"""The block rules, in the order they are tried: (name, longest block tested + 1, rule). The length
gate keeps long paragraphs away from the word patterns, and the default path fast."""
_RULE_LIMITS = sorted({limit for _, limit, _ in BLOCK_RULES})
_RULES_BY_SIZE = [
    tuple((name, rule) for name, limit, rule in BLOCK_RULES if limit > floor) for floor in [0, *_RULE_LIMITS]
]
"""The rules that test a block, by its size: ``_RULES_BY_SIZE[bisect_right(_RULE_LIMITS, size)]``
(one lookup per block instead of a length test per rule)."""


def boxed_aside(box: list[Candidate], ctx: Context) -> str | None:
    """A box with a heading of its own standing between the article's paragraphs, holding a few
    short lines and no paragraph of prose, is an aside (a sign-up box, a promo), not a section
    of the article (whose subheadings stand in the run)."""
    if not (ctx.first_prose < box[0].index and box[-1].index < ctx.last_prose):
        return None
    if box[0].el.tag not in xpaths.HEADING_TAGS or len(box) < 2 or any(b.prose for b in box):
        return None
    chars = sum(len(b.text) for b in box)
    return f"boxed heading between paragraphs, chars {chars}" if chars < BOX_TEXT else None


def trailing_box(box: list[Candidate], ctx: Context) -> str | None:
    """A short box after the article's last paragraph of prose is an appendix: an author bio,
    a donation appeal, a share box. Not when it holds code (``_holds_code``: a manual's last
    example), nor when it is the text's own prose (``_own_prose``: a FAQ's answer, a footnote, a
    note set apart, paragraphs in wrappers of their own). On WCXB's tuning half the rule dropped
    2.3k characters of the text (FAQ answers, notes, footnotes, code) against 0.9k of
    boilerplate, mostly short lines."""
    if ctx.last_prose < 0 or box[0].index < ctx.last_prose:
        return None
    chars = sum(len(b.text) for b in box)
    if chars >= TRAILING_BOX or _holds_code(box) or _own_prose(box, ctx) or _prose_after(box, ctx):
        return None
    return f"box after the body, chars {chars}"


def _prose_after(box: list[Candidate], ctx: Context) -> bool:
    """Whether a paragraph of prose in another box, not dropped by a block rule, comes after
    ``box`` and none of ``box``'s own lines was dropped: the text goes on in wrappers
    (Asciidoctor's ``div.paragraph > p`` after two bare paragraphs: the Git book), so ``box``
    stands inside the text, not after it. A call to action's box mixes its sentence with
    dropped button lines. WCXB tuning: 11 boxes spared on 7 pages, 7 of them in the truth."""
    if any(b.rule for b in box):
        return False
    wrapper, last = box[0].box, box[-1].index
    for b in reversed(ctx.box_prose):  # from the end: the first one tried is almost always the answer
        if b.index <= last:
            return False
        if b.box is not wrapper:
            return True
    return False


def _own_prose(box: list[Candidate], ctx: Context) -> bool:
    """Whether a box after the text is the text's own prose: it names no credited author (a bio
    does: "Ana heads the desk") and either holds nothing but paragraphs of prose (the text going on
    in wrappers of its own, ``div.paragraph > p``) or holds one with no linked line and no button
    after it (an appeal mixes its prose with a call to act)."""
    if any(name in _norm(b.text) for b in box for name in ctx.authors):
        return False
    if all(b.prose for b in box):
        return True
    return (
        any(b.prose for b in box)
        and not any(b.st is not None and b.st.links for b in box)
        and not _button_after(box, ctx)
    )


def _holds_code(box: list[Candidate]) -> bool:
    """Whether a box holds a block of code (``<pre>``): a manual's last example and the lines
    around it, which no bio, appeal or share box carries."""
    wrapper = box[0].box
    if wrapper is not None:
        return next(wrapper.iter("pre"), None) is not None
    return any(b.el.tag == "pre" or next(b.el.iterancestors("pre"), None) is not None for b in box)


def _button_after(box: list[Candidate], ctx: Context) -> bool:
    """Whether the block right after ``box`` is a short line that is all link (a call to action's
    button: "Join now", "Start free trial")."""
    after = box[-1].index + 1
    if after >= len(ctx.blocks):
        return False
    b = ctx.blocks[after]
    return b.rule == "link-list" and len(b.text) < RELATED_LABEL and b.box is not box[0].box


def image_legend(box: list[Candidate], ctx: Context) -> str | None:
    """A box holding one picture and one short line of text (not a heading, not prose) is a
    figure that its markup does not call one (``<div class="pic"><img><div>legend</div></div>``): the legend
    belongs to the image, not to the article's text."""
    wrapper = box[0].box
    if wrapper is None or len(box) != 1 or box[0].prose or box[0].el.tag in xpaths.HEADING_TAGS:
        return None
    chars = len(box[0].text)
    if chars >= BOX_TEXT or len(wrapper.findall(".//img")) != 1:
        return None
    return f"one picture and one line of {chars} chars in a box"


BoxRule = Callable[[list[Candidate], Context], str | None]
BOX_RULES: tuple[tuple[str, BoxRule], ...] = (
    ("image-legend", image_legend),
    ("boxed-aside", boxed_aside),
    ("trailing-box", trailing_box),
)
"""The box rules, in order: each judges the blocks of one box together."""


def _emphasised(el: HtmlElement) -> bool:
    """Whether all of ``el``'s text is inside one emphasis element (``<p><i>...</i></p>``)."""
    if len(el) != 1 or (el.text and el.text.strip()):
        return False
    child = el[0]
    return child.tag in _EMPHASIS and not (child.tail and child.tail.strip())


def _plain_prose(b: Candidate) -> bool:
    """A paragraph of the article's own text: in the run, not a heading, two sentences or more,
    no link, not set apart in emphasis. (A one-sentence line between paragraphs is how promos,
    disclosures and moderation notices stand; a keyword inside a real paragraph is a topic.)"""
    st = b.st
    return (
        b.member
        and b.text[-1:] in ".!?"
        and st is not None
        and st.links == 0
        and b.el.tag not in xpaths.HEADING_TAGS
        and _SENTENCE_BREAK.search(b.text) is not None
        and not _emphasised(b.el)
    )


_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}[.!?][\"'”»)]?\s+[\"'“«(]?[^\W\d_]")
"""A sentence end inside a block (after a word, not an abbreviation's initial or a number)."""


def _mark_run(blocks: list[Candidate], ctx: Context, container: HtmlElement) -> None:
    """Find the article's run of paragraphs (the parent of most paragraphs of prose), mark its
    members and the boxes among them, and the indexes of its first and last prose (for these, a
    paragraph of two short sentences counts too: it can end the article)."""
    parents: dict[HtmlElement, int] = {}
    bounds: set[int] = set()
    for b in blocks:
        st = b.st
        text = b.text
        if text[-1:] not in SENTENCE_END or (st is not None and st.links > PROSE_LINK_SHARE * st.text):
            continue
        if len(text) >= PROSE_CHARS:
            b.prose = True
        elif len(text) < SHORT_PROSE or _SENTENCE_BREAK.search(text) is None:
            continue
        bounds.add(b.index)
        parent = b.el.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    if not parents:
        return
    run = max(parents, key=parents.__getitem__)
    for b in blocks:
        el = b.el
        child = el
        parent = child.getparent()
        while parent is not None and parent is not run and child is not container and child is not run:
            child, parent = parent, parent.getparent()
        if child is run:
            b.member = True  # text standing directly in the run's element
        elif parent is None or parent is not run:
            continue  # outside the run (an article header beside it)
        elif child is el or child.tag in _STRUCTURES:
            b.member = True
        else:
            b.box = child
        if b.member:
            ctx.last_member = b.index
        if b.member and b.index in bounds:
            if ctx.first_prose < 0:
                ctx.first_prose = b.index
            ctx.last_prose = b.index


def _decide(blocks: list[Candidate], ctx: Context, container: HtmlElement, trace: Trace | None) -> None:
    """Run the rules over ``blocks``: each dropped one gets the name of its rule."""
    for i, b in enumerate(blocks):
        b.index = i
    ctx.blocks = blocks
    ctx.container = container
    if not ctx.prose_only:
        _mark_run(blocks, ctx, container)
    for b in blocks:
        size = len(b.text)
        for name, rule in _RULES_BY_SIZE[bisect_right(_RULE_LIMITS, size)]:
            found = rule(b, ctx)
            if found:
                b.rule, b.evidence = name, found
                break
        else:
            ctx.kept += 1
    if ctx.last_prose >= 0:
        _author_boxes(blocks, ctx)
        ctx.box_prose = [b for b in blocks if b.prose and not b.rule and b.box is not None]
        boxes: dict[HtmlElement, list[Candidate]] = {}
        for b in blocks:
            if b.box is not None:
                boxes.setdefault(b.box, []).append(b)
        for box in boxes.values():
            for name, box_rule in BOX_RULES:
                found = box_rule(box, ctx)
                if found:
                    for b in box:
                        if not b.rule:
                            b.rule, b.evidence = name, found
                    break
        tail = related_tail(blocks, ctx)
        if tail is not None:
            for b in tail[0]:
                b.rule, b.evidence = "related-tail", tail[1]
    if trace is not None:
        for b in blocks:
            if b.rule:
                trace.add("reading", b.rule, "drop", b.text, b.evidence)
            else:
                where = "run" if b.member else "box" if b.box is not None else "beside"
                prose = b.saved or ("prose" if b.prose else "text")
                trace.add("reading", prose, "keep", b.text, f"chars {len(b.text)}, position {where}")


RELATED_LINKS = 2
"""Fewest lines dropped as link lists that make the lines after the text a related list
(``related_tail``). Set by hand: one link line is a button or a "read more" line; the related
lists on the snippets' tuning pages hold 2 to 19."""
RELATED_LEAD = 2
"""Most kept lines before a related list's first link line taken with it (``related_tail``): its
label, and a first teaser's kicker (a card's kicker stands before its linked title). Set by hand;
with no limit, the short lines closing a text before such a list went with it (a tuning snippet
page's footnote, author's name and photo credit)."""


def related_tail(blocks: list[Candidate], ctx: Context) -> tuple[list[Candidate], str] | None:
    """The lines after the article's last paragraph of prose that go with a list of links to
    other pages: its label ("Read also", in any language), the kickers and dates of its teasers,
    a button's words, read among the link lines that ``link_list`` drops. From the end of the page
    back, the tail holds only short lines kept (under ``RELATED_LABEL`` characters, not prose) and
    ``RELATED_LINKS`` or more link lines whose text outweighs the kept lines among and after them;
    at most ``RELATED_LEAD`` kept lines before its first link line go with it. A line ending as a
    sentence does (``_closing``: "Happy practicing!") stays: the text's own closing words, or a
    notice, between the links. Returns the lines to drop and the evidence, or ``None``. Only on a
    page declaring an article (``ctx.article``): after a guide's or a listing's text, a list of
    links may be its content (a wiki's "See also", a topic's entries); never on a page of teasers
    or items (``ctx.teasers``, ``ctx.spread``), whose linked lines are its content."""
    if not ctx.article or ctx.last_prose < 0 or ctx.teasers or ctx.spread:
        return None
    links = linked = 0
    tail: list[Candidate] = []
    lead: list[Candidate] = []
    for b in reversed(blocks[ctx.last_prose + 1 :]):
        if b.rule == "link-list":
            links += 1
            linked += len(b.text)
            tail += lead
            lead = []
        elif not b.rule:
            if b.prose or len(b.text) >= RELATED_LABEL:
                break
            if not _closing(b.text):
                lead.append(b)
    among = sum(len(b.text) for b in tail)
    if links < RELATED_LINKS or linked <= among:
        return None
    tail += lead[:RELATED_LEAD]
    if not tail:
        return None
    return tail, f"after the text: {links} link lines of {linked} chars, {among} chars kept among them"


def _closing(text: str) -> bool:
    """Whether a short line ends as a sentence of the text does (a full stop, an exclamation mark,
    a comma before a signature: "Happy practicing!", "Love and Light,"), where a list's label
    ends with a colon, a question or nothing ("Read also:", "Seen this?", "Related")."""
    return text[-1:] in ".!," and not text.endswith("...")


AUTHOR_BOX = 2500
"""Most text of an author box (``_author_box``): a name, a role, a bio of a few paragraphs and
links to the author's other pages. Set by hand: the largest such box on WCXB's tuning articles
held ~1,900 characters (a reviewer's bio in three sections)."""
AUTHOR_BOX_LEVELS = 4
"""Most ancestors of the name's block climbed to find its box (the name sits in a heading or a
link inside a wrapper for the name and role, inside the box with the bio)."""
BIO_CHARS = 80
"""Shortest block read as a bio beside the name (a sentence or two about the author)."""


def _author_boxes(blocks: list[Candidate], ctx: Context) -> int:
    """Drop each author box after the article's run (``_author_box``, ``author-box`` in the
    explain trace); return how many blocks went."""
    if not ctx.authors or ctx.spread or ctx.teasers:
        return 0
    dropped = 0
    for b in blocks[ctx.last_prose + 1 :]:
        if b.member or b.rule == "author-box" or _norm(b.text) not in ctx.authors:
            continue
        found = _author_box(b, ctx)
        if found is None:
            continue
        lo, hi, chars = found
        evidence = f"a box of {chars} chars under the credited author's name {b.text!r} after the text"
        for x in blocks[lo : hi + 1]:
            if not x.rule:
                x.rule, x.evidence = "author-box", evidence
                dropped += 1
    return dropped


def _author_box(b: Candidate, ctx: Context) -> tuple[int, int, int] | None:
    """The blocks (first and last index, characters) of the author box that ``b`` names: ``b`` is a
    line that is only the name of a credited author, standing after the article's last paragraph
    of prose outside its run, and the smallest wrapper around it (``AUTHOR_BOX_LEVELS`` up) that
    also holds a sentence of ``BIO_CHARS`` or more is the box, if it holds none of the article's
    text (no run member, nothing up to its last prose) and is short (``AUTHOR_BOX``). The box
    of a name, a role and a bio below a post is about its writer, not part of what they wrote;
    without a name line of its own, a paragraph about a person is the text's (an obituary's last
    paragraph, a profile)."""
    blocks, container = ctx.blocks, ctx.container
    el: HtmlElement | None = b.el
    lo = hi = b.index
    for _ in range(AUTHOR_BOX_LEVELS):
        if el is None or el is container:
            return None
        el = el.getparent()
        if el is None or el is container:
            return None
        while lo > 0 and _inside(blocks[lo - 1].el, el):
            lo -= 1
        while hi + 1 < len(blocks) and _inside(blocks[hi + 1].el, el):
            hi += 1
        box = blocks[lo : hi + 1]
        if lo <= ctx.last_prose or any(x.member for x in box):
            return None
        chars = sum(len(x.text) for x in box)
        if chars > AUTHOR_BOX:
            return None
        if any(x is not b and _bio(x) for x in box):
            return None if _among_posts(el, container) else (lo, hi, chars)
    return None


def _bio(b: Candidate) -> bool:
    """Whether ``b`` may be a bio: kept so far, ``BIO_CHARS`` or more, ending as a sentence does."""
    return not b.rule and len(b.text) >= BIO_CHARS and b.text[-1:] in SENTENCE_END


POSTS = 3
"""Fewest siblings of one tag and first class word that make a box one post among others."""


def _among_posts(box: HtmlElement, container: HtmlElement | None) -> bool:
    """Whether ``box`` or its parent is one of ``POSTS`` or more siblings of its tag and first class
    word: a thread's post (a member's name over what they wrote), repeated once per post, not an
    author box, which a page shows once per author."""
    el: HtmlElement | None = box
    for _ in range(2):
        parent = el.getparent() if el is not None else None
        if el is None or el is container or parent is None:
            return False
        tag, word = el.tag, _first_word(el)
        if sum(1 for sib in parent if sib.tag == tag and _first_word(sib) == word) >= POSTS:
            return True
        el = parent
    return False


def _first_word(el: HtmlElement) -> str:
    """The first word of ``el``'s class string ("" without one)."""
    words = (el.get("class") or "").split(None, 1)
    return words[0] if words else ""


def _inside(el: HtmlElement, box: HtmlElement) -> bool:
    """Whether ``el`` is ``box`` or inside it."""
    return el is box or any(a is box for a in el.iterancestors())


def _candidate(text: str, el: HtmlElement, stats: dict[HtmlElement, Stats]) -> Candidate | None:
    """The block of ``text`` read from ``el``, or ``None`` when it holds only whitespace."""
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) < COMPACT_LIMIT and (
        "\n" in stripped or "  " in stripped or "\t" in stripped or "\xa0" in stripped
    ):
        stripped = " ".join(stripped.split())  # source indentation is no text: measure the words
    return Candidate(raw=text, text=stripped, el=el, st=stats.get(el))


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


def _date_at(text: str) -> int:
    """Where ``text`` writes a date (-1: nowhere): a numeric or named-month date with a year
    (``datetimes.find_textual``), or a day beside a capitalised month name without one ("Mar 3",
    "3. März"; lower-case "out" or "mar" beside a number is a word more often than a month)."""
    if not any(c.isdigit() for c in text):
        return -1
    found = find_textual(text)
    if found is not None:
        return found[0]
    months = month_numbers()
    for hit in _DAY_MONTH.finditer(text):
        word = hit.group(1) or hit.group(4) or ""
        if word[:1].isupper() and word.casefold() in months:
            return hit.start()
    return -1


_DAY_MONTH = re.compile(
    r"\b([^\W\d_]{3,})\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(\.|st|nd|rd|th)?\s+(of\s+)?([^\W\d_]{3,})"
)
"""A day beside a word that may be a month name ("Mar 3", "3 March", "3. März", "3rd of May")."""


def _norm(text: str) -> str:
    return normalise(text)
