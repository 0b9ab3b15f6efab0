"""Repeated text (``body_repeats``): a copied section or a quoted run is read once; price cards
that list the same features, and a sentence said twice, keep every copy."""

from __future__ import annotations

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata

SECTION = (
    "<h2>Why the river keeps changing its course every spring</h2>"
    "<p>Meltwater from the northern hills swells the channel each April, and the soft banks give "
    "way where the current bends hardest, so the river cuts a new path through the meadows.</p>"
    "<p>Farmers along the lower valley have learned to plant late, after the water settles, and "
    "to keep their fences well back from the edge of the old bed, which floods again in wet years.</p>"
    "<p>Surveyors from the county office walk the banks in May and mark the new line on the maps "
    "that the ferry operators and the fishing clubs use for the rest of the season.</p>"
)


def paras(html: str) -> list[str]:
    tree = parse_html(html).tree
    assert tree is not None
    return extract_body(tree, "https://example.org/a", PageMetadata(headline="River")).paragraphs


def test_copied_section_is_read_once() -> None:
    # a page builder renders one variant per screen width; @media rules show one of them
    html = (
        "<html><body><h1>River</h1><main>"
        f'<div class="variant wide">{SECTION}</div>'
        f'<div class="variant narrow">{SECTION}</div>'
        "</main></body></html>"
    )
    text = paras(html)
    assert sum("Meltwater" in p for p in text) == 1
    assert sum("Surveyors" in p for p in text) == 1
    assert sum("Why the river" in p for p in text) == 1


def test_quoted_run_is_read_once() -> None:
    first = (
        "I replaced the pump last winter and the noise stopped for a month before it came back, "
        "louder than before, every time the heating switched on in the morning."
    )
    second = (
        "The installer said the pipes were too narrow for that model and suggested a valve, "
        "which I have not fitted yet because the part is out of stock everywhere."
    )
    reply = (
        "Same here with the same brand of pump: the valve fixed it for me within a day, and the "
        "noise has not come back in the three months since then, even on cold mornings."
    )
    html = (
        "<html><body><h1>River</h1><main>"
        f'<div class="post"><p>{first}</p><p>{second}</p></div>'
        f'<div class="post"><blockquote><p>{first}</p><p>{second}</p></blockquote><p>{reply}</p></div>'
        "</main></body></html>"
    )
    text = paras(html)
    assert sum("replaced the pump" in p for p in text) == 1
    assert sum("installer said" in p for p in text) == 1
    assert any("valve fixed it" in p for p in text)


def test_price_cards_keep_their_shared_features() -> None:
    features = (
        "<ul><li>Unlimited projects with version history for every file</li>"
        "<li>Priority support by email and chat on working days</li>"
        "<li>Shared folders with permissions for each member of the team</li></ul>"
    )
    intro = (
        "<p>Every plan comes with the same core tools, and the larger plans add seats and storage "
        "for teams that grow, so you can start small and move up when you need to.</p>"
    )
    html = (
        "<html><body><h1>River</h1><main>"
        f"{intro}<div><h3>Team plan for growing groups</h3>{features}</div>"
        f"<div><h3>Business plan for whole companies</h3>{features}</div>"
        "</main></body></html>"
    )
    text = paras(html)
    assert sum("Priority support" in p for p in text) == 2


def test_a_sentence_said_twice_stays() -> None:
    refrain = "<p>We will keep the library open on Sundays for as long as the town wants it.</p>"
    body = "".join(
        f"<p>Paragraph {i} of the letter explains how the volunteers organise the rota and what the "
        f"council has promised for the building's repairs in the coming year {i}.</p>"
        for i in range(4)
    )
    html = f"<html><body><h1>River</h1><main>{refrain}{body}{refrain}</main></body></html>"
    text = paras(html)
    assert sum("keep the library open" in p for p in text) == 2


FEATURES = (
    ("Quiet motor", "The motor turns at half the speed of last year's model, so the grinder hums "
     "instead of roaring while it works through a morning's beans."),
    ("Steel burrs", "Hardened steel burrs keep their edge for years of daily use and give the same "
     "fine, even grind for espresso as on the first day."),
    ("Easy cleaning", "The hopper lifts off with one twist and the chute brushes clean in seconds, "
     "with no tools and no stray grounds left behind in the corners."),
)  # fmt: skip


def shop_page(types: str) -> str:
    """A product page whose feature sentences stand in a carousel slide and again, each under its
    heading, in the tab below (each copy on its own, between new sentences), and whose colour's
    name stands on its swatch and again in the buy box."""
    ld = "".join(f'<script type="application/ld+json">{{"@type": "{t}"}}</script>' for t in types.split())
    slides_and_tab = "".join(
        f'<div class="slide"><p>{text}</p></div><div class="tab"><h3>{name}</h3><p>{text}</p></div>'
        for name, text in FEATURES
    )
    return (
        f"<html><head>{ld}</head><body><h1>Grinder</h1><main>"
        "<p>A burr grinder for the kitchen counter, made to grind a morning's coffee quietly and "
        "evenly, with a hopper that holds a week of beans and a dial of forty settings.</p>"
        '<div class="swatch"><p>Matte black finish</p></div>'
        f"{slides_and_tab}<div class='buy'><p>Matte black finish</p></div>"
        "<p>In the box: the grinder, a cleaning brush and a dosing cup.</p>"
        "</main></body></html>"
    )


def test_a_product_page_says_each_feature_once_but_other_pages_keep_their_copies() -> None:
    text = paras(shop_page("Product"))
    for name, sentence in FEATURES:
        assert sum(sentence in p for p in text) == 1
        assert name in text
    assert text.count("Matte black finish") == 1
    # a page listing products (a card's blurb shown in two rails) and a page declaring no product
    # keep both copies
    for types in ("Product ItemList", "WebPage"):
        text = paras(shop_page(types))
        assert all(sum(sentence in p for p in text) == 2 for _, sentence in FEATURES)
        assert text.count("Matte black finish") == 2
