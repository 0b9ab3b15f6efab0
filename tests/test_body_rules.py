"""Body extractor rules, one page shape each: what is kept, what is dropped and why."""

from __future__ import annotations

import pytest

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.xpaths import BOILERPLATE_CLASS

PROSE = "The committee met on Tuesday to discuss the plan, which would change how the city {}. "


def paras(html: str, headline: str | None = None) -> list[str]:
    tree = parse_html(html).tree
    assert tree is not None
    return extract_body(tree, "https://example.org/a", PageMetadata(headline=headline)).paragraphs


def article(n: int = 6) -> str:
    return "".join(f"<p>{PROSE.format(f'runs service {i}') * 2}</p>" for i in range(n))


@pytest.mark.parametrize(
    ("words", "boilerplate"),
    [
        ("share-bar", True),
        ("relatedArticles", True),
        ("comments-list", True),
        ("newsletter-signup", True),
        ("imageEmbedCaption", True),  # distinctive words count anywhere
        ("post type-post category-news tag-paris", False),  # WordPress article classes
        ("commentary opinion", False),  # a genre, not comments
        ("elementor-widget-container", False),  # page builders call every block a widget
        ("hidden-xs", False),  # responsive helpers
        ("leading-snug", False),
    ],
)
def test_class_vocabulary(words: str, boilerplate: bool) -> None:
    assert bool(BOILERPLATE_CLASS.search(words.lower())) is boilerplate


def test_related_section_found_by_its_heading() -> None:
    html = (
        f"<html><body><div><article>{article()}</article>"
        "<div><h3>You may also like</h3>"
        + "".join(f"<div><p>{PROSE.format(f'plans teaser {i}') * 2}</p></div>" for i in range(8))
        + "</div></div></body></html>"
    )
    text = " ".join(paras(html))
    assert "runs service 5" in text
    assert "plans teaser" not in text


def test_lead_in_article_header_is_kept() -> None:
    lead = "A long standfirst that sums up the story in two sentences for readers in a hurry, " * 2
    html = (
        "<html><body><main><article>"
        f'<div class="article-header"><h1>Title</h1><p class="lead">{lead}</p>'
        '<div class="byline">By Ann Author</div><div class="share"><a href="#">Share</a></div></div>'
        f'<div class="article-body">{article()}</div></article></main></body></html>'
    )
    found = paras(html)
    assert found[0].strip().startswith("A long standfirst")
    assert not any("Ann Author" in p or p.strip() == "Share" for p in found)


def test_hover_card_inside_paragraph_dropped() -> None:
    card = (
        '<span class="card"><a href="/p/1">Other story one about something</a> '
        '<a href="/p/2">Other story two about something else</a></span>'
    )
    quote = f"<p>Senator Smith{card} said the vote was close.</p>"
    html = f"<html><body><article>{quote}{article()}</article></body></html>"
    first = paras(html)[0]
    assert " ".join(first.split()) == "Senator Smith said the vote was close."


def test_noscript_page_text_is_read() -> None:
    html = f"<html><body><div id='app'></div><noscript><div>{article()}</div></noscript></body></html>"
    assert "runs service 3" in " ".join(paras(html))


def test_aside_holding_the_article_is_kept() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a></nav>"
        f"<aside class='main-col'><h1>Title</h1>{article()}</aside>"
        "<aside><a href='/x'>Most read</a></aside></body></html>"
    )
    assert "runs service 4" in " ".join(paras(html))


def test_heading_anchor_ids_do_not_flag() -> None:
    heading = '<h2 id="nav-the-result">The result</h2>'
    html = f"<html><body><article>{article(3)}{heading}{article(3)}</article></body></html>"
    assert "The result" in paras(html)


def test_repeated_headline_dropped() -> None:
    html = f"<html><body><article><h2>Council approves bridge</h2>{article()}</article></body></html>"
    assert "Council approves bridge" not in paras(html, headline="Council approves bridge")


@pytest.mark.parametrize(
    "label",
    ["Advertisement", "Read more:"],  # the others left with their vocabulary entries (bench/vocabulary.py)
)
def test_widget_labels_dropped(label: str) -> None:
    html = f"<html><body><article>{article(3)}<p>{label}</p>{article(3)}</article></body></html>"
    assert not any(label in p for p in paras(html))


def test_images_skip_thumbnails_and_pruned_boilerplate() -> None:
    html = (
        "<html><body><article>"
        '<figure><img src="/lead.jpg"><figcaption>The lead image. Photo: Ann Lens</figcaption></figure>'
        f"{article(4)}"
        '<a href="/big.jpg"><img src="/inline.jpg"></a>'
        f"{article(2)}"
        '<div class="share-bar"><img src="/share-icon-large.png"></div>'
        '<div><a href="/other-story"><img src="/thumb.jpg"></a></div>'
        "</article></body></html>"
    )
    tree = parse_html(html).tree
    assert tree is not None
    found = extract_body(tree, "https://example.org/a", PageMetadata())
    assert [i.url for i in found.images] == [
        "https://example.org/lead.jpg",
        "https://example.org/inline.jpg",
    ]
    assert (found.images[0].caption, found.images[0].credit) == ("The lead image.", "Photo: Ann Lens")
