"""Widening the container: prose paragraphs that stand beside it (a lead in the article header,
a paragraph split off by an ad wrapper) belong to the article too.

The container is the best-worth subtree, and a lead paragraph in a header beside it often costs
more boilerplate (byline, date, share bar) than it brings. So after the container is read, its
siblings and its ancestors' siblings (``LEVELS`` up) are read in ``prose_only`` mode: only long
paragraphs with almost no links are taken, never from a subtree flagged as boilerplate (a
"header" class word excepted: headers hold the lead).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsscraper.extraction.body_blocks import Walk, header_only, read_container
from newsscraper.extraction.body_render import Block
from newsscraper.extraction.body_score import Stats

LEVELS = 3
"""Ancestor levels whose siblings are read. Swept 1-4: 1 misses leads in article headers (two or
three levels up on most sites); 3 is best on snippets (+0.003 over 2) at -0.0002 on aeb; 4 adds
teaser summaries."""
MIN_SIBLING_WORTH = -300.0
"""A sibling worth less than this is boilerplate as a whole (a related list, a comment thread);
one slightly negative can hold a lead beside its byline and share bar. Swept 0 to -400 with
``PROSE_CHARS`` 150: -300 best on both sets."""

FIGURE_TEXT = 400
"""A sibling with an image and less text than this is a figure whose caption nothing marks; not
an article header (``<header>`` or a header class word), whose lead image sits beside the lead:
reading headers gains +0.0011 on snippets for -0.0003 on aeb (whose truth leaves out the lead)."""


def widen(container: HtmlElement, stats: dict[HtmlElement, Stats], headline: str | None, walk: Walk) -> None:
    """Add the prose paragraphs beside ``container`` to ``walk``, in document order."""
    before: list[Block] = []
    after: list[Block] = []
    node = container
    for _ in range(LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        for sib in node.itersiblings(preceding=True):
            found = _prose(sib, stats, headline, walk)
            before[:0] = found
        for sib in node.itersiblings():
            after.extend(_prose(sib, stats, headline, walk))
        node = parent
    if before or after:
        walk.paragraphs[:0] = before
        walk.paragraphs.extend(after)


def _prose(
    sib: HtmlElement, stats: dict[HtmlElement, Stats], headline: str | None, walk: Walk
) -> list[Block]:
    if not isinstance(sib.tag, str):
        return []
    st = stats.get(sib)
    if st is None or st.total < 100 or st.worth < MIN_SIBLING_WORTH:
        return []
    if st.flagged and not header_only(sib):
        return []
    header = sib.tag == "header" or (st.flagged and header_only(sib))
    if st.total < FIGURE_TEXT and not header and sib.find(".//img") is not None:
        return []  # an image with its caption, unmarked (a header's image comes with the lead)
    found = read_container(sib, stats, headline, prose_only=True)
    walk.figures.extend(found.figures)
    return found.paragraphs
