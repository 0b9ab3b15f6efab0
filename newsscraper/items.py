"""The article record: one ``Article`` per page, field names after schema.org / zyte-common-items.

Every field is always present in the serialised record (``None`` or an empty list when the page has
nothing), so consumers get one stable shape. ``Article.to_dict()`` gives the JSON Lines object that
``newsscraper/schema/article.schema.json`` describes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Self


@dataclass(kw_only=True, slots=True)
class Author:
    """One person (or organisation) credited with writing the article."""

    name: str
    """Display name, without "By", roles, dates or agency words."""
    url: str | None = None
    """Absolute URL of the author's page, when the page links one."""
    type: str | None = None
    """schema.org type of the credit: ``"Person"``, or ``"Organization"`` for a newsroom, team or
    company credited when the page names no person; ``None`` when unknown."""


@dataclass(kw_only=True, slots=True)
class Image:
    """An image that belongs to the article, with its caption and credit kept out of the body."""

    url: str | None
    """Absolute URL of the image file; ``None`` for an image a plain-text scrape names only by its
    caption or credit (the text has lost the file's address)."""
    caption: str | None = None
    """Caption text as shown under the image, without the credit."""
    credit: str | None = None
    """Photographer / agency / copyright line, e.g. "Copyright 朝鮮通信社/KCNA via KNS"."""


@dataclass(kw_only=True, slots=True)
class Breadcrumb:
    """One step of the site's breadcrumb trail."""

    name: str
    """Label of the step."""
    url: str | None = None
    """Absolute URL of the step, when linked."""


@dataclass(kw_only=True, slots=True)
class Repair:
    """One change made by text repair, for provenance."""

    field: str
    """Record field the change applies to (``articleBody``, ``images[0].credit``, ``document``)."""
    kind: str
    """What was repaired: ``encoding-island``, ``mojibake``, ``html-entity``, ``c1-controls``,
    ``surrogates``, ``terminal-escapes``, ``ligatures``, ``replacement-run``, ``guessed`` (a lost
    character restored where only one fits), ``character-width``, ``invisible-chars``,
    ``control-chars``, ``normalization`` (see ``docs/text-repair.md``), or ``truncated`` for the
    cap's marker."""
    before: str
    """A short excerpt of the text before the change (at most 80 characters)."""
    after: str
    """The same excerpt after the change (at most 80 characters)."""


@dataclass(kw_only=True, frozen=True, slots=True)
class Decision:
    """One entry of the explain trace (``extract_article(..., explain=True)``): what a rule of the
    extraction did to one block of the page, and why."""

    stage: str
    """Extraction stage: ``metadata`` (which source gave a field), ``cleaning`` (before the
    container is chosen), ``container`` (how the container was chosen or measured) or ``reading``
    (inside it)."""
    rule: str
    """Name of the rule that decided (``link-list``, ``stylesheet-hidden``, ``prose``...; see
    ``docs/extraction.md``)."""
    action: str
    """``drop`` (left out of the body), ``keep`` (in the body), ``figure`` (read as an image's
    caption), ``mark`` (cleaning: left in the tree for the reading to skip), ``choose`` (a
    metadata field's source, or the container or region read) or ``measure`` (evidence the
    container's reading used, such as ``item-grid``)."""
    text: str
    """The block's text, at most 80 characters."""
    evidence: str = ""
    """What the rule measured: ``link density 0.80, chars 40``, ``position after-body``..."""

    def line(self) -> str:
        """One readable line: ``reading   drop   link-list          [link density 0.80] 'Share'``."""
        return f"{self.stage:<9} {self.action:<6} {self.rule:<18} [{self.evidence}] {self.text!r}"


@dataclass(kw_only=True, slots=True)
class Metadata:
    """How the record was made: provenance, warnings and confidence."""

    dateDownloaded: str | None = None
    """When the page was fetched, ISO 8601 UTC (``2024-03-12T14:32:00+00:00``), from the HTTP
    ``Date`` header or the crawler."""
    encoding: str | None = None
    """Encoding the page bytes were decoded with (Python codec name), ``None`` for ``str`` input."""
    repairs: list[Repair] = field(default_factory=list)
    """Text repairs made, at most 100 (a final ``truncated`` entry says when more were made)."""
    warnings: list[str] = field(default_factory=list)
    """Machine-readable warning codes, e.g. ``empty-input``, ``not-html:png``, ``input-truncated``."""
    probability: float = 0.0
    """Estimated probability (0..1) that the page is a single article."""
    version: int | None = None
    """Version of this article's content: 1 when first seen, n + 1 after each change (stateful crawls)."""
    fingerprint: str | None = None
    """Content fingerprint of headline + body (32 hex digits), stable under whitespace/markup changes."""
    previousFingerprint: str | None = None
    """Fingerprint of the version this record supersedes (changed articles), else ``None``."""
    change: str | None = None
    """``new``, ``changed`` or (``--full`` runs only) ``unchanged``; ``None`` outside stateful crawls."""
    nearDuplicateOf: str | None = None
    """URL of an earlier article this one nearly duplicates (the same wire story elsewhere), else ``None``."""


@dataclass(kw_only=True, slots=True)
class Article:
    """A news article extracted from one web page."""

    url: str | None = None
    """URL the page was fetched from (after redirects), as given to the extractor."""
    canonicalUrl: str | None = None
    """The page's ``rel=canonical`` (or ``og:url``) URL, made absolute."""
    headline: str | None = None
    """Headline as the page shows it: its visible ``<h1>`` (or ``<h2>``) when that agrees with a
    title source (JSON-LD ``headline``, ``og:title``, ``<title>``), else the first title source;
    without site-name parts (" | Site Name", "[Site]", "Site: "). See ``docs/extraction.md``."""
    description: str | None = None
    """Standfirst / lead / summary as the page publishes it; when it publishes none, its opening paragraph."""
    articleBody: str = ""
    """Plain text of the article, no boilerplate: paragraphs and subheadings separated by one blank
    line (``<br><br>`` is a paragraph break); the items of one list, and the rows of one table,
    each on its own line; a row's cells separated by " | "; ruby readings left out."""
    articleBodyHtml: str | None = None
    """The same body as normalised HTML (zyte-common-items' field): only ``h2``-``h6``, ``p``,
    ``ul``/``ol``/``li``, ``blockquote``, ``table``/``thead``/``tbody``/``tr``/``th``/``td``,
    ``pre``, ``figure`` (``img`` + ``figcaption``, for the body's images in ``images``) and
    ``a``; no attribute but ``href`` (absolute http(s) URL), ``src`` and ``alt``. ``None`` when
    the body is empty."""
    articleBodyMarkdown: str | None = None
    """The same body as Markdown (CommonMark, GitHub tables); ``None`` when the body is empty."""
    authors: list[Author] = field(default_factory=list)
    """Credited authors, in page order, without duplicates: the people named (``type`` "Person"),
    or, when the page names no person, the organisations credited (``type`` "Organization")."""
    agencies: list[str] = field(default_factory=list)
    """News agencies credited beside the authors ("AP", "Reuters"), kept apart from ``authors``."""
    datePublished: str | None = None
    """First publication time, ISO 8601 in one of three shapes (``newsscraper.datetimes``): a day
    (``2024-03-12``) when the page gives no time; a local time (``2024-03-12T14:32:00``) when it
    gives no offset; a time with its offset (``2024-03-12T14:32:00+01:00``, UTC as ``+00:00``).
    Decided by ``newsscraper.extraction.metadata.dates`` (structured data, meta tags, microdata,
    the dateline near the headline, the URL path; see docs/extraction.md); when the page shows only
    an update date, that date."""
    datePublishedRaw: str | None = None
    """Publication time exactly as found on the page."""
    dateModified: str | None = None
    """Last modification time, the shapes of ``datePublished``; never the publication date copied."""
    dateModifiedRaw: str | None = None
    """Modification time exactly as found on the page."""
    inLanguage: str | None = None
    """Language of the article, BCP 47 (``en``, ``pt-BR``), from markup, else detected from text."""
    siteName: str | None = None
    """Name of the publication."""
    mainImage: Image | None = None
    """The lead image of the article."""
    images: list[Image] = field(default_factory=list)
    """All article images, main image first, each with caption and credit."""
    keywords: list[str] = field(default_factory=list)
    """Keywords / tags given by the page."""
    section: str | None = None
    """Site section the article is filed under."""
    breadcrumbs: list[Breadcrumb] = field(default_factory=list)
    """Breadcrumb trail, outermost first."""
    wordCount: int = 0
    """Number of words in ``articleBody``: runs of letters and digits (``str.isalnum``; an
    underscore separates two), and each CJK ideograph, kana or hangul syllable that starts a word
    (``newsscraper.extraction.wordcount.WORD``)."""
    metadata: Metadata = field(default_factory=Metadata)
    """Provenance, warnings and confidence."""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record (every field present, in declaration order)."""
        record: dict[str, Any] = _record_of(self)
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Self:
        """Return the article a record describes: the inverse of :meth:`to_dict`.

        Missing fields take their defaults; ``ValueError`` names a top-level key the article does not
        have, and a nested object's unknown key (in ``metadata``, ``authors``...) raises the
        dataclass's ``TypeError``.

        >>> a = Article(headline="Rain", authors=[Author(name="Ann")], metadata=Metadata(probability=0.9))
        >>> Article.from_dict(a.to_dict()) == a
        True
        """
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(record) - known)
        if unknown:
            raise ValueError(f"not a field of {cls.__name__}: {', '.join(unknown)}")
        values = dict(record)
        values["authors"] = [Author(**a) for a in values.get("authors") or []]
        values["images"] = [Image(**i) for i in values.get("images") or []]
        values["breadcrumbs"] = [Breadcrumb(**b) for b in values.get("breadcrumbs") or []]
        if values.get("mainImage") is not None:
            values["mainImage"] = Image(**values["mainImage"])
        meta = dict(values.get("metadata") or {})
        meta["repairs"] = [Repair(**r) for r in meta.get("repairs") or []]
        values["metadata"] = Metadata(**meta)
        if "explain" in values:
            values["explain"] = [Decision(**d) for d in values["explain"] or []]
        return cls(**values)


@dataclass(kw_only=True, slots=True)
class ExplainedArticle(Article):
    """An ``Article`` with the explain trace, returned only when asked for
    (``extract_article(..., explain=True)``); the default record's shape never changes."""

    explain: list[Decision] = field(default_factory=list)
    """One entry per block dropped or kept, per subtree the cleaning removed or marked, per
    container choice or measure, and per metadata field's source, in the order the stages decided
    (``Decision``); ``to_dict`` includes it as a list of objects."""


_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _record_of(value: Any) -> Any:
    """``dataclasses.asdict(value)``: the same result (a fresh copy all the way down), without
    the ``copy.deepcopy`` call Python 3.11's asdict makes for every string and number (half of
    the cost of a record: the crawl builds two per article, ``bench/crawl_compare.py --real``)."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _record_of(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if kind is list:
        return [_record_of(v) for v in value]
    if kind is dict:
        return {_record_of(k): _record_of(v) for k, v in value.items()}
    return dataclasses.asdict(_Wrap(value))["value"]  # anything else: asdict's own handling


@dataclass(slots=True)
class _Wrap:
    value: Any
