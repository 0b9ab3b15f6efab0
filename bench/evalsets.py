"""Loading the evaluation sets in ``../shared/eval`` and scoring predictions the way its README says.

Everything here is shared by the bench scripts and the CI quality gate, so that a figure in a closing
note and a floor in ``bench/baseline.json`` mean the same thing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

EVAL_DIR = Path(
    os.environ.get("NEWSSCRAPER_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval")
)
_WORD = re.compile(r"\w+")


HALVES = ("tuning", "checking")
"""The two site-disjoint halves of every set: rules are tuned on the first, checked on the second."""
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "nic"})


def site_of(address: str) -> str:
    """The site a page belongs to: its host's registrable part, lower-cased, without ``www.``.

    ``https://www.bbc.co.uk/news/1`` -> ``bbc.co.uk``; an archived page
    (``https://web.archive.org/web/2020/https://example.com/a``) belongs to the archived site; a bare
    name (``hard::example.com-story.html``, a Readability folder ``nytimes-3``) is read as best it can.
    Approximate (no public-suffix list): two labels, three under a two-letter country's ``co.``-like
    second level. Enough to keep one site's pages in one half.
    """
    if "://" in address:
        host = urlsplit(address).hostname or ""
        inner = re.search(r"/web/[^/]*/(https?://.*)", address) if host == "web.archive.org" else None
        if inner:
            return site_of(inner.group(1))
    else:
        name = re.sub(r"-[^-]*\.html?$", "", address.split("::")[-1])
        found = re.match(r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)", name.lower())
        host = found.group(1).rstrip("-.") if found else re.sub(r"-\d+$", "", name.lower())
        if not found:
            return host
    labels = host.lower().removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def half_of(site: str) -> str:
    """``"tuning"`` or ``"checking"``: fixed per site by a hash of its name (SHA-256, first byte's
    parity), so the split never depends on which pages a set holds."""
    return HALVES[hashlib.sha256(site.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True, slots=True)
class Page:
    """One evaluation page: its raw bytes, URL and truth (set-specific), and its site's half."""

    id: str
    url: str | None
    html: bytes
    truth: dict[str, object]
    site: str = ""
    """The site the page comes from (``site_of``); decides its half."""

    @property
    def half(self) -> str:
        """``"tuning"`` or ``"checking"`` (``half_of(site)``)."""
        return half_of(self.site)


_T = TypeVar("_T")


def split_by_half(pages: Iterable[Page], values: Iterable[_T]) -> dict[str, list[_T]]:
    """The values (one per page, in page order) under ``"all"`` and under each half's name."""
    groups: dict[str, list[_T]] = {"all": [], **{h: [] for h in HALVES}}
    for page, value in zip(pages, values, strict=True):
        groups["all"].append(value)
        groups[page.half].append(value)
    return groups


def score_halves(
    pages: list[Page], values: list[_T], score: Callable[[list[_T]], dict[str, float]]
) -> dict[str, dict[str, float]]:
    """``score`` of all pages and of each half: ``{"all": ..., "tuning": ..., "checking": ...}``."""
    return {name: score(group) for name, group in split_by_half(pages, values).items() if group}


def aeb_pages() -> Iterator[Page]:
    """The article-extraction benchmark pages, truth ``{"articleBody": ...}``."""
    root = EVAL_DIR / "aeb"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for pid in sorted(truth):
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        url = truth[pid].get("url")
        yield Page(id=pid, url=url, html=html, truth=truth[pid], site=site_of(url or pid))


def snippet_pages() -> Iterator[Page]:
    """The snippet pages, truth ``{"with": [...], "without": [...]}``."""
    root = EVAL_DIR / "snippets"
    data = json.loads((root / "snippets.json").read_text("utf-8"))
    for url in sorted(data):
        entry = data[url]
        html = gzip.decompress((root / entry["file"]).read_bytes())
        yield Page(id=url, url=url if "://" in url else None, html=html, truth=entry, site=site_of(url))


def readability_pages() -> Iterator[Page]:
    """The Readability test pages, truth = ``expected-metadata.json`` plus ``expected`` (HTML)."""
    root = EVAL_DIR / "readability"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        html = gzip.decompress((folder / "source.html.gz").read_bytes())
        truth = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        expected = folder / "expected.html.gz"
        if expected.exists():
            truth["expectedHtml"] = gzip.decompress(expected.read_bytes()).decode("utf-8")
        yield Page(
            id=folder.name,
            url="http://fakehost/test/page.html",
            html=html,
            truth=truth,
            site=site_of(folder.name),
        )


WCXB_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")
"""WCXB's page types, in the benchmark's order (``category`` is read as ``collection``)."""


def wcxb_pages() -> Iterator[Page]:
    """The WCXB development pages. Truth: ``page_type`` plus the benchmark's ``ground_truth``
    fields (``title``, ``author``, ``publish_date``, ``main_content``, ``with``, ``without``)."""
    root = EVAL_DIR / "wcxb"
    # metadata.json names the domain of most pages; the others are placed by their URL's site.
    files = json.loads((root / "metadata.json").read_text("utf-8"))["files"]
    for path in sorted((root / "dev" / "ground-truth").glob("*.json")):
        pid = path.stem
        data = json.loads(path.read_text("utf-8"))
        truth = dict(data.get("ground_truth") or {})
        page_type = ((data.get("_internal") or {}).get("page_type") or {}).get("primary", "article")
        truth["page_type"] = "collection" if page_type == "category" else page_type
        html = gzip.decompress((root / "dev" / "html" / f"{pid}.html.gz").read_bytes())
        url = data.get("url")
        site = site_of(files[pid]["domain"] if pid in files else url or pid)
        yield Page(id=pid, url=url, html=html, truth=truth, site=site)


def word_f1(prediction: str | None, truth: str | None) -> tuple[float, float, float]:
    """WCXB's word-level (precision, recall, F1): lower-cased ``\\w+`` multisets, as its
    ``evaluate.py``; an empty truth scores 1 only against an empty prediction."""
    pred, true = tokens(prediction), tokens(truth)
    if not true:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(pred) & Counter(true)).values())
    p, r = overlap / len(pred), overlap / len(true)
    return p, r, f1(p, r)


def tokens(text: str | None) -> list[str]:
    """Word tokens (Unicode ``\\w+``), lower-cased."""
    return _WORD.findall((text or "").lower())


def token_text(text: str | None) -> str:
    """:func:`tokens` joined by single spaces: text compared as the snippet benchmark compares it
    (tests look for a truth phrase in it with ``in``)."""
    return " ".join(tokens(text))


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def aeb_page_scores(prediction: str, truth: str) -> tuple[float, float]:
    """Per-page (precision, recall) of 4-token shingle multisets, as the aeb README defines."""
    pred, true = _shingles(prediction), _shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp_share, fp_share, fn_share = tp / total, fp / total, fn / total
    precision = tp_share / (tp_share + fp_share) if tp_share + fp_share else 0.0
    recall = tp_share / (tp_share + fn_share) if tp_share + fn_share else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aeb_score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 from the two averages."""
    scores = [aeb_page_scores(pred, true) for pred, true in pairs]
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return {"precision": p, "recall": r, "f1": f1(p, r), "pages": len(scores)}


def truth_strings(truth: dict[str, object], key: str) -> list[str]:
    """The strings of a list-valued truth field (snippets' ``with`` / ``without``); absent or null
    is empty."""
    value = truth.get(key)
    return [str(item) for item in value] if isinstance(value, list) else []


def snippet_counts(prediction: str, truth: dict[str, object]) -> tuple[int, int, int]:
    """(tp, fn, fp) of one page: ``with`` strings found / missing, ``without`` strings found."""
    haystack = " " + " ".join(tokens(prediction)) + " "
    tp = fn = fp = 0
    for snippet in truth_strings(truth, "with"):
        needle = " " + " ".join(tokens(snippet)) + " "
        if needle.strip() and needle in haystack:
            tp += 1
        else:
            fn += 1
    for snippet in truth_strings(truth, "without"):
        needle = " " + " ".join(tokens(snippet)) + " "
        if needle.strip() and needle in haystack:
            fp += 1
    return tp, fn, fp


def snippet_score(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    """Precision, recall and F1 over all snippet pages."""
    tp = sum(c[0] for c in counts)
    fn = sum(c[1] for c in counts)
    fp = sum(c[2] for c in counts)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r), "pages": len(counts)}


def token_f1(prediction: str | None, truth: str | None, ignore: frozenset[str] = frozenset()) -> float:
    """Word-token F1 (multiset) between two strings; 1.0 when both are empty."""
    pred = Counter(t for t in tokens(prediction) if t not in ignore)
    true = Counter(t for t in tokens(truth) if t not in ignore)
    if not pred and not true:
        return 1.0
    common = sum((pred & true).values())
    if not common:
        return 0.0
    return f1(common / sum(pred.values()), common / sum(true.values()))


def print_scores(results: dict[str, dict[str, dict[str, float]]], as_json: bool) -> None:
    """Print each system's precision, recall and F1 on all pages and on each half (the output of
    ``score_halves`` per system): one JSON object, or one line per system and half."""
    if as_json:
        print(json.dumps(results))
        return
    for name, halves in results.items():
        for half, score in halves.items():
            print(
                f"{name:18} {half:9} {int(score['pages']):4} pages  "
                f"P={score['precision']:.4f} R={score['recall']:.4f} F1={score['f1']:.4f}"
            )
