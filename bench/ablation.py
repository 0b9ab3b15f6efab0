"""Ablation of the body-extraction rules: each named rule disabled alone, its delta on both halves.

    python -m bench.ablation [--sets aeb,snippets,wcxb] [--rules NAME,...] [--wcxb-min N]
                             [--jobs N] [--all-pages] [--pages] [--cases] [--list] [--json]

Issue 9 asks which rules are fitted to the tuning pages. For every rule below (the reading's
``BLOCK_RULES`` and ``BOX_RULES``, the cleaning stages, the body's stages and gates) the script
disables that one rule, by patching the registry or the module global the extractor reads at call
time, and scores again: aeb body F1, snippets F1, WCXB body word F1 (all pages and per type), each
on the tuning and the checking half. Nothing is patched for the baseline, so its figures are
``eval_aeb``'s, ``eval_snippets``' and ``eval_wcxb``'s.

A disabled rule can change the output only on the pages where it acted, so the baseline pass
wraps each rule in a probe that notes on which pages it acted (a block rule returning a drop, a
stage returning or changing something; a probe may over-count, never under-count), and only those
pages are extracted again with the rule disabled; the other pages keep their baseline output.
``--all-pages`` extracts every page again instead (to check the shortcut: the figures must be the
same). ``--wcxb-min N`` skips WCXB for rules acting on fewer than N WCXB pages (default 1: all).

Output, per rule: the pages it acts on (tuning / checking, and tuning sites), then for each set
and half the figure with the rule disabled minus the baseline (negative: the rule helps).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from bench.evalsets import (
    HALVES,
    WCXB_TYPES,
    Page,
    aeb_page_scores,
    aeb_pages,
    aeb_score,
    f1,
    score_halves,
    snippet_counts,
    snippet_pages,
    snippet_score,
    wcxb_pages,
    word_f1,
)
from newsscraper import extract_article
from newsscraper.extraction import (
    body,
    body_blocks,
    body_fallback,
    body_forum,
    body_product,
    body_score,
    body_siblings,
    cleaning,
    xpaths,
)

FIRED: set[str] = set()
"""The rules whose probe saw them act on the page being extracted (reset per page)."""

Patch = Callable[[], Iterator[None]]


@dataclass(frozen=True, slots=True)
class Ablation:
    """One rule: ``disable()`` and ``probe()`` are context managers patching the extractor."""

    name: str
    kind: str
    """``block``, ``box``, ``cleaning`` or ``stage``."""
    disable: Callable[[], Any]
    probe: Callable[[], Any]


@contextmanager
def _setattrs(*changes: tuple[object, str, object]) -> Iterator[None]:
    saved = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in changes]
    try:
        for obj, attr, value in changes:
            setattr(obj, attr, value)
        yield
    finally:
        for obj, attr, value in saved:
            setattr(obj, attr, value)


def _block_rules(rules: tuple[tuple[str, int, Any], ...]) -> Iterator[None]:
    """Install ``rules`` as the block rules (the size index ``_decide`` reads is rebuilt)."""
    limits = sorted({limit for _, limit, _ in rules})
    by_size = [tuple((n, r) for n, limit, r in rules if limit > floor) for floor in [0, *limits]]
    return _setattrs(  # type: ignore[return-value]
        (body_blocks, "BLOCK_RULES", rules),
        (body_blocks, "_RULE_LIMITS", limits),
        (body_blocks, "_RULES_BY_SIZE", by_size),
    )


def _firing(name: str, rule: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any) -> Any:
        found = rule(*args)
        if found:
            FIRED.add(name)
        return found

    return wrapped


def _block_ablation(name: str) -> Ablation:
    def disable() -> Any:
        return _block_rules(tuple(r for r in body_blocks.BLOCK_RULES if r[0] != name))

    def probe() -> Any:
        return _block_rules(
            tuple((n, limit, _firing(n, r) if n == name else r) for n, limit, r in body_blocks.BLOCK_RULES)
        )

    return Ablation(name, "block", disable, probe)


def _box_ablation(name: str) -> Ablation:
    def disable() -> Any:
        return _setattrs((body_blocks, "BOX_RULES", tuple(r for r in body_blocks.BOX_RULES if r[0] != name)))

    def probe() -> Any:
        rules = tuple((n, _firing(n, r) if n == name else r) for n, r in body_blocks.BOX_RULES)
        return _setattrs((body_blocks, "BOX_RULES", rules))

    return Ablation(name, "box", disable, probe)


def _cleaning_ablation(name: str) -> Ablation:
    """A cleaning stage removing through ``cleaning._drop`` under the rule name ``name``."""
    drop = cleaning._drop

    def disable() -> Any:
        def skip(
            elements: list[Any], root: Any, trace: Any = None, rule: str = "", evidence: str = ""
        ) -> None:
            if rule != name:
                drop(elements, root, trace, rule, evidence)

        return _setattrs((cleaning, "_drop", skip))

    def probe() -> Any:
        def noted(
            elements: list[Any], root: Any, trace: Any = None, rule: str = "", evidence: str = ""
        ) -> None:
            # one probe serves every cleaning rule: the last one installed is the one called
            if any(el is not root and el.getparent() is not None for el in elements):
                FIRED.add(rule)
            drop(elements, root, trace, rule, evidence)

        return _setattrs((cleaning, "_drop", noted))

    return Ablation(name, "cleaning", disable, probe)


def _returning(
    name: str, module: object, attr: str, off: Callable[..., Any], acted: Callable[[Any], bool]
) -> Ablation:
    """A stage called as ``module.attr(...)``: disabled, ``off`` stands in for it; it acted when
    ``acted(result)``."""
    original = getattr(module, attr)

    def probe() -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if acted(result):
                FIRED.add(name)
            return result

        return _setattrs((module, attr, noted))

    return Ablation(name, "stage", lambda: _setattrs((module, attr, off)), probe)


def _block_list_stage(name: str, module: object, attr: str, arg: int = 0) -> Ablation:
    """A stage changing the block list passed as its ``arg``-th argument in place."""
    original = getattr(module, attr)

    def state(blocks: list[Any]) -> list[tuple[int, str]]:
        return [(id(b), b.text) for b in blocks]

    def probe() -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            before = state(args[arg])
            result = original(*args, **kwargs)
            if state(args[arg]) != before:
                FIRED.add(name)
            return result

        return _setattrs((module, attr, noted))

    return Ablation(name, "stage", lambda: _setattrs((module, attr, lambda *a, **k: None)), probe)


def _widen(name: str, kin: bool) -> Ablation:
    """``widen`` (siblings read beside the container), either the call with ``kin_only`` or the others."""
    original = body_siblings.widen

    def off(*args: Any, **kwargs: Any) -> None:
        if bool(kwargs.get("kin_only")) != kin:
            original(*args, **kwargs)

    def probe() -> Any:
        def noted(*args: Any, **kwargs: Any) -> None:
            walk = args[3]
            before = (len(walk.paragraphs), len(walk.figures))
            original(*args, **kwargs)
            if (len(walk.paragraphs), len(walk.figures)) != before:
                # one probe serves both calls: the last one installed is the one called
                FIRED.add("widen-kin" if kwargs.get("kin_only") else "widen")

        return _setattrs((body, "widen", noted))

    return Ablation(name, "stage", lambda: _setattrs((body, "widen", off)), probe)


def _stylesheet_hidden() -> Ablation:
    original = cleaning.mark_stylesheet_hidden
    mark = f"//*[@{xpaths.CSS_HIDDEN_MARK}]"

    def probe() -> Any:
        def noted(root: Any, *args: Any) -> None:
            original(root, *args)
            if root.xpath(mark):
                FIRED.add("stylesheet-hidden")

        return _setattrs((cleaning, "mark_stylesheet_hidden", noted))

    return Ablation(
        "stylesheet-hidden",
        "cleaning",
        lambda: _setattrs((cleaning, "mark_stylesheet_hidden", lambda *a: None)),
        probe,
    )


_HIDDEN_PARTS = {"hidden": "hidden-attr", "aria-hidden": "hidden-aria", "style": "hidden-style"}


def _hidden_part(attr: str) -> Ablation:
    """One kind of attribute ``cleaning.drop_hidden`` reads (``hidden``, ``aria-hidden``,
    ``style``): disabled, elements are no longer dropped for it."""
    original = cleaning.drop_hidden
    name = _HIDDEN_PARTS[attr]

    # keyword arguments (``panels``, ``disclosed``) are passed on untouched: a stand-in that refused one would
    # raise a TypeError, which the extractor's last-resort guard turns into an empty body
    def off(root: Any, trace: Any = None, attrs: Any = None, *args: Any, **kwargs: Any) -> None:
        found = xpaths.HIDDEN_ATTRS(root) if attrs is None else attrs
        original(root, trace, [a for a in found if a.attrname != attr], *args, **kwargs)

    def probe() -> Any:
        def noted(root: Any, trace: Any = None, attrs: Any = None, *args: Any, **kwargs: Any) -> None:
            found = xpaths.HIDDEN_ATTRS(root) if attrs is None else attrs
            # one probe serves the three parts (the last one installed is the one called); an
            # attribute present may hide nothing: an over-count, never an under-count
            FIRED.update(_HIDDEN_PARTS.get(a.attrname, "") for a in found)
            original(root, trace, attrs, *args, **kwargs)

        return _setattrs((cleaning, "drop_hidden", noted))

    return Ablation(name, "cleaning", lambda: _setattrs((cleaning, "drop_hidden", off)), probe)


def _false_hit() -> Ablation:
    """The second reading of a short body from a container chosen against its class words."""
    original = body_blocks.flagged_share  # ``body`` imports it by name: patched there

    def probe() -> Any:
        def noted(*args: Any) -> float:
            share: float = original(*args)
            if share > body_blocks.FALSE_HIT_SHARE:
                FIRED.add("class-false-hit")
            return share

        return _setattrs((body, "flagged_share", noted))

    return Ablation("class-false-hit", "stage", lambda: _setattrs((body, "FALSE_HIT_SHARE", 2.0)), probe)


def _densest_run() -> Ablation:
    original = body_fallback.densest_run

    def probe() -> Any:
        def noted(*args: Any) -> Any:
            FIRED.add("densest-run")
            return original(*args)

        return _setattrs((body, "densest_run", noted))

    return Ablation("densest-run", "stage", lambda: _setattrs((body, "RUN_GAIN", float("inf"))), probe)


def _product_reviews() -> Ablation:
    original = body_product.drop_reviews

    def probe() -> Any:
        def noted(root: Any, trace: Any = None) -> None:
            before = sum(1 for _ in root.iter())
            original(root, trace)
            if sum(1 for _ in root.iter()) != before:
                FIRED.add("product-reviews")

        return _setattrs((body, "drop_reviews", noted))

    return Ablation(
        "product-reviews", "stage", lambda: _setattrs((body, "drop_reviews", lambda *a: None)), probe
    )


def _collapsed_panel() -> Ablation:
    """``collapsed-panel``: a declared article's panels hidden by their attribute or inline style
    kept after a toggle (``cleaning._collapsed_panel`` called with ``shut``); the stylesheet's
    panels, which ``mark_stylesheet_hidden`` leaves unmarked through the same test, stay as they are."""
    original = cleaning._collapsed_panel

    def off(el: Any, shut: Any = None) -> bool:
        return shut is None and original(el)

    def probe() -> Any:
        def noted(el: Any, shut: Any = None) -> bool:
            kept = original(el, shut)
            if kept and shut is not None:
                FIRED.add("collapsed-panel")
            return kept

        return _setattrs((cleaning, "_collapsed_panel", noted))

    return Ablation(
        "collapsed-panel", "cleaning", lambda: _setattrs((cleaning, "_collapsed_panel", off)), probe
    )


def _forum_signatures() -> Ablation:
    """``forum-signature``: the signatures ``mark_signatures`` marks for the reading to skip."""
    original = body_forum.mark_signatures
    marked = etree.XPath(f"//*[@{xpaths.SKIP_MARK} = 'forum-signature']")

    def probe() -> Any:
        def noted(root: Any) -> None:
            original(root)
            if marked(root):
                FIRED.add("forum-signature")

        return _setattrs((body, "mark_signatures", noted))

    return Ablation(
        "forum-signature", "stage", lambda: _setattrs((body, "mark_signatures", lambda *a: None)), probe
    )


def ablations() -> list[Ablation]:
    """Every rule the script can disable, in the order the extractor meets them."""
    return [
        _stylesheet_hidden(),
        *(_cleaning_ablation(n) for n in ("hidden", "landmark", "inline-popup")),
        _returning("form", cleaning, "_fill_in", lambda *a: False, bool),
        *(_hidden_part(a) for a in ("hidden", "aria-hidden", "style")),
        _collapsed_panel(),
        _product_reviews(),
        _forum_signatures(),
        _returning("permalink", body_score, "_permalinks", lambda *a: [], bool),
        _returning("narrow", body, "narrow", lambda *a: None, lambda r: r is not None),
        # on: the container is a list of articles; its headlines may all have gone anyway
        _returning("teaser-headline", body, "_teaser_list", lambda *a: False, bool),
        *(_block_ablation(n) for n, _, _ in body_blocks.BLOCK_RULES),
        *(_box_ablation(n) for n, _ in body_blocks.BOX_RULES),
        _returning("author-box", body_blocks, "_author_boxes", lambda *a: 0, bool),
        _returning("related-tail", body_blocks, "related_tail", lambda *a: None, lambda r: r is not None),
        _widen("widen", kin=False),
        _widen("widen-kin", kin=True),
        _false_hit(),
        _returning("spread-region", body, "_spread_region", lambda *a: None, lambda r: r is not None),
        _returning("title-intro", body, "intro_blocks", lambda *a: [], bool),
        # on: the container is an entry of a list; its read may be no longer and not taken
        _returning("entry-list", body, "_entry_list", lambda *a: None, lambda r: r is not None),
        _densest_run(),
        _block_list_stage("repeats", body, "drop_repeats"),
        _block_list_stage("product-repeats", body, "drop_product_repeats"),
        _block_list_stage("product-price", body, "drop_extra_prices"),
        _block_list_stage("quoted-repeats", body, "drop_quoted_repeats"),
        _block_list_stage("trim-ends", body, "_trim_ends"),
        _returning("edge-items", body, "_repeated_shape", lambda *a: False, bool),
    ]


# --- extraction in worker processes (pages inherited by fork) -----------------------------------

_PAGES: dict[str, list[Page]] = {}
_BY_NAME: dict[str, Ablation] = {}


def _baseline(task: tuple[str, int]) -> tuple[str, set[str]]:
    """The page's body with every probe installed, and the rules that acted on it."""
    name, i = task
    page = _PAGES[name][i]
    FIRED.clear()
    with _all_probes():
        text = extract_article(page.html, url=page.url).articleBody
    return text, set(FIRED)


@contextmanager
def _all_probes() -> Iterator[None]:
    entered: list[Any] = []
    try:
        for ab in _BY_NAME.values():
            cm = ab.probe()
            cm.__enter__()
            entered.append(cm)
        yield
    finally:
        for cm in reversed(entered):
            cm.__exit__(None, None, None)


def _ablated(task: tuple[str, str, int]) -> str:
    rule, name, i = task
    page = _PAGES[name][i]
    with _BY_NAME[rule].disable():
        return extract_article(page.html, url=page.url).articleBody


def _map(fn: Callable[[Any], Any], tasks: list[Any], jobs: int) -> list[Any]:
    if jobs > 1 and len(tasks) > 8:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(fn, tasks, chunksize=4))
    return list(map(fn, tasks))


# --- scoring ------------------------------------------------------------------------------------


def score(name: str, pages: list[Page], bodies: list[str]) -> dict[str, float]:
    """``{"<group> <half>": figure}``: aeb and snippets F1; WCXB mean body word F1, all and per type."""
    out: dict[str, float] = {}
    if name == "aeb":
        pairs = [(b, str(p.truth["articleBody"])) for p, b in zip(pages, bodies, strict=True)]
        for half, s in score_halves(pages, pairs, aeb_score).items():
            out[f"all {half}"] = s["f1"]
    elif name == "snippets":
        counts = [snippet_counts(b, p.truth) for p, b in zip(pages, bodies, strict=True)]
        for half, s in score_halves(pages, counts, snippet_score).items():
            out[f"all {half}"] = s["f1"]
    else:
        sums: dict[str, list[float]] = defaultdict(list)
        for p, b in zip(pages, bodies, strict=True):
            f = word_f1(b, str(p.truth.get("main_content") or ""))[2]
            for group in ("all", str(p.truth["page_type"])):
                sums[f"{group} {p.half}"].append(f)
        out = {k: sum(v) / len(v) for k, v in sums.items()}
    return out


CASES = Path(__file__).resolve().parents[2] / "shared" / "cases"
"""The synthetic cases (``kinds``: one per kind of failure seen on pages kept aside; ``reports``:
public bug reports), each checked by its directory's ``check.py``."""


def failing_cases(rules: list[str]) -> dict[str, list[str]]:
    """Per rule (``""``: none disabled), the cases of ``CASES`` failing with that rule disabled
    (``kinds/<file>``), judged by each directory's own ``check.run_case``."""
    out: dict[str, list[str]] = {}
    modules = {}
    for group in ("kinds", "reports"):
        spec = importlib.util.spec_from_file_location(f"_check_{group}", CASES / group / "check.py")
        if spec is None or spec.loader is None:
            continue
        modules[group] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modules[group])
    for rule in ["", *rules]:
        failing = []
        with _BY_NAME[rule].disable() if rule else nullcontext():
            if "kinds" in modules:  # cases.json beside it; run_case gives (ok, problems, article)
                kinds = json.loads((CASES / "kinds" / "cases.json").read_text("utf-8"))
                mod = modules["kinds"]
                failing += [f"kinds/{c['file']}" for c in kinds if not mod.run_case(c)[0]]
            if "reports" in modules:  # its own CASES; run_case gives {"verdict": ..., "id": ...}
                mod = modules["reports"]
                failing += [
                    f"reports/{r['id']}" for c in mod.CASES if (r := mod.run_case(c))["verdict"] != "PASS"
                ]
        out[rule] = failing
    return out


def page_score(name: str, page: Page, text: str) -> float:
    """One page's figure: aeb shingle F1, snippets' found ``with`` minus found ``without``
    strings, WCXB body word F1."""
    if name == "aeb":
        return f1(*aeb_page_scores(text, str(page.truth["articleBody"])))
    if name == "snippets":
        tp, _, fp = snippet_counts(text, page.truth)
        return float(tp - fp)
    return word_f1(text, str(page.truth.get("main_content") or ""))[2]


LOADERS: dict[str, Callable[[], Iterator[Page]]] = {
    "aeb": aeb_pages,
    "snippets": snippet_pages,
    "wcxb": wcxb_pages,
}


def main(argv: list[str] | None = None) -> int:
    """Run the ablation and print (or dump as JSON) the deltas."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="aeb,snippets,wcxb", help="comma-separated: aeb, snippets, wcxb")
    parser.add_argument("--rules", default="", help="comma-separated rule names (default: all)")
    parser.add_argument("--wcxb-min", type=int, default=1, help="skip WCXB for rules acting on fewer pages")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--all-pages", action="store_true", help="extract every page again, not only where a rule acts"
    )
    parser.add_argument("--cases", action="store_true", help="only check ../shared/cases per rule disabled")
    parser.add_argument("--pages", action="store_true", help="also list the pages each rule changes")
    parser.add_argument("--list", action="store_true", help="list the rules and exit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    every = ablations()
    if args.list:
        for ab in every:
            print(f"{ab.kind:9} {ab.name}")
        return 0
    wanted = set(filter(None, args.rules.split(",")))
    unknown = wanted - {ab.name for ab in every}
    if unknown:
        parser.error(f"unknown rules: {', '.join(sorted(unknown))}")
    _BY_NAME.update((ab.name, ab) for ab in every if not wanted or ab.name in wanted)
    if args.cases:
        for rule, failing in failing_cases(list(_BY_NAME)).items():
            print(f"{rule or 'baseline':20} {len(failing):2} failing  {' '.join(failing)}")
        return 0
    sets = [s for s in args.sets.split(",") if s]
    for name in sets:
        _PAGES[name] = list(LOADERS[name]())
    result: dict[str, Any] = {"baseline": {}, "rules": {}}
    base_bodies: dict[str, list[str]] = {}
    fired: dict[str, list[set[str]]] = {}
    for name in sets:
        pages = _PAGES[name]
        out = _map(_baseline, [(name, i) for i in range(len(pages))], args.jobs)
        base_bodies[name] = [text for text, _ in out]
        fired[name] = [f for _, f in out]
        result["baseline"][name] = score(name, pages, base_bodies[name])
        print(f"baseline {name}: {_fmt(result['baseline'][name])}", file=sys.stderr)
    for rule in _BY_NAME:
        row: dict[str, Any] = {"acts": {}, "delta": {}, "pages": {}}
        for name in sets:
            pages = _PAGES[name]
            where = [i for i, f in enumerate(fired[name]) if rule in f]
            sites = {pages[i].site for i in where if pages[i].half == "tuning"}
            row["acts"][name] = {half: sum(1 for i in where if pages[i].half == half) for half in HALVES} | {
                "tuning_sites": len(sites)
            }
            if name == "wcxb" and len(where) < args.wcxb_min:
                continue
            todo = range(len(pages)) if args.all_pages else where
            bodies = list(base_bodies[name])
            for i, text in zip(todo, _map(_ablated, [(rule, name, i) for i in todo], args.jobs), strict=True):
                bodies[i] = text
            after = score(name, pages, bodies)
            if args.pages:
                row["pages"][name] = [
                    [pages[i].half, pages[i].id, str(pages[i].truth.get("page_type", "")), before, now]
                    for i in where
                    if (before := page_score(name, pages[i], base_bodies[name][i]))
                    != (now := page_score(name, pages[i], bodies[i]))
                ]
            row["delta"][name] = {k: after[k] - v for k, v in result["baseline"][name].items()}
        result["rules"][rule] = row
        print(f"{rule}: {json.dumps(row['acts'])} {_fmt_delta(row['delta'])}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for line in _table(result, sets):
            print(line)
    return 0


def _fmt(figures: dict[str, float]) -> str:
    return " ".join(f"{k}={v:.4f}" for k, v in sorted(figures.items()))


def _fmt_delta(delta: dict[str, dict[str, float]]) -> str:
    return " ".join(
        f"{name}:{k.replace(' ', '/')}={v:+.4f}"
        for name, d in delta.items()
        for k, v in sorted(d.items())
        if abs(v) >= 5e-5
    )


def _table(result: dict[str, Any], sets: list[str]) -> Iterator[str]:
    groups = ["all", *WCXB_TYPES]
    cols = [(s, "all") for s in sets if s != "wcxb"] + (
        [("wcxb", g) for g in groups] if "wcxb" in sets else []
    )
    head = "rule                 acts t/c (sites)  " + " ".join(
        f"{(s if g == 'all' else g)[:8]:>15}" for s, g in cols
    )
    yield head
    base = result["baseline"]
    cells = [f"{base[s].get(f'{g} tuning', 0):.4f}/{base[s].get(f'{g} checking', 0):.4f}" for s, g in cols]
    yield f"{'baseline':38} " + " ".join(c.rjust(15) for c in cells)
    for rule, row in result["rules"].items():
        acts = " ".join(f"{a['tuning']}/{a['checking']}({a['tuning_sites']})" for a in row["acts"].values())
        cells = []
        for s, g in cols:
            d = row["delta"].get(s)
            if d is None:
                cells.append("-".rjust(15))
            else:
                cells.append(f"{d.get(f'{g} tuning', 0):+.4f}/{d.get(f'{g} checking', 0):+.4f}".rjust(15))
        yield f"{rule:20} {acts:17} " + " ".join(cells)


if __name__ == "__main__":
    sys.exit(main())
