"""Rules for the page of one declared product (``body._extract`` runs them when the page declares
a schema.org ``Product`` / ``ProductGroup``, no list type and no article type).

A shop's product page is its description, its specifications and its buy box; the customers'
reviews below them are the page's comment thread, which WCXB's truth leaves out as an article's
truth leaves out its comments.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.body_render import Block
from newsscraper.extraction.trace import Trace

REVIEW_WORD = re.compile(r"(?:^|[\s_-])reviews?(?=$|[\s_-])")
"""A class or id word naming customer reviews (``product-reviews``, ``individual-review__main``,
``jdgm-review-widget``, ``id="reviews"``), matched on the lower-cased value: ``review`` as a whole
word between separators, so ``preview``, ``reviewer`` and ``reviewed`` are not."""


def drop_reviews(root: HtmlElement, trace: Trace | None = None) -> None:
    """Remove from ``root`` (in place, tails kept) each outermost subtree whose class or id names
    customer reviews (``REVIEW_WORD``, state modifiers such as ``has-reviews`` ignored): the
    review widget of a product's page (stars, reviewers' names, their texts, "Write a review").

    Left alone: an element whose words also name the content (``xpaths.names_content``:
    ``pdp-content-body review-box``) and one holding an ``<h1>`` (the product's own title: a
    wrapper classed for a reviews feature, ``product reviews-enabled``, holds the whole product).

    Source: WCXB tuning half, pages of one declared product: removing the review widgets gains on
    10 of 62 pages (7 shops; the widgets hold up to 13,000 characters the truth leaves out); on
    one (an outdoor shop) their prose outweighed the description, so the container was the
    reviews. Product body F1 0.711 -> 0.737 (figures in CHANGELOG). With a ``trace``, each drop is recorded
    (``product-reviews``)."""
    found: list[HtmlElement] = []
    for el in root.iter(etree.Element):
        words = f"{el.get('class') or ''} {el.get('id') or ''}"
        lowered = words.lower()
        if "review" not in lowered or el is root:
            continue
        lowered = xpaths.drop_state_modifiers(lowered)
        if not REVIEW_WORD.search(lowered) or xpaths.names_content(lowered):
            continue
        if next(el.iter("h1"), None) is not None or any(a in found for a in el.iterancestors()):
            continue
        found.append(el)
        if trace is not None:
            evidence = f"<{el.tag} {' '.join(words.split())!r}>: reviews on a product's page"
            trace.add("cleaning", "product-reviews", "drop", el.text_content(), evidence)
    for el in found:
        el.drop_tree()


_AMOUNT = r"(?:[$£€¥]\s?\d[\d,.]*|\d[\d,.]*\s?[$£€¥])"
PRICE_LINE = re.compile(rf"{_AMOUNT}(?:\s+{_AMOUNT})*")
"""A block that is only amounts of money, each a number with a currency sign before or after it
(``$19.95``, ``$179 $299.00``, ``419,00€``): a price tag, no words."""


def drop_extra_prices(blocks: list[Block], trace: Trace | None = None) -> None:
    """Drop from ``blocks`` (in place) every price tag (``PRICE_LINE``, the whole block) after the
    first. ``body`` runs it on the page of one declared product: the first price tag is the
    product's own (its buy box stands above its description); the others are the prices of what
    the shop sells beside it (add-ons, "frequently bought together" cards, bulk tiers), each
    left on its own line when their cards' names go as links.

    Source: WCXB tuning half, product pages: we read two or more price tags on 15 pages of 10
    shops; the truth holds none of them on 8, only the first on 5 (two shops), the first said
    again on 2, and every one on 1 (a console's three models). With a ``trace``, each drop is
    recorded (``product-price``)."""
    seen = False
    kept: list[Block] = []
    for block in blocks:
        if block.kind not in ("figure", "pre") and PRICE_LINE.fullmatch(block.plain.strip()):
            if seen:
                if trace is not None:
                    trace.add("reading", "product-price", "drop", block.plain, "a price tag after the first")
                continue
            seen = True
        kept.append(block)
    blocks[:] = kept
