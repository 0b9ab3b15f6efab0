"""Keep only the articles the user asked for: URL pattern, publication window, language.

Runs after the article filter (priority 25) on the extracted page. Each test is off unless its
setting is set (``newsscraper crawl`` / ``fetch`` flags in brackets):

* ``NEWSSCRAPER_URL_FILTER`` (``--url-filter REGEX``): the record's URL must match the regular
  expression (``re.search``); else dropped as ``select/url``. Links are still followed: a section
  page that does not match can lead to articles that do;
* ``NEWSSCRAPER_SINCE`` / ``NEWSSCRAPER_UNTIL`` (``--since`` / ``--until``, ISO 8601 dates or
  times): ``datePublished`` must fall inside, both ends included (a bare ``--until`` day,
  ``2024-03-12`` or ``20240312``, includes that whole day, and a month, ``2024-03``, is the whole
  month at either end; a time without offset is compared as UTC); else ``select/date``, and an
  article without a publication date is dropped as ``select/no-date``;
* ``NEWSSCRAPER_LANGUAGES`` (``--lang en,de``): the primary subtag of ``inLanguage`` (``pt`` of
  ``pt-BR``; ``pt_BR`` is read as ``pt-BR``) must be one of the codes (ISO 639, 2 or 3 letters: a
  word such as ``english`` is refused by ``crawl.runner.check_settings``); else ``select/lang``,
  or ``select/no-lang`` when unknown.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from newsscraper.crawl.item import PageItem
from newsscraper.datetimes import parse_machine_date

_BARE_DAY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
"""A day without a time, in ISO 8601's extended (``2024-03-12``) or basic (``20240312``) form."""
_MONTH = re.compile(r"(\d{4})-(\d{2})")
"""A month, ISO 8601's ``YYYY-MM`` (``YYYYMM`` is not ISO 8601: it reads as ``YYMMDD``)."""


def parse_bound(value: str, *, end: bool = False) -> datetime:
    """A window bound as an aware datetime; a bare day is its start (or, ``end``, its last moment),
    in either ISO 8601 form: ``--until 20240312`` was that day's first moment, so the day's articles
    were left out where ``--until 2024-03-12`` kept them.

    >>> parse_bound("2024-03-12").isoformat(), parse_bound("2024-03-12", end=True).isoformat()
    ('2024-03-12T00:00:00+00:00', '2024-03-12T23:59:59.999999+00:00')
    >>> parse_bound("20240312", end=True) == parse_bound("2024-03-12", end=True)
    True

    A month (``2024-03``, ISO 8601's reduced precision) is its first day, or with ``end`` its last
    moment: ``--since 2024-03`` was refused as "not an ISO 8601 date".

    >>> parse_bound("2024-02").isoformat(), parse_bound("2024-02", end=True).isoformat()
    ('2024-02-01T00:00:00+00:00', '2024-02-29T23:59:59.999999+00:00')

    ``ValueError`` for anything that is not an ISO 8601 date or time.
    """
    if month := _MONTH.fullmatch(value.strip()):
        year, number = int(month[1]), int(month[2])
        if not 1 <= number <= 12:
            raise ValueError(f"not an ISO 8601 date: {value!r}")
        first = datetime(year, number, 1, tzinfo=UTC)
        if not end:
            return first
        following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
        return following - timedelta(microseconds=1)
    moment = parse_machine_date(value.strip()) if value.strip() else None
    if moment is None:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if end and _BARE_DAY.fullmatch(value.strip()):
        moment += timedelta(days=1, microseconds=-1)
    return moment


# a BCP 47 tag (``en``, ``pt-BR``, ``zh-Hant``) or a POSIX locale's (``pt_BR``): an ISO 639 code
# of 2 or 3 letters, then subtags
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_items(value: Any) -> list[str]:
    """The non-empty entries of ``"en, pt-BR"`` or a list, stripped."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [str(x).strip() for x in items if str(x).strip()]


def languages(value: Any) -> frozenset[str]:
    """Primary language subtags from ``"en, pt-BR"``, ``"pt_BR"`` or a list: ``{"en", "pt"}``."""
    return frozenset(re.split(r"[-_]", x.lower())[0] for x in language_items(value))


class SelectPipeline:
    """Drop articles outside the URL pattern, date window or languages asked for (module docstring)."""

    def __init__(
        self,
        url_filter: str | None = None,
        since: str | None = None,
        until: str | None = None,
        langs: frozenset[str] = frozenset(),
    ):
        self.url_filter = re.compile(url_filter) if url_filter else None
        self.since = parse_bound(since) if since else None
        self.until = parse_bound(until, end=True) if until else None
        self.langs = langs

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        s = crawler.settings
        pipe = cls(
            s.get("NEWSSCRAPER_URL_FILTER") or None,
            s.get("NEWSSCRAPER_SINCE") or None,
            s.get("NEWSSCRAPER_UNTIL") or None,
            languages(s.get("NEWSSCRAPER_LANGUAGES")),
        )
        if not (pipe.url_filter or pipe.since or pipe.until or pipe.langs):
            raise NotConfigured
        return pipe

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem) or item.article is None:
            return item
        article = item.article
        if self.url_filter is not None and not self.url_filter.search(item.url):
            raise DropItem("select/url")
        if self.since or self.until:
            published = parse_machine_date(article.datePublished) if article.datePublished else None
            if published is None:
                raise DropItem("select/no-date")
            if published.tzinfo is None:
                published = published.replace(tzinfo=UTC)
            if (self.since and published < self.since) or (self.until and published > self.until):
                raise DropItem("select/date")
        if self.langs:
            lang = (article.inLanguage or "").lower().split("-")[0]
            if not lang:
                raise DropItem("select/no-lang")
            if lang not in self.langs:
                raise DropItem("select/lang")
        return item
