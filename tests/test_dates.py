"""The date model (``extraction/metadata/dates.py``) and the project's one date normaliser
(``newsscraper.datetimes``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest

from newsscraper.datetimes import ISO_DATE, format_iso, normalize_date, parse_machine_date
from newsscraper.extraction.metadata import PageMetadata, extract_metadata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "metadata"
FILLER = "<p>" + "The council met on a quiet evening and talked for a long time about the road. " * 8 + "</p>"


def meta_of(html: str, url: str | None = "https://example.com/a") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, {})


def article(meta_line: str, head: str = "", url: str | None = "https://example.com/a") -> PageMetadata:
    return meta_of(
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a></nav><article>"
        f"<h1>Council approves the new bridge</h1>{meta_line}{FILLER}</article></body></html>",
        url,
    )


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-03-12", "2024-03-12"),  # a day stays a day: no invented midnight
        ("2024-03-12T14:32:00Z", "2024-03-12T14:32:00+00:00"),  # UTC spelt +00:00
        ("2024-03-12T14:32:05.123456+0100", "2024-03-12T14:32:05+01:00"),  # fractions dropped
        ("2024-03-12 14:32", "2024-03-12T14:32:00"),  # no offset given: a local time
        ("Tue, 12 Mar 2024 14:32:00 GMT", "2024-03-12T14:32:00+00:00"),
        ("Tue, 12 Mar 2024 14:32:00 -0500", "2024-03-12T14:32:00-05:00"),
        ("1710253920", "2024-03-12T14:32:00+00:00"),
        ("Published 12 March 2024", "2024-03-12"),
        ("25 April 2021 - 14:32", "2021-04-25T14:32:00"),
        ("Dec. 19, 2025 · Niko Matsakis", "2025-12-19"),
        ("12 marca 2024", "2024-03-12"),  # Polish genitive, from dateparser's locale data
        ("12 марта 2024", "2024-03-12"),
        ("2023 Jan 7", "2023-01-07"),
        ("12 March 2024, updated 14 March 2024 10:05", "2024-03-12"),  # the time is the update's
        ("03-09-2026", None),  # day-first or month-first: no guess
        ("12", None),
        ("", None),
    ],
)
def test_normalize_date_shapes(raw: str, iso: str | None) -> None:
    assert normalize_date(raw) == iso
    assert iso is None or ISO_DATE.match(iso)


def test_every_normalised_value_has_an_iso8601_shape() -> None:
    values = [
        date(2024, 2, 29),
        datetime(2024, 3, 31, 2, 30),
        datetime(2024, 3, 31, 2, 30, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        datetime(2024, 3, 31, 2, 30, tzinfo=timezone(-timedelta(hours=9, minutes=30))),
    ]
    shapes = [format_iso(v) for v in values]
    assert shapes == [
        "2024-02-29",
        "2024-03-31T02:30:00",
        "2024-03-31T02:30:00+05:45",
        "2024-03-31T02:30:00-09:30",
    ]
    assert all(ISO_DATE.match(s) for s in shapes)
    assert parse_machine_date("2024-03-31T02:30:00+05:45") == values[2]


def test_dateline_under_the_headline_gives_the_publication_date() -> None:
    page = article('<p class="meta">By Jo Smith | 12 March 2024</p>')
    assert (page.datePublished, page.datePublishedRaw) == ("2024-03-12", "12 March 2024")
    assert page.date_sources == {"datePublished": "dateline"}


def test_dateline_keeps_published_and_updated_apart() -> None:
    page = article("<p>Published March 14, 2019 · Updated: <span>November 2, 2023 at 9:15 am</span></p>")
    assert page.datePublished == "2019-03-14"
    assert page.dateModified == "2023-11-02T09:15:00"


def test_only_an_update_date_stands_for_the_publication() -> None:
    page = article("<p class='meta'>Last updated: August 19, 2025</p>")
    assert page.dateModified == "2025-08-19"
    assert page.datePublished == "2025-08-19"
    assert page.date_sources["datePublished"] == "updated-only"


def test_date_in_prose_is_no_dateline() -> None:
    page = article(
        "<p>The season ends on April 15, 2025. If you need more time, the office can give you"
        " six more months to file a complete return.</p>"
    )
    assert page.datePublished is None


def test_dated_teasers_beside_the_headline_are_not_the_articles() -> None:
    teasers = "".join(
        f'<div class="item"><a href="/s{i}">Other story {i}</a> <span>May {i}, 2021</span></div>'
        for i in range(1, 5)
    )
    page = article(f'<div class="sidebar-box">{teasers}</div>')
    assert page.datePublished is None


def test_post_meta_in_a_short_aside_or_footer_of_the_article_counts() -> None:
    aside = meta_of(
        "<html><body><article><aside><time datetime='2021-06-06'>June 6, 2021</time></aside>"
        f"<h1>A brief intro to git</h1>{FILLER}</article></body></html>"
    )
    assert aside.datePublished == "2021-06-06"
    footer = meta_of(
        "<html><body><article><h1>Remote work tips</h1><footer class='author__meta'>By"
        f" <a href='/u/t'>Tariq Ayan</a> <span>March 30, 2023</span></footer>{FILLER}</article></body></html>"
    )
    assert footer.datePublished == "2023-03-30"


def test_url_path_date_when_the_page_shows_none() -> None:
    page = article("", url="https://example.com/2024/03/12/council-bridge/")
    assert (page.datePublished, page.date_sources["datePublished"]) == ("2024-03-12", "url")
    assert article("", url="https://example.com/blog/2025-12-17-minisgl").datePublished == "2025-12-17"


def test_dateline_beats_a_later_declared_date_never_an_earlier_one() -> None:
    jsonld = '<script type="application/ld+json">{"@type": "BlogPosting", "datePublished": "%s"}</script>'
    handwritten = article("<div>August 25, 2024</div>", head=jsonld % "Jun 24, 2025")
    assert handwritten.datePublished == "2024-08-25"
    machine = article("<div>August 25, 2024</div>", head=jsonld % "2025-06-24T10:00:00+02:00")
    assert machine.datePublished == "2024-08-25"
    assert machine.date_sources["datePublished"] == "dateline-earlier"
    # a shown day later than the declared one is an update: the declared publication stays
    updated = article("<div>Updated August 25, 2026</div>", head=jsonld % "2025-06-24T10:00:00+02:00")
    assert updated.datePublished == "2025-06-24T10:00:00+02:00"
    # within a day: time zones, not a different day
    near = article("<div>June 23, 2025</div>", head=jsonld % "2025-06-24T01:00:00+02:00")
    assert near.datePublished == "2025-06-24T01:00:00+02:00"


def test_published_and_updated_time_elements() -> None:
    # ../shared/cases/reports 15 (adbar/htmldate#119)
    page = meta_of((FIXTURES / "published-and-updated.html").read_text("utf-8"))
    assert page.datePublished == "2019-03-14T08:00:00+00:00"
    assert page.dateModified == "2023-11-02T09:15:00+00:00"


def test_dc_date_beats_the_article_history() -> None:
    # ../shared/cases/reports 16 (codelucas/newspaper#967): "Received"/"Accepted" are not publication
    page = meta_of((FIXTURES / "dcdate-vs-history.html").read_text("utf-8"))
    assert page.datePublished == "2023-01-02"


def test_dateline_search_is_bounded_on_huge_and_deep_pages() -> None:
    deep = "<div>" * 3000 + "x 1 2 3" + "</div>" * 3000
    many = "<span>7 of 9</span>" * 20000
    page = meta_of(f"<html><body><h1>Big page</h1>{deep}{many}</body></html>")
    assert page.datePublished is None


def test_a_callers_tree_with_comments_and_pis_beside_the_headline_is_read() -> None:
    # extract_article's parser drops comments; extract_metadata also takes a caller's own tree.
    page = meta_of(
        "<html><head><title>Council approves the new bridge</title></head><body><div><!-- a -->"
        "<?pi b?><h1>Council approves the new bridge</h1><!-- c -->tail<?pi d?>"
        f"<p>By Jo Smith | 12 March 2024</p><!-- e -->{FILLER}</div></body></html>"
    )
    assert (page.datePublished, page.headline) == ("2024-03-12", "Council approves the new bridge")


def fixture(name: str) -> PageMetadata:
    return meta_of((FIXTURES / name).read_text("utf-8"))


def test_dateline_labelled_as_the_publication_beats_another_declared_day() -> None:
    # "Published Apr 26, 2023 · Updated Aug 21, 2025" under the headline, JSON-LD datePublished on
    # the update's day: the day the page labels as its publication wins; the update stays apart.
    page = fixture("declared-date-is-labelled-update.html")
    assert (page.datePublished, page.date_sources["datePublished"]) == ("2023-04-26", "dateline-labelled")
    assert page.dateModified == "2025-08-20"
    jsonld = '<script type="application/ld+json">{"@type": "BlogPosting", "datePublished": "%s"}</script>'
    posted = article("<p>Posted on: March 3, 2021</p>", head=jsonld % "2024-05-06T10:00:00+00:00")
    assert posted.datePublished == "2021-03-03"
    # a day apart is time zones: the declared value (with its time) stays
    near = article("<p>Published March 3, 2021</p>", head=jsonld % "2021-03-04T01:00:00+00:00")
    assert near.datePublished == "2021-03-04T01:00:00+00:00"
    # an unlabelled later day is an update, not a publication: the declared date stays
    later = article("<p>March 3, 2025</p>", head=jsonld % "2021-03-04T01:00:00+00:00")
    assert later.datePublished == "2021-03-04T01:00:00+00:00"


def test_time_in_dated_teaser_cards_is_not_the_page_date() -> None:
    # The page's first <time> is a card's in a list of other guides (cards that each link to their
    # story); the labelled publication <time> in the sidebar's fact box is the page's own.
    page = fixture("time-in-teaser-cards.html")
    assert (page.datePublished, page.date_sources["datePublished"]) == ("2018-11-15T12:00:00+00:00", "time")


def test_dateline_under_the_element_showing_the_headline() -> None:
    # The title is styled in a <p>; a body <h2> shares most of its words. The dateline is read
    # under the element that shows the headline itself, not under the section heading.
    page = fixture("heading-styled-before-section-heading.html")
    assert page.headline == "Top 5 Garden Tools in 2026"
    assert (page.datePublished, page.date_sources["datePublished"]) == ("2026-02-16", "dateline")


@pytest.mark.parametrize("name", ["published", "date-pub", "pub_date", "article-post-date"])
def test_house_style_publication_meta_names(name: str) -> None:
    page = meta_of(f'<html><head><meta name="{name}" content="July 17, 2025"></head><body>{FILLER}</body>')
    assert (page.datePublished, page.date_sources["datePublished"]) == ("2025-07-17", "meta-house")


def test_meta_names_without_a_publication_word_are_not_publication_dates() -> None:
    head = '<meta name="date-updated" content="July 17, 2025">'
    page = meta_of(f"<html><head>{head}</head><body>{FILLER}</body>")
    assert page.date_sources.get("datePublished") != "meta-house"


def test_declarations_that_disagree_are_settled_by_the_day_the_page_shows() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2018-04-03"}</script>'
    )
    og = '<meta property="article:published_time" content="2025-12-19T18:06:00+00:00">'
    shown = article("<p>Updated: Dec 19, 2025 1:06 PM EST</p>", head=jsonld + og)
    assert (shown.datePublished, shown.date_sources["datePublished"]) == (
        "2025-12-19T18:06:00+00:00",
        "meta-shown",
    )
    # the page shows neither declared day: the JSON-LD keeps its precedence
    neither = article("<p>Dec 17, 2025</p>", head=jsonld + og)
    assert neither.datePublished == "2018-04-03"
    # the page shows the JSON-LD's day too: nothing to settle
    both = article("<p>April 3, 2018 · Updated Dec 19, 2025</p>", head=jsonld + og)
    assert both.datePublished == "2018-04-03"
