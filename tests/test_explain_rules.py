"""The explain trace of session 15's body rules, as ``docs/extraction.md`` names them: each rule's
name with its evidence, and the three renderings of the body (``articleBody``, ``articleBodyHtml``,
``articleBodyMarkdown``) agreeing on what the rule kept or dropped. A block the edge trim drops is
in the trace too ("one per block dropped or kept"). ``bench.ablation`` disables and probes each
of them (``--rules forum-signature,...``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsscraper import extract_article
from newsscraper.extraction.trace import Decision

PROSE = (
    "<p>We checked the valve clearances on the old tractor after the winter, and the inlet side had "
    "closed up by almost a tenth of a millimetre, so the engine ran rough on cold mornings.</p>"
    "<p>Has anyone else seen this after a long cold spell? I set them back to spec and it runs "
    "sweetly now, but I wonder whether the seats are wearing out at last.</p>"
)
FORUM = (
    "<html><head><title>Valve clearances</title></head><body><main><h1>Valve clearances</h1>"
    + "".join(
        f'<div class="post"><div class="postbody">{PROSE}</div>'
        f'<div class="postsignature">Ploughing since 198{n}, my rig: a Fordson Major</div></div>'
        for n in range(3)
    )
    + "</main></body></html>"
)
PRODUCT = (
    '<html><head><title>Oak bench</title><script type="application/ld+json">{"@context": '
    '"https://schema.org", "@type": "Product", "name": "Oak bench"}</script></head><body><main>'
    "<div><h1>Oak bench</h1><p>$249.00</p>"
    "<p>Our garden bench is made from solid oak, joined with mortise and tenon joints and finished "
    "with a natural oil that lets the wood weather to a soft silver grey over the seasons.</p>"
    "<p>It seats three adults and weighs about thirty kilograms, so it stays put in wind but two "
    "people can still carry it across the lawn when the grass needs cutting.</p>"
    "<h2>Add to your order</h2>"
    '<div><a href="/p/cushion">Seat cushion</a></div><div>$39.95</div>'
    '<div><a href="/p/cover">Weather cover</a></div><div>$24.50 $29.00</div>'
    "</div></main></body></html>"
)
FAQ = (
    '<html><head><title>Heat pumps</title><script type="application/ld+json">{"@context": '
    '"https://schema.org", "@type": "Article", "headline": "Heat pumps"}</script></head><body>'
    "<article><h1>Heat pumps</h1>"
    "<p>Heat pumps have become the default choice for new homes in many countries, and owners of "
    "older houses ask whether one would suit them. We put the common questions to two installers.</p>"
    "<p>Their answers below cover running costs, noise and radiators, the three worries we hear "
    "about most often from the readers who write in to us each week.</p>"
    '<h3><button aria-expanded="false">Are they noisy?</button></h3>'
    "<div hidden><p>A modern outdoor unit is about as loud as a fridge at a distance of one metre. "
    "Placing it away from bedroom windows and on a solid base avoids most complaints from the "
    "neighbours.</p></div>"
    "<p>Both installers stressed that a good survey is worth paying for, since a unit sized wrongly "
    "costs more to run for the whole of its life.</p></article></body></html>"
)
MANUAL = (
    "<html><head><title>Configuring the cache</title></head><body><main><h1>Configuring the cache</h1>"
    "<p>Gizmo keeps a cache of compiled templates in the folder named by the cache setting. It is "
    "filled the first time each template is rendered and checked against its modification time.</p>"
    "<p>To move the cache, set the folder in the configuration file and restart the service. The "
    "old folder can be removed once the service runs again, since nothing else reads it.</p>"
    "<p>Last updated 2026-03-05 UTC.</p></main></body></html>"
)

CASES = [
    # page, rule, action, text of the block the rule decided on, text kept, text dropped
    (FORUM, "forum-signature", "drop", "Ploughing since 1980", "seats are wearing", "Fordson"),
    (PRODUCT, "product-price", "drop", "$39.95", "$249.00", "$39.95"),
    (FAQ, "collapsed-panel", "keep", "A modern outdoor unit", "loud as a fridge", "Subscribe"),
    (MANUAL, "edit-stamp", "drop", "Last updated 2026-03-05 UTC.", "restart the service", "2026-03-05"),
    (PRODUCT, "trim-ends", "drop", "Add to your order", "mortise and tenon", "Add to your order"),
]


def _decided(decisions: list[Decision], rule: str, action: str) -> list[Decision]:
    return [d for d in decisions if d.rule == rule and d.action == action]


@pytest.mark.parametrize(("page", "rule", "action", "block", "kept", "dropped"), CASES)
def test_each_rule_is_named_in_the_trace_with_its_evidence_and_the_renderings_agree(
    page: str, rule: str, action: str, block: str, kept: str, dropped: str
) -> None:
    article = extract_article(page.encode(), url="https://example.org/page", explain=True)
    decided = _decided(article.explain, rule, action)
    assert any(d.text.startswith(block) for d in decided), [d.line() for d in article.explain]
    assert all(d.evidence for d in decided)
    renderings = (article.articleBody, article.articleBodyHtml or "", article.articleBodyMarkdown or "")
    assert all(kept in r for r in renderings)
    assert not any(dropped in r for r in renderings)


def test_a_block_trimmed_at_the_edge_is_not_left_as_kept() -> None:
    # before the trim was traced, its last word on "Add to your order" was the reading's "keep"
    article = extract_article(PRODUCT.encode(), url="https://example.org/page", explain=True)
    last = [d for d in article.explain if d.text == "Add to your order"][-1]
    assert (last.rule, last.action) == ("trim-ends", "drop")


PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "pages"
# the add-ons' prices before the text's end, where the edge trim does not reach them
PRODUCT_MID = PRODUCT.replace(
    "</div></main>",
    "<p>Every bench is assembled by hand in our workshop and signed underneath by the maker who "
    "built it, and we offer a ten year guarantee against rot on the frame.</p></div></main>",
)
ABLATED = [
    # rule, page, text the rule keeps (True) or drops (False)
    ("forum-signature", FORUM, "Fordson", False),
    ("product-price", PRODUCT_MID, "$39.95", False),
    ("collapsed-panel", FAQ, "loud as a fridge", True),
    ("teaser-headline", (PAGES / "reading_list.html").read_text("utf-8"), "Rivers Remember", True),
    ("edge-items", (PAGES / "film_chart.html").read_text("utf-8"), "The Quiet Orchard", True),
    (
        "entry-list",
        (PAGES / "entry_list_linked_titles.html").read_text("utf-8"),
        "Ferry timetable changes",
        True,
    ),
]


@pytest.mark.parametrize(("rule", "page", "text", "kept"), ABLATED)
def test_bench_ablation_disables_each_of_these_rules_and_probes_where_it_acted(
    rule: str, page: str, text: str, kept: bool
) -> None:
    from bench import ablation

    def body() -> str:
        return extract_article(page.encode(), url="https://example.org/page").articleBody

    ab = next(a for a in ablation.ablations() if a.name == rule)
    assert (text in body()) is kept
    with ab.disable():
        assert (text in body()) is not kept
    assert (text in body()) is kept
    ablation.FIRED.clear()
    with ab.probe():
        assert (text in body()) is kept
    assert rule in ablation.FIRED
