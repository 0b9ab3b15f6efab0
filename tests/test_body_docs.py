"""Documentation pages (issue 9): what a manual's markup says that a news page's does not.
Pages in ``fixtures/body/pages/``; each test asserts what must be in the body and what must stay
out, and the rule the explain trace names."""

from __future__ import annotations

from pathlib import Path

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.items import ExplainedArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "pages"
URL = "https://docs.example.org/manual/ch02.html"


def explained(name: str) -> ExplainedArticle:
    found = extract_article((FIXTURES / name).read_bytes(), url=URL, explain=True)
    assert isinstance(found, ExplainedArticle)
    return found


def test_subheadings_linking_to_their_own_section_are_not_link_lists() -> None:
    # mdBook's <h2><a class="header" href="#counting-spools">, Sphinx's ¶ permalink
    article = explained("manual_chapter.html")
    text = words(article.articleBody)
    assert "counting the spools" in text
    assert "empty slots" in text
    assert "patterns the next chapter" not in text  # a heading linking to another page
    kept = {d.text for d in article.explain if d.rule == "anchor-heading" and d.action == "keep"}
    assert "Counting the Spools" in kept


def test_a_figure_of_code_is_text_and_its_caption_too() -> None:
    article = explained("manual_chapter.html")
    text = words(article.articleBody)
    assert "filename rack loom" in text
    assert "for slot in rack slots" in text
    assert "listing 2 1 printing every slot of the rack with its colour" in text
    # a figure holding a picture still goes to images, with its caption
    assert "the spool rack of a standard loom" not in text
    assert [i.caption for i in article.images] == ["The spool rack of a standard loom, seen from the front"]
    assert any(d.rule == "code-listing" and d.action == "keep" for d in article.explain)


def test_a_short_linked_sentence_in_the_run_is_text_but_a_linked_label_is_not() -> None:
    # "Each is drawn in <a>the full rack reference</a>." between two paragraphs of prose
    article = explained("manual_chapter.html")
    text = words(article.articleBody)
    assert "each is drawn in the full rack reference" in text
    assert "also placeholders" not in text  # no sentence: a link with a label
    assert any(d.rule == "linked-sentence" and d.action == "keep" for d in article.explain)


def test_a_cross_reference_opening_with_promo_words_is_text_in_the_manual() -> None:
    # "For more information, see <a href="../x">...</a>." in the run, "Read more about ..." in a
    # tip box among it: the manual's own pages, named by relative addresses
    article = explained("manual_cross_references.html")
    text = words(article.articleBody)
    assert "for more information see spools and threads" in text
    assert "read more about locks in the dedicated chapter" in text
    assert "loom fair" not in text  # a promo linking to another site
    saved = {d.text for d in article.explain if d.rule == "linked-sentence" and d.action == "keep"}
    assert "For more information, see Spools and threads." in saved


def test_short_paragraphs_in_wrappers_before_more_wrapped_prose_are_not_a_trailing_box() -> None:
    # Asciidoctor: two bare paragraphs, then every paragraph in a div.paragraph of its own; the
    # short ones come before the wrapped prose, so they stand inside the text, not after it
    article = explained("book_chapter_wrapped.html")
    text = words(article.articleBody)
    assert "to see how the shed opens we need to look at the frame first" in text
    assert "as you may remember from choosing threads" in text
    assert "to picture this assume a loom with four frames" in text
    assert "teachers of the weavers guild" not in text  # a box after the text stays out


def test_a_line_saying_when_the_page_was_last_updated_is_not_text() -> None:
    # "Last updated: March 3rd 2026" under the title and "Last updated 2026-03-05 UTC." after the
    # text: the page's edit stamps; a table's "Last updated" column is a datum the page gives
    article = explained("manual_page_stamps.html")
    text = words(article.articleBody)
    assert "every warp thread passes through the eye of one heddle" in text
    assert "spare heddles can be pushed to the sides" in text
    assert "point draw 1 2 3 4 3 2 2025 12 14" in text
    assert "march 3rd 2026" not in text
    assert "2026 03 05 utc" not in text
    dropped = {d.text for d in article.explain if d.rule == "edit-stamp" and d.action == "drop"}
    assert dropped == {"Last updated: March 3rd 2026", "Last updated 2026-03-05 UTC."}


def test_a_chapter_with_a_permalink_on_every_rule_is_the_container_not_its_list() -> None:
    # an mdBook-style reference: <h2 id="x"><a href="#x">, <div class="rule" id="r-..."><a
    # href="#r-...">[rule.name]</a></div> before each paragraph; weighed as links, the labels
    # sank the chapter under the one list inside it (and the page was read as a spread region)
    article = explained("manual_rule_permalinks.html")
    text = words(article.articleBody)
    assert "the tension of each warp thread is set before the first pass" in text
    assert "finished cloth is cut from the beam above the last knot" in text
    assert "rules for the warp of the loom" in text  # a heading that is its own permalink
    assert "shaft six lifts every third thread" in text
    assert "loom warp tension rule" not in text  # a rule's label is still a link, dropped
    assert "chapter 3 of the weaving manual" not in text
    assert "body-fallback:region" not in article.metadata.warnings
    measured = [d for d in article.explain if d.rule == "permalink"]
    assert measured and measured[0].evidence.startswith("17 links")
