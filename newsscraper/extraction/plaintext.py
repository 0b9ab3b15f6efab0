"""Plain-text scrapes: an article's record from a page's text as a naive scraper saved it.

A saved text has lost its markup: menus, widget labels, ad and loader labels, captions, bylines and
"Read more" headlines sit on lines among the article's paragraphs. The reader classifies each line
by the structural and statistical evidence the HTML reader uses where it has no tags to go by
(jusText's paragraph classification is the anchor; Pomikálek 2011, "Removing Boilerplate and
Duplicate Content from Web Corpora", ch. 3):

1. **lines**: lines split at newlines; a line that continues the one before (it starts with a
   lower-case letter or closing punctuation, or a short line sits between two such pieces) is joined
   to it: a scraper that saves every text node on its own line splits paragraphs at their links;
   a list of lines each gluing a Title Case headline to a sentence ("...Troy SteakhouseA party of
   six left...") is split at the junctions: a scraper that saves a block's text runs a teaser's
   headline and summary together;
2. **prose**: each line's length, stopword density (the language's most frequent words, vendored
   from jusText's stoplists, see ``stoplists/``), terminal punctuation and repetition give a class:
   ``good`` (prose), ``near`` (prose-like), ``short`` or ``bad`` (jusText's four classes and
   thresholds); a long line ended by a full stop, with some stopwords and no more capitals than
   a sentence full of names, is prose-like (sports and news copy); short and near lines take
   their class from their neighbours, as in jusText;
3. **the article's run**: the body is the one stretch of lines with the most prose in it (the
   maximum-sum segment, prose weighing for it and other text against it): navigation runs,
   related-headline lists and footers before or after it stay out even when they hold sentences;
   a thread of comments (dated headers that end alike) after the first prose ends it, however
   much prose the comments hold, and so does a list of dated items (other stories' teasers, a
   date line to each) that starts in it after its first good paragraph; a widget (a row of short
   labels) before the run's first good paragraph starts it and one after its last ends it, unless
   much prose lies beyond it;
4. **the header**: before the run, the headline (the title-shaped line nearest the article), the
   byline (``metadata.authors.parse_byline``), the dateline (``datetimes.find_textual``), captions
   and their credits (a caption repeated with its credit after it; ``xpaths.CREDIT_SPLIT``), and a
   standfirst (prose set apart from the run by a non-prose line) which becomes the description.

Pure function of the text; linear in its size (the line count is capped at :data:`MAX_LINES`).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Final

from newsscraper.datetimes import find_textual, normalize_date
from newsscraper.extraction import xpaths
from newsscraper.extraction.body import FULL_ARTICLE_CHARS
from newsscraper.extraction.metadata import detect_language
from newsscraper.extraction.metadata.authors import _LEAD as BYLINE_LEAD
from newsscraper.extraction.metadata.authors import parse_byline
from newsscraper.extraction.trace import Trace

MAX_LINES: Final = 50_000
"""Lines read; a longer text is cut (a page's text has a few thousand at most)."""
MAX_LINE_CHARS: Final = 100_000
"""Characters kept of one line: a whole file on one line is read, but its tail is not measured."""

# jusText's defaults (justext.core: LENGTH_LOW_DEFAULT, LENGTH_HIGH_DEFAULT, STOPWORDS_*_DEFAULT):
# a paragraph under LENGTH_LOW characters is short; prose over LENGTH_HIGH with stopwords above
# STOPWORDS_HIGH is good; between STOPWORDS_LOW and STOPWORDS_HIGH it is near-good.
LENGTH_LOW: Final = 70
LENGTH_HIGH: Final = 200
STOPWORDS_LOW: Final = 0.30
STOPWORDS_HIGH: Final = 0.32
PLAIN_STOPWORDS: Final = 0.15
PROSE_SENTENCES: Final = 2
PROSE_CAPS: Final = 0.3
"""A long line of this many sentences or more, this share of capitalised words at most and
stopwords at least ``PLAIN_STOPWORDS`` (half of jusText's ``STOPWORDS_LOW``) is prose-like
(``_plain_prose``): technical writing uses fewer function words than jusText's stoplists expect."""
SENTENCE_WORDS: Final = 5
"""Words of a short line worded like a sentence at least (``_short_sentence``)."""
MAX_HEADING_DISTANCE: Final = 200
"""jusText's ``max_heading_distance``: a short line this many characters before prose is a subheading."""

CJK_FACTOR: Final = 3
"""A CJK character counts as this many letters for the length thresholds (a word of about three)."""

BAD_WEIGHT: Final = 1.0
"""How much a character of non-prose weighs against the article's run, relative to a character of
prose for it: equal weights keep a run through ad labels and captions between paragraphs (a few
dozen characters) and end it at a navigation run or a list of headlines longer than its last
paragraph."""

LABEL_WORDS: Final = 6
"""Words of a widget's label at most ("Share this article Close Button")."""

CAPS_WORDS: Final = 4
CAPS_MAX: Final = 0.6
"""A line of ``CAPS_WORDS`` cased words or more, more than this share of them capitalised, is
Title Case: a headline or a menu, never prose (German capitalises its nouns, about a third of
its words), unless it is good prose by every other measure: longer than ``LENGTH_HIGH``, dense in
stopwords and ending like a sentence (a sentence that quotes a list of titles or names)."""

COPIED_PROSE: Final = 2
"""Prose-like lines of a stretch shown twice for its first copy to be the article's own
(``_originals``): one paragraph shown twice is a notice or a teaser."""

LIST_ITEMS: Final = 3
"""Short lines of one shape (``_shape``) that make a list: its items' dates or counts."""

LIST_MIN: Final = 2
LIST_MAX: Final = 100
"""Items of a list announced by a line ending in a colon: at least, at most."""

BETWEEN_LINES: Final = 2
"""Short lines between two prose lines kept with them at most (a subheading, a cut-out link);
a longer stretch of short lines is a widget."""

NEAR_WEIGHT: Final = 0.5
"""Weight of a prose-like line's characters for the run, when jusText's context made it bad (a
news story of short one-sentence paragraphs has no good line at all)."""

SHORT_LINE: Final = 30.0
"""Weight against the run of every short line, whatever its length: a run of menu items weighs by
their number (a navigation list of 40 one-word links is as foreign to an article as one of 40
phrases)."""

WIDGET_BEYOND: Final = 2 * LENGTH_HIGH
"""Characters of prose-like lines at most across a widget from the run's good paragraphs (before
its first, after its last) for them to be a notice or teasers, not the article's own opening or
closing paragraphs beyond a list."""

SHORT_WEIGHT: Final = 0.0
"""Weight of a short line's characters against the run: a subheading or a link in a paragraph costs
little, a run of forty menu words a lot."""

HEADLINE_WORDS: Final = (3, 30)
"""Words of a headline (inclusive range)."""
HEADLINE_LOOKBACK: Final = 25
"""Lines before the article's run searched for its headline, byline, dateline and captions."""
BYLINE_CHARS: Final = 120
"""A byline or dateline line is at most this long (a sentence naming a person is not a byline)."""
BYLINE_WORDS: Final = 12
"""Words of a dateline line at most (a sentence with a date in it is prose)."""
HEADLINE_REACH: Final = 8
"""Lines before the header's first element searched for the headline."""
CAPTION_CHARS: Final = 250
"""A line that ends with a credit is a caption up to this length (longer, it is prose quoting
an agency)."""
CREDIT_TAIL: Final = 60
"""Characters from a credit's start to the end of its line at most."""
STANDFIRST_REACH: Final = 6
"""Lines before the article's run searched for a standfirst."""
STANDFIRST_CHARS: Final = 400
"""A standfirst is at most this long."""
STANDFIRST_SENTENCES: Final = 1
"""A standfirst has at most this many sentences (the opening paragraph of a story often more)."""

_PUNCT = "".join(chr(c) for c in range(0x2000, 0x2070)) + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»¡¿“”‘’"
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]*(?:\s|$)")
_SENTENCE_CLOSE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
"""Format characters a browser does not draw (zero-width space and joiners, direction marks, soft
hyphen, BOM): a line of nothing else is a blank line (an empty paragraph holding a ``&#8203;``)."""
_TERMINAL = re.compile(r"[.!?…。！？:;\"'”’»)\]]\W*$")
_CONTINUES = re.compile(
    r"^(?:[,.;:!?)\]}’”»%…]|[^\W\d_](?<=[^\W\d_A-Z\u00c0-\u00de\u0391-\u03a9\u0400-\u042f]))"
)
"""A line that continues the one before: it starts with closing punctuation or a lower-case letter
(the ``(?<=...)`` keeps out upper-case Latin, Greek and Cyrillic letters). CJK lines: ``_continues``."""
_CLOSING = ",.;:!?)]}’”»%…"
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_OPENS = re.compile(r"(?:[(\[{“‘«—–-]|(?<![^\s(\[{])[\"'])$")
"""A line that ends open: an opening bracket or quote, or a dash. A straight quote opens only
when it stands after a space or a bracket (``He said "``); after a letter it closes a quotation
or a title (``'Country Music'``), and the next line is another block."""


@dataclass(slots=True)
class Line:
    """One (joined) line of the text and its measures."""

    text: str
    blank_before: bool
    """A blank line separates it from the line before (the scraper kept paragraph breaks)."""
    chars: int = 0
    words: int = 0
    stop: float = 0.0
    """Stopword density: share of its words in the language's stoplist."""
    terminal: bool = False
    """It ends like a sentence (terminal punctuation or a closing quote)."""
    repeated: int = 1
    """How many lines of the text have the same words."""
    shaped: int = 1
    """How many short lines of the text have its shape once digits are masked (``_shape``):
    three or more are the dates or counts of a list's items (comments, related stories)."""
    caps: float = 0.0
    """Share of its cased words that start with a capital (Title Case headlines, link lists)."""
    tailed: int = 1
    """How many distinct short lines of the text end like it (``_tail``: the last two tokens, digits
    masked): the headers of a comment thread ("Alex on May 2 at 6:34 am said:", "Bo on May 3 at
    9:02 pm said:")."""
    family: int = 1
    """How many short lines of the text start with the same three words (a widget's labels:
    "Share this article Comments", "Share this article Close Button")."""
    raw: str = "bad"
    """jusText's context-free class: ``good``, ``near``, ``short`` or ``bad``."""
    cls: str = "bad"
    """jusText's class after its context-sensitive pass: ``good`` or ``bad``."""
    kind: str = "boilerplate"
    """What the reader made of it: ``body``, ``headline``, ``standfirst``, ``byline``, ``dateline``,
    ``caption``, ``credit`` or ``boilerplate``."""
    rule: str = ""


@dataclass(slots=True)
class PlainArticle:
    """What the text reader found, before text repair (``extract_article`` repairs every field)."""

    paragraphs: list[str] = field(default_factory=list)
    headline: str | None = None
    description: str | None = None
    standfirst: bool = False
    """``description`` is a standfirst set apart from the body (else the body's first paragraph)."""
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    date_raw: str | None = None
    date: str | None = None
    images: list[tuple[str | None, str | None]] = field(default_factory=list)
    """``(caption, credit)`` of each image the text shows, without duplicates."""
    language: str | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def probability(self) -> float:
        """Probability (0..1) that the text is one article, on the HTML reader's scale
        (``body._probability``): 0.1 plus 0.7 times the body's share of ``FULL_ARTICLE_CHARS``,
        plus 0.2 when an article's header (a headline and a byline or a date) was found."""
        chars = sum(len(p) for p in self.paragraphs)
        if not chars:
            return 0.0
        header = self.headline is not None and (bool(self.authors or self.agencies) or self.date is not None)
        return min(1.0, 0.1 + 0.7 * min(1.0, chars / FULL_ARTICLE_CHARS) + (0.2 if header else 0.0))


_STOPLISTS: dict[str, frozenset[str]] | None = None


def stoplist(language: str | None) -> frozenset[str]:
    """The most frequent words of ``language`` (ISO 639-1; empty when none is known).

    jusText's stoplist for the language (BSD-2-Clause, ``stoplists/LICENSE-jusText.rst``; its
    thresholds are calibrated on the whole lists), lower-cased; ``stoplists/README.md`` says how
    the file was made.

    >>> "the" in stoplist("en"), "die" in stoplist("de"), len(stoplist("xx"))
    (True, True, 0)
    """
    global _STOPLISTS
    if _STOPLISTS is None:
        packed = resources.files("newsscraper.extraction").joinpath("stoplists/stoplists.json.gz")
        lists = json.loads(gzip.decompress(packed.read_bytes()))
        _STOPLISTS = {k: frozenset(v) for k, v in lists.items()}
    return _STOPLISTS.get((language or "").split("-")[0].lower(), frozenset())


def split_lines(text: str) -> list[Line]:
    """The text's non-blank lines, whitespace collapsed, pieces of one paragraph joined.

    >>> [ln.text for ln in split_lines("He met\\nKim Jong Un\\nin Pyongyang.\\n\\nNext line")]
    ['He met Kim Jong Un in Pyongyang.', 'Next line']

    Lines end with LF, CRLF or a lone CR (classic Mac OS).
    """
    if "\r" in text:  # classic Mac OS files end lines with CR alone; CRLF is one break, not two
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw: list[tuple[str, bool]] = []
    blank = False
    for count, piece in enumerate(text.split("\n")):
        if count >= MAX_LINES:
            break
        line = " ".join(piece[:MAX_LINE_CHARS].split())  # a piece holds no "\n": one _SPACES run
        if not line or not _INVISIBLE.sub("", line).strip():
            blank = True
            continue
        raw.append((line, blank))
        blank = False
    raw = _unglue(raw)
    lines: list[Line] = []
    i = 0
    while i < len(raw):
        line, blank = raw[i]
        i += 1
        while (
            i < len(raw)
            and not raw[i][1]
            and _joins(line, raw[i][0], raw[i + 1] if i + 1 < len(raw) else None)
        ):
            line = _glue(line, raw[i][0])
            i += 1
        lines.append(Line(text=line, blank_before=blank))
    return lines


GLUED_REACH: Final = 2
"""Lines between two glued lines (``_glued_at``) at most for both to be items of one list."""
GLUED_PIECE: Final = 3
"""Letters of the last word piece before a glued junction at most for it to be a name's or a
brand's capital instead (``McDonald``, ``DeSantis``, ``YouTube``)."""

_JUNCTION = re.compile(r"(?<=[^\W_]|[?!'’”)\]])(?=[A-Z](?:[a-z]|\s))")
_PIECE = re.compile(r"[\s(\[{\"'‘“]")


def _glued_at(line: str) -> int | None:
    """Where a title glued to the text after it ends, else ``None``: a scraper that saves a block's
    text runs a teaser's headline and its summary together ("Tape Gaffe Ends Hamlin's Title
    RunDenny Hamlin's championship run was foiled..."). The junction is an upper-case letter right
    after a letter, a digit or closing punctuation, with no space; before it a Title Case title
    (three words or more, every word of four letters or more capitalised: no sentence has that),
    after it a sentence-case text of ``SENTENCE_WORDS`` words or more. A word piece of
    ``GLUED_PIECE`` letters or fewer before it is a name's or a brand's inner capital."""
    for hit in _JUNCTION.finditer(line):
        at = hit.start()
        before = line[at - 1]
        if before.isupper() or (before in "'’" and (at < 2 or line[at - 2] == " ")):
            continue  # an acronym, or an opening quote
        prefix = line[:at]
        piece = _PIECE.split(prefix)[-1]
        if piece.isalpha() and len(piece) <= GLUED_PIECE:
            continue
        words = [w.strip(_PUNCT) for w in prefix.split()]
        long = [w for w in words if len(w) >= 4 and w[:1].isalpha()]
        if len(words) < 3 or len(long) < 2 or not all(w[:1].isupper() for w in long):
            continue
        after = [w.strip(_PUNCT) for w in line[at:].split()]
        cased = [w for w in after if w[:1].isalpha()]
        if len(after) < SENTENCE_WORDS or not cased:
            continue
        if sum(w[:1].isupper() for w in cased) / len(cased) <= PROSE_CAPS + 0.2:
            return at
    return None


def _unglue(raw: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Each glued line (``_glued_at``) with another within ``GLUED_REACH`` lines of it split in
    two at its junction: a list of teasers (headline and summary) or of menu entries (label and
    description). One glued line alone is left whole: an inner capital ("Chris Smith and
    Patrick McFee") is likelier there than a list of one teaser."""
    glued = [_glued_at(line) for line, _ in raw]
    hits = [i for i, at in enumerate(glued) if at is not None]
    listed: set[int] = set()
    for a, b in itertools.pairwise(hits):
        if b - a - 1 <= GLUED_REACH:
            listed.update((a, b))
    out: list[tuple[str, bool]] = []
    for i, (line, blank) in enumerate(raw):
        at = glued[i]
        if i in listed and at is not None:
            out.extend(((line[:at].rstrip(), blank), (line[at:].lstrip(), False)))
        else:
            out.append((line, blank))
    return out


def _joins(before: str, line: str, after: tuple[str, bool] | None) -> bool:
    """Whether ``line`` continues ``before`` (a paragraph split at a link or an inline element)."""
    if _TERMINAL.search(before) and not _OPENS.search(before):
        return False
    if _continues(line, before) or _OPENS.search(before):
        return True
    # A short piece between two pieces of a sentence: the link text in "He met / Kim / in Seoul."
    return after is not None and not after[1] and len(line) <= 60 and _continues(after[0], line)


def _continues(line: str, before: str) -> bool:
    """Whether ``line`` starts like the rest of a sentence (:data:`_CONTINUES`). A CJK character
    has no case and CJK text no spaces, so it says nothing of the kind: taken as lower-case, it
    glued every line of a Japanese scrape to the one before (menu items, the headline: no
    headline). A CJK line continues only with hiragana (a particle or an ending: "が開業した")
    after a CJK character."""
    first = line[:1]
    if _CJK.match(first):
        return bool(_HIRAGANA.match(first)) and bool(before) and bool(_CJK.match(before[-1]))
    return bool(_CONTINUES.match(first))


def _glue(before: str, line: str) -> str:
    if line[0] in _CLOSING or _OPENS.search(before) or (_CJK.match(line) and _CJK.search(before[-1])):
        return before + line
    return before + " " + line


def _measure(lines: list[Line], stop: frozenset[str]) -> None:
    counts = Counter(_key(ln.text) for ln in lines)
    shapes = Counter(_shape(ln.text) for ln in lines if len(ln.text) < LENGTH_LOW)
    heads = Counter(_head(ln.text) for ln in lines)
    tails = Counter(_tail(text) for text in {ln.text for ln in lines if len(ln.text) < LENGTH_LOW})
    for ln in lines:
        # jusText's words: split at whitespace, punctuation stripped at the ends, lower-cased
        words = [w.strip(_PUNCT).lower() for w in ln.text.split()]
        cjk = len(_CJK.findall(ln.text))
        ln.words = len(words) + cjk
        ln.chars = len(ln.text) + (CJK_FACTOR - 1) * cjk
        ln.stop = sum(w in stop for w in words) / len(words) if words else 0.0
        ln.terminal = bool(_TERMINAL.search(ln.text))
        cased = [w for w in words if w[:1].isalpha() and w[:1].lower() != w[:1].upper()]
        if len(cased) >= CAPS_WORDS:
            # words in the original case: the share that start with a capital
            originals = [w.strip(_PUNCT) for w in ln.text.split()]
            ln.caps = sum(w[:1].isupper() for w in originals if w[:1].isalpha()) / len(cased)
        ln.repeated = counts[_key(ln.text)]
        head = _head(ln.text)
        ln.family = heads[head] if head else 1
        if len(ln.text) < LENGTH_LOW:
            tail = _tail(ln.text)
            ln.tailed = tails[tail] if tail else 1
            shape = _shape(ln.text)
            ln.shaped = shapes[shape] if shape else 1
    _originals(lines)


def _originals(lines: list[Line]) -> None:
    """The first copy of a stretch of text shown twice or more is the text's own (``repeated`` set
    back to 1): a page that renders its article twice (a mobile and a desktop layout, a tab and its
    print view) saves it twice. A stretch is a run of lines each first shown there and shown again
    at the same distance after it (the copy keeps their order); it is an original when it holds
    ``COPIED_PROSE`` prose-like lines or more (``LENGTH_LOW`` characters or more, stopwords
    ``STOPWORDS_LOW`` or more). A single notice shown twice (a cookie banner) and a menu shown twice
    (no prose) stay repeated."""
    where: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.repeated > 1:
            where.setdefault(_key(ln.text), []).append(i)
    # distance from each first occurrence to its next copy
    offset = {seen[0]: seen[1] - seen[0] for seen in where.values()}
    i = 0
    while i < len(lines):
        step = offset.get(i)
        if step is None:
            i += 1
            continue
        j = i
        while j < i + step and offset.get(j) == step:
            j += 1
        prose = sum(len(ln.text) >= LENGTH_LOW and ln.stop >= STOPWORDS_LOW for ln in lines[i:j])
        if prose >= COPIED_PROSE:
            for ln in lines[i:j]:
                ln.repeated = 1
        i = j


def _shape(text: str) -> str:
    """The line with its digits masked: the dates and counts of a list's items share one shape
    ("November 19, 2019 at 6:34 am", "November 19, 2019 at 8:13 am")."""
    masked = _DIGITS.sub("0", text.lower())
    return masked if masked != text.lower() else ""


_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")


def _tail(text: str) -> str:
    """The last two tokens of a line of three or more (words, numbers as ``0``, punctuation
    marks), lower-cased, else ``""``: the headers of a comment thread end alike."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < 3:
        return ""
    return " ".join("0" if t[0].isdigit() else t for t in tokens[-2:])


def _head(text: str) -> str:
    """The first three words of a label of four to ``LABEL_WORDS`` words, else ``""``."""
    words = _WORD.findall(text.lower())
    return " ".join(words[:3]) if 3 < len(words) <= LABEL_WORDS else ""


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _classify(ln: Line, has_stoplist: bool) -> str:
    """jusText's context-free class of one line (``justext.core.classify_paragraphs``), with the
    evidence a text has instead of links: a copyright sign and a repeated short line are bad (a
    menu or a widget label shown twice); prose has to end like a sentence to be good."""
    if "©" in ln.text or ln.repeated > 1 or ln.family > 1:
        return "bad"

    if ln.chars < LENGTH_LOW:
        return "short"
    if ln.caps > CAPS_MAX and not (ln.terminal and ln.chars > LENGTH_HIGH and ln.stop >= STOPWORDS_HIGH):
        return "bad"  # Title Case: headlines of other stories, menus
    if not has_stoplist:
        # No stoplist (CJK, Thai...): sentence punctuation is the evidence of prose.
        return "good" if ln.terminal and ln.chars > LENGTH_HIGH else "near" if ln.terminal else "bad"
    if ln.stop >= STOPWORDS_HIGH:
        return "good" if ln.chars > LENGTH_HIGH and ln.terminal else "near"
    if ln.stop >= STOPWORDS_LOW:
        return "near"
    if _plain_prose(ln):
        return "near"
    return "bad"


def _plain_prose(ln: Line) -> bool:
    """Prose written with few function words (stopwords under ``STOPWORDS_LOW`` but at least
    ``PLAIN_STOPWORDS``), ending like a sentence: technical and marketing writing (a long line of
    ``PROSE_SENTENCES`` sentences or more, in sentence case: ``caps`` at most ``PROSE_CAPS``), or
    copy full of names (sports results, a dateline's lede: "MADRID — Rafael Nadal kept Spain's
    hopes alive..."), a line that ends with a sentence's full stop and is not Title Case (``caps``
    at most ``CAPS_MAX``). Prose-like, not prose: jusText's context decides."""
    if ln.stop < PLAIN_STOPWORDS or not ln.terminal:
        return False
    if (
        ln.chars > LENGTH_HIGH
        and ln.caps <= PROSE_CAPS
        and len(_SENTENCE_END.findall(ln.text)) >= PROSE_SENTENCES
    ):
        return True
    return ln.caps <= CAPS_MAX and _SENTENCE_END.search(ln.text[-3:]) is not None


def _title_case(ln: Line) -> bool:
    """A short Title Case line that does not end like a sentence: a headline or a link's text."""
    return ln.raw == "short" and ln.caps > CAPS_MAX and not ln.terminal


def _headline_lists(lines: list[Line]) -> None:
    """Two short Title Case lines or more in a row (``_title_case``) are a list of other stories'
    headlines ("Related: ...", "More from ..."), not subheadings: a subheading stands alone
    before its prose. Their class becomes ``bad``."""
    titled = [_title_case(ln) for ln in lines]
    for i, ln in enumerate(lines):
        if titled[i] and ((i > 0 and titled[i - 1]) or (i + 1 < len(lines) and titled[i + 1])):
            ln.raw = "bad"


def _revise(classes: list[str], lines: list[Line]) -> list[str]:
    """jusText's context-sensitive pass (``justext.core.revise_paragraph_classification``): a
    subheading (short, before prose) is near-good; a short line between good neighbours is good,
    between bad ones bad; a near-good line is bad only between bad neighbours."""
    n = len(classes)
    out = list(classes)
    # short lines shortly before good prose are subheadings
    for i, ln in enumerate(lines):
        if out[i] == "short" and not ln.terminal and ln.repeated == 1:
            distance = 0
            for j in range(i + 1, n):
                if out[j] == "good":
                    out[i] = "near"
                    break
                distance += lines[j].chars
                if distance > MAX_HEADING_DISTANCE:
                    break

    def neighbour(i: int, step: int, ignore: tuple[str, ...]) -> str:
        j = i + step
        while 0 <= j < n:
            if out[j] not in ignore:
                return out[j]
            j += step
        return "bad"

    resolved = list(out)
    for i in range(n):
        if out[i] != "short":
            continue
        prev, nxt = neighbour(i, -1, ("short", "near")), neighbour(i, 1, ("short", "near"))
        if prev == nxt:
            resolved[i] = prev
        else:
            # one good, one bad: good when the near-good neighbour side is prose
            p2, n2 = neighbour(i, -1, ("short",)), neighbour(i, 1, ("short",))
            resolved[i] = "good" if "near" in (p2, n2) and "bad" not in (p2, n2) else "bad"
    out = resolved
    resolved = list(out)
    for i in range(n):
        if out[i] != "near":
            continue
        prev, nxt = neighbour(i, -1, ("near", "short")), neighbour(i, 1, ("near", "short"))
        resolved[i] = "bad" if prev == nxt == "bad" else "good"
    return resolved


def _thread_start(lines: list[Line], classes: list[str]) -> int:
    """Index of the first comment header (``_comment_header``) after the text's first prose line,
    else ``len(lines)``: a thread of comments follows the article, and its comments are prose."""
    seen_prose = False
    for i, ln in enumerate(lines):
        if seen_prose and _comment_header(ln):
            return i
        seen_prose = seen_prose or classes[i] == "good"
    return len(lines)


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")


def _comment_header(ln: Line) -> bool:
    """A comment's header: a short line that ends like two others (``Line.tailed``) and holds a
    clock time ("Alex on May 2, 2019 at 6:34 am said:")."""
    return ln.chars < LENGTH_LOW and ln.tailed >= LIST_ITEMS and _CLOCK.search(ln.text) is not None


def _run(lines: list[Line], classes: list[str]) -> tuple[int, int]:
    """``(start, end)``: the stretch of lines with the most prose (maximum-sum segment, Kadane)
    before a thread of comments (``_thread_start``), or anywhere when none is before it."""
    limit = _thread_start(lines, classes)
    span = _best_span(lines[:limit], classes)
    start, end = span if span != (0, 0) or limit == len(lines) else _best_span(lines, classes)
    # the run starts and ends with prose: short lines at its edges that jusText's context made
    # good (a date, an e-mail address, share prompts) are labels, not the article's paragraphs
    start, end = _past_widgets(lines, start, end)
    end = _before_dated_list(lines, start, end)
    while start < end and lines[start].raw not in ("good", "near"):
        start += 1
    while end > start and lines[end - 1].raw not in ("good", "near"):
        end -= 1
    return start, end


ITEM_LINES: Final = 6
"""Lines from one dated item's date line to the next at most (``_dated_lists``): a teaser's
headline, author, date and summary, each on its line."""
DATE_LABEL_WORDS: Final = 3
"""Words besides its date on an item's date line at most (a weekday, "Posted on")."""


def _past_widgets(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """The run without what lies across a widget (``_short_stretches``) from its good paragraphs:
    its start moved past a widget before its first good paragraph, its end to a widget after its
    last one, when at most ``WIDGET_BEYOND`` characters of prose-like text lie beyond the widget.
    A cookie notice, teasers or a sign-up prompt beside a row of share buttons are prose-like,
    and jusText's context keeps them with the article next to them; the article's own opening
    or closing paragraphs do not stand across a widget from it. Returns ``(start, end)``."""
    good = [i for i in range(start, end) if lines[i].raw == "good"]
    if not good:
        return start, end
    widget = _short_stretches(lines)
    head = [i for i in range(start, good[0]) if widget[i]]
    if head and _near_chars(lines[start : head[-1]]) <= WIDGET_BEYOND:
        start = head[-1] + 1
    tail = [i for i in range(good[-1] + 1, end) if widget[i]]
    if tail and _near_chars(lines[tail[0] : end]) <= WIDGET_BEYOND:
        end = tail[0]
    return start, end


def _date_line(ln: Line) -> bool:
    """A short line that is a date and at most ``DATE_LABEL_WORDS`` words besides ("Tuesday
    November 19, 2019", "Posted on March 12, 2020"): the date of a list's item. A line that
    names an event and its date ("Fal.Con: August 31-September 3, 2026 | Las Vegas, NV") is
    the item itself, not its date."""
    if ln.chars >= LENGTH_LOW:
        return False
    hit = find_textual(ln.text)
    if hit is None:
        return False
    rest = ln.text[: hit[0]] + " " + ln.text[hit[1] :]
    return len(_WORD.findall(rest)) <= DATE_LABEL_WORDS


def _dated_lists(lines: list[Line]) -> list[int]:
    """Index of the first date line (``_date_line``) of each list of dated items: ``LIST_ITEMS``
    date lines or more, each at most ``ITEM_LINES`` lines after the one before with a line of
    text (``LENGTH_LOW`` characters or more: a teaser's summary, a comment) between them.
    Other stories' teasers and comments carry such dates; an article's own paragraphs do not."""
    firsts: list[int] = []
    chain: list[int] = []
    for i in (i for i, ln in enumerate(lines) if _date_line(ln)):
        if (
            chain
            and i - chain[-1] <= ITEM_LINES
            and any(lines[j].chars >= LENGTH_LOW for j in range(chain[-1] + 1, i))
        ):
            chain.append(i)
            continue
        if len(chain) >= LIST_ITEMS:
            firsts.append(chain[0])
        chain = [i]
    if len(chain) >= LIST_ITEMS:
        firsts.append(chain[0])
    return firsts


def _before_dated_list(lines: list[Line], start: int, end: int) -> int:
    """The run's end moved to the first list of dated items (``_dated_lists``) that starts in it
    after its first good paragraph: related stories' teasers (headline, author, date, summary)
    hold as much prose as the article, and the maximum-sum segment runs on through them. A list
    that opens the run (an events page, a list of dated posts) is the page's content and stays.
    Returns the run's end."""
    good = next((i for i in range(start, end) if lines[i].raw == "good"), None)
    if good is None:
        return end
    return next((first for first in _dated_lists(lines) if good < first < end), end)


def _near_chars(lines: list[Line]) -> int:
    return sum(ln.chars for ln in lines if ln.raw == "near")


def _best_span(lines: list[Line], classes: list[str]) -> tuple[int, int]:
    """The maximum-sum segment: prose (jusText's context included: a list's short items between
    paragraphs) weighs its characters for the run, a near-good line half of them; a short line
    costs ``SHORT_LINE`` unless it is worded like a sentence; a line shown more than once costs
    ``SHORT_LINE`` whatever its length (a caption repeated at every photo of the article is one
    label, not a block of foreign text); other text costs its length."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, ln in enumerate(lines):
        if classes[i] == "good":
            weight = float(ln.chars)
        elif ln.raw == "near":
            weight = NEAR_WEIGHT * ln.chars
        elif ln.chars < LENGTH_LOW and _short_sentence(ln):
            weight = 0.0
        elif ln.chars < LENGTH_LOW or ln.repeated > 1:
            weight = -SHORT_LINE - SHORT_WEIGHT * ln.chars
        else:
            weight = -BAD_WEIGHT * ln.chars
        if total <= 0:
            total, start = 0.0, i
        total += weight
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _short_stretches(lines: list[Line]) -> list[bool]:
    """Whether each line is one of a widget's labels (share buttons, a comment form, a sign-up
    box): more than ``BETWEEN_LINES`` short lines in a row, none of them ending like a sentence or
    worded like one (``_short_sentence``): the pieces of a paragraph cut at its links end with its
    full stop, an article's short paragraphs with theirs, and the items of its lists are worded
    like sentences. jusText's context makes such labels good when they sit between the article
    and a prose-like notice."""
    label = [
        ln.raw == "short" and not _SENTENCE_CLOSE.search(ln.text) and not _short_sentence(ln) for ln in lines
    ]
    out = [False] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and label[j]:
            j += 1
        if j - i > BETWEEN_LINES:
            out[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return out


def _short_sentence(ln: Line) -> bool:
    """A short line worded like a sentence (a list item of an article, "Save your progress at
    different points in time"): shown once, ``SENTENCE_WORDS`` words of letters or more (a
    date and time, "November 19, 2019 at 9:45 am", has three), stopwords ``STOPWORDS_HIGH`` or
    more, in sentence case. It costs the run nothing (a menu item or a label costs
    ``SHORT_LINE``)."""
    return (
        ln.raw == "short"
        and ln.repeated == 1
        and len(_WORD.findall(ln.text)) >= SENTENCE_WORDS
        and ln.stop >= STOPWORDS_HIGH
        and ln.caps <= PROSE_CAPS
    )


def read_plain_text(text: str, trace: Trace | None = None) -> PlainArticle:
    """Read one plain-text scrape (see the module docstring); never raises on content."""
    lines = split_lines(text)
    found = PlainArticle(lines=lines)
    if not lines:
        return found
    sample = " ".join(sorted((ln.text for ln in lines), key=len, reverse=True)[:20])
    found.language = detect_language(sample)
    stop = stoplist(found.language)
    _measure(lines, stop)
    for ln in lines:
        ln.raw = _classify(ln, bool(stop))
    _headline_lists(lines)
    start, end = _classify_run(lines)
    if end <= start and _sentences_as_prose(lines):
        start, end = _classify_run(lines)
    if end > start:
        start = _read_header(lines, start, end, found)
        end = _read_body(lines, start, end)
    found.paragraphs = [ln.text for ln in lines[start:end] if ln.kind == "body"]
    if not found.standfirst and found.paragraphs:
        found.description = found.paragraphs[0]
    if trace is not None:
        for ln in lines:
            action = "keep" if ln.kind == "body" else "drop" if ln.kind == "boilerplate" else "move"
            evidence = f"{ln.cls}, chars {ln.chars}, stopwords {ln.stop:.2f}"
            if ln.repeated > 1:
                evidence += f", seen {ln.repeated}x"
            trace.add("reading", f"text-{ln.rule or ln.kind}", action, ln.text, evidence)
    return found


def _classify_run(lines: list[Line]) -> tuple[int, int]:
    """jusText's context pass over the lines' classes (each line's ``cls`` set), then the
    article's run (:func:`_run`)."""
    classes = _revise([ln.raw for ln in lines], lines)
    for ln, cls in zip(lines, classes, strict=True):
        ln.cls = cls
    return _run(lines, classes)


def _sentences_as_prose(lines: list[Line]) -> bool:
    """When the text has no run of prose at all (every line under jusText's ``LENGTH_LOW``, or
    none prose-like), its short lines that are sentences are prose-like: a scrape too short for
    jusText's length thresholds (a headline and a one-sentence paragraph, a brief) has no line
    long enough to be prose, and its sentences are plainly its text. A sentence here is a short
    line shown once, of ``SENTENCE_WORDS`` words or more, stopwords ``STOPWORDS_HIGH`` or more,
    not Title Case (``caps`` at most ``CAPS_MAX``: a six-word sentence with a name in it has a
    third of its words capitalised) and ending like a sentence; a menu, labels or headlines are
    none. Returns whether any line was changed."""
    changed = False
    for ln in lines:
        if (
            ln.raw == "short"
            and _once(ln)
            and len(_WORD.findall(ln.text)) >= SENTENCE_WORDS
            and ln.stop >= STOPWORDS_HIGH
            and ln.caps <= CAPS_MAX
            and _SENTENCE_CLOSE.search(ln.text)
        ):
            ln.raw, changed = "near", True
    return changed


def _read_body(lines: list[Line], start: int, end: int) -> int:
    """Inside the article's run: prose and prose-like lines are the body, and so are the short
    lines between two of them (a subheading, a link cut out of a paragraph) unless they are
    repeated or a widget's labels; a list that a line of the run announces with a colon follows
    it (tour dates, results), to where its items stop. Returns the body's end."""
    kept = [
        i
        for i in range(start, end)
        if lines[i].kind == "boilerplate"
        and (lines[i].cls == "good" or lines[i].raw == "near")
        and lines[i].repeated == 1
    ]
    for i in kept:
        ln = lines[i]
        # a short line is prose-like only when the text has none longer (_sentences_as_prose)
        ln.kind, ln.rule = (
            "body",
            "prose" if ln.cls == "good" else "short-prose" if ln.chars < LENGTH_LOW else "near-prose",
        )
    for a, b in itertools.pairwise(kept):
        if b - a - 1 > BETWEEN_LINES:
            continue
        for j in range(a + 1, b):
            ln = lines[j]
            if ln.kind == "boilerplate" and ln.raw == "short" and _once(ln):
                ln.kind, ln.rule = "body", "between-prose"
    i = start
    while i < end:
        if lines[i].text.endswith(":") and lines[i].kind in ("body", "boilerplate") and _once(lines[i]):
            j = i + 1
            while j < len(lines) and j - i <= LIST_MAX and _item(lines[j]):
                j += 1
            if j - i - 1 >= LIST_MIN:
                for ln in lines[i:j]:
                    if ln.kind == "boilerplate":
                        ln.kind, ln.rule = "body", "announced-list"
                end = max(end, j)
                i = j
                continue
        i += 1
    return end


def _item(ln: Line) -> bool:
    """An item of an announced list: a line of a few words that is not a label or a marker."""
    return ln.kind in ("body", "boilerplate") and _once(ln) and ln.words >= 2 and ln.chars <= 2 * LENGTH_HIGH


def _once(ln: Line) -> bool:
    """Neither repeated nor a widget's label nor a list's item marker."""
    return ln.repeated == 1 and ln.family == 1 and ln.shaped < LIST_ITEMS


def _read_header(lines: list[Line], start: int, end: int, found: PlainArticle) -> int:
    """Headline, byline, dateline, captions and standfirst among the lines before the article's
    run (and the captions and byline inside it), each line's ``kind`` set; returns the run's start
    (after a standfirst that opened it)."""
    lo = max(0, start - HEADLINE_LOOKBACK)
    for i in range(lo, end):
        ln = lines[i]
        if ln.kind != "boilerplate" or ln.chars > BYLINE_CHARS or (ln.cls == "good" and ln.raw != "short"):
            continue
        if not found.authors and not found.agencies and BYLINE_LEAD.match(ln.text):
            names, agencies = parse_byline(ln.text)
            if names or agencies:
                found.byline, found.authors, found.agencies = ln.text, names, agencies
                ln.kind = ln.rule = "byline"
                _take_date(ln, found)
                continue
        if found.date is None and i < start + 3 and ln.words <= BYLINE_WORDS and _take_date(ln, found):
            ln.kind = ln.rule = "dateline"
    _read_captions(lines, lo, end, found)
    start = _past_header(lines, start, end)
    start = _read_standfirst(lines, lo, start, end, found)
    # the headline: the title-shaped line nearest before the header's first element (a byline,
    # a dateline, a caption or the standfirst come after it), else before the article's run
    anchor = next((i for i in range(lo, start) if lines[i].kind != "boilerplate"), start)
    for i in range(anchor - 1, max(lo, anchor - HEADLINE_REACH) - 1, -1):
        ln = lines[i]
        if ln.kind == "boilerplate" and _headline_shaped(ln):
            ln.kind = ln.rule = "headline"
            found.headline = ln.text
            break
    return start


HEADER_PROSE: Final = 2 * LENGTH_HIGH
"""Characters of prose at most before a byline or dateline in the article's run for the lines
before it to be the article's header (a standfirst, a newsletter prompt), not its body."""


def _past_header(lines: list[Line], start: int, end: int) -> int:
    """The run's start moved past a byline or dateline near its beginning (less than
    ``HEADER_PROSE`` characters of prose before it): what comes before a byline is the header."""
    prose = 0
    for i in range(start, end):
        ln = lines[i]
        if ln.kind in ("byline", "dateline"):
            return i + 1
        if ln.raw in ("good", "near"):
            prose += ln.chars
            if prose >= HEADER_PROSE:
                break
    return start


def _read_standfirst(lines: list[Line], lo: int, start: int, end: int, found: PlainArticle) -> int:
    """The standfirst: a sentence of prose that opens the article but stands apart from its body,
    a line of another kind (an ad label, a share prompt, a byline) between them. Either the run's
    first line (the run goes on past a short label) or a prose-like line just before the run."""
    prose = ("good", "near")
    # the run's first prose line, past the header's lines (captions, byline) it may open with
    first = next(
        (i for i in range(start, end) if lines[i].kind == "boilerplate" and lines[i].raw in prose), end
    )
    if first >= end:
        return start
    if lines[first].raw in prose and first + 1 < end and lines[first + 1].raw not in prose:
        nxt = next((j for j in range(first + 1, end) if lines[j].raw in prose), None)
        # set apart by a label (an ad, a share prompt), not by an image between two paragraphs
        apart = nxt is not None and any(g.kind == "boilerplate" for g in lines[first + 1 : nxt])
        if nxt is not None and apart and _standfirst_shaped(lines[first]):
            _mark_standfirst(lines[first], found)
            return nxt
    for i in range(start - 1, max(lo, start - STANDFIRST_REACH) - 1, -1):
        ln = lines[i]
        if ln.kind != "boilerplate" and ln.kind != "headline":
            continue  # a byline, a caption: look on before them
        if _standfirst_shaped(ln) and i < start - 1:
            _mark_standfirst(ln, found)
            break
        if ln.chars >= LENGTH_LOW:
            break  # a long line of another kind: no standfirst
    return start


def _standfirst_shaped(ln: Line) -> bool:
    return (
        ln.kind == "boilerplate"
        and ln.repeated == 1
        and ln.terminal
        and LENGTH_LOW <= ln.chars <= STANDFIRST_CHARS
        and ln.stop >= STOPWORDS_LOW
        and len(_SENTENCE_END.findall(ln.text)) <= STANDFIRST_SENTENCES
    )


def _mark_standfirst(ln: Line, found: PlainArticle) -> None:
    ln.kind = ln.rule = "standfirst"
    found.description, found.standfirst = ln.text, True


def _headline_shaped(ln: Line) -> bool:
    """A headline: a few words to a long line's worth, not ending in a full stop, shown once,
    starting with a capital, a digit or a letter of a script without case (CJK, Arabic...), with a
    stopword or at least five words (a menu item has neither)."""
    if not HEADLINE_WORDS[0] <= ln.words <= HEADLINE_WORDS[1] or ln.repeated > 1 or ln.family > 1:
        return False
    first = ln.text[0]
    if ln.text.endswith((".", "。", ":", ",", ";")) or not (
        first.isdigit() or (first.isalpha() and not first.islower())
    ):
        return False
    return ln.stop > 0 or ln.words >= 5


def _take_date(ln: Line, found: PlainArticle) -> bool:
    hit = find_textual(ln.text)
    if hit is None:
        return False
    found.date_raw = ln.text[hit[0] : hit[1]]
    found.date = normalize_date(hit[2])
    return True


def _read_captions(lines: list[Line], lo: int, end: int, found: PlainArticle) -> None:
    """Captions and credits: a line repeated at the start of the next (the caption shown twice,
    the second time with its credit), and a short line that starts with a credit word after a
    caption or an image's place."""
    seen: dict[str, int] = {}

    def add(caption: str | None, credit: str | None) -> None:
        key = _key(caption or credit or "")
        if key in seen:
            i = seen[key]
            old = found.images[i]
            found.images[i] = (old[0] or caption, old[1] or credit)
        else:
            seen[key] = len(found.images)
            found.images.append((caption, credit))

    for i in range(lo, end):
        ln = lines[i]
        if ln.kind != "boilerplate":
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and nxt.text.startswith(ln.text) and len(nxt.text) > len(ln.text):
            credit = nxt.text[len(ln.text) :].strip()
            if _is_credit(credit):
                ln.kind = ln.rule = "caption"
                nxt.kind, nxt.rule = "caption", "caption-credit"
                add(ln.text, credit)
                continue
        if ln.chars <= BYLINE_CHARS and _is_credit(ln.text) and ln.cls != "good":
            credit_key = _key(ln.text)
            if found.images and _key(found.images[-1][1] or "") == credit_key:
                ln.kind = ln.rule = "credit"  # the credit line repeated on its own
            elif found.images and found.images[-1][1] is None:
                found.images[-1] = (found.images[-1][0], ln.text)
                ln.kind = ln.rule = "credit"
            elif (
                i > lo
                and lines[i - 1].kind == "boilerplate"
                and lines[i - 1].cls != "good"
                and lines[i - 1].words >= 4
            ):
                prev = lines[i - 1]
                prev.kind, prev.rule = "caption", "caption"
                ln.kind = ln.rule = "credit"
                add(prev.text, ln.text)
            continue
        at = _credit_at_end(ln.text)
        if at is not None and ln.chars <= CAPTION_CHARS:
            ln.kind, ln.rule = "caption", "caption-with-credit"
            add(ln.text[:at].strip() or None, ln.text[at:].strip().strip("()").strip() or None)


def _credit_at_end(text: str) -> int | None:
    """Where a credit that ends a caption starts ("Protesters in masks (Image: GETTY)",
    "A lander concept. Photo: NASA"): a credit word (``xpaths.CREDIT_SPLIT``) in brackets that
    close the line, or a credit label with a colon or a copyright sign, with at most
    ``CREDIT_TAIL`` characters after it. ``None`` when the line has no such tail."""
    for hit in xpaths.CREDIT_SPLIT.finditer(text):
        if hit.start() == 0 or len(text) - hit.start() > CREDIT_TAIL:
            continue
        word = hit.group(0)
        if (word.startswith("(") and text.rstrip().endswith(")")) or ":" in word or "©" in word:
            return hit.start()
        if word.lower().startswith("copyright"):
            return hit.start()
    return None


def _is_credit(text: str) -> bool:
    """A photo credit: it starts with a credit word (``xpaths.CREDIT_SPLIT``: "Copyright", "©",
    "Photo:", an agency's picture service) and is short."""
    hit = xpaths.credit_split(text)
    return hit is not None and hit.start() <= 2 and len(text) <= BYLINE_CHARS


_MARKUP = re.compile(r"<(?:[a-zA-Z][\w:-]*|!--|!doctype|\?xml)[\s>/]", re.I)


def is_plain_text(text: str, headers: Mapping[str, str] | None = None) -> bool:
    """Whether decoded page text is a plain-text scrape: served as ``text/plain`` (unless it is a
    page's markup: servers mislabel pages, ``_markup_page``), or holding no markup at all
    (``looks_like_plain_text``).

    >>> is_plain_text("<html><p>Hi</p>", {"Content-Type": "text/plain"})
    False
    >>> is_plain_text("Hi <b>there</b>", {"content-type": "text/plain; charset=utf-8"})
    True
    >>> is_plain_text('<img src="p.gif">\\nHeadline\\nA paragraph.', {"Content-Type": "text/plain"})
    True
    """
    kind = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    if kind.split(";")[0].strip().lower() == "text/plain":
        return not _markup_page(text)
    return looks_like_plain_text(text)


_DOCUMENT = re.compile(r"<(?:!doctype|html|head|body|\?xml|!--)[\s>]", re.I)
MARKUP_TAGS: Final = 3
"""Tags in its first 64 KiB that make a ``text/plain`` response starting with a tag a page."""


def _markup_page(text: str) -> bool:
    """Whether a ``text/plain`` response is a mislabelled page: it starts with a document's tag
    (doctype, ``<html>``, ``<head>``, ``<body>``, an XML declaration, a comment) or with a tag
    followed by more (``MARKUP_TAGS`` in all). One stray tag that opens a saved text (a tracking
    pixel's ``<img>`` a scraper kept from a ``<noscript>``) leaves it a text."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("<"):
        return False
    return _DOCUMENT.match(head) is not None or len(_MARKUP.findall(head, 0, 65536)) >= MARKUP_TAGS


def looks_like_plain_text(text: str) -> bool:
    """Whether decoded page text holds no markup at all: no tag, comment or doctype in its first
    64 KiB (an HTML page has one within its first lines; a saved text has none).

    >>> looks_like_plain_text("Headline\\n\\nA paragraph < 3 words.")
    True
    >>> looks_like_plain_text("<p>Hi</p>")
    False
    """
    return _MARKUP.search(text, 0, 65536) is None
