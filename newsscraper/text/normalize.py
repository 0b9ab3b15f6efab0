"""The small ``str -> str`` steps of text repair, each with a doctest, plus the provenance excerpt.

Policies (``docs/text-repair.md``):

- entities: a literal ``&#8217;`` / ``&rsquo;`` / ``&amp;rsquo;`` left in text after HTML parsing
  (double escaping) is unescaped, up to three levels deep; only complete entities (with ``;``) that
  HTML5 knows are touched, so "AT&T" and "Q&A" stay;
- U+FFFD runs: damage that cannot be undone is dropped with the garbage glued to it (a run is
  U+FFFD characters with at most 3 non-space characters between them, as left by a decoder that
  met a foreign encoding; when it holds three or more, also up to 2 glued non-ASCII characters and
  up to 2 ASCII letters or digits glued between it and a space or separator, the trail bytes of
  the lost text); a separator left dangling by the drop goes too, so
  ``Copyright ���N�ʐM��/KCNA via KNS`` becomes ``Copyright KCNA via KNS``;
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
# U+FFFD characters with at most 3 non-space characters between them; when the run has three or
# more (what CJK bytes leave), up to 2 glued non-ASCII characters on either side go too (the valid
# UTF-8 pairs among those bytes: the seed's "ʐ"), and up to 2 ASCII letters or digits glued between
# the run and a space, separator or end (trail bytes: "���s�D/AFP").
_FFFD_RUN = re.compile(
    r"(?:(?<![^\s/|(])[A-Za-z0-9]{1,2}(?=[^\s\x00-\x7f]{0,2}\ufffd))?"
    r"[^\s\x00-\x7f]{0,2}\ufffd(?:[^\s\ufffd]{0,3}\ufffd){2,}[^\s\x00-\x7f]{0,2}"
    r"(?:[A-Za-z0-9]{1,2}(?![^\s/|)]))?"
    r"|\ufffd(?:[^\s\ufffd]{0,3}\ufffd)*"
)
_SEPARATORS = "/|·•,;-–—"
_GLUED_SEPARATORS = "/|"
_INVISIBLE = re.compile("[\N{SOFT HYPHEN}\N{ZERO WIDTH SPACE}\N{WORD JOINER}\ufeff\u180e\ufffe\uffff]")
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


def drop_replacement_runs(text: str) -> str:
    """Drop U+FFFD runs (and a separator they leave dangling); the readable rest stays.

    >>> drop_replacement_runs("Copyright \\ufffd\\ufffd\\ufffdN\\ufffdʐM\\ufffd\\ufffd/KCNA via KNS")
    'Copyright KCNA via KNS'
    >>> drop_replacement_runs("Reuters / \\ufffd\\ufffd"), drop_replacement_runs("caf\\ufffd au lait")
    ('Reuters ', 'caf au lait')
    """
    out: list[str] = []
    pos = 0
    for m in _FFFD_RUN.finditer(text):
        start, end = m.start(), m.end()
        head = "".join(out) + text[pos:start]
        rest = text[end:]
        if rest[:1] in _GLUED_SEPARATORS and rest[:1] and (not head or head[-1].isspace()):
            end += 1  # "Copyright RUN/KCNA": the slash belonged to the lost name
        elif not rest.strip() and head.rstrip()[-1:] in _SEPARATORS and head.rstrip():
            start = pos + len(head.rstrip()) - 1 - len("".join(out))  # "Reuters / RUN"
        elif not head.strip() and rest.lstrip()[:1] in _SEPARATORS and rest.strip():
            end += len(rest) - len(rest.lstrip()) + 1  # "RUN | AFP"
        out.append(text[pos : max(pos, start)])
        pos = end
    out.append(text[pos:])
    return "".join(out)


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
