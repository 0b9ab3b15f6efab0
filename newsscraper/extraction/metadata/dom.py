"""Metadata written in the page itself: bylines, ``<time>``, microdata, standfirsts, breadcrumbs.

One XPath pass over attributes finds every candidate (``class``/``id`` fragments, ``itemprop``,
``rel=author``, ``<time datetime>``); it runs only when meta tags and JSON-LD leave a field empty.
Candidates inside widgets about *other* content (related articles, comments, sidebars, footers,
navigation, teasers) are skipped, so a date or a name from a "More stories" box never becomes the
article's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.datetimes import normalize_date

MAX_CANDIDATES = 8
"""Candidates examined per kind: the real byline/date is among the first few in page order."""
MAX_BYLINE_CHARS = 250
"""Longer byline elements are author bio boxes or whole headers, not bylines."""
MAX_ANCESTORS = 30
"""How far up an element's ancestors are checked for "unrelated widget" markers."""
MAX_PARAGRAPHS = 30
"""Paragraphs examined for an opening one; past 30 the page has no body worth summarising."""
MIN_LEAD_CHARS, MIN_LEAD_WORDS = 20, 4
"""The shortest opening paragraphs of real articles are one short sentence (~4 words)."""
MIN_LEAD_WORDS_UNPUNCTUATED = 10
"""Under this many words a paragraph must end like a sentence: shorter unpunctuated lines are
labels, captions and headings (checked on the snippet pages without meta descriptions)."""
MAX_LEAD_CHARS = 1_000
"""A description is cut here: it is a summary, not the article."""

# A fragment must start a word ("vcard" is a byline microformat, "story-card" a teaser).
_UNRELATED = re.compile(
    r"(?<![a-z])(?:comment|related|recommend|sidebar|widget|footer|teaser|promo|more-?stories"
    r"|trending|popular|most-?read|newsletter|outbrain|taboola|rail|carousel|card|listing|archive"
    r"|nav|menu|share|social|signup|subscribe|cookie|breaking|ticker|latest|read-?next|up-?next)",
    re.I,
)
_UNRELATED_TAGS = frozenset({"footer", "aside", "nav", "form", "noscript", "template"})
_LEAD_CLASS = re.compile(
    r"standfirst|lede|article-?_*lead|sub-?headline|(?<![\w-])(?:dek|lead|intro)(?![\w-])", re.I
)
# Paragraph classes that are page furniture, not the opening of the article.
_NOT_LEAD = re.compile(r"byline|author|date|time|meta|caption|credit|share|tags?\b|kicker", re.I)
_CRUMB_MARKS = re.compile(r"\s[»›>]\s|you are here|sie sind hier|vous êtes ici", re.I)
_DATE_PROPS = {"datePublished": "published", "dateCreated": "published", "dateModified": "modified"}

# One pass per attribute kind (attribute tests run in C; the hits are few). ``contains()`` on
# stems without their first letter matches "Byline" and "byline" alike. Each extra
# ``contains()`` costs ~0.2 ms on a large page, so the list is short and leads have their own
# query, run only for pages that declare no description.
CANDIDATES = etree.XPath(
    "//@class[contains(.,'yline') or contains(.,'uthor') or contains(.,'readcrumb')]"
    " | //@itemprop[.='author' or .='creator' or .='datePublished' or .='dateModified'"
    " or .='dateCreated' or .='headline']"
    " | //@rel[.='author'] | //time/@datetime"
)
LEADS = etree.XPath(
    "//@class[contains(.,'tandfirst') or contains(.,'lede') or contains(.,'dek')"
    " or contains(.,'lead') or contains(.,'intro')]"
    " | //@itemprop[.='description' or .='abstract']"
)
# Breadcrumb trails carry a "breadcrumb(s)" class (microdata ``BreadcrumbList`` ones too, in
# practice): one attribute pass, half the cost of also scanning ``itemtype``.
BREADCRUMBS = etree.XPath("//@class[contains(.,'readcrumb')]")
ARTICLE_SCOPE = etree.XPath("//*[@itemprop='articleBody'] | //article | //main | //*[@role='main']")
# Paragraphs: <p>, and <div>s holding text themselves but no blocks (older CMSes write
# paragraphs as bare <div>s, as browsers' reader modes also assume).
PARAGRAPHS = etree.XPath(
    ".//*[self::p or (self::div and normalize-space(text()) != ''"
    " and not(p or div or ul or ol or table or section or article or blockquote or figure"
    " or h1 or h2 or h3 or h4))]"
    "[not(ancestor::figure or ancestor::figcaption or ancestor::blockquote"
    " or ancestor::header or ancestor::footer or ancestor::aside or ancestor::nav)]"
)
_TEXT = etree.XPath(".//text()[not(parent::script or parent::style or parent::noscript)]")
_SPACE = re.compile(r"\s+")


def text(el: HtmlElement, limit: int = 2_000) -> str:
    """The element's text (scripts and styles left out), whitespace collapsed, cut at ``limit``."""
    if el.find(".//script") is not None or el.find(".//style") is not None:
        raw = "".join(_TEXT(el))
    else:
        raw = el.text_content()
    return _SPACE.sub(" ", raw[: limit * 2]).strip()[:limit]


def is_unrelated(el: HtmlElement) -> bool:
    """True when ``el`` sits in a widget about other content (related list, comments, footer...)."""
    node: HtmlElement | None = el
    for _ in range(MAX_ANCESTORS):
        if node is None:
            return False
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in {"article", "main", "body"}:
            # The article container ends the walk: widgets above it hold the whole page.
            return False
        if tag in _UNRELATED_TAGS:
            return True
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if marker.strip() and _UNRELATED.search(marker):
            return True
        node = node.getparent()
    return False


MAX_HEAD_ELEMENTS = 2_000
"""``<meta>``/``<link>``/``<script>`` elements read per page; real pages carry a few hundred."""


@dataclass(slots=True)
class Head:
    """The elements that carry page-level metadata, gathered in one C-level walk."""

    metas: list[HtmlElement] = field(default_factory=list)
    links: list[HtmlElement] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    base: str | None = None
    title: str = ""
    h1s: list[HtmlElement] = field(default_factory=list)


def head(tree: HtmlElement) -> Head:
    """Collect ``<meta content>``, ``<link rel href>``, JSON-LD scripts, ``<base>``, ``<title>``
    and the first ``<h1>`` elements (``iter`` with tag names runs in C: ~10x cheaper than one
    XPath per kind)."""
    found = Head()
    seen_title = False
    for count, el in enumerate(tree.iter("meta", "link", "script", "base", "title", "h1")):
        if count >= MAX_HEAD_ELEMENTS:
            break
        tag = el.tag
        if tag == "meta":
            if el.get("content") is not None:
                found.metas.append(el)
        elif tag == "script":
            if "ld+json" in (el.get("type") or "").lower() and el.text:
                found.jsonld.append(el.text)
        elif tag == "link":
            if el.get("rel") and el.get("href"):
                found.links.append(el)
        elif tag == "h1":
            if len(found.h1s) < 3:
                found.h1s.append(el)
        elif tag == "title":
            if not seen_title:
                seen_title = True
                found.title = " ".join(el.text_content().split())
        elif found.base is None and el.get("href"):
            found.base = el.get("href")
    return found


@dataclass(slots=True)
class Markup:
    """Candidate elements of one page, by kind, in page order (filled by :func:`scan`)."""

    bylines: list[tuple[int, HtmlElement]] = field(default_factory=list)
    times: list[tuple[str, HtmlElement]] = field(default_factory=list)
    headlines: list[HtmlElement] = field(default_factory=list)
    breadcrumbs: list[HtmlElement] = field(default_factory=list)


def scan(tree: HtmlElement) -> Markup:
    """Sort the page's candidate elements by kind, in one XPath pass."""
    found = Markup()
    for attr in CANDIDATES(tree):
        el = attr.getparent()
        if el is None or not isinstance(el.tag, str) or el.tag in {"meta", "link", "script", "body", "html"}:
            if el is not None and el.tag == "meta" and attr.attrname == "itemprop":
                pass  # <meta itemprop="datePublished" content=...> is microdata: keep it
            else:
                continue
        name, value = attr.attrname, str(attr)
        if name == "itemprop":
            if value in {"author", "creator"}:
                found.bylines.append((0, el))
            elif value in _DATE_PROPS:
                found.times.append((_DATE_PROPS[value], el))
            else:
                found.headlines.append(el)
        elif name == "rel":
            found.bylines.append((0, el))
        elif name == "datetime":
            found.times.append(("time", el))
        else:
            low = value.lower()
            if "byline" in low:
                found.bylines.append((0, el))
            elif "author" in low or "writer" in low:
                found.bylines.append((1, el))
            if "breadcrumb" in low:
                found.breadcrumbs.append(el)
    return found


def bylines(markup: Markup, *, explicit_only: bool = False) -> Iterator[tuple[HtmlElement, str]]:
    """Candidate byline elements, explicit markup first, then page order; widgets skipped."""
    seen = 0
    done: set[HtmlElement] = set()
    for tier, el in sorted(markup.bylines[: MAX_CANDIDATES * 4], key=lambda c: c[0]):
        if seen >= MAX_CANDIDATES or (explicit_only and tier > 0):
            return
        if el in done or is_unrelated(el):
            continue
        done.add(el)
        content = text(el, MAX_BYLINE_CHARS + 1)
        if not content or len(content) > MAX_BYLINE_CHARS:
            continue
        seen += 1
        yield el, content


def time_values(markup: Markup) -> Iterator[tuple[str, str]]:
    """``(kind, raw value)`` of machine-readable dates; kind is ``published``, ``modified`` (from
    ``itemprop``) or ``time`` (a bare ``<time datetime>``)."""
    seen = 0
    for kind, el in markup.times:
        if seen >= MAX_CANDIDATES:
            return
        if is_unrelated(el):
            continue
        raw = el.get("datetime") or el.get("content") or text(el, 100)
        if raw:
            seen += 1
            yield kind, raw


def lead(tree: HtmlElement) -> str | None:
    """The standfirst / lead paragraph when the page marks one."""
    for attr in LEADS(tree)[: MAX_CANDIDATES * 2]:
        el = attr.getparent()
        if el is None or el.tag not in {"p", "div", "h2", "span", "section"}:
            continue
        if attr.attrname == "class" and not _LEAD_CLASS.search(str(attr)):
            continue
        if is_unrelated(el):
            continue
        content = text(el, MAX_LEAD_CHARS)
        if 30 <= len(content) < MAX_LEAD_CHARS:
            return content
    return None


def _is_sentence(content: str) -> bool:
    """Prose, not a label: a long run of words, or a short one that ends like a sentence, and
    no breadcrumb trail or bare date line."""
    words = len(content.split())
    if len(content) < MIN_LEAD_CHARS or words < MIN_LEAD_WORDS:
        return False
    if words < MIN_LEAD_WORDS_UNPUNCTUATED and content[-1] not in '.!?…。！？"”':
        return False
    if _CRUMB_MARKS.search(content):
        return False
    return not (len(content) < 60 and normalize_date(content))


def first_paragraph(tree: HtmlElement) -> str | None:
    """The article's opening paragraph, for pages that publish no summary at all.

    Looked for in the article container (``itemprop=articleBody``, ``<article>``, ``<main>``),
    else in the whole page; paragraphs in widgets, figures and quotes are skipped.
    """
    for scope in ARTICLE_SCOPE(tree)[:1] or [tree]:
        for p in PARAGRAPHS(scope)[:MAX_PARAGRAPHS]:
            if _NOT_LEAD.search(p.get("class", "")) or is_unrelated(p):
                continue
            if p.find(".//time") is not None or p.find(".//a[@rel='author']") is not None:
                continue  # a byline or dateline paragraph
            content = text(p, MAX_LEAD_CHARS)
            if _is_sentence(content):
                return content
    return None


def breadcrumb_trails(tree: HtmlElement) -> list[HtmlElement]:
    """Elements whose class names a breadcrumb trail (for pages not scanned already)."""
    return [attr.getparent() for attr in BREADCRUMBS(tree)[:3]]


def breadcrumb_links(trails: list[HtmlElement]) -> list[tuple[str, str | None]]:
    """``(label, href)`` of the links of the first breadcrumb trail that has two or more."""
    for trail in trails[:3]:
        if trail is None or trail.tag in {"body", "html"}:
            continue
        out: list[tuple[str, str | None]] = []
        for a in trail.iter("a"):
            label = text(a, 100)
            if label and (not out or out[-1][0] != label) and len(out) < 12:
                out.append((label, a.get("href")))
        if len(out) >= 2:
            return out
    return []
