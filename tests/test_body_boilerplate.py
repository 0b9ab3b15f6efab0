"""Boilerplate found by structure, not by words, and the explain trace that says which rule decided.

Each fixture under ``fixtures/body/boilerplate/`` is a copy of a case of ``../shared/cases`` (one
KIND of failure): the assertions are the case's right values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsscraper import extract_article
from newsscraper.cli import main
from newsscraper.extraction.cleaning import _hiding_rules
from newsscraper.items import Article, ExplainedArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "boilerplate"


def body(name: str) -> str:
    return extract_article((FIXTURES / name).read_bytes(), "https://news.example.org/a").articleBody


@pytest.mark.parametrize(
    ("name", "kept", "dropped"),
    [
        # kinds 06: entries of a live ticker classed "comment" are the page's content
        (
            "live_ticker_named_comments.html",
            ["Full time at Castle Park", "Goal for Harbour Town", "We are under way"],
            [],
        ),
        # kinds 14: a share box and a rating widget whose class and words are in no list
        (
            "share_and_rating_widgets.html",
            ["A sharp smell of nail polish remover", "throw the starter away and begin again"],
            ["Found this useful? Pass it on", "How helpful was this article for you"],
        ),
        # kinds 15: a sign-up box between paragraphs and a donation appeal after them
        (
            "promo_boxes.html",
            ["City buses will run normally again", "Night routes, which were suspended"],
            ["Get the morning briefing in your inbox", "Five stories you need to know", "chip in from three"],
        ),
        # kinds 22: markup the page's own <style> hides
        (
            "stylesheet_hidden.html",
            ["left its main interest rate unchanged", "The next rate decision is due in six weeks"],
            ["phone and narrow window", "tablet in portrait view", "Members read the full market commentary"],
        ),
        # kinds 08: a linked subheading and a list of linked items between the article's paragraphs
        (
            "linked_subheading_and_offer_list.html",
            [
                "Which tools are worth buying now",
                "Cordless drill set, 18 V, two batteries: 59 euros instead of 89",
                "Pressure sprayer, 5 litres",
            ],
            [],
        ),
        # kinds 17: legends of pictures in boxes that are not <figure>
        (
            "image_legend_outside_figure.html",
            ["placed 340 hectares of old beech forest", "offered jobs in the maintenance"],
            ["some of them more than two hundred years old", "a shorter loop is planned for families"],
        ),
        # kinds 18: an author's contact line set in italics ends the text, her bio box follows
        (
            "author_bio_and_contact_note.html",
            ["glaciers of the eastern range lost ice twice as fast", "extended to rock glaciers"],
            ["heads the science desk", "Have a tip about the mountains"],
        ),
        # kinds 20: a table of contents before the text, a dated "last reviewed" line after it
        (
            "toc_and_dated_meta_line.html",
            ["Choosing a bin", "A closed plastic bin of about 300 litres", "Sieve it and spread it thinly"],
            ["In this guide", "Last reviewed on 3 March 2026", "Filed under"],
        ),
        # reports 13b: a paragraph naming "RSS feed" is prose, not a promo (the page of reports 13,
        # kept once, under fixtures/metadata)
        (
            "../../metadata/title-blogname-h1.html",
            [
                "Lanternfish renders markdown, builds an archive page and an RSS feed, and that is all. "
                "The source is on my code page if you want to try it."
            ],
            [],
        ),
    ],
)
def test_boilerplate_kind(name: str, kept: list[str], dropped: list[str]) -> None:
    text = body(name)
    for phrase in kept:
        assert phrase in text
    for phrase in dropped:
        assert phrase not in text


def test_keyword_does_not_drop_a_paragraph_but_drops_a_promo_line() -> None:
    prose = "<p>" + "The council voted on Monday to fund the new bridge over the river. " * 3 + "</p>"
    story = "Shares of Shutterstock rose 14 per cent on Monday. Analysts had expected a smaller gain."
    html = f"<html><body><article>{prose}<p>{story}</p>{prose}<p><a href='/nl'>Get our newsletter</a></p>"
    text = extract_article(html + "</article></body></html>").articleBody
    assert "Shares of Shutterstock rose 14 per cent" in text
    assert "Get our newsletter" not in text


PROSE = "<p>" + "The council voted on Monday to fund the new bridge over the river. " * 3 + "</p>"


def story(inner: str) -> str:
    head = '<head><meta name="author" content="Jo Miller"></head>'
    html = f"<html>{head}<body><article><h1>Bridge</h1>{inner}</article></body></html>"
    return extract_article(html).articleBody


def test_dated_lines_at_the_text_edges_are_meta_lines_and_by_rule() -> None:
    lines = f"<p>Posted Mar 3 by jo_k</p>{PROSE}{PROSE}<p>Last reviewed on 3 May 2025 by our team</p>"
    html = f"<html><body><article>{lines}"
    explained = extract_article(html + "</article></body></html>", explain=True)
    assert isinstance(explained, ExplainedArticle)
    assert "Posted Mar 3" not in explained.articleBody
    assert "Last reviewed" not in explained.articleBody
    assert "The council voted" in explained.articleBody
    assert {d.text for d in explained.explain if d.rule == "dated-edge-line"} == {
        "Posted Mar 3 by jo_k",
        "Last reviewed on 3 May 2025 by our team",
    }


@pytest.mark.parametrize(
    ("inner", "line"),
    [
        (f"{PROSE}<p>Monday 3 March 2025 in Bonn</p>{PROSE}", "Monday 3 March"),  # inside the text
        (f"{PROSE}{PROSE}<ul><li>3 March 2025: opening day</li></ul>", "opening day"),  # a schedule
        (f"{PROSE}{PROSE}<p>Deadline to apply: 3 March 2025</p>", "Deadline to apply"),  # a field
        (
            f"{PROSE}{PROSE}<blockquote><p>We won!</p>— Jo Miller (@jo_m) March 3, 2025</blockquote>",
            "March 3, 2025",
        ),  # an embedded post's attribution
        (f"{PROSE}{PROSE}<p>Only 4 out of 5 members came</p>", "Only 4 out of 5"),  # not a date
    ],
)
def test_dated_lines_that_are_content_stay(inner: str, line: str) -> None:
    assert line in story(inner)


def test_italic_note_about_the_author_ends_the_text_only_when_set_apart() -> None:
    note = "<p><em>Write to Jo Miller at jo at example dot org. She reads every message.</em></p>"
    assert "Write to Jo Miller" not in story(PROSE + PROSE + note)
    # in the middle of the text, or after closing paragraphs that are all in italics, it is text
    assert "Write to Jo Miller" in story(PROSE + note + PROSE)
    italic = PROSE.replace("<p>", "<p><em>").replace("</p>", "</em></p>")
    assert "Write to Jo Miller" in story(PROSE + italic + note)
    # a closing note that names no credited author is the text's own (a republishing note)
    assert "Write to the desk" in story(PROSE + PROSE + note.replace("Jo Miller", "the desk"))


def test_stylesheet_rules_outside_media_queries_and_not_shown_again() -> None:
    css = (
        ".ad{display:none} @media (max-width:600px){.wide{display:none}}"
        " .tab{display:none} .tab.on{display:block}"
    )
    hidden, shown = _hiding_rules(css)
    assert "ad" in hidden - shown
    assert "wide" not in hidden  # hidden on small screens only
    assert "tab" not in hidden - shown  # a tab panel the page shows when active


def test_stylesheet_of_huge_or_broken_css_does_not_crash() -> None:
    broken = "<style>" + ".a{display:none" * 20000 + "}}}{{{" + "</style>"
    html = f"<html><head>{broken}</head><body><article>" + "<p class='a'>Text of the story here.</p>" * 3
    article = extract_article(html + "</article></body></html>")
    assert isinstance(article, Article)


def test_explain_is_asked_for_and_leaves_the_record_unchanged() -> None:
    data = (FIXTURES / "share_and_rating_widgets.html").read_bytes()
    plain = extract_article(data, "https://news.example.org/a")
    explained = extract_article(data, "https://news.example.org/a", explain=True)
    assert type(plain) is Article
    assert isinstance(explained, ExplainedArticle)
    record = explained.to_dict()
    assert record.pop("explain")
    assert record == plain.to_dict()
    rules = {(d.action, d.rule) for d in explained.explain}
    assert ("keep", "prose") in rules
    assert ("drop", "headline-h1") in rules
    # the share box: its links by link density, its heading as a box after the body
    links = [d for d in explained.explain if d.rule == "link-list"]
    assert links and all(d.evidence.startswith("link density 1.00") for d in links)
    assert any(d.rule == "trailing-box" and "Pass it on" in d.text for d in explained.explain)


def test_explain_records_cleaning_and_stylesheet_decisions() -> None:
    data = (FIXTURES / "stylesheet_hidden.html").read_bytes()
    explained = extract_article(data, explain=True)
    assert isinstance(explained, ExplainedArticle)
    marked = [d for d in explained.explain if d.stage == "cleaning" and d.rule == "stylesheet-hidden"]
    assert any("Members read" in d.text for d in marked)
    assert any(d.stage == "reading" and d.rule == "stylesheet-hidden" for d in explained.explain)


def test_explain_on_bad_input_is_an_empty_trace() -> None:
    for data in (b"", b"\x00\x01\x02" * 100, "<html>" + "<div>" * 5000 + "x"):
        article = extract_article(data, explain=True)
        assert isinstance(article, ExplainedArticle)
        assert isinstance(article.explain, list)


def test_cli_explain_lists_rules_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(FIXTURES / "promo_boxes.html"), "-o", str(out), "--explain"]) == 0
    err = capsys.readouterr().err
    assert "boxed-aside" in err and "trailing-box" in err and "keep" in err
    record = json.loads(out.read_text("utf-8"))
    assert any(d["rule"] == "boxed-aside" for d in record["explain"])


def test_a_box_after_the_text_holding_prose_is_the_text_and_a_short_one_an_appendix() -> None:
    answer = (
        "<div class='qa'><h3>Will the old ferry keep running?</h3><p>Yes, until the bridge opens. "
        "The ferry company has agreed to run its usual timetable, with two extra crossings on market "
        "days, for the two years of the works.</p></div>"
    )
    appendix = "<div class='x'><h3>Enjoyed this?</h3><p>Tell a friend about us</p></div>"
    appeal = (
        "<div class='y'><div><h3>Local news needs you</h3><p>We have reported on this town for ninety "
        "years without a paywall. Every story is paid for by readers who believe that a town should "
        "know what its council decides.</p></div><a href='/join'>Join us today</a></div>"
    )
    got = story(PROSE + PROSE + PROSE + answer + answer.replace("old ferry", "night bus") + appendix + appeal)
    # each question and answer is a box of its own, short enough to read as an appendix, but its
    # answer is a paragraph of prose: a section of the text (a bio box holding prose stays an
    # appendix when it names the author: ``author_bio_and_contact_note.html``)
    assert "Will the old ferry keep running?" in got and "Will the night bus" in got
    assert "the two years of the works" in got
    assert "Tell a friend" not in got
    # prose followed by a button (a line that is all link) is a call to action: an appendix
    assert "ninety years" not in got
    # and so is a box whose lines carry a link
    button = "</p></div><a href='/join'>Join us today</a>"
    linked = appeal.replace(button, " <a href='/join'>Join</a>.</p></div>")
    assert "ninety years" not in story(PROSE + PROSE + PROSE + linked)


_LEDGER = (
    "<p>The loom keeps a ledger of every thread it weaves, and each entry records the colour, the "
    "tension and the hour at which the shuttle passed. Readers of the ledger can rebuild any cloth.</p>"
)


@pytest.mark.parametrize(
    ("box", "kept"),
    [
        # a manual's last example: a box of code and the lines around it is the page's end
        (
            "<p>To start the loom from a terminal, run this command:</p>"
            "<pre><code>loom start --warp 40 --weft wool</code></pre>"
            "<p>It prints the ledger as it weaves.</p>",
            True,
        ),
        # a box of a paragraph of prose is the text going on in a wrapper of its own
        (
            "<p>It prints the ledger as it weaves. Each line names the thread, the colour and the "
            "tension, so that a weaver who finds a flaw can tell at once which pass of the shuttle "
            "left it there.</p>",
            True,
        ),
        # a box without code or prose reads as an appendix (a share or sign-up box)
        (
            "<p>Liked this guide? Tell a friend who weaves.</p><p>It prints the ledger as it weaves.</p>",
            False,
        ),
    ],
)
def test_trailing_box_of_code_or_prose_is_kept(box: str, kept: bool) -> None:
    html = (
        "<html><head><title>Weaving guide</title></head><body><main><h1>Weaving guide</h1>"
        + _LEDGER * 4
        + f"<div class='section'>{box}</div></main></body></html>"
    )
    text = extract_article(html, "https://docs.example.org/guide/start").articleBody
    assert ("It prints the ledger as it weaves." in text) is kept
