"""Keeping the body's structure: one reading of blocks, three renderings (``articleBody``,
``articleBodyHtml``, ``articleBodyMarkdown``), and a tree nested as a browser nests it.

Fixtures under ``fixtures/body/structure/`` are the hand-made cases of ``../shared/cases`` that
this work turned green (each stands for a kind of failure, named in its test).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from newsscraper import extract_article
from newsscraper.extraction.body_render import MARKS
from newsscraper.extraction.html import parse_html
from newsscraper.items import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "structure"
URL = "https://news.example.org/2026/05/item.html"
ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "table", "thead", "tbody",
    "tr", "th", "td", "pre", "figure", "img", "figcaption", "a",
}  # fmt: skip
ALLOWED_ATTRS = {"a": {"href"}, "img": {"src", "alt"}}
PROSE = (
    "The harbour authority said on Monday that the early ferry will run again from the first of "
    "June, after a winter in which the crossing was closed for repairs to the northern quay."
)


def page(body: str, head: str = "<title>Ferry</title>") -> bytes:
    html = f"<html><head><meta charset='utf-8'>{head}</head><body><article>{body}</article></body></html>"
    return html.encode()


def extract(html: bytes | str) -> Article:
    return extract_article(html, url=URL)


def fixture(name: str) -> Article:
    return extract((FIXTURES / name).read_bytes())


def assert_clean_html(markup: str) -> None:
    """Only the allowed tags and attributes, absolute http(s) links, no mark left."""
    assert not any(m in markup for m in MARKS)
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for el in root.iterdescendants():
        assert el.tag in ALLOWED_TAGS, el.tag
        assert set(el.attrib) <= ALLOWED_ATTRS.get(el.tag, set()), (el.tag, dict(el.attrib))
        if el.tag == "a":
            assert el.get("href", "").startswith(("http://", "https://"))


# --- the three renderings ------------------------------------------------------------------------


def test_br_br_is_a_paragraph_break_and_one_br_a_space() -> None:
    article = extract(
        page(f"<p>{PROSE}<br>Second line of the same paragraph.<br><br>{PROSE[:80]} again.</p>")
    )
    first, second = article.articleBody.split("\n\n")
    assert first == f"{PROSE} Second line of the same paragraph."
    assert second == f"{PROSE[:80]} again."
    assert article.articleBodyHtml == f"<p>{first}</p><p>{second}</p>"


def test_table_row_is_one_line_with_cells_joined_by_pipes() -> None:
    table = (
        "<table><thead><tr><th>Driver</th><th>Points</th></tr></thead>"
        "<tbody><tr><td>Lena <a href='/drivers/lena'>Hartmann</a></td><td>412</td></tr>"
        "<tr><td>Ines Ferreira</td><td>219</td></tr></tbody></table>"
    )
    article = extract(page(f"<p>{PROSE}</p>{table}<p>{PROSE}</p>"))
    assert (
        f"{PROSE}\n\nDriver | Points\nLena Hartmann | 412\nInes Ferreira | 219\n\n{PROSE}"
        == article.articleBody
    )
    assert (
        "<table><thead><tr><th>Driver</th><th>Points</th></tr></thead><tbody><tr><td>Lena "
        '<a href="https://news.example.org/drivers/lena">Hartmann</a></td><td>412</td></tr>'
        "<tr><td>Ines Ferreira</td><td>219</td></tr></tbody></table>"
    ) in (article.articleBodyHtml or "")
    assert (
        "| Driver | Points |\n| --- | --- |\n"
        "| Lena [Hartmann](https://news.example.org/drivers/lena) | 412 |\n| Ines Ferreira | 219 |"
    ) in (article.articleBodyMarkdown or "")


def test_headings_lists_and_quotes_keep_their_shape() -> None:
    # the quote says something else: a quote repeating the text is read once (body_repeats)
    quote = "Passengers said the crossing saves them an hour on every trip to the market towns."
    body = (
        f"<p>{PROSE}</p><h2>What changes</h2><ul><li>Earlier departures</li><li>New timetable"
        "<ol><li>weekdays</li><li>weekends</li></ol></li></ul>"
        f"<blockquote><p>{quote}</p></blockquote>"
    )
    article = extract(page(body))
    assert article.articleBody == (
        f"{PROSE}\n\nWhat changes\n\nEarlier departures\nNew timetable\nweekdays\nweekends\n\n{quote}"
    )
    assert article.articleBodyHtml == (
        f"<p>{PROSE}</p><h2>What changes</h2><ul><li>Earlier departures</li><li>New timetable<ol>"
        f"<li>weekdays</li><li>weekends</li></ol></li></ul><blockquote><p>{quote}</p></blockquote>"
    )
    assert article.articleBodyMarkdown == (
        f"{PROSE}\n\n## What changes\n\n- Earlier departures\n- New timetable\n  1. weekdays\n  2. weekends"
        f"\n\n> {quote}"
    )


def test_hostile_markup_gives_only_allowed_tags_and_absolute_links() -> None:
    body = (
        f"<p onclick='steal()' style='color:red' class='x'>{PROSE} <a href='javascript:alert(1)'>click</a>"
        " <a href='/safe' onmouseover='x()' target='_blank'>safe</a>"
        " &lt;script&gt;alert(2)&lt;/script&gt;</p>"
        "<script>alert(3)</script><style>p{}</style><iframe src='https://evil.example/'></iframe>"
        f"<div><span><p>{PROSE} <img src='x' onerror='alert(4)'>"
        " <a href='mailto:a@b.org'>mail</a></p></span></div>"
        "<ul><li><a href='//cdn.example.net/x'>protocol-relative</a> item of a list, long enough</li></ul>"
    )
    article = extract(page(body))
    html = article.articleBodyHtml or ""
    assert_clean_html(html)
    assert "alert(3)" not in html and "&lt;script&gt;alert(2)" in html
    assert '<a href="https://news.example.org/safe">safe</a>' in html
    assert '<a href="https://cdn.example.net/x">protocol-relative</a>' in html
    assert "javascript" not in html and "mailto" not in html
    assert "click" in article.articleBody and "<script>" in article.articleBody  # text stays text
    assert "\\<script\\>" in (article.articleBodyMarkdown or "")


def test_repair_applies_once_and_all_renderings_agree() -> None:
    broken = f"The minister said itâ€™s fine, <a href='/m'>cafÃ© owners</a> agreed. {PROSE}"
    article = extract(page(f"<p>{broken}</p><p>{PROSE}</p>"))
    fixed = f"The minister said it’s fine, café owners agreed. {PROSE}"
    assert article.articleBody.split("\n\n")[0] == fixed
    assert '<p>The minister said it’s fine, <a href="https://news.example.org/m">café owners</a> agreed.' in (
        article.articleBodyHtml or ""
    )
    assert "it’s fine, [café owners](https://news.example.org/m) agreed." in (
        article.articleBodyMarkdown or ""
    )
    body_repairs = [r for r in article.metadata.repairs if r.field == "articleBody"]
    assert len(body_repairs) == 1 and body_repairs[0].kind == "mojibake"
    assert not any(m in body_repairs[0].before + body_repairs[0].after for m in MARKS)


def test_pre_keeps_its_lines() -> None:
    article = extract(page(f"<p>{PROSE}</p><pre>def f():\n    return 1\n</pre><p>{PROSE}</p>"))
    assert "\n\ndef f():\n    return 1\n\n" in article.articleBody
    assert "<pre>def f():\n    return 1</pre>" in (article.articleBodyHtml or "")
    assert "```\ndef f():\n    return 1\n```" in (article.articleBodyMarkdown or "")


def test_empty_page_has_no_structured_body() -> None:
    article = extract(b"<html><body></body></html>")
    assert (
        article.articleBody == "" and article.articleBodyHtml is None and article.articleBodyMarkdown is None
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_fixture_renderings_hold_the_same_words(name: str) -> None:
    article = fixture(name)
    html = article.articleBodyHtml or ""
    assert_clean_html(html)
    words = re.findall(r"\w+", article.articleBody)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    text = re.findall(r"\w+", " ".join(root.xpath("//text()[not(ancestor::figcaption)]")))
    everything = re.findall(r"\w+", " ".join(root.itertext()))
    # the body's words are the HTML's, but for photo captions (in the body only in a gallery)
    assert _subsequence(text, words) and _subsequence(words, everything)


def _subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(word in rest for word in short)


# --- the cases turned green ------------------------------------------------------------------------


def test_br_paragraphs_and_blockquote() -> None:
    # reports/05 (mozilla/readability#498): a <font> layout with <br><br> paragraphs and a quote
    article = fixture("br_paragraphs_blockquote.html")
    body = article.articleBody
    assert "Every decade most of them are still there.\n\nPart of the reason" in body
    assert "even when the quay is crumbling.\n\nThe other reason is local politics." in body
    assert "Half the boats in here draw less than two metres." in body
    assert not body.startswith("Why small ports survive")
    assert "<blockquote><p>Half the boats in here" in (article.articleBodyHtml or "")


def test_short_greeting_signature_and_contact_lines_stay() -> None:
    # kinds/09: the edge lines are the article's own paragraphs, not labels
    paragraphs = fixture("edge_lines_greeting_signature.html").articleBody.split("\n\n")
    assert paragraphs[0] == "Dear readers,"
    assert paragraphs[-2:] == ["Your library team", "Phone: 0123 45 67 89"]


def test_first_section_heading_is_not_trimmed_as_a_label() -> None:
    # kinds/20: a short opening subheading is the first section's title when the article's other
    # sections have headings of the same level; the table of contents before it is not the text
    paragraphs = fixture("first_section_heading.html").articleBody.split("\n\n")
    assert paragraphs[0] == "Choosing a bin"
    assert paragraphs[2] == "Getting the mix right"
    assert "In this guide" not in paragraphs


def test_lone_short_heading_at_the_start_is_still_a_label() -> None:
    body = f"<h3>Politics</h3><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>"
    assert not extract(page(body)).articleBody.startswith("Politics")


def test_ruby_readings_never_split_words_nor_leak() -> None:
    # kinds/13
    article = fixture("ruby_annotations.html")
    assert article.articleBody.split("\n\n") == [
        "来月から、町の図書館は毎週金曜日の夜九時まで開きます。仕事のあとに本を借りたい人が多かったためです。",
        "図書館の人は「夜の利用が多ければ、ほかの曜日も考えます」と話しています。",
    ]
    assert article.headline == "町の図書館が夜も開きます"


def test_gallery_captions_are_the_text() -> None:
    # kinds/12: five figures whose captions hold the article; images keep them too
    article = fixture("gallery_text_in_captions.html")
    paragraphs = article.articleBody.split("\n\n")
    assert (
        paragraphs[0] == "No time to sew? These costumes need nothing more than a look through the wardrobe."
    )
    assert paragraphs[1].startswith("A striped shirt, a red scarf and a drawn-on moustache")
    assert paragraphs[-1].startswith("Cover a cardboard box in aluminium foil")
    assert len(paragraphs) == 6 and len(article.images) == 5
    assert (article.articleBodyHtml or "").count("<figure>") == 5


def test_photo_captions_stay_out_of_the_text() -> None:
    # reports/24: captions go to images (caption and credit apart), the lead figure too
    article = fixture("figure_captions_lead_figure.html")
    assert "Water covers" not in article.articleBody and "Volunteers" not in article.articleBody
    assert [(i.url.rsplit("/", 1)[-1], i.caption, i.credit) for i in article.images] == [
        (
            "flood-quay.jpg",
            "Water covers the quay road near the fish market on Sunday morning.",
            "Photo: Ada Lindgren/Coastal Ledger",
        ),
        (
            "flood-sandbags.jpg",
            "Volunteers fill sandbags outside the lifeboat station.",
            "Photo: Ada Lindgren/Coastal Ledger",
        ),
    ]
    html = article.articleBodyHtml or ""
    assert html.startswith('<figure><img src="https://cdn.coastal-ledger.example/img/2024/flood-quay.jpg"')
    assert "<figcaption>Volunteers fill sandbags outside the lifeboat station. Photo: Ada Lindgren" in html


# --- parsing as a browser nests ------------------------------------------------------------------


def test_content_left_in_head_is_moved_to_the_body() -> None:
    html = f"<html><head><title>Ferry</title><template><p>x</p></template><article><p>{PROSE}</p></article>"
    tree = parse_html(html).tree
    assert tree is not None and [c.tag for c in tree] == ["head", "body"]
    assert extract(html).articleBody == PROSE


def test_unclosed_divs_in_a_button_do_not_swallow_the_page() -> None:
    html = (
        "<html><body><header><button class='menu'><div><span>Menu</span><div class='panel'></button>"
        f"</header><article>{f'<p>{PROSE}</p>' * 4}</article></body></html>"
    )
    assert extract(html).articleBody == "\n\n".join([PROSE] * 4)


def test_short_buttons_are_still_controls() -> None:
    tree = parse_html(f"<html><body><button><h3>Question?</h3></button><p>{PROSE}</p></body></html>").tree
    assert tree is not None and tree.find(".//button") is not None
