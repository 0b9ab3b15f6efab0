"""Choosing the article container: the general causes of a wrong choice, each on a small page.

Each fixture under ``fixtures/body/container/`` is hand-written to reproduce one cause seen on real
pages (a widget inside a short post, a self-linked title, ...): the body must hold the article's
text and not the text of the block that used to win.
"""

from __future__ import annotations

from pathlib import Path

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.body_score import score_tree
from newsscraper.extraction.cleaning import clean_tree
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "container"


def body_text(name: str, url: str = "https://blog.example.org/2019/11/17/charging/") -> str:
    tree = parse_html((FIXTURES / name).read_text("utf-8")).tree
    assert tree is not None
    return "\n".join(extract_body(tree, url, PageMetadata()).paragraphs)


def container_class(name: str) -> str | None:
    """The class of the container the scoring pass chooses in fixture ``name``."""
    tree = parse_html((FIXTURES / name).read_text("utf-8")).tree
    assert tree is not None
    clean_tree(tree)
    container = score_tree(tree.find("body")).container
    assert container is not None
    return container.get("class")


def test_share_bar_inside_a_short_post_does_not_sink_it() -> None:
    # eight icon links cost more than two short paragraphs are worth: a sidebar widget used to win
    text = body_text("share_bar_in_short_post.html")
    assert "smart and economical charging stations" in text
    assert "Thanks for the tip" in text
    assert "A dozen articles" not in text
    assert "WhatsApp" not in text


def test_comment_thread_keeps_its_cost_under_a_content_class() -> None:
    # a long flagged thread is pruned text, not a widget: its cost must stay, or the content-class
    # wrapper around it (and the page above) outweighs the story
    assert container_class("comment_thread_in_content_wrapper.html") in {"story", "story-text"}


def test_prose_panel_named_menu_is_not_navigation() -> None:
    # "tab-menu" names a panel of tabs: with long prose and few links it is the text, not a menu
    text = body_text("prose_in_tab_menu_panel.html", "https://shop.example.com/zinfandel-rose")
    assert "delicate, shining pink" in text
    assert "goes particularly well with Asian dishes" in text


def test_link_lists_between_paragraphs_do_not_sink_the_article() -> None:
    # two boxes of shop links inside the text cost more than four paragraphs are worth: a short
    # "about us" box used to be the container
    assert container_class("link_lists_between_paragraphs.html") == "item-post"
    text = body_text("link_lists_between_paragraphs.html", "https://pinup.example.com/corsets/")
    assert "what water is to dolphins" in text
    assert "overbust model in black satin" in text
    assert "favourite shops" not in text
    assert "Corsetry house" not in text


def test_lead_beside_the_header_image_is_read() -> None:
    # a short header with an image used to be skipped as an unmarked figure, its lead with it
    text = body_text("lead_beside_header_image.html", "https://cars.example.ch/rally-rheinfelden/")
    assert text.index("chances of seeing the old cars") < text.index("Forty cars built before 1980")
    assert "Rally stops in Rheinfelden" not in text
