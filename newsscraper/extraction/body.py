"""Main text extraction: find the article body, strip boilerplate, collect the article's images.

Stages (``extract_body``):

1. read what the cleaning would destroy: ``<base href>`` and the structured ``articleBody``;
2. clean the tree (``cleaning.clean_tree``): code, media, hidden elements, landmarks;
3. score every subtree and choose the container (``body_score.score_tree``);
4. read the container into paragraphs, pruning the boilerplate inside it (``body_blocks``), then
   add the prose that stands beside it, such as a lead in the header (``body_siblings``); when the
   page has almost no text but a long structured ``articleBody`` (JavaScript pages), use that;
5. collect the images with caption and credit (``body_images``);
6. estimate the probability that the page is one article (body length, teaser headlines,
   declared type).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement, fromstring

from newsscraper.extraction import xpaths
from newsscraper.extraction.body_blocks import FALSE_HIT_SHARE, flagged_share, read_container
from newsscraper.extraction.body_fallback import densest_run, page_prose
from newsscraper.extraction.body_forum import mark_signatures
from newsscraper.extraction.body_images import collect_images, declared_image, figure_urls, lead_figures
from newsscraper.extraction.body_intro import intro_blocks
from newsscraper.extraction.body_product import drop_extra_prices, drop_reviews
from newsscraper.extraction.body_render import HEADINGS, Block, resolve_links
from newsscraper.extraction.body_repeats import drop_product_repeats, drop_quoted_repeats, drop_repeats
from newsscraper.extraction.body_score import KIN_LINKS, Stats, normalise, score_tree
from newsscraper.extraction.body_siblings import narrow, widen
from newsscraper.extraction.cleaning import clean_tree
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.metadata.model import Declarations
from newsscraper.extraction.trace import Trace
from newsscraper.items import Image
from newsscraper.pagetypes import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    NOT_ARTICLE_TYPES,
    OG_LISTING,
    OG_SITE,
    THREAD_TYPES,
)

FULL_ARTICLE_CHARS = 1200
"""Body length (characters) from which text alone makes a page look like an article. Set by hand
(the eval sets hold no listing pages to calibrate on): a short news item is ~1,000 characters.
Longer scales with a penalty for undated pages do better on WCXB's page kinds (3,000 and -0.25:
0.814 against 0.761 on the tuning half) but lose a fifth of the undated articles, whose
probability the crawl's article filter (``pipelines/classify.py``) is calibrated on."""
NOT_ARTICLE_PENALTY = 0.4
"""Probability lost by a page declaring a type of another kind of page and no article type. WCXB
page kind right (``probability >= 0.5`` = article): tuning half 0.718 -> 0.761, checking 0.696 ->
0.769, articles unchanged (0.97 / 0.96); 0.6 gives the same."""
DECLARED_ARTICLE = ARTICLE_TYPES - {"techarticle"}
"""Declared types that make a page an article (documentation declares ``TechArticle``)."""
TEASER_PAGE = 8
"""Linked headlines in the container from which it is a list of articles, not an article (set by
hand: an article's own "related" box rarely holds more than six)."""
TAIL_LABEL = 25
"""Trailing lines shorter than this that do not end a sentence are labels, not the article's end.
Swept 15-60: 25 is best on both sets (snippets +0.0014, aeb unchanged); 60 cuts real endings."""
HEAD_LABEL = 25
"""The same for leading lines (kickers, section labels) before the first prose. Swept 15-40: 15
and 25 tie (snippets +0.0002), 40 cuts short opening lines."""
TEASER_LINKS = 0.8
"""Link share from which a heading is a teaser headline (a link to another page)."""
FALLBACK_SHARE = 0.3
"""When the body read from the page is shorter than this share of the structured articleBody, the
page renders its text with JavaScript and the structured copy replaces it."""
SHORT_BODY = 500
"""Body length (characters) below which the main result is compared with the densest run of
blocks (``body_fallback``)."""
MIN_PROSE_SHARE = 0.3
"""Share of the page's prose (``body_fallback.page_prose``) below which the main result is
compared with the densest run, however long it is: a winning box must hold the text."""
RUN_GAIN = 2.0
"""How many times the main result's prose the densest run must hold to replace it."""
MAX_TYPES = 50
"""Declared types read from one page (a catalogue page can declare thousands of products)."""
OWN_PARAGRAPH_PROSE = 150
"""A short edge ``<p>`` is the article's own (greeting, signature) when a sibling ``<p>`` holds at
least this much text (``body_blocks.PROSE_CHARS``: a paragraph of prose)."""
GALLERY_FIGURES = 3
"""Figures with a prose caption from which a page can be a gallery whose captions are its text."""
GALLERY_CAPTION = 80
"""Characters from which a caption is a sentence of prose, not a label or a one-line legend."""
MIN_EVIDENCE_CHARS = 200
"""A structured articleBody shorter than this is a summary, no evidence of the body's extent."""
DESCRIBED_TYPES = frozenset({"product", "productgroup"})
"""JSON-LD types whose ``description`` is the page's own prose (a product's description, which
shops often render with JavaScript or behind a toggle), not a one-line summary of it."""
LIST_TYPES = frozenset({"itemlist", "collectionpage", "offercatalog", "searchresultspage"})
"""JSON-LD or microdata types of a page listing items: with one of them, a declared ``Product`` is
one card among others, whose blurb a grid may show twice, not the page's subject
(``body_repeats.drop_product_repeats``)."""
DESCRIPTION_FOUND = 0.5
"""Share of a structured description's words the body must hold for the description to be in it;
below, the page did not render it (a script or a collapsed tab shows it) and it is added."""


@dataclass(kw_only=True, slots=True)
class BodyResult:
    """The article's body as raw (not yet repaired) blocks, plus its images."""

    blocks: list[Block] = field(default_factory=list)
    """The body's blocks in document order (``body_render.Block``), links absolute."""
    images: list[Image] = field(default_factory=list)
    probability: float = 0.0
    """Probability that the page is a single article."""
    warnings: list[str] = field(default_factory=list)
    """``body-fallback:<method>`` when a fallback gave the body (``region``: the content is spread
    over the page; ``densest-run``, ``json-ld``)."""

    @property
    def paragraphs(self) -> list[str]:
        """The blocks' plain texts (not yet repaired), figures without text left out."""
        return [text for b in self.blocks if (text := b.plain)]


def extract_body(
    tree: HtmlElement, url: str | None, meta: PageMetadata, trace: Trace | None = None
) -> BodyResult:
    """Extract the article body from ``tree`` (which this function modifies); with a ``trace``,
    the cleaning and reading rules append their decisions to it."""
    try:
        return _extract(tree, url, meta, trace)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - last-resort guard
        return BodyResult()


def _extract(tree: HtmlElement, url: str | None, meta: PageMetadata, trace: Trace | None) -> BodyResult:
    # 1. what cleaning destroys
    base = _base_url(tree, url)
    structured = _structured_text(tree, meta.declarations)
    declared = _declared_types(tree, meta.declarations)
    description = None if structured else _structured_description(tree, meta.declarations)
    # a product's description, like an articleBody, pulls the container onto the blocks holding it
    told = structured or description
    evidence = normalise(told) if told else None
    # 2. clean
    article = _declares_article(meta, declared)
    # a shop's or a list's disclosures hold its policies and filters (``cleaning._disclosed_panel``)
    disclosures = not article and not declared & (DESCRIBED_TYPES | LIST_TYPES)
    clean_tree(tree, trace, panels=article, disclosures=disclosures)
    root = tree.find("body")
    if root is None:
        root = tree
    # the page of one product: not a card among a list's, not an article reviewing it
    product = bool(declared & DESCRIBED_TYPES) and not declared & LIST_TYPES and not article
    if product:
        # one product's page: its customers' reviews are its comment thread
        drop_reviews(root, trace)
    if not article:
        # a member's signature under each of their posts is furniture, not the thread's text
        mark_signatures(root)
    # 3. container
    scored = score_tree(root, evidence, thread=bool(declared & THREAD_TYPES))
    container = scored.container
    if trace is not None and scored.permalinks and container is not None:
        evidence = f"{scored.permalinks} links naming the block that holds them weighed as its text"
        trace.add("container", "permalink", "measure", container.text_content(), evidence)
    warnings: list[str] = []
    spread = container is None  # no subtree is worth anything: a page of teasers, item names
    if container is None:
        if structured:
            paragraphs = _text_blocks(structured)
            return BodyResult(blocks=paragraphs, probability=_probability(len(structured), 0, meta, declared))
        container = root
        warnings.append("body-fallback:region")
    if not spread:
        part = narrow(container, scored.stats)
        if part is not None:
            if trace is not None:
                evidence = f"<{part.tag}> holds the text; prose after it in other blocks"
                trace.add("container", "narrow", "choose", part.text_content(), evidence)
            container = part
    # 4-5. paragraphs and images
    authors = tuple(a.name for a in meta.authors)
    # a list of articles chosen as the container: its linked headlines are its content
    listed = not spread and not article and _teaser_list(container, scored.stats)
    # the readings of this page differ only in their container and how it is read
    read_in = partial(
        read_container, stats=scored.stats, headline=meta.headline, authors=authors, article=article
    )
    walk = read_in(container, spread=spread, teasers=listed, trace=trace)
    if not spread:
        widen(container, scored.stats, meta.headline, walk)
    read = sum(len(b.text) for b in walk.paragraphs)
    if read < SHORT_BODY and flagged_share(container, scored.stats) > FALSE_HIT_SHARE:
        # a short body from a box chosen against its class words: they are false hits
        again = read_in(container, spread=spread, false_hits=True, teasers=listed)
        more = sum(len(b.text) for b in again.paragraphs)
        if more > read:
            if trace is not None:
                evidence = f"flagged share over {FALSE_HIT_SHARE}, body {read} -> {more} chars"
                trace.add("reading", "class-false-hit", "keep", container.text_content(), evidence)
            walk, read = again, more
            if not spread:
                widen(container, scored.stats, meta.headline, walk)
                read = sum(len(b.text) for b in walk.paragraphs)
    # a product page whose container holds the description it declares has found its text: the
    # rest of the page (buy box, offers, reviews, related items) is not a spread of content
    held = (
        bool(declared & DESCRIBED_TYPES)
        and description is not None
        and not _missing(description, walk.paragraphs)
    )
    region = None if held else _spread_region(root, container, scored.stats, read)
    measured: int | None = None  # the body length the probability is read from, when not the body's
    listing = False  # the body is a list of entries (``_entry_list``), no article
    if region is not None:
        # the content is spread over the page (posts, products, sections): read the region
        if trace is not None:
            evidence = f"<{region.tag}>, the container's body {read} chars"
            hit = _false_hit(container, root, scored.stats) if container is not root else None
            if hit is not None:
                # the page's text was measured with the flagged box holding the container
                evidence += f", under <{hit.tag} {hit.get('class', '')!r}> counted as the page's"
                trace.add("container", "false-hit-region", "choose", region.text_content(), evidence)
            else:
                trace.add("container", "spread-region", "choose", region.text_content(), evidence)
        container = region
        # with a short body of its own (no article beside the rest), the region's links are its
        # content (teaser headlines, item names); beside an article they are related links
        links = read < SHORT_BODY
        if links:
            # a page of links: the text of its links (teasers, item names) is what it leads to, not
            # an article's text; the body's length as an article is the container's own
            measured = read
            if trace is not None:
                evidence = f"probability read from the container's {read} chars, not the links'"
                trace.add("container", "link-page", "measure", region.text_content(), evidence)
        walk = read_in(container, spread=links, trace=trace)
        widen(container, scored.stats, meta.headline, walk)
        if not spread:
            warnings.append("body-fallback:region")
    elif not spread and not article:
        # the container holds the page's text: its parts nested deeper than a header are read now
        # (before, the text they add would have hidden a spread page from ``_spread_region``); on
        # a declared article, kin that far up are comment rows and author boxes, not its sections
        widen(container, scored.stats, meta.headline, walk, kin_only=True)
        entries = _entry_list(container)
        if entries is not None:
            # the container is one entry of a list (a blog's index, a news page's summaries): the
            # list is the page's text, each entry's linked title with its summary
            listed_walk = read_container(
                entries, scored.stats, meta.headline, authors=authors, teasers=True, titles=True, trace=trace
            )
            more = sum(len(b.text) for b in listed_walk.paragraphs)
            if more > sum(len(b.text) for b in walk.paragraphs):
                if trace is not None:
                    evidence = f"<{entries.tag} {entries.get('class', '')!r}> holds the container's entry"
                    trace.add("container", "entry-list", "choose", entries.text_content(), evidence)
                container, walk = entries, listed_walk
                listing = True
    intro_chars = 0
    if not article:
        intro = intro_blocks(root, container, scored.stats)
        if intro and _item_grid(root, 0) is None:
            # no grid of items: a hero's tagline over a landing page's sections, not a catalogue's
            # intro (the tree's walk for the grid is made only when there is an intro to add)
            intro = []
        if intro:
            have = " ".join(_WORD.findall(" ".join(b.plain for b in walk.paragraphs).lower()))
            intro = [b for b in intro if " ".join(_WORD.findall(b.text.lower())) not in have]
        if intro:
            intro_chars = sum(len(b.text) for b in intro)
            if trace is not None:
                for b in intro:
                    trace.add("reading", "title-intro", "keep", b.text, "prose after the page's <h1>")
            walk.paragraphs[:0] = intro
    leads = lead_figures(container, walk.figures)
    if leads:
        walk.paragraphs[:0] = [Block(kind="figure", text="", element=f) for f in leads]
    images = collect_images(container, walk.figures, base, walk.skipped, leads)
    _fill_figures(walk.paragraphs, images, base)
    lead = meta.mainImage
    if lead is not None and all(img.url != lead.url for img in images):
        shown = declared_image(root, lead.url or "", base)
        if shown is not None:
            images.insert(0, shown)
    chars = sum(len(p.text) for p in walk.paragraphs)
    if structured and chars < FALLBACK_SHARE * len(structured):
        # the page renders its text with JavaScript: the structured copy is all there is
        walk.paragraphs = _text_blocks(structured)
        chars = len(structured)
        warnings.append("body-fallback:json-ld")
    else:
        chars += _captions_as_text(walk.paragraphs, images, chars)
        if chars < SHORT_BODY or _partial(chars, root, scored.stats):
            # a short or partial body: a reading blind to the tree's shape may find the text
            run = densest_run(root, scored.stats)
            if run.chars > RUN_GAIN * chars:
                walk.paragraphs = run.blocks
                chars = sum(len(b.text) for b in run.blocks)
                warnings.append("body-fallback:densest-run")
        resolve_links(walk.paragraphs, base)
    drop_repeats(walk.paragraphs, trace)
    if product:
        # one product's page says its selling points again in slides, tabs and per-screen copies
        drop_product_repeats(walk.paragraphs, trace)
        # and the prices of the things it sells beside the product, each left on a line of its own
        drop_extra_prices(walk.paragraphs, trace)
    if not article:
        # a reply quoting a post: the text is read once, where it was written; a declared
        # article's quotes of its own text are kept (WCXB's and aeb's truth keep them)
        drop_quoted_repeats(walk.paragraphs, trace)
    # on a page of links its edge lines may be items (a chart's rank, name and year), not labels
    _trim_ends(walk.paragraphs, items=measured is not None or spread, trace=trace)
    if description is not None and _missing(description, walk.paragraphs):
        walk.paragraphs[:0] = _text_blocks(description)
        chars += len(description)
        warnings.append("body-description:json-ld")
    teasers = sum(
        1
        for h in container.iter(*xpaths.TEASER_HEADINGS)
        if (st := scored.stats.get(h)) is not None and st.text and st.links >= TEASER_LINKS * st.text
    )
    probability = max(
        0.0,
        _probability(chars - intro_chars if measured is None else measured, teasers, meta, declared)
        - (SPREAD_PENALTY if "body-fallback:region" in warnings else 0.0)
        - (ENTRY_PENALTY if listing else 0.0),
    )
    if probability > 0.0 and not article:
        grid = _item_grid(root, sum(len(b.text) for b in walk.paragraphs))
        if grid is not None:
            # a shop's or a catalogue's page: its prose (a category's intro, its SEO copy) stands
            # beside the items it lists, and is no article however long
            if trace is not None:
                evidence = f"{len(grid)} cards <{grid[0].tag} {grid[0].get('class', '')!r}>"
                tiles = sum(not _WORD.search(_outside_links(card)) and _linked_tile(card) for card in grid)
                if tiles:
                    evidence += f", linked-tile {tiles}"
                trace.add("container", "item-grid", "measure", grid[0].text_content(), evidence)
            probability = max(0.0, probability - GRID_PENALTY)
    return BodyResult(blocks=walk.paragraphs, images=images, probability=probability, warnings=warnings)


SPREAD_SHARE = 0.5
"""Share of the page's readable prose (text outside links and flagged subtrees) below which the
container is one part of content spread over the page (a thread's posts, a shop's products, a
landing page's sections), not an article: on WCXB's tuning articles the container holds more
than this on all but 14 of 410 pages, on its other page types on fewer than two in three."""
SPREAD_PENALTY = 0.3
"""Probability of being one article lost by a page whose content is spread (its body is read from
the region, ``_spread_region``): posts, products, sections are not one article's text."""
LINK_PAGE_SHARE = 0.1
"""Share of the page's readable text (links included) under which a short body (under
``SHORT_BODY``) is a box beside a page of links, not its text, however much of the page's prose
(text outside links) it holds: a consent notice or a sort menu beside a list of teasers whose
headlines and summaries are all link text. The region is then read, as for a spread page. WCXB
tuning half: 0.05 and 0.1 change one listing page (0.02 -> 0.90), 0.15-0.25 also lose one whose
job tiles are not its truth."""
REGION_SHARE = 0.7
"""Share of the page's readable text (links included: a listing's teasers are its content) that
the region read instead of such a container must hold; the deepest element that does is taken."""


def _spread_region(
    root: HtmlElement, container: HtmlElement, stats: dict[HtmlElement, Stats], chars: int
) -> HtmlElement | None:
    """The element to read instead of ``container`` when the body read from it (``chars``
    characters, with what ``widen`` brought in) holds under ``SPREAD_SHARE`` of the page's prose,
    or is short and holds under ``LINK_PAGE_SHARE`` of its readable text, links included:
    the deepest element below ``root`` holding ``REGION_SHARE`` of the page's readable text;
    ``None`` when the body holds the page's prose or no such element exists.

    When the container sits under a flagged box (``_false_hit``: a class word it was chosen
    against, such as a shop's "category" wrapper around its sort menu and product grid), the
    box's text counts in the page's readable text and the region may lie inside it: otherwise a
    page whose grid is all in such a box has almost no readable text, and the sort menu passes
    for its body. WCXB body F1, tuning / checking: collection 0.610 -> 0.623 / 0.602 -> 0.622
    (on the tuning half one page, 0.00 -> 0.88), listing 0.632 -> 0.631 / unchanged."""
    top = stats.get(root)
    own = stats.get(container)
    if top is None or own is None:
        return None
    prose = top.kept - top.kept_links
    hit = _false_hit(container, root, stats) if container is not root else None
    extra = 0
    above: list[HtmlElement] = []
    if hit is not None:
        prose += own.total - own.linked  # a false class hit above the container: its text counts
        # and so does all the text of the flagged box holding it
        extra = stats[hit].kept
        above = list(hit.iterancestors())
    page = top.kept + extra
    if chars >= SPREAD_SHARE * prose and not (chars < SHORT_BODY and chars < LINK_PAGE_SHARE * page):
        return None
    need = REGION_SHARE * page
    node = root
    while True:
        for child in node:
            st = stats.get(child)
            if st is None:
                continue
            if child is hit:
                kept = st.kept
            elif st.flagged:
                continue
            else:
                kept = st.kept + (extra if any(child is a for a in above) else 0)
            if kept >= need:
                node = child
                break
        else:
            break
    if node is root:
        # no element below the root holds the page: its sections are the root's own children
        return root if container is not root and _sections(root, container, stats) else None
    return node if node is not container else None


SECTION_CHARS = 200
"""Fewest characters of readable text of a section of a page made of sections (``_sections``)."""
SECTIONS = 3
"""Fewest such sections, the container's among them, that make a page of sections."""


def _sections(root: HtmlElement, container: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether the child of ``root`` holding ``container`` is one of ``SECTIONS`` or more children
    of its tag holding ``SECTION_CHARS`` of readable text with almost no links (``KIN_LINKS``): a
    landing page's hero, feature rows and FAQ laid out side by side under ``<body>``, where a
    forum's or a shop's chrome (login tables, filter lists) is link-heavy."""
    branch = container
    while (parent := branch.getparent()) is not None and parent is not root:
        branch = parent
    count = 0
    for child in root:
        st = stats.get(child)
        if (
            child.tag == branch.tag
            and st is not None
            and not st.flagged
            and st.kept >= SECTION_CHARS
            and st.kept_links <= KIN_LINKS * st.kept
        ):
            count += 1
    return count >= SECTIONS


def _false_hit(el: HtmlElement, root: HtmlElement, stats: dict[HtmlElement, Stats]) -> HtmlElement | None:
    """The highest flagged element from ``el`` up to ``root`` (not included), whose text is then
    not in the root's ``kept``: a class word the container was chosen against; ``None`` when
    there is none."""
    found = None
    node: HtmlElement | None = el
    while node is not None and node is not root:
        st = stats.get(node)
        if st is not None and st.flagged:
            found = node
        node = node.getparent()
    return found


def _partial(chars: int, root: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether ``chars`` is under ``MIN_PROSE_SHARE`` of the page's prose. The page's text outside
    links (the root's ``total - linked``) bounds its prose from above, so the walk that counts the
    prose (``page_prose``) runs only when that bound does not already decide."""
    st = stats.get(root)
    if st is not None and chars >= MIN_PROSE_SHARE * (st.total - st.linked):
        return False
    return chars < MIN_PROSE_SHARE * page_prose(root, stats)


def _trim_ends(paragraphs: list[Block], *, items: bool = False, trace: Trace | None = None) -> None:
    """Drop short lines without a sentence end (labels, kickers, credits, "Share") at either end;
    a line that is one of the article's own paragraphs stays (``_own_paragraph``). With ``items``
    (the body is a page of links read from its region: teaser cards, item names), an edge run
    whose first line's shape comes back in it is kept whole (``_repeated_shape``, ``edge-items``
    in the explain trace): it holds two or more of the list's items, not one label.

    Linear in the lines: a page of thousands of short ``<p>`` lines (a list of one-word lines)
    trims them all, and a scan of the siblings per line with a list shifted per line took minutes
    (4,000 lines: 10 s; 50,000: over 12 minutes). With a ``trace``, each line trimmed is recorded
    (``trim-ends``)."""
    text = [i for i, b in enumerate(paragraphs) if b.text]
    long_ps: dict[HtmlElement, list[HtmlElement]] = {}
    lo, hi = 0, len(text)
    while hi - lo > 2:
        block = paragraphs[text[hi - 1]]
        last = block.text.strip()
        if len(last) >= TAIL_LABEL or last[-1:] in ".!?\"'”»)" or _own_paragraph(block, long_ps):
            break
        hi -= 1
    while hi - lo > 2:
        block = paragraphs[text[lo]]
        first = block.text.strip()
        if (
            len(first) >= HEAD_LABEL
            or first[-1:] in ".!?\"'”»)"
            or _own_paragraph(block, long_ps)
            or _section_heading(block)
        ):
            break
        lo += 1
    if items:
        head = [paragraphs[i] for i in text[:lo]]
        tail = [paragraphs[i] for i in reversed(text[hi:])]
        if len(head) > 1 and _repeated_shape(head):
            lo = 0
            if trace is not None:
                trace.add("reading", "edge-items", "keep", head[0].text, f"{len(head)} short top lines")
        if len(tail) > 1 and _repeated_shape(tail):
            hi = len(text)
            if trace is not None:
                trace.add("reading", "edge-items", "keep", tail[0].text, f"{len(tail)} short end lines")
    if lo or hi < len(text):
        dropped = {*text[:lo], *text[hi:]}
        if trace is not None:
            for i in sorted(dropped):
                evidence = f"short {'first' if i < text[lo] else 'last'} line without a sentence end"
                trace.add("reading", "trim-ends", "drop", paragraphs[i].text, evidence)
        paragraphs[:] = [b for i, b in enumerate(paragraphs) if i not in dropped]


def _shape(block: Block) -> tuple[str, str, str, str, str] | None:
    """A line's shape: its kind, its element's tag and class string, its parent's tag and class
    string; ``None`` for a line read from no element (a structured text)."""
    el = block.element
    if el is None:
        return None
    parent = el.getparent()
    if parent is None:
        return (block.kind, el.tag, el.get("class", ""), "", "")
    return (block.kind, el.tag, el.get("class", ""), parent.tag, parent.get("class", ""))


def _repeated_shape(lines: list[Block]) -> bool:
    """Whether the first of ``lines`` (an edge run, from the edge inwards) has the shape of a later
    one: the run starts again, as a list's items do (a rank, a name, a year per item), where a
    kicker or a label over the text stands alone. WCXB tuning half, on pages of links: a chart
    whose first eight items were trimmed as labels, a shop's first product cards."""
    first = _shape(lines[0])
    return first is not None and any(_shape(b) == first for b in lines[1:])


def _section_heading(block: Block) -> bool:
    """Whether a short opening line is the title of the article's first section, not a kicker: a
    subheading (``h2``-``h6``) directly followed by a ``<p>``, with another heading of the same
    level under the same parent (the article's own sections repeat; a kicker stands alone)."""
    el = block.element
    if el is None or block.kind != el.tag or el.tag not in HEADINGS:
        return False
    following = el.getnext()
    parent = el.getparent()
    if following is None or following.tag != "p" or parent is None:
        return False
    return any(sib is not el for sib in parent.iterchildren(el.tag))


def _own_paragraph(block: Block, long_ps: dict[HtmlElement, list[HtmlElement]]) -> bool:
    """Whether a short edge line is a paragraph of the article itself (a greeting, a signature, a
    contact line), not a label: a ``<p>`` beside a paragraph of prose under the same parent.
    Labels and kickers are other elements (spans, divs, headings) or stand apart from the text.
    ``long_ps`` keeps, per parent, its first two ``<p>`` of prose (read once per parent)."""
    el = block.element
    if el is None or el.tag != "p" or block.kind != "p":
        return False
    parent = el.getparent()
    if parent is None:
        return False
    found = long_ps.get(parent)
    if found is None:
        found = long_ps[parent] = []
        for sib in parent.iterchildren("p"):
            if len(sib.text_content()) >= OWN_PARAGRAPH_PROSE:
                found.append(sib)
                if len(found) == 2:  # one of them is not el
                    break
    return any(sib is not el for sib in found)


def _text_blocks(text: str) -> list[Block]:
    """Blocks of a plain text (the structured ``articleBody``): one paragraph per line."""
    return [Block(kind="p", text=line) for line in text.splitlines() if line.strip()]


def _fill_figures(blocks: list[Block], images: list[Image], base: str | None) -> None:
    """Give each figure placeholder the URLs of its images that ``images`` kept."""
    kept = {img.url for img in images if img.url}
    for block in blocks:
        if block.kind == "figure" and block.element is not None:
            block.hrefs = figure_urls(block.element, base, kept)


def _captions_as_text(blocks: list[Block], images: list[Image], chars: int) -> int:
    """When the figures' captions ARE the article (a gallery whose text lives in its captions),
    read them as the body's paragraphs at their figures' places; return the characters added.

    Captions count as the text when at least ``GALLERY_FIGURES`` figures carry a caption of prose
    (``GALLERY_CAPTION`` characters or more) and those captions hold more text than the rest of
    the body: an article's own photo captions are short and fewer words than its text."""
    captions = {img.url: img.caption for img in images if img.caption}
    found: list[tuple[Block, str]] = []
    for block in blocks:
        if block.kind == "figure" and block.hrefs:
            caption = captions.get(block.hrefs[0])
            if caption and len(caption) >= GALLERY_CAPTION:
                found.append((block, caption))
    added = sum(len(c) for _, c in found)
    if len(found) < GALLERY_FIGURES or added <= chars:
        return 0
    for block, caption in found:
        block.text = caption
    return added


def _base_url(tree: HtmlElement, url: str | None) -> str | None:
    hrefs = xpaths.BASE_HREF(tree)
    if hrefs:
        try:
            return urljoin(url or "", str(hrefs[0]).strip()) or url
        except ValueError:
            return url
    return url


_ITEMTYPES = etree.XPath("//*/@itemtype")  # ``//*/@``: see ``xpaths.ROLE_ATTRS``
_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")


def _jsonld(tree: HtmlElement, needle: str, known: Declarations | None) -> Iterator[object]:
    """The parsed JSON-LD scripts whose text holds ``needle`` (a cheap test before parsing);
    scripts that are not valid JSON are skipped. ``known``: the scripts the metadata stage read
    (and the ones it parsed), instead of a walk over the tree."""
    scripts = known.scripts if known else ((s.get("type"), s.text) for s in tree.iter("script"))
    parsed = known.parsed if known else {}
    for kind, raw in scripts:
        if not raw or needle not in raw or kind != xpaths.JSON_LD_TYPE:
            continue
        if raw in parsed:
            yield parsed[raw]
            continue
        try:
            yield json.loads(raw)
        except ValueError:
            continue


def _declared_types(tree: HtmlElement, known: Declarations | None = None) -> set[str]:
    """Every schema.org type the page declares, lower-cased: JSON-LD ``@type`` values at any
    depth and microdata ``itemtype`` names (read before cleaning drops the scripts)."""
    found: set[str] = set()
    for data in _jsonld(tree, "@type", known):
        stack: list[object] = [data]
        while stack and len(found) < MAX_TYPES:
            item = stack.pop()
            if isinstance(item, dict):
                kinds = item.get("@type")
                for kind in kinds if isinstance(kinds, list) else [kinds]:
                    if isinstance(kind, str):
                        found.add(kind.rsplit("/", 1)[-1].lower())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    for value in known.og_types if known else _OG_TYPE(tree):
        found.add("og:" + str(value).strip().lower())
    for value in known.itemtypes if known else _ITEMTYPES(tree):
        for name in str(value).split():
            found.add(name.rstrip("/").rsplit("/", 1)[-1].lower())
    return found


def _structured_text(tree: HtmlElement, known: Declarations | None = None) -> str | None:
    """The JSON-LD ``articleBody``, when the page has a long one."""
    for data in _jsonld(tree, "articleBody", known):
        text = _find_article_body(data)
        if text and len(text) >= MIN_EVIDENCE_CHARS:
            return text
    return None


def _structured_description(tree: HtmlElement, known: Declarations | None = None) -> str | None:
    """The longest JSON-LD ``description`` of a ``DESCRIBED_TYPES`` item, when it holds at least
    ``MIN_EVIDENCE_CHARS`` characters (a shop's summary line is shorter)."""
    best: str | None = None
    for data in _jsonld(tree, "description", known):
        stack: list[object] = [data]
        seen = 0
        while stack and seen < MAX_TYPES:
            item = stack.pop()
            if isinstance(item, dict):
                seen += 1
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                names = {str(k).rsplit("/", 1)[-1].lower() for k in kinds}
                value = item.get("description")
                if names & DESCRIBED_TYPES and isinstance(value, str):
                    value = _markup_text(value).strip()
                    if len(value) >= MIN_EVIDENCE_CHARS and (best is None or len(value) > len(best)):
                        best = value
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return best


_MARKUP = re.compile(r"<[A-Za-z!/]")
_DESCRIPTION_BLOCKS = ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote",
                       "section", "h1", "h2", "h3", "h4", "h5", "h6", "br")  # fmt: skip


def _markup_text(value: str) -> str:
    """A JSON-LD string as text: shops often write HTML into ``description`` (``<p>``, ``<li>``);
    its block elements become lines, its other tags go. Plain text is returned as it is."""
    if not _MARKUP.search(value):
        return value
    try:
        root = fromstring(f"<div>{value}</div>")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", value)
    etree.strip_elements(root, "script", "style", with_tail=False)
    for element in root.iter(*_DESCRIPTION_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _missing(description: str, blocks: list[Block]) -> bool:
    """Whether the body (``blocks``) holds under ``DESCRIPTION_FOUND`` of ``description``'s words
    (lower-cased, counted with their repeats)."""
    wanted = Counter(_WORD.findall(description.lower()))
    if not wanted:
        return False
    have = Counter(w for b in blocks for w in _WORD.findall(b.text.lower()))
    found = sum((wanted & have).values())
    return found < DESCRIPTION_FOUND * sum(wanted.values())


_WORD = re.compile(r"\w+")


def _find_article_body(data: object) -> str | None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("articleBody")
            if isinstance(value, str) and value.strip():
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _declares_article(meta: PageMetadata, declared: set[str]) -> bool:
    """Whether the page declares itself an article (its metadata's type, a schema.org article
    type or ``og:type=article``), as ``_probability`` reads it."""
    kind = (meta.page_type or "").lower()
    return kind in ARTICLE_TYPES or bool(declared & DECLARED_ARTICLE) or "og:article" in declared


GRID_CARDS = 12
"""Fewest sibling item cards (``_item_grid``) that make a page a catalogue of items: three rows
of a shop's grid. On WCXB's tuning half the largest group of such cards on a page not declaring
an article is 10 on articles (a blog's comments with their avatars), 12 to 103 on the collection
and listing pages whose prose made them look like articles."""
CARD_CHARS = 400
"""Characters of text under which a card is an item's tile (name, price, a line of blurb), not a
section of prose."""
CARD_SHARE = 0.75
"""Share of a group's siblings that must be item cards (a grid mixes in banners and ads)."""
GRID_WEIGHT = 0.5
"""Share of the body's length (its blocks' text before repeats are dropped) the cards' text must
reach: an article's text outweighs a box of related items beside it many times, a category's
intro or search-engine copy does not outweigh its grid by much (on WCXB's tuning half the cards
hold 0.7 to 3.7 times the body on the six pages the rule turns; two more, whose bodies repeat
their copy, stay articles)."""
GRID_PENALTY = NOT_ARTICLE_PENALTY
"""Probability lost by a page showing a grid of item cards and declaring no article type: the
same as declaring a type of another kind of page. WCXB page kind (``python -m bench.eval_wcxb``)
tuning / checking 0.791 -> 0.799 / 0.805 -> 0.810 (10 collection and listing pages right, none
wrong), bodies unchanged."""


def _item_grid(root: HtmlElement, chars: int) -> list[HtmlElement] | None:
    """The first group of ``GRID_CARDS`` or more siblings of one tag and class string of which
    ``CARD_SHARE`` are item cards (``_card``) and whose text reaches ``GRID_WEIGHT`` of the
    body's ``chars``: a shop's product grid, a catalogue's tiles; ``None`` when the page has
    none. Only parents with that many children are read, so the walk is one pass over the tree."""
    for parent in root.iter():
        if len(parent) < GRID_CARDS:
            continue
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class", "")), []).append(child)
        for kids in groups.values():
            if len(kids) < GRID_CARDS or sum(map(_card, kids)) < CARD_SHARE * len(kids):
                continue
            if sum(len(" ".join(k.text_content().split())) for k in kids) >= GRID_WEIGHT * chars:
                return kids
    return None


TEASER_LIST = 12
"""Linked headlines (``h2``-``h4``, ``TEASER_LINKS`` of their text in links) from which a container
is a list of articles whose headlines are its content (``_teaser_list``). WCXB body word F1,
tuning half: with 8 (``TEASER_PAGE``) a forum page's linked subject lines are kept too (forum
-.0001); 12 is ``GRID_CARDS``."""


ENTRIES = 4
"""Fewest sibling entries (``_entry``) that make a list of entries (``_entry_list``): a blog's
index or a news page shows ten or more; a related box beside an article, three or four, but
such boxes are read from no declared article's container."""
ENTRY_PENALTY = NOT_ARTICLE_PENALTY
"""Probability lost by a page whose body is a list of entries: the same as declaring a type of
another kind of page."""
ENTRY_SHARE = 0.75
"""Share of the list's children of the entries' tag that must be entries (ads, a pager between)."""
ENTRY_LEVELS = 3
"""Ancestors of the container tested, after the container itself, as the entry it is part of (the
entry's text wrapper, the entry, its wrapper): the list is the parent of one of them. Set by
hand from the tuning page that asked for the rule (the summary's ``<div>`` inside the
``<article>`` entry); not swept."""
ENTRY_SUMMARY = 80
"""Characters of text outside links from which an entry holds a summary, not a card's label."""


def _entry_list(container: HtmlElement) -> HtmlElement | None:
    """The list of entries that is ``container`` or holds it (``entry-list`` in the explain trace):
    ``container`` itself when its children of one tag are such a list (``_entries``), else the
    parent of ``container`` or of one of its ``ENTRY_LEVELS`` ancestors whose children of that
    element's tag are ``ENTRIES`` or more, ``ENTRY_SHARE`` of them entries (``_entry``). On a page
    declaring no article, the container chosen there is the list, whose entries' titles, all
    link text, the reading drops as link lists (a university centre's news list of linked titles over
    blurbs), or one entry's summary (the longest), the others' summaries read beside it as prose
    and their titles lost (a consultancy's news page of ``<article>`` entries under linked
    ``<h1>`` titles). ``None`` when the container is no entry of such a list."""
    if _entries(container):
        return container
    node = container
    for _ in range(ENTRY_LEVELS + 1):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if _entry(node) and _listed([c for c in parent if c.tag == node.tag]):
            return parent
        node = parent
    return None


def _entries(el: HtmlElement) -> bool:
    """Whether ``el``'s children of one tag are ``ENTRIES`` or more entries, ``ENTRY_SHARE`` of them."""
    groups: dict[str, list[HtmlElement]] = {}
    for child in el:
        if isinstance(child.tag, str):
            groups.setdefault(child.tag, []).append(child)
    return any(_listed(kids) for kids in groups.values())


def _listed(kids: list[HtmlElement]) -> bool:
    """Whether ``kids``, siblings of one tag, are a list of entries: ``ENTRIES`` or more of them
    entries (``_entry``), ``ENTRY_SHARE`` of them."""
    if len(kids) < ENTRIES:
        return False
    found = sum(map(_entry, kids))
    return found >= ENTRIES and found >= ENTRY_SHARE * len(kids)


def _entry(el: HtmlElement) -> bool:
    """Whether ``el`` is an entry of a list: a heading (``h1``-``h6``) that is all link text (a
    title leading to the entry's page, ``TEASER_LINKS``) before ``ENTRY_SUMMARY`` characters of
    text outside links (its summary)."""
    title = next(el.iter(*xpaths.HEADING_TAGS), None)
    if title is None:
        return False
    text = len(" ".join(title.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in title.iter("a"))
    if not text or linked < TEASER_LINKS * text:
        return False
    outside = len(" ".join(_outside_links(el).split()))
    return outside - (text - linked) >= ENTRY_SUMMARY


def _teaser_list(container: HtmlElement, stats: dict[HtmlElement, Stats]) -> bool:
    """Whether ``container`` is a list of articles: ``TEASER_LIST`` or more linked headlines and no
    grid of item cards (``_item_grid``: a shop's grid, whose linked product names WCXB's truth
    leaves out beside its category copy on the tuning half's shops). Its headlines are then read
    (``teaser-headline`` in the explain trace): a news section, a blog index, a library's list of
    titles with their blurbs, chosen as the container because the blurbs are its prose."""
    count = 0
    for h in container.iter(*xpaths.TEASER_HEADINGS):
        st = stats.get(h)
        if st is not None and st.text and st.links >= TEASER_LINKS * st.text:
            count += 1
            if count >= TEASER_LIST:
                return _item_grid(container, 0) is None
    return False


def _card(el: HtmlElement) -> bool:
    """Whether ``el`` is an item's card: a link, an image, under ``CARD_CHARS`` of text and some
    of it outside the links (a price, a blurb, a rating) or, on a tile that is one link, in two
    elements of its own (``_linked_tile``). A menu's entries with their icons, all link text in
    one label, are no items: on WCXB's tuning half they are the groups that stand beside
    articles' text (up to 12 entries) and a manual's sidebar. The image may be only its
    ``<picture>``: the cleaning drops an ``<img>`` hidden from screen readers (``aria-hidden``,
    a shop's lazy placeholder) and leaves the ``<picture>`` around it."""
    if el.tag == "a" or el.find(".//a[@href]") is None:
        return False
    if el.find(".//img") is None and el.find(".//picture") is None:
        return False
    if len(" ".join(el.text_content().split())) >= CARD_CHARS:
        return False
    return _WORD.search(_outside_links(el)) is not None or _linked_tile(el)


TILE_PIECES = 2
"""Elements with words of their own that make a tile wholly inside its link an item's card: the
item's name and one more fact (a price, a material), as a card outside its link holds its name
in the link and a fact beside it. A menu entry's link holds one label."""


def _linked_tile(el: HtmlElement) -> bool:
    """Whether ``el`` (all its text inside links) holds ``TILE_PIECES`` elements whose own text
    has a word (``linked-tile`` in the ``item-grid`` trace): a shop's tile whose one link wraps
    the picture, the name and the price."""
    pieces = 0
    for part in el.iter():
        if isinstance(part.tag, str) and part.text and _WORD.search(part.text):
            pieces += 1
            if pieces >= TILE_PIECES:
                return True
    return False


def _outside_links(el: HtmlElement) -> str:
    """The text of ``el`` that is not inside one of its ``<a>`` elements."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag != "a":
            parts.append(_outside_links(child))
        parts.append(child.tail or "")
    return " ".join(parts)


def _probability(chars: int, teasers: int, meta: PageMetadata, declared: set[str]) -> float:
    """Probability that the page is one article, from body length, teasers and the types the page
    declares (``_declared_types``); constants under ``FULL_ARTICLE_CHARS``."""
    p = 0.1 + 0.7 * min(1.0, chars / FULL_ARTICLE_CHARS)
    kind = (meta.page_type or "").lower()
    article = _declares_article(meta, declared)
    if article:
        p += 0.2
    elif kind in LISTING_TYPES or kind in OG_LISTING or kind == OG_SITE:
        p -= 0.2
    if not article and (declared & NOT_ARTICLE_TYPES or any(t.startswith("og:product") for t in declared)):
        p -= NOT_ARTICLE_PENALTY
    if teasers >= TEASER_PAGE:
        p -= 0.4
    return max(0.0, min(1.0, p))
