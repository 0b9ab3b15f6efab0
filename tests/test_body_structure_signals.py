"""Structural signals the body reading trusts over names: generated ids that name nothing,
subtrees whose class words are false hits, thread replies wrapped one per post."""

from __future__ import annotations

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.extraction.body_score import _BOILERPLATE, _ICON, _NEUTRAL, class_verdict

URL = "https://shop.example.org/item/42"
PROSE = (
    "The stand folds flat in a few seconds and its hinge is made of cast steel, so it keeps its "
    "angle under a heavy mixer for years of daily work in a busy studio. "
)


def body(html: str) -> str:
    return words(extract_article(html.encode("utf-8"), url=URL).articleBody)


def test_generated_hex_ids_name_nothing() -> None:
    uuid_id = "shopify-section-template--2607__6fb52539-ef64-42f0-b448-584fc276fa44"
    assert class_verdict(uuid_id) == _NEUTRAL
    # icon words still read as such (boilerplate while the element holds no prose, ``score_tree``)
    assert class_verdict("icon fa fa-star") == _ICON
    assert class_verdict("icon share-bar") == _BOILERPLATE  # with another word, boilerplate outright


def test_flagged_box_holding_most_of_the_page_is_its_content() -> None:
    # a promo word on the wrapper of the page's sections; a short box beside it is all that is
    # left unflagged, and the wrapper holds most of the page's prose
    sections = "".join(f"<section><h2>Part {i}</h2><p>{PROSE * 2}</p></section>" for i in range(4))
    page = f"""<html><body><div id="page"><div class="grid">
        <div class="promocontainer wide">{sections}</div>
        <div class="plain"><p>Did you find this useful? Tell us what you think about this page in
        a few words, it helps us improve what we publish for our readers.</p></div>
        </div></div></body></html>"""
    text = body(page)
    assert words("Part 3") in text
    assert text.count(words("The stand folds flat")) >= 6


def test_footer_landmark_is_never_such_content() -> None:
    notes = "".join(f"<p>{i} Footnote: {PROSE * 2}</p>" for i in range(6))
    article = f"<article><h1>Stand</h1><p>{PROSE}</p><p>{PROSE}</p></article>"
    page = f"""<html><body><div id="page"><div class="main">{article}</div>
        <footer class="site-footer-notes">{notes}</footer></div></body></html>"""
    assert words("Footnote") not in body(page)


def test_replies_wrapped_one_per_post_are_the_thread() -> None:
    def post(kind: str, i: int) -> str:
        return (
            f'<div class="post-wrapper"><article class="post-box {kind}"><p>Member {i} wrote: '
            f"{PROSE}</p></article></div>"
        )

    posts = post("original-post", 0) + "".join(post("reply-post-box", i) for i in range(1, 5))
    page = f"<html><body><main><h1>Catering tips</h1><div class='posts'>{posts}</div></main></body></html>"
    text = body(page)
    for i in range(5):
        assert words(f"Member {i} wrote") in text


def _menu_page(wrapper: str) -> str:
    # a mega-menu of category names in spans (a script makes them clickable: no links), holding
    # most of the page's text, above a short product description
    items = "".join(f"<li><span>Category number {i} of gear</span></li>" for i in range(300))
    main = f"<main><h1>Stand</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></main>"
    return f"<html><body>{wrapper.format(f'<ul>{items}</ul>')}{main}</body></html>"


def test_menu_landmark_holding_most_text_is_dropped() -> None:
    text = body(_menu_page("<nav class='site-nav'>{}</nav>"))
    assert words("Category number 7 of gear") not in text
    assert text.count(words("The stand folds flat")) == 3


def test_landmark_of_prose_holding_most_text_is_kept() -> None:
    # a site wrapping its text in <aside>: prose ends sentences, a menu does not
    paragraphs = "".join(f"<p>Note {i}. {PROSE}</p>" for i in range(12))
    page = f"<html><body><aside><h2>Notes</h2>{paragraphs}</aside><div><p>{PROSE}</p></div></body></html>"
    assert words("Note 11.") in body(page)
