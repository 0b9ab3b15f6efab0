"""The quality gate: scores on ``../shared/eval`` must not fall below the floors in ``bench/baseline.json``.

Floors are pinned a little under the measured scores (noise-free: extraction is deterministic); lowering
one is an explicit act, done in ``bench/baseline.json`` with the reason in the commit message. The same
scoring code serves the bench scripts, so a figure in a closing note and a floor here mean one thing.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bench.eval_readability import evaluate, ours
from bench.evalsets import (
    EVAL_DIR,
    aeb_pages,
    aeb_score,
    readability_pages,
    snippet_counts,
    snippet_pages,
    snippet_score,
)
from newsscraper import extract_article

BASELINE: dict[str, dict[str, float]] = json.loads(
    (Path(__file__).parent.parent / "bench" / "baseline.json").read_text("utf-8")
)


@cache
def _scores(name: str) -> dict[str, Any]:
    if not EVAL_DIR.is_dir():
        # CI has ../shared/eval beside the clone and must score it; a bare clone has nothing to score
        if os.environ.get("CI"):
            pytest.fail(f"the evaluation pages are missing: {EVAL_DIR}")
        pytest.skip(f"no evaluation pages at {EVAL_DIR} (set NEWSSCRAPER_EVAL_DIR)")
    if name == "aeb":
        pairs = [
            (extract_article(p.html, url=p.url).articleBody, str(p.truth["articleBody"])) for p in aeb_pages()
        ]
        return aeb_score(pairs)
    if name == "snippets":
        return snippet_score(
            [snippet_counts(extract_article(p.html, url=p.url).articleBody, p.truth) for p in snippet_pages()]
        )
    scores: dict[str, Any] = evaluate(ours, list(readability_pages()))["scores"]
    return scores


@pytest.mark.parametrize(
    ("name", "metric"),
    [(name, metric) for name, floors in BASELINE.items() for metric in floors],
)
def test_score_at_or_above_floor(name: str, metric: str) -> None:
    score = _scores(name)[metric]
    assert score >= BASELINE[name][metric], f"{name} {metric} fell to {score:.4f}"
