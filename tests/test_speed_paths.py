"""Fast paths taken for speed give exactly what the slow, general code they skip would give."""

from __future__ import annotations

import codecs
import contextlib
import json
import random
import re
import unicodedata
from urllib.parse import urljoin

import lxml.html
import pytest
from lxml import etree

from newsscraper import extract_article
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.metadata import authors
from newsscraper.extraction.metadata.urls import join
from newsscraper.text import repair
from newsscraper.text.decoding import decode_body

BASES = ("https://example.org/news/2024/story.html", "http://example.org/", "https://x.org/a/b?q=1#f")
HREFS = (
    # plain absolute URLs: the fast path
    "https://cdn.example.org/img/a.jpg",
    "http://cdn.example.org/img/a.jpg?w=800&h=600",
    "https://cdn.example.org:8443/a/b/../c.png",
    "https://example.org",
    "https://example.org/",
    "https://example.org//double/slash.jpg",
    "https://example.org/a.jpg?x=1;y=2",
    # what urljoin changes or rejects: the slow path
    "https://example.org/a.jpg?",
    "https://example.org/a.jpg#",
    "https://example.org/a.jpg#frag",
    "https://example.org/a;",
    "https://example.org/a;p?q",
    "https:///no-host.jpg",
    "HTTPS://example.org/upper.jpg",
    "https://user@example.org/a.jpg",
    "https://[::1]/a.jpg",
    "https://[broken/a.jpg",
    "https://example.org/a b.jpg",
    "https://example.org/a\tb.jpg",
    "https://bücher.example/a.jpg",
    "https://example.org/ä.jpg?ö=1",
    # relative and other schemes
    "/img/a.jpg",
    "../img/a.jpg",
    "//cdn.example.org/a.jpg",
    "?page=2",
    "a.jpg",
    "ftp://example.org/a.jpg",
)


def _urljoin(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("href", HREFS)
def test_join_is_urljoin(base: str, href: str) -> None:
    assert join(base, href) == _urljoin(base, href)


def test_join_keeps_absolute_url_under_malformed_base() -> None:
    # urljoin fails on the base; an absolute URL does not need it.
    assert join("http://[broken/", "https://cdn.example.org/a.jpg") == "https://cdn.example.org/a.jpg"
    assert join("http://[broken/", "/a.jpg") is None


def _needs_repair_reference(text: str) -> bool:
    """What ``clean_text_with_repairs`` checked before its one-character-class prefilter."""
    if text.isascii():
        return bool(repair._ASCII_WORK.search(text))
    return bool(repair._WORK.search(text)) or not unicodedata.is_normalized("NFC", text)


# Characters around every branch of the repair patterns: entities, mojibake leads and
# continuations, C0/C1 controls, surrogates, invisible characters, decomposed accents, CJK.
_ALPHABET = (
    "ab &#;x1Zé"
    "\u00c2\u00c3\u00e2\u00f4\u00f5\u00a0\u00bf\u0152\u2019\u201c\u20ac\u2122\u2013"
    "\x00\x08\x09\x0e\x1b[\x7f\x80\x9f\ud800\udfff\u00ad\u200b\u2060\ufeff\u180e\ufffd"
    "\u0301\u00e9\u4e2d\uac00"
)


def test_clean_prefilter_agrees_with_full_patterns() -> None:
    rng = random.Random(7)
    texts = ["", "plain", "AT&T", "it&#8217;s", "&amp;rsquo;", "cafe\u0301", "itâ€™s", "a\x1b[31m"]
    texts += ["".join(rng.choices(_ALPHABET, k=rng.randint(1, 6))) for _ in range(20_000)]
    for text in texts:
        assert repair._is_clean(text) is not _needs_repair_reference(text), repr(text)


def _byline_forms(credit: str) -> list[str]:
    words = credit.split()
    forms = [
        *(credit, credit.upper(), credit.title(), f"By Jane Doe, {credit}", f"Jane Doe ({credit})"),
        *(f"By Jane Doe/{credit}12 May 2024", f"{credit}: Jane Doe", f"Jane Doe and {credit} staff"),
        *(f"WASHINGTON ({credit.upper()}) -", f"Jane Doe @jdoe{credit}", f"Doe, Jane | {credit}"),
    ]
    if len(words) == 2:
        forms.append(f"{words[1]}, {words[0]}")  # "Press, Canadian": inverted into a credit
    return forms


def test_agency_prefilter_never_hides_an_agency() -> None:
    credits = [c for c, agency in [*authors.AGENCIES.items(), *authors._AGENCY_ALIASES.items()] if agency]
    texts = [form for credit in credits for form in _byline_forms(credit)]
    assert len(texts) > 500
    for text in texts:
        found = authors.parse_byline(text)[1] or authors.agency_name(text)
        if found:
            assert authors.may_name_agency(text), text
    assert not authors.may_name_agency("By Patrick Happ, Staff Writer | Updated 5 May")


def _parse_as_str(text: str) -> str:
    """How ``parse_html`` parsed before it handed libxml2 UTF-8 bytes."""
    parser = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True, no_network=True)
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    tree = lxml.html.document_fromstring(text, parser=parser)
    return str(etree.tostring(tree, encoding="unicode"))


@pytest.mark.parametrize(
    "text",
    [
        "<html><head><meta charset='windows-1252'></head><body><p>café – “quoted” ✓</p></body></html>",
        "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'><p>Zażółć 朝鮮 €</p>",
        "<meta charset='utf-16'><p>naïve</p>",
        "\ufeff<html><body><p>BOM first</p></body></html>",
        "<?xml version='1.0'?><html><body><p>déclaration</p></body></html>",
        "<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>déclaration</p></body></html>",
        "<p>NUL\x00 and \x1b escape, \U0001f600 emoji</p>",
        "<p>a &amp; b &eacute; &#8217;</p>",
    ],
)
def test_parse_html_from_utf8_bytes_builds_the_same_tree(text: str) -> None:
    expected = _parse_as_str(text)
    for tree in (parse_html(text).tree, parse_html(text, text.encode("utf-8")).tree):
        assert tree is not None
        assert etree.tostring(tree, encoding="unicode") == expected


def test_decoded_utf8_is_the_input_only_when_it_is_the_text() -> None:
    page = "<meta charset='iso-8859-1'><p>Café “crème” – ok</p>".encode()
    assert decode_body(page).utf8 is page
    assert decode_body(codecs.BOM_UTF8 + page).utf8 is None  # the text leaves the BOM out
    assert decode_body("<p>Café crème brûlée, naïve façade</p>".encode("cp1252") * 20).utf8 is None


def test_article_from_utf8_bytes_equals_article_from_text() -> None:
    html = (
        "<html lang='fr'><head><meta charset='windows-1252'><title>Le pont – enfin</title></head>"
        "<body><article><h1>Le pont – enfin</h1>"
        + "<p>Le conseil municipal a voté « oui » au projet de pont, après des années de débat.</p>" * 5
        + "</article></body></html>"
    )
    from_bytes, from_text = (
        extract_article(html.encode(), url="https://example.fr/a"),
        extract_article(html, url="https://example.fr/a"),
    )
    from_bytes.metadata.encoding = from_text.metadata.encoding = None
    assert from_bytes == from_text
    assert "« oui »" in from_bytes.articleBody


# A page whose only date is in the body text, beside widgets htmldate must not read: nested ones,
# one beside another, one whose tail holds text, a footer outside and a nav inside the article.
DATED_PAGE = (
    "<html><head><title>Bridge</title></head><body><nav>Home <b>May 1, 2020</b></nav>"
    "<div class='related'>Old story March 3, 2019<div class='promo'>April 4, 2018</div></div>tail one"
    "<div class='teaser'>June 6, 2017</div><div class='trending'>July 7, 2016</div> tail two"
    "<article><nav>Sections</nav><h1>Council approves the bridge</h1>"
    "<p>Published 2024-03-12 by the council.</p></article>"
    "<footer>Copyright 2015-08-08</footer></body></html>"
)


def test_page_date_puts_the_tree_back_and_reads_it_as_a_pruned_copy() -> None:
    import copy

    from htmldate import find_date

    from newsscraper.extraction.metadata import dates

    tree = lxml.html.document_fromstring(DATED_PAGE)
    before = etree.tostring(tree)
    found = dates.page_date(tree, None)
    assert etree.tostring(tree) == before  # the widgets taken out for htmldate are all back
    # what htmldate gives on a copy of the page pruned the same way (the former, slower path)
    page = copy.deepcopy(tree)
    dates._take_out_other_content(page)
    assert etree.tostring(page) != before  # the page has widgets to take out
    expected = find_date(page, original_date=True, extensive_search=False, min_date="1995-01-01")
    assert found is not None and found.raw == expected == "2024-03-12"
    # and what it gives on the whole page (a widget's date) is not what the page gets
    assert find_date(tree, original_date=True, extensive_search=False) != expected


def test_stylesheet_hidden_query_finds_what_a_scan_of_every_class_and_id_finds() -> None:
    from newsscraper.extraction.cleaning import _naming_attrs

    tree = lxml.html.document_fromstring(
        "<html><body><div class='ad-box x' id='top'><p class='adx'>a</p><p class='x ad-box'>b</p>"
        "<span id='top-2'>c</span><i class='\tad-box\n'>d</i><b id='top'>e</b></div></body></html>"
    )
    hidden = {"ad-box", "#top", "missing"}
    every = etree.XPath("//*/@class | //*/@id")
    for names in (hidden, {"ad-box"}, {"#top"}):

        def named(a: etree._ElementUnicodeResult, names: set[str] = names) -> bool:
            return not names.isdisjoint(a.split() if a.attrname == "class" else ("#" + a,))

        expected = [a.getparent() for a in every(tree) if named(a)]
        found = [a.getparent() for a in _naming_attrs(names)(tree) if named(a)]
        assert found == expected and expected


@pytest.mark.parametrize("seed", range(4))
def test_evidence_key_of_a_prefix_is_the_key_of_the_whole_text(seed: int) -> None:
    from newsscraper.extraction.body_score import EVIDENCE_KEY, evidence_key, normalise

    rng = random.Random(seed)
    # capital sigmas (lower-cased by what follows them), marks, punctuation, letters that grow
    alphabet = "ΣΑΒσς aB, .-'\u0307\u02b0İẞﬁ1_\u00ad\u200b" + " " * 6
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 600)))
        assert evidence_key(text) == normalise(text)[:EVIDENCE_KEY]


def test_clean_tree_with_one_attribute_query_cleans_as_the_stages_run_apart() -> None:
    from newsscraper.extraction import cleaning

    filler = "<p>" + "The council met and talked about the road for a long while. " * 12 + "</p>"
    page = (
        "<html><body><div style='display:none'><div role='navigation'>" + filler * 3 + "</div></div>"
        "<div role='navigation'><a href='/'>Home</a></div><div aria-hidden='true'><span>x</span></div>"
        "<div hidden role='dialog' aria-modal='true'>Sign up</div><section role='complementary'>"
        "<i>Side</i></section><main>" + filler * 2 + "</main><div aria-modal='true'>Cookies</div>"
        "<aside>" + filler * 8 + "</aside></body></html>"
    )
    apart = lxml.html.document_fromstring(page)
    for stage in (
        cleaning.mark_stylesheet_hidden,
        cleaning.strip_unwanted_tags,
        cleaning.drop_hidden,
        cleaning.drop_landmarks,
        cleaning.drop_inline_popups,
    ):
        stage(apart, None)
    together = lxml.html.document_fromstring(page)
    cleaning.clean_tree(together)
    assert etree.tostring(together) == etree.tostring(apart)
    assert b"Home" not in etree.tostring(together) and b"Side" not in etree.tostring(together)


# --- alternations grouped by first letter (xpaths.by_first_letter) --------------------------------

_WORD_LISTS = (
    ("ad", "ads", "adv", r"advert\w*", "nav", "navbar", "(?:post|entry)-meta", "ad-slot", "menu"),
    ("tags?", "t?ag", "tag", "Tab", "tab", r"\btab", "ta{2}", "a", "ab"),
    ("comment(?!ary)", "comments", "co", "c", "more-?stories", "more"),
)


@pytest.mark.parametrize("words", _WORD_LISTS)
@pytest.mark.parametrize("flags", [0, re.I])
def test_grouped_alternation_matches_as_the_flat_one(words: tuple[str, ...], flags: int) -> None:
    from newsscraper.extraction.xpaths import by_first_letter

    flat = re.compile(rf"(?:{'|'.join(words)})(?=$|[\s_-])", flags)
    grouped = re.compile(rf"(?:{by_first_letter(words)})(?=$|[\s_-])", flags)
    assert flat.pattern != grouped.pattern
    rng = random.Random(7)
    words = "ad adv advert nav navbar post entry -meta slot Tab tab tag tags taa a b comment commentary"
    pieces = [*words.split(), "co", "more", "-", "stories", " ", "_", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        for target in (text, text.upper()):
            a, b = flat.search(target), grouped.search(target)
            assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), target
            assert [m.span() for m in flat.finditer(target)] == [m.span() for m in grouped.finditer(target)]


def test_class_word_patterns_are_grouped() -> None:
    from newsscraper.extraction import xpaths

    assert xpaths.BOILERPLATE_CLASS.search("sidebar-widgets")
    assert xpaths.BOILERPLATE_CLASS.search("entry-meta")
    assert not xpaths.BOILERPLATE_CLASS.search("timeshare article")
    assert "a(?:d|ds|dv|" in xpaths.BOILERPLATE_CLASS.pattern


# --- queries and walks with a cheaper equivalent ---------------------------------------------------

_LANDMARKS = """<html><body>
<nav id="n1"><ul><li><a href="/">Home</a></li></ul></nav>
<aside id="n2"><div><h1>Headline inside</h1></div></aside>
<article id="n3" role="complementary"><p>An article that is itself the landmark.</p></article>
<footer id="n4"><section><article><p>Nested article</p></article></section></footer>
<div id="n5" role="navigation"><div itemprop="articleBody"><p>Text</p></div></div>
<aside id="n6"><h2>Related</h2><span itemprop="articlebody">lower case is another value</span></aside>
</body></html>"""


def test_landmark_keep_agrees_with_the_union_query() -> None:
    from newsscraper.extraction import xpaths

    union = etree.XPath("boolean(.//h1 | .//article | .//*[@itemprop='articleBody'])")
    tree = lxml.html.document_fromstring(_LANDMARKS)
    answers = {el.get("id"): xpaths.landmark_keep(el) for el in tree.iter() if el.get("id")}
    assert answers == {el.get("id"): union(el) for el in tree.iter() if el.get("id")}
    assert answers == {"n1": False, "n2": True, "n3": False, "n4": True, "n5": True, "n6": False}


def test_credit_start_query_agrees_without_its_first_letter_test() -> None:
    from newsscraper.extraction.metadata import dom

    lead = dom._LEAD
    plain = etree.XPath(
        f"descendant::*[text()][not(self::script or self::style)][starts-with({lead}, 'by')"
        f" or starts-with({lead}, 'written by')]"
    )
    page = lxml.html.document_fromstring(
        "<html><body><p>By Jane Roe</p><p>  \n BY JOHN</p><div>Written by Ann</div><span>WRITTEN BY X</span>"
        "<p>Bystander effect</p><p>buy now</p><p>   </p><p><b>By</b> Sam</p><p>Words by Lee</p>"
        "<script>by code</script><p>written</p><p>w</p><p>b</p></body></html>"
    )
    found = dom._CREDIT_STARTS(page)
    assert found == plain(page)
    starts = ["By Jane Roe", "BY JOHN", "Written by Ann", "WRITTEN BY X", "Bystander effect", "By"]
    assert [" ".join(el.text.split()) for el in found] == starts


def test_link_chars_count_each_link_once() -> None:
    from newsscraper.extraction.body_score import _link_chars

    box = lxml.html.fragment_fromstring(
        "<div><a href='/a'>plain</a> text <a href='/b'>with <b>bold</b> part</a>"
        "<a href='/c'>outer <a href='/d'>inner</a></a><a href='/e'></a><p><a>deep</a></p></div>"
    )
    slow = sum(
        len(a.text_content()) for a in box.iter("a") if not any(p.tag == "a" for p in a.iterancestors())
    )
    assert _link_chars(box) == slow


def test_css_rule_scan_finds_the_rules_a_backtracking_scan_finds() -> None:
    from newsscraper.extraction import cleaning

    backtracking = re.compile(r"([^{}]*)\{([^{}]*)\}")
    css = (
        ".a{display:none} @media (max-width:600px){.b{display:none} .c{color:red}} .d .e{display:block}"
        " @supports (x){@media print{.f{x:y}}} .g{} {} }{ .h{visibility:hidden"
    )
    assert [m.groups() for m in cleaning._CSS_RULE.finditer(css)] == [
        m.groups() for m in backtracking.finditer(css)
    ]


# --- session 13: regex gates, one walk for the links, head intruders --------------------------------


def _pieces_of(pattern: re.Pattern[str]) -> list[str]:
    """The letter runs a pattern's source spells, with separators: text built from them meets
    every branch of the pattern, so a gate that hides a match shows up."""
    runs = re.findall(r"[^\W\d_]+", pattern.pattern)
    return [*runs, *(r.upper() for r in runs), *(r.title() for r in runs), *" -_:/()©.,1"]


def test_content_class_gate_agrees_with_the_search() -> None:
    from newsscraper.extraction import xpaths

    rng = random.Random(13)
    pieces = _pieces_of(xpaths.CONTENT_CLASS)
    texts = ["", "entry-content", "sidebar", "td-post-content", "rich_text", "storybody", "Article-Body"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 5))) for _ in range(20_000)]
    for text in texts:
        assert xpaths.names_content(text) is (xpaths.CONTENT_CLASS.search(text) is not None), text


def test_credit_split_gate_agrees_with_the_search() -> None:
    from newsscraper.extraction import xpaths

    rng = random.Random(13)
    pieces = [*_pieces_of(xpaths.CREDIT_SPLIT), "(c)", "(C)", "Getty Images", "AP Photo", "ſource:", "é"]
    # non-ASCII text is gated too: the letters ``re.I`` matches to ASCII ones, and label words
    pieces += ["\u0130", "\u0131", "\u017f", "\u212a", "ü", "’", "©", "FOTÓ:", "Zdjęcie/"]
    pieces += ["ſhutter", "ıstock"]
    texts = ["", "A rover (Image credit: NASA)", "Photo by Jane Doe", "© Reuters", "REUTERS/Jane Doe"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 6))) for _ in range(30_000)]
    for text in texts:
        a, b = xpaths.CREDIT_SPLIT.search(text), xpaths.credit_split(text)
        assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), text


def test_ascii_norm_is_the_regex_norm() -> None:
    from newsscraper.extraction.metadata import title

    rng = random.Random(13)
    ascii_chars = [chr(i) for i in range(128)]
    texts = ["".join(rng.choices(ascii_chars, k=rng.randint(0, 12))) for _ in range(5_000)]
    texts += ["The Guardian", "Le Monde.fr", "BBC_News", "A-1 (2024)"]
    for text in texts:
        assert text.isascii()
        assert title.norm.__wrapped__(text) == title._ALNUM.sub("", text.casefold()), repr(text)


def test_split_join_collapses_what_the_whitespace_regex_collapses() -> None:
    from newsscraper.extraction.metadata import dom

    spaces = [c for c in map(chr, range(0x3001)) if c.isspace()]
    rng = random.Random(13)
    for _ in range(5_000):
        raw = "".join(rng.choices([*spaces, "a", "é", "b", "\u200b"], k=rng.randint(0, 12)))
        assert " ".join(raw.split()) == re.sub(r"\s+", " ", raw).strip(), repr(raw)
    box = lxml.html.fragment_fromstring("<h1>WEEKEND<br>\u00a0CODING\u2003 AGENT\n</h1>")
    assert dom._heading_text(box) == "WEEKEND CODING AGENT"
    assert dom.text(box) == "WEEKEND CODING AGENT"


_HEADS = (
    "<html><head><title>T</title><meta charset=utf-8>\n  <link rel=x href=y></head><body>B</body></html>",
    "<html><head><title>T</title><custom-el>Text</custom-el></head></html>",
    "<html><head><title>T</title>\u00a0</head><body></body></html>",
    "<html><head><!-- a comment --><title>T</title></head><body></body></html>",
    "<html><head><title>T</title><!-- c -->tail text<meta name=a content=b></head></html>",
    "<html><head>\t\r\n<script>x</script><style>p{}</style><noscript></noscript><template></template></head></html>",
)


@pytest.mark.parametrize("page", _HEADS)
def test_head_intruders_loop_agrees_with_the_query(page: str) -> None:
    from newsscraper.extraction import html

    query = etree.XPath(
        "*[not(" + " or ".join(f"self::{tag}" for tag in sorted(html.HEAD_CONTENT)) + ")]"
        " | text()[normalize-space()]"
    )
    for parser in (lxml.html.HTMLParser(), lxml.html.HTMLParser(remove_comments=True)):
        head = lxml.html.document_fromstring(page, parser=parser).find("head")
        if head is not None:
            assert html._head_intruders(head) is bool(query(head)), page


def test_word_count_counts_the_regex_matches() -> None:
    from newsscraper.extraction import wordcount

    def by_regex(text: str) -> int:
        return wordcount.WORD.subn("", text)[1]

    rng = random.Random(13)
    alphabet = [
        *"aé1_' -’٣",
        "漢",
        "字",
        "가",
        "ー",
        "\u3041",
        "\u309f",
        "\u30fb",
        "\uf900",
        "\ufaff",
        "\u3000",
    ]
    alphabet += ["\U00020000", "\ud800"]  # beyond the table, and a lone surrogate: the regex counts
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 14))) for _ in range(10_000)]
    # every BMP character alone, after a letter and before one, in blocks of 256 code points
    texts += [
        "".join(f"{chr(i)} a{chr(i)}b {chr(i)}a " for i in range(n, n + 256)) for n in range(0, 0x10000, 256)
    ]
    for text in texts:
        assert wordcount.word_count(text) == by_regex(text), repr(text)
    long = "漢字abc, déjà vu " * (wordcount.MAX_ARRAY_CHARS // 8)
    assert wordcount.word_count(long) == by_regex(long)


_LINKS_PAGE = (
    """<html><head>
<meta property="og:type"><meta property="og:type" content=" Article ">
<meta property="og:type" content="website">
<link rel="canonical"><link rel="canonical" href="/canonical"><link rel="canonical" href="/second">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="home\talternate" type="application/atom+xml" href="/atom.xml">
<link rel="alternate\u00a0x" type="application/rss+xml" href="/not-a-feed-nbsp.xml">
<link rel="Alternate" type="application/rss+xml" href="/not-a-feed-case.xml">
<link rel="alternate" type="text/html" href="/not-a-feed-type.html">
<link rel="alternate" type="application/rss+xml">
<script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script type="application/ld+json"></script>
<script type="application/ld+json">not json</script>
<script type="application/ld+json">{"@graph": [{"@type": "Person"}, {"@type": ["WebPage", "X"]}]}</script>
</head><body><a href="/before-base">A</a><article><a href="story">S</a><area href="/map"></article>
<base><base href="https://cdn.example.org/root/"><base href="https://ignored.example.org/">
<article><a>no href</a><a href="story">again</a><a href="mailto:x@example.org">m</a></article>
"""
    + "".join(f'<script type="application/ld+json">{{"@type": "T{i}"}}</script>' for i in range(12))
    + """
</body></html>"""
)


def _links_by_queries(tree: lxml.html.HtmlElement, url: str) -> dict[str, object]:
    """What ``read_links`` read with one XPath query per kind, before its single walk."""
    from newsscraper.extraction.links import _join, _ld_types

    base = url
    declared = tree.xpath("//base/@href")
    if declared:
        base = _join(base, str(declared[0])) or base
    links: list[str] = []
    for el in tree.iter("a", "area"):
        href = el.get("href")
        if href is not None and (absolute := _join(base, href)) and absolute not in links:
            links.append(absolute)
    feeds: list[str] = []
    for href in tree.xpath(
        '//link[contains(concat(" ", normalize-space(@rel), " "), " alternate ")]'
        '[contains(@type, "rss") or contains(@type, "atom")]/@href'
    ):
        if (absolute := _join(base, str(href))) and absolute not in feeds:
            feeds.append(absolute)
    og_type = tree.xpath('//meta[@property="og:type"]/@content')
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    types: set[str] = set()
    for script in tree.xpath('//script[@type="application/ld+json"]/text()')[:10]:
        with contextlib.suppress(ValueError):
            types.update(_ld_types(json.loads(str(script))))
    return {
        "links": links,
        "feeds": feeds,
        "og_type": str(og_type[0]).strip().lower() or None if og_type else None,
        "canonical": _join(url, str(canonical[0])) if canonical else None,
        "ld_types": sorted(types),
        "articles": len(tree.xpath("//article")),
    }


def test_one_walk_reads_the_links_the_queries_read() -> None:
    from newsscraper.extraction.links import read_links

    tree = lxml.html.document_fromstring(_LINKS_PAGE)
    found = read_links(tree, "https://example.org/x/page.html")
    expected = _links_by_queries(tree, "https://example.org/x/page.html")
    assert {k: getattr(found, k) for k in expected} == expected
    assert found.links[0] == "https://cdn.example.org/before-base"  # a <base> anywhere counts
    assert found.feeds == ["https://cdn.example.org/feed.xml", "https://cdn.example.org/atom.xml"]
    assert (found.og_type, found.canonical, found.articles) == ("article", "https://example.org/canonical", 2)
    # the first ten texts of JSON-LD scripts (an empty script has none): three, then T0-T6
    assert found.ld_types == ["NewsArticle", "Person", *(f"T{i}" for i in range(7)), "WebPage", "X"]


def test_crawl_links_asks_the_site_policy_once_per_origin() -> None:
    from newsscraper.crawl.reader import crawl_links

    asked: list[str] = []

    def onsite(url: str) -> bool:  # judges the origin, as the offsite policy does
        asked.append(url)
        return url.lower().startswith("https://example.org")

    links = [f"https://example.org/{i}" for i in range(5)] + [
        f"https://ads.example.net/{i}" for i in range(5)
    ]
    links += ["https://example.org:8443/a", "ftp://example.org/f", "https://EXAMPLE.org/caps"]
    kept, refused, offsite = crawl_links(links, 100, onsite)
    assert asked == ["https://example.org/0", "https://ads.example.net/0", "https://example.org:8443/a"]
    assert (len(kept), refused, offsite) == (7, 0, 5)


def test_parted_text_collapses_as_the_whitespace_regex_did() -> None:
    from newsscraper.extraction.metadata import dom

    def by_regex(el: lxml.html.HtmlElement, limit: int) -> str:
        parts: list[str] = [el.text or ""]
        dom._parted(el, 0, parts, [limit * 2])
        out = dom._PARTS.sub(" | ", re.sub(r"\s+", " ", "".join(parts)))
        return out.strip(" |")[:limit]

    rng = random.Random(13)
    pieces = [" ", "\n", "\xa0", "|", " | ", "a", "By", "\u2003", "Jane Doe", "\t", ""]
    for _ in range(3_000):
        tags = rng.choices(["span", "b", "div"], k=rng.randint(0, 4))
        spans = "".join(f"<{t}>{rng.choice(pieces)}</{t}>{rng.choice(pieces)}" for t in tags)
        el = lxml.html.fragment_fromstring(f"<div>{rng.choice(pieces)}{spans}</div>")
        for limit in (4, 2_000):
            assert dom.parted_text(el, limit) == by_regex(el, limit), lxml.html.tostring(el)


def test_texts_backwards_reads_the_subtree_query_backwards() -> None:
    from newsscraper.extraction.metadata import dates

    page = (
        "<html><body><header><p>Kicker <b>bold</b> tail\xa0</p>\n<script>var x</script> after script"
        "<!-- note --> after comment <nav><ul><li>Home</li><li> </li><li>\t\n</li></ul></nav>"
        "<time datetime='2024-05-05'>5 May 2024</time> by <a>Jane</a>\u2003</header>"
        "<h1>Title</h1></body></html>"
    )
    for parser in (lxml.html.HTMLParser(), lxml.html.HTMLParser(remove_comments=True)):
        tree = lxml.html.document_fromstring(page, parser=parser)
        for el in tree.iter(etree.Element):
            expected = list(reversed(list(dates._texts(dates._SUBTREE_TEXT(el)))))
            assert list(dates._texts_backwards(el)) == expected, el.tag


def test_score_tree_verdict_memo_scores_as_the_uncached_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    """``score_tree`` shares each element's class verdict with ``_sibling_groups``: the scores and
    flags are those of a pass that judges every sibling again."""
    from newsscraper.extraction import body_score

    prose = "The council met on the bridge and talked about the road for a long while. " * 4
    post = "<div class='{c}'><p>{t}</p><p><a href='/u'>Jo</a> wrote it.</p></div>"
    replies = "".join(post.format(c="forum-post forum-post-reply", t=prose) for _ in range(3))
    page = (
        "<html><body><nav class='menu'><a href='/'>Home</a> <a href='/a'>About</a></nav><main>"
        + post.format(c="forum-post forum-post-original", t=prose)
        + replies
        + "<div class='sidebar widget'><ul><li><a href='/x'>Other news</a></li></ul></div></main>"
        + "<section class='thread'>"
        + replies
        + "</section></body></html>"
    )

    def scored() -> list[tuple[str, str | None, float, bool, int]]:
        root = lxml.html.document_fromstring(page).find("body")
        assert root is not None
        stats = body_score.score_tree(root).stats
        return [(el.tag, el.get("class"), st.worth, st.flagged, st.total) for el, st in stats.items()]

    cached = scored()
    uncached_groups = body_score._sibling_groups

    def without_memo(parent, wrapper="", verdicts=None):  # type: ignore[no-untyped-def]
        return uncached_groups(parent, wrapper)

    monkeypatch.setattr(body_score, "_sibling_groups", without_memo)
    assert scored() == cached
    # the replies beside the first post are read as its thread's content, the others stay flagged
    flags = [flagged for _, cls, _, flagged, _ in cached if cls == "forum-post forum-post-reply"]
    assert flags.count(False) == 3 and flags.count(True) == 3


def test_repeats_content_groups_only_parents_where_the_tag_repeats() -> None:
    """``_repeats_content`` groups a parent's children only when it holds three of ``el``'s tag
    (two named boilerplate and one not, at least): on every boilerplate-named element of a page of
    posts, replies, lone widgets and wrapped replies, it says what grouping every parent says."""
    from newsscraper.extraction import body_score

    def ungated(el: etree._Element, parent: etree._Element) -> bool:
        words = (el.get("class") or "").split()
        if not words:
            return False
        found = body_score._sibling_groups(parent)
        count, _ = found.get((el.tag, " ".join(words)), (0, False))
        _, plain = found.get((el.tag, "\0" + words[0]), (0, False))
        if count >= body_score.REPEATED_ITEMS and plain:
            return True
        outer = parent.getparent()
        if outer is None or len(parent) != 1 or not body_score._thread_reply(el):
            return False
        found = body_score._sibling_groups(outer, parent.tag)
        count, _ = found.get((el.tag, " ".join(words)), (0, False))
        _, plain = found.get((el.tag, "\0" + words[0]), (0, False))
        return count >= body_score.REPEATED_ITEMS and plain

    post = "<div class='{c}'><p>Words of a post.</p></div>"
    wrapped = "<div class='wrap'>" + post + "</div>"
    page = (
        "<html><body><main>"
        + post.format(c="forum-post forum-post-original")
        + post.format(c="forum-post forum-post-reply") * 2
        + "</main><section>"
        + post.format(c="forum-post forum-post-original")
        + post.format(c="forum-post forum-post-reply")
        + "<span class='forum-post share'>x</span></section><aside>"
        + post.format(c="sidebar widget")
        + "<p class='sidebar'>A note.</p><div class='related'><ul class='related'><li>a</li></ul></div>"
        + "</aside><article>"
        + wrapped.format(c="post")
        + wrapped.format(c="post comment reply")
        + wrapped.format(c="post comment reply")
        + "</article></body></html>"
    )
    root = lxml.html.document_fromstring(page)
    asked = 0
    for el in root.iter(etree.Element):
        parent = el.getparent()
        if parent is None or body_score._verdict(el, el.tag) != body_score._BOILERPLATE:
            continue
        asked += 1
        assert body_score._repeats_content(el, parent, {}) == ungated(el, parent), el.get("class")
    assert asked >= 8


def test_class_verdict_gates_agree_with_the_searches() -> None:
    """The navigation and icon searches of ``_class_verdict``, run only on strings holding one of
    their words, and ``drop_state_modifiers``'s hexadecimal gate judge as the ungated code."""
    from newsscraper.extraction import body_score, xpaths

    def drop_ungated(words: str) -> str:
        if "-" in words and xpaths._STATE_START.search(words):
            words = xpaths._STATE_MODIFIER.sub(" ", words)
        if xpaths._DIGIT.search(words):
            words = xpaths._GENERATED.sub(" ", words)
        return words

    def verdict_ungated(words: str) -> int:
        lowered = drop_ungated(words.lower())
        if xpaths.names_content(lowered):
            return body_score._CONTENT
        if not xpaths.BOILERPLATE_CLASS.search(lowered):
            return body_score._NEUTRAL
        nav, icon = body_score._NAV_WORDS, body_score._ICON_WORDS
        if nav.search(lowered) and not xpaths.BOILERPLATE_CLASS.search(nav.sub(" ", lowered)):
            return body_score._NAVIGATION
        if icon.search(lowered) and not xpaths.BOILERPLATE_CLASS.search(icon.sub(" ", lowered)):
            return body_score._ICON
        return body_score._BOILERPLATE

    rng = random.Random(13)
    pieces = [*_pieces_of(body_score._NAV_WORDS), *_pieces_of(body_score._ICON_WORDS)]
    pieces += [*_pieces_of(xpaths.BOILERPLATE_CLASS)[:60], "has-", "is-", "0", "7f", "a1b2c3", "e9", " ", "-"]
    texts = ["nav-menu share", "fa fa-twitter", "topbar", "btn-3fa9c2e1 icon", "main-nav", "article-body"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 6))) for _ in range(30_000)]
    kinds = set()
    for text in texts:
        low = text.lower()
        assert xpaths.drop_state_modifiers(low) == drop_ungated(low), text
        found = body_score._class_verdict.__wrapped__(text)
        assert found == verdict_ungated(text), text
        kinds.add(found)
    assert kinds == {0, 1, 2, 3, 4}


def test_promo_words_grouped_by_first_letter_match_as_the_plain_alternation() -> None:
    """``PROMO_ANYWHERE`` groups ``_PROMO_ANYWHERE_WORDS`` by first letter (``by_first_letter``):
    same matches, same spans as the words joined as they are listed."""
    from newsscraper.extraction import xpaths

    old = re.compile(r"\b(?:" + "|".join(xpaths._PROMO_ANYWHERE_WORDS) + r")")
    rng = random.Random(13)
    pieces = [w for w in _pieces_of(xpaths.PROMO_ANYWHERE) if w == w.lower()] + [" ", "x", "our", "a "]
    texts = ["join our free newsletter", "we earn a small commission", "kommentare werden moderiert"]
    texts += ["".join(rng.choices(pieces, k=rng.randint(1, 8))) for _ in range(30_000)]
    hits = 0
    for text in texts:
        a, b = old.search(text), xpaths.PROMO_ANYWHERE.search(text)
        assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), text
        hits += a is not None
    assert hits > 1000


def test_markdown_escape_substring_tests_agree_with_the_class_search() -> None:
    from newsscraper.extraction import body_render

    special = re.compile(r"[\\`*_\[\]<>|]")
    table = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})
    rng = random.Random(17)
    alphabet = "ab \\`*_[]<>|#é’中\n"
    texts = ["", "plain", "a_b", "x | y", "[link]"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 8))) for _ in range(5_000)]
    for text in texts:
        for pipes in (False, True):
            reference = text if not special.search(text) else text.translate(table)
            reference = reference.replace("|", "\\|") if pipes and special.search(text) else reference
            assert body_render._md_escape(text, pipes) == reference, repr(text)


def test_byline_cut_with_grouped_names_matches_as_the_flat_alternation() -> None:
    from newsscraper.extraction.metadata.dates import _MONTH_ALT, _WEEKDAY_ALT

    grouped = authors._CUT
    flat = re.compile(
        grouped.pattern.replace(authors._MONTHS, _MONTH_ALT).replace(authors._WEEKDAYS, _WEEKDAY_ALT),
        grouped.flags,
    )
    assert flat.pattern != grouped.pattern
    names = [*_MONTH_ALT.split("|"), *_WEEKDAY_ALT.split("|")]
    rng = random.Random(19)
    pieces = [" ", ", ", ". ", " | ", "3", "12", "2024", "By", "Jane", "Updated", "年", "İ", "ſ"]
    texts = ["Sat, 20 Dec, 2025", "Dec 17, 2025 | Julian Arni", "By Jane Doe", "MARCH 3", "3. März"]
    for _ in range(20_000):
        words = rng.choices(names, k=rng.randint(1, 3)) + rng.choices(pieces, k=rng.randint(1, 4))
        rng.shuffle(words)
        cased = (w.upper() if rng.random() < 0.2 else w.title() if rng.random() < 0.3 else w for w in words)
        text = " ".join(cased)
        texts.append(text)
        texts.append(text[rng.randint(0, len(text)) :])
    for text in texts:
        a, b = flat.search(text), grouped.search(text)
        assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), text


def test_normalise_of_ascii_deletes_what_the_substitution_removes() -> None:
    from newsscraper.extraction import body_score

    rng = random.Random(23)
    alphabet = [chr(c) for c in range(128)] + ["é", "\u212a", "\u0130", "’", "中", "_"]
    texts = ["", "Hello, World!", "snake_case-id 42", "\x00\x7f", "\u212aelvin"]
    texts += ["".join(rng.choices(alphabet[:128], k=rng.randint(1, 40))) for _ in range(5_000)]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(5_000)]
    for text in texts:
        assert body_score.normalise(text) == re.sub(r"[\W_]+", "", text.lower()), repr(text)


def test_reads_as_prose_agrees_with_counting_every_sentence_end() -> None:
    from newsscraper.extraction import cleaning

    rng = random.Random(29)
    alphabet = ["word", " ", "\n", ".", "!", "?", "。", "？", "\xa0", "3.5", "e.g.", "a. ", "x"]
    texts = ["", ".", "a. b", "menu item", "One. Two! Three?"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 400))) for _ in range(3_000)]
    for text in texts:
        ends = len(re.findall(r"[.!?。！？](?=\s|$)", text))
        assert cleaning._reads_as_prose(text) is (ends * 1000 >= cleaning.LANDMARK_SENTENCES * len(text))


def test_bracket_tail_gate_agrees_with_the_search() -> None:
    from newsscraper.extraction.metadata import title

    rng = random.Random(31)
    alphabet = ["Title", " ", "(", ")", "[", "]", "Site", "\n", "\xa0", "\u2003", "x" * 30, "-"]
    texts = ["", "Title [Site]", "Title (Site) ", "Title (Site)\n", "(x)", "Title"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(20_000)]
    for text in texts:
        a, b = title._BRACKET_TAIL.search(text), title._bracket_tail(text)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), repr(text)


def _random_page(rng: random.Random, parts: list[str], depth: int = 0) -> str:
    """A random nest of ``parts`` (HTML fragments holding ``{}`` for their children)."""
    if depth > 3:
        return "Some words here."
    return "".join(
        rng.choice(parts).format(
            _random_page(rng, parts, depth + 1) if rng.random() < 0.6 else "x. " * rng.randint(1, 80)
        )
        for _ in range(rng.randint(1, 4))
    )


def test_heading_hiding_memo_judges_as_one_walk_per_heading() -> None:
    """``dom.headings`` remembers each ancestor's own hiding verdict across a page's headings:
    every heading is judged as with a fresh memo."""
    from newsscraper.extraction.metadata import dom

    rng = random.Random(41)
    parts = [
        "<div class='sr-only'>{}</div>",
        "<div class='hidden md:block'>{}</div>",
        "<div style='display:none'>{}</div>",
        "<div aria-hidden='true'>{}</div>",
        "<section hidden>{}</section>",
        "<div class='wrap'>{}</div>",
        "<h1>{}</h1>",
        "<h2>{}</h2>",
        "<div>{}</div>",
    ]
    for _ in range(200):
        root = lxml.html.document_fromstring(f"<html><body>{_random_page(rng, parts)}</body></html>")
        shared: dict = {}
        for el in root.iter("h1", "h2"):
            assert dom._is_hidden(el, shared) is dom._is_hidden(el, {})


def test_repeated_prose_item_needs_its_tag_repeated_before_shapes_are_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_repeated_prose_item`` counts a parent's shapes only when ``REPEATED_SHAPE`` of its
    children have ``el``'s tag: it answers as when it counts them every time."""
    from newsscraper.extraction import body_score

    rng = random.Random(47)
    parts = [
        "<div class='tile promo'><h3>Title</h3><p>{}</p></div>",
        "<div class='tile promo'><h3>Title</h3><p>{}</p><p>more</p></div>",
        "<div class='sidebar'><p>{}</p></div>",
        "<section class='related'><p>{}</p></section>",
        "<p class='promo'>{}</p>",
        "<div>{}</div>",
        "<span>{}</span>",
    ]
    pages = [f"<html><body><main>{_random_page(rng, parts)}</main></body></html>" for _ in range(150)]

    def answers() -> list[bool]:
        found = []
        for page in pages:
            root = lxml.html.document_fromstring(page)
            groups: dict = {}
            for el in root.iter(etree.Element):
                parent = el.getparent()
                if parent is not None:
                    text = len(el.text_content())
                    links = body_score._link_chars(el)
                    found.append(body_score._repeated_prose_item(el, parent, text, links, groups))
        return found

    gated = answers()
    monkeypatch.setattr(body_score, "islice", lambda items, *args: iter([True]))
    assert answers() == gated
    assert any(gated) and not all(gated)


def test_scan_keeps_the_author_links_the_two_test_query_found() -> None:
    from newsscraper.extraction.metadata import dom

    two_tests = etree.XPath("//a/@href[contains(.,'/author/') or contains(.,'/authors/')]")
    page = lxml.html.document_fromstring(
        "<html><body><a href='/author/jane'>Jane</a><a href='/authorization'>Log in</a>"
        "<a href='https://x.org/authors/sam-lee/'>Sam</a><a href='/about/author'>About</a>"
        "<a href='/AUTHOR/x'>X</a><a href='/news/1'>News</a><div href='/author/div'>d</div>"
        "<a href='/authors'>All</a><a href='/blog/author/ann?p=2'>Ann</a></body></html>"
    )
    links = [el for tier, el in dom.scan(page).bylines if tier == 2]
    assert links == [attr.getparent() for attr in two_tests(page)]
    assert [el.text for el in links] == ["Jane", "Sam", "Ann"]
