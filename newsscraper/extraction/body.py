"""Main text extraction: find the article body and strip boilerplate (STUB, to be replaced)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from newsscraper.extraction.metadata import PageMetadata
from newsscraper.items import Image


@dataclass(kw_only=True, slots=True)
class BodyResult:
    """The article's body as raw (not yet repaired) paragraphs, plus its images."""

    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    probability: float = 0.0
    """Probability that the page is a single article."""


def extract_body(tree: HtmlElement, url: str | None, meta: PageMetadata) -> BodyResult:
    """Extract the article body from ``tree`` (which this function may modify)."""
    paras = [p.text_content() for p in tree.iter("p")]
    return BodyResult(paragraphs=[p for p in paras if p.strip()], probability=0.5)
