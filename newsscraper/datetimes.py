"""The one date normaliser of the project: every date a record carries goes through
:func:`normalize_date`, so a column of them parses with one ``pandas.to_datetime(column,
format="ISO8601", utc=True)`` call.

Output shapes (:data:`ISO_DATE`), nothing else:

- ``2024-03-12``: the source gave a calendar day only; it stays date-only (no invented midnight);
- ``2024-03-12T14:32:00``: a time without a UTC offset (a local time as printed on the page);
- ``2024-03-12T14:32:00+01:00``: a time with its offset as given; UTC is spelt ``+00:00``
  (never ``Z``); seconds always written, fractions of a second dropped.

Inputs: ISO 8601 / W3C Datetime (sitemaps, Atom, JSON-LD, meta tags) and its common sloppy forms,
compact ``YYYYMMDD``, RFC 822 / 2822 (RSS, HTTP), Unix timestamps, and dates written for people
("March 25, 2015", "25. März 2015", "25 de marzo de 2015", "2015年3月25日", "29.05.2007"). Month
names come from dateparser's locale data (:data:`MONTH_LANGUAGES`), read once; dateparser's own
parser is not called: it costs ~20 ms a string and guesses too freely (a bare "10" is a date).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from functools import lru_cache

MIN_YEAR, MAX_YEAR = 1990, 2100
"""Years outside this range are markup errors (``0001-01-01``, copyright-style ranges)."""

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2})?)?$")
"""Every value :func:`normalize_date` returns matches this (and ``article.schema.json``'s pattern)."""

MONTH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro",
                   "tr", "id", "ru", "uk")  # fmt: skip
"""dateparser locales whose month names are read, in priority order: a name two languages give
different months (rare) takes the first one's."""

_ISO = re.compile(
    r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?(?!\d)",
    re.I,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z)?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_RFC_HINT = re.compile(r"\d\d:\d\d:\d\d [+-]\d{4}|GMT|UTC")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?![\d])", re.I)
# Between a date and its time: separators and at most two short words ("at", "um", "a las").
_CLOCK_GAP = re.compile(r"^[\s,\-–—·|@/]*(?:[^\W\d_]{1,5}\.?\s*){0,2}$")
_WORD = r"([^\W\d_]{3,})"
# "March 25, 2015" / "Mar. 25th 2015"
_MDY = re.compile(rf"(?<!\w){_WORD}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")
# "25 March 2015" / "25. März 2015" / "25 de marzo de 2015" / "25-Mar-2015"
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?(?:\s+|-)(?:de\s+)?{_WORD}\.?,?(?:\s+|-)(?:de\s+)?(\d{{4}})(?!\d)"
)

# "2023 Jan 7" (citation metadata, PubMed)
_YMD = re.compile(rf"(?<!\d)(\d{{4}})\s+{_WORD}\.?\s+(\d{{1,2}})(?![\d:])")


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations (case-folded, 3+ letters) -> month number, from dateparser's
    locale data for :data:`MONTH_LANGUAGES` (loaded once, ~0.3 s)."""
    from dateparser.languages.loader import default_loader

    keys = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december")  # fmt: skip
    table: dict[str, int] = {}
    for lang in MONTH_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(keys, start=1):
            for name in info.get(key, ()):
                word = name.casefold().rstrip(".")
                if len(word) >= 3 and word.isalpha():
                    table.setdefault(word, number)
    return table


@lru_cache(maxsize=1)
def weekday_names() -> frozenset[str]:
    """Weekday names and abbreviations (case-folded, 3+ letters) of :data:`MONTH_LANGUAGES`, from
    dateparser's locale data: "Sat" before "20 Dec, 2025" belongs to the date, not to a byline."""
    from dateparser.languages.loader import default_loader

    keys = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    names: set[str] = set()
    for lang in MONTH_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for key in keys:
            words = (name.casefold().rstrip(".") for name in info.get(key, ()))
            names.update(w for w in words if len(w) >= 3 and w.isalpha())
    return frozenset(names)


def _offset(tz: str | None) -> timezone | None:
    if not tz:
        return None
    tz = tz.upper()
    if tz in {"Z", "UTC", "GMT"}:
        return UTC
    sign, digits = tz[0], tz[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    hours, minutes = int(digits[:2]), int(digits[2:4])
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


def _build(
    y: int, mo: int, d: int, h: int | None = None, mi: int = 0, s: int = 0, tz: timezone | None = None
) -> date | datetime | None:
    """A date (no time given) or datetime; ``None`` when not a real day in the accepted years."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    if h is None or h > 23 or mi > 59 or s > 59:
        return day
    return datetime(y, mo, d, h, mi, s, tzinfo=tz)


def _machine(value: str) -> date | datetime | None:
    """ISO 8601, compact ISO, Unix timestamps and RFC 2822."""
    m = _ISO.search(value[:80])
    if m:
        y, _, mo, d, h, mi, s, tz = m.groups()
        hour = int(h) if h is not None else None
        return _build(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0), _offset(tz))
    compact = value.strip()
    m = _COMPACT.match(compact)
    if m:
        y, mo, d, h, mi, s, tz = m.groups()
        hour = int(h) if h is not None else None
        return _build(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0), _offset(tz))
    if _EPOCH.match(compact):
        stamp = datetime.fromtimestamp(int(compact[:10]), UTC)
        return _build(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, UTC)
    if "," in value[:5] or _RFC_HINT.search(value):
        parsed = parsedate_tz(value.strip())
        if parsed:
            y, mo, d, h, mi, s = parsed[:6]
            off = parsed[9]
            tz = None if off is None else timezone(timedelta(seconds=off))
            return _build(y, mo, d, h, mi, s, tz)
    return None


def _clock(rest: str) -> tuple[int | None, int, int]:
    """Hour, minute and second of the first time of day written in ``rest``."""
    m = _TIME.search(rest[:40])
    if not m or not _CLOCK_GAP.match(rest[: m.start()]):
        return None, 0, 0
    hour, minute = int(m.group(1)), int(m.group(2))
    ampm = (m.group(4) or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, minute, int(m.group(3) or 0)


def _month(word: str) -> int | None:
    return month_numbers().get(word.casefold().rstrip("."))


def find_textual(text: str) -> tuple[int, int, date | datetime] | None:
    """The first date written for people in ``text``: ``(start, end, value)`` or ``None``.

    Month names (any of :data:`MONTH_LANGUAGES`), then CJK ``年月日``, then numeric day-month-year
    (``29.05.2007``; ``05/29/2007`` month-first only when the day cannot be a month).
    """
    text = text[:300]
    best: tuple[int, int, date | datetime] | None = None
    for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_YMD, "ymd")):
        for hit in pattern.finditer(text):
            if best is not None and hit.start() >= best[0]:
                break
            if order == "mdy":
                month, day, year = _month(hit.group(1)), int(hit.group(2)), int(hit.group(3))
            elif order == "ymd":
                year, month, day = int(hit.group(1)), _month(hit.group(2)), int(hit.group(3))
            else:
                day, month, year = int(hit.group(1)), _month(hit.group(2)), int(hit.group(3))
            if month:
                h, mi, s = _clock(text[hit.end() :])
                value = _build(year, month, day, h, mi, s)
                if value is not None:
                    best = (hit.start(), hit.end(), value)
                    break
    if best:
        return best
    m = _CJK.search(text)
    if m:
        h, mi, s = _clock(text[m.end() :])
        value = _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), h, mi, s)
        return (m.start(), m.end(), value) if value else None
    m = _NUMERIC.search(text)
    if m:
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        # "05/29/2007" is month-first (US); "29.05.2007" / "29/05/2007" are day-first.
        if sep == "/" and b > 12 >= a:
            month, day = a, b
        elif a > 12 >= b or sep == ".":
            day, month = a, b
        else:
            return None  # "03/04/2015", "03-09-2026": ambiguous, better no date than a wrong one
        h, mi, s = _clock(text[m.end() :])
        value = _build(year, month, day, h, mi, s)
        return (m.start(), m.end(), value) if value else None
    return None


def parse_datetime(value: str | None) -> date | datetime | None:
    """``value`` read as a :class:`date` (day only) or :class:`datetime` (aware when the source gave
    an offset), or ``None`` when it holds no plausible date."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    found = _machine(value)
    if found is None:
        textual = find_textual(value)
        found = textual[2] if textual else None
    return found


def format_iso(value: date | datetime) -> str:
    """The project's one spelling of a date (see the module docstring for the shapes).

    >>> format_iso(date(2024, 3, 12)), format_iso(datetime(2024, 3, 12, 14, 32, 5, 999))
    ('2024-03-12', '2024-03-12T14:32:05')
    >>> format_iso(datetime(2024, 3, 12, 14, 32, tzinfo=UTC))
    '2024-03-12T14:32:00+00:00'
    """
    if not isinstance(value, datetime):
        return value.isoformat()
    text = value.replace(microsecond=0).isoformat()
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        # Offsets with seconds (LMT) do not fit ``±HH:MM``: keep the minutes.
        text = text[:19] + text[19:25]
    return text


def normalize_date(value: str | date | datetime | None) -> str | None:
    """``value`` in the project's ISO 8601 shape (:data:`ISO_DATE`), or ``None``.

    >>> normalize_date("2015-07-10 09:53:00 -0400")
    '2015-07-10T09:53:00-04:00'
    >>> normalize_date("2021-11-01T10:52:50+0100"), normalize_date("2019-01-03T07:00:02.000Z")
    ('2021-11-01T10:52:50+01:00', '2019-01-03T07:00:02+00:00')
    >>> normalize_date("Fri, 24 Jul 2015 04:36:09 GMT"), normalize_date("20190221")
    ('2015-07-24T04:36:09+00:00', '2019-02-21')
    >>> normalize_date("Updated March 25, 2015 at 9:05 p.m."), normalize_date("25. März 2015")
    ('2015-03-25T21:05:00', '2015-03-25')
    >>> normalize_date("05/29/2007 09:49:00"), normalize_date("2017年3月10日"), normalize_date("03/04/2015")
    ('2007-05-29T09:49:00', '2017-03-10', None)
    >>> normalize_date("2019/11/19"), normalize_date("2019.11.19 10:05"), normalize_date("12 марта 2024")
    ('2019-11-19', '2019-11-19T10:05:00', '2024-03-12')
    >>> normalize_date("0001-01-01"), normalize_date("10"), normalize_date("")
    (None, None, None)
    """
    if isinstance(value, date):
        return format_iso(value)
    found = parse_datetime(value)
    return format_iso(found) if found is not None else None


def parse_machine_date(value: str) -> datetime | None:
    """Parse an ISO 8601 or RFC 822 date to a datetime (aware when the source gave an offset; a
    bare day is its midnight, naive); ``None`` otherwise. For comparing moments (the state store,
    sitemap ``lastmod``); what a record stores comes from :func:`normalize_date`.

    >>> parse_machine_date("2026-11-20T08:30:00Z").isoformat()
    '2026-11-20T08:30:00+00:00'
    >>> parse_machine_date("Fri, 20 Nov 2026 08:30:00 GMT").isoformat()
    '2026-11-20T08:30:00+00:00'
    >>> parse_machine_date("2024-05-01").isoformat(), parse_machine_date("soon") is None
    ('2024-05-01T00:00:00', True)
    """
    found = _machine(value.strip()) if value else None
    if found is None or isinstance(found, datetime):
        return found
    return datetime(found.year, found.month, found.day)
