"""Metadata written in the page itself: bylines, ``<time>``, microdata, standfirsts, breadcrumbs.

One XPath pass over attributes finds every candidate (``class``/``id`` fragments, ``itemprop``,
``rel=author``, ``<time datetime>``); it runs only when meta tags and JSON-LD leave a field empty.
Candidates inside widgets about *other* content (related articles, comments, sidebars, footers,
navigation, teasers) are skipped, so a date or a name from a "More stories" box never becomes the
article's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.datetimes import normalize_date
from newsscraper.extraction.xpaths import by_first_letter

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
_UNRELATED_WORDS = ("comment", "related", "recommend", "sidebar", "widget", "footer", "teaser",
                    "promo", "more-?stories", "trending", "popular", "most-?read", "newsletter",
                    "outbrain", "taboola", "rail", "carousel", "card", "listing", "archive", "nav",
                    "menu", "share", "social", "signup", "subscribe", "cookie", "breaking", "ticker",
                    "latest", "read-?next", "up-?next")  # fmt: skip
_UNRELATED = re.compile(r"(?<![a-z])(?:" + by_first_letter(_UNRELATED_WORDS) + ")", re.I)
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
# ``//*/@`` visits elements only, ``//@`` every text node too: ~35 % faster here, same nodes.
CANDIDATES = etree.XPath(
    "//*/@class[contains(.,'yline') or contains(.,'uthor') or contains(.,'readcrumb')]"
    " | //*/@itemprop[.='author' or .='creator' or .='datePublished' or .='dateModified'"
    " or .='dateCreated' or .='headline']"
    " | //*/@rel[.='author'] | //time/@datetime"
    " | //a/@href[contains(.,'/author')]"
    " | //*/@itemtype"
)
"""The page's candidate attributes, by kind (see :func:`scan`). The ``href`` branch asks one
``contains()`` (each test casts the value to a fresh string in libxml2) and ``scan`` keeps the
author-page links (``/author/``, ``/authors/``) among what it finds: -7 % of the query's
time on the aeb pages (session 20)."""
LEADS = etree.XPath(
    "//*/@class[contains(.,'tandfirst') or contains(.,'lede') or contains(.,'dek')"
    " or contains(.,'lead') or contains(.,'intro')]"
    " | //*/@itemprop[.='description' or .='abstract']"
)
# Breadcrumb trails carry a "breadcrumb(s)" class (microdata ``BreadcrumbList`` ones too, in
# practice): one attribute pass, half the cost of also scanning ``itemtype``.
BREADCRUMBS = etree.XPath("//*/@class[contains(.,'readcrumb')] | //*/@itemtype")
# Microdata ``itemtype`` values ride along in this query and in ``CANDIDATES``: the body stage
# reads the page's declared types, and a union costs a fraction of a second walk over the tree.
ITEMTYPES = etree.XPath("//*/@itemtype")
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
    # iterdescendants() with tag names is a C-level walk, ~3x cheaper than two find() calls
    if next(el.iterdescendants("script", "style"), None) is not None:
        raw = "".join(_TEXT(el))
    else:
        raw = el.text_content()
    # split/join is _SPACE.sub(" ", ...).strip() (both use Unicode whitespace), ~6x cheaper
    return " ".join(raw[: limit * 2].split())[:limit]


def is_unrelated(el: HtmlElement, *, byline: bool = False, landmarks: bool = True) -> bool:
    """True when ``el`` sits in a widget about other content (related list, comments, footer...).

    ``byline``: judging an author credit, where a class word naming the author ("author-card",
    "byline-widget") says the box is about this article's writer, not a teaser, and page
    builders' block wrappers ("elementor-widget-container") say nothing. ``landmarks=False``:
    an ``<aside>`` or ``<footer>`` alone does not make ``el`` unrelated (for microdata that
    declares it a property of the article)."""
    node: HtmlElement | None = el
    for _ in range(MAX_ANCESTORS):
        if node is None:
            return False
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in {"article", "main", "body"}:
            # The article container ends the walk: widgets above it hold the whole page.
            return False
        own_credit = byline and node is el and _AUTHOR_CLASS.search((el.get("class") or "").lower())
        if _unrelated_tag(node, tag, byline=byline, landmarks=landmarks) and not own_credit:
            return True  # (an <aside class="post-author"> is the credit itself, not a sidebar)
        marker = f"{node.get('class', '')} {node.get('id', '')}"
        if (
            marker.strip()
            and _UNRELATED.search(marker)
            and (not byline or any(_unrelated_word(w) for w in marker.split()))
            and not (byline and node is not el and next(node.iterdescendants("h1"), None) is not None)
        ):
            # (a box that holds the page's heading wraps the article, whatever its class says:
            # a post sent as a newsletter, "newsletter-email")
            return True
        node = node.getparent()
    return False


def _unrelated_tag(node: HtmlElement, tag: str, *, byline: bool, landmarks: bool) -> bool:
    """``node``'s tag marks page furniture (see :func:`is_unrelated`); an ``<article>``'s own
    ``<footer>`` holds its post meta ("Posted by ..."), which a byline may come from."""
    if tag not in _UNRELATED_TAGS or (not landmarks and tag in {"aside", "footer"}):
        return False
    return not (byline and tag == "footer" and _sectioning_parent(node) == "article")


def _sectioning_parent(el: HtmlElement) -> str | None:
    """Tag of the nearest sectioning ancestor (``article``, ``section``, ``aside``, ``nav``,
    ``body``), which HTML makes the owner of a ``<footer>``."""
    for node in el.iterancestors("article", "section", "aside", "nav", "body"):
        return str(node.tag)
    return None


def _unrelated_word(word: str) -> bool:
    """One class/id word of a byline's ancestor names a widget about other content."""
    low = word.lower()
    if "author" in low or "byline" in low or "writer" in low:
        return False
    return _UNRELATED.search(_BUILDER_BLOCK.sub("", low)) is not None


_BUILDER_BLOCK = re.compile(r"widgets?")
"""Page builders (Elementor, WPBakery) wrap every block in a "widget": no sign of a teaser."""


MAX_HEAD_ELEMENTS = 2_000
"""``<meta>``/``<link>``/``<script>`` elements read per page; real pages carry a few hundred."""


@dataclass(slots=True)
class Head:
    """The elements that carry page-level metadata, gathered in one C-level walk."""

    metas: list[HtmlElement] = field(default_factory=list)
    links: list[HtmlElement] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    jsonld_types: list[str | None] = field(default_factory=list)
    """The ``type`` attribute of each script in ``jsonld`` (same order)."""
    complete: bool = True
    """False when the page has more than ``MAX_HEAD_ELEMENTS`` of these elements and the walk
    stopped: the lists then hold only the first ones."""
    base: str | None = None
    title: str = ""
    headings: list[HtmlElement] = field(default_factory=list)
    """The first ``MAX_HEADINGS`` ``<h1>`` and ``<h2>`` elements, in page order."""

    @property
    def h1s(self) -> list[HtmlElement]:
        """The first three ``<h1>`` elements."""
        return [el for el in self.headings if el.tag == "h1"][:3]


MAX_HEADINGS = 24
"""``<h1>``/``<h2>`` elements kept per page: the article's own heading is among the first few
(pages with a dozen ``<h1>`` exist: one per section or per widget)."""


def head(tree: HtmlElement) -> Head:
    """Collect ``<meta content>``, ``<link rel href>``, JSON-LD scripts, ``<base>``, ``<title>``
    and the first ``<h1>``/``<h2>`` elements (``iter`` with tag names runs in C: ~10x cheaper than
    one XPath per kind)."""
    found = Head()
    seen_title = False
    for count, el in enumerate(tree.iter("meta", "link", "script", "base", "title", "h1", "h2")):
        if count >= MAX_HEAD_ELEMENTS:
            found.complete = False
            break
        tag = el.tag
        if tag == "meta":
            if el.get("content") is not None:
                found.metas.append(el)
        elif tag == "script":
            kind = el.get("type")
            if "ld+json" in (kind or "").lower() and el.text:
                found.jsonld.append(el.text)
                found.jsonld_types.append(kind)
        elif tag == "link":
            if el.get("rel") and el.get("href"):
                found.links.append(el)
        elif tag in {"h1", "h2"}:
            if len(found.headings) < MAX_HEADINGS:
                found.headings.append(el)
        elif tag == "title":
            if not seen_title:
                seen_title = True
                found.title = " ".join(el.text_content().split())
        elif found.base is None and el.get("href"):
            found.base = el.get("href")
    return found


MAX_HEADING_CHARS = 400
"""Longer "headings" are whole blocks wrapped in a heading tag, not a title."""
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "dialog", "menu"})
_CHROME_ROLES = frozenset({"navigation", "contentinfo", "complementary", "dialog", "menu", "search"})
_SCOPE_TAGS = frozenset({"article", "main"})
_HIDDEN_CLASS = re.compile(
    r"(?<![\w:-])(?:sr-only|screen-reader-text|visually-hidden|visuallyhidden|hidden|is-hidden|d-none"
    r"|u-hidden|offscreen|hide)(?![\w-])",
    re.I,
)
"""Class names that hide an element from sighted readers (Bootstrap, WordPress, Tailwind, HTML5
Boilerplate); a heading kept for screen readers ("Post navigation") is no title. Responsive
variants ("md:hidden") hide it on some screens only."""
_SHOWN_ON_SOME_SCREENS = re.compile(r"[\w-]:(?:block|flex|grid|inline|table|d-block|d-flex)\b")
"""A responsive class that shows an element hidden by default ("hidden md:block")."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(slots=True, frozen=True)
class Heading:
    """One heading of the page that a reader sees and that may be the article's own."""

    text: str
    """Its text, whitespace collapsed, at most ``MAX_HEADING_CHARS``."""
    level: int
    """1 for ``<h1>`` (and ``itemprop=headline``), 2 for ``<h2>``."""
    order: int
    """Position among the page's headings (0 = first)."""
    in_article: bool
    """Inside ``<article>``, ``<main>``, ``role=main`` or ``itemprop=articleBody``."""
    home_link: bool
    """Its only link leads to the site's front page: a masthead ("<h1><a href="/">Blog</a>")."""
    element: HtmlElement | None = field(default=None, compare=False, repr=False)
    """The heading element itself."""


def headings(elements: list[HtmlElement]) -> list[Heading]:
    """The visible headings among ``elements`` (page order), without those in navigation,
    footers, asides, forms and dialogs (landmarks of page furniture) and hidden ones."""
    out: list[Heading] = []
    # the headings of a page share most of their ancestors: each one's own look is judged once
    hiding: dict[HtmlElement, bool] = {}
    for order, el in enumerate(elements):
        content = _heading_text(el)
        if not content or len(content) > MAX_HEADING_CHARS or _is_hidden(el, hiding):
            continue
        in_article = _landmark(el)
        if in_article is None:
            continue
        level = 2 if el.tag == "h2" else 1
        out.append(Heading(content, level, order, in_article, _links_home(el, content), el))
    return out


_BREAKS = frozenset({"br", "div", "p", "span", "small", "time", "li"})


_NOT_TITLE = frozenset({"script", "style", "time", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Parts of a heading that are not its title: a ``<time>`` ("<h1><time>Dec 18 2025</time>
Title</h1>") and a heading nested in it (a post-meta ``<h3>`` "Posted on ... by ..." written
inside the ``<h1>``)."""


def _heading_text(el: HtmlElement) -> str:
    """A heading's text with a space at line breaks and between its block parts
    ("WEEKEND<br>CODING AGENT" and "<span>Title</span><span>Subtitle</span>" keep their words
    apart); scripts, styles, ``<time>`` elements and nested headings left out."""
    parts: list[str] = [el.text or ""]
    _heading_parts(el, 0, parts)
    return " ".join("".join(parts).split())[: MAX_HEADING_CHARS + 1]


# The walks are module functions, not closures: a closure that calls itself is a reference cycle,
# left for the garbage collector on every call.
def _heading_parts(node: HtmlElement, depth: int, parts: list[str]) -> None:
    """Append the texts of ``node``'s children to ``parts`` (see :func:`_heading_text`)."""
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        gap = " " if tag in _BREAKS or tag in _NOT_TITLE else ""
        if tag and tag not in _NOT_TITLE and depth < MAX_ANCESTORS:
            parts.append(gap + (child.text or ""))
            _heading_parts(child, depth + 1, parts)
        parts.append(gap + (child.tail or ""))


def _is_hidden(el: HtmlElement, hiding: dict[HtmlElement, bool]) -> bool:
    """``el`` or an ancestor is hidden by attribute, inline style or a hiding class (``_hides``);
    ``hiding`` caches each element's own verdict (for one page's headings)."""
    node: HtmlElement | None = el
    for _ in range(MAX_ANCESTORS):
        if node is None or not isinstance(node.tag, str) or node.tag == "body":
            return False
        hidden = hiding.get(node)
        if hidden is None:
            hidden = hiding[node] = _hides(node)
        if hidden:
            return True
        node = node.getparent()
    return False


def _hides(node: HtmlElement) -> bool:
    """``node`` itself is hidden by its attributes, its inline style or a hiding class."""
    if node.get("hidden") is not None or node.get("aria-hidden") == "true":
        return True
    style = node.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = node.get("class")
    return bool(cls and _HIDDEN_CLASS.search(cls) and not _SHOWN_ON_SOME_SCREENS.search(cls))


def _landmark(el: HtmlElement) -> bool | None:
    """``True`` when ``el`` sits in the main content (``<article>``, ``<main>``...), ``None``
    when it sits in page furniture (navigation, footer, aside, form, dialog), else ``False``."""
    node: HtmlElement | None = el.getparent()
    for _ in range(MAX_ANCESTORS):
        if node is None or not isinstance(node.tag, str) or node.tag == "body":
            return False
        role = node.get("role")
        if node.tag in _SCOPE_TAGS or role == "main" or node.get("itemprop") == "articleBody":
            return True
        if node.tag in _CHROME_TAGS or role in _CHROME_ROLES:
            return None
        node = node.getparent()
    return False


def _links_home(el: HtmlElement, content: str) -> bool:
    """The heading is one link, to a front page (``/``, ``./``, ``https://host/``)."""
    links = list(el.iterdescendants("a"))
    if len(links) != 1:
        return False
    href = (links[0].get("href") or "").strip()
    if not href:
        return False
    path = re.sub(r"^(?:https?:)?//[^/?#]+", "", href).split("?")[0].split("#")[0]
    return path in {"", "/", "./", "/index.html", "/index.php"} and len(text(links[0])) >= len(content) // 2


@dataclass(slots=True)
class Markup:
    """Candidate elements of one page, by kind, in page order (filled by :func:`scan`)."""

    bylines: list[tuple[int, HtmlElement]] = field(default_factory=list)
    times: list[tuple[str, HtmlElement]] = field(default_factory=list)
    headlines: list[HtmlElement] = field(default_factory=list)
    breadcrumbs: list[HtmlElement] = field(default_factory=list)
    itemtypes: list[str] = field(default_factory=list)
    """Every microdata ``itemtype`` value of the page, in page order."""


_AUTHOR_CLASS = re.compile(r"author(?!i[sz])|writer")
"""An "author" class, not "authorization-link"."""


def scan(tree: HtmlElement) -> Markup:
    """Sort the page's candidate elements by kind, in one XPath pass."""
    found = Markup()
    for attr in CANDIDATES(tree):
        if attr.attrname == "itemtype":
            found.itemtypes.append(str(attr))
            continue
        el = attr.getparent()
        if el is None or not isinstance(el.tag, str) or el.tag in {"meta", "link", "script", "body", "html"}:
            if el is not None and el.tag == "meta" and attr.attrname == "itemprop":
                pass  # <meta itemprop="datePublished" content=...> is microdata: keep it
            else:
                continue
        name, value = attr.attrname, str(attr)
        if name == "itemprop":
            if value in {"author", "creator"}:
                found.bylines.append((0, el))  # explicit markup first: it holds the name only
            elif value in _DATE_PROPS:
                found.times.append((_DATE_PROPS[value], el))
            else:
                found.headlines.append(el)
        elif name == "rel":
            found.bylines.append((0, el))
        elif name == "datetime":
            found.times.append(("time", el))
        elif name == "href":
            if "/author/" in value or "/authors/" in value:
                found.bylines.append((2, el))  # a link to an author page (WordPress and others)
        else:
            low = value.lower()
            if "byline" in low:
                found.bylines.append((1, el))
            elif _AUTHOR_CLASS.search(low):
                found.bylines.append((2, el))
            if "breadcrumb" in low:
                found.breadcrumbs.append(el)
    return found


def bylines(
    markup: Markup, *, explicit_only: bool = False, near: frozenset[HtmlElement] = frozenset()
) -> Iterator[tuple[HtmlElement, str]]:
    """Candidate byline elements and their text (parts of the element kept apart by " | ", see
    :func:`parted_text`): ``itemprop=author`` and ``rel=author`` first, then "byline" classes,
    then "author" classes and author-page links (``explicit_only``: the first two, and the others
    among the elements ``near`` the headline), each in page order; widgets about other content
    skipped, unless microdata makes the element this article's author."""
    seen = 0
    done: set[HtmlElement] = set()
    for tier, el in sorted(markup.bylines[: MAX_CANDIDATES * 4], key=lambda c: c[0]):
        if seen >= MAX_CANDIDATES:
            return
        if explicit_only and tier > 1 and el not in near:
            continue
        if el in done or is_unrelated(el, byline=True, landmarks=not _article_property(el)):
            continue
        done.add(el)
        content = _byline_text(el)
        if content:
            seen += 1
            yield el, content


_NAME_PARTS = etree.XPath(
    "descendant::*[@itemprop='name' or contains(concat(' ', translate(@class, '_', '-'), ' '), 'name ')"
    " or contains(@class, 'name-') or contains(@class, '-name')][not(self::img)]"
)
"""Elements of a byline or author box that hold only a name (``itemprop=name``, classes such
as "author-name", "byline__name", "author-box__name")."""


def _byline_text(el: HtmlElement) -> str | None:
    """What a byline element credits: its name-holding parts when it marks them, else its text
    parted by elements; an author box too long to be a byline gives its first part (the name
    leads, the biography follows)."""
    if el.tag == "meta":
        return " ".join((el.get("content") or "").split())[:MAX_BYLINE_CHARS] or None
    names = [t for n in _NAME_PARTS(el)[:4] if (t := parted_text(n, MAX_BYLINE_CHARS))]
    if names:
        return _PART.join(names)[:MAX_BYLINE_CHARS]
    content = parted_text(el, MAX_BYLINE_CHARS + 1)
    if len(content) <= MAX_BYLINE_CHARS and len(_SENTENCE_ENDS.findall(content)) < 2:
        return content or None
    if el.tag in _SECTIONING or next(el.iterdescendants("h1", "h2"), None) is not None:
        return None  # a post container classed by its author ("post author-jane"), not a box
    first = content.split(_PART, 1)[0]
    return first if len(first) <= MAX_FIRST_PART_CHARS and _PART in content else None


_SECTIONING = frozenset({"article", "main", "section", "body", "html"})
_SENTENCE_ENDS = re.compile(r"\b[a-z]{3,}\)?[.!?]\s+[A-Z]")
"""Where one sentence ends and the next starts ("storyteller. Contributor"): two in one author
element make it a biography, whose "The Guardian, Wired and BBC" are no bylines; its leading
part may still be the name."""


MAX_FIRST_PART_CHARS = 60
"""The name leading an author box is short (``authors.MAX_NAME_CHARS``)."""


_ARTICLE_ITEM = re.compile(r"article|posting|report|creativework", re.I)
"""schema.org types whose ``author`` property is the article's author."""


def _article_property(el: HtmlElement) -> bool:
    """``el`` is a microdata property (``itemprop``) of an Article item: whatever box it sits in
    (an ``<aside>`` post-meta line), it describes this article."""
    if el.get("itemprop") is None:
        return False
    for node in el.iterancestors():
        if node.get("itemscope") is not None:
            return _ARTICLE_ITEM.search(node.get("itemtype") or "") is not None
    return False


_INLINE = frozenset({"b", "strong", "i", "em", "u", "abbr", "font", "bdi", "bdo", "mark", "small"})
_PART = " | "
_PARTS = re.compile(r"\s*\|(?:\s*\|)*\s*")


def parted_text(el: HtmlElement, limit: int = 2_000) -> str:
    """The element's text with " | " where one child element ends and the next begins, so that
    "<span>By</span><span>Lee Morgan</span><span>Reporter</span>" reads as three parts and
    "By<a>Daryl Austin</a>" as two, not "ByDaryl Austin"; inline styling (``<b>``, ``<em>``...)
    joins; scripts and styles are left out."""
    parts: list[str] = [el.text or ""]
    _parted(el, 0, parts, [limit * 2])
    # split/join: _SPACE.sub(" ", ...) but for a space at either end, which the separator's
    # pattern takes in or the final strip drops
    out = " ".join("".join(parts).split())
    out = _PARTS.sub(" | ", out)  # one separator for empty parts and spaces around
    return out.strip(" |")[:limit]


def _parted(node: HtmlElement, depth: int, parts: list[str], budget: list[int]) -> None:
    """Append the texts of ``node``'s children to ``parts`` while ``budget[0]`` characters are
    left (see :func:`parted_text`; a module function: see :func:`_heading_parts`)."""
    for child in node:
        if budget[0] <= 0:
            return
        tag = child.tag if isinstance(child.tag, str) else ""
        gap = "" if tag in _INLINE else _PART
        if tag and tag not in {"script", "style"} and depth < MAX_ANCESTORS:
            parts.append(gap + (child.text or ""))
            _parted(child, depth + 1, parts, budget)
        parts.append(gap + (child.tail or ""))
        budget[0] -= len(child.text or "") + len(child.tail or "")


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


def breadcrumb_trails(tree: HtmlElement) -> tuple[list[HtmlElement], list[str]]:
    """The first three elements whose class names a breadcrumb trail (for pages not scanned
    already), and every microdata ``itemtype`` value of the page (see ``BREADCRUMBS``)."""
    trails: list[HtmlElement] = []
    itemtypes: list[str] = []
    for attr in BREADCRUMBS(tree):
        if attr.attrname == "itemtype":
            itemtypes.append(str(attr))
        elif len(trails) < 3:
            trails.append(attr.getparent())
    return trails, itemtypes


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


MAX_PAGE_CREDITS = 16
"""Elements whose text starts with "by" read by :func:`labelled_credits`: a bound keeps a hostile
page's work short."""
_CREDIT_LOOKAHEAD = 12
"""Elements read from a credit line's start: its own (a byline box of a few spans) and, after a
label standing alone, the next ones up to the name."""
_LEAD = "translate(substring(normalize-space(text()), 1, 10), 'BYWRITEN', 'bywriten')"
_CREDIT_STARTS = etree.XPath(
    "descendant::*[text()][not(self::script or self::style)]"
    "[contains('bBwW', substring(normalize-space(text()), 1, 1))]"
    f"[starts-with({_LEAD}, 'by') or starts-with({_LEAD}, 'written by')]"
)
"""Elements whose first text starts like a credit ("By", "Written by", any case): where a credit
line can start (one query in C instead of reading every element's text). ``[text()]`` first: an
element without a text node of its own (most wrappers) cannot start one, and that test is far
cheaper than building its lead twice; then its first letter (b or w, or none: ``contains`` of an
empty string is true, and the last test rejects it), which rejects most elements for one lead
built instead of two."""
MAX_PAGE_CREDIT_CHARS = 100
"""A credit line found away from the headline is short: "Written by Jane Doe | Editor"."""
_PAGE_CREDIT = re.compile(r"^(?:written\s+)?by\b", re.I)
_CONTROLS = etree.XPath(
    "ancestor-or-self::*[self::a or self::button or self::select or self::option or self::label"
    " or self::textarea or self::code or self::pre or self::svg]"
)
"""A credit inside a link is a teaser's; inside a form control, a filter's ("Sort by"); inside
code, a program's ("GROUP BY")."""
MAX_BYLINE_DISTANCE = 40
"""Elements read after the headline for a byline: past the standfirst, the kicker and the share
bar, before the text (article headers seen hold 5-30 elements)."""
MAX_TEXT_BYLINE_CHARS = 160
"""A byline line ("By Jane Doe and John Roe, Staff Writers | Updated 5 May 2024") is short."""
_TEXT_BYLINE = re.compile(
    r"^(?:(?:[^\W\d_]+\s+){0,2}by|von|par|por|door|av|af|di|author|autor(?:in)?|auteur)\b"
    r"\s*[:\-–—|]?\s*[^\W\d_]",
    re.I,
)
"""A line that starts by crediting someone: "By", "Written by", "Author:", and the lead words
of ``authors._LEAD`` in other languages."""
_PROSE_CHARS = 200
"""An element holding this much text of its own is the article's text: the byline came before."""


_BYLINE_LABEL = re.compile(
    r"^(?:(?:[^\W\d_]+\s+){0,2}by|von|par|por|door|av|af|di|author|autor(?:in)?|auteur)\s*[:\-–—|]?$",
    re.I,
)
"""A credit's label standing alone ("By", "Written by", "Author:"): the name is the next line."""


def is_byline_label(text: str) -> bool:
    """Whether ``text`` is a credit's label alone: "By", "Written by", "Author:", "Von"."""
    return bool(_BYLINE_LABEL.match(text.strip()))


def text_bylines(
    heading: HtmlElement, unlabelled: Callable[[str], bool] | None = None
) -> Iterator[tuple[HtmlElement, str]]:
    """Lines after the article's heading that start by crediting someone ("By Jane Doe"), in
    page order, until the article's text begins; of nested such elements the innermost, its text
    parted as :func:`parted_text`. A label standing alone in its element ("<div>By</div>
    <p>Jane Doe</p>") credits the next element holding text: ``(that element, "By | Jane Doe")``.
    ``unlabelled`` accepts lines that credit without a lead word ("Jane Doe | 2 July 2025")."""
    return _credit_lines(islice(_following(heading), MAX_BYLINE_DISTANCE), unlabelled, until_text=True)


def labelled_credits(root: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Credit lines anywhere in ``root`` that start with "By" or "Written by" (the label alone in
    its element credits the next one, as :func:`text_bylines` reads it), at most
    ``MAX_PAGE_CREDIT_CHARS`` long, outside widgets about other content, links, form controls and
    code: the author box at an article's end, a post-meta line away from the headline. Other lead
    words ("Sold by", "Sort by", "Powered by") label shop and form furniture more often than
    writers. One query finds where such lines may start; only the few elements from there are
    read (reading every element's text cost ~13 ms on a large page)."""
    done: set[HtmlElement] = set()
    for start in _CREDIT_STARTS(root)[:MAX_PAGE_CREDITS]:
        if start in done:
            continue
        # the line's element with its descendants, then the next few: a label's name follows it
        window = [
            e
            for e in islice(chain(start.iter(), _following(start)), _CREDIT_LOOKAHEAD)
            if isinstance(e.tag, str)
        ]
        done.update(window)
        for el, content in _credit_lines(iter(window), None, until_text=False):
            if (
                len(content) <= MAX_PAGE_CREDIT_CHARS
                and _PAGE_CREDIT.match(content)
                and not _CONTROLS(el)
                and not _in_repeated_block(el)
                and not is_unrelated(el, byline=True)
            ):
                yield el, content


_CREDIT_WORD = re.compile(r"\bby\b", re.I)
MAX_CARD_DEPTH = 6
"""Levels above a credit line searched for a teaser card: card markup seen nests 2-5 deep."""


def _in_repeated_block(el: HtmlElement) -> bool:
    """Whether ``el`` sits in a list item, or in one of three or more siblings of the same tag and
    class that each credit someone ("by"): a grid of teaser cards, each with its own "By ...",
    credits each card's writer, not the page's."""
    node: HtmlElement | None = el
    for _ in range(MAX_CARD_DEPTH):
        if node is None:
            return False
        if node.tag == "li":
            return True
        parent = node.getparent()
        if parent is None:
            return False
        shape = (node.tag, node.get("class"))
        if not (shape[1] or node.tag == "article"):
            node = parent  # (classless paragraphs are the text itself, not cards)
            continue
        credited = (
            sib
            for sib in parent
            if (sib.tag, sib.get("class")) == shape and _CREDIT_WORD.search(" ".join(sib.itertext()))
        )
        if next(islice(credited, 2, None), None) is not None:
            return True
        node = parent
    return False


def _credit_lines(
    elements: Iterator[HtmlElement], unlabelled: Callable[[str], bool] | None, *, until_text: bool
) -> Iterator[tuple[HtmlElement, str]]:
    """The credit lines among ``elements`` (see :func:`text_bylines`); ``until_text``: stop at the
    first element holding prose or a top-level heading."""
    label = ""
    # A matching line is held while the walk goes through its descendants: an inner element
    # that starts the same way is the byline without its neighbours ("Share Article" beside it).
    held: tuple[HtmlElement, str] | None = None
    for el in elements:
        if held is not None and held[0] not in el.iterancestors():
            yield held
            held = None
        if el.tag in {"script", "style"}:
            continue
        own = (el.text or "").strip()
        if until_text and (len(own) >= _PROSE_CHARS or el.tag in {"h1", "h2"}):
            break
        content = parted_text(el, MAX_TEXT_BYLINE_CHARS + 1)
        if not content or len(content) > MAX_TEXT_BYLINE_CHARS:
            label = "" if content else label
            continue
        if label and own:
            yield el, f"{label} | {content}"
            label = ""
            continue
        if _BYLINE_LABEL.match(content):
            label = content
        elif _TEXT_BYLINE.match(content) or (unlabelled is not None and unlabelled(content)):
            held = (el, content)
    if held is not None:
        yield held


def bylines_near(heading: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Byline candidates (the kinds :func:`scan` finds) among the ``MAX_BYLINE_DISTANCE``
    elements after the article's heading, in the order :func:`bylines` gives (explicit author
    markup first, then "byline", then "author" classes, each in page order), outside widgets,
    with their text: a bounded walk instead of the page-wide scan."""
    found = [
        (tier, el)
        for el in islice(_following(heading), MAX_BYLINE_DISTANCE)
        if (tier := _byline_tier(el)) >= 0
    ]
    for _tier, el in sorted(found, key=lambda c: c[0]):
        if is_unrelated(el, byline=True, landmarks=not _article_property(el)):
            continue
        content = _byline_text(el)
        if content:
            yield el, content


def text_after(heading: HtmlElement) -> str:
    """The own texts (and tails) of the ``MAX_BYLINE_DISTANCE`` elements after the heading, joined:
    a cheap look at the header region before reading its bylines."""
    return " ".join(
        f"{el.text or ''} {el.tail or ''}" for el in islice(_following(heading), MAX_BYLINE_DISTANCE)
    )


def _byline_tier(el: HtmlElement) -> int:
    """The :func:`scan` tier of a byline candidate (0 explicit markup, 1 "byline" class, 2 an
    "author" class or author-page link), -1 when ``el`` is none."""
    if el.get("itemprop") in {"author", "creator"} or el.get("rel") == "author":
        return 0
    low = (el.get("class") or "").lower()
    if "byline" in low:
        return 1
    if _AUTHOR_CLASS.search(low):
        return 2
    href = el.get("href") if el.tag == "a" else None
    return 2 if href is not None and ("/author/" in href or "/authors/" in href) else -1


def after_heading(heading: HtmlElement | None) -> frozenset[HtmlElement]:
    """The ``MAX_BYLINE_DISTANCE`` elements after the article's heading: its byline's place."""
    if heading is None:
        return frozenset()
    return frozenset(islice(_following(heading), MAX_BYLINE_DISTANCE))


def _following(el: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after ``el`` in page order (not its own descendants)."""
    node: HtmlElement | None = el
    for _ in range(MAX_ANCESTORS):
        if node is None:
            return
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                for sub in sibling.iter():
                    if isinstance(sub.tag, str) and sub.tag not in {"script", "style"}:
                        yield sub
        node = node.getparent()
