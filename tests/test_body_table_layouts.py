"""Old table layouts (issue 9, item 3: how close a page comes to an empty body). An article set in
``<td>`` / ``<font>`` / ``<br><br>`` beside a navigation column, or split over several cells, is
read whole: the winning cell must not leave the rest of the page's prose out. Invented pages."""

from __future__ import annotations

import pytest

from bench.evalsets import token_text as words
from newsscraper import extract_article

S = [
    "The county fair opened on Friday with a parade of tractors down the main road, watched by "
    "families who had driven in from the hill farms since dawn.",
    "Judges spent the morning in the cattle sheds, where forty breeders showed their best animals "
    "and argued politely about the merits of each line.",
    "In the afternoon the rain held off, and the flower tent filled with visitors comparing "
    "dahlias, sweet peas and the giant marrows that win every year.",
    "The organisers said the takings were the best in a decade and thanked the volunteers who had "
    "set up the grounds over three long weekends.",
    "Next year the fair will add a second ring for the heavy horses, and the committee hopes to "
    "bring back the ploughing match that ended in 1998.",
]
NAV = "".join(f'<tr><td><font size="1"><a href="/s{i}">Section {i}</a></font></td></tr>' for i in range(12))
TITLE = '<font face="Arial" size="4"><b>County fair opens with record crowds</b></font>'
FOOT = '<tr><td colspan="2"><font size="1">Copyright 2003 Valley Gazette.</font></td></tr>'


def _deep(inner: str) -> str:
    for _ in range(3):
        inner = f"<table><tr><td>{inner}</td></tr></table>"
    return inner


def _page(main: str) -> str:
    return (
        "<html><head><title>County fair opens</title></head><body><table width='100%'><tr>"
        f"<td width='150' valign='top'><table>{NAV}</table></td><td valign='top'>{main}</td></tr>"
        f"{FOOT}</table></body></html>"
    )


LAYOUTS = {
    # one cell, the paragraphs in one <font> cut by <br><br>
    "font-br": TITLE + '<br><font face="Arial" size="2">' + "<br><br>".join(S) + "</font>",
    # one nested table row per paragraph
    "row-per-paragraph": TITLE
    + "<table>"
    + "".join(f"<tr><td><font size='2'>{s}</font></td></tr>" for s in S)
    + "</table>",
    # three columns of one row, each marked up differently
    "columns": TITLE
    + f"<table><tr><td width='33%'><p>{S[0]}</p><p>{S[1]}</p></td>"
    + f"<td width='33%'><font size='2'>{S[2]}<br><br>{S[3]}</font></td>"
    + f"<td><div><span>{S[4]}</span></div></td></tr></table>",
    # two parts three tables deep, a list of links to other stories between them
    "deep-parts": TITLE
    + _deep(f"<font size='2'>{S[0]}<br><br>{S[1]}</font>")
    + "<table><tr><td>"
    + "".join(f'<a href="/x{k}">Other story number {k}</a><br>' for k in range(6))
    + "</td></tr></table>"
    + _deep("<div>" + "<br><br>".join(f"<span>{s}</span>" for s in S[2:]) + "</div>"),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_an_article_in_a_table_layout_is_read_whole(name: str) -> None:
    article = extract_article(_page(LAYOUTS[name]), url="https://gazette.example/fair.html")
    text = words(article.articleBody)
    for sentence in S:
        assert words(sentence) in text
    assert "section 3" not in text and "other story number" not in text
