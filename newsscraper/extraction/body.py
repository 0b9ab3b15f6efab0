"""Main text extraction: find the article body, strip boilerplate, collect the article's images.

Stages (``extract_body``):

1. read what the cleaning would destroy: ``<base href>`` and the structured ``articleBody``;
2. clean the tree (``cleaning.clean_tree``): code, media, hidden elements, landmarks;
3. score every subtree and choose the container (``body_score.score_tree``);
4. read the container into paragraphs, pruning the boilerplate inside it (``body_blocks``), then
   add the prose that stands beside it, such as a lead in the header (``body_siblings``); when the
   page has almost no text but a long structured ``articleBody`` (JavaScript pages), use that;
5. collect the images with caption and credit (``body_images``);
6. estimate the probability that the page is one article (body length, teaser headlines,
   declared type).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newsscraper.extraction import xpaths
from newsscraper.extraction.body_blocks import read_container
from newsscraper.extraction.body_images import collect_images, declared_image
from newsscraper.extraction.body_score import normalise, score_tree
from newsscraper.extraction.body_siblings import widen
from newsscraper.extraction.cleaning import clean_tree
from newsscraper.extraction.metadata import PageMetadata
from newsscraper.extraction.trace import Trace
from newsscraper.items import Image

ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "posting",
        "socialmediaposting",
        "report",
        "techarticle",
        "scholarlyarticle",
        "liveblogposting",
    ]
)
LISTING_TYPES = frozenset(
    ["website", "collectionpage", "itemlist", "searchresultspage", "profilepage", "aboutpage"]
)
"""Declared types of pages that are not one article ("WebPage" is not here: articles declare it
beside their ``NewsArticle``)."""
FULL_ARTICLE_CHARS = 1200
"""Body length (characters) from which text alone makes a page look like an article. Set by hand
(the eval sets hold no listing pages to calibrate on): a short news item is ~1,000 characters."""
TEASER_PAGE = 8
"""Linked headlines in the container from which it is a list of articles, not an article (set by
hand: an article's own "related" box rarely holds more than six)."""
TAIL_LABEL = 25
"""Trailing lines shorter than this that do not end a sentence are labels, not the article's end.
Swept 15-60: 25 is best on both sets (snippets +0.0014, aeb unchanged); 60 cuts real endings."""
HEAD_LABEL = 25
"""The same for leading lines (kickers, section labels) before the first prose. Swept 15-40: 15
and 25 tie (snippets +0.0002), 40 cuts short opening lines."""
TEASER_LINKS = 0.8
"""Link share from which a heading is a teaser headline (a link to another page)."""
FALLBACK_SHARE = 0.3
"""When the body read from the page is shorter than this share of the structured articleBody, the
page renders its text with JavaScript and the structured copy replaces it."""
MIN_EVIDENCE_CHARS = 200
"""A structured articleBody shorter than this is a summary, no evidence of the body's extent."""


@dataclass(kw_only=True, slots=True)
class BodyResult:
    """The article's body as raw (not yet repaired) paragraphs, plus its images."""

    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    probability: float = 0.0
    """Probability that the page is a single article."""


def extract_body(
    tree: HtmlElement, url: str | None, meta: PageMetadata, trace: Trace | None = None
) -> BodyResult:
    """Extract the article body from ``tree`` (which this function modifies); with a ``trace``,
    the cleaning and reading rules append their decisions to it."""
    try:
        return _extract(tree, url, meta, trace)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - last-resort guard
        return BodyResult()


def _extract(tree: HtmlElement, url: str | None, meta: PageMetadata, trace: Trace | None) -> BodyResult:
    # 1. what cleaning destroys
    base = _base_url(tree, url)
    structured = _structured_text(tree)
    evidence = normalise(structured) if structured else None
    # 2. clean
    clean_tree(tree, trace)
    root = tree.find("body")
    if root is None:
        root = tree
    # 3. container
    scored = score_tree(root, evidence)
    container = scored.container
    if container is None:
        if structured:
            paragraphs = [p for p in structured.splitlines() if p.strip()]
            return BodyResult(paragraphs=paragraphs, probability=_probability(len(structured), 0, meta))
        return BodyResult(probability=_probability(0, 0, meta))
    # 4-5. paragraphs and images
    walk = read_container(container, scored.stats, meta.headline, trace=trace)
    widen(container, scored.stats, meta.headline, walk)
    images = collect_images(container, walk.figures, base, walk.skipped)
    lead = meta.mainImage
    if lead is not None and all(img.url != lead.url for img in images):
        shown = declared_image(root, lead.url, base)
        if shown is not None:
            images.insert(0, shown)
    chars = sum(len(p) for p in walk.paragraphs)
    if structured and chars < FALLBACK_SHARE * len(structured):
        # the page renders its text with JavaScript: the structured copy is all there is
        walk.paragraphs = [p for p in structured.splitlines() if p.strip()]
        chars = len(structured)
    _trim_ends(walk.paragraphs)
    teasers = sum(
        1
        for h in container.iter(*xpaths.TEASER_HEADINGS)
        if (st := scored.stats.get(h)) is not None and st.text and st.links >= TEASER_LINKS * st.text
    )
    return BodyResult(
        paragraphs=walk.paragraphs, images=images, probability=_probability(chars, teasers, meta)
    )


def _trim_ends(paragraphs: list[str]) -> None:
    """Drop short lines without a sentence end (labels, kickers, credits, "Share") at either end."""
    while len(paragraphs) > 2:
        last = paragraphs[-1].strip()
        if len(last) >= TAIL_LABEL or last[-1:] in ".!?\"'”»)":
            break
        paragraphs.pop()
    while len(paragraphs) > 2:
        first = paragraphs[0].strip()
        if len(first) >= HEAD_LABEL or first[-1:] in ".!?\"'”»)":
            break
        del paragraphs[0]


def _base_url(tree: HtmlElement, url: str | None) -> str | None:
    hrefs = xpaths.BASE_HREF(tree)
    if hrefs:
        try:
            return urljoin(url or "", str(hrefs[0]).strip()) or url
        except ValueError:
            return url
    return url


def _structured_text(tree: HtmlElement) -> str | None:
    """The JSON-LD ``articleBody``, when the page has a long one."""
    for script in tree.iter("script"):
        raw = script.text
        if not raw or "articleBody" not in raw or script.get("type") != xpaths.JSON_LD_TYPE:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        text = _find_article_body(data)
        if text and len(text) >= MIN_EVIDENCE_CHARS:
            return text
    return None


def _find_article_body(data: object) -> str | None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("articleBody")
            if isinstance(value, str) and value.strip():
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _probability(chars: int, teasers: int, meta: PageMetadata) -> float:
    """Probability that the page is one article, from body length, teasers and declared type."""
    p = 0.1 + 0.7 * min(1.0, chars / FULL_ARTICLE_CHARS)
    kind = (meta.page_type or "").lower()
    if kind in ARTICLE_TYPES:
        p += 0.2
    elif kind in LISTING_TYPES:
        p -= 0.2
    if teasers >= TEASER_PAGE:
        p -= 0.4
    return max(0.0, min(1.0, p))
