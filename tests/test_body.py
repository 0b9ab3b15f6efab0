"""The body extractor: boilerplate of every kind out, article structure in, images split, robust."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsscraper.extraction.body import BodyResult, extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body"


def body_of(html: str, url: str | None = "https://news.example.org/a", **meta: str) -> BodyResult:
    tree = parse_html(html).tree
    assert tree is not None
    return extract_body(tree, url, PageMetadata(**meta))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def article() -> BodyResult:
    return body_of((FIXTURES / "article.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def text(article: BodyResult) -> str:
    return "\n".join(article.paragraphs)


def test_article_paragraphs_kept_in_order(article: BodyResult) -> None:
    first = next(i for i, p in enumerate(article.paragraphs) if p.startswith("The city council"))
    last = next(i for i, p in enumerate(article.paragraphs) if p.startswith("The council will"))
    assert first < last
    assert article.paragraphs[first].endswith("residents and officials.")


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Go to accessibility shortcuts",  # skip link
        "We use cookies",  # consent banner
        "Sport",  # navigation
        "Share on Facebook",  # share bar
        "Advertisement",  # ad label
        "Sign up for our daily newsletter",  # newsletter promo
        "Loading",  # spinner
        "Old ferry to close",  # related list
        "Great news, finally",  # comments
        "Ten things to do",  # most read
        "Copyright 2024",  # footer
        "By Jane Doe",  # byline
        "Published 12 March",  # dateline
        "Photo: City Planning Office",  # image credit
        "artist's impression",  # image caption
        "Council approves new bridge",  # headline
    ],
)
def test_boilerplate_excluded(text: str, boilerplate: str) -> None:
    assert boilerplate not in text


@pytest.mark.parametrize(
    "kept",
    [
        "Residents divided on the cost",  # subheading
        "connect two halves of our city",  # blockquote
        "Construction starts in the spring",  # list item
        "The tram line will run every five minutes",  # list item
        "Deck and tram line",  # table row
    ],
)
def test_article_structure_kept(article: BodyResult, kept: str) -> None:
    assert any(kept in p for p in article.paragraphs)


def test_one_string_per_block(article: BodyResult) -> None:
    assert "Construction starts in the spring of next year." in article.paragraphs
    assert "Residents divided on the cost" in article.paragraphs
    rows = [p for p in article.paragraphs if "Foundations" in p]
    assert len(rows) == 1 and "2025" in rows[0] and "2026" not in rows[0]


def test_figure_gives_image_with_caption_and_credit(article: BodyResult) -> None:
    assert len(article.images) == 1
    image = article.images[0]
    assert image.url == "https://news.example.org/2024/img/bridge.jpg"  # <base href> applied
    assert image.caption == "An artist's impression of the new bridge."
    assert image.credit == "Photo: City Planning Office"


def test_article_probability_high(article: BodyResult) -> None:
    assert article.probability >= 0.6


def test_home_page_probability_low() -> None:
    home = body_of((FIXTURES / "home.html").read_text("utf-8"), page_type="WebSite")
    assert home.probability < 0.3


def test_caption_credit_by_class() -> None:
    html = (
        "<html><body><article><p>" + "Long article text goes here. " * 20 + "</p>"
        '<figure><img src="/x.jpg"><figcaption><span>The harbour at dawn.</span> '
        '<span class="credit">Reuters/J. Smith</span></figcaption></figure>'
        "<p>" + "More article text follows here. " * 20 + "</p></article></body></html>"
    )
    found = body_of(html)
    assert [(i.url, i.caption, i.credit) for i in found.images] == [
        ("https://news.example.org/x.jpg", "The harbour at dawn.", "Reuters/J. Smith")
    ]
    assert not any("harbour" in p for p in found.paragraphs)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("The rover at dusk (Image credit: NASA/JPL)", ("The rover at dusk", "Image credit: NASA/JPL")),
        ("The rover at dusk. Photo credit: Ann Lens", ("The rover at dusk.", "Photo credit: Ann Lens")),
        ("(Picture source: Ann Lens)", (None, "Picture source: Ann Lens")),
        ("The rover (left) at dusk (Photo: Ann Lens)", ("The rover (left) at dusk", "Photo: Ann Lens")),
        ("An image of the rover at dusk", ("An image of the rover at dusk", None)),
    ],
)
def test_a_two_word_credit_label_in_brackets_is_one_credit(
    caption: str, expected: tuple[str | None, str | None]
) -> None:
    # "(Image credit: X)" was split at its second word: caption "The rover at dusk (Image".
    html = (
        "<html><body><article><p>" + "Long article text goes here. " * 20 + "</p>"
        f'<figure><img src="/x.jpg"><figcaption>{caption}</figcaption></figure>'
        "<p>" + "More article text follows here. " * 20 + "</p></article></body></html>"
    )
    assert [(i.caption, i.credit) for i in body_of(html).images] == [expected]


def test_structured_body_used_when_page_text_is_missing() -> None:
    story = "A long story told only in structured data. " * 10
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"articleBody": "{story}"}}</script></head><body><div id="app">Loading</div></body></html>'
    )
    assert body_of(html).paragraphs == [story]


@pytest.mark.parametrize(
    "html",
    [
        "<html></html>",
        "<p>",
        "<html><body>" + "<div>" * 300 + "deep text " * 50 + "</div>" * 300 + "</body></html>",
        "<html><body><table><tr><td><p>broken <b>nesting</td></p></b></table>" * 50,
        '<html><body><img src="http://[::1"><img srcset=""><a href="javascript:x">' + "x" * 5000,
        "<html><body>\x00\x01 control \ufffd chars <p>text</p></body></html>",
    ],
)
def test_garbage_never_raises(html: str) -> None:
    result = body_of(html, url=None)
    assert isinstance(result, BodyResult)
    assert 0.0 <= result.probability <= 1.0


def test_deep_nesting_keeps_text() -> None:
    html = "<html><body>" + "<div>" * 250 + "<p>" + "Deep text here. " * 30 + "</p>" + "</div>" * 250
    assert "Deep text here." in "".join(body_of(html).paragraphs)
