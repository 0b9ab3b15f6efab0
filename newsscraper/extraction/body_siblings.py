"""Widening the container: text beside it that belongs to the same content, by structure.

The container is the best-worth subtree; parts of the content can stand beside it. After the
container is read, its siblings and its ancestors' siblings (``LEVELS`` up) are looked at, and
each is taken by what its position and shape say, never by its length alone:

- a *kin* sibling, shaped like the container's branch at that level (same tag, same children's
  tags and first class words: ``body_score._shape``) and holding almost no links, is another part
  of the same text (page-builder rows, the question beside the answers, panels of a one-page
  site): it is read in full;
- a sibling that holds the page's headline, or stands between the headline and the container, is
  the article's header: its sentences are the lead or deck (not its byline, date or labels);
- any other sibling gives only long paragraphs of prose (``prose_only``), and only before the
  container or as a bare paragraph after it: a differently shaped block after the text (a press
  release's disclaimer, a store's call to action) is not the article's.

Never from a subtree flagged as boilerplate ("header" class words excepted: headers hold the lead).
Once the container is settled (no spread region read), ``body`` calls ``widen`` again with
``kin_only`` for the kin siblings of the ancestors up to ``KIN_LEVELS`` (page-builder sections
nested deeper than a header) on pages that do not declare themselves articles.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from newsscraper.extraction.body_blocks import PROSE_CHARS, Walk, header_only, read_container
from newsscraper.extraction.body_render import Block
from newsscraper.extraction.body_score import KIN_LINKS, Stats, _shape, normalise
from newsscraper.extraction.xpaths import HEADING_TAGS

LEVELS = 3
"""Ancestor levels whose siblings are read. Swept 1-4: 1 misses leads in article headers (two or
three levels up on most sites); 3 is best on snippets (+0.003 over 2) at -0.0002 on aeb; 4 adds
teaser summaries."""
KIN_LEVELS = 6
"""Ancestor levels whose *kin* siblings (other parts of the same text, by shape) are read once the
container is settled: a page builder nests each section of a guide or a landing page five levels
deep and more, beyond where a lead or a deck stands (``LEVELS``)."""
MIN_SIBLING_WORTH = -300.0
"""A sibling worth less than this is boilerplate as a whole (a related list, a comment thread);
one slightly negative can hold a lead beside its byline and share bar. Swept 0 to -400 with
``PROSE_CHARS`` 150: -300 best on both sets."""

FIGURE_TEXT = 400
"""A sibling with an image and less text than this is a figure whose caption nothing marks; not
an article header (``<header>`` or a header class word), whose lead image sits beside the lead:
reading headers gains +0.0011 on snippets for -0.0003 on aeb (whose truth leaves out the lead)."""
LEAD_CHARS = 60
"""Shortest sentence taken from the article's header as its lead or deck: a deck is one or two
sentences (~80-200 characters); a byline, a date or a kicker is shorter or ends no sentence."""
SENTENCE_END = ".!?\"'”»)…。！？"
BARE_BLOCKS = frozenset({"p", "blockquote"})
"""Siblings after the container that are a paragraph themselves (split off by an ad wrapper)."""


def widen(
    container: HtmlElement,
    stats: dict[HtmlElement, Stats],
    headline: str | None,
    walk: Walk,
    *,
    kin_only: bool = False,
) -> None:
    """Add the text beside ``container`` that belongs to it to ``walk``, in document order: the
    siblings of the container and of its ancestors ``LEVELS`` up; with ``kin_only``, only the kin
    siblings of the ancestors from ``LEVELS`` to ``KIN_LEVELS`` up (what the first call left)."""
    before: list[Block] = []
    after: list[Block] = []
    head = _headline_element(container, headline)
    node = container
    for level in range(KIN_LEVELS if kin_only else LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if not kin_only or level >= LEVELS:
            shape = _shape(node)
            for sib in node.itersiblings(preceding=True):
                before[:0] = _beside(
                    sib, stats, headline, walk, shape, head, after_text=False, kin_only=kin_only
                )
            for sib in node.itersiblings():
                after.extend(
                    _beside(sib, stats, headline, walk, shape, head, after_text=True, kin_only=kin_only)
                )
        node = parent
    if before or after:
        walk.paragraphs[:0] = before
        walk.paragraphs.extend(after)


def _headline_element(container: HtmlElement, headline: str | None) -> HtmlElement | None:
    """The ``<h1>`` outside the container that gives the page's headline (the only ``<h1>`` when
    the headline is unknown), or ``None``."""
    root = container.getroottree().getroot()
    h1s = [h for h in root.iter("h1")]
    if headline:
        key = normalise(headline)
        h1s = [h for h in h1s if (text := normalise(h.text_content())) and (text in key or key in text)]
    if len(h1s) != 1:
        return None
    h1 = h1s[0]
    if any(a is container for a in h1.iterancestors()):
        return None
    return h1


def _beside(
    sib: HtmlElement,
    stats: dict[HtmlElement, Stats],
    headline: str | None,
    walk: Walk,
    shape: tuple[str, frozenset[tuple[str, str]]],
    head: HtmlElement | None,
    *,
    after_text: bool,
    kin_only: bool = False,
) -> list[Block]:
    if not isinstance(sib.tag, str):
        return []
    st = stats.get(sib)
    if st is None or st.worth < MIN_SIBLING_WORTH:
        return []
    if st.flagged and not header_only(sib):
        return []
    if not st.flagged and st.total and st.linked <= KIN_LINKS * st.total and _shape(sib) == shape:
        found = read_container(sib, stats, headline)  # another part of the same text
        walk.figures.extend(found.figures)
        return found.paragraphs
    if kin_only:
        return []
    if head is not None and not after_text and _in_header(sib, head):
        found = read_container(sib, stats, headline)
        walk.figures.extend(found.figures)
        return [b for b in found.paragraphs if _sentence(b.plain)]
    if st.total < 100:
        return []
    header = sib.tag == "header" or (st.flagged and header_only(sib))
    if st.total < FIGURE_TEXT and not header and sib.find(".//img") is not None:
        return []  # an image with its caption, unmarked (a header's image comes with the lead)
    found = read_container(sib, stats, headline, prose_only=True)
    walk.figures.extend(found.figures)
    if after_text and sib.tag not in BARE_BLOCKS:
        # a block of its own after the text gives its figures (a gallery), not its prose
        return [b for b in found.paragraphs if b.kind == "figure"]
    return found.paragraphs


def _in_header(sib: HtmlElement, head: HtmlElement) -> bool:
    """Whether ``sib`` (before the container) holds the headline or follows it."""
    if sib is head or any(a is sib for a in head.iterancestors()):
        return True
    # document order: the headline precedes ``sib`` when it comes first in a walk of their parent
    parent = sib.getparent()
    if parent is None:
        return False
    for el in parent.iter():
        if el is head:
            return True
        if el is sib:
            return False
    return False


def _sentence(text: str) -> bool:
    """A lead: a sentence of ``LEAD_CHARS`` or more, or a paragraph as long as prose beside the
    container must be (``body_blocks.PROSE_CHARS``)."""
    stripped = " ".join(text.split())
    return len(stripped) >= PROSE_CHARS or (len(stripped) >= LEAD_CHARS and stripped[-1:] in SENTENCE_END)


NARROW_SHARE = 0.5
"""Share of the container's readable text (outside links and flagged subtrees) one child must
hold for the container to be narrowed to it (``narrow``): the child holds the article's text."""


def narrow(container: HtmlElement, stats: dict[HtmlElement, Stats]) -> HtmlElement | None:
    """The part of ``container`` to read instead of it, or ``None`` to read it whole.

    The scorer grows the container while the text it gains outweighs what it drags in, so the
    parent of an article's text and a block of prose after it (a press distributor's disclaimer,
    a terms-of-use notice) can win over the text alone. ``widen`` reads such a sibling as not the
    article's (a differently shaped block after the text gives no prose): the container is
    narrowed to the child (a wrapper, not a paragraph) holding most of its text (``NARROW_SHARE``)
    and worth when nothing but headings stands before that child (a lead or byline there would be
    lost), no heading follows it, and the only other prose, less than the child's, stands after it
    in differently shaped blocks of plain paragraphs (not bare paragraphs; no heading, list or
    table: those continue the page's content in sections). The headline before the child is then
    read by ``widen`` as the article's header.
    """
    own = stats.get(container)
    if own is None or own.kept <= 0:
        return None
    children = [c for c in container if isinstance(c.tag, str) and c in stats]
    if len(children) < 2:
        return None
    main = max(children, key=lambda c: _readable(stats[c]))
    st = stats[main]
    text = _readable(st)
    if (
        st.flagged
        or st.text
        or text < NARROW_SHARE * _readable(own)
        or main is not max(children, key=_worth(stats))
    ):
        return None
    shape = _shape(main)
    after = False
    neighbours = 0
    for child in children:
        if child is main:
            after = True
            continue
        cst = stats[child]
        if not after:
            if not _headings_only(child, stats):
                return None  # a lead, a deck, a byline before the text: widening cannot tell them
            continue
        if child.tag in HEADING_TAGS and cst.text:
            return None  # a heading after the text opens another section of it
        if cst.flagged or _readable(cst) < PROSE_CHARS:
            continue  # a label, a widget after the text: read (or pruned) the same either way
        if child.tag in BARE_BLOCKS or _shape(child) == shape or not _paragraphs_only(child, stats):
            return None  # a bare paragraph, a kin part, a section with a heading, list or table
        neighbours += _readable(cst)
    if not neighbours or neighbours >= text:
        return None
    best = st.best_el  # the best candidate inside the child, as the scorer would choose there
    inside = best is not None and (best is main or any(a is main for a in best.iterancestors()))
    return best if inside else main


def _worth(stats: dict[HtmlElement, Stats]) -> Callable[[HtmlElement], float]:
    return lambda el: stats[el].worth


def _headings_only(el: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether every block with text in ``el`` is a heading (the headline over the text)."""
    for node in el.iter():
        st = stats.get(node)
        if st is not None and st.text and node.tag not in HEADING_TAGS:
            return False
    return True


def _paragraphs_only(el: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether every block with text in ``el`` is a plain paragraph, outside lists and tables:
    a section with a heading, a list or a table of its own continues the page's content."""
    for node in el.iter():
        st = stats.get(node)
        if node.tag in _SECTION_PARTS or (st is not None and st.text and node.tag in HEADING_TAGS):
            return False
    return True


_SECTION_PARTS = frozenset({"ul", "ol", "dl", "table", "figure"})


def _readable(st: Stats) -> int:
    """Characters of a subtree's text outside links and flagged subtrees."""
    return st.kept - st.kept_links
