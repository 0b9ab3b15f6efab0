"""Issue 3's figures on the repair corpus (``fixtures/repair/corpus.jsonl``), our side only.

The same cases and the same meaning of "exactly" as ``bench/eval_repair.py`` (which also runs the
trafilatura baselines); the targets are the issue's.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bench.eval_repair import TARGETS, exact, load, ours

CASES = load()


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], bool, str]]:
    out = []
    for case in CASES:
        paragraphs, everything = ours(case)
        out.append((case, exact(case["expected"], paragraphs), everything))
    return out


def test_corpus_covers_every_damage_kind() -> None:
    groups = Counter(c["group"] for c in CASES)
    for group in [*TARGETS, "replacement-run", "wild", "undeclared-legacy"]:
        assert groups[group] >= 10, group
    kinds = {c["kind"] for c in CASES}
    for codec in ("cp932", "euc_jp", "cp949", "gb18030", "big5"):
        assert f"cjk-island-{codec}" in kinds


@pytest.mark.parametrize("group", sorted(TARGETS))
def test_targets_per_group(results: list[tuple[dict[str, Any], bool, str]], group: str) -> None:
    rows = [(case["id"], ok) for case, ok, _ in results if case["group"] == group]
    failed = [cid for cid, ok in rows if not ok]
    assert len(rows) - len(failed) >= TARGETS[group] * len(rows), failed


def test_no_replacement_character_in_any_output(results: list[tuple[dict[str, Any], bool, str]]) -> None:
    assert [case["id"] for case, _, everything in results if "\ufffd" in everything] == []


def test_hand_picked_cases_from_the_wild(results: list[tuple[dict[str, Any], bool, str]]) -> None:
    assert [case["id"] for case, ok, _ in results if case["group"] == "wild" and not ok] == []
