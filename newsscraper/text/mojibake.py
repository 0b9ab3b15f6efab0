"""What ftfy would call mojibake, found cheaply; mixed segments repaired span by span.

ftfy decides what looks like mojibake (``ftfy.badness``: sequences of the few hundred characters
that UTF-8 read as latin-1, sloppy-windows-125x, ISO-8859-2, MacRoman or cp437 produces). Three
helpers around it:

- ``maybe_bad(text)``: a superset of ``ftfy.badness.is_bad`` that is cheap on clean text. ftfy's
  ``BADNESS_RE`` starts many branches with an ASCII letter, a space or ``^`` (``[a-z] Ã ...``),
  so the regex engine tries every branch at every position (3 ms a page of paragraphs, 8x all of
  our cleaning). ``SUSPECT_RE`` holds the same branches without that leading context, each now
  starting with a non-ASCII character class, so the engine skips clean text at C speed; only a
  segment it matches is judged by ftfy itself. ``tests/test_text_mojibake.py`` checks the
  superset property on every ftfy case and on random mojibake.
- ``fix_spans(text)``: mojibake beside correct typography (``Lindqvist/Hale – DrÃ¥ber``): ftfy
  re-encodes a whole segment, which fails when the segment also holds a character the wrong codec
  cannot encode (the en dash is fine in cp1252 but its byte is not UTF-8). Each run that looks
  like UTF-8 read in a single-byte codec (ftfy's ``UTF8_DETECTOR_RE``) is decoded alone and kept
  when ftfy's badness of its surroundings falls. ftfy's own ``decode_inconsistent_utf8`` judges a
  run without its context (``Ã¥`` alone is not bad, ``rÃ¥b`` is) and reads a lone ``Ã`` or ``Â``
  word as a mangled ``à`` / no-break space; here a run bad only in context, or such a word, is
  decoded only when the segment holds other mojibake ("relatifs Ã l'utilisation" yes, "so is Ã
  in SÃO" no).
"""

from __future__ import annotations

import re

import ftfy
from ftfy import chardata, fixes
from ftfy.badness import MOJIBAKE_CATEGORIES, badness, is_bad

_C = MOJIBAKE_CATEGORIES
_LA, _UA = _C["lower_accented"], _C["upper_accented"]
_BOX, _SP, _EP = _C["box"], _C["start_punctuation"], _C["end_punctuation"]
_CUR, _NUM, _LAW, _BAD = _C["currency"], _C["numeric"], _C["law"], _C["bad"]
_LC, _UC, _C1, _KAO, _COMMON = _C["lower_common"], _C["upper_common"], _C["c1"], _C["kaomoji"], _C["common"]

# ftfy's BADNESS_RE (6.x), branch by branch, rewritten so that each starts with its rarest
# non-ASCII class (the anchor): context before the anchor becomes a fixed-width lookbehind, and
# ASCII, space or start-of-text context is dropped (a superset: it matches wherever BADNESS_RE
# does). One character class of all anchors heads the pattern, which lets the regex engine skip
# text holding none of them at C speed: lowercase accented, Cyrillic and Greek letters, common in
# clean text, are never an anchor.
BRANCHES: tuple[tuple[str, str, str], ...] = (
    # (lookbehind before the anchor, anchor class, rest after it)
    ("", _C1, ""),
    (f"{_BAD}{_LA}{_UA}{_BOX}{_SP}{_EP}{_CUR}{_NUM}{_LAW}{_LC}{_UC}", _BAD, ""),
    ("", _BAD, f"[{_LA}{_UA}{_BOX}{_SP}{_EP}{_CUR}{_NUM}{_LAW}]"),
    (f"{_LA}{_LC}{_BOX}{_EP}{_CUR}{_NUM}", _UA, ""),
    (f"{_LA}{_BOX}{_EP}", _CUR, ""),
    ("", f"{_BOX}{_EP}{_CUR}{_NUM}", f"[{_LA}]"),
    ("", _UA, f"[{_CUR}{_NUM}{_LAW}{_SP}°]"),
    ("", _BOX, ""),
    (f"{_LA}{_UA}{_BOX}{_CUR}{_EP}", _SP, f"[{_NUM}]"),
    (f"{_LA}{_UA}{_CUR}{_NUM}{_BOX}{_LAW}", _EP, f"[{_SP}]"),
    ("", f"{_CUR}{_NUM}", f"[{_SP}]"),
    (f"{_LA}{_UA}", f"{_SP}{_EP}", r"\w"),
    ("", "Œœ", "[^A-Za-z]"),
    ("", "ÂÃÎÐ", f"[€œŠš¢£Ÿž\xa0\xad®©°·»{_SP}{_EP}–—´]"),
    ("", "×", "[²³]"),
    ("", "ØÙ", f"[{_COMMON}{_CUR}{_BAD}{_NUM}{_SP}ŸŠ®°µ»][ØÙ][{_COMMON}{_CUR}{_BAD}{_NUM}{_SP}ŸŠ®°µ»]"),
    ("à", "²µ¹¼½¾", ""),
    ("", "√", "[±∂†≠®™´≤≥¥µø]"),
    ("", "≈", "[°¢]"),
    ("", "‚", "(?:Ä[ìîïòôúùû†°¢π]|[âó][àä°ê])"),
    ("в", "Ђ", ""),
    ("ВГРС", f"{_C1}{_BAD}{_SP}{_EP}{_CUR}°µ", "[ВГРС]"),
    ("Г", "ў", "ВЂВ.[A-Za-z ]"),
    ("", "ÃÂ", "[\xa0¡ ]"),
    ("", "Â", f"[ {_SP}{_EP}]"),
    ("β", "€", "[™\xa0Ά\xad®°]"),
    ("ΒΓΞΟ", f"{_C1}{_BAD}{_SP}{_EP}{_CUR}°", "[ΒΓΞΟ]"),
    ("ā", "€", ""),
)


def compile_anchored(branches: tuple[tuple[str, str, str], ...]) -> re.Pattern[str]:
    """One pattern of ``(lookbehind, anchor class, rest)`` branches, headed by the union of the
    anchor classes (so the engine scans for it at C speed) and checked by lookbehind after."""
    return re.compile(
        "["
        + "".join(anchor for _, anchor, _ in branches)
        + "](?:"
        + "|".join(
            (f"(?<=[{before}][{anchor}])" if before else f"(?<=[{anchor}])") + rest
            for before, anchor, rest in branches
        )
        + ")"
    )


SUSPECT_RE = compile_anchored(BRANCHES)
"""A superset of ``ftfy.badness.BADNESS_RE`` whose every branch starts with a non-ASCII class."""


def maybe_bad(text: str) -> bool:
    """Whether ftfy could call ``text`` mojibake (never False when ``is_bad(text)`` is True).

    >>> maybe_bad("Zażółć gęślą jaźń — “quoted”"), maybe_bad("wei√ü"), maybe_bad("DrÃ¥ber")
    (False, True, True)
    """
    return bool(SUSPECT_RE.search(text))


_WINDOW = 2
"""Characters of context either side of a span when its badness is compared (ftfy's patterns
span at most 5 characters, most 2-3)."""
_LONE_A = re.compile(r"[ÃÂ][ \xa0]?")
_DECODINGS = ("utf-8", "utf-8-variants")


def _decode(span: str, config: ftfy.TextFixerConfig) -> str | None:
    """The span read back as UTF-8 from the first single-byte codec (ftfy's order) that encodes
    it, with ftfy's byte-A0 restoration and lossy-sequence marking as ``config`` says (as ftfy's
    ``fix_encoding`` does for a whole segment); None when none decodes."""
    for encoding in chardata.CHARMAP_ENCODINGS:
        if not chardata.possible_encoding(span, encoding):
            continue
        raw = span.encode(encoding)
        if config.restore_byte_a0 and encoding != "macroman" and chardata.ALTERED_UTF8_RE.search(raw):
            raw = fixes.restore_byte_a0(raw)
        if config.replace_lossy_sequences and encoding.startswith("sloppy"):
            raw = fixes.replace_lossy_sequences(raw)
        for decoding in _DECODINGS:
            try:
                return raw.decode(decoding)
            except UnicodeDecodeError:
                continue
    return None


def fix_spans(text: str, config: ftfy.TextFixerConfig) -> str:
    """Decode each UTF-8-looking run of mojibake on its own where its surroundings get less bad
        (ftfy's ``badness``), then ftfy again on each decoded run (double mojibake). ``config`` is the
    caller's one ftfy configuration (``repair.FTFY_CONFIG``).

        A run is kept only with corroboration: one that ftfy calls bad by itself (``Ã©``), or two
        runs or more. A single run that is bad only in context (``DrÃ¥ber`` beside an en dash) stays,
        as ftfy leaves it (its negative case: Latin-1 or MacRoman, safest to decode as neither); a lone
        ``Ã`` or ``Â`` word never corroborates ("so is Ã in SÃO" stays, "relatifs Ã l'usage" beside
        other mojibake does not).

        >>> config = ftfy.TextFixerConfig(decode_inconsistent_utf8=False)
        >>> fix_spans("Lindqvist/Hale – DrÃ¥ber och cafÃ©", config)
        'Lindqvist/Hale – Dråber och café'
        >>> fix_spans("Lindqvist/Hale – DrÃ¥ber", config), fix_spans("so is Ã in SÃO.", config)
        ('Lindqvist/Hale – DrÃ¥ber', 'so is Ã in SÃO.')
    """
    spans: list[tuple[int, int, str]] = []
    strong = weak = 0
    for m in chardata.UTF8_DETECTOR_RE.finditer(text):
        start, end = m.span()
        decoded = _decode(m.group(), config)
        if decoded is None or decoded == m.group():
            continue
        lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
        alone = is_bad(m.group())
        if not alone and badness(text[lo:start] + decoded + text[end:hi]) >= badness(text[lo:hi]):
            continue
        if _LONE_A.fullmatch(m.group()) and not text[start - 1 : start].isalpha():
            pass  # a lone "Ã" / "Â" word: decoded only beside other evidence
        elif alone:
            strong += 1
        else:
            weak += 1
        spans.append((start, end, ftfy.fix_encoding(decoded, config)))
    if not strong and weak < 2:
        return text
    out: list[str] = []
    pos = 0
    for start, end, decoded in spans:
        out += [text[pos:start], decoded]
        pos = end
    out.append(text[pos:])
    return "".join(out)
