"""Boilerplate that used to leak into the body, one general cause per test (hand-written pages)."""

from __future__ import annotations

import pytest

from newsscraper.extraction.body import extract_body
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.xpaths import BOILERPLATE_CLASS

PROSE = "The council voted on Monday to fund the new bridge, which should open to traffic {}. "


def body(html: str) -> str:
    tree = parse_html(html).tree
    assert tree is not None
    return "\n".join(extract_body(tree, "https://example.org/a", PageMetadata()).paragraphs)


def article(n: int = 4, mark: str = "in spring") -> str:
    return "".join(f"<p>{PROSE.format(f'{mark} {i}') * 2}</p>" for i in range(n))


def test_long_related_list_is_pruned_whatever_its_size() -> None:
    # related posts with long excerpts can hold more text than the article above them
    teasers = "".join(
        f"<li><a href='/p{i}'>Teaser {i}</a> <small>{PROSE.format(f'teaser {i}') * 3}</small></li>"
        for i in range(6)
    )
    html = f"<html><body><div class='post'>{article()}<ul class='related_post'>{teasers}</ul></div></body>"
    text = body(html)
    assert "in spring 3" in text
    assert "teaser" not in text


def test_long_comment_thread_is_pruned_whatever_its_size() -> None:
    comments = "".join(f"<div class='entry'><p>{PROSE.format(f'reader {i}') * 3}</p></div>" for i in range(8))
    html = (
        f"<html><body><div class='article'>{article()}"
        f"<div class='comments-container'>{comments}</div></div></body></html>"
    )
    text = body(html)
    assert "in spring 0" in text
    assert "reader" not in text


def test_script_hook_naming_related_is_no_section() -> None:
    # "js-truncate-related-to-my-size" names a behaviour, not a related list: the text stays
    html = (
        "<html><body><div><h1>Title</h1><section class='article__content js-truncate-related-to-my-size'>"
        f"{article(6)}</section><p>Short.</p></div></body></html>"
    )
    assert "in spring 5" in body(html)


def test_embedded_post_card_is_pruned() -> None:
    card = (
        "<div class='wp-embedded-content'><div class='wp-embed'><p class='wp-embed-heading'>"
        "<a href='/other'>Another story entirely about something else in the same magazine</a></p>"
        f"<div class='wp-embed-excerpt'><p>{PROSE.format('other story')}</p></div></div></div>"
    )
    html = f"<html><body><div class='entry'>{article(2)}{card}{article(2, 'in autumn')}</div></body></html>"
    text = body(html)
    assert "in autumn 1" in text
    assert "other story" not in text


@pytest.mark.parametrize(
    ("words", "boilerplate"),
    [
        ("news-letter-section", True),
        ("rty-new-donation", True),
        ("post-ratings", True),
        ("postmetadata alt", True),  # the classic WordPress theme's "posted in ... on ..." line
        ("entry-meta-wrapper", True),
        ("aawp-disclaimer", True),
        ("disclosure-text", True),
        ("kommentare", True),
        ("kommentarbereich", True),
        ("kommentar", False),  # an opinion piece (German), not the comments
        ("imagedescription uk-text-center", True),
        ("meta-box-sizing", False),  # "meta" must end the class word
        ("pdb-morefor row", True),  # a "more for you" recirculation row
        ("more-forecasts", False),
        ("mod-flyout", True),  # a pop-out panel ("Report inappropriate content"), like a modal
    ],
)
def test_leak_vocabulary(words: str, boilerplate: bool) -> None:
    assert bool(BOILERPLATE_CLASS.search(words.lower())) is boilerplate


def test_inline_dateline_is_the_paragraphs_opening() -> None:
    html = (
        "<html><body><div class='story'><p><span class='dateline'>KOBE – </span>"
        f"{PROSE.format('in May')}</p>{article()}</div></body></html>"
    )
    assert "KOBE – The council voted" in body(html)


def test_flagged_inline_label_is_still_dropped() -> None:
    html = (
        "<html><body><div class='story'><p>"
        f"{PROSE.format('in May')}<span class='image-credit'>Photo: Jane Roe</span></p>{article()}"
        "</div></body></html>"
    )
    text = body(html)
    assert "in May" in text
    assert "Jane Roe" not in text


def with_block(block: str) -> str:
    """An article with ``block`` as a paragraph in its middle."""
    return f"<html><body><div class='story'>{article(2)}{block}{article(2, 'in autumn')}</div></body></html>"


@pytest.mark.parametrize(
    "block",
    [
        "<p>© Press Office of the Federal Government | Jane Roe</p>",  # a credit, marked by ©
        "<p>Marco Odermatt, ski star from Switzerland. © AFP / Jane Roe</p>",  # caption + credit
        "<p>The stoat is well hidden in winter.\n      (jdoe\n      /\n      iStock.com)</p>",
        "<p>Abbildung: Vergleich der Schneehöhen auf dem Gletscher im Winter.</p>",
        "<p>Bei den Verlinkungen handelt es sich um Affiliate Links.</p>",
        "<p>News date : 04/21/2022 \u00a0 Category : Press Releases</p>",  # labelled fields
        "<p>24. März 2004, 19:49 | Genesis</p>",  # a date beside an author
        "<div>Verfasst von: jdoe<br>31. Dezember 2008</div>",
        "<p>Online-Pressemappe - alle Mitteilungen der Firma | RSS-Feed abonnieren</p>",
        "<h4>Quellenangaben:</h4>",
        "<p>ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.</p>",
    ],
)
def test_short_boilerplate_block_is_dropped(block: str) -> None:
    # cases whose phrase fired on fewer than 3 tuning pages of 3 sites left with their vocabulary
    # entries (bench/vocabulary.py; issue 9)
    text = body(with_block(block))
    assert "in spring 1" in text
    assert "in autumn 0" in text
    assert "Roe" not in text and "Affiliate" not in text
    assert "2004" not in text and "2008" not in text and "2022" not in text
    assert "Abbildung" not in text and "CC-BY" not in text and "iStock" not in text
    assert "enjoy" not in text and "Kommentare" not in text and "Aussparung" not in text
    assert "Heft" not in text and "PDF" not in text and "Kontakt" not in text
    assert "sujet" not in text and "Nachrichten" not in text and "savoir" not in text
    assert "classes.php" not in text and "Pressemappe" not in text and "example.org" not in text
    assert "packaging guide" not in text and "Quellen" not in text and "moderador" not in text
    assert "Prüfung" not in text


@pytest.mark.parametrize(
    ("block", "kept"),
    [
        ("<p>Reuters reported on Tuesday that the bridge will cost twice as much.</p>", "twice as much"),
        ("<p>On 24. März 2004 the council met | and voted for the second time in a row.</p>", "second time"),
        ("<p>Date: a word the mayor used once. The bridge, she said, is a matter of time.</p>", "matter of"),
    ],
)
def test_short_prose_stays(block: str, kept: str) -> None:
    assert kept in body(with_block(block))


def test_long_sentence_that_is_mostly_one_link_is_prose() -> None:
    link = (
        "<a href='/c'>Link4, where she ran corporate communications, media relations and the brand work</a>"
    )
    para = f"<p>Before that she worked at {link} of the group for eleven years, her longest post.</p>"
    html = f"<html><body><div class='story'>{article(2)}{para}{article(2, 'in autumn')}</div></body></html>"
    assert "Before that she worked at Link4" in body(html)


def test_list_of_links_is_still_dropped() -> None:
    links = " ".join(f"<a href='/p{i}'>Another story about the council number {i}</a>" for i in range(4))
    html = f"<html><body><div class='story'>{article(2)}<p>{links}.</p>{article(2, 'in autumn')}</div></body>"
    assert "Another story" not in body(html)


def test_copyright_notice_of_any_length_is_dropped() -> None:
    notice = "© 2022, Example News. This article is the property of Example News. " * 4
    text = body(with_block(f"<p>{notice}</p>"))
    assert "in autumn 1" in text
    assert "property of Example" not in text


def test_photo_credit_glued_to_the_lead_keeps_the_lead() -> None:
    # "© Provided by <agency>" run into the first paragraph: the paragraph is text, not a notice
    lead = "© Provided by Example Wire " + PROSE.format("in spring 9") * 3
    html = f"<html><body><article><h1>Title</h1><p>{lead}</p>{article()}</article></body></html>"
    text = body(html)
    assert "in spring 9" in text
    assert "in spring 3" in text


def test_data_table_with_wrapped_cells_reads_one_line_per_row() -> None:
    # editors wrap every cell in a <div>; the row is still one line, its linked name included
    rows = "".join(
        f"<tr><td><div><a href='/app{i}'>Application {i}</a></div></td><td><div>{i}1.5 MB</div></td>"
        f"<td><div>{i}.2 MB (-{i}0%)</div></td></tr>"
        for i in range(1, 5)
    )
    html = (
        f"<html><body><article><h1>Title</h1>{article()}"
        f"<table><tr><th>Application</th><th>Size</th><th>Patch</th></tr>{rows}</table>"
        f"{article(2, 'in june')}</article></body></html>"
    )
    lines = [line.strip() for line in body(html).split("\n")]
    assert "Application 2 | 21.5 MB | 2.2 MB (-20%)" in lines  # cells joined by " | "


def test_dated_table_rows_are_data_not_meta_lines() -> None:
    rows = "".join(
        f"<tr>\n  <td><a href='/r{i}'>4.2.{i}</a></td>\n  <td>April 2014</td>\n</tr>" for i in range(1, 6)
    )
    html = (
        f"<html><body><article><h1>Title</h1>{article()}"
        f"<table><tr><th>Release</th><th>Date</th></tr>{rows}</table>"
        f"{article(2, 'in june')}</article></body></html>"
    )
    assert "4.2.3 | April 2014" in " ".join(body(html).split())


@pytest.mark.parametrize(
    "block",
    [
        "<h3>Project resources:</h3>",
        "<p>Data source: county harbour survey</p>",
        "<h2>Copyright in a crowded market</h2>",
    ],
)
def test_short_line_naming_a_source_or_copyright_is_text(block: str) -> None:
    # the removed `credit-line` rule took a short line holding a credit word ("source",
    # "copyright", an agency's name) for a photo credit standing alone; on WCXB's tuning pages
    # such lines were mostly headings and notes of the text (session 15 ablation, bench/README)
    text = body(with_block(block))
    assert block.split(">", 1)[1].split("<", 1)[0] in text


def test_homoglyph_ad_is_dropped_but_cyrillic_prose_stays() -> None:
    ad = "Аdvеrtіѕе wіth thе most visited news site ~ Yоur соntеnt іѕ dеlіvеrеd tо thоuѕаndѕ."
    ru = "Городской совет проголосовал за новый мост iPhone и Samsung, который откроется весной."
    text = body(with_block(f"<p>{ad}</p><p>{ru}</p>"))
    assert "news site" not in text
    assert "Городской совет" in text


def test_layout_row_is_read_block_by_block() -> None:
    cell = "Frankenbach joins the board on 1 September<br><br>Hellmann takes over marketing and media"
    html = f"<html><body><table><tr><td class='item'><p>{cell}</p>{article()}</td></tr></table></body>"
    text = body(html)
    assert "SeptemberHellmann" not in text  # the line break is kept
    assert "Hellmann takes over" in text


def test_data_row_reads_as_one_line() -> None:
    rows = "".join(
        f"<tr><td>Bridge {i}</td><td>{100 + i} metres</td><td>opened {1990 + i}</td></tr>" for i in range(3)
    )
    html = f"<html><body><div class='story'>{article(2)}<table>{rows}</table>{article(2, 'in autumn')}</div>"
    assert "Bridge 1 | 101 metres | opened 1991" in " ".join(body(html).split())


def test_most_discussed_heading_is_boilerplate() -> None:
    assert "meist-diskutiert" not in body(with_block("<h3>meist-diskutiert</h3>"))


def test_teaser_card_wrapped_in_a_link_is_dropped() -> None:
    card = (
        "<a href='/other'><div class='card'><h3>Another story about the harbour and its cranes</h3>"
        "<p>The port authority said on Friday that the cranes will be replaced next year.</p></div></a>"
    )
    text = body(with_block(card))
    assert "in autumn 1" in text
    assert "cranes" not in text


def test_span_wrapping_paragraphs_is_read_paragraph_by_paragraph() -> None:
    inner = "<div><p>We may receive a commission if you buy through our links.</p></div>" + article(3)
    html = f"<html><body><main><span class='external-content'>{inner}</span></main></body></html>"
    text = body(html)
    assert "in spring 2" in text
    assert "commission" not in text  # no longer glued into one long paragraph with the article


def test_table_in_a_figure_is_text() -> None:
    row = "<tr><td>Deposit</td><td>Free, 1 GBP withdrawal</td></tr>"
    table = f"<figure class='comparison'><table>{row}</table></figure>"
    assert "1 GBP withdrawal" in body(with_block(table))


def test_russian_most_popular_section_is_dropped() -> None:
    teasers = "".join(f"<p>Популярная диета номер {i}. Результат до {i} кг за 14 дней.</p>" for i in range(6))
    html = (
        f"<html><body><div class='entry'>{article(4)}"
        f"<div class='box'><h3>Самые популярные диеты</h3>{teasers}</div></div></body></html>"
    )
    text = body(html)
    assert "in spring 3" in text
    assert "диета" not in text


@pytest.mark.parametrize(
    "prose",
    [
        "The Ã©tÃ© festival in MontrÃ©al drew 40,000 visitors, organisers said.",  # UTF-8 read as Latin-1
        "The deal closed at 25°C; ½ of it, ±2%, ©2024 Reuters™.",  # a © before a year ends a sentence
        "It donвЂ™t matter, itвЂ™s fine, sheвЂ™s sure and weвЂ™re told the ciГіn was good.",  # as cp1251
    ],
)
def test_mojibake_and_symbols_are_not_taken_for_credits_or_homoglyphs(prose: str) -> None:
    # the body is read before the text repair: damaged text must reach it
    assert prose[:12] in body(with_block(f"<p>{prose}</p>"))
