"""An element named only by icon words (``feature-icon-box``) is an icon, and boilerplate, only
while it holds no prose: a tile showing an icon beside a heading and a paragraph is content
(``body_score._ICON_WORDS``)."""

from __future__ import annotations

from pathlib import Path

from bench.evalsets import token_text as words
from newsscraper import extract_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "icons"


def test_icon_box_tiles_holding_prose_are_read() -> None:
    raw = (FIXTURES / "icon_box_tiles.html").read_bytes()
    text = words(extract_article(raw, url="https://greenway.example.com/services").articleBody)
    assert words("We plan, plant and look after small city gardens") in text
    assert words("We measure the garden, test the soil") in text
    assert words("You get a drawn plan with every bed, path and tree") in text
    assert words("Four visits a year keep the garden in shape") in text


def test_an_icon_link_row_is_still_boilerplate() -> None:
    from lxml.html import fromstring

    from newsscraper.extraction.body_score import score_tree

    root = fromstring(
        "<html><body><div class='text'><p>" + "A sentence of plain prose about the garden. " * 6 + "</p>"
        "<div class='icon-links'><a href='/a'>Book</a> <a href='/b'>Call</a></div></div></body></html>"
    )
    stats = score_tree(root.find("body")).stats
    row = root.find(".//div[@class='icon-links']")
    assert stats[row].flagged
