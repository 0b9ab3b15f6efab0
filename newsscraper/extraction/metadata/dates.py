"""Dates: normalise the many ways pages write a date to ISO 8601, fast.

A regex fast path covers ISO 8601 (and its common sloppy forms), RFC 2822 and Unix timestamps;
a second handles textual dates ("March 25, 2015", "25. März 2015", "2015年3月25日") with month
names in the main European languages. No general-purpose date parser is used: they cost ~1 ms per
call and guess too freely (a bare "10" becomes a date).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_tz

MIN_YEAR, MAX_YEAR = 1990, 2100
"""Years outside this range are markup errors (``0001-01-01``, copyright-style ranges)."""

_ISO = re.compile(
    r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?(?!\d)",
    re.I,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z)?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?![\d])", re.I)

# Month names and abbreviations: en, fr, de, es, it, pt, nl, plus common abbreviations.
_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "january jan janvier janv januar jän enero ene gennaio genn gen janeiro januari",
        "february feb février fevrier févr fevr februar febrero febbraio fevereiro fev februari",
        "march mar mars märz maerz marzo mär marzo março marco maart mrt",
        "april apr avril abril aprile abr",
        "may mai mayo maggio mag maio mei",
        "june jun juin juni junio giugno giu junho",
        "july jul juillet juil juli julio luglio lug julho",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre settembre set setembro",
        "october oct octobre oktober okt octubre ottobre ott outubro out",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _num)
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
# "March 25, 2015" / "Mar. 25th 2015"
_MDY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# "25 March 2015" / "25. März 2015" / "25 de marzo de 2015"
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)


def _valid(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    tz = tz.upper()
    if tz in {"Z", "UTC", "GMT"}:
        return "Z"
    sign, digits = tz[0], tz[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    return f"{sign}{digits[:2]}:{digits[2:4]}"


def _format(
    y: int, mo: int, d: int, h: int | None = None, mi: int = 0, s: int = 0, tz: str = ""
) -> str | None:
    if not _valid(y, mo, d):
        return None
    if h is None or h > 23 or mi > 59 or s > 59:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{tz}"


def _machine(value: str) -> str | None:
    """ISO 8601, compact ISO, RFC 2822 and Unix timestamps."""
    m = _ISO.search(value[:80])
    if m:
        y, _, mo, d, h, mi, s, tz = m.groups()
        hour = int(h) if h is not None else None
        return _format(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0), _offset(tz))
    compact = value.strip()
    m = _COMPACT.match(compact)
    if m:
        y, mo, d, h, mi, s, tz = m.groups()
        hour = int(h) if h is not None else None
        return _format(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0), _offset(tz))
    if _EPOCH.match(compact):
        seconds = int(compact[:10])
        stamp = datetime.fromtimestamp(seconds, UTC)
        return _format(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, "Z")
    if "," in value[:5] or re.search(r"\d\d:\d\d:\d\d [+-]\d{4}|GMT|UTC", value):
        parsed = parsedate_tz(value.strip())
        if parsed:
            y, mo, d, h, mi, s = parsed[:6]
            off = parsed[9]
            tz = ""
            if off is not None:
                sign = "-" if off < 0 else "+"
                off = abs(off)
                tz = "Z" if off == 0 else f"{sign}{off // 3600:02d}:{off % 3600 // 60:02d}"
            return _format(y, mo, d, h, mi, s, tz)
    return None


def _clock(rest: str) -> tuple[int | None, int, int]:
    """Hour, minute and second of the first time of day written in ``rest``."""
    m = _TIME.search(rest[:40])
    if not m:
        return None, 0, 0
    hour, minute = int(m.group(1)), int(m.group(2))
    ampm = (m.group(4) or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, minute, int(m.group(3) or 0)


def _textual(value: str) -> str | None:
    """Dates written for people: month names, D.M.Y / M/D/Y numbers, CJK."""
    text = value[:200]
    best: tuple[int, str | None] | None = None
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            if order == "mdy":
                month, day, year = _MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3))
            else:
                day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).lower()), int(m.group(3))
            if month:
                h, mi, s = _clock(text[m.end() :])
                best = (m.start(), _format(year, month, day, h, mi, s))
    if best and best[1]:
        return best[1]
    m = _CJK.search(text)
    if m:
        h, mi, s = _clock(text[m.end() :])
        return _format(int(m.group(1)), int(m.group(2)), int(m.group(3)), h, mi, s)
    m = _NUMERIC.search(text)
    if m:
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        # "05/29/2007" is month-first (US); "29.05.2007" / "29/05/2007" are day-first.
        if sep == "/" and b > 12 >= a:
            month, day = a, b
        elif a > 12 >= b or sep in ".-":
            day, month = a, b
        else:
            return None  # "03/04/2015": ambiguous, better no date than a wrong one
        h, mi, s = _clock(text[m.end() :])
        return _format(year, month, day, h, mi, s)
    return None


def parse_date(value: str | None) -> str | None:
    """Return ``value`` as ISO 8601 (``YYYY-MM-DD[THH:MM:SS[offset]]``), or ``None``.

    >>> parse_date("2015-07-10 09:53:00 -0400")
    '2015-07-10T09:53:00-04:00'
    >>> parse_date("2021-11-01T10:52:50+0100"), parse_date("2019-01-03T07:00:02.000Z")
    ('2021-11-01T10:52:50+01:00', '2019-01-03T07:00:02Z')
    >>> parse_date("Fri, 24 Jul 2015 04:36:09 GMT"), parse_date("20190221")
    ('2015-07-24T04:36:09Z', '2019-02-21')
    >>> parse_date("Updated March 25, 2015 at 9:05 p.m."), parse_date("25. März 2015")
    ('2015-03-25T21:05:00', '2015-03-25')
    >>> parse_date("05/29/2007 09:49:00"), parse_date("2017年3月10日"), parse_date("03/04/2015")
    ('2007-05-29T09:49:00', '2017-03-10', None)
    >>> parse_date("2019/11/19"), parse_date("2019.11.19 10:05")
    ('2019-11-19', '2019-11-19T10:05:00')
    >>> parse_date("0001-01-01"), parse_date("10"), parse_date("")
    (None, None, None)
    """
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    return _machine(value) or _textual(value)
