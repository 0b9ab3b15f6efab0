"""Headlines: choose the article's title among the page's title sources and its own headings.

Title sources are JSON-LD ``headline``, the meta titles (``og:title``, Dublin Core...) and
``<title>``; headings are the page's visible ``<h1>``/``<h2>`` (:func:`dom.headings`). The heading
wins when it agrees with a source (the words a reader sees above the text; sources often carry an
SEO variant or a site suffix): an ``<h1>`` sharing half its words, or three long words of one
part, with one; an ``<h2>`` only when it is the source's text. A heading that names the site or
links to its front page is a masthead, never the title, and its text is one more name of the
site. Without an agreeing heading, the first source in precedence order is taken.

Site names are removed by comparison, never by a list: a title is split at spaced separators
(``|``, ``-``, ``–``, ``—``, ``·``, ``•``, ``»``, ``::``, ``/``, ``:``, `` @ `` as in
"Post @ Blog") and a bracketed tail
(``[Site]``, ``(Site)``); leading or trailing parts that name the site (its declared name, its
domain, a masthead's text) are dropped, and a source that is another source plus such a part
gives way to the bare one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsscraper.extraction.metadata.dom import Heading
from newsscraper.extraction.metadata.urls import host_of

_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/\\@]|::)\s+|\s+::|::\s+")
_ALNUM = re.compile(r"[\W_]+")
_ASCII_NON_ALNUM = str.maketrans(dict.fromkeys(c for c in map(chr, range(128)) if not c.isalnum()))
"""What ``_ALNUM`` deletes from ASCII text: ``[\\W_]`` is ``not str.isalnum()``."""
MAX_SITE_PART_WORDS = 5
"""A part naming the site is short; longer parts are kept even when they contain the name."""
SITE_EXTRA_CHARS = 6
"""A part may be the site key plus this many characters ("lemonde" + "fr", "bbc" + "news")."""
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "edition", "news", "com", "co", "org", "net"})


@lru_cache(maxsize=256)
def norm(text: str) -> str:
    """Case-folded letters and digits only, for comparing names (cached, as ``_tokens``: every
    heading is compared with every title, each comparison normalising both)."""
    if text.isascii():  # most names: translate's ASCII table runs in C, ~2x cheaper than the regex
        return text.lower().translate(_ASCII_NON_ALNUM)
    return _ALNUM.sub("", text.casefold())


def site_keys(names: list[str | None], url: str | None) -> set[str]:
    """Normalised forms of the site's names and of its domain's distinctive labels.

    >>> sorted(site_keys(["The Guardian"], "https://www.theguardian.com/x"))
    ['theguardian', 'theguardiancom']
    """
    keys = {norm(n) for n in names if n}
    host = host_of(url)
    if "." in host:
        labels = [x for x in host.split(".")[:-1] if x not in _HOST_NOISE]
        keys.update(norm(x) for x in labels if len(x) >= 3)
        keys.add(norm(host.removeprefix("www.")))
    keys.discard("")
    return keys


def _is_site(part: str, keys: set[str]) -> bool:
    """True when ``part`` names the site: equal to a key, a short form of one ("Guardian" for
    "theguardian"), or a key plus a few characters ("Le Monde.fr" for "lemonde")."""
    key = norm(part)
    if not key:
        return True  # a part of punctuation only
    if key in keys:
        return True
    if len(part.split()) > MAX_SITE_PART_WORDS or len(key) < 3:
        return False
    return any(
        (key in k and len(key) >= 4) or (k in key and len(key) - len(k) <= SITE_EXTRA_CHARS)
        for k in keys
        if len(k) >= 3
    )


def clean_headline(title: str, keys: set[str], h1s: list[str], from_title_tag: bool) -> str:
    """``title`` without site-name parts; a ``<title>`` is matched against the page's ``<h1>``.

    >>> clean_headline("Obama admits it - BBC News", {"bbcnews"}, [], False)
    'Obama admits it'
    >>> clean_headline("Tech | Gadgets - How to fix it - Site", set(), ["How to fix it"], True)
    'How to fix it'
    >>> clean_headline("Google - Site Reliability Engineering", set(), [], True)
    'Google - Site Reliability Engineering'
    """
    title = " ".join(title.split())
    bracket = _bracket_tail(title)
    if bracket and bracket.start() > 0 and _is_site(bracket.group(1), keys):
        title = title[: bracket.start()]  # "Title [Site]"
    parts = _SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    seps = _SEPARATOR.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site(parts[end - 1], keys):
        end -= 1
    # A leading part must name the site exactly: "Firefox — Customize..." keeps its product name.
    while end - start > 1 and norm(parts[start]) in keys:
        start += 1
    if from_title_tag and end - start > 1 and h1s:
        wanted = {norm(h) for h in h1s if h}
        for i in range(start, end):
            for j in range(end, i, -1):
                candidate = _join(parts, seps, i, j)
                if norm(candidate) in wanted:
                    return candidate
    return _join(parts, seps, start, end)


def _join(parts: list[str], seps: list[str], start: int, end: int) -> str:
    out = parts[start]
    for k in range(start + 1, end):
        out += seps[k - 1] + parts[k]
    return out.strip()


MIN_AGREEMENT = 0.5
"""Dice overlap of word sets above which a heading and a title source name the same article
("How machine learning personalizes shopping" / "Using machine learning to personalize
shopping experiences": 0.57); a masthead or a section label shares one word at most."""
EXACT_AGREEMENT = 0.9
_TOKEN = re.compile(r"\w+")
_PART_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/\\:@]|::)\s+|\s*(?:[|·•»]|::)\s*|:\s+")
_BRACKET_TAIL = re.compile(r"\s*[\[(]([^\[\]()]{1,60})[\])]\s*$")


def _bracket_tail(text: str) -> re.Match[str] | None:
    r"""``_BRACKET_TAIL.search(text)``, skipping the search (which tries every position) when
    ``text`` does not end in a closing bracket before white space (``rstrip`` strips what ``\s``
    matches): most titles.

    >>> _bracket_tail("Title [Site] ").group(1), _bracket_tail("Title (2024) and more")
    ('Site', None)
    """
    if text.rstrip()[-1:] not in (")", "]"):
        return None
    return _BRACKET_TAIL.search(text)


@lru_cache(maxsize=512)
def _tokens(text: str) -> frozenset[str]:
    """The word set of ``text`` (cached: the same titles are compared with every heading)."""
    return frozenset(_TOKEN.findall(text.casefold()))


def agreement(a: str, b: str) -> float:
    """Dice overlap of the two texts' word sets (0 when either has none).

    >>> agreement("Storm hits the coast", "Storm hits coast | Courier")
    0.75
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


SHARED_WORDS = 3
"""An ``<h1>`` sharing this many words of :data:`SHARED_WORD_CHARS`+ characters with one part of
a title source names the same article even below :data:`MIN_AGREEMENT` (a reworded SEO title:
"Social Media Marketing Certifications and Certificates" / "Which Social Media Marketing
Certification is Best?"); a section label or a masthead shares one or two. WCXB articles, title
tuning / checking 0.885 / 0.875 -> 0.893 / 0.883 (session 11)."""
SHARED_WORD_CHARS = 4
SHARED_MAX_RATIO = 2
"""...unless the ``<h1>`` has more than this many times the source's distinct words: a standfirst
sentence styled as the page's ``<h1>`` shares words with any title."""


def _reworded(heading: str, title: str) -> bool:
    """Whether ``heading`` is ``title`` reworded (:data:`SHARED_WORDS`). A title's
    separator-bounded parts are separate statements ("Firefox — Customize and make it your own —
    The most flexible browser"): words picked from several parts make no agreement."""
    if len(_tokens(heading)) > SHARED_MAX_RATIO * len(_tokens(title)):
        return False
    words = {w for w in _tokens(heading) if len(w) >= SHARED_WORD_CHARS}
    return len(words) >= SHARED_WORDS and any(
        len(words & _tokens(part)) >= SHARED_WORDS for part in _SEPARATOR.split(title)
    )


def _part_span(text: str, other: str) -> tuple[int, int] | None:
    """Where ``other`` lies in ``text`` as a run of whole separator-bounded parts ("Title" in
    "Title [Site]", "Site" in "Title - Site"), as ``(start, end)`` offsets; None when it does not
    or when it is all of ``text``."""
    want = norm(other)
    whole = norm(text)
    if not want or want == whole or want not in whole:
        return None  # the cheap test first: most pairs share no run of letters at all
    bounds = [0]
    for m in _PART_SEPARATOR.finditer(text):
        bounds += [m.start(), m.end()]
    bracket = _bracket_tail(text)
    if bracket and bracket.start() > bounds[-1]:
        bounds += [bracket.start(), bracket.end()]
    bounds.append(len(text))
    starts = [0, *(bounds[i] for i in range(2, len(bounds) - 1, 2))]
    ends = [*(bounds[i] for i in range(1, len(bounds) - 1, 2)), len(text)]
    for i in starts:
        for j in ends:
            if j > i and norm(text[i:j]) == want:
                return i, j
    return None


def _names_beside(sources: Sequence[tuple[str, str]]) -> set[str]:
    """Site names that the sources show by difference: when one source is another plus a
    leading or trailing part ("The lean startup" / "Lessons Learned: The lean startup"), that
    part is the site's (or the blog's) name; short parts only (:data:`MAX_SITE_PART_WORDS`).

    >>> sorted(_names_beside([("og:title", "The lean startup"), ("title", "Lessons: The lean startup")]))
    ['lessons']
    """
    found: set[str] = set()
    texts = {" ".join(t.split()) for _name, t in sources if t.strip()}
    for text in texts:
        for other in texts:
            span = _part_span(text, other) if len(other) < len(text) else None
            if span is None:
                continue
            for rest in (text[: span[0]], text[span[1] :]):
                rest = _PART_SEPARATOR.sub(" ", rest).strip(" []()")
                if rest and len(rest.split()) <= MAX_SITE_PART_WORDS and norm(rest):
                    found.add(norm(rest))
    return found


def choose_headline(
    sources: Sequence[tuple[str, str]], headings: Sequence[Heading], keys: set[str]
) -> tuple[str, str] | None:
    """``(headline, source)``: the article's title and where it came from.

    ``sources`` are ``(source name, text)`` in precedence order (JSON-LD, meta titles,
    ``<title>``); ``headings`` the page's visible headings; ``keys`` the site's names
    (:func:`site_keys`). The source name of a heading is ``"h1"`` / ``"h2"``.

    >>> from newsscraper.extraction.metadata.dom import Heading
    >>> masthead = Heading("kmarlow", 1, 0, False, True)
    >>> post = Heading("Project: Lanternfish", 2, 1, True, False)
    >>> choose_headline([("title", "Project: Lanternfish - kmarlow")], [masthead, post], set())
    ('Project: Lanternfish', 'h2')
    """
    keys = set(keys) | _names_beside(sources)
    candidates: list[Heading] = []
    for h in headings:
        if h.home_link or norm(h.text) in keys or _is_site(h.text, keys):
            keys.add(norm(h.text))  # a masthead shows the site's name
        else:
            candidates.append(h)
    cleaned: list[tuple[str, str]] = []
    for name, raw in sources:
        text = clean_headline(raw, keys, [], False)
        if text and norm(text) not in keys and norm(raw) not in keys:  # not only the site's name
            cleaned.append((name, text))
    best: tuple[tuple[bool, bool, bool, float, int], Heading, str | None] | None = None
    for h in candidates:
        score, within = 0.0, None
        for _name, raw in sources:
            if _part_span(raw, h.text) is not None:
                score = 1.0
                break
        heading_words = _tokens(h.text)
        for _name, text in cleaned:
            words = _tokens(text)
            if len(heading_words & words) < min(2, len(heading_words)):
                continue
            value = agreement(h.text, text)
            if norm(text) == norm(h.text) and words != heading_words:
                within = within or text  # the heading glues words ("WEEKENDCODING AGENT")
                value = 1.0
            score = max(score, value)
        if h.level == 1 and score < MIN_AGREEMENT and any(_reworded(h.text, t) for _n, t in cleaned):
            score = MIN_AGREEMENT  # agrees, ranked below closer agreements
        if score < (MIN_AGREEMENT if h.level == 1 else EXACT_AGREEMENT):
            continue  # an <h2> sharing words with the title is a section heading
        rank = (score >= EXACT_AGREEMENT, h.level == 1, h.in_article, score, -h.order)
        if best is None or rank > best[0]:
            best = (rank, h, within)
    if best is not None:
        shown = best[2] or clean_headline(best[1].text, keys, [], False) or best[1].text
        return shown, f"h{best[1].level}"
    if cleaned:
        name, text = cleaned[0]
        for _other, other in cleaned[1:]:
            span = _part_span(text, other)
            if span:
                return text[span[0] : span[1]].strip(), name
        return text, name
    if candidates:
        first = min(candidates, key=lambda h: (not h.in_article, h.level, h.order))
        return first.text, f"h{first.level}"
    return None
