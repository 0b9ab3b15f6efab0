"""Reading the machine dates that discovery hands us: W3C / ISO 8601 (sitemaps, Atom) or RFC 822
(RSS, HTTP headers). One parser, shared by the crawl's hints and the state store's lastmod checks."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime


def parse_machine_date(value: str) -> datetime | None:
    """Parse an ISO 8601 or RFC 822 date; ``None`` when it is neither (time zone kept as given).

    >>> parse_machine_date("2026-11-20T08:30:00Z").isoformat()
    '2026-11-20T08:30:00+00:00'
    >>> parse_machine_date("Fri, 20 Nov 2026 08:30:00 GMT").isoformat()
    '2026-11-20T08:30:00+00:00'
    >>> parse_machine_date("soon") is None
    True
    """
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
