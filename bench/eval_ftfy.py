"""ftfy's own test cases (``../shared/eval/ftfy``): ``clean_text`` next to ``ftfy.fix_text``, one run.

The cases are ftfy's (rspeer/python-ftfy, Apache-2.0): ``in-the-wild`` (damage seen on the web),
``synthetic`` (made to exercise fixes) and ``negative`` (odd but correct text that must not change).
Only cases with ``"expect": "pass"`` count. A case passes when the cleaned text equals ``fixed``
once curly quotes (the ones ftfy's ``uncurl_quotes`` straightens: U+2018-U+201F, U+02BC), dashes
and no-break spaces are folded to plain ones (the README of the set), and whitespace runs to one
space (``clean_text`` folds whitespace by contract; ftfy keeps it).

Two counts. ``strict``: exactly that. ``policy``: what ``clean_text`` removes on purpose
(``docs/text-repair.md``) is not held against it: ftfy's ``fixed`` marks an unrecoverable
character with U+FFFD, which our policy drops or, where only one character fits, restores (a
guessed repair); so a U+FFFD in ``fixed`` matches nothing or one character, and control and
invisible characters ftfy keeps (``\x81``) are removed from ``fixed`` first. Every other
character must match.

Halves: a case has no site, so its half is ``half_of`` its label (the same hash as for sites);
rules are tuned on ``tuning`` only and checked on ``checking``.

Speed: the time of ``clean_text`` over every case's input, against ``ftfy.fix_text`` on the same
inputs, best of ``--rounds`` (both in this one run).

    python -m bench.eval_ftfy [--json] [--misses] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.evalsets import EVAL_DIR, HALVES, half_of
from newsscraper.text.normalize import remove_controls, remove_invisible

FTFY_DIR = EVAL_DIR / "ftfy"
SETS = ("in-the-wild", "synthetic", "negative")
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u02bc\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        "\N{EN DASH}": "-",
        "\N{EM DASH}": "-",
        "\N{NO-BREAK SPACE}": " ",
    }
)


def load(name: str, directory: Path = FTFY_DIR) -> list[dict[str, Any]]:
    """The counted cases (``expect == "pass"``) of one set, each with its ``half`` added.

    Raises ``FileNotFoundError`` when the set is missing.
    """
    cases = json.loads((directory / f"{name}.json").read_text("utf-8"))
    return [{**c, "half": half_of(str(c["label"]))} for c in cases if c.get("expect") == "pass"]


def fold(text: str) -> str:
    """Curly quotes, dashes and no-break spaces folded to plain ones, whitespace runs to one space."""
    return " ".join(text.translate(_FOLD).split())


def passes(fix: Callable[[str], str], case: dict[str, Any], strict: bool = False) -> bool:
    """Whether ``fix`` turns the case's ``original`` into its ``fixed`` (both folded); unless
    ``strict``, a U+FFFD of ``fixed`` matches nothing or one character, and control and invisible
    characters of ``fixed`` are not required."""
    got = fold(fix(str(case["original"])))
    expected = str(case["fixed"])
    if strict or got == fold(expected):
        return got == fold(expected)
    expected = remove_controls(remove_invisible(expected))
    if got == fold(expected.replace("\ufffd", "")):
        return True
    pattern = ".?".join(re.escape(part) for part in fold(expected).split("\ufffd"))
    return re.fullmatch(pattern, got) is not None


def systems() -> dict[str, Callable[[str], str]]:
    """The systems compared: ours and ftfy with its defaults."""
    import ftfy

    from newsscraper import clean_text

    return {"newsscraper": clean_text, "ftfy.fix_text": ftfy.fix_text}


def evaluate(rounds: int = 3) -> dict[str, Any]:
    """Per set and system: passed/total for all cases and per half, the failing labels, and speed."""
    runs = systems()
    out: dict[str, Any] = {"sets": {}, "speed": {}}
    inputs: list[str] = []
    for name in SETS:
        cases = load(name)
        inputs += [str(c["original"]) for c in cases]
        per: dict[str, Any] = {}
        for system, fix in runs.items():
            results = [(c, passes(fix, c)) for c in cases]
            counts = {"all": [sum(ok for _, ok in results), len(results)]}
            for half in HALVES:
                rows = [ok for c, ok in results if c["half"] == half]
                counts[half] = [sum(rows), len(rows)]
            counts["strict"] = [sum(passes(fix, c, strict=True) for c in cases), len(cases)]
            per[system] = {"counts": counts, "misses": [c["label"] for c, ok in results if not ok]}
        out["sets"][name] = per
    for system, fix in runs.items():
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for text in inputs:
                fix(text)
            best = min(best, time.perf_counter() - start)
        out["speed"][system] = best * 1000
    out["speed"]["ratio"] = out["speed"]["newsscraper"] / out["speed"]["ftfy.fix_text"]
    return out


def main(argv: list[str] | None = None) -> int:
    """Print passed/total per set, system and half (and our misses with ``--misses``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", action="store_true", help="print the cases we fail")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best kept)")
    args = parser.parse_args(argv)
    if not FTFY_DIR.is_dir():
        print(f"no ftfy cases at {FTFY_DIR} (set NEWSSCRAPER_EVAL_DIR)", file=sys.stderr)
        return 2
    result = evaluate(args.rounds)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    names = list(next(iter(result["sets"].values())))
    print(f"{'set':<14}{'half':<10}" + "".join(f"{n:>16}" for n in names))
    for name, per in result["sets"].items():
        for half in ("all", *HALVES, "strict"):
            cells = [per[n]["counts"][half] for n in names]
            print(f"{name:<14}{half:<10}" + "".join(f"{ok:>11}/{total:<4}" for ok, total in cells))
    speed = result["speed"]
    print(
        f"time for all inputs (ms): newsscraper {speed['newsscraper']:.1f}, "
        f"ftfy.fix_text {speed['ftfy.fix_text']:.1f}, ratio {speed['ratio']:.2f}"
    )
    if args.misses:
        cases = {str(c["label"]): c for name in SETS for c in load(name)}
        from newsscraper import clean_text

        for name, per in result["sets"].items():
            for label in per["newsscraper"]["misses"]:
                case = cases[label]
                print(f"[{name}] {label}\n  in:  {case['original']!r}\n  exp: {case['fixed']!r}")
                print(f"  got: {clean_text(case['original'])!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
