"""Text-repair figures on ``fixtures/repair/corpus.jsonl``: ours and two baselines, per damage kind.

Each case is a page (raw bytes + HTTP headers) and the paragraphs that must come out of it. A case
comes back **exactly** when every expected paragraph (whitespace-folded) is one whole output
paragraph, character for character: for us a paragraph of ``articleBody`` (split on blank lines),
for trafilatura a line of its plain-text output. Also counted: outputs holding U+FFFD (for us: any
text field of the record).

Systems: ``newsscraper`` (``extract_article(body, headers=headers)``), ``trafilatura``
(``trafilatura.extract(body)``; it takes no headers) and ``trafilatura+ftfy`` (its output through
``ftfy.fix_text`` with ftfy's defaults; ``trafilatura+ftfy(curly)`` the same with
``uncurl_quotes=False``). ``--speed`` adds the cost of text repair on the aeb pages:
``clean_text`` over every ``<p>`` text of a page, against ``ftfy.fix_text`` on the same segments,
and ``decode_body`` against a bare ``bytes.decode``; ``--against REF`` also times ``clean_text`` as
it was at git revision REF, in the same rounds (is it slower than before, relative to ftfy?).

    python -m bench.eval_repair [--ours-only] [--speed [--rounds N] [--against REF]] [--json]
                                [--show KIND] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsscraper import clean_text, extract_article
from newsscraper.text.decoding import decode_body

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "repair" / "corpus.jsonl"
TARGETS = {
    "mojibake-cp1252": 1.0,
    "mojibake-latin1": 1.0,
    "double-mojibake": 1.0,
    "wrong-header": 1.0,
    "undeclared-cp1252": 1.0,
    "twingled-cp1252": 1.0,
    "entities": 1.0,
    "cjk-island": 0.95,
    "negative": 1.0,
}
"""Share of cases that must come back exactly, per group (issue 3)."""


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The corpus cases."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def case_bytes(case: dict[str, Any]) -> bytes:
    """The raw page bytes of a case (stored as a Latin-1 string)."""
    return str(case["body"]).encode("latin-1")


def ours(case: dict[str, Any]) -> tuple[list[str], str]:
    """Our paragraphs, and all text of the record (for the U+FFFD check)."""
    article = extract_article(case_bytes(case), url="https://example.com/news/1", headers=case["headers"])
    record = article.to_dict()
    del record["metadata"]  # repairs quote the damage they undid: not a text field
    return article.articleBody.split("\n\n"), json.dumps(record, ensure_ascii=False)


def _trafilatura(fix: Callable[[str], str] | None) -> Callable[[dict[str, Any]], tuple[list[str], str]]:
    import trafilatura  # benchmark-only peer

    def run(case: dict[str, Any]) -> tuple[list[str], str]:
        text = trafilatura.extract(case_bytes(case)) or ""
        if fix is not None:
            text = fix(text)
        return text.split("\n"), text

    return run


def exact(expected: list[str], paragraphs: list[str]) -> bool:
    """Every expected paragraph is one whole output paragraph (both whitespace-folded)."""
    got = {" ".join(p.split()) for p in paragraphs}
    return all(e in got for e in expected)


def score(
    cases: list[dict[str, Any]], run: Callable[[dict[str, Any]], tuple[list[str], str]]
) -> Iterator[tuple[dict[str, Any], bool, bool]]:
    """(case, came back exactly, output holds U+FFFD) per case."""
    for case in cases:
        paragraphs, everything = run(case)
        yield case, exact(case["expected"], paragraphs), "\ufffd" in everything


def table(
    cases: list[dict[str, Any]], systems: dict[str, Callable[[dict[str, Any]], tuple[list[str], str]]]
) -> dict[str, Any]:
    """Per system: per kind and per group, exact/total; and the U+FFFD count."""
    out: dict[str, Any] = {}
    for name, run in systems.items():
        kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        fffd = 0
        failures = []
        for case, ok, bad in score(cases, run):
            for bucket in (kinds[case["kind"]], groups[case["group"]]):
                bucket[0] += ok
                bucket[1] += 1
            fffd += bad
            if not ok:
                failures.append(case["id"])
        damaged = [c for g, c in groups.items() if not g.startswith("negative")]
        out[name] = {
            "kinds": dict(kinds),
            "groups": dict(groups),
            "damaged_exact": sum(c[0] for c in damaged) / max(1, sum(c[1] for c in damaged)),
            "fffd_outputs": fffd,
            "failures": failures,
        }
    return out


def clean_text_at(ref: str) -> Callable[[str], str]:
    """``clean_text`` as it was at git revision ``ref``: its ``newsscraper/text`` package, read with
    ``git show`` into a temporary package (imports of ``newsscraper.text`` pointed at it; the rest
    of ``newsscraper`` is today's). Raises ``subprocess.CalledProcessError`` for an unknown ref."""
    import importlib
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parents[1]
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", ref, "newsscraper/text/"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    package = "ref_text_" + "".join(c for c in ref if c.isalnum())
    directory = Path(tempfile.mkdtemp()) / package
    directory.mkdir()
    for name in names:
        source = subprocess.run(
            ["git", "show", f"{ref}:{name}"], cwd=root, check=True, capture_output=True, text=True
        ).stdout
        (directory / Path(name).name).write_text(source.replace("newsscraper.text.", f"{package}."), "utf-8")
    sys.path.insert(0, str(directory.parent))
    module = importlib.import_module(f"{package}.repair")
    fix: Callable[[str], str] = module.clean_text
    return fix


def speed(rounds: int = 3, against: str = "") -> dict[str, float]:
    """Per-aeb-page cost of ``clean_text`` (vs ``ftfy.fix_text``) and ``decode_body`` (vs decode);
    with ``against`` (a git revision), also ``clean_text`` as it was there, timed in turn with
    today's in the same rounds (best of each kept)."""
    import ftfy
    import lxml.html

    from bench.evalsets import aeb_pages

    pages = list(aeb_pages())
    segments = [
        [p.text_content() for p in lxml.html.document_fromstring(decode_body(page.html).text).iter("p")]
        for page in pages
    ]

    def timed(*fns: Callable[[], object]) -> list[float]:
        best = [float("inf")] * len(fns)
        for _ in range(rounds):
            for i, fn in enumerate(fns):
                start = time.perf_counter()
                fn()
                best[i] = min(best[i], time.perf_counter() - start)
        return [b / len(pages) for b in best]

    cleaners = [clean_text, ftfy.fix_text] + ([clean_text_at(against)] if against else [])
    cleaned = timed(*[(lambda f=f: [f(s) for segs in segments for s in segs]) for f in cleaners])
    ours_decode, bare_decode = timed(
        lambda: [decode_body(p.html, {}) for p in pages],
        lambda: [p.html.decode("utf-8", "replace") for p in pages],
    )
    result = {
        "segments_per_page": sum(map(len, segments)) / len(pages),
        "clean_text_ms_per_page": cleaned[0] * 1000,
        "ftfy_fix_text_ms_per_page": cleaned[1] * 1000,
        "clean_vs_ftfy": cleaned[0] / cleaned[1],
        "decode_body_ms_per_page": ours_decode * 1000,
        "decode_vs_bytes_decode": ours_decode / bare_decode,
    }
    if against:
        result[f"clean_text_at_{against}_ms_per_page"] = cleaned[2] * 1000
        result[f"clean_at_{against}_vs_ftfy"] = cleaned[2] / cleaned[1]
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the per-kind table (and targets met) for each system."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours-only", action="store_true", help="skip the trafilatura baselines")
    parser.add_argument("--speed", action="store_true", help="also time text repair on aeb pages")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds, best kept (--speed)")
    parser.add_argument("--against", default="", help="git revision whose clean_text --speed also times")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", default="", help="print our failing cases of this kind")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="another corpus file")
    args = parser.parse_args(argv)
    cases = load(args.corpus)
    systems: dict[str, Callable[[dict[str, Any]], tuple[list[str], str]]] = {"newsscraper": ours}
    if not args.ours_only:
        import ftfy

        systems["trafilatura"] = _trafilatura(None)
        systems["trafilatura+ftfy"] = _trafilatura(ftfy.fix_text)
        # ftfy's defaults straighten curly quotes, which alone fails most cases: the same with
        # only that switched off, to show what ftfy's repair itself brings.
        systems["trafilatura+ftfy(curly)"] = _trafilatura(lambda t: ftfy.fix_text(t, uncurl_quotes=False))
    result: dict[str, Any] = {"cases": len(cases), "systems": table(cases, systems)}
    if args.speed:
        result["speed"] = speed(args.rounds, args.against)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    names = list(systems)
    kinds = sorted({c["kind"] for c in cases})
    groups = sorted({c["group"] for c in cases})
    print(f"{len(cases)} cases; exact = every expected paragraph comes back character for character")
    print(f"{'kind':<22}" + "".join(f"{n:>24}" for n in names))
    for label, key, keys in (("kind", "kinds", kinds), ("group", "groups", groups)):
        print(f"-- per {label}")
        for k in keys:
            cells = []
            for n in names:
                ok, total = result["systems"][n][key].get(k, [0, 0])
                cells.append(f"{ok:>3}/{total:<3} {ok / max(1, total):>6.0%}")
            target = f"  (target {TARGETS[k]:.0%})" if key == "groups" and k in TARGETS else ""
            print(f"{k:<22}" + "".join(f"{c:>24}" for c in cells) + target)
    print(
        f"{'damaged, all kinds':<22}"
        + "".join(f"{result['systems'][n]['damaged_exact']:>18.1%}" for n in names)
    )
    print(
        f"{'outputs with U+FFFD':<22}" + "".join(f"{result['systems'][n]['fffd_outputs']:>18}" for n in names)
    )
    if args.speed:
        for k, v in result["speed"].items():
            print(f"{k:<28}{v:10.3f}")
    if args.show:
        for case in cases:
            if case["kind"] == args.show and case["id"] in result["systems"]["newsscraper"]["failures"]:
                paragraphs, _ = ours(case)
                print(
                    case["id"],
                    case["source"],
                    "\n  expected:",
                    case["expected"][0],
                    "\n  got:     ",
                    paragraphs,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
