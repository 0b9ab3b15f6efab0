"""Article sections whose class words name boilerplate, told apart by the page's own structure."""

from __future__ import annotations

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata

LINE = "The lighthouse keeper logged the {} storm of the season before dawn, then walked the shore. "


def paras(html: str) -> list[str]:
    tree = parse_html(html).tree
    assert tree is not None
    return extract_body(tree, "https://example.org/guide", PageMetadata()).paragraphs


def prose(topic: str, n: int = 2) -> str:
    return "".join(f"<p>{LINE.format(f'{topic} {i}') * 2}</p>" for i in range(n))


def test_sections_listed_by_the_contents_are_read_whatever_their_class() -> None:
    # each section is a jump target named "skip-item" by its builder; the contents list links to
    # it; the sections hold different things (a list, a table, a note), so they differ in shape
    extras = ["", "<ul><li>Rope</li><li>Lamp oil</li></ul>", '<div class="note">Tide at six.</div>',
              "<table><tr><td>Wind</td><td>Gale</td></tr></table>"]  # fmt: skip
    toc = "".join(f'<li><a href="#part{i}">Part {i}</a></li>' for i in range(1, 5))
    sections = "".join(
        f'<div id="part{i}" class="skip-item"><h2>Part {i}</h2>{prose(f"part{i}")}{extras[i - 1]}</div>'
        for i in range(1, 5)
    )
    html = f"<html><body><main><div><ul>{toc}</ul>{sections}</div></main></body></html>"
    text = " ".join(paras(html))
    for i in range(1, 5):
        assert f"part{i} 0" in text


def test_a_comment_thread_a_link_points_to_stays_out() -> None:
    toc = "".join(f'<li><a href="#part{i}">Part {i}</a></li>' for i in range(1, 4))
    sections = "".join(
        f'<section id="part{i}"><h2>Part {i}</h2>{prose(f"part{i}")}</section>' for i in range(1, 4)
    )
    thread = f'<div id="comments" class="comments-area">{prose("reader", 2)}</div>'
    html = (
        f"<html><body><main><ul>{toc}<li><a href='#comments'>Comments</a></li></ul>"
        f"{sections}{thread}</main></body></html>"
    )
    text = " ".join(paras(html))
    assert "part3 0" in text
    assert "reader 0" not in text


def test_a_box_a_skip_link_points_to_is_no_listed_section() -> None:
    # three skip links point to landmarks at different places: no table of contents of the text
    skips = "".join(f'<a href="#{to}">Skip to {to}</a>' for to in ("menu", "main", "side"))
    side = f'<div id="side" class="widget-area promo-box">{prose("sidebar", 1)}</div>'
    html = (
        f'<html><body>{skips}<div id="menu"><a href="/">Home</a></div>'
        f'<div><div id="main">{prose("story", 6)}</div>{side}</div></body></html>'
    )
    text = " ".join(paras(html))
    assert "story 5" in text
    assert "sidebar 0" not in text
