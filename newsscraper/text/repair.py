"""Repair and normalise one text segment (a paragraph, headline, caption, credit, name...).

Steps, in order (each recorded as a ``Repair`` when it changes the text):

1. ``html-entity``: double-escaped entities left as literal text (``&#8217;``, ``&amp;rsquo;``);
2. ``replacement-run``: a run of U+FFFD that is a legacy double-byte text read as UTF-8
   (``islands.lost_runs``) is dropped whole, the likely source encoding named in the record;
   ``guessed``: ``â€�`` after a word, a closing quote whose last byte was lost, is restored
   (``normalize.guess_lost_quotes``);
3. ``mojibake`` (and ``c1-controls``, ``surrogates``, ``terminal-escapes``, ``ligatures``): ftfy
   with the one explicit ``FTFY_CONFIG`` below, on every segment ftfy's badness heuristic could
   call mojibake (``mojibake.maybe_bad``, a cheap superset of it); then, if ftfy still finds it
   bad, span by span (``mojibake.fix_spans``: mojibake beside good typography). It runs before
   control characters are stripped, since the C1 controls Latin-1 mojibake leaves are what it
   decodes;
4. ``replacement-run``: every U+FFFD left is dropped, never a letter beside it
   (``normalize.drop_replacement_chars``);
5. ``character-width``: full-width ASCII forms in a segment with no CJK character
   (``Ningbo，China``) become ASCII; in CJK text they stay;
6. ``invisible-chars`` and ``control-chars`` removed;
7. ``normalization``: NFC;
8. whitespace folded to single spaces and stripped (not recorded: it would flood the record).

Fast path: most segments are ASCII, or hold only ordinary non-ASCII text (curly quotes, accented
letters); one precompiled regex search (headed by one character class, ``mojibake.compile_anchored``)
and ``unicodedata.is_normalized`` clear them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import ftfy
from ftfy.badness import is_bad

from newsscraper.items import Repair
from newsscraper.text.islands import lost_runs
from newsscraper.text.mojibake import BRANCHES, compile_anchored, fix_spans
from newsscraper.text.normalize import (
    EXCERPT,
    drop_replacement_chars,
    excerpt,
    fold_whitespace,
    guess_lost_quotes,
    remove_controls,
    remove_invisible,
    unescape_entities,
)

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are step 1, with provenance and without the '<' guess
    remove_terminal_escapes=True,
    fix_encoding=True,  # the point: mojibake through every codec ftfy knows, up to 3 layers
    restore_byte_a0=True,  # "Ã " whose NBSP became a space
    replace_lossy_sequences=True,  # unrecoverable mojibake becomes U+FFFD, then step 4 drops it
    decode_inconsistent_utf8=False,  # step 3's span by span pass does it, judging each span in context
    fix_c1_controls=True,  # latin-1/cp1252 confusion: \x92 means ’
    fix_latin_ligatures=True,  # ftfy's view: "signiﬁcantly", "ŉ", "ǌ" are copy-paste damage
    fix_character_width=False,  # full-width forms are legitimate in CJK text (step 5)
    uncurl_quotes=False,  # news text uses typographic quotes on purpose
    fix_line_breaks=False,  # whitespace is folded in step 8
    fix_surrogates=True,
    remove_control_chars=False,  # step 6, with provenance
    normalization="NFC",
    explain=True,
)
"""The one ftfy configuration used for every segment."""

_LIGATURES = "\u0132\u0133\u0149\u01c4-\u01cc\u01f1-\u01f3\ufb00-\ufb06"
"""ftfy's ``chardata.LIGATURES``: Ĳ ĳ ŉ Ǆ-ǌ Ǳ-ǳ ﬀ-ﬆ."""
_FULLWIDTH = "\uff01-\uff5e"
_ENTITY_HINT = r"(?:#|[A-Za-z][A-Za-z0-9]*;)"
_ASCII_CONTROLS = r"\x00-\x08\x0e-\x1b\x7f"
_REMOVED = "\N{SOFT HYPHEN}\N{ZERO WIDTH SPACE}\N{WORD JOINER}\ufeff\u180e\ufffd\ufffe\uffff"
_ASCII_WORK = re.compile(rf"&{_ENTITY_HINT}|[{_ASCII_CONTROLS}]")
# The characters an ASCII match can start with: scanning for one character class is ~5x faster
# than for the alternation, and most segments hold none of them.
_ASCII_WORK_START = re.compile(rf"[&{_ASCII_CONTROLS}]")
_FTFY_BRANCHES = (("", _LIGATURES, ""), ("", "\ud800-\udfff", ""), ("", "\x1b", r"\["))
_FTFY_WORK = compile_anchored(BRANCHES + _FTFY_BRANCHES)
"""What ftfy may change under ``FTFY_CONFIG``: mojibake (a superset of ftfy's badness), C1
controls, ligatures, surrogates, terminal escapes."""
_WORK = compile_anchored(
    (
        *BRANCHES,
        *_FTFY_BRANCHES,
        ("", "&", _ENTITY_HINT),
        ("", f"{_ASCII_CONTROLS}{_REMOVED}{_FULLWIDTH}", ""),
    )
)
"""Anything any step may change (NFC aside): one scan of the segment."""
_WIDE = re.compile(f"[{_FULLWIDTH}]+")
# Han, kana, hangul, CJK punctuation and symbols, half-width katakana: text whose writers use
# full-width forms on purpose ("Ctrl＋Alt＋K", "（2010）").
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff61-\uffdc\U00020000-\U0003134f]"
)
_FTFY_KINDS = {
    "fix_c1_controls": "c1-controls",
    "fix_surrogates": "surrogates",
    "remove_terminal_escapes": "terminal-escapes",
    "fix_latin_ligatures": "ligatures",
    "restore_byte_a0": "mojibake",
    "replace_lossy_sequences": "mojibake",
    "decode_inconsistent_utf8": "mojibake",
}


_REACH = 3
"""Characters before a U+FFFD that ftfy may read as the rest of the same lost UTF-8 sequence."""


def _only_eats_letters(before: str, after: str) -> bool:
    """Whether every change from ``before`` to ``after`` is a U+FFFD of ``before`` that swallowed
    the characters beside it: ftfy reads "é" + U+FFFD as a UTF-8 lead byte whose continuation
    bytes were lost ("café\ufffd\ufffd" -> "caf\ufffd"), which only other mojibake in the
    segment can corroborate. One greedy linear walk: a misalignment answers False (ftfy kept).

    >>> _only_eats_letters("café\ufffd\ufffd au lait", "caf\ufffd au lait")
    True
    >>> _only_eats_letters("AmĂ©rica, Ă\ufffdfrica", "América, \ufffdfrica")
    False
    """
    if before == after:
        return False
    i = j = 0
    while i < len(before):
        if j < len(after) and before[i] == after[j]:
            i += 1
            j += 1
        elif before[i] == "\ufffd" or "\ufffd" in before[i + 1 : i + 1 + _REACH]:
            i += 1  # a U+FFFD merged into another, or a character eaten by the one after it
        else:
            return False
    return not after[j:].strip("\ufffd")


def _fix_mojibake(text: str) -> tuple[str, str]:
    """ftfy with ``FTFY_CONFIG``, then span by span if ftfy still finds mojibake; text and kind."""
    fixed, plan = ftfy.fix_and_explain(text, FTFY_CONFIG)
    if "\ufffd" in text and _only_eats_letters(text, fixed):
        return text, "normalization"
    kind = "normalization"
    for step in plan or []:
        if step.action in ("encode", "decode", "transcode"):
            kind = "mojibake"
            break
        if step.action == "apply":
            kind = _FTFY_KINDS.get(step.parameter, kind)
    if is_bad(fixed):
        spans = fix_spans(fixed, FTFY_CONFIG)
        if spans != fixed:
            fixed, kind = ftfy.fix_and_explain(spans, FTFY_CONFIG).text, "mojibake"
    return fixed, kind


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _narrow(text: str) -> str:
    """Full-width ASCII forms in a segment with no CJK character: NFKC makes them ASCII."""
    if _WIDE.search(text) is None or _CJK.search(text) is not None:
        return text
    return _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("replacement-run", drop_replacement_chars),
    ("character-width", _narrow),
    ("invisible-chars", remove_invisible),
    ("control-chars", remove_controls),
    ("normalization", _nfc),
)


def _is_clean(text: str) -> bool:
    """No entity, mojibake, invisible or control character, and NFC: nothing to repair."""
    if text.isascii():
        # printable ASCII (space to "~") holds none of ``_ASCII_CONTROLS``: with no "&" either,
        # nothing to repair, found by two C scans that test no character class
        if "&" not in text and text.isprintable():
            return True
        return not (_ASCII_WORK_START.search(text) and _ASCII_WORK.search(text))
    return _WORK.search(text) is None and unicodedata.is_normalized("NFC", text)


def clean_text_with_repairs(text: str, field: str = "text") -> tuple[str, list[Repair]]:
    """Return ``text`` repaired and normalised, with one ``Repair`` per change made.

    ``field`` names the record field the repairs apply to. The result is one line: every
    whitespace run (newlines and no-break spaces too) becomes one space, and the ends are stripped;
    the repairs are not capped here (``extract_article`` keeps 100 per record). ``TypeError`` when
    ``text`` is not ``str`` (``None``, ``bytes``: decode bytes first, ``text.decoding``).

    >>> clean_text_with_repairs("  plain   text ")
    ('plain text', [])
    >>> text, repairs = clean_text_with_repairs("The minister said itâ€™s fine.", "articleBody")
    >>> text
    'The minister said it’s fine.'
    >>> [(r.field, r.kind, r.before) for r in repairs]
    [('articleBody', 'mojibake', 'The minister said itâ€™s fine.')]
    >>> text, repairs = clean_text_with_repairs("(c) \\ufffd\\ufffd\\ufffdN\\ufffdʐM\\ufffd\\ufffd/KCNA")
    >>> text, repairs[0].kind, repairs[0].before.endswith("(Shift-JIS read as UTF-8)")
    ('(c) /KCNA', 'replacement-run', True)
    """
    if not isinstance(text, str):  # None gave "'NoneType' object has no attribute 'isascii'"
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if _is_clean(text):
        return fold_whitespace(text), []
    repairs: list[Repair] = []

    def record(kind: str, before: str, after: str, note: str = "") -> None:
        if before != after:
            old, new = excerpt(before, after)
            if note:
                old = old[: EXCERPT - len(note) - 1] + " " + note
            repairs.append(Repair(field=field, kind=kind, before=old, after=new))

    fixed = unescape_entities(text)
    record("html-entity", text, fixed)
    if "\ufffd" in fixed:
        for start, end, encoding in reversed(lost_runs(fixed)):
            before, fixed = fixed, fixed[:start] + fixed[end:]
            record("replacement-run", before, fixed, f"({encoding} read as UTF-8)")
        before, fixed = fixed, guess_lost_quotes(fixed)
        record("guessed", before, fixed)
    elif "â€?" in fixed:
        before, fixed = fixed, guess_lost_quotes(fixed)
        record("guessed", before, fixed)
    if _FTFY_WORK.search(fixed):
        before = fixed
        fixed, kind = _fix_mojibake(fixed)
        record(kind, before, fixed)
    for kind, step in _STEPS:
        before = fixed
        fixed = step(fixed)
        record(kind, before, fixed)
    return fold_whitespace(fixed), repairs


def clean_text(text: str) -> str:
    """Return ``text`` repaired and normalised, as one line (see ``clean_text_with_repairs``;
    ``TypeError`` when ``text`` is not ``str``).

    >>> clean_text("  a \\N{NO-BREAK SPACE} b ")
    'a b'
    >>> clean_text("Ã¢â‚¬Å“Double mojibakeÃ¢â‚¬Â\\x9d &amp;#8212; fixed")
    '“Double mojibake” — fixed'
    >>> clean_text("Zażółć gęślą jaźń · Tiếng Việt · İstanbul · Αθήνα · 朝鮮通信社 · 5 €")
    'Zażółć gęślą jaźń · Tiếng Việt · İstanbul · Αθήνα · 朝鮮通信社 · 5 €'
    >>> clean_text("Lindqvist/Hale – DrÃ¥ber and cafÃ©"), clean_text("wei√ü"), clean_text("LiĂ¨ge")
    ('Lindqvist/Hale – Dråber and café', 'weiß', 'Liège')
    >>> clean_text("ItÃ?Â¢â?¬â?¢s classic.")  # unrecoverable: the letters around it stay
    'It¢s classic.'
    """
    return clean_text_with_repairs(text)[0]
