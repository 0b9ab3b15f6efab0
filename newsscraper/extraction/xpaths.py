"""Selectors and word lists of the body extractor, compiled once and grouped by concept.

Every rule here is generic: tag names, ARIA roles and the class/id vocabulary that content
management systems use for boilerplate. Nothing is keyed to a site. The vocabularies were grown by
reading the worst pages of the eval sets (``bench/eval_aeb.py --worst``), before they were split into
a tuning and a checking half. Their entries are now measured by ``bench/vocabulary.py``: an entry
that fires on fewer than 3 tuning pages of 3 sites is deleted (issue 9's floor): 149 that fired on
no checking page, then (session 19) 53 kept because they fired on checking pages: fitted to
pages of what became the checking half. The word lists are tuples of entries so that the measurement and
the deletions stay simple.
Words are weak evidence: the reading applies them to short blocks only, never to a paragraph of
the article's prose (``body_blocks.promo``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

# --- 1. Tags -------------------------------------------------------------------------------------

UNWANTED_TAGS: tuple[str, ...] = (
    "script", "style", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "map", "button", "input", "select", "textarea", "option",
    "head", "link", "meta", "dialog", "menu", "source", "track", "param",
)  # fmt: skip
"""Never part of a body's text; stripped with their whole subtree (tails kept)."""

INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
"""Phrasing elements: their text belongs to the nearest enclosing block."""

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_ITEM_TAGS = frozenset({"li", "dd", "dt"})
CELL_TAGS = frozenset({"td", "th"})
CAPTION_TAGS = frozenset({"figcaption", "caption"})
NEVER_CONTAINER_TAGS = frozenset(
    {"p", "li", "a", "td", "th", "tr", "span", "h1", "h2", "h3", "figure", "figcaption", "caption"}
)
"""A block of one paragraph, or a figure, is never the article container, only part of one."""

# --- 2. Structure that is boilerplate whatever its class says ------------------------------------

LANDMARK_TAGS: tuple[str, ...] = ("nav", "aside", "footer")
LANDMARK_ROLES = frozenset(
    [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
        "toolbar",
    ]
)
ROLE_ATTRS = etree.XPath("//*/@role | //*/@aria-modal[. = 'true']")
"""Landmarks (by tag or ARIA role) hold navigation, site furniture or overlays, never article
text; tags are found with ``iter`` (one C-level walk), roles with this XPath (selecting attributes
is twice as fast as testing every element; ``//*/@`` visits only elements, ``//@`` every text node
too: ~12 % faster on aeb, same result)."""

HIDDEN_ATTRS = etree.XPath(
    "//*/@hidden | //*/@aria-hidden[. = 'true'] | //*/@style[contains(., 'none') or contains(., 'hidden')]"
)
"""Attributes that may hide their element (``cleaning.drop_hidden`` checks the style's value);
selecting attributes is twice as fast as testing every element (``//*/@``: see ``ROLE_ATTRS``)."""
HIDDEN_OR_ROLE_ATTRS = etree.XPath(f"{HIDDEN_ATTRS.path} | {ROLE_ATTRS.path}")
"""``HIDDEN_ATTRS`` and ``ROLE_ATTRS`` in one query (``cleaning.clean_tree``): on aeb pages the
union of the five costs about two thirds of the two queries run apart."""
CSS_HIDDEN_MARK = "data-newsscraper-css-hidden"
"""Attribute set by ``cleaning.mark_stylesheet_hidden`` on elements the page's stylesheet hides."""
SKIP_MARK = "data-newsscraper-skip"
"""Attribute set on elements the reading skips though they are scored (its value: the rule's
name, ``forum-signature`` or ``form``): their text still weighs in the container's choice, as it
did before the rule, but is no part of the body."""
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# attributes selected, not elements tested (``ROLE_ATTRS``): about half the cost, same answer
_ITEMPROP_BODY_WITHIN = etree.XPath("boolean(.//*/@itemprop[. = 'articleBody'])")


def landmark_keep(el: etree._Element) -> bool:
    """Whether the landmark ``el`` holds the headline or the article (an ``<h1>``, an
    ``<article>``, an ``itemprop=articleBody``): it is the page's main part, whatever its tag.
    The tags are looked for by a tag-filtered walk that stops at the first (a union query walks
    the subtree once per part and sorts what it finds), the attribute by one query."""
    return next(el.iterdescendants("h1", "article"), None) is not None or bool(_ITEMPROP_BODY_WITHIN(el))


JSON_LD_TYPE = "application/ld+json"
BASE_HREF = etree.XPath("head/base/@href")
ITEMPROP_BODY = etree.XPath("//*[@itemprop='articleBody' or @itemprop='articlebody']")
TEASER_HEADINGS: tuple[str, ...] = ("h2", "h3", "h4")
"""Heading levels of teaser headlines: many of them, all link text, mean a listing page."""

# --- 3. Class / id vocabularies ------------------------------------------------------------------

# INFIX words are distinctive enough to count anywhere ("imageEmbedCaption", "articleByline").
# Other words are matched at the start of a class/id word (after start, space, "-", "_" or a digit), so
# "share" hits "share-bar", "shareBar" and "social-share" but not "timeshare". PREFIX words may be
# followed by more of the class word ("ad-slot", "comments-list"); TERMINAL words must end it,
# because as a prefix they name things ("category-news" and "tag-paris" are WordPress article
# classes, "date-picker", "header-wrap" of a whole page).
# Not words here: "paywall" (paywalled wrappers hold the text; the prompts are caught as promo
# text), "teaser" (a lead is often classed so), "widget" alone (page builders call every block so).
_PREFIX_WORDS_LIST: tuple[str, ...] = (
    r"ad",
    r"ads",
    r"adv",
    r"advert\w*",
    r"adslot",
    r"adunit",
    r"dfp",
    r"gpt",
    r"taboola",
    r"outbrain",
    r"sponsor\w*",
    r"promo\w*",
    r"banner",
    r"share\w*",
    r"sharing",
    r"social\w*",
    r"addthis",
    r"follow\w*",
    r"comment(?!ary)\w*",
    r"kommentar\w+",
    r"disqus",
    r"discussion",
    r"respond",
    r"reply",
    r"replies",
    r"related\w*",
    r"recommend\w*",
    r"more[-_]?(?:stories|articles|news|from|on|in|like|for)",
    r"most[-_]?\w+",
    r"popular\w*",
    r"trending",
    r"read[-_]?(?:more|also|next)",
    r"next[-_]?(?:article|post|story)",
    r"see[-_]?also",
    r"recirc\w*",
    r"newsletter\w*",
    r"subscri\w*",
    r"signup",
    r"sign[-_]up",
    r"cookie\w*",
    r"consent\w*",
    r"gdpr",
    r"skip\w*",
    r"sr[-_]only",
    r"screen[-_]?reader",
    r"visually[-_]?hidden",
    r"a11y",
    r"offscreen",
    r"loader",
    r"spinner",
    r"skeleton",
    r"nav",
    r"navbar",
    r"navigation",
    r"menu\w*",
    r"breadcrumbs?",
    r"pagination",
    r"pager",
    r"sidebar\w*",
    r"widget[-_]?area",
    r"widgets",
    r"masthead",
    r"topbar",
    r"toolbar",
    r"site[-_]?(?:header|footer)",
    r"footer\w*",
    r"byline\w*",
    r"dateline",
    r"timestamp",
    r"caption\w*",
    r"credit\w*",
    r"copyright",
    r"tag[-_]?list",
    r"tags[-_]\w+",
    r"modal",
    r"popup",
    r"overlay",
    r"lightbox",
    r"toast",
    r"flyout\w*",
    r"ratings?",
    r"vote",
    r"poll",
    r"donat(?:e|ion)\w*",
    r"disclosure\w*",
    r"disclaimer\w*",
    r"affiliate\w*",
    r"(?:post|entry)[-_]?meta\w*",
    r"survey",
    r"about[-_]?(?:the[-_]?)?author",
    r"author[-_]?(?:bio|box|info|card)",
    r"icons?",
    r"material[-_]icons\w*",
    r"fa",
    r"glyphicon\w*",
    r"wp[-_]embedded[-_]content",
)
_PREFIX_WORDS = "|".join(_PREFIX_WORDS_LIST)
_TERMINAL_WORDS = (
    r"header|date|time|meta|published|updated|author|authors|tags?|keywords|categor\w*|topics?"
    r"|print|email|bio|profile|privacy|register|loading|placeholder|likes?|prev|previous|"
    r"advertisement|accessibility"
)
_INFIX_WORDS = r"caption|credit|byline|dateline|news[-_]?letter|image[-_]?description"


def by_first_letter(words: Iterable[str]) -> str:
    """The alternation ``"|".join(words)`` of regex patterns, with the patterns that open with
    the same literal letter grouped behind it (``ad|ads|nav|adv`` -> ``a(?:d|ds|dv)|nav``).

    The regex engine tries an alternation's branches one by one at every position it searches,
    checking the first character of each: grouped, a position costs one check per letter instead
    of one per pattern (the boilerplate class words, ~170 patterns: a third off their search).
    Each of ``words`` is one branch (no top-level ``|``).
    It is the same regex: at a given position only the patterns opening with that position's
    letter can match, and they keep their order, so the same branch matches with the same
    ``group()``. A pattern not opening with a literal letter (``(?:post|entry)-meta``, ``\\b``,
    ``s?``) stays where it is, between the groups of the patterns before and after it, as does
    a letter met in the other case before (``re.I`` would make ``A`` and ``a`` both match).

    >>> by_first_letter(["ad", "ads", "nav", "adv", "(?:post|entry)-meta", "ad-slot"])
    'a(?:d|ds|dv)|nav|(?:post|entry)-meta|ad-slot'
    """
    out: list[str] = []
    groups: dict[str, list[str]] = {}
    for word in [*words, ""]:  # "": the end, where the last groups are written out
        first = word[:1]
        barrier = not first.isalpha() or word[1:2] in ("?", "*", "+", "{")
        if barrier or (first not in groups and first.swapcase() in groups):
            out.extend(
                f"{c}(?:{'|'.join(rests)})" if len(rests) > 1 else c + rests[0] for c, rests in groups.items()
            )
            groups.clear()
        if barrier:
            out.append(word)
        else:
            groups.setdefault(first, []).append(word[1:])
    out.pop()  # the end marker
    return "|".join(out)


BOILERPLATE_CLASS = re.compile(
    rf"(?:^|[\s_\-\d])(?:(?:{by_first_letter(_PREFIX_WORDS_LIST)})(?=$|[\s_\-\d])"
    rf"|(?:{by_first_letter(_TERMINAL_WORDS.split('|'))})(?=$|\s))"
    rf"|{by_first_letter(_INFIX_WORDS.split('|'))}"
)
"""Class/id words that name boilerplate, matched on the *lower-cased* class string (``re.I`` would
double the cost of the page's busiest regex), so ``relatedArticles`` is one word
``relatedarticles`` matched by ``related\\w*``."""

SECTION_CLASS = re.compile(r"(?:^|[\s_\-\d])(?:comment(?!ary)|disqus|related|repl(?:y|ies))")
"""The strongest boilerplate words: a comment thread or a related-posts list, which can hold more
text than the article above it (``body_blocks`` prunes it whatever its size)."""

_STATE_PREFIX = r"(?:has|with|no|is|show|enable|allow)-"
_STATE_MODIFIER = re.compile(rf"(?:^|(?<=[\s_-])){_STATE_PREFIX}[\w-]*")
_STATE_START = re.compile(_STATE_PREFIX)
_DIGIT = re.compile(r"\d")
_HEX_RUN = re.compile(r"[0-9a-f]{6}")
"""Six hexadecimal characters in a row, which every ``_GENERATED`` match holds: a search for a run
of one character set skips the look-behind ``_GENERATED`` tries at every position, so it gates it
(on the aeb pages' class strings holding a digit: 2.2 -> 1.5 ms)."""
_GENERATED = re.compile(
    r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|(?<![a-z])(?=[a-f]*\d)[0-9a-f]{6,}(?![a-z])"
)
"""A generated name's hexadecimal part (a UUID's groups, a hash: ``__6fb52539-ef64-...-584fc276fa44``):
a digit beside letters a-f reads as a word boundary, so ``fa`` (an icon font's class) was found
inside ``...276fa44``."""


def drop_state_modifiers(words: str) -> str:
    """``words`` (lower-cased class/id text) without its state modifiers (``has-ads``,
        ``o-section--with-comments``, ``is-sidebar-open``): they describe what is near an element, not
        what it is; and without the hexadecimal parts of generated names (``_GENERATED``), which name
        nothing. Most class strings hold none, and a plain search for their start is ~40 % cheaper than
    the pattern's look-behind tried at every position, so it gates the pass.

        >>> drop_state_modifiers("article has-comments"), drop_state_modifiers("share-bar")
        ('article  ', 'share-bar')
    """
    if "-" in words and _STATE_START.search(words):
        words = _STATE_MODIFIER.sub(" ", words)
    if _DIGIT.search(words) and _HEX_RUN.search(words):
        words = _GENERATED.sub(" ", words)
    return words


HEADER_WORD = re.compile(r"header|intro|lead|head\b", re.I)
"""Class words of an article's header, which holds the lead (``header_only``)."""

CONTENT_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:article[-_]?(?:body|content|text)|entry[-_]?content|post[-_]?(?:body|content"
    r"|text)|story[-_]?(?:body|content|text)|body[-_]?(?:text|copy)|main[-_]?content|content[-_]?body"
    r"|articlebody|storybody|td-post-content|rich[-_]?text|text[-_]?body)"
)
"""Words that name the article body (matched on the lower-cased class string): such an element
is never dropped as boilerplate."""


def names_content(words: str) -> bool:
    """Whether ``CONTENT_CLASS`` finds a word naming the article body in ``words``. Each of its
    words holds "body", "content" or "text": three substring tests (C loops) rule out most class
    strings before the search, which tries its alternation at every position (~3x cheaper).

    >>> names_content("entry-content clearfix"), names_content("sidebar")
    (True, False)
    """
    if "body" not in words and "content" not in words and "text" not in words:
        return False
    return CONTENT_CLASS.search(words) is not None


CAPTION_CLASS = re.compile(r"caption|credit|copyright|legend|photo[-_]?source|image[-_]?source", re.I)
CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|author|byline|rights", re.I)

# --- 4. Text patterns ----------------------------------------------------------------------------

_AD_LABEL_WORDS: tuple[str, ...] = (
    r"advertisement",
    r"anzeige",
)
AD_LABEL = re.compile(r"^\W*(?:" + "|".join(_AD_LABEL_WORDS) + r")\W*$", re.I)
"""A block that is only an ad label."""

BYLINE = re.compile(
    r"^\s*(?:by|von|par|por|di|door|av|af|przez|автор)\s+[\w.'’\- ]{2,60}"
    r"(?:,\s*[\w.'’\- ]{2,40}){0,2}\s*$|^\s*(?:written|posted|published|updated|reported)\s+"
    r"(?:by|on|at)\b",
    re.I,
)
DATELINE = re.compile(
    r"^\W*(?:(?:first published(?: on)?|published(?: on)?|updated(?: on)?|posted(?: on)?|"
    r"last updated|modified|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|publicado|actualizado)\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|\d{1,2}\.?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:\s*(?:at|um|à|,|-|\|)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\W*$",
    re.I,
)
"""A block that is only a date (and time), possibly labelled."""
EDIT_STAMP = re.compile(r"^\W*last updated\b")
"""Opening words of an edit stamp ("Last updated 2026-03-05 UTC.", "Last updated: December 15th
2025"), matched on the lower-cased text: on 4 WCXB tuning pages of 3 sites, out of the truth
each time a date follows (``body_blocks.edit_stamp``). "last edited" (a forum post's footer)
opens more such lines, but WCXB's truth holds the names and dates they repeat: left out."""
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
"""A numeric date written year first (``2026-03-05``), which ``datetimes.find_textual`` leaves to
the page's markup."""
META_LABEL = re.compile(
    r"\b(?:date|datum|category|categories|kategorie|rubrik|tags?|schlagw[oö]rter|author|autor|"
    r"views|aufrufe|hits|posted|rating|bewertung|(?:hinzugefügt|verfasst|geschrieben|erstellt) von)"
    r"\s*:",
)
"""Field labels of a post's meta line (two of them in one short block make it one); matched on
the lower-cased text, like the promo patterns."""
META_SPLIT = re.compile(r"\s*(?:\n|\s[|·•]\s)\s*")
"""Separators between the fields of a meta line: line breaks, pipes, middle dots, bullets."""


_BOILERPLATE_TEXT_WORDS: tuple[str, ...] = (
    r"share(?: this)?(?: article| story| post| on \w+)?",
    r"tweet",
    r"e-?mail",
    r"read more",
    r"related(?: articles| stories| posts| content)?",
    r"subscribe(?: now)?",
    r"log ?in",
    r"sign in",
    r"comments?",
    r"back to top",
    r"click to (?:expand|enlarge)",
    r"video",
    r"close",
    r"kontakt",
    r"contact(?: us)?",
)
BOILERPLATE_TEXT = re.compile(r"^\W*(?:" + "|".join(_BOILERPLATE_TEXT_WORDS) + r")\W*$", re.I)
"""Short blocks whose whole text is a widget label."""

_PROMO_START_WORDS: tuple[str, ...] = (
    r"read more",
    r"also read",
    r"see also",
    r"related",
    r"recommended",
    r"more:",
    r"sign up for",
    r"subscribe to",
    r"click here to",
    r"by (?:using|continuing)",
    r"mehr zum thema",
    r"czytaj też",
    r"follow [\w@ ]{1,40} on (?:twitter|facebook|instagram)",
    r"for the latest (?:news|stories)",
    r"submit your letter",
    r"(?:źródło|quelle|fuente|fonte|source|release date|last modified|aufrufe)\s*:",
    r"(?:photo|picture|image|foto|bild|abbildung|credit|fotó|zdjęcie)s?\s*(?:by)?\s*:",
    r"get the latest (?:news|updates|stories)",
    r"for more information,? (?:visit|see|go to)",
)
PROMO_START = re.compile(r"^\W*(?:" + by_first_letter(_PROMO_START_WORDS) + r")")
"""Opening words of promo, newsletter, cookie and cross-link blocks (checked on short blocks).
Matched on the lower-cased text: ``re.I`` made the promo patterns three times slower."""

_PROMO_ANYWHERE_WORDS: tuple[str, ...] = (
    r"sign up (?:for|to)",
    r"subscribe (?:to|for|now)",
    # branches open with a letter (no group), so that ``by_first_letter`` groups them all
    r"our newsletter",
    r"newsletter",
    r"abonnieren sie",
    r"click here",
    r"affiliate[- ]links?",
    r"enthält werbung",
    r"receive (?:a )?(?:small )?commission",
    r"earn (?:a )?(?:small )?commission",
    r"unterstützen sie (?:uns|unsere|unseren|unabhängigen|diese)",
    r"subskrypcj\w*",
    r"contact us (?:at|via|by|on)",
    r"rss[- ]?feeds?\b",
    r"comment\w* .{0,80}(?:moderat|aprovad|freigeschaltet|freigegeben)",
    r"coment\w* .{0,80}(?:moderat|aprovad|freigeschaltet|freigegeben)",
    r"getty ?images",
    r"istock",
    r"shutterstock",
    r"adobe ?stock",
    r"unsplash",
)
PROMO_ANYWHERE = re.compile(r"\b(?:" + by_first_letter(_PROMO_ANYWHERE_WORDS) + r")")
"""Promo words anywhere in a short block (checked below ``2 * SHORT_BLOCK`` characters, on the
lower-cased text); also a bracketed photo credit or a picture agency: such a short block is a
caption or a credit line (the snippets truth never counts one as text; the aeb truth keeps three
of them)."""
PROMO_COPYRIGHT = re.compile(r"(?:^|(?<=[\s.!?|/(:]))©\s?[^\W\d_]")
"""A copyright sign before a name, in a short block: a credit line, like ``PROMO_ANYWHERE``. Its
own pattern, searched only when the block holds a ©: tried at every position, it cost a third of
the promo search. A © glued to a letter is UTF-8 read as Latin-1 ("Ã©t" for "ét"; the body is read
before the text repair), one before a year can end a sentence."""

COPYRIGHT_NOTICE = re.compile(r"rights reserved|property of|reproduc|redistribut|permission|licen[cs]", re.I)
"""Words of a long copyright notice (a photo credit glued to the first paragraph has none)."""

MIXED_SCRIPT = re.compile(r"[а-яёіѕј](?<=[a-zA-Z][а-яёіѕј])(?=[a-zA-Z])")
"""A Cyrillic letter between two Latin ones (the scan starts on the rarer Cyrillic letters, which
keeps it fast on Latin text). Both sides are needed: UTF-8 read as cp1251 also mixes the scripts
("donвЂ™t", "ciГіn"), but its Cyrillic letters come in pairs, never alone between Latin ones."""

CREDIT_SPLIT = re.compile(
    r"(?:\(\s*)?(?:(?:(?:photo|picture|image|foto|bild|imagen)s?\s+)?"
    r"(?:photo|picture|image|foto|bild|photographie|imagen|credit|credits|source|"
    r"quelle|fotó|zdjęcie)s?\s*(?:by)?\s*[:/]|©|\(c\)|copyright\b|photograph:|"
    r"\b(?:getty images|ap photo|reuters|afp|shutterstock|epa|dpa|istock(?:photo)?|imago|"
    r"picture[ -]alliance|adobe ?stock|unsplash)\b)",
    re.I,
)
"""Where a caption's credit line starts, when the markup does not mark it. A two-word label
("Image credit:", "Photo source:") is one marker, matched from its first word: matched from its
second, "A rover (Image credit: NASA)" gave the caption "A rover (Image"."""
_CREDIT_PIECES = ("/", ":", "(c)", "copyright", "getty", "ap photo", "reuters", "afp", "shutterstock",
                  "epa", "dpa", "istock", "imago", "picture", "adobe", "unsplash")  # fmt: skip
"""One of these is in (the lower-cased) text of every ``CREDIT_SPLIT`` match that is ASCII: a label
ends in ":" or "/", the rest are its other branches ("©" is not ASCII)."""


_CASE_BLIND_ODD = ("\u0130", "\u0131", "\u017f")
"""The characters besides ASCII letters that ``re.I`` matches to an ASCII letter and that
``str.lower`` does not map to it: ``İ`` (``i``, but lowered to two characters), ``ı`` (``i``) and
``ſ`` (``s``); the Kelvin sign, the fourth (``k``), lowers to ``k``. Found by testing every code
point against ``[a-z]`` under ``re.I`` (Python 3.11)."""


def credit_split(text: str) -> re.Match[str] | None:
    """``CREDIT_SPLIT.search(text)``, skipping the search when ``text`` holds none of
    ``_CREDIT_PIECES`` once lower-cased, nor a "©" or one of ``_CASE_BLIND_ODD``: a match's
    ASCII branch spells one of the pieces in letters ``re.I`` matches case-blind, and its
    non-ASCII label words ("fotó", "zdjęcie") end in ":" or "/". The case-blind alternation,
    tried at every position, costs ~15 µs on a caption (~0.2 ms on a paragraph).

    >>> credit_split("A rover (Image credit: NASA)").start(), credit_split("A rover on Mars")
    (8, None)
    >>> credit_split("Ein Rover, © NASA").start(), credit_split("Ein Rover über dem Mars")
    (11, None)
    >>> credit_split("Der Rover (ſhutterstock)").start()
    10
    """
    low = text.lower()
    if not any(piece in low for piece in _CREDIT_PIECES) and (
        text.isascii() or ("©" not in text and not any(odd in text for odd in _CASE_BLIND_ODD))
    ):
        return None
    return CREDIT_SPLIT.search(text)


_RELATED_HEADING_WORDS: tuple[str, ...] = (
    r"you (?:may|might) (?:also )?(?:like|enjoy)",
    r"related\b",
    r"read (?:more|also|next)",
    r"more (?:stories|news|articles|from|on|in)\b",
    r"recommended",
    r"most (?:read|popular|viewed|shared|discussed|commented)",
    r"popular",
    r"trending",
    r"also read",
    r"see also",
    r"latest (?:news|stories|articles)",
    r"top stories",
    r"comments?\b",
    r"leave a (?:reply|comment)",
    r"mais lidas",
    r"lesen sie auch",
    r"mehr zum thema",
    r"das könnte sie auch interessieren",
    r"meist[- ]?(?:gelesen|diskutiert|kommentiert|geteilt)",
    r"les plus lus",
    r"weitere (?:beiträge|artikel|nachrichten|themen)",
    r"schlagw(?:o|ö)rter?",
    r"(?:das|dieses) (?:thema )?könnte (?:dich|sie) (?:auch )?interessieren",
    r"kommentieren",
    r"temas relacionados",
    r"tags?\s*:",
    r"share this",
    r"auch interessant",
    r"ähnliche (?:beiträge|artikel)",
    r"weitere informationen",
    r"keine kommentare",
    r"about the author",
    r"weiterführende? links?",
    r"\d+ min(?:ute)?s? read",
    r"teilen\b",
    r"learn more\b",
    r"find out more",
    r"saiba mais",
    r"quellen(?:angaben)?\s*:?\s*$",
    r"sources?\s*:?\s*$",
)
RELATED_HEADING = re.compile(r"^\W*(?:our |the )?(?:" + by_first_letter(_RELATED_HEADING_WORDS) + r")", re.I)
"""A heading that opens a related / most-read / comments section: its section is boilerplate."""

# ``//p//span`` would be quadratic in libxml2 (it merges one descendant set per <p>): ancestor
# tests keep every expression here linear in the page size.
