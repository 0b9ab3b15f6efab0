"""Container choice on pages of the failure kinds in ``../shared/cases/kinds`` (copied into
``fixtures/body/container/``): the right container is chosen, the text that belongs to it is brought
in, and a page that holds prose never comes back empty.
"""

from __future__ import annotations

from pathlib import Path

from bench.evalsets import token_text as words
from newsscraper import extract_article
from newsscraper.extraction.body_score import score_tree
from newsscraper.extraction.cleaning import clean_tree
from newsscraper.extraction.html import parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "container"
URL = "https://news.example.org/2026/05/item.html"


def body(name: str) -> str:
    raw = (FIXTURES / name).read_bytes()
    article = extract_article(raw, url=URL, headers={"Content-Type": "text/html; charset=utf-8"})
    return words(article.articleBody)


def test_flagged_overlay_pays_its_own_discount() -> None:
    # a consent dialog whose switch widget is flagged used to carry that child's "already
    # discounted" mark up to itself, so it kept its full worth and won over the article
    tree = parse_html((FIXTURES / "consent_overlay_beside_article.html").read_text("utf-8")).tree
    assert tree is not None
    clean_tree(tree)
    container = score_tree(tree.find("body")).container
    assert container is not None
    assert container.get("class") in {"entry-content", "post"}
    text = body("consent_overlay_beside_article.html")
    assert words("harbour authority will run the early ferry") in text
    assert words("Season tickets bought before the change remain valid") in text
    assert words("We store small text files on your device") not in text


def test_standings_table_is_scored_by_row() -> None:
    # a data table scored cell by cell paid a block cost per cell and sank below a side box
    text = body("standings_table_story.html")
    assert words("Standings of the national senior karting championship") in text
    assert words("Lena Hartmann 412") in text
    assert words("Ines Ferreira 219") in text
    assert words("Round 10 takes place at the Lakeside circuit") in text
    assert words("Kart Weekly has covered national and regional karting") not in text


def test_article_split_into_builder_rows_is_read_whole() -> None:
    # same-shaped page-builder rows are one text: none may be left out for its short paragraphs
    text = body("split_article_builder_rows.html")
    for part in (
        "Ab dem Frühjahr bekommt der Stadtteil Nord drei neue Radwege",
        "Was sich an der Hauptstraße ändert",
        "Während der Bauzeit gilt Tempo 30",
        "Zeitplan und Kosten",
        "Fragen beantwortet das Bürgerbüro",
    ):
        assert words(part) in text
    assert words("Start Blog Verkehr") not in text


def test_deck_in_the_article_header_is_read() -> None:
    # a one-sentence deck between the headline and the body is the lead, however short
    text = body("deck_in_article_header.html")
    lead = words("About 4,000 homes still get their water through old lead lines")
    assert lead in text
    assert text.index(lead) < text.index(words("replace every remaining lead service line"))
    assert words("By Jo Whitfield") not in text


def test_question_and_every_answer_are_read() -> None:
    # the question and the answers share their shape: one answer is not the page's content
    text = body("qa_page_question_and_answers.html")
    assert words('My teacher marked "I have lived here since ten years" as wrong') in text
    assert words('Use "for" with a length of time') in text
    assert words("can be followed by a whole clause") in text
    # kinds 27: the question's signature line below it is meta, not the question's text
    assert words("asked Mar 3 by") not in text


def test_prose_after_the_text_in_another_block_is_not_the_article() -> None:
    # kinds 21: the scorer grew the container over a press distributor's disclaimer after the
    # release; narrowed to the release's text, the disclaimer is a differently shaped block after it
    raw = (FIXTURES / "press_release_disclaimer_after_text.html").read_bytes()
    article = extract_article(raw, url=URL, explain=True)
    text = words(article.articleBody)
    assert words("signed up its two-thousandth member") in text
    assert words("expects a decision by the end of the year") in text
    assert words("has distributed press releases from companies") not in text
    assert words("require the written consent of the issuer") not in text
    assert any(d.rule == "narrow" for d in article.explain)


def test_a_kin_part_after_the_text_is_still_read() -> None:
    # the same page with the second block shaped like the first: a part of the same text
    raw = (FIXTURES / "press_release_disclaimer_after_text.html").read_text("utf-8")
    raw = raw.replace('<div class="release-service">', '<div class="release-body"><div class="release-text">')
    raw = raw.replace("</p>\n  </div>\n </div>", "</p>\n  </div></div>\n </div>")
    text = words(extract_article(raw, url=URL).articleBody)
    assert words("require the written consent of the issuer") in text


def test_product_description_and_feature_tiles_beat_a_call_to_action() -> None:
    text = body("product_page_split_blocks.html")
    assert words("A light 40-litre pack for multi-day hut tours") in text
    assert words("A tensioned mesh panel keeps the pack away from your back") in text
    assert words("Rain cover included") in text
    assert words("book a fitting appointment online") not in text


def test_one_page_site_panels_are_all_read() -> None:
    text = body("one_page_site_panels.html")
    assert words("Birchwood Film Studio is a small production company") in text
    assert words("We take projects from the first idea to the finished film") in text
    assert words("send us a short description of your project") in text


PROSE = (
    "Part {i} of the guide explains one step of the work in plain words, with the tools it needs "
    "and the time it takes."
)


def test_text_scattered_over_unlike_wrappers_falls_back_to_the_densest_run() -> None:
    # ten short paragraphs, each in a wrapper of its own shape: every wrapper pays the fragment
    # cost, so one paragraph wins; the densest run of blocks holds them all
    parts = "".join(
        f'<div class="w{i}"><{"section" if i % 2 else "div"} class="in{i}"><p>{PROSE.format(i=i)}</p>'
        f"</{'section' if i % 2 else 'div'}></div>"
        for i in range(10)
    )
    html = f"<html><body><div class='menu'><a href='/'>Home</a></div>{parts}</body></html>"
    article = extract_article(html.encode(), url=URL)
    text = words(article.articleBody)
    assert all(words(PROSE.format(i=i)) in text for i in range(10))
    assert "body-fallback:densest-run" in article.metadata.warnings


def test_long_body_alone_does_not_make_a_product_page_an_article() -> None:
    description = " ".join(PROSE.format(i=i) for i in range(30))
    product = (
        '<script type="application/ld+json">{"@type": "Product", "name": "Pack",'
        ' "offers": {"@type": "Offer", "price": "129.00"}}</script>'
    )
    news = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Pack",'
        ' "datePublished": "2026-05-01T08:00:00Z"}</script>'
    )
    page = "<html><head>{}</head><body><main><h1>Pack</h1><div><p>{}</p></div></main></body></html>"
    as_product = extract_article(page.format(product, description).encode(), url=URL)
    as_news = extract_article(page.format(news, description).encode(), url=URL)
    assert as_product.articleBody and as_product.articleBody == as_news.articleBody
    assert as_product.metadata.probability < 0.5 <= as_news.metadata.probability


def test_short_post_sunk_by_its_widgets_is_found_by_the_densest_run() -> None:
    # the post's link list, share bar and related box cost more than its two paragraphs: a footer
    # line won; it holds a small share of the page's prose, and the densest run holds the post
    raw = (FIXTURES / "short_post_beside_footer_line.html").read_bytes()
    article = extract_article(raw, url=URL, headers={"Content-Type": "text/html; charset=utf-8"})
    text = words(article.articleBody)
    assert words("Mara and Tom talk about the return of sleeper trains") in text
    assert words("listener-supported podcast") not in text
    # a reading that ignores the container's box: the densest run, or the region holding most
    # of the page's text (``body._spread_region``)
    assert {"body-fallback:densest-run", "body-fallback:region"} & set(article.metadata.warnings)


def test_landing_page_sections_under_body_are_all_read() -> None:
    # the planner band is the best subtree, but it is one of several link-poor bands standing
    # directly under <body>: no element below the root holds the page, so the root is read
    text = body("landing_sections_under_body.html")
    assert words("Mark the clay corner") in text
    assert words("Photograph the first courgette") in text
    assert words("Track when each bay was turned") in text
    assert words("the whole plot lives in my pocket") in text
    assert words("Privacy") not in text


def test_product_description_beside_reviews_is_not_a_spread_page() -> None:
    # the reviews hold most of the page's prose, so the spread test would read the whole shop
    # area; the container holds the description the page declares, so it is the body
    text = body("product_description_beside_reviews.html")
    assert words("boils a litre of water in under three minutes") in text
    assert words("stays cool while the water rolls to the boil") in text
    assert words("nobody in the house has burnt a finger") not in text
    assert words("My father now makes tea twice as often") not in text
