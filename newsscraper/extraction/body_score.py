"""Locating the article container: one bottom-up pass that scores every subtree.

The text of the page is cut into blocks (each block element with the text of its phrasing content).
A block is worth its non-link text minus a cost per block and a penalty per link character, so a
paragraph is worth a lot, a menu item or a teaser headline a little less than nothing. A subtree is
worth the sum of its blocks, discounted when its class/id names boilerplate; the container is the
subtree worth the most, ties going to the deepest. This is the maximum-subtree view of text
density: it needs no threshold on paragraph count and grows the container exactly as long as the
text it gains outweighs the boilerplate it drags in. What the reading prunes anyway (a small
flagged widget, a link list between paragraphs) costs at most a floor: it must not sink the text
around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths

BLOCK_COST = 60.0
"""Characters a link-only block must hold to pay for itself (menu items, teaser titles sink).
Swept 25-60 with ``TEXT_BLOCK_COST`` 5-15: (60, 10) is best on aeb (0.9755); snippets move by
less than 0.003 over the grid."""
TEXT_BLOCK_COST = 10.0
"""Cost of a block without links: short lines of prose (dialogue, ingredients, verse) are text,
so they must stay near worth-neutral; costs in between scale with the block's link share."""
LINK_PENALTY = 1.5
"""Worth lost per link character beyond not counting it: link lists must sink, inline citations
in long paragraphs must not. Swept 1.0-2.5: 1.5 best on aeb, 2.5 loses 0.01 on both sets."""
LINK_SPAN = 400
"""Longest text of a link that wraps blocks (a teaser card); beyond it, the ``<a>`` is unclosed."""
FRAGMENT_COST = 150.0
"""Worth each part pays when a subtree joins two or more wrappers of text: an article is text
concentrated in one place, a home page's teasers are many small wrappers. A teaser card (title
plus a two-line summary) is worth ~100-200, so 150 cancels most of one. Swept 80-250: 150 is best
on aeb (0.974; 0.965 at 80, 0.972 at 250)."""
BOILERPLATE_DISCOUNT = 0.1
"""Share of its worth a subtree keeps when its class/id names boilerplate (comments, related...).
0.1 and 0.0 tie on aeb within 0.001; 0.2 lets a long related-posts section outweigh a short
article."""
CANDIDATE_DISCOUNT = 0.1
"""Share of its worth a container candidate keeps under a flagged ancestor: a class word can be a
false hit on a page wrapper, so candidates beneath it must stay eligible. 0.1-0.2 tie on aeb and
beat 0.5 by 0.008; 0.1 is 0.0003 better on snippets."""
FLAGGED_FLOOR = -250.0
"""Least worth a flagged subtree can have. A share bar or rating widget inside the article text
(eight icon links, ~-550) must not sink a short post; a body-level nav must still cost the page
wrapper something. Swept -80 to unbounded: -250 best on snippets (+0.0016) with aeb unchanged;
-200 lets ``<body>`` win one aeb page (-0.0026), -300 gains only +0.0012."""
FLOOR_TEXT = 2000
"""Characters of text from which a flagged subtree is a thread or a related list, not a widget, and
keeps its full cost: a floored comment thread lifted the content-class wrapper around it over the
article. Swept 200-5000 (with the floor at -250): 2000 best on snippets (+0.0010 over no limit;
1500 and 3000 within 0.0005), 400 and below lose the widgets' gain; aeb unchanged throughout."""
NAV_PROSE = 500.0
"""Worth from which an element named only by navigation words (``tab-menu``, ``nav-tabs``) is a
panel of prose, not a menu: menus are link text, worth less than nothing. 200-1000 tie on
snippets (+0.0003, a product description in a tab panel) with aeb unchanged; 500 is between."""
LIST_LINKS = 0.8
"""Share of link text from which a wrapper is a link list (shops, sources, "more on this")."""
PROSE_BLOCK = 150
"""Characters of a paragraph of prose, as ``body_blocks.PROSE_CHARS``; it may hold up to
``PROSE_BLOCK_LINKS`` of link text."""
PROSE_BLOCK_LINKS = 0.2
PROSE_SIBLINGS = 3
"""Paragraphs of prose an element must hold directly for the link lists among them to cost no
more than ``FLAGGED_FLOOR`` each: the lists are inside the article (pruned when read), not a
menu beside it. Swept 2-5 and floors 0/-100/-250: 3-5 tie (+0.0011 snippets: pages with link
boxes between paragraphs), 2 takes -0.0003 of it back; aeb unchanged throughout."""
KIN_LINKS = 0.1
"""Most link share of a wrapper whose same-shaped siblings count as one chunk with it: page-builder
rows, Q&A posts, feature tiles and panels are one text in parts; teaser cards (a linked title over
a summary, ~0.3) stay many chunks."""
KIN_BLOCK = 40
"""Fewest characters per block of such a wrapper: a part of a text holds sentences (a heading over
a paragraph averages 60 and more); a tree of category or menu names (same-shaped items, without
links when a script makes them clickable) averages ~25."""
EVIDENCE_BONUS = 1.0
"""Extra worth per character of a block whose text is found in the page's structured articleBody."""
CONTENT_BONUS = 0.3
"""Extra worth per character of text under an element whose class/id/itemprop names the article
body (``article-body``, ``itemprop=articleBody``): a strong but not infallible hint."""
EVIDENCE_KEY = 40
"""Letters of a block compared with the structured articleBody: enough to be unique in a page."""


@dataclass(slots=True)
class Stats:
    """Text statistics of one element, from the bottom-up pass."""

    text: int = 0
    """Characters of the element's own block text (phrasing content), when it is a block."""
    links: int = 0
    """Characters of that text inside links."""
    total: int = 0
    """Characters of block text in the whole subtree."""
    linked: int = 0
    """Characters of that text inside links."""
    kept: int = 0
    """Characters of block text in the subtree outside the flagged subtrees beneath the element
    (its own flag aside): the text a reading of it may keep."""
    kept_links: int = 0
    """Characters of that text inside links."""
    prose: int = 0
    """Children that are paragraphs of prose (``PROSE_BLOCK``)."""
    refund: float = 0.0
    """Cost of the link lists among the children beyond ``FLAGGED_FLOOR``, given back when the
    element holds ``PROSE_SIBLINGS`` paragraphs of prose (the lists sit inside the text)."""
    worth: float = 0.0
    """Sum of the worth of the subtree's blocks (before this element's own discount)."""
    flagged: bool = False
    """The element's class/id names boilerplate."""
    chunks: int = 0
    """Children that are wrappers of positive worth (text blocks beneath, none of their own)."""
    chunk_cost: float = 0.0
    """What those children pay (``FRAGMENT_COST`` each, capped by their worth)."""
    best: float = 0.0
    """Worth of the best container candidate in the subtree (discounted by flagged ancestors)."""
    best_el: HtmlElement | None = None
    """That candidate."""
    discounted: bool = False
    """The candidate already paid ``CANDIDATE_DISCOUNT`` (it is paid once, not per level)."""
    blocks: int = 0
    """Blocks with text in the subtree."""
    listed: bool = False
    """The element's class/id names boilerplate, but the page's table of contents lists it as a
    section (``_listed_section``): it is read as content."""
    kin: set[tuple[str, frozenset[tuple[str, str]]]] | None = None
    """Shapes (``_shape``) of the children counted in ``chunks`` that hold almost no links: a
    second wrapper of the same shape is a part of the same content, not one more chunk."""

    def absorb(self, child: Stats, worth: float) -> None:
        """Add a child's text counts and ``worth`` to this element's (its kept text only while
        the child is not flagged)."""
        self.total += child.total
        self.linked += child.linked
        if not child.flagged:
            self.kept += child.kept
            self.kept_links += child.kept_links
        self.worth += worth


@dataclass(slots=True)
class Scored:
    """Result of the pass: per-element statistics and the chosen container."""

    stats: dict[HtmlElement, Stats]
    container: HtmlElement | None
    worth: float
    permalinks: int = 0
    """Links that name the block holding them, weighed as its text (``_permalinks``)."""


def block_worth(text: int, links: int) -> float:
    """Worth of one block of ``text`` characters of which ``links`` are link text.

    >>> block_worth(300, 0) > 0 > block_worth(12, 12)
    True
    """
    if text <= 0:
        return 0.0
    cost = TEXT_BLOCK_COST + (BLOCK_COST - TEXT_BLOCK_COST) * links / text
    return (text - links) - LINK_PENALTY * links - cost


VERDICT_CACHE = 1 << 16
"""Distinct class/id strings remembered (~9,400 on the 119 aeb pages)."""
VERDICT_KEY_CHARS = 200
"""Longest class/id string cached (real ones are under 100 characters): bounds the cache to ~15 MB."""

_NEUTRAL, _BOILERPLATE, _CONTENT, _NAVIGATION, _ICON = 0, 1, 2, 3, 4
# navigation words alone: such an element is boilerplate only if it reads like links
_NAV_WORDS = re.compile(
    r"(?:^|(?<=[\s_\-\d]))(?:nav\w*|menu\w*|breadcrumbs?|pagination|pager|toolbar|topbar)(?=$|[\s_\-\d])"
)
"""Searched only on strings holding "nav", "menu", "pag", "bar" or "crumb" (``_class_verdict``)."""
# icon words alone: an icon is a glyph with no text; a box named after the icon it shows beside a
# heading and a sentence or two (``elementor-icon-box``, ``feature-icon``) is a tile of the page
_ICON_WORDS = re.compile(
    r"(?:^|(?<=[\s_\-\d]))(?:icons?|fa|glyphicon\w*|material[-_]icons\w*)(?=$|[\s_\-\d])"
)
"""Searched only on strings holding "icon" or "fa" (``_class_verdict``)."""
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_NON_WORD = bytes(c for c in range(128) if not chr(c).isalnum())
"""The ASCII characters ``_NON_WORD`` matches: for ``str`` patterns a word character is one that
is ``isalnum()``, or ``_``."""
_ALL_ATTRS = ("class", "id", "itemprop")
_TEXT_ATTRS = ("class", "itemprop")
_ANCHORED = xpaths.HEADING_TAGS | {"p"}


def class_verdict(words: str) -> int:
    """What one class, id or itemprop value says (see :func:`_class_verdict`); only short values
    are cached, so a page of huge distinct class strings cannot fill memory.

    >>> class_verdict("share-buttons") == _BOILERPLATE, class_verdict("article-body") == _CONTENT
    (True, True)
    """
    if len(words) > VERDICT_KEY_CHARS:
        return _class_verdict.__wrapped__(words)
    return _class_verdict(words)


@lru_cache(maxsize=VERDICT_CACHE)
def _class_verdict(words: str) -> int:
    """What one class, id or itemprop value says: boilerplate, article body, navigation (only
    navigation words: judged by the text under it), icon (only icon words: boilerplate unless the
    element holds prose, ``_prose_item``) or nothing. A content word anywhere wins over
    boilerplate words, boilerplate words over navigation and icon ones. Cached across pages: a site repeats
    its class strings on every page, and these regexes are the scoring pass's main cost."""
    lowered = xpaths.drop_state_modifiers(words.lower())
    if xpaths.names_content(lowered):
        return _CONTENT
    if not xpaths.BOILERPLATE_CLASS.search(lowered):
        return _NEUTRAL
    # each pattern's search only when a word it needs is there: its look-behind is tried at every
    # position, and three boilerplate-named strings in four hold neither kind of word
    if (
        ("nav" in lowered or "menu" in lowered or "pag" in lowered or "bar" in lowered or "crumb" in lowered)
        and _NAV_WORDS.search(lowered)
        and not xpaths.BOILERPLATE_CLASS.search(_NAV_WORDS.sub(" ", lowered))
    ):
        return _NAVIGATION
    if (
        ("icon" in lowered or "fa" in lowered)
        and _ICON_WORDS.search(lowered)
        and not xpaths.BOILERPLATE_CLASS.search(_ICON_WORDS.sub(" ", lowered))
    ):
        return _ICON
    return _BOILERPLATE


def clear_caches() -> None:
    """Forget the cached verdicts (benchmarks use it so that no round profits from the last)."""
    _class_verdict.cache_clear()


def _verdict(el: HtmlElement, tag: str) -> int:
    """The verdict of ``el``'s (whose tag is ``tag``) class, id and itemprop together (see
    :func:`class_verdict`)."""
    verdict = _NEUTRAL
    # ids of headings and paragraphs are anchors made from their text ("nav_the_result_1")
    for attr in _TEXT_ATTRS if tag in _ANCHORED else _ALL_ATTRS:
        words = el.get(attr)
        if not words:
            continue
        # class_verdict inlined: this runs for every element holding text
        short = len(words) <= VERDICT_KEY_CHARS
        found = _class_verdict(words) if short else _class_verdict.__wrapped__(words)
        if found == _CONTENT:
            return _CONTENT
        if found == _BOILERPLATE and attr == "id" and _heading_anchor(el, words):
            continue
        if verdict != _BOILERPLATE:
            verdict = found or verdict
    return verdict


ANCHOR_LETTERS = 6
"""Fewest letters of an id compared with its element's heading (shorter ids are role names)."""


def _heading_anchor(el: HtmlElement, words: str) -> bool:
    """Whether the id ``words`` of ``el`` is an anchor made from the text of its first heading
    (``<section id="more-on-lists"><h2>More on Lists</h2>``, as documentation generators write
    them): such an id names the section's title, not its role, like the ids of headings."""
    key = normalise(words)
    if len(key) < ANCHOR_LETTERS:
        return False
    heading = next(el.iter(*xpaths.HEADING_TAGS), None)
    return heading is not None and key in normalise(heading.text_content())


def score_tree(
    root: HtmlElement,
    evidence: str | None = None,
    thread: bool = False,
    trusted: frozenset[HtmlElement] = frozenset(),
) -> Scored:
    """Score every subtree of ``root`` and choose the article container.

    ``evidence`` is the page's structured articleBody (or a product's description), ``normalise``-d:
    blocks found in it gain worth, which pulls the container onto them. ``thread``: the page
    declares itself a discussion (``pagetypes.THREAD_TYPES``), whose replies are its content
    (``_thread_reply``). ``trusted``: elements whose class words are false hits (``_holds_page``);
    the pass runs again with them when it finds any.
    """
    elements = list(root.iter(etree.Element))
    inline = xpaths.INLINE_TAGS
    stats: dict[HtmlElement, Stats] = {}
    # phrasing text and link text pending for each element, pushed up by its inline children
    pend: dict[HtmlElement, list[int]] = {}
    never = xpaths.NEVER_CONTAINER_TAGS
    # each tag read once (lxml builds a new string per read); links and rows picked from the list
    # in hand: two more walks over the tree cost ~3x more
    tags: list[str] = [el.tag for el in elements]
    anchors = [el for el, tag in zip(elements, tags, strict=True) if tag == "a"]
    linked_blocks = _blocks_in_links(anchors, inline)
    # the links to a place on the page (``href="#x"``), each href read once for both uses below
    fragments = [
        (a, href[1:]) for a in anchors if (href := a.get("href")) and href[:1] == "#" and len(href) > 1
    ]
    # link text of permalinks per element, pushed up like ``pend`` (empty on most pages)
    own_links: dict[HtmlElement, int] = dict.fromkeys(_permalinks(fragments), 0)
    permalinks = len(own_links)
    sections = _contents_targets(fragments)
    listed: dict[HtmlElement, int] = {}
    row_cells, layout_cells = _table_cells(
        [el for el, tag in zip(elements, tags, strict=True) if tag == "tr"], inline
    )
    large: list[tuple[HtmlElement, HtmlElement, int]] = []  # flagged subtrees holding much prose
    kin_groups: dict[tuple[HtmlElement, str], dict[tuple[str, str], tuple[int, bool]]] = {}
    shape_groups: dict[HtmlElement, dict[tuple[str, frozenset[tuple[str, str]]], int]] = {}
    # each element's verdict, shared with ``_sibling_groups``, which judges the siblings of a
    # boilerplate-named element (a sixth of the verdicts were asked twice)
    verdicts: dict[HtmlElement, int] = {}
    for el, tag in zip(reversed(elements), reversed(tags), strict=True):
        st = stats.get(el)
        acc = pend.pop(el, None)
        own = el.text
        n = len(own) if own and not own.isspace() else 0
        k = 0
        if acc is not None:
            n += acc[0]
            k += acc[1]
        tail = el.tail
        t = len(tail) if tail and not tail.isspace() else 0
        if not n and not t and st is None:
            continue  # an empty element (icon, spacer, image wrapper): nothing to pass up
        parent = el.getparent()
        if tag in inline or el in row_cells:
            if tag == "a":
                k = n
                if t:  # the source's indentation after a link is one space: else a list of links
                    t = _spaced(tail)  # indented in the source ("13 / 12 / 11") reads as prose
            if own_links and el in own_links:
                # a permalink's text (or a phrasing element holding one) goes up as the block's own
                mine = own_links.pop(el) or n
                if parent is not None:
                    own_links[parent] = own_links.get(parent, 0) + mine
            if parent is not None:
                pacc = pend.get(parent)
                if pacc is None:
                    pend[parent] = [n + t, k]
                else:
                    pacc[0] += n + t
                    pacc[1] += k
                if st is not None:  # an inline element holding blocks (a teaser card's link)
                    pst = stats.get(parent)
                    if pst is None:
                        pst = stats[parent] = Stats()
                    pst.absorb(st, st.worth)
                    if st.best > pst.best:
                        pst.best, pst.best_el, pst.discounted = st.best, st.best_el, st.discounted
            continue
        # a block: its phrasing text is one unit of the page's text
        if st is None:
            if n == 0:  # a block holding only a tail: the tail moves up
                if parent is not None:
                    pacc = pend.get(parent)
                    if pacc is None:
                        pend[parent] = [t, 0]
                    else:
                        pacc[0] += t
                continue
            st = stats[el] = Stats()
        # class words matter only where there is text (most elements hold none: icons, spacers)
        if st.total or n:
            verdict = verdicts.get(el, -1)
            if verdict < 0:
                verdict = verdicts[el] = _verdict(el, tag)
        else:
            verdict = _NEUTRAL
        if verdict == _ICON:
            verdict = _NEUTRAL if _prose_item(st.total + n, st.linked + k) else _BOILERPLATE
        if (
            verdict == _BOILERPLATE
            and parent is not None
            and (
                _repeats_content(el, parent, kin_groups, verdicts)
                or _repeated_prose_item(el, parent, st.total + n, st.linked + k, shape_groups)
                or (thread and _thread_reply(el))
            )
        ):
            verdict = _NEUTRAL
        if (
            verdict == _BOILERPLATE
            and sections
            and parent is not None
            and _listed_section(el, parent, sections, st.total + n, st.linked + k, listed)
        ):
            verdict = _NEUTRAL
            st.listed = True
        if verdict == _BOILERPLATE and parent is not None:
            if el in trusted:
                verdict = _NEUTRAL
            elif (prose := st.total + n - st.linked - k) >= PAGE_TEXT_MIN:
                large.append((el, parent, prose))
        worth = st.worth
        if n:  # most blocks are wrappers, with no text of their own to weigh
            if el in linked_blocks:
                k = n
            st.text = n
            st.links = k
            st.blocks += 1
            st.total += n
            st.linked += k
            st.kept += n
            st.kept_links += k
            # a permalink's text is worth as much as the block's own text (it names the block)
            worth += block_worth(n, k - own_links.pop(el, 0) if own_links else k)
        if st.prose >= PROSE_SIBLINGS:
            worth += st.refund
        if st.chunks >= 2:
            worth -= st.chunk_cost
        if evidence and n > 0 and _in_evidence(el, evidence):
            worth += EVIDENCE_BONUS * n
        if verdict == _CONTENT and tag != "body" and tag != "html":
            worth += CONTENT_BONUS * st.total
        st.worth = worth
        if worth > st.best and (tag not in never or el in layout_cells):
            # the element itself is the candidate now: a discount a child's candidate paid under a
            # flagged descendant is not this element's (else a flagged overlay escapes its own)
            st.best, st.best_el, st.discounted = worth, el, False
        # a "Related" / "Comments" heading first in its section condemns the section
        if (
            tag in xpaths.HEADING_TAGS
            and 0 < n < 80
            and parent is not None
            and el.getprevious() is None
            and xpaths.RELATED_HEADING.match(el.text_content())
        ):
            pst = stats.get(parent)
            if pst is None:
                pst = stats[parent] = Stats()
            pst.flagged = True
        if verdict == _NAVIGATION:
            verdict = _NEUTRAL if worth > NAV_PROSE else _BOILERPLATE
        if st.flagged or verdict == _BOILERPLATE:
            st.flagged = True
            # a small flagged widget is pruned when read, so it costs its container little; a floor,
            # not nothing, or the page wrapper would absorb every nav and footer for free
            if worth > 0:
                worth *= BOILERPLATE_DISCOUNT
            elif st.total < FLOOR_TEXT:
                worth = max(worth, FLAGGED_FLOOR)
            if not st.discounted:
                st.best *= CANDIDATE_DISCOUNT
                st.discounted = True
        else:
            st.flagged = False
        if parent is not None:
            if t:
                pacc = pend.get(parent)
                if pacc is None:
                    pend[parent] = [t, 0]
                else:
                    pacc[0] += t
            pst = stats.get(parent)
            if pst is None:
                pst = stats[parent] = Stats()
            pst.absorb(st, worth)
            pst.blocks += st.blocks
            if not st.flagged:
                if n == 0:
                    if worth < FLAGGED_FLOOR and st.linked >= LIST_LINKS * st.total:
                        pst.refund += FLAGGED_FLOOR - worth  # a link list
                elif n >= PROSE_BLOCK and k < PROSE_BLOCK_LINKS * n:
                    pst.prose += 1
            if n == 0 and worth > 0 and tag not in _TABLE_PARTS:
                kin = (
                    not st.flagged
                    and tag not in xpaths.LIST_ITEM_TAGS  # a list's items are items, not parts of a text
                    and st.total >= KIN_BLOCK * st.blocks
                    and st.linked <= KIN_LINKS * st.total
                )
                shape = _shape(el) if kin else None
                if shape is None or pst.kin is None or shape not in pst.kin:
                    pst.chunks += 1
                    pay = min(worth, FRAGMENT_COST)
                    pst.chunk_cost += pay
                    if shape is not None:
                        if pst.kin is None:
                            pst.kin = set()
                        pst.kin.add(shape)
            if st.best > pst.best:
                pst.best, pst.best_el, pst.discounted = st.best, st.best_el, st.discounted
    top = stats.get(root)
    if top is None:
        return Scored(stats=stats, container=None, worth=0.0)
    if large and not trusted:
        page = top.total - top.linked
        chosen = stats.get(top.best_el) if top.best_el is not None else None
        held = chosen.kept - chosen.kept_links if chosen is not None else 0
        found = frozenset(
            el
            for el, parent, prose in large
            if _holds_page(el, parent, prose, page) and prose >= MISSED_SHARE * held
        )
        if found:
            return score_tree(root, evidence, thread, found)
    return Scored(stats=stats, container=top.best_el, worth=top.best, permalinks=permalinks)


PAGE_TEXT_SHARE = 0.5
"""Share of the page's text outside links from which a subtree's text outside links is the page's
content, whatever its class words say: a widget, a promo or a footer never holds half of a page
(``promocontainerv2`` around a service page's sections, ``reply`` on a forum's topic). Comment
threads and related lists can (``xpaths.SECTION_CLASS``): they stay flagged. Set by hand at the
half; MISSED_SHARE and PAGE_TEXT_MIN too (not swept)."""
MISSED_SHARE = 2.0
"""How many times the readable text of the container chosen without it such a subtree must hold:
the class words then cost the page its content (a box beside the text was chosen)."""
PAGE_TEXT_MIN = 1000
"""Characters of prose from which a flagged subtree is measured against the page: below, it is a
widget on any page worth reading."""


def _holds_page(el: HtmlElement, parent: HtmlElement, prose: int, page: int) -> bool:
    """Whether ``el``, named boilerplate, holds ``PAGE_TEXT_SHARE`` of the page's text in ``prose``
    characters outside links and is no comment thread or related list, no landmark (a footer of
    footnotes kept by the cleaning for its size) nor a top-level box of the page (an overlay, a
    consent dialog: children of ``<body>``). ``score_tree`` asks only when the subtree holds
    ``MISSED_SHARE`` times the readable text of the container it chose without it."""
    if prose < PAGE_TEXT_SHARE * page or parent.tag in ("body", "html"):
        return False
    if el.tag in xpaths.LANDMARK_TAGS or el.get("role") in xpaths.LANDMARK_ROLES:
        return False
    words = f"{el.get('class', '')} {el.get('id', '')}".lower()
    return not xpaths.SECTION_CLASS.search(words)


REPEATED_ITEMS = 2
"""Siblings with one class string, all named boilerplate by their own class/id/itemprop, from
which they are items of the page's content when a sibling of the same tag and first class word is
not named so: the replies of a thread beside its first post (``forum-post forum-post-reply`` next
to ``forum-post forum-post-original``; ``itemprop=comment`` on every post but the question)."""


def _repeats_content(
    el: HtmlElement,
    parent: HtmlElement,
    groups: dict[tuple[HtmlElement, str], dict[tuple[str, str], tuple[int, bool]]],
    verdicts: dict[HtmlElement, int] | None = None,
) -> bool:
    """Whether ``el``, named boilerplate, repeats the shape of a sibling that is not: at least
    ``REPEATED_ITEMS`` siblings share its tag and class string and are named boilerplate, and one
    of the same tag and first class word is not (the words then name the thread's replies, not a
    thread beside an article). Counted once per parent and wrapper tag (a parent's children and
    its wrappers' only children are two different groups); ``verdicts`` caches ``_verdict`` per
    element."""
    words = (el.get("class") or "").split()
    if not words:
        return False
    # the siblings are grouped only when ``el``'s tag has the children to repeat it: its
    # ``REPEATED_ITEMS`` boilerplate-named ones and one not named so (a C-level walk of the
    # children that stops there; most boilerplate-named elements are alone of their tag)
    if next(islice(parent.iterchildren(el.tag), REPEATED_ITEMS, None), None) is not None:
        found = groups.get((parent, ""))
        if found is None:
            found = groups[parent, ""] = _sibling_groups(parent, verdicts=verdicts)
        count, _ = found.get((el.tag, " ".join(words)), (0, False))
        _, plain = found.get((el.tag, "\0" + words[0]), (0, False))
        if count >= REPEATED_ITEMS and plain:
            return True
    # each post in a wrapper of its own (``<div class="post-wrapper"><article class="reply">``):
    # the posts are the wrappers' only children, compared across the wrappers; only a thread's
    # words are read so (tiles of a landing page wrapped alike are no thread)
    outer = parent.getparent()
    if outer is None or len(parent) != 1 or not _thread_reply(el):
        return False
    found = groups.get((outer, parent.tag))
    if found is None:
        found = groups[outer, parent.tag] = _sibling_groups(outer, parent.tag, verdicts)
    count, _ = found.get((el.tag, " ".join(words)), (0, False))
    _, plain = found.get((el.tag, "\0" + words[0]), (0, False))
    return count >= REPEATED_ITEMS and plain


def _only_child(el: HtmlElement | None, parent: HtmlElement) -> HtmlElement | None:
    """``el`` when it is the only element child of ``parent`` (``el=None``: that child), else ``None``."""
    children = [c for c in parent if isinstance(c.tag, str)]
    if len(children) != 1 or (el is not None and children[0] is not el):
        return None
    return children[0]


def _sibling_groups(
    parent: HtmlElement, wrapper: str = "", verdicts: dict[HtmlElement, int] | None = None
) -> dict[tuple[str, str], tuple[int, bool]]:
    """For ``_repeats_content``: per (tag, class string) the number of children named boilerplate,
    per (tag, NUL + first class word) whether a child is not named so. With a ``wrapper`` tag, the
    items are the only children of ``parent``'s children of that tag, not its children.
    ``verdicts`` caches ``_verdict`` per element (``score_tree`` judges most of them too)."""
    out: dict[tuple[str, str], tuple[int, bool]] = {}
    items = (
        parent
        if not wrapper
        else [c for w in parent if w.tag == wrapper and (c := _only_child(None, w)) is not None]
    )
    for child in items:
        cls = child.get("class")
        words = cls.split() if cls else None
        tag = child.tag
        if not words or not isinstance(tag, str):
            continue
        if verdicts is None:
            verdict = _verdict(child, tag)
        else:
            verdict = verdicts.get(child, -1)
            if verdict < 0:
                verdict = verdicts[child] = _verdict(child, tag)
        if verdict == _BOILERPLATE:
            key = (tag, " ".join(words))
            out[key] = (out.get(key, (0, False))[0] + 1, False)
        else:
            out[(tag, "\0" + words[0])] = (0, True)
    return out


_REPLY_WORDS = re.compile(r"(?:^|[\s_\-\d])(?:comment(?!ary)|repl(?:y|ies))")
"""Class/id/itemprop words of a discussion's posts (``xpaths.SECTION_CLASS``'s comment words)."""


def _thread_reply(el: HtmlElement) -> bool:
    """Whether ``el``, named boilerplate, is named so only by the words of a discussion's posts
    (comments, replies): on a page that declares itself a discussion thread (schema.org
    ``DiscussionForumPosting``), those are its content, not comments beside an article
    (``itemprop=comment`` on every post of a forum thread)."""
    words = " ".join(el.get(attr) or "" for attr in _ALL_ATTRS).lower()
    if not _REPLY_WORDS.search(words):
        return False
    rest = _REPLY_WORDS.sub(" ", xpaths.drop_state_modifiers(words))
    return not xpaths.BOILERPLATE_CLASS.search(rest)


REPEATED_SHAPE = 3
"""Siblings of one tag and shape (``_shape``), each holding prose (``ITEM_PROSE``), from which a
boilerplate-named one among them is an item of the page's content (a feature tile, a product
panel, a docs section): a widget stands alone, and a sidebar's widgets differ in what they hold
(a link list, a form, a notice); a page's items repeat one layout around prose."""
ITEM_PROSE = 100
"""Characters of text outside links from which such a repeated item holds prose, not a label or a
button (a feature tile is a heading over a sentence or two, ~150 characters and more)."""


def _repeated_prose_item(
    el: HtmlElement,
    parent: HtmlElement,
    total: int,
    linked: int,
    groups: dict[HtmlElement, dict[tuple[str, frozenset[tuple[str, str]]], int]],
) -> bool:
    """Whether ``el``, named boilerplate by a class word, holds prose (``total`` characters of
    text, ``linked`` in links: ``_prose_item``) and is one of ``REPEATED_SHAPE`` or more siblings
    of its tag and shape that do. The words of a comment thread or related list
    (``xpaths.SECTION_CLASS``) are not overruled: their items repeat too. Counted once per parent,
    and only for a parent one of whose children asks and which holds ``REPEATED_SHAPE`` children
    of ``el``'s tag (a shape's first part: a C-level walk of the children that stops there)."""
    if not _prose_item(total, linked) or parent.tag in ("body", "html"):
        return False  # the page's top-level boxes (overlays, popups) are no items of its content
    if next(islice(parent.iterchildren(el.tag), REPEATED_SHAPE - 1, None), None) is None:
        return False  # too few siblings of its tag for any shape of it to repeat
    words = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if xpaths.SECTION_CLASS.search(words):
        return False
    found = groups.get(parent)
    if found is None:
        found = groups[parent] = {}
        for child in parent:
            if isinstance(child.tag, str) and _prose_item(len(child.text_content()), _link_chars(child)):
                key = _shape(child)
                found[key] = found.get(key, 0) + 1
    return found.get(_shape(el), 0) >= REPEATED_SHAPE


CONTENTS_LINKS = 3
"""Links to distinct places on the page, and listed sections side by side, from which the links
are a table of contents and the sections its entries (a skip link or two point to landmarks)."""


def _contents_targets(fragments: list[tuple[HtmlElement, str]]) -> frozenset[str]:
    """The ids that the page's own links point to (``fragments``: each link to a place on the
    page, ``href="#topic2"``, with that id), when they point to ``CONTENTS_LINKS`` or more places."""
    found = {target for _, target in fragments}
    return frozenset(found) if len(found) >= CONTENTS_LINKS else frozenset()


def _listed_section(
    el: HtmlElement,
    parent: HtmlElement,
    targets: frozenset[str],
    total: int,
    linked: int,
    listed: dict[HtmlElement, int],
) -> bool:
    """Whether ``el``, named boilerplate by a class word, is a section of the text that the page's
    table of contents lists: its id is one of ``targets`` (``_contents_targets``), so are the ids
    of ``CONTENTS_LINKS`` or more of its siblings, and it holds prose (``_prose_item``). The page
    itself names it a part of its text (``<div id="topic1" class="skip-item">``: a builder's word
    for a jump target). Skip links point to one landmark each (the content, a sidebar), never to
    three side by side; comment threads and related lists (``xpaths.SECTION_CLASS``) stay
    boilerplate. ``listed`` caches the count of listed children per parent."""
    ident = el.get("id")
    if not ident or ident not in targets or not _prose_item(total, linked):
        return False
    count = listed.get(parent)
    if count is None:
        count = listed[parent] = sum(1 for c in parent if isinstance(c.tag, str) and c.get("id") in targets)
    if count < CONTENTS_LINKS:
        return False
    words = f"{el.get('class', '')} {ident}".lower()
    return xpaths.SECTION_CLASS.search(words) is None


def _prose_item(total: int, linked: int) -> bool:
    """Whether a subtree of ``total`` characters, ``linked`` of them in links, holds prose:
    ``ITEM_PROSE`` characters outside links and at most ``KIN_LINKS`` of its text linked."""
    return total - linked >= ITEM_PROSE and linked <= KIN_LINKS * total


def _spaced(text: str) -> int:
    """Length of ``text`` (not all whitespace) with the whitespace at either end counted as one
    space each: the indentation of pretty-printed HTML is no text a reader sees."""
    return len(text.strip()) + text[0].isspace() + text[-1].isspace()


def _link_chars(el: HtmlElement) -> int:
    """Characters of text inside the links of ``el`` (nested links counted once)."""
    # tag-filtered ancestors are looked up in C; a link holding only text is read without
    # text_content()'s XPath call (most links)
    return sum(
        len(a.text_content() if len(a) else a.text or "")
        for a in el.iter("a")
        if next(a.iterancestors("a"), None) is None
    )


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr"})
"""Parts of one table: never fragments of the page, whatever their number."""


def _shape(el: HtmlElement) -> tuple[str, frozenset[tuple[str, str]]]:
    """The tag of ``el`` and the tags and first class words of its children: the repeated wrappers
    of one layout (``<div class="row"><div class="col">``) share it whatever their text."""
    return el.tag, frozenset(
        (c.tag, (c.get("class") or "").split(" ", 1)[0]) for c in el if isinstance(c.tag, str)
    )


def _table_cells(
    rows: list[HtmlElement], inline: frozenset[str]
) -> tuple[set[HtmlElement], set[HtmlElement]]:
    """The cells of data rows, with the blocks inside them, and the cells of layout rows, among
    ``rows`` (the ``<tr>`` elements of the tree scored).

    A data row (each cell at most one block or line break, as ``body_blocks`` reads it) is one
    line of text: scored cell by cell, a standings table of short cells pays ``TEXT_BLOCK_COST``
    per cell and sinks below a side box. A layout row's cell (old table layouts put the whole
    article in one ``<td>``) holds paragraphs and may be the container.
    """
    row_cells: set[HtmlElement] = set()
    layout_cells: set[HtmlElement] = set()
    for tr in rows:
        cells = [c for c in tr if c.tag in xpaths.CELL_TAGS]
        inner: list[HtmlElement] = []
        flat = True
        for cell in cells:
            blocks = [
                d
                for d in cell.iterdescendants()
                if isinstance(d.tag, str) and (d.tag not in inline or d.tag == "br")
            ]
            if len(blocks) > 1:
                flat = False
            inner.extend(blocks)
        if flat:
            row_cells.update(cells)
            row_cells.update(inner)
        else:
            layout_cells.update(cells)
    return row_cells, layout_cells


PERMALINK_LEVELS = 2
"""Levels above a link searched for the element it names: the heading or rule block holding it
(``<h2 id="x"><a href="#x">``), or the section that heading opens (``<section id="x"><h2><a>``)."""


def _permalinks(fragments: list[tuple[HtmlElement, str]]) -> list[HtmlElement]:
    """The links of ``fragments`` (the tree's ``<a href="#x">`` elements, each with its ``x``)
    that name the block holding them: ``x`` is the id of the link's parent or grandparent
    (``PERMALINK_LEVELS``). A manual's
    permalink on a heading or a numbered rule (mdBook writes a whole heading as one, its Rust
    reference a ``<div class="rule" id="r-...">`` link per rule) leads nowhere else: the scoring
    weighs its text as the block's own, not as a link's (``permalink`` in the explain trace), so
    that a chapter with a permalink on every rule is not outweighed by one list inside it. The
    reading still sees a link (a heading is kept as ``anchor-heading``, a bare label dropped). A
    table of contents' links name other sections; a back-to-top link names the page, far above it."""
    found = []
    for a, target in fragments:
        up = a.getparent()
        for _ in range(PERMALINK_LEVELS):
            if up is None:
                break
            if up.get("id") == target:
                found.append(a)
                break
            up = up.getparent()
    return found


def _blocks_in_links(links: list[HtmlElement], inline: frozenset[str]) -> set[HtmlElement]:
    """The block elements that sit inside one of ``links`` (the ``<a>`` elements of the tree
    scored: a teaser card wraps its heading and summary in one ``<a>``); a "link" longer than
    ``LINK_SPAN`` is an unclosed ``<a>`` the parser stretched. Found from the links down (most
    hold no element at all), not from every block up."""
    found: set[HtmlElement] = set()
    for a in links:
        if not len(a):
            continue
        blocks = [d for d in a.iterdescendants() if isinstance(d.tag, str) and d.tag not in inline]
        if blocks and len(a.text_content()) < LINK_SPAN:
            found.update(blocks)
    return found


_EVIDENCE_PREFIX = 4 * EVIDENCE_KEY
"""Characters of a block's text normalised first for its key: enough for ``EVIDENCE_KEY`` letters
in almost every block, a fraction of a wrapper's whole text."""


def _in_evidence(el: HtmlElement, evidence: str) -> bool:
    key = evidence_key(el.text_content())
    return len(key) >= EVIDENCE_KEY // 2 and key in evidence


def evidence_key(text: str) -> str:
    """``normalise(text)[:EVIDENCE_KEY]``, the part of a block looked for in the evidence.

    >>> evidence_key("Hello, World! " * 20) == normalise("Hello, World! " * 20)[:EVIDENCE_KEY]
    True
    """
    # Normalising only the text up to a space gives the same key when it yields EVIDENCE_KEY
    # letters: lower() maps each character alone except a capital sigma, whose form depends on
    # the letters after it, and a space ends that context in the prefix as in the whole text.
    cut = text.find(" ", _EVIDENCE_PREFIX)
    key = normalise(text[:cut]) if cut > 0 else ""
    if len(key) < EVIDENCE_KEY:
        key = normalise(text)
    return key[:EVIDENCE_KEY]


def normalise(text: str) -> str:
    """Letters and digits of ``text``, lower-cased: markup and spacing differ between the page and
    its structured data, the words do not.

    >>> normalise("  Hello,  World! ") == normalise("hello world")
    True
    """
    low = text.lower()
    if low.isascii():
        # what ``_NON_WORD`` removes from ASCII (all but [a-z0-9] once lowered), deleted from the
        # bytes in one table pass: ~3x faster than the substitution, for most texts
        return low.encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii")
    return _NON_WORD.sub("", low)
