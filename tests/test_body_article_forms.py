"""A declared article's forms to fill in (a contact form after the text, a newsletter box) are no
part of its text (``cleaning.mark_forms``): their labels, pitch and consent notice are dropped; a
form without a field to type into, a form wrapping the whole page (an ASP.NET page is one
``<form>``), and the same contact form on a page declaring no article stay as before."""

from __future__ import annotations

from bench.evalsets import token_text as words
from newsscraper import extract_article

URL = "https://www.example.org/blog/heat-pumps"
ARTICLE = (
    '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Do heat pumps pay?"}</script>'
)
TEXT = (
    "<h1>Do heat pumps pay?</h1>"
    "<p>A heat pump moves warmth instead of making it, so each unit of power it draws brings three "
    "or four units of heat into the house on a mild winter day, and two on a cold one.</p>"
    "<p>Whether it pays depends on the price of power against gas, on the insulation of the walls "
    "and loft, and on how long the household plans to stay in the house it is fitted to.</p>"
    "<p>Over fifteen years most of the homes we surveyed came out ahead, though the ones with "
    "single glazing and solid walls took twice as long to recover the cost of the work.</p>"
)
CONTACT = (
    '<form class="contact-form" action="/send" method="post"><h3>Talk to our installers today!</h3>'
    '<label for="fn">First Name (Required)</label><input id="fn" type="text" name="first">'
    '<label for="ph">Phone Number</label><input id="ph" type="tel" name="phone">'
    '<label for="msg">Your Message</label><textarea id="msg" name="msg"></textarea>'
    '<p><input type="checkbox" name="ok"> By ticking this box and sending this form you agree to '
    "receive calls, texts and offers from our team at any time, and you may opt out at any time.</p>"
    '<input type="submit" value="Send"></form>'
)
MIDDLE = (
    '<form action="/cart" method="post"><input type="hidden" name="item" value="42">'
    "<p>Our own test house, a 1930s semi with cavity walls, halved its bill in the first winter "
    "after the pump went in, once the radiators in the two back rooms had been made larger.</p>"
    '<input type="submit" value="Add the guide to your basket"></form>'
)


def body(page_body: str, *, declared: bool = True) -> str:
    head = f"<head><title>Do heat pumps pay?</title>{ARTICLE if declared else ''}</head>"
    page = f"<html>{head}<body>{page_body}</body></html>"
    return words(extract_article(page.encode(), url=URL).articleBody)


def test_a_contact_form_after_a_declared_article_is_dropped() -> None:
    text = body(f"<main><article>{TEXT}{CONTACT}</article></main>")
    assert "over fifteen years most of the homes" in text
    assert "first name" not in text
    assert "by ticking this box" not in text
    assert "talk to our installers" not in text


def test_a_form_with_nothing_to_type_in_stays() -> None:
    text = body(f"<main><article>{TEXT}{MIDDLE}{TEXT}</article></main>")
    assert "our own test house" in text
    # the same form with a field to type into is one to fill in
    text = body(f"<main><article>{TEXT}{MIDDLE.replace('hidden', 'text')}{TEXT}</article></main>")
    assert "our own test house" not in text


def test_a_form_wrapping_the_page_stays() -> None:
    page = (
        f'<form id="aspnetForm" action="/post.aspx"><input type="text" name="q"><article>{TEXT}</article>'
        "</form>"
    )
    text = body(page)
    assert "a heat pump moves warmth instead of making it" in text
    assert "over fifteen years most of the homes" in text


def test_the_form_on_a_page_declaring_no_article_is_read_as_before() -> None:
    text = body(f"<main><article>{TEXT}{CONTACT}</article></main>", declared=False)
    assert "first name" in text
