"""One vocabulary of declared page types (``newsscraper/pagetypes.py``, issue 14): the extractor's
probability and the crawl's article filter read the same lists and agree on ``og:type``."""

from __future__ import annotations

import pytest

from newsscraper.crawl.item import PageItem
from newsscraper.extraction.api import extract_article
from newsscraper.pipelines.classify import W_STRUCTURED, article_score

PROSE = " ".join(
    f"<p>The harbour authority said on Tuesday that ferry number {i} would sail again after the storm, "
    "and that repairs to the quay had cost less than the council had feared.</p>"
    for i in range(4)
)


def _page(head: str) -> bytes:
    return f"<html><head><title>Ferries sail again</title>{head}</head><body><main><h1>Ferries sail " \
        f"again</h1>{PROSE}</main></body></html>".encode()  # fmt: skip


def _probability(head: str) -> float:
    return extract_article(_page(head), url="https://news.example/2026/11/02/ferries").metadata.probability


def _score(signals: dict[str, object], probability: float = 0.4) -> float:
    item = PageItem(url="https://news.example/x", request_url="https://news.example/x", signals=signals)
    item.article = extract_article(_page(""), url="https://news.example/x")
    item.article.metadata.probability = probability
    return article_score(item)


OG_WEBSITE = '<meta property="og:type" content="website">'
OG_ARTICLE = '<meta property="og:type" content="article">'


def test_og_website_counts_once_against_a_page() -> None:
    # weak evidence (pagetypes.OG_SITE): in the extractor's probability, which the filter starts
    # from, and not again in the filter's structured term
    assert _probability(OG_WEBSITE) < _probability("") < _probability(OG_ARTICLE)
    assert _score({"og_type": "website"}) == _score({})
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>'
    assert _probability(OG_WEBSITE + ld) == _probability(ld)  # an article type outweighs it


def test_og_types_in_the_article_filter() -> None:
    assert _score({"og_type": "article"}) == pytest.approx(_score({}) + W_STRUCTURED)
    assert _score({"og_type": "profile"}) == pytest.approx(_score({}) - W_STRUCTURED)


def test_article_filter_reads_types_written_as_urls() -> None:
    # JSON-LD may name a type by its IRI; the filter compares local names, as the extractor does
    assert _score({"ld_types": ["https://schema.org/NewsArticle"]}) == _score({"ld_types": ["NewsArticle"]})
    listing = _score({"ld_types": ["http://schema.org/CollectionPage"]})
    assert listing == pytest.approx(_score({}) - W_STRUCTURED)


def test_extractor_and_filter_share_the_article_types() -> None:
    # a type schema.org lists under NewsArticle that only one of the three lists held before
    ld = '<script type="application/ld+json">{"@type": "SatiricalArticle", "headline": "x"}</script>'
    assert _probability(ld) > _probability("")
    assert _score({"ld_types": ["SatiricalArticle"]}) == pytest.approx(_score({}) + W_STRUCTURED)
