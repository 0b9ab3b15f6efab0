"""``body_score._repeats_content`` counts a parent's children and its wrappers' only children as
two groups: one page's scoring shares the counts, and the order in which it asks must not matter."""

from __future__ import annotations

from lxml import html

from newsscraper.extraction import body_score

REPLY = (
    '<div class="comment-wrapper"><article class="comment"><p>A reader wrote this reply at '
    "some length, agreeing with the story.</p></article></div>"
)


def test_wrapper_groups_and_child_groups_of_one_parent_are_kept_apart() -> None:
    # three boilerplate-named wrappers and one of the same first class word named content: the
    # wrappers repeat the shape of content, whichever element of the thread was judged first
    outer = html.fromstring(
        f'<div>{REPLY * 3}<div class="comment-wrapper article-body"><p>The story.</p></div></div>'
    )
    wrapper = outer[2]
    alone = body_score._repeats_content(wrapper, outer, {})
    shared: dict[tuple[html.HtmlElement, str], dict[tuple[str, str], tuple[int, bool]]] = {}
    body_score._repeats_content(wrapper[0], wrapper, shared)  # its reply first, as score_tree does
    assert alone
    assert body_score._repeats_content(wrapper, outer, shared) == alone
