"""WCXB (``../shared/eval/wcxb``): body per page type, article metadata and page kind, on both halves.

    python -m bench.eval_wcxb [--peers] [--json] [--jobs N] [--worst N] [--behind N]
                              [--type T] [--misses FIELD]

Scoring, per page, then averaged (the benchmark's way for the body):

- body: word-level F1 of ``articleBody`` against ``main_content`` (``bench.evalsets.word_f1``, the
  same as WCXB's ``evaluate.py``), mean per page type and over all pages; ``empty`` counts pages whose
  truth has text and whose body has none;
- on ``article`` pages only, each on the pages whose truth has a value: title (same word tokens as
  ``headline``), author (word-token F1 of our author names joined, "by"/"and" ignored), date
  (``datePublished`` on the truth's calendar day);
- kind: whether ``metadata.probability >= 0.5`` agrees with the page being an ``article``.

Every figure is given on all pages and on each site-disjoint half (``tuning``, ``checking``; see
``bench.evalsets.half_of``). ``--peers`` scores trafilatura in the same run: body from
``trafilatura.extract(html, url=url)``, metadata from ``bare_extraction(..., with_metadata=True)``
(its kind: a body of 500+ characters and not a ``website`` page). Peer outputs are cached per
trafilatura version in ``.bench-cache/`` (they do not change between our runs); ``--fresh`` ignores it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.evalsets import HALVES, WCXB_TYPES, Page, token_f1, tokens, wcxb_pages, word_f1

BYLINE_STOPWORDS = frozenset({"by", "and", "with", "par", "von", "por", "et", "und", "y"})
CACHE_DIR = Path(__file__).resolve().parents[1] / ".bench-cache"

Prediction = dict[str, Any]
"""``body``, ``title``, ``author``, ``date`` (strings or ``None``) and ``article`` (bool)."""


def ours(page: Page) -> Prediction:
    """Our record's fields under the truth's names."""
    from newsscraper import extract_article

    article = extract_article(page.html, url=page.url)
    return {
        "body": article.articleBody,
        "title": article.headline,
        "author": ", ".join(a.name for a in article.authors) or None,
        "date": article.datePublished,
        "article": article.metadata.probability >= 0.5,
    }


def trafilatura_prediction(page: Page) -> Prediction:
    """trafilatura's body (``extract``, defaults) and metadata (``bare_extraction``)."""
    import trafilatura
    from trafilatura.settings import Document

    body = trafilatura.extract(page.html, url=page.url) or ""
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    meta = doc if isinstance(doc, Document) else None
    return {
        "body": body,
        "title": meta.title if meta else None,
        "author": meta.author if meta else None,
        "date": meta.date if meta else None,
        "article": len(body) >= 500 and (meta is None or meta.pagetype != "website"),
    }


def _run_one(args: tuple[str, Page]) -> tuple[str, Prediction]:
    name, page = args
    run = ours if name == "newsscraper" else trafilatura_prediction
    return page.id, run(page)


def predict(name: str, pages: list[Page], jobs: int, fresh: bool = False) -> dict[str, Prediction]:
    """Predictions of one system for every page, by page id (peers' from the cache when present)."""
    cache: Path | None = None
    if name != "newsscraper":
        import trafilatura

        cache = CACHE_DIR / f"wcxb-{name}-{trafilatura.__version__}.json"
        if cache.exists() and not fresh:
            cached: dict[str, Prediction] = json.loads(cache.read_text("utf-8"))
            if all(p.id in cached for p in pages):
                return cached
    work = [(name, page) for page in pages]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = dict(pool.map(_run_one, work, chunksize=8))
    else:
        results = dict(map(_run_one, work))
    if cache is not None:
        cache.parent.mkdir(exist_ok=True)
        cache.write_text(json.dumps(results), "utf-8")
    return results


def _same_day(pred: str | None, true: str) -> float:
    return float(bool(pred) and str(pred)[:10] == true[:10])


def score_page(pred: Prediction, truth: dict[str, Any]) -> dict[str, float | None]:
    """Per-measure scores of one page; ``None`` where the measure does not apply."""
    is_article = truth["page_type"] == "article"
    main = truth.get("main_content") or ""
    scores: dict[str, float | None] = {
        "body": word_f1(pred["body"], main)[2],
        "empty": float(bool(tokens(main)) and not tokens(pred["body"])),
        "kind": float(pred["article"] == is_article),
        "title": None,
        "author": None,
        "date": None,
    }
    if is_article:
        if truth.get("title"):
            scores["title"] = float(tokens(pred["title"]) == tokens(truth["title"]))
        if truth.get("author"):
            scores["author"] = token_f1(pred["author"], str(truth["author"]), BYLINE_STOPWORDS)
        if truth.get("publish_date"):
            scores["date"] = _same_day(pred["date"], str(truth["publish_date"]))
    return scores


MEASURES = ("body", "empty", "kind", "title", "author", "date")


def summarise(pages: list[Page], preds: dict[str, Prediction]) -> dict[str, dict[str, dict[str, float]]]:
    """``{half: {group: {measure: mean}}}`` with groups ``all``, each page type; ``n_<measure>``
    gives the pages scored; ``empty`` is a count, not a mean."""
    sums: dict[tuple[str, str, str], float] = defaultdict(float)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for page in pages:
        for measure, value in score_page(preds[page.id], page.truth).items():
            if value is None:
                continue
            for half in ("all", page.half):
                for group in ("all", str(page.truth["page_type"])):
                    sums[half, group, measure] += value
                    counts[half, group, measure] += 1
    out: dict[str, dict[str, dict[str, float]]] = {}
    for (half, group, measure), n in counts.items():
        row = out.setdefault(half, {}).setdefault(group, {})
        row[measure] = sums[half, group, measure] if measure == "empty" else sums[half, group, measure] / n
        row[f"n_{measure}"] = n
    return out


def _table(results: dict[str, dict[str, dict[str, dict[str, float]]]]) -> Iterable[str]:
    groups = ["all", *WCXB_TYPES]
    for half in ("all", *HALVES):
        yield f"\n## {half}: body word F1 per page type (pages)"
        yield f"{'':14}" + "".join(f"{g:>14}" for g in groups) + f"{'empty':>8}"
        for name, res in results.items():
            rows = res.get(half, {})
            cells = "".join(
                f"{rows[g]['body']:>8.3f} ({int(rows[g]['n_body']):>3})" if g in rows else f"{'-':>14}"
                for g in groups
            )
            yield f"{name:14}{cells}{int(rows.get('all', {}).get('empty', 0)):>8}"
        yield f"## {half}: articles' metadata, page kind"
        yield f"{'':14}" + "".join(f"{m:>14}" for m in ("title", "author", "date", "kind (all)"))
        for name, res in results.items():
            art = res.get(half, {}).get("article", {})
            cells = "".join(
                f"{art[m]:>8.3f} ({int(art['n_' + m]):>3})" if m in art else f"{'-':>14}"
                for m in ("title", "author", "date")
            )
            kind = res.get(half, {}).get("all", {})
            yield f"{name:14}{cells}{kind.get('kind', 0):>8.3f} ({int(kind.get('n_kind', 0)):>3})"


def _behind(pages: list[Page], ours: dict[str, Any], peer: dict[str, Any], count: int) -> list[str]:
    """The `count` tuning pages where the peer's body word F1 exceeds ours most, one line each.

    Tuning pages only: the checking half is for judging changes, not for finding them.
    """

    def f1(preds: dict[str, Any], page: Page) -> float:
        return word_f1(preds[page.id]["body"], str(page.truth.get("main_content") or ""))[2]

    tuning = [p for p in pages if p.half == "tuning"]
    rows = sorted(((f1(peer, p) - f1(ours, p), p) for p in tuning), key=lambda r: -r[0])
    lines = [f"\n## {count} tuning pages where trafilatura leads most"]
    for lead, page in rows[:count]:
        if lead <= 0:
            break
        lines.append(f"  lead={lead:.3f} ours={f1(ours, page):.3f} {page.id} {page.half[0]} "
                     f"{page.truth['page_type']:13} {page.url}")  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="also score trafilatura")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--fresh", action="store_true", help="recompute the peers' cached outputs")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages by body F1")
    parser.add_argument(
        "--behind", type=int, default=0, help="with --peers: N tuning pages where trafilatura leads most"
    )
    parser.add_argument("--type", choices=WCXB_TYPES, help="only pages of this type")
    parser.add_argument(
        "--misses", choices=("title", "author", "date", "kind"), help="list article pages we get wrong"
    )
    args = parser.parse_args(argv)
    pages = [p for p in wcxb_pages() if not args.type or p.truth["page_type"] == args.type]
    names = ["newsscraper", *(["trafilatura"] if args.peers else [])]
    preds = {name: predict(name, pages, args.jobs, args.fresh) for name in names}
    results = {name: summarise(pages, preds[name]) for name in names}
    if args.json:
        print(json.dumps(results))
    else:
        print("\n".join(_table(results)))
    ours_preds = preds["newsscraper"]
    if args.worst:
        rows = sorted(
            (word_f1(ours_preds[p.id]["body"], str(p.truth.get("main_content") or ""))[2], p.id, p)
            for p in pages
        )
        print(f"\n## worst {args.worst} bodies")
        for f1_value, pid, page in rows[: args.worst]:
            p_, r_, _ = word_f1(ours_preds[pid]["body"], str(page.truth.get("main_content") or ""))
            print(f"  F1={f1_value:.3f} P={p_:.3f} R={r_:.3f} {pid} {page.half[0]} "
                  f"{page.truth['page_type']:13} {page.url}")  # fmt: skip
    if args.behind and args.peers:
        print("\n".join(_behind(pages, ours_preds, preds["trafilatura"], args.behind)))
    if args.misses:
        print(f"\n## {args.misses} misses")
        key = {"author": "author", "title": "title", "date": "publish_date"}.get(args.misses)
        for page in pages:
            score = score_page(ours_preds[page.id], page.truth)[args.misses]
            if score is not None and score < 0.5:
                truth = page.truth.get(key) if key else page.truth["page_type"]
                pred = ours_preds[page.id]["article" if args.misses == "kind" else args.misses]
                print(f"  {page.id} {page.half[0]} {pred!r:.80} vs {truth!r:.80}  {page.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
