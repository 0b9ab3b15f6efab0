"""ftfy's own cases (``../shared/eval/ftfy``): ``clean_text`` passes all of them, as ftfy does.

The same cases and the same meaning of "passes" as ``bench/eval_ftfy.py`` (which also times both
and prints ftfy's figures): a U+FFFD of ftfy's ``fixed`` (an unrecoverable character) matches
nothing or one character, since our policy drops it or restores the only plausible one.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from bench.eval_ftfy import FTFY_DIR, SETS, load, passes
from newsscraper import clean_text


def _cases(name: str) -> list[dict[str, Any]]:
    if not FTFY_DIR.is_dir():
        # CI has ../shared/eval beside the clone and must run them; a bare clone has nothing to run
        if os.environ.get("CI"):
            pytest.fail(f"ftfy's cases are missing: {FTFY_DIR}")
        pytest.skip(f"no ftfy cases at {FTFY_DIR} (set NEWSSCRAPER_EVAL_DIR)")
    return load(name)


@pytest.mark.parametrize("name", SETS)
def test_every_ftfy_case_passes(name: str) -> None:
    cases = _cases(name)
    assert len(cases) >= 30
    failed = [(c["label"], clean_text(c["original"])) for c in cases if not passes(clean_text, c)]
    assert failed == []


def test_the_policy_count_is_no_looser_than_ftfy_needs() -> None:
    # A case is held to ftfy's exact output wherever that output holds no U+FFFD and no control
    # character: the allowance of ``passes`` covers only what our policy removes.
    cases = [c for name in SETS for c in _cases(name)]
    exact = [c for c in cases if "\ufffd" not in c["fixed"] and c["fixed"].isprintable()]
    assert len(exact) >= 100
    assert all(passes(clean_text, c, strict=True) for c in exact)
