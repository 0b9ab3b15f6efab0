"""Content of non-article pages that class words, ids and hiding used to cut away (issue 9, item
6): repeated items named like widgets, sections whose id is their title's slug, collapsed FAQ
answers, and a page hidden as a whole until its script runs. Pages in ``fixtures/body/pages/``;
each test asserts what must be in the body and what must stay out.
"""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.extraction import xpaths
from newsscraper.extraction.cleaning import mark_stylesheet_hidden

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "pages"
URL = "https://www.example.org/page"


def body(name: str) -> str:
    return words(extract_article((FIXTURES / name).read_bytes(), url=URL).articleBody)


def test_repeated_tiles_named_like_widgets_are_the_pages_content() -> None:
    # three tiles of one shape, each a heading over a sentence, carry an "-icon" class word
    text = body("feature_tiles.html")
    for tile in ("each plan lists the plants", "paths terraces and walls", "pruning mulching and lawn care"):
        assert tile in text
    assert "our designers start with a visit" in text
    assert "registered in england" not in text  # the footer


def test_section_id_made_from_its_heading_is_no_class_word() -> None:
    # id="sharing-lists-between-modules" names the section's title, not a share widget
    text = body("docs_sections.html")
    assert "sharing lists between modules" in text
    assert "the list data type has some more methods" in text
    assert "tuples and sequences" in text


def test_collapsed_answers_after_a_toggle_are_not_hidden_but_a_hidden_menu_is() -> None:
    tree = lxml_html.fromstring((FIXTURES / "collapsed_faq.html").read_bytes())
    mark_stylesheet_hidden(tree)
    marked = [el.get("class") for el in tree.iter() if xpaths.CSS_HIDDEN_MARK in el.attrib]
    assert marked == ["menu-drop"]  # the dropdown: links after a button; the answers: prose after a toggle


def test_page_hidden_until_its_script_runs_is_read() -> None:
    # visibility:hidden on the app's root holding the whole page; a small display:none promo inside
    text = body("hidden_app_root.html")
    assert "machine learning is a branch of artificial intelligence" in text
    assert "reinforcement learning learns from rewards" in text
    assert "sign up for our newsletter" not in text


def test_declared_discussion_keeps_posts_named_comment() -> None:
    # DiscussionForumPosting declared; every post, the first too, carries "comment" words
    text = body("forum_thread_declared.html")
    assert "i want to buy a first telescope" in text
    for reply in ("gives you the most aperture", "keep some of the budget", "saturn s rings were the first"):
        assert reply in text
    assert "run by volunteers" not in text


def test_closed_panels_of_a_tab_widget_of_code_are_read_but_other_hidden_boxes_are_not() -> None:
    # three role=tabpanel panels holding code, named by the aria-controls of their role=tab
    # buttons, two hidden; a second tab widget of prose only keeps its hidden panel out
    text = body("tabbed_install.html")
    assert "unpack it into your home directory" in text
    assert "drag the client onto the applications folder" in text
    assert "accept the default folder" in text
    assert "the client prints its version number" in text
    assert "quillmark setup exe quiet" in text
    assert "deutsch" not in text  # a hidden language menu, no tab panel
    assert "six week course" not in text  # the hidden panel of a widget without code


def test_short_items_at_the_edge_of_a_page_of_links_are_not_trimmed_as_labels() -> None:
    # a chart of 20 films, each a rank, a linked name and a short "2021 · 83 min" line: every
    # line is under the label length, so trimming the end's labels would eat the whole list
    text = body("film_chart.html")
    assert "our weekly chart ranks films" in text
    for item in ("1 harbour lights 2021 83 min", "the quiet orchard", "20 amber fields 2022 140 min"):
        assert item in text
    assert "reel index is an invented film guide" not in text  # the footer


def test_linked_headlines_of_a_list_of_articles_chosen_as_the_container_are_kept() -> None:
    # a reading list of 13 boxes, each a linked <h4> title over a byline and a one-line blurb,
    # between paragraphs of prose: the container is the list, and its titles are its content
    text = body("reading_list.html")
    assert "these are books papers podcasts and films" in text
    for title in ("the patient garden", "rivers remember", "bread lines"):
        assert title in text
    assert "a slow book about growing food on a small plot" in text
    assert "home events library about" not in text  # the menu


def test_linked_titles_of_a_list_of_entries_holding_the_container_are_kept() -> None:
    # a news page declaring no article: six entries, each a linked <h1> title, a date and a
    # summary; the last entry's longer text is chosen as the container, the others' summaries
    # come in beside it, and their titles went as the headline and link lists
    text = body("entry_list_linked_titles.html")
    for title in ("harbour board approves the dredging plan", "fishing fleet returns early from the banks"):
        assert title in text
    assert "shipping lines had asked for a deeper channel" in text
    assert "dredgers will work at night" in text
    assert "read more" not in text
    assert "1 quay street" not in text  # the footer
    page = extract_article((FIXTURES / "entry_list_linked_titles.html").read_bytes(), url=URL)
    assert page.metadata.probability < 0.5  # a list of entries is no article
