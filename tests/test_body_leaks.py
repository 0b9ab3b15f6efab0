"""Boilerplate that used to leak into the body, one general cause per test (hand-written pages)."""

from __future__ import annotations

import pytest

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.xpaths import BOILERPLATE_CLASS

PROSE = "The council voted on Monday to fund the new bridge, which should open to traffic {}. "


def body(html: str) -> str:
    tree = parse_html(html).tree
    assert tree is not None
    return "\n".join(extract_body(tree, "https://example.org/a", PageMetadata()).paragraphs)


def article(n: int = 4, mark: str = "in spring") -> str:
    return "".join(f"<p>{PROSE.format(f'{mark} {i}') * 2}</p>" for i in range(n))


def test_long_related_list_is_pruned_whatever_its_size() -> None:
    # related posts with long excerpts can hold more text than the article above them
    teasers = "".join(
        f"<li><a href='/p{i}'>Teaser {i}</a> <small>{PROSE.format(f'teaser {i}') * 3}</small></li>"
        for i in range(6)
    )
    html = f"<html><body><div class='post'>{article()}<ul class='related_post'>{teasers}</ul></div></body>"
    text = body(html)
    assert "in spring 3" in text
    assert "teaser" not in text


def test_long_comment_thread_is_pruned_whatever_its_size() -> None:
    comments = "".join(f"<div class='entry'><p>{PROSE.format(f'reader {i}') * 3}</p></div>" for i in range(8))
    html = (
        f"<html><body><div class='article'>{article()}"
        f"<div class='comments-container'>{comments}</div></div></body></html>"
    )
    text = body(html)
    assert "in spring 0" in text
    assert "reader" not in text


def test_script_hook_naming_related_is_no_section() -> None:
    # "js-truncate-related-to-my-size" names a behaviour, not a related list: the text stays
    html = (
        "<html><body><div><h1>Title</h1><section class='article__content js-truncate-related-to-my-size'>"
        f"{article(6)}</section><p>Short.</p></div></body></html>"
    )
    assert "in spring 5" in body(html)


def test_embedded_post_card_is_pruned() -> None:
    card = (
        "<div class='wp-embedded-content'><div class='wp-embed'><p class='wp-embed-heading'>"
        "<a href='/other'>Another story entirely about something else in the same magazine</a></p>"
        f"<div class='wp-embed-excerpt'><p>{PROSE.format('other story')}</p></div></div></div>"
    )
    html = f"<html><body><div class='entry'>{article(2)}{card}{article(2, 'in autumn')}</div></body></html>"
    text = body(html)
    assert "in autumn 1" in text
    assert "other story" not in text


@pytest.mark.parametrize(
    ("words", "boilerplate"),
    [
        ("news-letter-section", True),
        ("rty-new-donation", True),
        ("post-ratings", True),
        ("postmetadata alt", True),  # the classic WordPress theme's "posted in ... on ..." line
        ("entry-meta-wrapper", True),
        ("aawp-disclaimer", True),
        ("disclosure-text", True),
        ("kommentare", True),
        ("kommentarbereich", True),
        ("kommentar", False),  # an opinion piece (German), not the comments
        ("comentarios", True),
        ("bilduntertitel", True),
        ("imagedescription uk-text-center", True),
        ("meta-box-sizing", False),  # "meta" must end the class word
    ],
)
def test_leak_vocabulary(words: str, boilerplate: bool) -> None:
    assert bool(BOILERPLATE_CLASS.search(words.lower())) is boilerplate


def test_inline_dateline_is_the_paragraphs_opening() -> None:
    html = (
        "<html><body><div class='story'><p><span class='dateline'>KOBE – </span>"
        f"{PROSE.format('in May')}</p>{article()}</div></body></html>"
    )
    assert "KOBE – The council voted" in body(html)


def test_flagged_inline_label_is_still_dropped() -> None:
    html = (
        "<html><body><div class='story'><p>"
        f"{PROSE.format('in May')}<span class='image-credit'>Photo: Jane Roe</span></p>{article()}"
        "</div></body></html>"
    )
    text = body(html)
    assert "in May" in text
    assert "Jane Roe" not in text
