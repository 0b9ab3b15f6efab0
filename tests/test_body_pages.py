"""Pages that are not one article (forum threads, listings, landing pages): the body gives the
page's main content, not one fragment of it (issue 9, item 6). Hand-made pages in
``fixtures/body/pages/``; each asserts both what must be in the body and what must stay out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.evalsets import token_text as words
from newsscraper import extract_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "body" / "pages"
URL = "https://forum.example.org/t/sharpening/1"


def body(name: str) -> str:
    raw = (FIXTURES / name).read_bytes()
    return words(extract_article(raw, url=URL).articleBody)


def test_thread_replies_named_comment_are_the_threads_content() -> None:
    # every reply carries itemprop=comment and a "reply" class; the first post does not: same tag
    # and first class word as the first post, repeated, they are the thread, not comments beside it
    text = body("forum_thread_replies.html")
    assert words("I cannot get a burr on it") in text
    assert words("Draw the burr out first with a few strokes") in text
    assert words("A drop of oil on the burnisher helps as well") in text
    assert words("The oil made a real difference too") in text
    assert words("Workshop Forum is run by volunteers") not in text


def test_comments_beside_an_article_stay_out() -> None:
    # comments of another shape than the article's text are not its content
    text = body("article_with_comments.html")
    assert words("The harbour authority will run the early ferry") in text
    assert words("the evening timetable does not change") in text
    assert words("The pontoon was slippery every single morning") not in text
    assert words("Will the car park by the old landing stage stay open") not in text


def test_landing_page_gives_all_its_sections() -> None:
    # a strip of linked customer names sinks <main>, linked questions the FAQ; the best-worth box
    # is the features grid, which with the hero's lead holds under half of the page's prose: the
    # text is spread over sections of different shapes, and the region holding most of it is read
    raw = (FIXTURES / "landing_page_sections.html").read_bytes()
    article = extract_article(raw, url=URL)
    assert "body-fallback:region" in article.metadata.warnings
    text = words(article.articleBody)
    assert words("We reconcile your sales, card payments and receipts every Friday") in text
    assert words("We prepare your quarterly return") in text
    assert words("I used to spend Sunday evenings with a shoebox of receipts") in text
    assert words("Photograph receipts with our app as you get them") in text
    assert words("There is no contract: you pay month by month") in text
    assert words("registered in Scotland") not in text


def test_listing_of_teasers_gives_headlines_and_summaries() -> None:
    # every teaser card (linked headline, summary, date) is worth less than nothing: no container
    # wins, and the page used to come back empty; the region holding its text is read, and its
    # linked headlines are its content
    raw = (FIXTURES / "listing_teasers.html").read_bytes()
    article = extract_article(raw, url="https://gazette.example.com/news")
    assert "body-fallback:region" in article.metadata.warnings
    assert article.metadata.probability < 0.5  # a list of teasers is not one article
    text = words(article.articleBody)
    assert words("Night trains return to the northern line") in text
    assert words("The overnight service to the coast resumes in May") in text
    assert words("School meals to use more local produce") in text
    assert words("Half of the vegetables served in the district") in text
    assert words("All rights reserved") not in text


def test_listing_of_link_cards_beside_a_notice_gives_the_cards() -> None:
    # each card is one link around its headline and summary: the only text outside links is a
    # consent notice, which won the container with a short body holding under a tenth of the
    # page's readable text; the region holding the cards is read instead
    raw = (FIXTURES / "listing_link_cards_beside_notice.html").read_bytes()
    article = extract_article(raw, url="https://courier.example.com/local")
    assert "body-fallback:region" in article.metadata.warnings
    text = words(article.articleBody)
    assert words("Tram line to the airport opens on Monday") in text
    assert words("the council has changed every lamp in the old town") in text
    assert words("Museum shows the town's lost shipyards") in text
    assert words("We use cookies to give you a better experience") not in text


def test_a_page_of_links_is_no_article_however_long_its_links() -> None:
    # each event row is one link around its title and summary (no teaser headings); the consent
    # notice won the container and the region of rows is read, 1,300 characters of link text: the
    # page's length as an article is the notice's, so it is not one article
    raw = (FIXTURES / "listing_link_rows_beside_notice.html").read_bytes()
    article = extract_article(raw, url="https://millbrook.example.org/events")
    assert "body-fallback:region" in article.metadata.warnings
    assert words("Bring the seeds you saved from last summer") in words(article.articleBody)
    assert article.metadata.probability < 0.5


def test_prose_beside_a_grid_of_item_cards_is_no_article() -> None:
    # a shop's category page: 1,100 characters of prose about its wares won the container, and
    # 18 tiles (a link, a picture, a name and a price each) stand beside it; the page declares
    # nothing, and its length alone made it an article (0.79)
    raw = (FIXTURES / "collection_intro_beside_item_grid.html").read_bytes()
    article = extract_article(raw, url="https://fenwick.example.com/kitchen", explain=True)
    assert words("To care for your kitchenware, wash it by hand") in words(article.articleBody)
    assert any(d.rule == "item-grid" for d in article.explain)
    assert article.metadata.probability < 0.5
    # eight tiles are a related-items box beside an article's text, not a catalogue
    few = re.sub(rb'<li class="tile">.*?</li>', b"", raw, count=10)
    assert extract_article(few, url="https://fenwick.example.com/kitchen").metadata.probability >= 0.5


def test_a_catalogues_intro_under_its_title_is_read_with_the_copy_below_its_grid() -> None:
    # the title and its intro stand in a hero nested five levels deep; the copy below the grid of
    # 14 item cards won the container, four levels down another branch: too far for the siblings'
    # reading, so the intro is read from the title
    raw = (FIXTURES / "collection_intro_under_title_above_grid.html").read_bytes()
    article = extract_article(raw, url="https://marshend.example.com/lanterns", explain=True)
    text = words(article.articleBody)
    assert words("Lanterns forged and soldered in our own yard") in text
    assert words("Candles last longest in a lantern") in text
    assert any(d.rule == "title-intro" for d in article.explain)
    # without the grid, the line under the title is a landing page's tagline, not read
    bare = re.sub(rb'<ul class="items">.*?</ul>', b"", raw, flags=re.S)
    text = words(extract_article(bare, url="https://marshend.example.com/lanterns").articleBody)
    assert words("Lanterns forged and soldered") not in text
    assert words("Candles last longest in a lantern") in text


def test_a_grid_under_a_flagged_box_is_read_instead_of_the_sort_menu_beside_it() -> None:
    # "shop-category" names the wrapper of the sort menu and the grid as a category box: its text
    # was not the page's, so the page had 17 readable characters and the sort menu (104) held
    # them all; counted with the box's text, the menu is a short body beside a grid of item names
    raw = (FIXTURES / "collection_grid_in_flagged_box.html").read_bytes()
    article = extract_article(raw, url="https://hollowlane.example.com/candles", explain=True)
    assert "body-fallback:region" in article.metadata.warnings
    assert any(d.rule == "false-hit-region" for d in article.explain)
    text = words(article.articleBody)
    assert words("Tall fig and cedar jar candle $32.50") in text
    assert words("Juniper berry votive set $21.00") in text
    assert words("Price, from low to high") not in text


def test_class_words_that_flag_the_whole_box_are_false_hits() -> None:
    # a page builder's "kt-adv-heading" classes name an ad on every heading and paragraph: each
    # was pruned and the page came back empty; the box was chosen against them, so when its body
    # comes back short it is read again with them ignored
    raw = (FIXTURES / "builder_classes_false_hit.html").read_bytes()
    article = extract_article(raw, url="https://northside.example.com/treadmill-repair")
    text = words(article.articleBody)
    assert words("Our technicians repair belts, motors and consoles") in text
    assert words("A yearly contract includes two inspections") in text


def test_product_description_rendered_by_a_script_is_read_from_json_ld() -> None:
    # the page's description box is empty (a script fills it); the Product's JSON-LD description
    # is the page's own prose, and the body did not hold it: it is added, and the warning says so
    raw = (FIXTURES / "product_described_by_script.html").read_bytes()
    article = extract_article(raw, url="https://shop.example.org/p/harbour-mug")
    text = words(article.articleBody)
    assert words("A wide stoneware mug thrown on the wheel") in text
    assert words("Each mug is fired twice") in text
    assert "body-description:json-ld" in article.metadata.warnings


def test_product_description_shown_on_the_page_is_not_added_again() -> None:
    # the description box shows the JSON-LD description: the body holds it once, from the page
    raw = (FIXTURES / "product_description_beside_reviews.html").read_bytes()
    article = extract_article(raw, url="https://shop.example.org/p/harbour-mug")
    body = article.articleBody or ""
    assert body.count("A wide stoneware mug thrown on the wheel") == 1
    assert "body-description:json-ld" not in article.metadata.warnings


def test_a_json_ld_description_written_in_html_is_read_as_text() -> None:
    # shops write HTML into the description: its paragraphs and list items become the body's
    # paragraphs, its tags and scripts go (they were copied into articleBody as they were)
    description = (
        "<p>A wide stoneware mug thrown on the wheel &amp; glazed by hand in our harbour studio. "
        + "Each mug is fired twice and holds a generous pint of tea for long mornings. " * 3
        + "</p><ul><li>Dishwasher safe</li><li>Holds 500 ml</li></ul><script>track()</script>"
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Harbour mug",
        "description": description,
    }
    # "</" written "<\/" in the JSON, as pages do, so the description's tags don't end the script
    declared = json.dumps(data).replace("</", "<\\/")
    page = (
        f'<html><head><title>Harbour mug</title><script type="application/ld+json">{declared}</script>'
        "</head><body><nav><a href='/'>Home</a></nav><main><h1>Harbour mug</h1>"
        "<p>Price: 20 EUR</p><button>Add to cart</button></main></body></html>"
    )
    article = extract_article(page.encode(), url="https://shop.example.org/p/harbour-mug")
    assert "body-description:json-ld" in article.metadata.warnings
    paragraphs = article.articleBody.split("\n\n")
    assert paragraphs[0].startswith("A wide stoneware mug thrown on the wheel & glazed by hand")
    assert paragraphs[1:3] == ["Dishwasher safe", "Holds 500 ml"]
    assert "<" not in article.articleBody and "track()" not in article.articleBody


def test_sections_nested_deep_on_a_guide_are_read_as_parts_of_its_text() -> None:
    # each section of the guide wraps its text five levels deep; the container is the text of
    # the first one, and its sections' kin (same shape, no links) stand beyond the levels where a
    # lead is looked for: they are read once the container is settled; the link list of the same
    # wrapper shape and the footer stay out
    raw = (FIXTURES / "guide_sections_nested_deep.html").read_bytes()
    text = words(extract_article(raw, url="https://plotters.example.org/handbook").articleBody)
    assert words("Walk the plot before you dig anything") in text
    assert words("Grow what your household eats and what costs most in the shops") in text
    assert words("Most sites run a rota for the shared paths and the manure heap") in text
    assert words("Saving bean seed") not in text
    assert words("registered in Wales") not in text


def test_far_kin_of_a_declared_article_stay_out() -> None:
    # on a page declaring itself an article, boxes shaped like its text's wrappers that far up are
    # comment rows and author boxes (measured on WCXB's tuning articles), not its sections
    raw = (FIXTURES / "guide_sections_nested_deep.html").read_bytes()
    raw = raw.replace(b'content="website"', b'content="article"')
    text = words(extract_article(raw, url="https://plotters.example.org/handbook").articleBody)
    assert words("Walk the plot before you dig anything") in text
    assert words("Grow what your household eats and what costs most in the shops") not in text


def test_links_indented_in_the_source_are_no_prose() -> None:
    # a documentation chapter (a table of contents and one paragraph) under a version switcher:
    # twenty version links separated by " / " and the source's indentation; counted as text, the
    # indentation made the switcher the page's prose and its only content
    raw = (FIXTURES / "docs_version_links_indented.html").read_bytes()
    text = words(extract_article(raw, url="https://manual.example.org/docs/current/locks.html").articleBody)
    assert words("Locks keep two sessions from changing the same rows at once") in text
    assert words("13.2. Table-Level Locks") in text


def test_a_grid_of_tiles_each_one_link_is_an_item_grid() -> None:
    # each tile is one link around its picture (an aria-hidden placeholder the cleaning drops, the
    # <picture> stays), its name, material and price: no text outside the link, yet an item's card;
    # with the grid found, the intro under the title is read and the page is no article
    raw = (FIXTURES / "collection_grid_of_linked_tiles.html").read_bytes()
    article = extract_article(raw, url="https://fallowfield.example.com/wreaths", explain=True)
    text = words(article.articleBody)
    assert words("Wreaths wound by hand from stems we grow") in text
    assert words("Store a wreath for the summer in a box") in text
    assert any(d.rule == "item-grid" and "linked-tile 14" in d.evidence for d in article.explain)
    assert article.metadata.probability < 0.5
    # a menu's entries, one label each inside the link, are no item cards
    menu = re.sub(rb'<div class="tile-material">[^<]*</div><span class="tile-price">[^<]*</span>', b"", raw)
    article = extract_article(menu, url="https://fallowfield.example.com/wreaths", explain=True)
    assert words("Wreaths wound by hand from stems we grow") not in words(article.articleBody)
    assert not any(d.rule == "item-grid" for d in article.explain)
