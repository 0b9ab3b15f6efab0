"""Page metadata: structured data, meta tags, bylines, dates, language (``extract_metadata``)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import lxml.html
import pytest

from newsscraper.datetimes import normalize_date as parse_date
from newsscraper.extraction.metadata import PageMetadata, detect_language, extract_metadata
from newsscraper.extraction.metadata.authors import parse_byline
from newsscraper.extraction.metadata.language import normalize_language
from newsscraper.items import Author, Breadcrumb

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "metadata"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")


def meta_of(html: str, url: str | None = "https://example.com/a", **headers: str) -> PageMetadata:
    tree = lxml.html.document_fromstring(html)
    return extract_metadata(tree, url, headers)


def fixture(name: str, url: str = "https://courier.example/news/2024/05/bridge") -> PageMetadata:
    return meta_of((FIXTURES / name).read_text("utf-8"), url)


def test_jsonld_graph_gives_every_field() -> None:
    page = fixture("graph.html")
    assert page.headline == "Council approves new bridge"
    assert page.authors == [
        Author(name="Jane Doe", url="https://courier.example/authors/jane", type="Person"),
        Author(name="John Smith", url=None, type="Person"),
    ]
    assert page.siteName == "The Riverside Courier"
    assert page.datePublished == "2024-05-03T09:15:00+01:00"
    assert page.dateModified == "2024-05-04T10:00:00+01:00"
    assert page.datePublishedRaw == "2024-05-03T09:15:00+01:00"
    assert page.canonicalUrl == "https://courier.example/news/2024/05/bridge"
    assert page.description == "The vote ends a decade of debate."
    assert page.inLanguage == "en"
    assert page.section == "Local"
    assert page.keywords == ["bridge", "council"]
    assert page.breadcrumbs == [
        Breadcrumb(name="Home", url="https://courier.example/"),
        Breadcrumb(name="Local", url="https://courier.example/local"),
    ]
    assert page.mainImage is not None
    assert page.mainImage.url == "https://courier.example/img/bridge.jpg"
    assert (page.mainImage.caption, page.mainImage.credit) == ("The old bridge", "Photo: A. Lens")
    assert page.page_type == "NewsArticle"


def test_broken_jsonld_is_read_leniently() -> None:
    page = fixture("broken-jsonld.html", url="https://coastline.example/storm")
    assert page.headline == "Storm closes ports"
    assert page.authors == [Author(name="Maria Lopez", type="Person")]
    assert page.datePublished == "2023-11-02T06:30:00+00:00"
    assert page.description == "Line one\nline two & more"
    assert page.breadcrumbs == [Breadcrumb(name="Weather", url=None)]


@pytest.mark.parametrize(
    "junk",
    ["", "{", "[[[[", "null", '{"@type": 5}', '{"@graph": {"@graph": "x"}}', "[" * 5000, "\x00\x01"],
)
def test_hopeless_jsonld_never_raises(junk: str) -> None:
    html = f'<html><head><script type="application/ld+json">{junk}</script></head><body></body></html>'
    page = meta_of(html)
    assert page.authors == [] and page.datePublished is None


def test_byline_in_article_beats_related_widget() -> None:
    page = fixture("byline-related.html", url="https://stadt.example/bruecke")
    assert [a.name for a in page.authors] == ["Anna Schmidt", "Jan Ober"]
    assert page.agencies == ["dpa"]
    assert page.datePublished == "2024-03-11T18:05:00+01:00"
    assert page.inLanguage == "de-DE"
    assert page.description == (
        "Nach drei Jahren Bauzeit ist die neue Brücke über den Fluss eröffnet worden."
    )


def test_author_biography_names_no_authors() -> None:
    # A biography in an "author" element lists the outlets the author wrote for; the name comes
    # from the byline, and a bio alone credits nobody.
    bio = (
        '<p class="author-description">Writer and storyteller. Contributor to The Guardian, '
        "Independent, Wired, Buzzfeed and Aeon magazine. Teaches the craft of stories.</p>"
    )
    body = f"<h1>Ten books</h1><p>{'Text of the story. ' * 20}</p>{bio}"
    assert meta_of(f"<html><body>{body}</body></html>").authors == []
    named = body.replace("<h1>Ten books</h1>", '<h1>Ten books</h1><span class="byline">By Dana Walter</span>')
    assert [a.name for a in meta_of(f"<html><body>{named}</body></html>").authors] == ["Dana Walter"]


def test_extraction_leaves_the_tree_untouched() -> None:
    html = (FIXTURES / "graph.html").read_text("utf-8")
    tree = lxml.html.document_fromstring(html)
    before = lxml.html.tostring(tree)
    extract_metadata(tree, "https://courier.example/x")
    assert lxml.html.tostring(tree) == before


@pytest.mark.parametrize(
    ("byline", "names", "agencies"),
    [
        ("By Daniel Bellamy with AP", ["Daniel Bellamy"], ["AP"]),
        ("By Jane Doe, John Roe and Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"], []),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"], []),
        ("Par Marie Curie et Pierre Curie (AFP)", ["Marie Curie", "Pierre Curie"], ["AFP"]),
        ("Por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"], []),
        ("Di Marco Rossi e Giulia Bianchi, ANSA", ["Marco Rossi", "Giulia Bianchi"], ["ANSA"]),
        ("Steven Musil, Staff Writer", ["Steven Musil"], []),
        ("By Jo Bloggs | Updated 5 May 2024, 10:04 BST", ["Jo Bloggs"], []),
        ("By Jo Bloggs (@jobloggs, jo@example.org)", ["Jo Bloggs"], []),
        ("Reuters", [], ["Reuters"]),
        ("The Associated Press", [], ["AP"]),
        ("Senior Political Correspondent", [], []),
        ("Published 3 hours ago", [], []),
        ("Sat, 20 Dec, 2025 - 06:36", [], []),
        ("Sun Li | Mittwoch, 3. Mai 2024", ["Sun Li"], []),
    ],
)
def test_parse_byline(byline: str, names: list[str], agencies: list[str]) -> None:
    assert parse_byline(byline) == (names, agencies)


def test_multiple_author_sources_are_merged_without_duplicates() -> None:
    html = """<html><head>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"X",
      "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"ann lee"},
                {"@type":"Person","name":"Bo Chen"}]}</script>
    <meta name="author" content="Someone Else"></head><body></body></html>"""
    assert [a.name for a in meta_of(html).authors] == ["Ann Lee", "Bo Chen"]


def test_organisation_author_only_when_no_person() -> None:
    org = """<html><head><meta name="author" content="Example News Network"></head>
    <body><h1>T</h1></body></html>"""
    assert [a.name for a in meta_of(org).authors] == ["Example News Network"]
    person = org.replace("<h1>T</h1>", '<h1>T</h1><a rel="author" href="/p/kim">Kim Park</a>')
    assert meta_of(person).authors == [
        Author(name="Kim Park", url="https://example.com/p/kim", type="Person")
    ]


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Council approves bridge | The Courier", "The Courier", "Council approves bridge"),
        ("Council approves bridge - Courier", "The Courier", "Council approves bridge"),
        ("The Courier — Council approves bridge", "The Courier", "Council approves bridge"),
        ("Why the Courier matters - a review", "The Courier", "Why the Courier matters - a review"),
        ("Firefox — Customize it", None, "Firefox — Customize it"),
    ],
)
def test_headline_drops_site_name(title: str, site: str | None, expected: str) -> None:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    html = f"<html><head><title>{title}</title>{site_meta}</head><body></body></html>"
    assert meta_of(html, url="https://news.example/a").headline == expected


def test_headline_from_title_tag_agrees_with_h1() -> None:
    html = """<html><head><title>Tech | Gadgets | How to fix a phone - Gizmo Blog</title></head>
    <body><h1>How to fix a phone</h1></body></html>"""
    assert meta_of(html).headline == "How to fix a phone"


def test_headline_uses_domain_when_no_site_name() -> None:
    html = "<html><head><title>Storm hits coast - Coastline</title></head><body></body></html>"
    assert meta_of(html, url="https://www.coastline.example/x").headline == "Storm hits coast"


def test_dates_keep_offsets_and_published_apart_from_modified() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2015-07-10 09:53:00 -0400">
    <meta property="article:modified_time" content="2015-07-10T13:38:15-04:00">
    </head><body><div class="related"><time datetime="2014-01-01">old</time></div></body></html>"""
    page = meta_of(html)
    assert page.datePublished == "2015-07-10T09:53:00-04:00"
    assert page.datePublishedRaw == "2015-07-10 09:53:00 -0400"
    assert page.dateModified == "2015-07-10T13:38:15-04:00"


def test_related_articles_date_is_never_the_articles() -> None:
    html = """<html><body><article><h1>T</h1><p>Text.</p></article>
    <section class="more-stories"><time datetime="2019-01-01T10:00:00Z">Jan 1</time></section>
    <footer><time datetime="2024-01-01">2024</time></footer></body></html>"""
    assert meta_of(html).datePublished is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-06-25", "2024-06-25"),
        ("2021-11-01T10:52:50+0100", "2021-11-01T10:52:50+01:00"),
        ("Fri, 24 Jul 2015 04:36:09 GMT", "2015-07-24T04:36:09+00:00"),
        ("1437712569", "2015-07-24T04:36:09+00:00"),
        ("March 25, 2015", "2015-03-25"),
        ("25 de marzo de 2015 a las 14:30", "2015-03-25T14:30:00"),
        ("2017年3月10日", "2017-03-10"),
        ("next week", None),
        ("9999-99-99", None),
    ],
)
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso
    assert iso is None or ISO.match(iso)


@pytest.mark.parametrize(
    ("markup", "headers", "expected"),
    [
        ('<html lang="en_US">', {}, "en-US"),
        ('<html><head><meta property="og:locale" content="pt_BR">', {}, "pt-BR"),
        ('<html><head><meta http-equiv="content-language" content="fr-ca">', {}, "fr-CA"),
        ("<html>", {"Content-Language": "nl"}, "nl"),
        ('<html lang="x-default"><head><meta property="og:locale" content="es_ES">', {}, "es-ES"),
        ("<html>", {}, None),
    ],
)
def test_language_from_markup(markup: str, headers: dict[str, str], expected: str | None) -> None:
    assert meta_of(markup + "<body></body></html>", **headers).inLanguage == expected


def test_normalize_language_casing() -> None:
    assert normalize_language("zh-hant-tw") == "zh-Hant-TW"
    assert normalize_language("english") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government announced on Tuesday that the new bridge will open next spring.", "en"),
        ("Le gouvernement a annoncé mardi que le nouveau pont ouvrira au printemps prochain.", "fr"),
        ("Die Regierung hat am Dienstag angekündigt, dass die neue Brücke im Frühjahr öffnet.", "de"),
        ("El gobierno anunció el martes que el nuevo puente abrirá la próxima primavera.", "es"),
        ("政府周二宣布，这座新桥将于明年春天开通，市民对此表示欢迎并期待早日通行。", "zh"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "Hello", "OK 123", "   \n  "])
def test_detect_language_refuses_short_text(text: str) -> None:
    assert detect_language(text) is None


def test_detect_language_is_thread_safe() -> None:
    results: list[str | None] = []
    text = "Die Regierung hat am Dienstag angekündigt, dass die neue Brücke im Frühjahr öffnet."
    threads = [threading.Thread(target=lambda: results.append(detect_language(text))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["de"] * 8


def test_description_prefers_meta_then_lead() -> None:
    html = """<html><head><meta property="og:description" content="Short summary."></head>
    <body><p class="standfirst">A standfirst long enough to be a real standfirst here.</p></body></html>"""
    assert meta_of(html).description == "Short summary."
    assert meta_of(html.replace("og:description", "og:nothing")).description == (
        "A standfirst long enough to be a real standfirst here."
    )


def test_canonical_resolves_against_base_href() -> None:
    html = """<html><head><base href="https://cdn.example/site/">
    <link rel="canonical" href="story/1"></head><body></body></html>"""
    assert meta_of(html, url="https://example.com/x").canonicalUrl == "https://cdn.example/site/story/1"
    og = '<html><head><meta property="og:url" content="https://e.example/o"></head></html>'
    assert meta_of(og).canonicalUrl == "https://e.example/o"


def test_microdata_and_markup_without_jsonld_article() -> None:
    page = fixture("microdata.html", url="https://valley.example/culture/festival")
    assert page.headline == "Festival opens downtown"
    assert page.authors == [Author(name="Min-jun Lee", url="https://valley.example/staff/lee", type="Person")]
    assert page.datePublished == "2022-08-19T17:00:00-07:00"
    assert page.dateModified == "2022-08-20T08:30:00-07:00"
    assert page.keywords == ["festival", "music"]
    assert page.breadcrumbs == [
        Breadcrumb(name="Home", url="https://valley.example/"),
        Breadcrumb(name="Culture", url="https://valley.example/culture/"),
    ]
    assert page.description == ("The three-day festival opened on Friday with a parade through the old town.")


def test_title_that_is_only_the_site_name_is_skipped() -> None:
    html = """<html><head><title>Ship breaks up over Siberia</title>
    <meta name="application-name" content="Daily Planet - Latest News">
    <meta name="twitter:title" content="Daily Planet - Latest News"></head><body></body></html>"""
    assert meta_of(html).headline == "Ship breaks up over Siberia"


def test_main_image_from_og_image_is_absolute() -> None:
    html = """<html><head><meta property="og:image" content="//cdn.example/a.jpg">
    </head><body></body></html>"""
    image = meta_of(html).mainImage
    assert image is not None and image.url == "https://cdn.example/a.jpg"


def test_site_name_glued_to_author_is_removed() -> None:
    html = """<html><head><meta property="og:site_name" content="Florida Today">
    <meta name="author" content="Elliot Brownstein Florida Today"></head><body></body></html>"""
    assert [a.name for a in meta_of(html).authors] == ["Elliot Brownstein"]


def test_jsonld_headline_that_disagrees_with_the_page_is_ignored() -> None:
    html = """<html><head><title>Council approves bridge - Courier</title>
    <meta property="og:site_name" content="Courier">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Weekly video roundup"}
    </script></head><body></body></html>"""
    assert meta_of(html).headline == "Council approves bridge"


@pytest.mark.parametrize("url", [None, "", "not a url", "http://[::1"])
def test_malformed_urls_never_raise(url: str | None) -> None:
    html = """<html><head><base href="http://[::1"><link rel="canonical" href="http://[z">
    <meta property="og:image" content="http://[::"><title>A - B</title></head>
    <body><a rel="author" href="http://[::1">Jo Doe</a></body></html>"""
    page = meta_of(html, url=url)
    assert page.authors[0].name == "Jo Doe"


def test_opening_paragraph_skips_dates_and_labels_and_reads_bare_divs() -> None:
    html = """<html><body><article><h1>Title</h1>
    <p>Donnerstag, 31. Mai 2012</p><p>Short label here</p>
    <div>The council met on Thursday and approved the budget after a long debate.</div>
    </article></body></html>"""
    assert meta_of(html).description == (
        "The council met on Thursday and approved the budget after a long debate."
    )


def test_extract_metadata_is_thread_safe() -> None:
    html = (FIXTURES / "graph.html").read_text("utf-8")
    expected = fixture("graph.html")
    results: list[PageMetadata] = []

    def work() -> None:
        for _ in range(20):
            tree = lxml.html.document_fromstring(html)
            results.append(extract_metadata(tree, "https://courier.example/news/2024/05/bridge"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


def test_blog_masthead_h1_loses_to_the_post_heading() -> None:
    # shared case reports/13: the <h1> is the blog's name linking home; the post's <h2> agrees
    # with the <title>, whose other part is that name.
    page = fixture("title-blogname-h1.html", url="https://kmarlow.example/project-lanternfish")
    assert page.headline == "Project: Lanternfish"
    assert page.sources["headline"] == "h2"


def test_heading_that_agrees_with_a_title_source_wins_over_the_seo_title() -> None:
    html = """<html><head><title>Using ML to personalise your shopping experience | Shopco</title>
    <meta property="og:title" content="Using ML to personalise your shopping experience"></head>
    <body><header><h1><a href="/">Shopco</a></h1></header><h1 hidden>Shopco blog</h1>
    <main><h1>How ML personalises your shopping experience</h1><h2>Why shopping needs ML</h2></main>
    </body></html>"""
    page = meta_of(html)
    assert (page.headline, page.sources["headline"]) == ("How ML personalises your shopping experience", "h1")


@pytest.mark.parametrize(
    ("title", "heading", "expected"),
    [
        ("Council approves bridge [Courier]", "", "Council approves bridge"),
        ("Garden notes: Council approves bridge", "Council approves bridge", "Council approves bridge"),
        ("Council approves bridge | Regional desk", "Council approves bridge", "Council approves bridge"),
    ],
)
def test_site_parts_are_dropped_by_comparison(title: str, heading: str, expected: str) -> None:
    site = '<meta property="og:site_name" content="Courier">'
    body = f"<article><h1>{heading}</h1></article>" if heading else ""
    html = f"<html><head><title>{title}</title>{site}</head><body>{body}</body></html>"
    assert meta_of(html).headline == expected


def test_time_and_post_meta_inside_the_heading_are_not_its_title() -> None:
    html = """<html><head><title>Preparing a transition | Notes</title>
    <meta property="og:title" content="Preparing a transition"></head><body><article>
    <h1><a href="/p"><time datetime="2025-12-18">Dec 18 2025</time> Preparing a transition</a></h1>
    <h1 class="hero">Tuning the build cache<h3><span>Posted on <time>July 1, 2024</time></span>
    <span class="byline"> by infuy</span></h3></h1></article></body></html>"""
    page = meta_of(html)
    assert (page.headline, page.sources["headline"]) == ("Preparing a transition", "h1")


def test_a_part_one_source_adds_to_another_is_the_sites_name() -> None:
    # The <title> is the og:title plus the blog's name; the <h1> shows that name: a masthead.
    html = """<html><head><title>Lessons Learned: The lean startup</title>
    <meta property="og:title" content="The lean startup"></head>
    <body><h1>Lessons Learned</h1><h2>Monday, September 8, 2008</h2><p>Text.</p></body></html>"""
    page = meta_of(html, url="https://www.startuplessons.example/2008/09/lean.html")
    assert (page.headline, page.sources["headline"]) == ("The lean startup", "og:title")


def test_site_name_shown_in_the_heading_is_dropped() -> None:
    html = """<html><head><title>Critics' Choice: Best Exhibitions 2025 - Artlyst</title></head>
    <body><h1>Critics' Choice: Best Exhibitions 2025 – Artlyst</h1></body></html>"""
    page = meta_of(html, url="https://artlyst.example/reviews/best")
    assert (page.headline, page.sources["headline"]) == ("Critics' Choice: Best Exhibitions 2025", "h1")


def test_heading_naming_the_site_with_extra_words_is_a_masthead() -> None:
    # a blog platform's brand <h1> ("痞客邦 PIXNET") and the blog's name <h1> above the post's <h2>
    html = """<html><head><title>美樹營地賞楓 (2) @ 史蒂文的家 :: 痞客邦 PIXNET ::</title>
    <meta property="og:site_name" content="史蒂文的家"></head><body><h1>痞客邦 PIXNET</h1>
    <h1>史蒂文的家</h1><h2>美樹營地賞楓 (2)</h2><p>Text.</p></body></html>"""
    page = meta_of(html, url="https://steven.pixnet.net/blog/post/1")
    assert (page.headline, page.sources["headline"]) == ("美樹營地賞楓 (2)", "h2")


def test_headline_source_is_kept_when_no_heading_agrees() -> None:
    html = """<html><head><title>Storm hits coast - Coastline</title></head>
    <body><h1>Weather</h1></body></html>"""
    page = meta_of(html, url="https://www.coastline.example/x")
    assert (page.headline, page.sources["headline"]) == ("Storm hits coast", "title")


def test_a_reworded_h1_sharing_three_long_words_is_the_headline() -> None:
    # Dice 0.46 (below MIN_AGREEMENT) but three 4+-letter words in common: the same article.
    html = """<html><head><title>Which Garden Pond Liner Material is Best?</title></head><body>
    <main><h1>Garden Pond Liner Materials and Membranes</h1><p>Text.</p></main></body></html>"""
    page = meta_of(html)
    assert (page.headline, page.sources["headline"]) == ("Garden Pond Liner Materials and Membranes", "h1")
    # A heading sharing two long words is a section label: the source stays.
    html = html.replace("Garden Pond Liner Materials and Membranes", "Pond Liner Shop")
    assert meta_of(html).headline == "Which Garden Pond Liner Material is Best?"


def test_a_standfirst_styled_as_h1_is_no_reworded_title() -> None:
    # A sentence of more than twice the title's words shares words with any title.
    standfirst = (
        "Learn which garden pond liner materials last longest, what they cost to lay, and how to "
        "choose one for your own pond without wasting money on the wrong kind of membrane."
    )
    html = f"""<html><head><title>Which Garden Pond Liner Material is Best?</title></head><body>
    <main><h1>{standfirst}</h1><p>Text.</p></main></body></html>"""
    assert meta_of(html).headline == "Which Garden Pond Liner Material is Best?"
    # words shared across the title's separate parts are no agreement either
    html = """<html><head><title>Liner Guide — Garden Tools — Pond Care</title></head><body>
    <main><h1>Garden Pond Liner Tips for Every Small Backyard Project</h1><p>Text.</p></main></body></html>"""
    assert meta_of(html).headline == "Liner Guide — Garden Tools — Pond Care"


def test_byline_label_is_not_the_name() -> None:
    # shared case kinds/24: "By", the name and the role in three spans of one byline.
    page = fixture("byline-label-by.html", url="https://harbor.example/port")
    assert page.authors == [
        Author(name="Lee Morgan", url="https://harbor.example/staff/lee-morgan/", type="Person")
    ]
    assert page.sources["authors"] == "markup"


def test_a_label_standing_alone_credits_the_next_line() -> None:
    # "By" in one element, the name in the next: no class or markup names either.
    html = """<html><head><title>Homestead gardens feed the district</title></head><body>
    <h1>Homestead gardens feed the district</h1><div class="x1">By</div><p class="x2">Md Aynal Haque</p>
    <div><p>RAJSHAHI, Dec 20, 2025 - Homestead gardening has been contributing to rural food security
    for years, officials said on Saturday, as more families plant vegetables near their homes.</p></div>
    </body></html>"""
    page = meta_of(html, url="https://news.example/district/1")
    assert [(a.name, a.type) for a in page.authors] == [("Md Aynal Haque", "Person")]
    assert page.sources["authors"] == "byline"


def test_a_label_alone_with_nothing_after_it_credits_no_one() -> None:
    html = """<html><head><title>Homestead gardens feed the district</title></head><body>
    <h1>Homestead gardens feed the district</h1><div>Written by</div><div></div>
    <p>Homestead gardening has been contributing to rural food security for years, officials said on
    Saturday, as more families plant vegetables near their homes and sell what they do not eat.</p>
    </body></html>"""
    assert meta_of(html, url="https://news.example/district/1").authors == []


def test_microdata_author_in_an_aside_is_the_articles() -> None:
    # shared case kinds/25: itemprop=author of the BlogPosting item, inside an <aside> meta line.
    page = fixture("microdata-author-in-aside.html", url="https://notes.example/css-parser")
    assert [(a.name, a.type) for a in page.authors] == [("Rosa Lindqvist", "Person")]


def test_author_card_is_not_a_teaser_but_related_cards_are() -> None:
    html = """<html><head><title>Glacier retreat doubles</title></head><body><article>
    <h1>Glacier retreat doubles</h1><p>The glaciers of the eastern range lost ice twice as fast.</p>
    <div class="author-card"><span class="author-card__name">Ines Berger</span>
    <p>Ines Berger heads the science desk and has covered the Alps for a decade.</p></div></article>
    <div class="related-cards"><div class="card"><span class="author">Tom Weil</span></div></div>
    </body></html>"""
    assert [a.name for a in meta_of(html).authors] == ["Ines Berger"]


def test_by_line_after_the_headline_without_markup() -> None:
    html = """<html><head><title>Port wins approval</title></head><body>
    <h1>Port wins approval</h1><p><strong>By Md Karim Uddin</strong></p>
    <p>DHAKA, Dec 20 - The port expansion was approved on Thursday after seven years of planning
    and two rounds of public hearings, ending a long dispute between the port authority and the
    environmental groups of the coastal district.</p></body></html>"""
    page = meta_of(html)
    assert [a.name for a in page.authors] == ["Md Karim Uddin"]
    assert page.sources["authors"] == "byline"


def test_organisation_is_marked_and_only_without_a_person() -> None:
    html = """<html><head><meta name="author" content="Example Media Group"></head><body></body></html>"""
    assert [(a.name, a.type) for a in meta_of(html).authors] == [("Example Media Group", "Organization")]
    with_person = html.replace("</head>", '<meta name="author" content="Ana Ruiz"></head>')
    assert [(a.name, a.type) for a in meta_of(with_person).authors] == [("Ana Ruiz", "Person")]
    # a desk declared in the structured data is the organisation credited; in a visible byline
    # it names no one
    collective = html.replace("Example Media Group", "Our Foreign Staff")
    assert [(a.name, a.type) for a in meta_of(collective).authors] == [("Our Foreign Staff", "Organization")]
    visible = "<html><body><h1>Port wins</h1><p class='byline'>By Our Foreign Staff</p></body></html>"
    assert meta_of(visible).authors == []


def test_an_aside_classed_as_the_author_is_the_credit_not_a_sidebar() -> None:
    html = """<html><head><title>Home gym on a budget</title></head><body><div class="post-title">
    <h1>Home gym on a budget</h1>
    <aside class="post-author"><span>Sep 01, 2023</span> <span>Katie Liguori</span></aside></div>
    <aside class="sidebar"><span class="author">Tom Weil</span></aside></body></html>"""
    assert [a.name for a in meta_of(html).authors] == ["Katie Liguori"]
    sidebar_only = html.replace("<span>Katie Liguori</span>", "")
    assert meta_of(sidebar_only).authors == []


def test_declared_account_name_is_the_last_resort() -> None:
    account = '<html><head><meta name="author" content="q_admin"></head><body></body></html>'
    page = meta_of(account)
    assert [(a.name, a.type) for a in page.authors] == [("q_admin", "Person")]
    assert page.sources["authors"] == "account"
    desk = account.replace("</head>", '<meta name="author" content="News Desk"></head>')
    assert [a.name for a in meta_of(desk).authors] == ["News Desk"]
    person = account.replace("</head>", '<meta name="author" content="Ana Ruiz"></head>')
    assert [a.name for a in meta_of(person).authors] == ["Ana Ruiz"]
    words = " ".join("abcdefghijklmnopqrstuvwxyz")
    assert meta_of(account.replace("q_admin", words)).authors == []


def test_authorization_links_and_post_containers_are_not_bylines() -> None:
    html = """<html><head><title>Brands that last</title></head><body>
    <ul><li class="authorization-link"><a href="/login">Sign In</a></li></ul>
    <article class="post author-kristen"><h1>Brands that last</h1>
    <p>Some brands make clothes that last for years, and they are not always the most expensive.</p>
    </article></body></html>"""
    assert meta_of(html).authors == []


def test_text_byline_lead_is_a_whole_word() -> None:
    html = """<html><head><title>Keeping it clean</title></head><body><h1>Keeping it clean</h1>
    <a href="#comments">Discuss</a><p>Cleaning products are a source of indoor air pollution,
    and some of them are worth replacing with simpler ones, as several studies have shown over
    the last ten years in homes with children and pets.</p></body></html>"""
    assert meta_of(html).authors == []


def test_explain_says_which_source_gave_each_metadata_field() -> None:
    # issue 10: explain=True names the source of the headline, the authors and each date
    from newsscraper import extract_article

    html = (Path(__file__).parents[1] / "fixtures" / "metadata" / "published-and-updated.html").read_bytes()
    article = extract_article(html, url="https://example.com/a", explain=True)
    chosen = {d.evidence: (d.rule, d.text) for d in article.explain if d.stage == "metadata"}
    assert chosen["headline"] == ("h1", article.headline)
    assert chosen["authors"] == ("markup", ", ".join(a.name for a in article.authors))
    assert chosen["datePublished"][0] == "dateline"  # the shown date, not the markup's update
    assert chosen["dateModified"][0] == "meta"
    assert not hasattr(extract_article(html, url="https://example.com/a"), "explain")


_LONG_BODY = "".join(f"<p>Paragraph {i} of the post says something, as posts do.</p>" for i in range(40))


def test_dateline_after_the_body_is_read_when_nothing_else_dates_the_page() -> None:
    # No markup date and nothing near the headline: the "Posted on" line after the body (above
    # the tags) is the page's date (htmldate, the ladder's last resort).
    html = f"""<html><body><article><h1>Guide to journal indexing</h1>{_LONG_BODY}
    <div class="meta date-section-header"><span>Posted on April 13, 2023</span>
    <div class="tags"><a href="/tags/a">indexing</a></div></div></article></body></html>"""
    page = meta_of(html)
    assert page.datePublished == "2023-04-13"
    assert page.date_sources["datePublished"] == "htmldate"


def test_last_resort_skips_other_stories_and_accepts_future_years() -> None:
    # A related list's date is not the page's, even for the last resort; and a date past today
    # is accepted (the bound is fixed, the result depends on the page alone).
    related = f"""<html><body><article><h1>T</h1>{_LONG_BODY}</article>
    <section class="related-posts"><div class="post-date">March 2, 2021</div></section></body></html>"""
    assert meta_of(related).datePublished is None
    future = f"""<html><body><article><h1>T</h1>{_LONG_BODY}
    <p class="post-date">Posted on March 2, 2031</p></article></body></html>"""
    assert meta_of(future).datePublished == "2031-03-02"


def test_byline_and_dateline_under_a_headline_shown_without_heading_tags() -> None:
    # The title is styled in a <p>, not an <h1>/<h2>: the byline and the dateline are still read
    # under the element that shows the headline.
    html = f"""<html><head><title>Scaling tests with contract mocks</title></head><body>
    <nav><a href="/">Home</a></nav><main><p class="text-5xl">Scaling tests with contract mocks</p>
    <div><p>By <!-- -->Preetam Jinka</p><p>March 12, 2024</p></div>{_LONG_BODY}</main></body></html>"""
    page = meta_of(html)
    assert [a.name for a in page.authors] == ["Preetam Jinka"]
    assert page.datePublished == "2024-03-12"
    assert page.date_sources["datePublished"] == "dateline"


def test_declared_role_in_place_of_a_name_is_a_collective_credit() -> None:
    # JSON-LD / meta crediting a role ("SFist Contributor", "Community Editor") and no person:
    # the site's collective credit, an organisation; a person named beside it wins.
    html = """<html><head><meta name="author" content="Community Editor">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "T",
    "author": {"@type": "Person", "name": "SFist Contributor"}}</script></head><body></body></html>"""
    page = meta_of(html)
    assert [(a.name, a.type) for a in page.authors] == [
        ("SFist Contributor", "Organization"),
        ("Community Editor", "Organization"),
    ]
    person = html.replace('content="Community Editor"', 'content="Ana Ruiz"')
    assert [(a.name, a.type) for a in meta_of(person).authors] == [("Ana Ruiz", "Person")]


def test_jsonld_parsed_once_is_shared_with_the_body_stage() -> None:
    """The metadata stage hands its parsed JSON-LD and og:type to the body stage, which then reads
    the same declared types and structured body as from the tree itself."""
    from newsscraper.extraction.body import _declared_types, _structured_text
    from newsscraper.extraction.metadata import extract_metadata
    from newsscraper.extraction.metadata.jsonld import read_jsonld

    body = "Long text. " * 40
    page = (
        '<html><head><meta property="og:type" content="Article">'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{body}"}}</script>'
        '<script type="application/ld+json">{"@type": "Broken",}</script></head>'
        '<body><div itemtype="https://schema.org/Person"><h1>Title</h1></div></body></html>'
    )
    tree = lxml.html.document_fromstring(page)
    known = extract_metadata(tree, "https://example.org/a").declarations
    assert known is not None and len(known.scripts) == 2
    assert len(known.parsed) == 1  # the broken script is read leniently, not shared
    assert _declared_types(tree, known) == _declared_types(tree) == {"newsarticle", "og:article", "person"}
    assert _structured_text(tree, known) == _structured_text(tree) == body
    parsed: dict[str, object] = {}
    assert [n["@type"] for n in read_jsonld(['{"@type": "A",}', '{"@type": "B"}'], parsed)] == ["A", "B"]
    assert list(parsed) == ['{"@type": "B"}']


def test_twitter_card_credit_pair_names_the_author() -> None:
    card = """<html><head><meta name="twitter:label1" content="{label}">
    <meta name="twitter:data1" content="{data}"></head><body><h1>Wheels</h1></body></html>"""
    page = meta_of(card.format(label="Written by", data="Ana Ruiz"))
    assert [(a.name, a.type) for a in page.authors] == [("Ana Ruiz", "Person")]
    assert page.sources["authors"] == "meta"
    # The same card slot holds other facts: a reading time names no one.
    assert meta_of(card.format(label="Est. reading time", data="Ana Ruiz")).authors == []


def test_declared_lower_case_name_and_site_as_author() -> None:
    microdata = """<html><head><meta property="og:site_name" content="Farm Life">
    </head><body><article itemscope itemtype="https://schema.org/BlogPosting">
    <meta itemprop="author" content="{name}"><h1>Herbs for the garden</h1>
    <p>Plant basil and marigolds beside the tomatoes to keep the aphids away this summer.</p>
    </article></body></html>"""
    page = meta_of(microdata.format(name="annette grove"))
    assert [(a.name, a.type) for a in page.authors] == [("annette grove", "Person")]
    # A lower-case sentence is no name, even in the page's data.
    assert meta_of(microdata.format(name="see the notes below")).authors == []
    site = meta_of(microdata.format(name="Farm Life"))
    assert [(a.name, a.type) for a in site.authors] == [("Farm Life", "Organization")]


def test_widget_class_on_the_box_that_holds_the_heading_does_not_hide_the_byline() -> None:
    post = """<html><body><div class="{cls}"><div class="intro">
    <div class="post-meta"><p class="byline">by <a href="/u/ana">Ana Ruiz</a></p></div>
    <h1>Planning in two days</h1></div>
    <p>Teams cut their planning cycle from two weeks to two days with one shared document.</p>
    </div><div class="{cls}"><p class="byline">by <a href="/u/bo">Bo Chen</a></p></div>
    </body></html>"""
    assert [a.name for a in meta_of(post.format(cls="newsletter-email")).authors] == ["Ana Ruiz"]
    # A box of that class without the heading is still a widget about other content.
    teaser = """<html><body><h1>Planning in two days</h1><p>Teams cut their planning cycle
    from two weeks to two days with one shared document, and most of them kept the habit for
    the rest of the year, according to the survey of two hundred companies in eleven countries
    that the research group published on Monday with its yearly report.</p>
    <div class="newsletter-email"><p class="byline">by <a href="/u/bo">Bo Chen</a></p></div>
    </body></html>"""
    assert meta_of(teaser).authors == []


def test_byline_is_read_from_the_innermost_line_not_its_box() -> None:
    html = """<html><body><h1>What is mesh Wi-Fi?</h1>
    <div class="box"><div class="credit">Written by <a href="/u/ana">Ana Ruiz</a></div>
    <div class="share"><div>Share Article</div><a href="#">Copy link</a></div></div>
    <p>Mesh Wi-Fi spreads one network across several small routers placed around the house.</p>
    </body></html>"""
    assert [a.name for a in meta_of(html).authors] == ["Ana Ruiz"]


def test_name_with_role_and_date_under_the_headline_is_a_byline() -> None:
    html = """<html><body><header><h1>Chips for the edge</h1>
    <p>{line}</p></header>
    <p>Makers of small chips expect the edge market to double by the end of the decade, as
    factories and hospitals move their models closer to the machines that feed them data.</p>
    </body></html>"""
    page = meta_of(html.format(line="Aaron Doe | Senior Writer | July 2, 2025"))
    assert [a.name for a in page.authors] == ["Aaron Doe"]
    assert page.sources["authors"] == "byline"
    # Two capitalised words without a date or a role beside them are a label, not a credit.
    assert meta_of(html.format(line="Edge Computing | Chips")).authors == []


_PROSE = "<p>" + "The council met on Tuesday to weigh the plan for the new bridge. " * 5 + "</p>"


def test_credit_line_away_from_the_headline_names_the_author() -> None:
    # An author box after the text, where no walk from the headline reaches.
    page = meta_of(
        f"<html><body><h1>Bridge plan approved</h1>{_PROSE * 3}"
        "<div class='box'><h3>Written by Jane Doe</h3><p>Jane covers the city council.</p></div>"
        "</body></html>"
    )
    assert [a.name for a in page.authors] == ["Jane Doe"]
    assert page.sources["authors"] == "credit-line"


@pytest.mark.parametrize(
    "furniture",
    [
        # a filter button, a product's maker, a teaser grid, a program: none credits this
        # page's writer
        "<div><button>By Mark Stone</button></div>",
        "<a href='/brand/acme'>By Acme Goods</a>",
        "".join(
            f"<div class='tile'><a href='/s{i}'>Story {i}</a><p>By {name}</p></div>"
            for i, name in enumerate(["Ann Lee", "Bo Park", "Cy Young", "Di Ross"])
        ),
        "<pre>by Lisa Mars</pre>",
    ],
)
def test_credit_like_furniture_is_not_an_author(furniture: str) -> None:
    page = meta_of(f"<html><body><h1>Bridge plan approved</h1>{_PROSE * 3}{furniture}</body></html>")
    assert page.authors == []


def test_visible_collective_byline_naming_the_site_is_the_site_credited() -> None:
    # "By The Lumora Team" on lumora.com credits the site (an organisation: no person is named);
    # the same line on another site names no one, like "Our Foreign Staff".
    html = (FIXTURES / "byline-site-team.html").read_text("utf-8")
    on_site = meta_of(html, "https://www.lumora.com/resources/freelance")
    assert [(a.name, a.type) for a in on_site.authors] == [("The Lumora Team", "Organization")]
    assert on_site.sources["authors"] == "organization"
    assert meta_of(html, "https://www.other.com/resources/freelance").authors == []
