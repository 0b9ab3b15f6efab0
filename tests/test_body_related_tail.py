"""A related list after the article: a label, teasers' kickers and their linked titles.

``body_blocks.related_tail`` drops the short lines kept among the link lines that ``link_list``
drops after the run's last paragraph of prose, whatever language the label is in.
"""

from __future__ import annotations

from newsscraper import extract_article

STORY = "The harbour board voted to dredge the {} channel before the spring tides, ending a long dispute. "


def body(html: str) -> str:
    return extract_article(html.encode(), "https://example.org/news/dredging").articleBody


def teasers(n: int) -> str:
    return "".join(
        f"<div class='teaser'><p class='kicker'>Kicker number {i}</p>"
        f"<p><a href='/news/other-{i}'>The linked title of another story, number {i}</a></p></div>"
        for i in range(n)
    )


def page(label: str, tail: str, kind: str = "article", after: str = "") -> str:
    story = "".join(f"<p>{STORY.format(f'east{i}') * 2}</p>" for i in range(6))
    return (
        f"<html><head><meta property='og:type' content='{kind}'></head>"
        f"<body><main><article><h1>Dredging</h1>{story}"
        f"<p class='label'>{label}</p><div class='list'>{tail}</div>{after}"
        "</article></main></body></html>"
    )


def test_the_label_of_a_list_of_links_after_the_text_goes() -> None:
    # the label ends as a sentence does, so the edge trim leaves it; the teasers' box goes as a
    # box after the text (``trailing-box``)
    text = body(page("¿Ya lo has visto?", teasers(3)))
    assert "east5 channel" in text
    assert "Ya lo has visto" not in text
    assert "Kicker number" not in text


def test_the_trace_names_the_rule() -> None:
    html = page("Schon gesehen?", teasers(3)).encode()
    lines = extract_article(html, "https://example.org/news/dredging", explain=True).explain
    found = [d for d in lines if d.rule == "related-tail"]
    assert [d.text for d in found] == ["Schon gesehen?"]
    assert "3 link lines" in found[0].evidence


def test_one_link_line_is_no_list() -> None:
    text = body(page("¿Ya lo has visto?", teasers(1)))
    assert "Ya lo has visto" in text


def test_a_line_of_sixty_characters_or_more_ends_the_tail() -> None:
    # a sentence introducing links that are part of the text stays, and so does what comes before it
    intro = "These are the three documents the board published on its site today:"
    text = body(page(intro, teasers(3)))
    assert intro in text


def test_a_page_declaring_no_article_keeps_the_lines() -> None:
    # a list of links after a guide's or a listing's text may be its content (a wiki's "See also")
    text = body(page("¿Ya lo has visto?", teasers(3), kind="website"))
    assert "Ya lo has visto" in text


def test_a_line_ending_as_a_sentence_among_the_links_stays() -> None:
    # the text's closing words between two groups of links (a reading list, then share buttons)
    share = "".join(f"<p><a href='/share/{n}'>Share on network {n}</a></p>" for n in range(3))
    text = body(page("¿Ya lo has visto?", teasers(3), after="<p>Thanks for reading, sailors!</p>" + share))
    assert "Thanks for reading, sailors!" in text
    assert "Ya lo has visto" not in text
