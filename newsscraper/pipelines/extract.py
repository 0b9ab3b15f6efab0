"""Give every page its article: pages the spider read arrive with it (``newsscraper.crawl.reader``
parses each page once, in its worker pool); any other ``PageItem`` is read here, in the same pool.

Discovery hints (news sitemap / feed title, date, keywords) fill fields the page left empty.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler

from newsscraper.crawl.item import PageItem
from newsscraper.crawl.reader import PageReader
from newsscraper.datetimes import normalize_date
from newsscraper.items import Article

TRUNCATED = "newsscraper/input-truncated"
"""Stats key: pages longer than ``extraction.html.MAX_BYTES`` (10 MiB), read from their start only."""
TOO_MANY_ELEMENTS = "newsscraper/too-many-elements"
"""Stats key: pages of more start tags than ``extraction.html.MAX_ELEMENTS``, read up to that one."""
NESTING_TOO_DEEP = "newsscraper/nesting-too-deep"
"""Stats key: pages nested deeper than ``extraction.html.MAX_DEPTH``, read without what lay deeper."""
TOO_MANY_ATTRIBUTES = "newsscraper/too-many-attributes"
"""Stats key: pages with a tag of more attributes than ``extraction.html.MAX_ATTRIBUTES``, read bare."""
STAT_WARNINGS = {
    "input-truncated": TRUNCATED,
    "too-many-elements": TOO_MANY_ELEMENTS,
    "nesting-too-deep": NESTING_TOO_DEEP,
    "too-many-attributes": TOO_MANY_ATTRIBUTES,
}
"""The warnings of a page read only in part, each counted under its stats key for the run's summary
(``crawl.runner.truncated_line``)."""


def apply_hints(article: Article, hints: dict[str, Any]) -> None:
    """Fill the article's empty headline, date and keywords from discovery hints."""
    if not article.headline and hints.get("title"):
        article.headline = str(hints["title"])
    if not article.datePublished and hints.get("publication_date"):
        raw = str(hints["publication_date"])
        date = normalize_date(raw)
        if date:
            article.datePublished, article.datePublishedRaw = date, raw
    if not article.keywords and hints.get("keywords"):
        article.keywords = [str(k) for k in hints["keywords"]]


class ExtractPipeline:
    """``PageItem`` → ``PageItem`` with ``article`` set and ``body`` released."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if item.article is None:
            reading = await PageReader.of(self.crawler).read(item.body, item.url, item.headers)
            item.article = reading.article
        assert item.article is not None
        if self.crawler.stats is not None:
            # said in the run's summary (crawl.runner.truncated_line): the record alone flagged it
            for warning, key in STAT_WARNINGS.items():
                if warning in item.article.metadata.warnings:
                    self.crawler.stats.inc_value(key)
        apply_hints(item.article, item.hints)
        item.body = b""  # the page bytes are not needed any more; free them early
        return item
