"""On a page declaring no article, product or list (a service's page), the panels its disclosure
toggles name are its text (``cleaning._disclosed_panel``): a hidden panel whose id an
``aria-expanded`` control names (its ``aria-controls``, Bootstrap's ``data-bs-target``, a link's
``href="#id"``; also a ``<button>``, stripped before) and that holds prose is kept; a named
panel of links, one hidden only by ``aria-hidden``, a hidden box no toggle names, and the same
accordion on a declared product stay out."""

from __future__ import annotations

from lxml import html

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.extraction.cleaning import disclosure_targets

URL = "https://www.example.org/school/evening-classes"
PRODUCT = '<script type="application/ld+json">{"@type": "Product", "name": "Evening classes"}</script>'
LEAD = (
    "<p>Our evening classes run for ten weeks from the first Monday of each term, in the old mill on "
    "the river, and every class is taught by a working craftsman in groups of eight at most.</p>"
    "<p>Fees cover materials and the use of the workshop outside class hours; a bursary pays half "
    "for anyone on a low income, and no experience is needed for the first course of each trade.</p>"
)
COURSES = (
    '<div class="course"><h3><button aria-expanded="false" aria-controls="course-joinery">Joinery'
    '</button></h3><div id="course-joinery" hidden><p>Learn to cut a mortise and tenon by hand, '
    "sharpen a chisel until it shaves end grain, and build a small oak stool that you take home on "
    "the last evening of term.</p></div></div>"
    '<div class="course"><h3><button data-bs-target="#course-glass" aria-expanded="false">Stained glass'
    "</button></h3>"
    '<div id="course-glass" style="display:none"><p>Cut, grind and lead a window panel of your own '
    "design. The tutor shows how to solder the joints cleanly and how to cement the panel so that "
    "it stays watertight.</p></div></div>"
    '<div class="course"><h3><button aria-expanded="false" aria-controls="course-links">Timetables'
    '</button></h3><div id="course-links" hidden><a href="/t/1">Monday timetable</a> '
    '<a href="/t/2">Tuesday timetable</a> <a href="/t/3">Wednesday timetable</a> '
    '<a href="/t/4">Thursday timetable</a></div></div>'
    '<div class="course"><h3><button aria-expanded="false" aria-controls="course-pottery">Pottery'
    '</button></h3><div id="course-pottery" aria-hidden="true">Throwing on the wheel, turning a foot '
    "ring and glazing: the kiln is fired every other Friday and the pots are ready the week after."
    "</div></div>"
    "<p>Booking opens six weeks before each term; places go in the order the forms arrive, and a "
    "waiting list is kept for every class in case someone drops out before the second week.</p>"
    '<div id="promo" hidden><p>Sign up to our mailing list for news of summer schools, open days and '
    "the end of term show, sent once a month and never shared.</p></div>"
)


def page(declared_product: bool = False) -> bytes:
    head = f"<head><title>Evening classes</title>{PRODUCT if declared_product else ''}</head>"
    return f"<html>{head}<body><main><h1>Evening classes</h1>{LEAD}{COURSES}</main></body></html>".encode()


def body(declared_product: bool = False) -> str:
    return words(extract_article(page(declared_product), url=URL).articleBody)


def test_panels_named_by_disclosure_toggles_are_the_pages_text() -> None:
    text = body()
    assert "learn to cut a mortise and tenon by hand" in text  # aria-controls of a stripped button
    assert "cut grind and lead a window panel" in text  # data-bs-target, display none
    assert "our evening classes run for ten weeks" in text


def test_named_panels_that_are_no_prose_and_unnamed_boxes_stay_out() -> None:
    text = body()
    assert "monday timetable" not in text  # a named panel of links
    assert "throwing on the wheel" not in text  # hidden from screen readers only
    assert "sign up to our mailing list" not in text  # hidden, named by no toggle


def test_the_same_accordion_on_a_declared_product_stays_hidden() -> None:
    text = body(declared_product=True)
    assert "learn to cut a mortise and tenon by hand" not in text
    assert "cut grind and lead a window panel" not in text


def test_a_kept_panel_is_traced() -> None:
    explained = extract_article(page(), url=URL, explain=True)
    rules = [d.rule for d in explained.explain if d.stage == "cleaning"]
    assert rules.count("disclosed-panel") == 2


def test_a_toggle_names_its_panel_by_aria_controls_bootstrap_or_fragment_link() -> None:
    toggles = html.fromstring(
        '<div><a aria-expanded="false" aria-controls="a b" href="#c">x</a>'
        '<span aria-expanded="true" data-target="#d" href="/page#e">y</span></div>'
    ).findall(".//*[@aria-expanded]")
    assert [disclosure_targets(el) for el in toggles] == [["a", "b", "c"], ["d"]]
