"""A declared article's collapsed panels (an FAQ's answers, a guide's accordion sections) hidden by
their ``hidden`` attribute or inline style are its text (``cleaning._collapsed_panel`` with
``panels``): kept when they follow a toggle, also a heading whose label was a ``<button>``; a
hidden box after no toggle, a panel that is a menu of links, and the same accordion on a page not
declaring an article are dropped as before."""

from __future__ import annotations

from bench.evalsets import token_text as words
from newsscraper import extract_article

URL = "https://www.example.org/guides/kettles"
ARTICLE = '<script type="application/ld+json">{"@type": "Article", "headline": "Choosing a kettle"}</script>'
LEAD = (
    "<p>A kettle is the most used appliance in many kitchens, and the cheapest ones now boil as fast "
    "as the dearest. We filled, boiled and descaled eleven models over a winter of tea.</p>"
    "<p>What separates them is noise, the size of the spout, and how long the lid stays cool enough "
    "to touch after a full boil, which matters more than any figure on the box.</p>"
)
PANELS = (
    '<div class="guide-section"><h3 class="guide-toggle"><button aria-expanded="false">Capacity'
    '</button></h3><div class="guide-panel" hidden><p>A family needs one and a half litres at most; '
    "a larger jug wastes power, since most people boil twice what they pour, and the heavier jug "
    "is harder to lift with a sore wrist.</p></div></div>"
    '<div class="guide-section"><h3 class="guide-toggle">Limescale</h3><div class="guide-panel" '
    'style="display:none"><p>Hard water leaves a crust on the element within weeks; a mesh filter '
    "in the spout keeps flakes out of the cup, and vinegar left overnight lifts the rest.</p></div></div>"
    '<div class="guide-links"><h3>Where to buy</h3><div hidden><a href="/shop/a">Shop A</a> '
    '<a href="/shop/b">Shop B</a> <a href="/shop/c">Shop C</a> <a href="/shop/d">Shop D</a></div></div>'
    "<div hidden><p>Subscribe to our newsletter for weekly deals on small appliances, delivered to your "
    "inbox every Friday morning before the shops open their doors.</p></div>"
)


def body(declared: bool) -> str:
    head = f"<head><title>Choosing a kettle</title>{ARTICLE if declared else ''}</head>"
    page = f"<html>{head}<body><article><h1>Choosing a kettle</h1>{LEAD}{PANELS}</article></body></html>"
    return words(extract_article(page.encode(), url=URL).articleBody)


def test_collapsed_sections_of_a_declared_article_are_its_text() -> None:
    text = body(declared=True)
    assert "a family needs one and a half litres at most" in text  # after a heading emptied of its button
    assert "hard water leaves a crust on the element" in text  # after a heading, display none


def test_hidden_boxes_that_are_no_panels_stay_out() -> None:
    text = body(declared=True)
    assert "shop a" not in text  # a menu of links after its heading
    assert "subscribe to our newsletter" not in text  # prose after no toggle


def test_the_same_accordion_on_a_page_declaring_no_article_stays_hidden() -> None:
    # on every page, kept panels lost listing pages (a shop's filters): the rule is scoped
    text = body(declared=False)
    assert "a family needs one and a half litres at most" not in text
    assert "hard water leaves a crust on the element" not in text
    assert "a kettle is the most used appliance" in text
