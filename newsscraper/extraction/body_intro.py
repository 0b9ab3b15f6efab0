"""The intro beside a page's title: the prose a category, topic or listing page sets under its
``<h1>``, read when the container (the text below the grid, an FAQ) stands elsewhere.

A shop's category page or a blog's topic page opens with its title and a paragraph or two saying
what the page lists, then the grid of items, then often a longer text for search engines at the
bottom. That bottom text wins the container, and the intro, one short box far above it, is
neither in it nor beside it. ``intro_blocks`` finds it from the ``<h1>``: the prose paragraphs
after the title in the smallest box around it that holds any, a box that is small (a header, a
hero) and does not hold the container. Only for pages not declaring an article and showing a
grid of item cards (``body._item_grid``): an article's standfirst beside its headline is read by
``body_siblings``, and a landing page's hero tagline is not the text of the sections below it
(read on every page not declaring an article, the rule lost WCXB's checking service pages
.7892 -> .7886 in session 13, branch ``s13-collection-side``).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsscraper.extraction.body_render import Block
from newsscraper.extraction.body_score import Stats

INTRO_LEVELS = 3
"""Boxes looked at above the ``<h1>``: its parent, the parent's parent and one more (a hero's
headline box, its content box, the hero)."""
INTRO_BOX = 2000
"""Most characters of text of the box around the title: a header or a hero, not the page."""
INTRO_PROSE = 100
"""Fewest characters of a paragraph of the intro (a sentence or two, not a count or a label)."""
INTRO_LINKS = 0.2
"""Most share of an intro paragraph's text inside links (an intro may link a guide or two)."""


def intro_blocks(root: HtmlElement, container: HtmlElement, stats: dict[HtmlElement, Stats]) -> list[Block]:
    """The intro's paragraphs (``<p>`` of ``INTRO_PROSE`` characters or more, at most
    ``INTRO_LINKS`` of them linked) after the page's first ``<h1>``, in the smallest box up to
    ``INTRO_LEVELS`` above it that holds one, of at most ``INTRO_BOX`` characters and not holding
    the container; empty when the container holds the ``<h1>`` or there is none."""
    h1 = next(root.iter("h1"), None)
    if h1 is None or _within(h1, container):
        return []
    box = h1.getparent()
    for _ in range(INTRO_LEVELS):
        if box is None or box is root or _within(container, box):
            return []
        st = stats.get(box)
        if st is None or st.total > INTRO_BOX:
            return []
        found = [p for p in _after(h1, box) if _intro_paragraph(p, stats)]
        if found:
            return [Block(kind="p", text=" ".join(p.text_content().split()), element=p) for p in found]
        box = box.getparent()
    return []


def _intro_paragraph(p: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    st = stats.get(p)
    return st is not None and st.total >= INTRO_PROSE and st.linked <= INTRO_LINKS * st.total


def _after(h1: HtmlElement, box: HtmlElement) -> list[HtmlElement]:
    """The ``<p>`` elements of ``box`` that come after ``h1`` in document order."""
    seen = False
    found = []
    for el in box.iter("h1", "p"):
        if el is h1:
            seen = True
        elif seen and el.tag == "p":
            found.append(el)
    return found


def _within(el: HtmlElement, other: HtmlElement) -> bool:
    """Whether ``el`` is ``other`` or lies inside it."""
    return el is other or any(a is other for a in el.iterancestors())
