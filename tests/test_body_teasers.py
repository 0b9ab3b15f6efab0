"""Teaser cards after an article: a row of cards, each a linked title and an excerpt."""

from __future__ import annotations

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata

STORY = "The harbour board voted to dredge the {} channel before the spring tides, ending a long dispute. "
EXCERPT = "A ferry operator on the {} coast says its timetable will change when the pier opens; riders fret. "


def paras(html: str) -> list[str]:
    tree = parse_html(html).tree
    assert tree is not None
    return extract_body(tree, "https://example.org/news/dredging", PageMetadata()).paragraphs


def cards(n: int, href: str = "/news/ferry-{}", excerpt_times: int = 2) -> str:
    return "".join(
        f'<div class="post-item row"><a class="image" href="{href.format(i)}"><img src="/f{i}.jpg"></a>'
        f'<div class="copy"><h3 class="title"><a href="{href.format(i)}">Ferry story {i}</a></h3>'
        f"<p>{EXCERPT.format(f'north{i}') * excerpt_times}</p></div></div>"
        for i in range(n)
    )


def page(story_paras: int, row: str) -> str:
    story = "".join(f"<p>{STORY.format(f'east{i}') * 2}</p>" for i in range(story_paras))
    return (
        f"<html><body><main><article><h1>Dredging</h1><div class='story'>{story}</div></article>"
        f"<div class='more'><h3>Read This Next</h3><div class='list'>{row}</div></div>"
        "</main></body></html>"
    )


def test_excerpts_of_a_row_of_teaser_cards_after_the_article_are_not_its_text() -> None:
    text = " ".join(paras(page(8, cards(3))))
    assert "east7 channel" in text
    assert "north0 coast" not in text
    assert "north2 coast" not in text


def test_cards_holding_more_text_than_the_run_are_the_content() -> None:
    # a listicle: a short intro, then its items as linked cards
    text = " ".join(paras(page(1, cards(4, excerpt_times=3))))
    assert "north0 coast" in text
    assert "north3 coast" in text


def test_cards_whose_titles_link_into_the_page_keep_their_text() -> None:
    # an accordion of questions: the titles open an answer on the same page
    text = " ".join(paras(page(8, cards(3, href="#faq-{}"))))
    assert "north0 coast" in text


def test_two_cards_are_no_row() -> None:
    text = " ".join(paras(page(8, cards(2, excerpt_times=3))))
    assert "north1 coast" in text


def test_cards_nested_deep_in_a_grid_cell_are_a_row_too() -> None:
    # a grid plugin: the repeated cell holds the card five wrappers above its text
    cells = "".join(
        f'<div class="result r{i}"><div class="row"><div class="col"><div class="item">'
        f'<article class="card"><a href="/news/ferry-{i}"><img src="/f{i}.jpg"></a>'
        f'<div class="text"><h3><a href="/news/ferry-{i}">Ferry story {i}</a></h3>'
        f"<p>{EXCERPT.format(f'north{i}') * 2}</p></div></article></div></div></div></div>"
        for i in range(3)
    )
    text = " ".join(paras(page(8, cells)))
    assert "east7 channel" in text
    assert "north1 coast" not in text
