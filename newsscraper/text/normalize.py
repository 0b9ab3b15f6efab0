"""The small ``str -> str`` steps of text repair, each with a doctest, plus the provenance excerpt.

Policies (``docs/text-repair.md``):

- entities: a literal ``&#8217;`` / ``&rsquo;`` / ``&amp;rsquo;`` left in text after HTML parsing
  (double escaping) is unescaped, up to three levels deep; only complete entities (with ``;``) that
  HTML5 knows are touched, so "AT&T" and "Q&A" stay;
- U+FFFD: damage that cannot be undone. Each U+FFFD is dropped, never a letter beside it (a
  separator left dangling at either end goes too: ``Reuters / ���`` becomes ``Reuters``); a run
  that is a legacy double-byte text read as UTF-8 is dropped whole by ``islands.lost_runs``
  first. Where only one character can have been lost (``â€�`` after a word: ”), it is restored
  by ``guess_lost_quotes``;
- invisible characters: zero-width space, word joiner, BOM / zero-width no-break space, soft
  hyphen and the Mongolian vowel separator are removed; ZWJ and ZWNJ stay (Persian, Indic scripts
  and emoji need them), as do bidi marks;
- controls: C0 controls that are not whitespace, DEL and C1 controls are removed; lone surrogates
  too (they cannot be written as UTF-8);
- whitespace: every run of whitespace, no-break spaces (U+00A0, U+202F) and ideographic space
  included, becomes one plain space, and the text is stripped. This is not recorded as a repair.
"""

from __future__ import annotations

import html
import re

EXCERPT = 80
"""Longest ``before`` / ``after`` excerpt in a repair record (the ``Repair`` contract)."""
_CONTEXT = 24
"""Characters of unchanged context shown before a change: enough to find it in the text."""

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What is left of a UTF-8 punctuation mark (E2 80 xx) read as cp1252 when its last byte is one
# that cp1252 leaves undefined and a decoder replaced by U+FFFD or "?": 0x81, 0x8D, 0x8F, 0x90 or
# 0x9D, i.e. U+2001 (em quad), U+200D (ZWJ), U+200F (RLM), U+2010 (hyphen) or U+201D (”). Only the
# closing quote fits after a word and before a space, punctuation or the end, and only where the
# "â€" is not itself the tail of longer mojibake (then ftfy's lossy decoding handles it).
_LOST_CLOSING_QUOTE = re.compile(r"(?<=[A-Za-z0-9.,!?;:)\]+%])â€[\ufffd?](?=[\s.,;:!?)\]]|$)")
_SEPARATORS = "/|·•,;-–—"
_INVISIBLE = re.compile("[\N{SOFT HYPHEN}\N{ZERO WIDTH SPACE}\N{WORD JOINER}\ufeff\u180e\ufffe\uffff]")
# Every character str.split() splits on, but the plain space.
_OTHER_SPACE = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f\ud800-\udfff]")


def unescape_entities(text: str) -> str:
    """Unescape entities left as literal text by double escaping.

    >>> unescape_entities("it&#8217;s &amp;rsquo;ok&amp;rsquo; AT&T &unknown; Q&A")
    'it’s ’ok’ AT&T &unknown; Q&A'
    """
    for _ in range(3):
        fixed = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if fixed == text:
            break
        text = fixed
    return text


def guess_lost_quotes(text: str) -> str:
    """Restore ``â€�`` (a closing quote read as cp1252, its last byte lost) where only ” fits.

    >>> guess_lost_quotes("the “lossy decodingâ€� said, and bb+â€? from")
    'the “lossy decoding” said, and bb+” from'
    >>> guess_lost_quotes("Ã¢â€\ufffdâ€™ stays for ftfy")
    'Ã¢â€\ufffdâ€™ stays for ftfy'
    """
    if "â€" not in text:
        return text
    return _LOST_CLOSING_QUOTE.sub("\N{RIGHT DOUBLE QUOTATION MARK}", text)


def drop_replacement_chars(text: str) -> str:
    """Drop each U+FFFD (and a separator it leaves dangling at either end); letters stay.

    >>> drop_replacement_chars("It\ufffd¢\ufffd\ufffds classic. caf\ufffd au lait")
    'It¢s classic. caf au lait'
    >>> drop_replacement_chars("Reuters / \ufffd\ufffd"), drop_replacement_chars("\ufffd\ufffd | AFP")
    ('Reuters ', ' AFP')
    """
    if "\ufffd" not in text:
        return text
    fixed = text.replace("\ufffd", "")
    stripped = fixed.rstrip()
    if stripped[-1:] in _SEPARATORS and text.rstrip()[-1:] == "\ufffd":
        fixed = stripped[:-1]  # "Reuters / RUN": the separator introduced the lost name
    stripped = fixed.lstrip()
    if stripped[:1] in _SEPARATORS and text.lstrip()[:1] == "\ufffd":
        fixed = stripped[1:]  # "RUN | AFP"
    return fixed


def remove_invisible(text: str) -> str:
    """Remove zero-width spaces, word joiners, BOMs and soft hyphens.

    >>> remove_invisible("Bundes\\N{SOFT HYPHEN}kanzler\\N{ZERO WIDTH SPACE}in")
    'Bundeskanzlerin'
    """
    return _INVISIBLE.sub("", text)


def remove_controls(text: str) -> str:
    """Remove control characters that are not whitespace, and lone surrogates.

    >>> remove_controls("a\\x00b\\x1bc\\x85d\\te")
    'abcd\\te'
    """
    return _CONTROL.sub("", text)


def fold_whitespace(text: str) -> str:
    """Fold every whitespace run (no-break spaces too) to one space and strip.

    >>> fold_whitespace(" a\\N{NO-BREAK SPACE} b\\n\\tc\\N{NARROW NO-BREAK SPACE}! ")
    'a b c !'
    """
    if "  " not in text and text[:1] != " " and text[-1:] != " " and _OTHER_SPACE.search(text) is None:
        return text  # the common case: nothing to fold, and no list of words built
    return " ".join(text.split())


def excerpt(before: str, after: str) -> tuple[str, str]:
    """Short excerpts of ``before`` and ``after`` around their first difference.

    >>> excerpt("Long ago, " * 9 + "the minister said itâ€™s fine. " + "Then more. " * 9,
    ...         "Long ago, " * 9 + "the minister said it’s fine. " + "Then more. " * 9)
    ('go, the minister said itâ€™s fine. Then more. Then ',
     'go, the minister said it’s fine. Then more. Then ')
    """
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]:
        suffix += 1
    start = max(0, prefix - _CONTEXT)
    return (
        _clip(before[start : len(before) - suffix + _CONTEXT]),
        _clip(after[start : len(after) - suffix + _CONTEXT]),
    )


def _clip(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
