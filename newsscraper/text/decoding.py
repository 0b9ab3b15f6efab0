"""Decode page bytes to text the way a careful browser would, then better.

Order of evidence (``docs/text-repair.md``):

1. a byte-order mark decides; UTF-16 without one is told by its markup (``<`` beside a NUL);
2. bytes that are valid UTF-8 are UTF-8, whatever is declared (a page declared ISO-8859-1 whose
   bytes form valid multi-byte UTF-8 is UTF-8: legacy text almost never does). This is also the
   fast path: one ``bytes.decode`` for the commonest case;
3. bytes that are mostly UTF-8 with a few invalid islands are UTF-8 with foreign-encoding islands,
   each decoded with its most plausible encoding (``islands.py``); when valid multi-byte sequences
   are fewer than invalid bytes, that reading still competes (by plausibility) with step 4-5's;
4. the HTTP ``Content-Type`` charset, then ``<meta charset>`` / ``http-equiv`` / XML declaration,
   each validated against the bytes (a multi-byte codec must decode them; a Western header naming
   the server's default gives way to a page's own CJK declaration that decodes, or to detection
   when it reads the text as words of accented letters);
5. detection (charset-normalizer) for undeclared pages: a CJK or non-Latin guess is taken when it
   decodes cleanly; Western text is windows-1252 unless another Latin codec reads it clearly better.

Labels are read as the WHATWG Encoding Standard says (``latin1`` and ``ascii`` mean windows-1252).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from newsscraper.items import Repair
from newsscraper.text.charsets import (
    MULTIBYTE,
    PRESCAN_BYTES,
    decode_with,
    header_charset,
    meta_charset,
    normalize_label,
    sniff_bom,
    sniff_utf16,
)
from newsscraper.text.islands import count_invalid, repair_islands
from newsscraper.text.plausibility import plausibility

MAX_ISLAND_BYTES = 256
"""A declared- or undeclared-UTF-8 page with at most this many invalid bytes and no clear legacy
majority is repaired island by island: a page holds a few pasted credits or quotes (the seed has
10 bytes), while a whole legacy page has thousands of non-UTF-8 bytes."""

MAX_COMPARE_BYTES = 2048
"""Up to this many invalid bytes, a page that is not mostly UTF-8 is also read as UTF-8 with
islands and the clearly more plausible reading kept: a few credits and quotes stay far below, and
the comparison costs one more pass over the page."""

COMPARE_MARGIN = 0.4
"""How much more plausible the islands reading must be: a legacy page read island by island comes
out the same text (margin 0); a credit misread as cp1252 loses by 10 and more, a "½" or "©" of
the UTF-8 text read as one CJK character by 0.5 and more."""

DETECT_SAMPLE = 32 * 1024
"""Bytes handed to detection: lines holding non-ASCII bytes first, as markup and scripts carry no
evidence; 32 KB decides every undeclared page of the snippets set at a fraction of the cost."""

_WESTERN = frozenset(
    normalize_label(label)
    for label in (
        "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1257", "iso8859_4",
        "iso8859_13", "mac_roman", "mac_latin2", "cp437", "cp850", "cp858", "iso8859_3",
        "iso8859_16", "iso8859_10", "iso8859_14", "mac_iceland", "cp1254", "iso8859_9", "cp1258",
        "ascii", "utf_8",
    )
)  # fmt: skip
"""Latin-script codecs detection confuses with each other on short Western text."""

_WEB_NON_LATIN = frozenset(
    normalize_label(label)
    for label in (
        "windows-1251", "koi8-r", "koi8-u", "iso-8859-5", "windows-1253", "iso-8859-7",
        "windows-1255", "iso-8859-8", "windows-1256", "iso-8859-6", "windows-874",
    )
)  # fmt: skip
"""Non-Latin single-byte codecs seen on the web (WHATWG's list, less the Latin ones)."""
MIN_ODD = 5
"""windows-1252 stays unless it leaves at least this many odd characters (and three times as many
as the best other Latin codec): Icelandic names in Western text must not flip the page, while a
Polish or Turkish paragraph leaves a dozen."""
_LATIN_BY_USE = ("cp1250", "cp1254", "cp1257", "cp1258")
"""Latin codecs besides windows-1252, by how common their languages are on the web."""
_LATIN_BY_LANG = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sr"), "cp1250"),
    **dict.fromkeys(("tr", "az"), "cp1254"),
    **dict.fromkeys(("lt", "lv", "et"), "cp1257"),
    "vi": "cp1258",
}
_HTML_LANG = re.compile(rb"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_HIGH = re.compile(rb"[\x80-\xff]")
# What a wrong Latin codec leaves in words: a symbol or C1 control right after a letter ("gêœl¹",
# "Zaø"), but not º/ª ("Nº");
# in a windows-1252 reading also the Icelandic-only letters þ ð ý, which is how Turkish ş ğ ı read
# there (counted only when the page's language says it is not Western: see _odd_count).
_ODD_IN_WORD = re.compile(
    r"(?<=[^\W\d_])[\x80-\x9f\u00a1-\u00a9\u00ab-\u00b9\u00bb-\u00bf\u00d7\u00f7\u02c6-\u02dd"
    r"\u2020-\u203a\u2122\u0192]"
)
_ICELANDIC = re.compile("[\u00dd\u00de\u00f0\u00fd\u00fe\u00d0]")


@dataclass(kw_only=True, slots=True)
class Decoded:
    """Result of decoding a page."""

    text: str
    encoding: str
    """Python codec name the text was decoded with (``utf-8`` for UTF-8 with repaired islands)."""
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    utf8: bytes | None = None
    """The input itself when it is exactly ``text`` in UTF-8 (step 2), for parsers to take as is."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_without_surrogates(text: str) -> str | bytes:
    """``text`` ready to parse: unchanged when it holds no surrogate (the common case, one search).

    A text read with ``errors="surrogateescape"`` (the idiom for bytes of unknown encoding) holds
    its undecodable bytes as U+DC80..U+DCFF: they are given back as the bytes they stand for, for
    :func:`decode_body` to decode (a Latin-1 page then reads as Latin-1). Other lone surrogates
    (half of an emoji's UTF-16 pair, from JSON) are U+FFFD, damage later dropped as such, and a
    pair split over two code points is joined. libxml2 stopped reading at the first surrogate: a
    Latin-1 page read so lost all its text after the first accented letter.

    >>> text_without_surrogates("caf\\udce9 cr\\udce8me")
    b'caf\\xe9 cr\\xe8me'
    >>> text_without_surrogates("a \\ud83d\\ude00 b \\ud83d c")
    'a 😀 b \ufffd c'
    """
    if _SURROGATE.search(text) is None:
        return text
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def decode_body(body: bytes, headers: Mapping[str, str] | None = None) -> Decoded:
    """Decode ``body`` by the order of evidence above; never raises.

    >>> decode_body("café".encode(), {"Content-Type": "text/html; charset=ISO-8859-1"}).text
    'café'
    >>> d = decode_body(b"<meta charset=utf-8><p>It\\x92s</p>")
    >>> d.text, d.encoding, d.repairs[0].kind
    ('<meta charset=utf-8><p>It’s</p>', 'utf-8', 'encoding-island')
    >>> decode_body(b"<p>caf\\xe9 cr\\xe8me br\\xfbl\\xe9e, na\\xefve fa\\xe7ade</p>" * 20).encoding
    'cp1252'
    """
    # 1. BOM
    bom = sniff_bom(body)
    if bom:
        codec, size = bom
        text, errors = decode_with(body[size:], codec)
        return _result(text, codec, errors)
    # 1b. UTF-16 without a BOM: ASCII text of it is valid UTF-8, so it must be told before step 2
    utf16 = sniff_utf16(body)
    if utf16:
        text, errors = decode_with(body, utf16)
        return _result(text, utf16, errors)
    # 2. valid UTF-8: the fast path
    try:
        return Decoded(text=body.decode("utf-8"), encoding="utf-8", utf8=body)
    except UnicodeDecodeError:
        pass
    escaped = body.decode("utf-8", "surrogateescape")
    bad = count_invalid(escaped)
    # Valid multi-byte sequences: non-ASCII characters less the escaped bytes (C speed).
    good = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    declared = [c for c in (header_charset(headers), meta_charset(body)) if c]
    # 3. mostly UTF-8 with islands
    declared_utf8 = bool(declared) and all(c == "utf-8" for c in declared)
    if good >= bad or (declared_utf8 and bad <= MAX_ISLAND_BYTES):
        text, repairs = repair_islands(escaped)
        return Decoded(text=text, encoding="utf-8", repairs=repairs)
    # 4-5. declarations, validated, else detection
    codec = _legacy_codec(body, declared, bad)
    text, errors = decode_with(body, codec)
    # Few valid multi-byte sequences among more invalid bytes: UTF-8 (or ASCII) text with a long
    # foreign island (a credit beside two curly quotes), or legacy text. The UTF-8-with-islands
    # reading wins when its non-ASCII text is clearly more plausible.
    if bad <= MAX_COMPARE_BYTES:
        mixed, repairs = repair_islands(escaped)
        if _quality(mixed) > _quality(text) + COMPARE_MARGIN:
            return Decoded(text=mixed, encoding="utf-8", repairs=repairs)
    return _result(text, codec, errors)


def _legacy_codec(body: bytes, declared: list[str], bad: int) -> str:
    """The declared legacy codec that the bytes bear out, else the detected one."""
    legacy = [c for c in declared if c != "utf-8"]
    for i, codec in enumerate(legacy):
        if codec in MULTIBYTE:
            # A stray byte or two is damage, more is a wrong label.
            if decode_with(body, codec)[1] <= max(2, bad // 100):
                return codec
            continue
        # A Western label (often a server default) gives way to a later CJK one that decodes.
        later = [c for c in legacy[i + 1 :] if c in MULTIBYTE and decode_with(body, c)[1] == 0]
        if later:
            return later[0]
        # A Western label on bytes it reads as words of accented letters ("ÖÐ¹ú") is a server
        # default over CJK, Cyrillic or Greek text: detection decides then.
        if codec in _WESTERN and _mostly_accented(decode_with(_sample(body), codec)[0]):
            guess = detect(body)
            if guess not in _WESTERN:
                return guess
        return codec
    return detect(body)


_NON_ASCII_RUN = re.compile(r".?[^\x00-\x7f]+.?", re.S)


def _quality(text: str) -> float:
    """Plausibility of a text's non-ASCII runs (with one character of context each side)."""
    return sum(plausibility(m.group()) for m in _NON_ASCII_RUN.finditer(text))


def detect(body: bytes) -> str:
    """Guess the codec of undeclared, non-UTF-8 bytes; windows-1252 unless clearly otherwise.

    >>> detect("朝鮮通信社は金曜日、平壌で開かれた会議について報じた。".encode("cp932") * 3)
    'cp932'
    >>> detect("Zażółć gęślą jaźń, powiedział minister.".encode("cp1250") * 3)
    'cp1250'
    """
    sample = _sample(body)
    ranked = [c for m in from_bytes(sample) if (c := normalize_label(m.encoding))]
    guess = ranked[0] if ranked else None
    if guess is None and sum(b > 0x7F for b in sample) > len(sample) // 3:
        guess = "gb18030"  # no verdict on dense non-ASCII: let the CJK codecs compete below
    if guess is None or guess == "cp1252":
        return "cp1252"
    if guess in MULTIBYTE:
        # Detection tells CJK from the rest well, but not always one CJK codec from another: the
        # codecs that decode the page cleanly are judged by the plausibility of their text.
        scored = [
            (plausibility(text) / max(1, len(text)), codec)
            for codec in (guess, *sorted(MULTIBYTE - {guess, "iso2022_jp"}))
            for text, errors in [decode_with(sample, codec)]
            if errors <= 2 and decode_with(body, codec)[1] == 0  # the sample may cut a character
        ]
        return max(scored)[1] if scored else "cp1252"
    if guess not in _WESTERN:
        # Cyrillic, Greek, Hebrew, Arabic, Thai: taken when windows-1252 reads the text as words
        # made mostly of accented letters ("Ïðèâåò"), which Western languages never write; the
        # best-ranked codec web pages use for them (not a DOS or Mac code page).
        if not _mostly_accented(decode_with(sample, "cp1252")[0]):
            return "cp1252"
        return next((c for c in ranked if c in _WEB_NON_LATIN), "cp1252")
    # Another Latin codec: only when windows-1252 leaves odd characters inside words; then among
    # the codecs that leave the fewest, the one the page's language uses, else the commonest on
    # the web (detection ranks these near misses poorly on short text: cp1257 before cp1252 for
    # French, cp1257 before cp1254 for Turkish).
    m = _HTML_LANG.search(body[:PRESCAN_BYTES])
    preferred = _LATIN_BY_LANG.get(m.group(1).decode("ascii").lower()) if m else None
    odd = {
        codec: _odd_count(decode_with(sample, codec)[0], codec, icelandic=preferred is not None)
        for codec in dict.fromkeys(["cp1252", *_LATIN_BY_USE, *ranked])
        if codec in _WESTERN and codec != "utf-8"
    }
    fewest = min(odd.values())
    if odd["cp1252"] < MIN_ODD or odd["cp1252"] <= 3 * fewest:
        return "cp1252"
    tied = [codec for codec, n in odd.items() if n == fewest]
    return preferred if preferred in tied else tied[0]


def _odd_count(text: str, codec: str, *, icelandic: bool) -> int:
    """Odd characters a codec's reading leaves; the Icelandic letters count only in a windows-1252
    reading of a page whose ``lang`` names a Central European, Turkish or Baltic language."""
    odd = len(_ODD_IN_WORD.findall(text))
    return odd + len(_ICELANDIC.findall(text)) if icelandic and codec == "cp1252" else odd


def _sample(body: bytes) -> bytes:
    """The lines that hold non-ASCII bytes, up to ``DETECT_SAMPLE`` bytes, cut after a byte below
    0x40 (one character in every legacy codec): detection rejects a sample that ends mid-character."""
    sample = b"\n".join(line for line in body[: DETECT_SAMPLE * 8].split(b"\n") if _HIGH.search(line))
    sample = sample or body
    if len(sample) <= DETECT_SAMPLE:
        return sample
    m = _SAFE_CUT.search(sample, 0, DETECT_SAMPLE)
    return sample[: m.end()] if m else sample[:DETECT_SAMPLE]


_SAFE_CUT = re.compile(rb"[\x00-\x3f][\x40-\xff]*\Z")


_WORDS_WITH_HIGH = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")

MIN_WORDS = 3
"""Fewer words with non-ASCII letters than this are no evidence either way ("½ cup")."""
MOSTLY_ACCENTED = 0.5
"""Share of non-ASCII words written mostly in accented letters above which a cp1252 reading is
wrong: French, German, Polish text read as cp1252 stays below 0.05 (a Swedish "ÅÄÖ" list may reach
0.33), Russian or Chinese read so is near 1."""


def _mostly_accented(text: str) -> bool:
    words = [w for w in _WORDS_WITH_HIGH.findall(text) if sum(c.isalpha() for c in w) >= 2]
    if len(words) < MIN_WORDS:
        return False
    heavy = sum(1 for w in words if 2 * sum(1 for c in w if not c.isascii() and c.isalpha()) > len(w))
    return heavy > MOSTLY_ACCENTED * len(words)


def _result(text: str, codec: str, errors: int) -> Decoded:
    warnings = ["encoding-errors"] if errors else []
    return Decoded(text=text, encoding=normalize_label(codec) or codec, warnings=warnings)
