"""Repair and normalise one text segment (a paragraph, headline, caption, credit, name...).

Steps, in order (each recorded as a ``Repair`` when it changes the text):

1. ``html-entity``: double-escaped entities left as literal text (``&#8217;``, ``&amp;rsquo;``);
2. ``mojibake`` (and ``c1-controls``, ``surrogates``, ``terminal-escapes``): ftfy with the one
   explicit ``FTFY_CONFIG`` below (a second pass with ``decode_inconsistent_utf8`` switched on
   only when mojibake is left). It runs before control characters are stripped, since the C1
   controls that Latin-1 mojibake leaves are what it decodes;
3. ``replacement-run``: U+FFFD runs dropped (``normalize.drop_replacement_runs``);
4. ``invisible-chars`` and ``control-chars`` removed;
5. ``normalization``: NFC;
6. whitespace folded to single spaces and stripped (not recorded: it would flood the record).

Fast path: most segments are ASCII, or hold only ordinary non-ASCII text (curly quotes, accented
letters); one precompiled regex search and ``unicodedata.is_normalized`` clear them, and ftfy runs
only on text that shows a mojibake signature.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy

from newsscraper.items import Repair
from newsscraper.text.normalize import (
    drop_replacement_runs,
    excerpt,
    fold_whitespace,
    remove_controls,
    remove_invisible,
    unescape_entities,
)

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are step 1, with provenance and without the '<' guess
    remove_terminal_escapes=True,
    fix_encoding=True,  # the point: single and double UTF-8-as-cp1252/latin-1 mojibake
    restore_byte_a0=True,  # "Ã " whose NBSP became a space
    replace_lossy_sequences=True,  # unrecoverable mojibake becomes U+FFFD, then step 3 drops it
    decode_inconsistent_utf8=False,  # see FTFY_MIXED_CONFIG
    fix_c1_controls=True,  # latin-1/cp1252 confusion: \x92 means ’
    fix_latin_ligatures=False,  # "ﬁ" is rare and not damage
    fix_character_width=False,  # full-width forms are legitimate in CJK text
    uncurl_quotes=False,  # news text uses typographic quotes on purpose
    fix_line_breaks=False,  # whitespace is folded in step 6
    fix_surrogates=True,
    remove_control_chars=False,  # step 4, with provenance
    normalization="NFC",
    explain=True,
)
"""The one ftfy configuration used for every segment."""

FTFY_MIXED_CONFIG = FTFY_CONFIG._replace(decode_inconsistent_utf8=True)
"""Second pass, only for a segment that still shows a mojibake signature after the first: it fixes
mojibake beside good text in one segment ("café and itâ€™s"), but run on text it already fixed it
reads a legitimate "Â " or "Ã " as mojibake of a no-break space (ROMÂNIA, SÃO)."""

# UTF-8 read as cp1252/latin-1: a lead byte Â-ô followed by a continuation byte as cp1252 shows it
# (0x80-0xBF: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ, the C1 controls, NBSP-¿).
_CONTINUATION = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = f"[\u00c2-\u00f4][{_CONTINUATION}]|[\x80-\x9f]|[\ud800-\udfff]|\x1b\\["
_SUSPECT = re.compile(_MOJIBAKE)
_ENTITY_HINT = r"&(?:#|[A-Za-z][A-Za-z0-9]*;)"
_ASCII_CONTROLS = r"\x00-\x08\x0e-\x1b\x7f"
_REMOVED = "\N{SOFT HYPHEN}\N{ZERO WIDTH SPACE}\N{WORD JOINER}\ufeff\u180e\ufffd\ufffe\uffff"
_ASCII_WORK = re.compile(rf"{_ENTITY_HINT}|[{_ASCII_CONTROLS}]")
_WORK = re.compile(rf"{_ENTITY_HINT}|{_MOJIBAKE}|[{_ASCII_CONTROLS}{_REMOVED}]")
# The characters a match of the two patterns above can start with. Scanning for one character
# class is ~5x faster than for the alternation, and most segments hold none of them.
_ASCII_WORK_START = re.compile(rf"[&{_ASCII_CONTROLS}]")
_WORK_START = re.compile(rf"[&{_ASCII_CONTROLS}{_REMOVED}\u00c2-\u00f4\x80-\x9f\ud800-\udfff]")
_FTFY_KINDS = {
    "fix_c1_controls": "c1-controls",
    "fix_surrogates": "surrogates",
    "remove_terminal_escapes": "terminal-escapes",
    "restore_byte_a0": "mojibake",
    "replace_lossy_sequences": "mojibake",
    "decode_inconsistent_utf8": "mojibake",
}


def _fix_mojibake(text: str) -> tuple[str, str]:
    """ftfy with ``FTFY_CONFIG`` (then ``FTFY_MIXED_CONFIG`` if needed); text and kind of fix."""
    fixed, plan = ftfy.fix_and_explain(text, FTFY_CONFIG)
    plan = list(plan or [])
    if _SUSPECT.search(fixed):
        fixed, more = ftfy.fix_and_explain(fixed, FTFY_MIXED_CONFIG)
        plan += more or []
    kind = "normalization"
    for step in plan:
        if step.action in ("encode", "decode", "transcode"):
            return fixed, "mojibake"
        if step.action == "apply":
            kind = _FTFY_KINDS.get(step.parameter, kind)
    return fixed, kind


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("replacement-run", drop_replacement_runs),
    ("invisible-chars", remove_invisible),
    ("control-chars", remove_controls),
    ("normalization", _nfc),
)


def _is_clean(text: str) -> bool:
    """No entity, mojibake, invisible or control character, and NFC: nothing to repair."""
    if text.isascii():
        return not (_ASCII_WORK_START.search(text) and _ASCII_WORK.search(text))
    if _WORK_START.search(text) and _WORK.search(text):
        return False
    return unicodedata.is_normalized("NFC", text)


def clean_text_with_repairs(text: str, field: str = "text") -> tuple[str, list[Repair]]:
    """Return ``text`` repaired and normalised, with one ``Repair`` per change made.

    ``field`` names the record field the repairs apply to.

    >>> clean_text_with_repairs("  plain   text ")
    ('plain text', [])
    >>> text, repairs = clean_text_with_repairs("The minister said itâ€™s fine.", "articleBody")
    >>> text
    'The minister said it’s fine.'
    >>> [(r.field, r.kind, r.before) for r in repairs]
    [('articleBody', 'mojibake', 'The minister said itâ€™s fine.')]
    >>> clean_text_with_repairs("Copyright \\ufffd\\ufffd/KCNA via KNS", "images[0].credit")[0]
    'Copyright KCNA via KNS'
    """
    if _is_clean(text):
        return fold_whitespace(text), []
    repairs: list[Repair] = []

    def record(kind: str, before: str, after: str) -> None:
        if before != after:
            old, new = excerpt(before, after)
            repairs.append(Repair(field=field, kind=kind, before=old, after=new))

    fixed = unescape_entities(text)
    record("html-entity", text, fixed)
    if _SUSPECT.search(fixed):
        before = fixed
        fixed, kind = _fix_mojibake(fixed)
        record(kind, before, fixed)
    for kind, step in _STEPS:
        before = fixed
        fixed = step(fixed)
        record(kind, before, fixed)
    return fold_whitespace(fixed), repairs


def clean_text(text: str) -> str:
    """Return ``text`` repaired and normalised (see ``clean_text_with_repairs``).

    >>> clean_text("  a \\N{NO-BREAK SPACE} b ")
    'a b'
    >>> clean_text("Ã¢â‚¬Å“Double mojibakeÃ¢â‚¬Â\\x9d &amp;#8212; fixed")
    '“Double mojibake” — fixed'
    >>> clean_text("Zażółć gęślą jaźń · Tiếng Việt · İstanbul · Αθήνα · 朝鮮通信社 · 5 €")
    'Zażółć gęślą jaźń · Tiếng Việt · İstanbul · Αθήνα · 朝鮮通信社 · 5 €'
    """
    return clean_text_with_repairs(text)[0]
