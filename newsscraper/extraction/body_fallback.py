"""A second, simple reading of the page: the densest run of blocks in document order.

The container choice (``body_score``) works on the tree: a page whose tree misleads it (a table
layout, a text split into many wrappers, a mis-nested parse) can leave it with a box holding a
sliver of the page's prose, or nothing. This method ignores the tree's shape: it lists the text
blocks in document order, gives each its worth (``body_score.block_worth``: text minus link text,
minus a cost per block) and takes the run of consecutive blocks worth the most (a maximum-sum
subarray). ``body.py`` compares it with the main result when that one is short or holds a small
share of the page's prose, and keeps the better (``metadata.warnings``: ``body-fallback:densest-run``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.body_render import Block
from newsscraper.extraction.body_score import Stats, block_worth

_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})

RUN_LINK_SHARE = 0.5
"""Blocks of the run with more link text than this share are link lists, left out of its text
(``body_blocks.LINK_DENSITY_MAX``)."""


@dataclass(slots=True)
class Run:
    """The densest run: its blocks (plain text, headings kept as headings) and its prose characters
    (text not in links)."""

    blocks: list[Block]
    chars: int


def page_prose(root: HtmlElement, stats: dict[HtmlElement, Stats]) -> int:
    """Characters of text outside links in the blocks of ``root`` that are not flagged as
    boilerplate by their own class or an ancestor's: the readable prose of the page."""
    total = 0
    for _el, st in _blocks(root, stats):
        if not st.flagged:
            total += st.text - st.links
    return total


def densest_run(root: HtmlElement, stats: dict[HtmlElement, Stats]) -> Run:
    """The run of consecutive blocks of ``root`` (document order) whose worth adds up highest;
    blocks flagged as boilerplate break a run (they are worth ``-inf``). Link lists inside the run
    are left out of its paragraphs."""
    best_worth = worth = 0.0
    start = best_start = best_end = 0
    blocks = _blocks(root, stats)
    for i, (_, st) in enumerate(blocks):
        if st.flagged:
            worth, start = 0.0, i + 1
            continue
        if worth <= 0:
            worth, start = 0.0, i
        worth += block_worth(st.text, st.links)
        if worth > best_worth:
            best_worth, best_start, best_end = worth, start, i + 1
    run = blocks[best_start:best_end]
    found = []
    for el, s in run:
        text = _own_text(el) if s.links <= RUN_LINK_SHARE * s.text else ""
        if text:
            kind = el.tag if el.tag in _HEADINGS else "p"
            found.append(Block(kind=kind, text=text, element=el))
    return Run(found, sum(s.text - s.links for _, s in run))


def _blocks(root: HtmlElement, stats: dict[HtmlElement, Stats]) -> list[tuple[HtmlElement, Stats]]:
    """Blocks with text of their own, in document order, each marked flagged when it or an
    ancestor is (the ``flagged`` of a block's own ``Stats`` says only its class)."""
    out: list[tuple[HtmlElement, Stats]] = []
    flagged_above: list[HtmlElement] = []
    for el in root.iter(etree.Element):
        st = stats.get(el)
        if st is None:
            continue
        while flagged_above and not _inside(el, flagged_above[-1]):
            flagged_above.pop()
        if st.flagged:
            flagged_above.append(el)
        if st.text > 0:
            if flagged_above and not st.flagged:
                out.append((el, Stats(text=st.text, links=st.links, flagged=True)))
            else:
                out.append((el, st))
    return out


def _inside(el: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def _own_text(el: HtmlElement) -> str:
    """The block's own text: its text and its phrasing children's, not its child blocks'."""
    inline = xpaths.INLINE_TAGS
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and (tag in inline or tag in xpaths.CELL_TAGS):
            parts.append(" " if tag in xpaths.CELL_TAGS or tag == "br" else "")
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
