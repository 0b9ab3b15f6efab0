"""Loading the evaluation sets in ``../shared/eval`` and scoring predictions the way its README says.

Everything here is shared by the bench scripts and the CI quality gate, so that a figure in a closing
note and a floor in ``bench/baseline.json`` mean the same thing.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(
    os.environ.get("NEWSSCRAPER_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval")
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    """One evaluation page: its raw bytes, URL and truth (set-specific)."""

    id: str
    url: str | None
    html: bytes
    truth: dict[str, object]


def aeb_pages() -> Iterator[Page]:
    """The article-extraction benchmark pages, truth ``{"articleBody": ...}``."""
    root = EVAL_DIR / "aeb"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for pid in sorted(truth):
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        yield Page(id=pid, url=truth[pid].get("url"), html=html, truth=truth[pid])


def snippet_pages() -> Iterator[Page]:
    """The snippet pages, truth ``{"with": [...], "without": [...]}``."""
    root = EVAL_DIR / "snippets"
    data = json.loads((root / "snippets.json").read_text("utf-8"))
    for url in sorted(data):
        entry = data[url]
        html = gzip.decompress((root / entry["file"]).read_bytes())
        yield Page(id=url, url=url if "://" in url else None, html=html, truth=entry)


def readability_pages() -> Iterator[Page]:
    """The Readability test pages, truth = ``expected-metadata.json`` plus ``expected`` (HTML)."""
    root = EVAL_DIR / "readability"
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        html = gzip.decompress((folder / "source.html.gz").read_bytes())
        truth = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        expected = folder / "expected.html.gz"
        if expected.exists():
            truth["expectedHtml"] = gzip.decompress(expected.read_bytes()).decode("utf-8")
        yield Page(id=folder.name, url="http://fakehost/test/page.html", html=html, truth=truth)


def tokens(text: str | None) -> list[str]:
    """Word tokens (Unicode ``\\w+``), lower-cased."""
    return _WORD.findall((text or "").lower())


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


def print_scores(results: dict[str, dict[str, float]], as_json: bool) -> None:
    """Print each system's precision, recall and F1: one JSON object, or one line per system."""
    if as_json:
        print(json.dumps(results))
        return
    for name, score in results.items():
        print(f"{name:18} P={score['precision']:.4f} R={score['recall']:.4f} F1={score['f1']:.4f}")
