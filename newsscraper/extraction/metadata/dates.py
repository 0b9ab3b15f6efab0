"""The date model: one place decides ``datePublished`` and ``dateModified`` from every source.

Sources, in order of precedence (the first that yields a date wins; published and modified are
decided apart, and a page's "updated" date is never taken for its publication date while any
publication date is known):

====  =====================================================================  ==========  =====
rank  source (``DateValue.source``)                                          confidence  kind
====  =====================================================================  ==========  =====
1     ``jsonld``: the article node's ``datePublished`` / ``dateModified``   0.95        both
2     ``meta``: OpenGraph / Dublin Core / Parse.ly ... (:data:`PUBLISHED_KEYS`)  0.9     both
3     ``jsonld-created``: the node's ``dateCreated`` (a CMS record time)     0.8         pub.
4     ``meta-house``: house-style meta names (``xx-post-date``, ``pub_date``,  0.8       pub.
      ``published``, ``date-pub``)
5     ``microdata``: ``itemprop=datePublished|dateCreated|dateModified``     0.8         both
6     ``dateline``: a date shown near the headline (``<time datetime>`` or     0.7         both
      text: "Published 12 March 2024", "25 April 2021 - 14:32", "Dec. 19,
      2025 · Name"), in a short line, outside widgets about other content
7     ``time``: the first ``<time datetime>`` of the page outside widgets    0.6         pub.
      (the dateline's widget test, :func:`_is_unrelated`)
8     ``url``: a full date in the URL path (``/2024/03/12/``, ``-2024-03-12-``)  0.5     pub.
9     ``updated-only``: the page shows only an update date: it stands for     0.3         pub.
      the publication date too (the earliest date the page vouches for)
10    ``htmldate``: htmldate's fast search (:func:`page_date`), when none of   0.3         pub.
      the above gives a date: class-named date elements (``post-date``,
      ``entry-meta``), ``<abbr>``, "Posted on ..." lines after the body
====  =====================================================================  ==========  =====

A declared publication date gives way to a dateline that shows a day more than one day earlier
(``dateline-earlier``): nothing is published after the day it shows, and a later declared date is a
re-publication, a migration's import time or a template's value ("Jun 24, 2025" in JSON-LD).
(WCXB articles: 5 pages right, none wrong, on both halves.) A dateline showing only a *later*
day than the declared publication (a "Last updated" line) does not replace it, nor does a
dateline that also shows the declared day (a journal's "Received ... Published" history).

When the JSON-LD and the meta tags declare publication days more than a day apart, the one the
dateline shows (any of its dates) and the other does not wins (``meta-shown`` when it is the
meta tags'): the page's sources agree on it. (WCXB articles: 2 pages, one per half, both right.)

A dateline date labelled as the publication ("Published", "Posted on") beats a declared date on
another day (``dateline-labelled``), even when the declared day is shown as the update ("Published
Apr 26, 2023 · Updated Aug 21, 2025" over a JSON-LD ``datePublished`` of Aug 21, 2025). (WCXB
articles: such a labelled date is the truth's day on 46 of 47 pages, both halves; it differs from
the declared date by more than a day on one page, where it is right.)

Widgets: near the headline, a date in an element whose class names other content (related,
comments, teasers...) or in the page's own ``<footer>``/``<aside>``/``<nav>`` outside the article
is skipped; layout words (sidebar, widget, share) also wrap post-meta lines, so there structure
decides: a date repeated in sibling block items that each link somewhere is a list of other stories.

Discovery hints (sitemap ``news:publication_date``, feed ``pubDate``) come after all of these, in
the crawl (``newsscraper.pipelines.extract.apply_hints``). Every value goes through the project's
one normaliser, :func:`newsscraper.datetimes.normalize_date`; the raw string is kept beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.datetimes import (
    _ISO,
    MAX_YEAR,
    MIN_YEAR,
    find_textual,
    month_numbers,
    normalize_date,
    parse_datetime,
    weekday_names,
)
from newsscraper.extraction.metadata import dom
from newsscraper.extraction.metadata.jsonld import Node, iter_values
from newsscraper.extraction.metadata.metatags import MetaTags

# Month names of every language read, as a regex alternation (author names are cut before one).
_MONTH_ALT = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
_WEEKDAY_ALT = "|".join(sorted(map(re.escape, weekday_names()), key=len, reverse=True))

# Meta keys, strongest first (lower-cased; Dublin Core in both spellings).
PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "article:published",
                  "og:published_time", "published_time", "datepublished", "parsely-pub-date",
                  "sailthru.date", "dc.date.issued", "dcterms.issued", "dc:date.issued",
                  "dcterms:issued", "dc.date.created", "dcterms.created", "dcterms:created",
                  "citation_publication_date", "citation_date", "dc.date", "dc:date", "date",
                  "pubdate", "publishdate", "publish-date", "publish_date", "pdate",
                  "article.published", "displaydate", "originalpublicationdate",
                  "cxenseparse:recs:publishtime")  # fmt: skip
MODIFIED_KEYS = ("article:modified_time", "og:article:modified_time", "article:modified",
                 "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
                 "dcterms:modified", "last-modified", "lastmod", "revised",
                 "article.updated")  # fmt: skip
# House-style meta names of a publication date: "xx-post-date", "pub_date", "published",
# "date-pub" (a publication word with or without a date/time word, either way round).
_PUBLISHED_NAME = re.compile(
    r"(?:^|[-_.:])(?:(?:publish(?:ed)?|pub|post(?:ed)?|release|issued?)(?:[-_.:]?(?:date|time))?"
    r"|(?:date|time)[-_.:](?:publish(?:ed)?|pub))$"
)

DATELINE_BEFORE, DATELINE_AFTER = 300, 1_500
"""Characters of page text read before and after the headline for a dateline: a dateline sits
above the headline (kicker line) or under it, before or beside the byline, before the body."""
MAX_DATELINE_BLOCK = 200
"""A date in a block with more text than this is in prose ("On 12 March 2024 the council..."),
not a dateline."""
MAX_DATELINE_WORDS = 12
"""A block of more words than this that holds a sentence end followed by a new sentence is prose."""
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")
DATELINE_CLUSTER = 300
"""Characters after the first dateline date within which further dates belong to the same
dateline ("Published 12 March 2024 · Updated 14 March 2024")."""
MAX_TEXT_NODES = 60
"""Non-blank text nodes read after the headline; a page's header region has a few dozen."""

# An "updated" label just before a date (English; the bilingual pages of the tuning half use it).
_UPDATED = re.compile(r"(?i)\b(?:updated?|modified|last\s+edited|revised)\b[^\d]{0,20}$")
# A "published" label just before a date ("Published Apr 26, 2023", "Posted on: May 5"): a weak
# signal, trusted only on a date of the dateline (short lines near the headline). WCXB articles:
# such a date is the truth's day on 46 of 47 pages (both halves; the other is a day off).
_PUBLISHED = re.compile(r"(?i)\b(?:published|posted)(?:\s+on)?[\s:]{0,3}$")
_URL_DATE = re.compile(r"\D((?:199|20[0-3])\d)[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")
# A subtree's texts without the subtree root's tail (which follows the subtree).
_SUBTREE_TEXT = etree.XPath("descendant-or-self::*/text()[normalize-space()]")
_DIGIT = re.compile(r"\d")
_ITEM_TAGS = frozenset({"li", "div", "article", "section", "tr", "dd", "p"})
_PAGE_FURNITURE = frozenset({"footer", "aside", "nav", "form"})
# Class words of widgets about other content (a subset of ``dom``'s widget words).
_OTHER_CONTENT = re.compile(
    r"(?<![a-z])(?:comment|related|recommend|teaser|promo|more-?stories|trending|popular|most-?read"
    r"|outbrain|taboola|carousel|card|listing|archive|latest|read-?next|up-?next|breaking|ticker)",
    re.I,
)
_SKIP_PARENTS = frozenset({"script", "style", "noscript", "template", "title", "option", "button"})
_BLOCKS = frozenset({"p", "div", "li", "dd", "dt", "td", "th", "header", "section", "article", "ul",
                     "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "address", "main",
                     "body"})  # fmt: skip


@dataclass(slots=True, frozen=True)
class DateValue:
    """One decided date: ``value`` (normalised ISO 8601), ``raw`` (as found), ``source`` (see the
    module table) and ``confidence`` (0-1, the source's rank, not a probability measured per page)."""

    value: str
    raw: str
    source: str
    confidence: float


@dataclass(slots=True)
class PageDates:
    """The page's publication and modification dates (``None`` when no source gives one)."""

    published: DateValue | None = None
    modified: DateValue | None = None


def _first(values: list[str], source: str, confidence: float) -> DateValue | None:
    for raw in values:
        parsed = normalize_date(raw)
        if parsed:
            return DateValue(parsed, raw.strip(), source, confidence)
    return None


def _ld(article: Node | None, key: str) -> list[str]:
    return [v for v in iter_values(article.get(key)) if isinstance(v, str)] if article else []


def decide_dates(
    article: Node | None,
    meta: MetaTags,
    markup: Callable[[], dom.Markup] | None,
    anchors: list[HtmlElement],
    url: str | None,
    tree: HtmlElement | None = None,
) -> PageDates:
    """Publication and modification dates of the page, by the precedence of the module table.

    ``article`` is the page's JSON-LD article node; ``markup`` returns the page's scanned
    candidates (called only when sources 1-4 leave a date open; ``None`` skips sources 5-7 and the
    dateline); ``anchors`` are the headline elements to look for a dateline near (the first one
    outside widgets is taken); ``url`` is the page's address; ``tree`` the whole page, for the
    last resort (:func:`page_date`; ``None`` skips it).
    """
    found = PageDates()
    declared_meta = _first(meta.all(*PUBLISHED_KEYS), "meta", 0.9)
    found.published = _first(_ld(article, "datePublished"), "jsonld", 0.95) or declared_meta
    found.modified = _first(_ld(article, "dateModified"), "jsonld", 0.95) or _first(
        meta.all(*MODIFIED_KEYS), "meta", 0.9
    )
    found.published = (
        found.published
        or _first(_ld(article, "dateCreated"), "jsonld-created", 0.8)
        or _first(
            [v for k, vs in meta.values.items() if _PUBLISHED_NAME.search(k) for v in vs], "meta-house", 0.8
        )
    )
    if markup is None:
        return found
    # The dateline is read even when the markup declares both dates, to check the declared
    # publication date against the day the page shows.
    line = _dateline(anchors)
    line_published, line_modified, labelled = line.published, line.modified, line.labelled
    if (
        found.published
        and declared_meta
        and found.published.source == "jsonld"
        and not _same_day(declared_meta.value, found.published.value)
        and any(_same_day(day, declared_meta.value) for day in line.shown)
        and not any(_same_day(day, found.published.value) for day in line.shown)
    ):
        # JSON-LD and the meta tags declare different days and the dateline shows the meta's:
        # the page's sources agree on it, the JSON-LD's is a stale or template value.
        found.published = DateValue(declared_meta.value, declared_meta.raw, "meta-shown", 0.9)
    if found.published and labelled and not _same_day(labelled.value, found.published.value):
        # The page labels a day of its dateline as the publication ("Published Apr 26, 2023 ·
        # Updated Aug 21, 2025") and the markup declares another: the markup's value is an update
        # or an import time. A day's gap is time zones alone and is left to the markup.
        found.published = DateValue(labelled.value, labelled.raw, "dateline-labelled", 0.7)
    elif (
        found.published
        and line_published
        and _days_before(line_published.value, found.published.value)
        and not any(_same_day(day, found.published.value) for day in line.shown)
    ):
        # The page shows an earlier publication day than its markup declares: the markup holds a
        # re-publication, a migration's import time or a template's date ("datePublished":
        # "Jun 24, 2025" over a dateline "August 25, 2024"); nothing is published after the day
        # it shows.
        found.published = DateValue(line_published.value, line_published.raw, "dateline-earlier", 0.7)
    if found.published and found.modified:
        return found
    in_page: dict[str, list[str]] = {"published": [], "modified": [], "time": []}
    for kind, raw in _time_values(markup()):
        in_page[kind].append(raw)
    found.published = found.published or _first(in_page["published"], "microdata", 0.8)
    found.modified = found.modified or _first(in_page["modified"], "microdata", 0.8)
    found.published = found.published or line_published
    found.modified = found.modified or line_modified
    found.published = (
        found.published
        or _first(in_page["time"][:1], "time", 0.6)
        or _url_date(url)
        or (
            DateValue(found.modified.value, found.modified.raw, "updated-only", 0.3)
            if found.modified
            else None
        )
        or (page_date(tree, url) if tree is not None else None)
    )
    return found


def _time_values(markup: dom.Markup) -> Iterator[tuple[str, str]]:
    """``(kind, raw value)`` of the page's machine-readable dates (``dom.Markup.times``: kind
    ``published``, ``modified`` from ``itemprop``, ``time`` for a bare ``<time datetime>``), at
    most ``dom.MAX_CANDIDATES``, without those about other content. The widget test is the
    dateline's (:func:`_is_unrelated`): a layout word (sidebar, widget) also wraps the page's
    own "Published" fact box, so there the structure decides, and the dated cards of a list of
    other stories (the first ``<time>`` of many pages) are left out."""
    seen = 0
    for kind, el in markup.times:
        if seen >= dom.MAX_CANDIDATES:
            return
        if _is_unrelated(el):
            continue
        raw = el.get("datetime") or el.get("content") or dom.text(el, 100)
        if raw:
            seen += 1
            yield kind, raw


def page_date(tree: HtmlElement, url: str | None) -> DateValue | None:
    """The publication date htmldate finds in ``tree`` (its fast search, original dates, years
    :data:`~newsscraper.datetimes.MIN_YEAR` to :data:`~newsscraper.datetimes.MAX_YEAR`), or
    ``None``.

    The last resort of the ladder: where the markup declares no date and none is shown near the
    headline, htmldate (trafilatura's date engine, a well-kept library) still reads date elements
    named by their class, ``<abbr>`` titles and datelines placed after the body ("Posted on April
    13, 2023" over the tags). WCXB articles whose date we missed: it finds the truth's day on 6 of
    13 (tuning) and 10 of 21 (checking), and a wrong day on 1 and 4; ahead of the rest of the
    ladder it loses (our datelines are right where it is wrong on 14 tuning pages). Its extensive
    search is not used: it turns copyright years into "January 1st" dates. The upper bound is
    fixed, not today's date, so that the result depends on the page alone. htmldate copies the
    tree before it prunes it; ``tree`` is the same after the call as before it.
    """
    from htmldate import find_date

    # The widgets are taken out of ``tree`` itself and put back afterwards, not out of a copy:
    # htmldate copies the tree again before its own pruning, and a deep copy of the page cost as
    # much as the rest of this function.
    removed = _take_out_other_content(tree)
    try:
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=False,
            min_date=f"{MIN_YEAR}-01-01",
            max_date=f"{MAX_YEAR}-12-31",
        )
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None  # a page htmldate cannot read is a page without a date
    finally:
        _put_back(removed)
    value = normalize_date(found) if found else None
    return DateValue(value, found or "", "htmldate", 0.3) if value else None


_WIDGET_XPATH = etree.XPath(
    "//footer[not(ancestor::article)] | //nav[not(ancestor::article)] | //*[@class or @id]"
)
# Class words of lists of other stories (``_OTHER_CONTENT`` without the layout-ish words "card",
# "listing", "archive", "latest", "carousel", "breaking", "ticker", which also wrap the page's
# own post header).
_OTHER_STORIES = re.compile(
    r"(?<![a-z])(?:comment|related|recommend|teaser|promo|more-?stories|trending|popular|most-?read"
    r"|outbrain|taboola|read-?next|up-?next)",
    re.I,
)


def _take_out_other_content(tree: HtmlElement) -> list[tuple[HtmlElement, int, HtmlElement]]:
    """Remove from ``tree`` the widgets about other content (class words of
    :data:`_OTHER_CONTENT`) and the page's own ``<footer>``/``<aside>``/``<nav>`` outside the
    article: htmldate reads dates anywhere, and a related story's date is not this page's.
    Returns ``(parent, index, element)`` of each removal, in order, for :func:`_put_back`."""
    doomed = []
    for el in _WIDGET_XPATH(tree):
        if el.tag in {"footer", "nav"} and next(el.iterancestors("article"), None) is None:
            doomed.append(el)
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if _OTHER_STORIES.search(marker) and el.tag not in {"html", "body", "article", "main"}:
            doomed.append(el)
    removed = []
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            removed.append((parent, parent.index(el), el))
            parent.remove(el)  # its tail goes with it, and comes back with it
    return removed


def _put_back(removed: list[tuple[HtmlElement, int, HtmlElement]]) -> None:
    """Undo :func:`_take_out_other_content`: the last removal first, so that every index is the
    one the element had when it was removed."""
    for parent, index, el in reversed(removed):
        parent.insert(index, el)


def _same_day(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are at most a day apart (time zones alone can make that)."""
    return _day_gap(a, b) in {-1, 0, 1}


def _day_gap(a: str, b: str) -> int | None:
    """Days from ``a``'s calendar day to ``b``'s (``None`` when either does not parse)."""
    first, second = parse_datetime(a), parse_datetime(b)
    if first is None or second is None:
        return None
    day_a = first.date() if isinstance(first, datetime) else first
    day_b = second.date() if isinstance(second, datetime) else second
    return (day_b - day_a).days


def _days_before(a: str, b: str) -> bool:
    """True when ``a`` is before ``b`` by more than a day: a day's difference can be time zones
    alone (a dateline printed in local time, markup in UTC)."""
    gap = _day_gap(a, b)
    return gap is not None and gap > 1


def headline_anchors(
    headings: list[HtmlElement], h1s: list[HtmlElement], headline: str | None
) -> list[HtmlElement]:
    """Elements to look for a dateline near: the ``<h1>``/``<h2>`` among ``headings`` (the page's
    first ``dom.MAX_HEADINGS``, in page order) showing ``headline`` (a blog's masthead ``<h1>`` is
    not the post's heading), then the page's first ``<h1>`` elements."""
    wanted = " ".join((headline or "").split()).casefold()
    found: list[HtmlElement] = []
    if wanted:
        for el in headings:
            shown = dom.text(el, 500).casefold()
            if shown and (shown == wanted or (len(shown) >= 20 and (shown in wanted or wanted in shown))):
                found.append(el)
                break
    return found + [h for h in h1s if h not in found]


def _url_date(url: str | None) -> DateValue | None:
    """A full year-month-day in the URL's path (``/2024/03/12/``, ``/blog/2025-12-17-slug``)."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2].split("?")[0]
    m = _URL_DATE.search("/" + path)
    if not m:
        return None
    value = normalize_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return DateValue(value, m.group(0).strip("/_-"), "url", 0.5) if value else None


def _texts(nodes: list[etree._Element]) -> Iterator[tuple[str, HtmlElement]]:
    """``(text, owner element)`` of the non-blank text nodes outside scripts and styles (whether
    the owner sits in a widget is checked later, on the few texts holding a date)."""
    for node in nodes:
        parent = node.getparent()
        if parent is None or not isinstance(parent.tag, str):
            continue
        # A tail belongs to the element before it, but sits in that element's parent.
        tail = getattr(node, "is_tail", False)
        owner = parent.getparent() if tail else parent
        if owner is None or (parent.tag in _SKIP_PARENTS and not tail):
            continue
        yield " ".join(str(node).split()), owner


def _is_unrelated(el: HtmlElement) -> bool:
    """Whether a date in ``el`` belongs to other content. ``dom.is_unrelated`` flags widgets by
    tag and class words; for a date near the headline only the words naming *other content*
    (related, comments, teasers...) are a verdict, and so are the page's own ``<footer>``,
    ``<aside>``, ``<nav>`` outside the article. Layout words (sidebar, widget, share, nav) and
    those tags inside the article also wrap post-meta lines ("<footer class=author__meta>",
    "<span class=text-navy>Apr 26, 2023"), so there the structure decides: a date repeated in
    sibling items is a list of other stories; a single one is the article's."""
    if not dom.is_unrelated(el):
        return False
    node: HtmlElement | None = el
    for _ in range(dom.MAX_ANCESTORS):
        if node is None or node.tag in {"article", "main", "body"}:
            break
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if marker.strip() and _OTHER_CONTENT.search(marker):
            return True
        if node.tag in _PAGE_FURNITURE and next(node.iterancestors("article"), None) is None:
            return True  # the page's own footer / aside / nav, outside the article
        node = node.getparent()
    return _repeated(el)


def _repeated(el: HtmlElement) -> bool:
    """True when ``el`` sits in an item of a list: a block ancestor (up to 6 levels) with two or
    more siblings of its tag and class that hold digits and a link too (dated teasers linking to
    their stories; the parts of a post-meta line link nowhere, or to one author page)."""
    node: HtmlElement | None = el
    for _ in range(6):
        if node is None:
            return False
        parent = node.getparent()
        if parent is None:
            return False
        if node.tag not in _ITEM_TAGS:
            node = parent  # items of a list are blocks; inline siblings are one line's parts
            continue
        kind = node.get("class")
        alike = [c for c in parent.iterchildren(node.tag) if c is not node and c.get("class") == kind]
        dated_links = sum(
            1
            for c in alike[:6]
            if any(a.get("href") is not None for a in c.iterdescendants("a"))
            and _DIGIT.search(c.text_content()[:500])
        )
        if dated_links >= 2:
            return True
        node = parent
    return False


def _in_dateline_block(el: HtmlElement, cache: dict[HtmlElement, bool]) -> bool:
    """True when the nearest block around ``el`` (its line or paragraph) is short and not prose:
    at most :data:`MAX_DATELINE_BLOCK` characters, and not a run of sentences ("The season ends
    on April 15, 2025. If you...")."""
    node = _block_of(el)
    if node is None:
        return True
    if node is not el and node.tag != "p" and any(child.tag in _BLOCKS for child in node.iterchildren()):
        node = el  # an inline element loose in a container of blocks is a line of its own
    if node not in cache:
        content = dom.text(node, MAX_DATELINE_BLOCK + 1)
        prose = len(content.split()) > MAX_DATELINE_WORDS and bool(_SENTENCE_END.search(content))
        cache[node] = len(content) <= MAX_DATELINE_BLOCK and not prose
    return cache[node]


def _article_of(el: HtmlElement) -> HtmlElement | None:
    """The nearest ``<article>`` around ``el`` (or ``el`` itself)."""
    return next(el.iterancestors("article"), None) if el.tag != "article" else el


class Dateline(NamedTuple):
    """The dates shown near the headline (:func:`_dateline`)."""

    published: DateValue | None
    """The earliest date not labelled as an update."""
    modified: DateValue | None
    """The first date labelled as an update, else a later date in the publication's line."""
    shown: list[str]
    """Every date of the dateline (normalised), e.g. a journal's "Received ... Published"."""
    labelled: DateValue | None
    """The date labelled as the publication ("Published", "Posted on"), when exactly one is."""


def _dateline(anchors: list[HtmlElement]) -> Dateline:
    """Published and modified dates shown near the first usable headline element: ``<time
    datetime>`` elements and dates written as text, in short lines, outside widgets; every
    date of that dateline, and the one labelled as the publication.
    When the headline sits in an ``<article>``, dates in another ``<article>`` (a teaser, a
    related story nested in a widget) are other stories'."""
    anchor = next((a for a in anchors if not _is_unrelated(a)), None)
    if anchor is None:
        return Dateline(None, None, [], None)
    heading = dom.text(anchor, 500)
    home = _article_of(anchor)
    blocks: dict[HtmlElement, bool] = {}
    unrelated: dict[HtmlElement, bool] = {}
    # Nearest first: under the headline, then above it (nearest to the headline first). The
    # dates of the first cluster found are weighed together.
    for below in (True, False):
        cluster: list[tuple[DateValue, bool, HtmlElement]] = []
        labelled: list[DateValue] = []
        chars_after_first = 0
        last = ""
        texts = _after(anchor) if below else iter(_preceding(anchor))
        for index, (text, owner) in enumerate(texts):
            before, last = last, text
            if cluster:
                chars_after_first += len(text)
                if chars_after_first > DATELINE_CLUSTER or len(cluster) >= 4:
                    break
            if not _DIGIT.search(text) or not _in_dateline_block(owner, blocks):
                continue
            if owner not in unrelated:
                other_story = home is not None and _article_of(owner) is not home
                unrelated[owner] = other_story or _is_unrelated(owner)
            if unrelated[owner]:
                continue
            if below and index == 0 and text in heading:
                continue
            # The label may sit in the previous text node ("<b>Updated:</b> <span>May 5</span>").
            previous = before if below else ""
            for raw, value, offset in _dates_in(text, owner):
                label = previous + " " + text[:offset]
                date = DateValue(value, raw, "dateline", 0.7)
                updated = bool(_UPDATED.search(label))
                cluster.append((date, updated, owner))
                if not updated and _PUBLISHED.search(label):
                    labelled.append(date)
        if cluster:
            published, modified = _split_cluster(cluster)
            # Two dates both labelled "published" (a re-publication's history) settle nothing.
            only = labelled[0] if len(labelled) == 1 else None
            return Dateline(published, modified, [c[0].value for c in cluster], only)
    return Dateline(None, None, [], None)


def _after(anchor: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The texts right after ``anchor``: up to :data:`MAX_TEXT_NODES`, and up to the first that
    ends past :data:`DATELINE_AFTER` characters. Lazily: most datelines are found in the first
    few, and the walk stops there."""
    total = 0
    for count, (text, owner) in enumerate(_following_texts(anchor)):
        if total > DATELINE_AFTER or count >= MAX_TEXT_NODES:
            return
        total += len(text)
        yield text, owner


def _preceding(anchor: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """The texts right before ``anchor`` (up to :data:`DATELINE_BEFORE` characters), nearest first."""
    kept: list[tuple[str, HtmlElement]] = []
    total = 0
    for text, owner in _preceding_texts(anchor):
        total += len(text)
        if total > DATELINE_BEFORE:
            break
        kept.append((text, owner))
    return kept


def _preceding_texts(anchor: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """``(text, owner)`` of the non-blank texts before ``anchor``, nearest first (lazily)."""
    node: HtmlElement | None = anchor
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            if sibling.tail and sibling.tail.strip() and sibling.getparent() is not None:
                yield " ".join(sibling.tail.split()), sibling.getparent()
            if isinstance(sibling.tag, str):  # a comment or PI (in a caller's own tree) has no texts
                yield from _texts_backwards(sibling)
        parent = node.getparent()
        if parent is not None and parent.text and parent.text.strip() and parent.tag not in _SKIP_PARENTS:
            yield " ".join(parent.text.split()), parent
        node = parent


_XML_SPACE = " \t\r\n"
"""XPath's whitespace: a text node of nothing else is blank to ``normalize-space()``."""


def _texts_backwards(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """``_texts(_SUBTREE_TEXT(root))`` in reverse document order, lazily: the dateline above a
    headline is read from the nearest texts, so a large subtree before it (a header, a menu) is
    left after its last few texts instead of being listed whole."""
    for child in reversed(root):
        tail = child.tail
        # the tail is a text of ``root``; a comment's (in a caller's own tree) is not read
        if tail and tail.strip(_XML_SPACE) and isinstance(child.tag, str):
            yield " ".join(tail.split()), root
        if isinstance(child.tag, str):
            yield from _texts_backwards(child)
    text = root.text
    if text and text.strip(_XML_SPACE) and root.tag not in _SKIP_PARENTS:
        yield " ".join(text.split()), root


def _following_texts(anchor: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """``(text, owner)`` of the non-blank texts after ``anchor`` in document order (its own text
    left out), lazily: a walk that stops early costs far less than a ``following::`` XPath."""
    node: HtmlElement | None = anchor
    while node is not None:
        parent = node.getparent()
        if node.tail and node.tail.strip() and parent is not None:
            yield " ".join(node.tail.split()), parent
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):  # a comment or PI: only its tail is text
                if sibling.tail and sibling.tail.strip() and parent is not None:
                    yield " ".join(sibling.tail.split()), parent
                continue
            for event, el in etree.iterwalk(sibling, events=("start", "end")):
                if event == "start":
                    text = el.text
                    if text and isinstance(el.tag, str) and el.tag not in _SKIP_PARENTS and text.strip():
                        yield " ".join(el.text.split()), el
                elif el.tail and el.tail.strip():
                    owner = el.getparent()
                    if owner is not None:
                        yield " ".join(el.tail.split()), owner
        node = parent


def _split_cluster(
    cluster: list[tuple[DateValue, bool, HtmlElement]],
) -> tuple[DateValue | None, DateValue | None]:
    """Publication and update dates of one dateline: a publication precedes its updates, so the
    earliest unlabelled date is the publication; a labelled date, or a later date in the same
    line as the publication, is the update."""
    plain = [c for c in cluster if not c[1]]
    published = min(plain, key=lambda c: c[0].value[:10]) if plain else None
    labelled = [c for c in cluster if c[1]]
    modified = labelled[0][0] if labelled else None
    if modified is None and published is not None:
        line = _block_of(published[2])
        later = [c for c in plain if c[0].value[:10] > published[0].value[:10] and _block_of(c[2]) is line]
        modified = later[0][0] if later else None
    return (published[0] if published else None), modified


def _block_of(el: HtmlElement) -> HtmlElement | None:
    node: HtmlElement | None = el
    while node is not None and node.tag not in _BLOCKS:
        node = node.getparent()
    return node


def _dates_in(text: str, owner: HtmlElement) -> Iterator[tuple[str, str, int]]:
    """``(raw, normalised, offset)`` of each date in one text node (a ``<time>``'s own
    ``datetime`` attribute when the text is a ``<time>``'s)."""
    if owner.tag == "time" and owner.get("datetime"):
        value = normalize_date(owner.get("datetime"))
        if value:
            yield owner.get("datetime", ""), value, 0
            return
    pos = 0
    while pos < len(text):
        rest = text[pos:]
        machine = _ISO.search(rest)
        textual = find_textual(rest)
        options: list[tuple[int, int, str]] = []
        if machine:
            parsed = parse_datetime(machine.group(0))
            if parsed is not None:
                options.append((machine.start(), machine.end(), normalize_date(parsed) or ""))
        if textual:
            options.append((textual[0], textual[1], normalize_date(textual[2]) or ""))
        options = [o for o in options if o[2]]
        if not options:
            return
        start, end, value = min(options)
        yield rest[start:end].strip(), value, pos + start
        pos += end
