"""Repair islands of foreign-encoding bytes inside a UTF-8 document.

A UTF-8 page may hold bytes pasted from elsewhere: cp1252 smart quotes, or a Shift-JIS, EUC-KR,
GBK, Big5 or EUC-JP photo credit copied from image metadata. A strict UTF-8 decoder turns them into
U+FFFD (the seed page's ``Copyright ���N�ʐM��/KCNA via KNS``). Here each island is decoded with the
candidate encoding whose result is the most plausible text (``plausibility``), and recorded.

An island is a run of invalid bytes, merged with its neighbours across short gaps: a legacy
double-byte character may have an ASCII trail byte (``N``, ``M`` above) or happen to form a valid
two-byte UTF-8 sequence (``ʐ`` above is ``\\xca\\x90``, half of 通 and half of 信).

``lost_runs`` is the same credit after a decoder already replaced its bytes (text, not bytes):
it cannot be decoded, but it can be recognised, dropped whole and its likely codec named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsscraper.items import Repair
from newsscraper.text.charsets import decode_with
from newsscraper.text.plausibility import char_score, plausibility

CANDIDATES: tuple[str, ...] = ("cp1252", "cp932", "euc_jp", "cp949", "gb18030", "big5hkscs")
"""Encodings tried for an island, in tie-break order: cp1252 first (the commonest twingle)."""

MAX_GAP = 3
"""Characters allowed between two invalid bytes of one island: a Shift-JIS kanji with an ASCII
trail byte next to one that reads as valid 2-byte UTF-8 gives gaps of 1-2, a space between a
Chinese name and 摄 one; 3 leaves a margin. The gap may hold no markup; each candidate is still
judged on the merged whole, so merging cp1252 words costs nothing."""

_TRAIL_LETTER_COST = 0.7
"""Per ASCII letter a CJK reading takes as a trail byte: Shift-JIS, GBK and Big5 allow it (the
seed's N and M), but ``\\x93I\\x92m`` is far likelier "“I’m" than two ideographs. 0.7 flips that
case and leaves the seed (2 letters among 5 characters) far ahead."""
_LONE_IDEOGRAPH_COST = 1.5
"""A CJK reading that yields one character: credits have two or more, "“…" is two cp1252 bytes."""

_CORE = re.compile(r"[\udc80-\udcff]+")
_GAP_STOP = re.compile(r"[\n\r\t<>\"'&]")
# A run of two or more U+0080-U+07FF characters at most MAX_GAP clean characters away.
_SOFT_AFTER = re.compile(r"[^\n\r\t<>\"'&\u0080-\uffff]{0,3}([\u0080-\u07ff]{2,})(?![^\W\d_])")
_SOFT_BEFORE = re.compile(r"(?<![^\W\d_])([\u0080-\u07ff]{2,})[^\n\r\t<>\"'&\u0080-\uffff]{0,3}\Z")
_MAX_EXCERPT = 80


@dataclass(frozen=True, slots=True)
class Island:
    """One repaired island: its span in the surrogate-escaped text and its replacement."""

    start: int
    end: int
    raw: bytes
    text: str
    codec: str


def count_invalid(escaped: str) -> int:
    """Number of invalid bytes in surrogate-escaped text."""
    return sum(m.end() - m.start() for m in _CORE.finditer(escaped))


def _cores(escaped: str) -> list[tuple[int, int]]:
    """Spans of invalid bytes, merged across short clean gaps, then grown over nearby runs of
    U+0080-U+07FF: CJK bytes that happen to pair into valid 2-byte UTF-8 ("캡처" in EUC-KR reads
    "ĸó") belong to the island next to them."""
    spans: list[tuple[int, int]] = []
    for m in _CORE.finditer(escaped):
        if spans:
            start, end = spans[-1]
            gap = escaped[end : m.start()]
            if len(gap) <= MAX_GAP and not _GAP_STOP.search(gap):
                spans[-1] = (start, m.end())
                continue
        spans.append((m.start(), m.end()))
    grown: list[tuple[int, int]] = []
    for start, end in spans:
        while (soft := _SOFT_AFTER.match(escaped, end)) is not None and _garbled(soft.group(1)):
            end = soft.end()
        while (soft := _SOFT_BEFORE.search(escaped, max(0, start - 16), start)) is not None:
            if not _garbled(soft.group(1)):
                break
            start = soft.start()
        if grown and start <= grown[-1][1]:
            grown[-1] = (grown[-1][0], max(end, grown[-1][1]))
        else:
            grown.append((start, end))
    return grown


# Blocks of U+0080-U+07FF that are one script each: Greek, Cyrillic, Armenian, Hebrew, Arabic.
_SCRIPTS = ((0x370, 0x3FF), (0x400, 0x52F), (0x530, 0x58F), (0x590, 0x5FF), (0x600, 0x6FF))


_WORD_PUNCTUATION = (
    "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
    "\N{MIDDLE DOT}"
)


def _garbled(text: str) -> bool:
    """Whether a run of U+0080-U+07FF may be CJK bytes misread: not a word of one non-Latin
    script (a Greek or Russian word beside a cp1252 quote stays out of the island)."""
    letters = [ord(c) for c in text if c.isalpha()]
    # Quotes and dashes around a word ("«залипнуть»") are punctuation, not garble.
    if len(letters) < 2 or any(not c.isalpha() and c not in _WORD_PUNCTUATION for c in text):
        return True
    return not any(all(lo <= o <= hi for o in letters) for lo, hi in _SCRIPTS)


def _decode_mixed(segment: str) -> str:
    """cp1252 for the invalid bytes only; valid UTF-8 characters stay as they are."""
    return _CORE.sub(
        lambda m: decode_with(m.group().encode("utf-8", "surrogateescape"), "cp1252")[0], segment
    )


def _best(escaped: str, start: int, end: int) -> Island:
    """Decode the island ``escaped[start:end]`` with the most plausible candidate."""
    # Widen over adjacent non-ASCII characters that decoded validly: a legacy character whose
    # bytes happen to be valid UTF-8 ("Ë¡") may start or end the island.
    lo, hi = start, end
    while lo > start - 2 and lo > 0 and ord(escaped[lo - 1]) > 0x7F and not escaped[lo - 1].isspace():
        lo -= 1
    while hi < end + 2 and hi < len(escaped) and ord(escaped[hi]) > 0x7F and not escaped[hi].isspace():
        hi += 1
    left, right_ctx = escaped[max(0, lo - 1) : lo], escaped[hi : hi + 1]
    best = Island(start=lo, end=hi, raw=b"", text=_decode_mixed(escaped[lo:hi]), codec="cp1252")
    best_score = plausibility(best.text, left, right_ctx)
    # One invalid byte is a cp1252 character: a legacy CJK credit has at least two ("‘I" is
    # \x91 I, which Shift-JIS would read as one kanji).
    multibyte = CANDIDATES[1:] if count_invalid(escaped[start:end]) >= 2 else ()
    for codec in multibyte:
        for a, b in ((start, end), (lo, hi)):
            for extra in (0, 1):  # a trailing lead byte may take an ASCII trail byte
                if b + extra > len(escaped) or (extra and not escaped[b].isascii()):
                    continue
                raw = escaped[a : b + extra].encode("utf-8", "surrogateescape")
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    continue
                # The rest of the widened span stays as decoded UTF-8.
                full = escaped[lo:a] + text + escaped[b + extra : max(hi, b + extra)]
                if _CORE.search(full):
                    continue
                score = plausibility(full, left, escaped[max(hi, b + extra) :][:1])
                score -= _TRAIL_LETTER_COST * sum(c.isascii() and c.isalpha() for c in escaped[a : b + extra])
                if len(text) - sum(c.isascii() for c in text) < 2:
                    score -= _LONE_IDEOGRAPH_COST
                if score > best_score:
                    best_score = score
                    best = Island(start=lo, end=max(hi, b + extra), raw=b"", text=full, codec=codec)
    raw = escaped[best.start : best.end].encode("utf-8", "surrogateescape")
    return Island(start=best.start, end=best.end, raw=raw, text=best.text, codec=best.codec)


def _escape(raw: bytes) -> str:
    """Bytes shown the way Python shows them, without the ``b''``: ``\\x92\\xa9N``."""
    shown = repr(raw)[2:-1]
    return shown if len(shown) <= _MAX_EXCERPT else shown[: _MAX_EXCERPT - 1] + "…"


def repair_islands(escaped: str) -> tuple[str, list[Repair]]:
    """Replace each island of invalid bytes in surrogate-escaped text by its best decoding.

    ``escaped`` is ``body.decode("utf-8", "surrogateescape")``. Returns clean text (no lone
    surrogates left) and one ``encoding-island`` repair per island, whose ``before`` shows the
    raw bytes and the codec chosen.

    >>> raw = b"Copyright \\x92\\xa9\\x91N\\x92\\xca\\x90M\\x8e\\xd0/KCNA"
    >>> escaped = raw.decode("utf-8", "surrogateescape")
    >>> text, repairs = repair_islands(escaped)
    >>> text
    'Copyright 朝鮮通信社/KCNA'
    >>> repairs[0].after, repairs[0].before
    ('朝鮮通信社', '\\\\x92\\\\xa9\\\\x91N\\\\x92\\\\xca\\\\x90M\\\\x8e\\\\xd0 (cp932)')
    """
    out: list[str] = []
    repairs: list[Repair] = []
    pos = 0
    for start, end in _cores(escaped):
        if start < pos:  # swallowed by the previous island's widening
            start = pos
            if start >= end:
                continue
        island = _best(escaped, max(start, pos), end)
        begin = max(island.start, pos)
        out.append(escaped[pos:begin])
        out.append(island.text)
        pos = island.end
        repairs.append(
            Repair(
                field="document",
                kind="encoding-island",
                before=_escape(island.raw)[: _MAX_EXCERPT - len(island.codec) - 3] + f" ({island.codec})",
                after=island.text[:_MAX_EXCERPT],
            )
        )
    out.append(escaped[pos:])
    text = "".join(out)
    # Whatever is left (an island cut in two by the widening) goes through cp1252.
    return _decode_mixed(text) if _CORE.search(text) else text, repairs


# Byte grammar of the double-byte codecs whose text, decoded as UTF-8, leaves runs of U+FFFD with
# ASCII letters and stray 2-byte characters inside (the bytes already replaced: no island to
# decode). (name, codec, single-byte ranges above ASCII, lead ranges, trail ranges); EUC codecs
# have no ASCII trail bytes, so an ASCII letter inside a run rules them out by itself.
_DOUBLE_BYTE: tuple[tuple[str, str, str, str, str], ...] = (
    ("Shift-JIS", "cp932", "\xa1-\xdf", "\x81-\x9f\xe0-\xfc", "\x40-\x7e\x80-\xfc"),
    ("GBK", "gb18030", "", "\x81-\xfe", "\x40-\x7e\x80-\xfe"),
    ("Big5", "big5hkscs", "", "\x81-\xfe", "\x40-\x7e\xa1-\xfe"),
    ("EUC-KR", "cp949", "", "\x81-\xfe", "\x41-\x5a\x61-\x7a\x81-\xfe"),
    ("EUC-JP", "euc_jp", "\x8e", "\xa1-\xfe", "\xa1-\xfe"),
)
# At least three U+FFFD, at most 3 non-space characters between two of them: what a UTF-8
# decoder leaves of a legacy double-byte credit ("���N�ʐM��"); plus up to 2 glued non-ASCII
# characters on either side, between the run and a non-letter (bytes of the lost text that happen
# to form valid UTF-8: "����ͼ/AFP", "���俷ʹ/AFP"), never the end of a word ("café���" keeps é).
LOST_RUN = re.compile(
    r"(?:(?<![^\W\d_])[^\s\x00-\x7f\ufffd]{1,2})?"
    r"\ufffd(?:[^\s\ufffd]{0,3}\ufffd){2,}"
    r"(?:[^\s\x00-\x7f\ufffd]{1,2}(?![^\W\d_]))?"
)
_UNKNOWN = -1
"""A byte lost to U+FFFD: any byte >= 0x80 (one U+FFFD stands for one or two of them)."""


def _in(byte: int, ranges: str) -> bool:
    return any(ord(ranges[i]) <= byte <= ord(ranges[i + 2]) for i in range(0, len(ranges), 3))


def _parse_score(run: str, spec: tuple[str, str, str, str, str]) -> float | None:
    """Best plausibility of the characters whose two bytes survived, over the readings of ``run``
    in which every surviving byte belongs to a double-byte character of the codec; None if none.

    A U+FFFD stands for one or two lost bytes (the decoder replaces a truncated UTF-8 sequence by
    one). States: 0 = between characters, 1 = after a lead byte (its value, or ``_UNKNOWN``).
    """
    _, codec, single, lead, trail = spec
    items: list[tuple[int, ...]] = []
    for ch in run:
        items.append((_UNKNOWN,) if ch == "\ufffd" else tuple(ch.encode("utf-8")))
    # states: dict[(in_char, lead)] -> best score
    states: dict[tuple[bool, int], float] = {(False, 0): 0.0}

    def step(states: dict[tuple[bool, int], float], byte: int) -> dict[tuple[bool, int], float]:
        out: dict[tuple[bool, int], float] = {}

        def put(key: tuple[bool, int], score: float) -> None:
            if score > out.get(key, float("-inf")):
                out[key] = score

        for (in_char, lead_byte), score in states.items():
            if not in_char:
                if 0x20 < byte < 0x7F and not chr(byte).isalnum():
                    put((False, 0), score)  # "=" in "사진=연합뉴스": ASCII punctuation of the credit
                if byte == _UNKNOWN or _in(byte, lead):
                    put((True, byte), score)
                if byte == _UNKNOWN and single:
                    put((False, 0), score)
            elif byte == _UNKNOWN or _in(byte, trail):
                gain = 0.0
                if byte != _UNKNOWN and lead_byte != _UNKNOWN:
                    try:
                        ch = bytes((lead_byte, byte)).decode(codec)
                    except UnicodeDecodeError:
                        continue
                    gain = char_score(ch, "\u4e00", "\u4e00")
                put((False, 0), score + gain)
        return out

    for item in items:
        if item == (_UNKNOWN,):
            one = step(states, _UNKNOWN)
            two = step(one, _UNKNOWN)
            states = {k: max(one.get(k, float("-inf")), two.get(k, float("-inf"))) for k in {*one, *two}}
        else:
            for byte in item:
                states = step(states, byte)
        if not states:
            return None
    return states.get((False, 0))


def lost_runs(text: str) -> list[tuple[int, int, str]]:
    """Runs of U+FFFD that are a legacy double-byte text read as UTF-8: (start, end, encoding).

    A run qualifies when it holds surviving characters between its U+FFFD (``N``, ``ʐ``, ``M`` in
    the seed's ``���N�ʐM��``) and every one of them fits as a byte of a double-byte character of
    some codec; the codec named is the one whose fully surviving characters read most plausibly
    (``\\x90M`` is 信 in Shift-JIS, a rare 怣 in GBK). The run cannot be recovered, but its
    letters are bytes of the lost text, not words: they go with it.

    >>> text = "Copyright \\ufffd\\ufffd\\ufffdN\\ufffdʐM\\ufffd\\ufffd/KCNA via KNS"
    >>> [(text[s:e], name) for s, e, name in lost_runs(text)]
    [('\\ufffd\\ufffd\\ufffdN\\ufffdʐM\\ufffd\\ufffd', 'Shift-JIS')]
    >>> lost_runs("It\\ufffd\\ufffd\\ufffds fine"), lost_runs("caf\\ufffd au lait")
    ([], [])
    """
    found: list[tuple[int, int, str]] = []
    for m in LOST_RUN.finditer(text):
        run = m.group()
        if run.count("\ufffd") == len(run):
            continue  # nothing survived: no evidence of the codec, nothing but U+FFFD to drop
        best: tuple[float, str] | None = None
        for spec in _DOUBLE_BYTE:
            score = _parse_score(run, spec)
            if score is not None and (best is None or score > best[0]):
                best = (score, spec[0])
        if best is not None:
            found.append((m.start(), m.end(), best[1]))
    return found
