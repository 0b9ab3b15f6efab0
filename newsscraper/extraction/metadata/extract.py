"""``extract_metadata``: read what the page says about its article, without touching the tree.

Sources, strongest first, field by field: the JSON-LD article node (``NewsArticle``...), meta
tags (OpenGraph, Dublin Core, Twitter, Parse.ly, plain ``name=``), then the page itself (bylines,
``<time>``, microdata, standfirst, breadcrumb markup). Each field takes the first source that
gives a usable value, except the headline, where the visible heading that agrees with a title
source wins (``title.choose_headline``); text values are cleaned (site parts off headlines, "By"
off names). ``PageMetadata.sources`` says which source gave the headline and the authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import chain
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction.metadata import dom
from newsscraper.extraction.metadata.authors import is_credit_line, may_name_agency
from newsscraper.extraction.metadata.credits import URLISH, Credits
from newsscraper.extraction.metadata.dates import decide_dates, headline_anchors
from newsscraper.extraction.metadata.jsonld import (
    Node,
    index_by_id,
    iter_values,
    local_type,
    read_jsonld,
    resolve,
    text_of,
)
from newsscraper.extraction.metadata.language import normalize_language
from newsscraper.extraction.metadata.metatags import MetaTags
from newsscraper.extraction.metadata.model import Declarations, PageMetadata
from newsscraper.extraction.metadata.title import choose_headline, norm, site_keys
from newsscraper.extraction.metadata.urls import absolute, base_url, canonical_url, host_of, url_key
from newsscraper.items import Author, Breadcrumb, Image
from newsscraper.pagetypes import PAGE_TYPES, WORK_TYPES

MAX_KEYWORDS = 50
"""Keyword lists beyond this are SEO stuffing, not tags."""

# Meta keys per field, strongest first (lower-cased; Dublin Core in both spellings).
TITLE_KEYS = ("dc:title", "dc.title", "dcterms:title", "dcterms.title", "og:title",
              "twitter:title", "parsely-title", "title", "sailthru.title")  # fmt: skip
DESCRIPTION_KEYS = ("dc:description", "dc.description", "dcterms:description",
                    "dcterms.description", "dcterms.abstract", "og:description", "description",
                    "twitter:description", "sailthru.description")  # fmt: skip
AUTHOR_KEYS = ("dc:creator", "dc.creator", "dcterms:creator", "dcterms.creator", "author",
               "article:author", "og:article:author", "article:author_name", "parsely-author",
               "sailthru.author", "byl", "citation_author", "cxenseparse:author",
               "twitter:creator:name")  # fmt: skip
LANGUAGE_KEYS = ("content-language", "dc.language", "dc:language", "dcterms.language",
                 "language", "og:locale", "inlanguage")  # fmt: skip
IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
              "twitter:image:src", "thumbnail", "image")  # fmt: skip
KEYWORD_KEYS = ("keywords", "news_keywords", "article:tag", "og:article:tag", "parsely-tags",
                "sailthru.tags")  # fmt: skip
SECTION_KEYS = ("article:section", "og:article:section", "section", "parsely-section",
                "cxenseparse:recs:category")  # fmt: skip
SITE_KEYS = ("og:site_name",)

# Author names that are organisations: used only when no person is credited.
_ALNUM = re.compile(r"[^\W_]")
# Fields that make a JSON-LD node more likely to be the page's article (one point each).
_SCORE_FIELDS = ("headline", "datePublished", "author", "articleBody")


def extract_metadata(
    tree: HtmlElement, url: str | None, headers: Mapping[str, str] | None = None
) -> PageMetadata:
    """Read metadata from ``tree`` without modifying it."""
    elements = dom.head(tree)
    meta = MetaTags(elements.metas)
    declarations = Declarations() if elements.complete else None
    nodes = read_jsonld(elements.jsonld, declarations.parsed if declarations else None)
    ids = index_by_id(nodes)
    base = base_url(elements.base, url)
    canonical = canonical_url(elements.links, meta, base)
    article = _article_node(nodes, {url_key(u) for u in (canonical, url) if u})
    markup = _LazyMarkup(tree)
    page = PageMetadata()
    if declarations is not None:
        declarations.scripts = list(zip(elements.jsonld_types, elements.jsonld, strict=True))
        metas = elements.metas
        declarations.og_types = [str(el.get("content")) for el in metas if el.get("property") == "og:type"]
        page.declarations = declarations
    page.canonicalUrl = canonical
    page.siteName = _site_name(article, nodes, ids, meta)
    page.headline, headline_source, heading = _headline(
        elements, markup, article, meta, page.siteName, page.canonicalUrl or url
    )
    if headline_source:
        page.sources["headline"] = headline_source
    if heading is None and page.headline:
        heading = _element_showing(tree, page.headline)
    page.authors, page.agencies, authors_source = _authors(
        markup, article, ids, meta, base, page.siteName, page.canonicalUrl or url, heading
    )
    if authors_source:
        page.sources["authors"] = authors_source
    _dates(page, markup, article, meta, elements.headings, page.canonicalUrl or url, heading)
    page.inLanguage = _language(tree, article, meta, headers)
    page.description = _description(tree, markup, article, meta)
    page.mainImage = _image(elements.links, article, ids, meta, base)
    page.keywords = _keywords(article, meta)
    page.section = text_of(article.get("articleSection")) if article else None
    page.section = page.section or meta.get(*SECTION_KEYS)
    page.breadcrumbs = _breadcrumbs(markup, nodes, base)
    page.page_type = _page_type(article, meta)
    if declarations is not None:
        declarations.itemtypes = markup.itemtypes()
    return page


class _LazyMarkup:
    """The page's in-markup candidates, scanned on first use: most news pages never need them."""

    __slots__ = ("_found", "_itemtypes", "tree")

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self._found: dom.Markup | None = None
        self._itemtypes: list[str] | None = None

    def get(self) -> dom.Markup:
        if self._found is None:
            self._found = dom.scan(self.tree)
            self._itemtypes = self._found.itemtypes
        return self._found

    def breadcrumb_trails(self) -> list[HtmlElement]:
        """From the scan when it ran, else from a narrower query (one pass either way)."""
        if self._found is not None:
            return self._found.breadcrumbs
        trails, self._itemtypes = dom.breadcrumb_trails(self.tree)
        return trails

    def itemtypes(self) -> list[str]:
        """The page's microdata ``itemtype`` values, from a query that ran already when one did."""
        if self._itemtypes is None:
            self._itemtypes = [str(v) for v in dom.ITEMTYPES(self.tree)]
        return self._itemtypes


def _article_node(nodes: list[Node], urls: set[str]) -> Node | None:
    """The JSON-LD node describing this page's article; ties go to the first in the page."""
    best: Node | None = None
    best_score = -1
    for node in nodes:
        types = local_type(node)
        if not types & WORK_TYPES:
            continue
        score = sum(1 for f in _SCORE_FIELDS if node.get(f))
        score += 2 if node.get("mainEntityOfPage") else 0
        if urls and _node_urls(node) & urls:
            score += 3  # the node names this very page
        if score > best_score:
            best, best_score = node, score
    if best is None:
        # A WebPage node with a headline / dates stands in for the article (some CMSes do this).
        for node in nodes:
            if local_type(node) & PAGE_TYPES and (node.get("headline") or node.get("datePublished")):
                return node
    return best


def _node_urls(node: Node) -> set[str]:
    found: set[str] = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        for value in iter_values(node.get(key)):
            if isinstance(value, dict):
                value = value.get("@id") or value.get("url")
            if isinstance(value, str):
                found.add(url_key(value))
    return found


def _org_name(value: Any, ids: dict[str, Node]) -> str | None:
    for item in iter_values(value):
        item = resolve(item, ids)
        name = text_of(item.get("name")) if isinstance(item, dict) else text_of(item)
        if name and not URLISH.search(name):
            return name
    return None


def _site_name(article: Node | None, nodes: list[Node], ids: dict[str, Node], meta: MetaTags) -> str | None:
    if article:
        name = _org_name(article.get("publisher") or article.get("sourceOrganization"), ids)
        if name:
            return name
    name = meta.get(*SITE_KEYS)
    if name and not URLISH.search(name):
        return name.lstrip("@")
    for node in nodes:
        if "website" in local_type(node):
            name = text_of(node.get("name"))
            if name:
                return name
    return None


def _headline(
    elements: dom.Head,
    markup: _LazyMarkup,
    article: Node | None,
    meta: MetaTags,
    site_name: str | None,
    url: str | None,
) -> tuple[str | None, str | None, HtmlElement | None]:
    """``(headline, source, heading element)``: see :func:`title.choose_headline`; the sources
    here are JSON-LD ``headline`` (or ``name``), the meta titles and ``<title>``, strongest
    first; the element is the page's heading that gave (or agrees with) the headline."""
    doc_title = elements.title
    sources: list[tuple[str, str]] = []
    if article:
        headline, name = text_of(article.get("headline")), text_of(article.get("name"))
        candidate = headline or name
        if headline and name and headline != name and doc_title:
            # Some CMSes put the SEO title in one and the display headline in the other.
            candidate = max((headline, name), key=lambda t: _overlap(t, doc_title))
        page_titles = [t for t in (doc_title, meta.get("og:title")) if t]
        if candidate and page_titles and not any(_overlap(candidate, t) for t in page_titles):
            candidate = None  # JSON-LD about another work (a video, a related story): not ours
        if candidate:
            sources.append(("jsonld", candidate))
    for key in TITLE_KEYS:
        sources += [(key, t) for t in meta.values.get(key, ())]
    if doc_title:
        sources.append(("title", doc_title))
    headings = [*elements.headings]
    if not headings or not sources:
        # ``itemprop=headline`` outside a heading tag: scanned only when needed.
        headings += [el for el in markup.get().headlines if el.tag not in {"h1", "h2", "meta"}]
    names = [site_name, meta.get("og:site_name")]
    app = meta.get("application-name")
    if app and norm(app) != norm(doc_title):  # some CMSes fill it with the page's title
        names.append(app)
    visible = dom.headings(headings)
    found = choose_headline(sources, visible, site_keys(names, url))
    if not found:
        return None, None, None
    # The heading shown for the headline (bylines are looked for after it).
    best = max(visible, key=lambda h: _overlap(h.text, found[0]), default=None)
    element = best.element if best and _overlap(best.text, found[0]) >= 0.5 else None
    return found[0], found[1], element


_SHOWN_PREFIX_CHARS = 24
# Text nodes holding a given string, outside the document head and scripts (one C-level pass).
_TEXT_HOLDING = etree.XPath(
    "//body//text()[contains(., $part)][not(parent::script or parent::style or parent::title"
    " or parent::noscript or parent::template)]"
)


def _element_showing(tree: HtmlElement, headline: str) -> HtmlElement | None:
    """The first element of the body whose whole text is ``headline`` (a page styling its title
    in a ``<div>`` or ``<p>`` has no ``<h1>``/``<h2>`` for the byline and dateline to be looked
    for after), or ``None``. Text nodes holding the headline's opening are found in one XPath
    pass; their element, or its parent when the headline is split over inline children, must
    show the headline and nothing more."""
    wanted = norm(headline)
    if len(wanted) < 10:
        return None  # a short headline is shown by menus and labels too
    part = " ".join(headline.split())[:_SHOWN_PREFIX_CHARS]
    for node in _TEXT_HOLDING(tree, part=part)[:5]:
        el = node.getparent()
        if getattr(node, "is_tail", False) and el is not None:
            el = el.getparent()
        for candidate in (el, el.getparent() if el is not None else None):
            if candidate is not None and norm(dom.text(candidate, len(headline) * 2 + 20)) == wanted:
                return candidate
    return None


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=16)
def _word_set(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` (cached: the headline found is compared with every
    heading, and each heading with every title). 16 entries keep 719 of the 739 hits 256 had on
    a warm aeb pass; 256 raised ``bench.speed``'s peak memory by 0.3 MB (5.24 -> 5.55 MB)."""
    return frozenset(_WORD.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two texts' word sets (0 when neither has any)."""
    ta, tb = _word_set(a), _word_set(b)
    return len(ta & tb) / (len(ta | tb) or 1)


_LINKS_IN = etree.XPath(".//a[@href]")
_LINKS_AT = etree.XPath("descendant-or-self::a[@href]")
"""The links in a byline element (with the element itself): compiled once, not per call."""


def _authors(
    markup: _LazyMarkup,
    article: Node | None,
    ids: dict[str, Node],
    meta: MetaTags,
    base: str | None,
    site_name: str | None,
    url: str | None,
    heading: HtmlElement | None = None,
) -> tuple[list[Author], list[str], str | None]:
    """``(authors, agencies, source)``. Sources, strongest first: JSON-LD ``author``, meta
    tags, the page's author markup (``itemprop``/``rel=author``, then "byline" and "author"
    classes), a "By ..." line after the headline, JSON-LD ``creator``, and when none credits
    anyone a "By ..." line elsewhere on the page (``dom.labelled_credits``). People win: an
    organisation (``type`` "Organization") is returned only when no source names a person."""
    sites = [site_name, meta.get("og:site_name")]
    host = host_of(url)
    sites += [label for label in host.split(".")[:-1] if len(label) >= 3 and label != "www"]
    credits = Credits([[norm(w) for w in s.split()] for s in sites if s and norm(s)])
    source: str | None = None
    if article:
        for item in iter_values(article.get("author")):
            item = resolve(item, ids)
            if isinstance(item, dict):
                name = text_of(item.get("name"))
                href = text_of(item.get("url"))
                if href is None and "#" not in str(item.get("@id", "#")):
                    href = str(item["@id"])  # an @id with a fragment names a graph node, no page
                link = absolute(href, base) if href and "://" in href else None
                org = bool(local_type(item) & {"organization", "newsmediaorganization", "corporation"})
                if name:
                    credits.add(name, link, org=org, declared=True)
            elif isinstance(item, str):
                credits.add(item, declared=True)
        source = "jsonld" if credits.people else None
    if not credits.people:
        for value in chain(meta.all(*AUTHOR_KEYS), _card_credits(meta)):
            credits.add(value, declared=True)
        source = source or ("meta" if credits.people else None)
    if not (credits.people or credits.agencies):
        # The page's own bylines when the metadata names no person; after an organisation
        # credit only explicit author markup (rel/itemprop/"byline") or an author element
        # right after the headline may add one.
        # Those right after the headline first (a bounded walk): most pages need no page-wide scan.
        found = dom.bylines_near(heading) if heading is not None else iter(())
        for el, content in chain(found, _page_bylines(markup, heading, bool(credits.orgs))):
            href = el.get("href") if el.tag == "a" else None
            if href is None:
                links = _LINKS_IN(el)
                href = links[0].get("href") if len(links) == 1 else None
            # ``<meta itemprop="author" content=...>`` is the page's data, not a visible line.
            credits.add(content, absolute(href, base), declared=el.tag == "meta")
            if credits.people:
                source = "markup"
                break
    if (
        not (credits.people or credits.agencies)
        and heading is not None
        and _credit_first(credits, dom.text_bylines(heading, is_credit_line), base)
    ):
        source = "byline"
    if credits.people:
        _agencies_from_bylines(credits, markup, heading)
    if not credits.people and article:
        # schema.org ``creator`` is often a CMS user name: the last resort.
        for item in iter_values(article.get("creator")):
            name = text_of(resolve(item, ids))
            if name:
                credits.add(name)
        source = "jsonld-creator" if credits.people else None
    if not (credits.people or credits.agencies or credits.orgs or credits.accounts):
        body = markup.tree.find("body")
        if _credit_first(credits, dom.labelled_credits(body if body is not None else markup.tree), base):
            source = "credit-line"
    if credits.people:
        return credits.people, credits.agencies, source
    if credits.orgs or not credits.accounts:
        return credits.orgs[:3], credits.agencies, ("organization" if credits.orgs else None)
    return credits.accounts[:3], credits.agencies, "account"


def _credit_first(credits: Credits, lines: Iterator[tuple[HtmlElement, str]], base: str | None) -> bool:
    """Add ``lines`` (credit lines and their elements) to ``credits`` until one names a person;
    a line holding one link credits it as the person's page. Whether a person was found."""
    for el, content in lines:
        links = _LINKS_AT(el)
        credits.add(content, absolute(links[0].get("href"), base) if len(links) == 1 else None)
        if credits.people:
            return True
    return False


def _card_credits(meta: MetaTags) -> Iterator[str]:
    """The names a Twitter card's label/data pairs credit (``twitter:label1`` "Written by",
    ``twitter:data1`` "Jane Doe", as Yoast SEO and other CMS plugins write them): a pair counts
    when its label is a credit label (``dom.is_byline_label``), not "Est. reading time"."""
    for i in range(1, 5):
        label, data = meta.get(f"twitter:label{i}"), meta.get(f"twitter:data{i}")
        if label and data and dom.is_byline_label(label):
            yield data


def _page_bylines(
    markup: _LazyMarkup, heading: HtmlElement | None, explicit_only: bool
) -> Iterator[tuple[HtmlElement, str]]:
    """The page's byline candidates (:func:`dom.bylines`), scanned only when first asked for."""
    near = dom.after_heading(heading) if explicit_only else frozenset()
    yield from dom.bylines(markup.get(), explicit_only=explicit_only, near=near)


def _agencies_from_bylines(credits: Credits, markup: _LazyMarkup, heading: HtmlElement | None) -> None:
    """Agencies named beside the people in the visible byline ("By Daniel Bellamy with AP") when
    the structured data credits only the people; the byline is looked for after the headline
    when the page shows one (a bounded walk), else among all the page's bylines."""
    if heading is not None and not may_name_agency(dom.text_after(heading)):
        return  # no agency's name under the headline: its bylines need no reading
    people = {re.sub(r"\W+", "", a.name.casefold()) for a in credits.people}
    found = dom.bylines_near(heading) if heading is not None else dom.bylines(markup.get())
    for _el, content in found:
        if not may_name_agency(content):
            continue
        seen = Credits(credits.site_words)
        seen.add(content)
        if seen.agencies and people & {re.sub(r"\W+", "", a.name.casefold()) for a in seen.people}:
            credits.agencies.extend(a for a in seen.agencies if a not in credits.agencies)
            return


def _dates(
    page: PageMetadata,
    markup: _LazyMarkup,
    article: Node | None,
    meta: MetaTags,
    headings: list[HtmlElement],
    url: str | None,
    heading: HtmlElement | None = None,
) -> None:
    """Fill the date fields from the date model (``dates.decide_dates``), keeping each one's source;
    ``headings`` are the page's first ``<h1>``/``<h2>`` elements (``dom.Head.headings``);
    ``heading`` the element showing the headline when it is none of them."""
    anchors = headline_anchors(headings, [h for h in headings if h.tag == "h1"][:3], page.headline)
    if heading is not None and heading not in anchors:
        if not anchors and page.headline and norm(dom.text(heading, 500)) != norm(page.headline):
            # The heading only shares the headline's words (a section heading further down, "Top 5
            # HR Platforms of 2026" for "Top 5 HR Software in 2026"): the element showing the
            # headline itself, a styled ``<p>`` or ``<div>``, is where the dateline sits.
            shown = _element_showing(markup.tree, page.headline)
            if shown is not None and shown is not heading:
                anchors.append(shown)
        anchors.append(heading)
    found = decide_dates(article, meta, markup.get, anchors, url, markup.tree)
    if found.published:
        page.datePublished, page.datePublishedRaw = found.published.value, found.published.raw
        page.date_sources["datePublished"] = found.published.source
    if found.modified:
        page.dateModified, page.dateModifiedRaw = found.modified.value, found.modified.raw
        page.date_sources["dateModified"] = found.modified.source


def _language(
    tree: HtmlElement, article: Node | None, meta: MetaTags, headers: Mapping[str, str] | None
) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates.append(tree.get("xml:lang"))
    candidates += meta.all("content-language")
    candidates += [v for k, v in (headers or {}).items() if k.lower() == "content-language"]
    if article:
        candidates.append(text_of(article.get("inLanguage")))
    candidates += meta.all(*LANGUAGE_KEYS)
    for value in candidates:
        lang = normalize_language(value)
        if lang:
            return lang
    return None


def _description(tree: HtmlElement, markup: _LazyMarkup, article: Node | None, meta: MetaTags) -> str | None:
    if article:
        found = text_of(article.get("description")) or text_of(article.get("abstract"))
        if found:
            return found
    found = meta.get(*DESCRIPTION_KEYS) or dom.lead(tree)
    return found or dom.first_paragraph(tree)


def _image(
    links: list[HtmlElement], article: Node | None, ids: dict[str, Node], meta: MetaTags, base: str | None
) -> Image | None:
    ld_images: list[Image] = []
    if article:
        for item in iter_values(article.get("image")):
            item = resolve(item, ids)
            if isinstance(item, str):
                src = absolute(item, base)
                if src:
                    ld_images.append(Image(url=src))
            elif isinstance(item, dict):
                src = absolute(text_of(item.get("url") or item.get("contentUrl")), base)
                if src:
                    credit = text_of(item.get("creditText")) or _org_name(
                        item.get("copyrightHolder") or item.get("author"), ids
                    )
                    caption = text_of(item.get("caption")) or text_of(item.get("description"))
                    ld_images.append(Image(url=src, caption=caption, credit=credit))
    src = absolute(meta.get(*IMAGE_KEYS), base)
    if src:
        for img in ld_images:
            if img.url == src:
                return img
        return Image(url=src)
    if ld_images:
        return ld_images[0]
    for link in links:
        if (link.get("rel") or "").lower() == "image_src":
            src = absolute(link.get("href"), base)
            if src:
                return Image(url=src)
    return None


def _keywords(article: Node | None, meta: MetaTags) -> list[str]:
    raw: list[str] = []
    if article:
        raw += [str(v) for v in iter_values(article.get("keywords")) if isinstance(v, str)]
    raw += meta.all(*KEYWORD_KEYS)
    out: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for word in re.split(r"\s*[,;]\s*", value):
            word = word.strip()
            key = word.casefold()
            if word and key not in seen and len(word) <= 100 and _ALNUM.search(word):
                seen.add(key)
                out.append(word)
    return out[:MAX_KEYWORDS]


def _breadcrumbs(markup: _LazyMarkup, nodes: list[Node], base: str | None) -> list[Breadcrumb]:
    for node in nodes:
        if "breadcrumblist" not in local_type(node):
            continue
        items = [i for i in iter_values(node.get("itemListElement")) if isinstance(i, dict)]
        items.sort(key=lambda i: _position(i.get("position")))
        crumbs: list[Breadcrumb] = []
        for item in items:
            target = item.get("item")
            name = text_of(item.get("name"))
            href: str | None = None
            if isinstance(target, dict):
                name = name or text_of(target.get("name"))
                href = text_of(target.get("@id") or target.get("url"))
            elif isinstance(target, str):
                href = target
            if name:
                crumbs.append(Breadcrumb(name=name, url=absolute(href, base)))
        if crumbs:
            return crumbs
    return [
        Breadcrumb(name=n, url=absolute(h, base)) for n, h in dom.breadcrumb_links(markup.breadcrumb_trails())
    ]


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1_000


def _page_type(article: Node | None, meta: MetaTags) -> str | None:
    if article:
        raw = article.get("@type")
        for t in iter_values(raw):
            if isinstance(t, str) and t.rsplit("/", 1)[-1].lower() in WORK_TYPES | PAGE_TYPES:
                return t.rsplit("/", 1)[-1]
    return meta.get("og:type")
