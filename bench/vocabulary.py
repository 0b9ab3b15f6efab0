"""How often each word-list entry of ``extraction/xpaths.py`` fires on the tuning half.

The project's rule (issue 9): a vocabulary entry stays only if it fires on at least 3 tuning pages
of at least 3 sites (and does not hurt the checking half). This script measures the first part.
Each vocabulary is split into its top-level alternatives; each alternative is compiled with the
pattern's own anchors and tested where the extractor tests it:

- text patterns on the blocks the reading judges (``body_blocks.Candidate.text``), under the same
  length gates as the rules (``SHORT_BLOCK``, ``2 * SHORT_BLOCK``, ``RELATED_LABEL``);
- class words on every element's lower-cased class and id, state modifiers dropped.

A firing is a match, not a drop (another rule may drop the block first): it counts how much of the
tuning pages an entry speaks about. Usage::

    python -m bench.vocabulary [--sets aeb,snippets,wcxb] [--half tuning] [--limit N] [--rare] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from lxml import etree
from lxml.html import HtmlElement

from bench.evalsets import Page, aeb_pages, snippet_pages, wcxb_pages
from newsscraper import extract_article
from newsscraper.extraction import body_blocks, xpaths
from newsscraper.extraction.html import parse_html
from newsscraper.extraction.trace import Trace

MIN_PAGES = 3
MIN_SITES = 3
"""The project's floor for a vocabulary entry (issue 9)."""


def alternatives(pattern: str) -> tuple[str, list[str], str]:
    """Split ``pattern`` at the group holding the most top-level alternatives:
    ``(before, [alternative, ...], after)``; a pattern without such a group is one alternative.

    >>> alternatives(r"^\\W*(?:a|b(?:c|d))\\W*$")
    ('^\\\\W*(?:', ['a', 'b(?:c|d)'], ')\\\\W*$')
    """
    best: tuple[int, int, list[str]] | None = None
    stack: list[tuple[int, list[int]]] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: skip to its end
            j = i + 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            start = i + 3 if pattern.startswith("(?:", i) else i + 1
            stack.append((start, []))
        elif c == "|" and stack:
            stack[-1][1].append(i)
        elif c == ")" and stack:
            start, bars = stack.pop()
            if bars and (best is None or len(bars) + 1 >= len(best[2])):
                cuts = [start - 1, *bars, i]
                best = (start, i, [pattern[a + 1 : b] for a, b in itertools.pairwise(cuts)])
        i += 1
    if best is None:
        return "", [pattern], ""
    start, end, parts = best
    return pattern[:start], parts, pattern[end:]


Tester = Callable[[str], bool]


def _text_vocab(
    name: str, rx: re.Pattern[str], limit: int, lower: bool, search: bool
) -> list[tuple[str, str, Tester]]:
    before, parts, after = alternatives(rx.pattern)
    out: list[tuple[str, str, Tester]] = []
    for part in parts:
        entry = re.compile(f"{before}{part}{after}", rx.flags)
        out.append((name, part, _text_tester(entry, limit, lower, search)))
    return out


def _text_tester(entry: re.Pattern[str], limit: int, lower: bool, search: bool) -> Tester:
    find = entry.search if search else entry.match

    def test(text: str) -> bool:
        return len(text) < limit and find(text.lower() if lower else text) is not None

    return test


def _class_vocab(name: str, words: str, left: str, right: str) -> list[tuple[str, str, Tester]]:
    out: list[tuple[str, str, Tester]] = []
    for part in alternatives(f"(?:{words})")[1]:
        entry = re.compile(f"{left}(?:{part}){right}")
        out.append((name, part, _class_tester(entry)))
    return out


def _class_tester(entry: re.Pattern[str]) -> Tester:
    return lambda cls: entry.search(cls) is not None


_B = r"(?:^|[\s_\-\d])"
TEXT_VOCABULARIES = [
    *_text_vocab("AD_LABEL", xpaths.AD_LABEL, body_blocks.SHORT_BLOCK, False, False),
    *_text_vocab("BOILERPLATE_TEXT", xpaths.BOILERPLATE_TEXT, body_blocks.SHORT_BLOCK, False, False),
    *_text_vocab("RELATED_HEADING", xpaths.RELATED_HEADING, body_blocks.RELATED_LABEL, False, False),
    *_text_vocab("CREDIT_SPLIT", xpaths.CREDIT_SPLIT, body_blocks.RELATED_LABEL, False, True),
    *_text_vocab("PROMO_START", xpaths.PROMO_START, 2 * body_blocks.SHORT_BLOCK, True, False),
    *_text_vocab("PROMO_ANYWHERE", xpaths.PROMO_ANYWHERE, 2 * body_blocks.SHORT_BLOCK, True, True),
]
CLASS_VOCABULARIES = [
    *_class_vocab("PREFIX_WORDS", xpaths._PREFIX_WORDS, _B, r"(?=$|[\s_\-\d])"),
    *_class_vocab("TERMINAL_WORDS", xpaths._TERMINAL_WORDS, _B, r"(?=$|\s)"),
    *_class_vocab("INFIX_WORDS", xpaths._INFIX_WORDS, "", ""),
]


def _blocks(page: Page) -> list[str]:
    """The texts of the blocks the reading judged on ``page``."""
    seen: list[str] = []
    original = body_blocks._decide

    def spy(
        blocks: list[body_blocks.Candidate],
        ctx: body_blocks.Context,
        container: HtmlElement,
        trace: Trace | None,
    ) -> None:
        seen.extend(b.text for b in blocks)
        original(blocks, ctx, container, trace)

    body_blocks._decide = spy
    try:
        extract_article(page.html, page.url)
    finally:
        body_blocks._decide = original
    return seen


def _classes_and_headings(page: Page) -> tuple[set[str], list[str]]:
    """The page's class/id strings (as the scoring reads them) and its short headings' texts
    (``body_score`` tests ``RELATED_HEADING`` on every heading of the page, not only in the body)."""
    tree = parse_html(page.html.decode("utf-8", "replace")).tree
    if tree is None:
        return set(), []
    found = set()
    headings = []
    for el in tree.iter(etree.Element):
        for attr in ("class", "id"):
            value = el.get(attr)
            if value:
                found.add(xpaths.drop_state_modifiers(value.lower()))
        if el.tag in xpaths.HEADING_TAGS:
            text = el.text_content()
            if len(text) < HEADING_CHARS:
                headings.append(text)
    return found, headings


HEADING_CHARS = 80
"""Longest heading ``body_score`` tests against ``RELATED_HEADING``."""


def tuning_pages(sets: list[str], limit: int | None, half: str = "tuning") -> Iterator[Page]:
    """The pages of ``sets`` in ``half`` (at most ``limit`` per set)."""
    loaders = {"aeb": aeb_pages, "snippets": snippet_pages, "wcxb": wcxb_pages}
    for name in sets:
        n = 0
        for page in loaders[name]():
            if page.half != half:
                continue
            if limit is not None and n >= limit:
                break
            n += 1
            yield page


def measure(pages: Iterator[Page]) -> dict[tuple[str, str], dict[str, set[str]]]:
    """``{(vocabulary, entry): {"pages": ids, "sites": sites}}`` over ``pages``."""
    hits: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: {"pages": set(), "sites": set()})
    for vocab, entry, _ in TEXT_VOCABULARIES + CLASS_VOCABULARIES:
        hits[vocab, entry]  # every entry listed, also those that never fire
    for page in pages:
        blocks = _blocks(page)
        classes, headings = _classes_and_headings(page)
        for vocab, entry, test in TEXT_VOCABULARIES:
            texts = [*blocks, *headings] if vocab == "RELATED_HEADING" else blocks
            if any(test(text) for text in texts):
                hits[vocab, entry]["pages"].add(page.id)
                hits[vocab, entry]["sites"].add(page.site)
        for vocab, entry, test in CLASS_VOCABULARIES:
            if any(test(cls) for cls in classes):
                hits[vocab, entry]["pages"].add(page.id)
                hits[vocab, entry]["sites"].add(page.site)
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="aeb,snippets,wcxb")
    parser.add_argument("--limit", type=int, help="pages per set (a quick look)")
    parser.add_argument(
        "--half", default="tuning", help="'checking': where a deletion would be felt on the checking half"
    )
    parser.add_argument("--rare", action="store_true", help="list only entries below the floor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    hits = measure(tuning_pages(args.sets.split(","), args.limit, args.half))
    rows = [(vocab, entry, len(h["pages"]), len(h["sites"])) for (vocab, entry), h in hits.items()]
    rare = [r for r in rows if r[2] < MIN_PAGES or r[3] < MIN_SITES]
    if args.json:
        keys = ("vocabulary", "entry", "pages", "sites")
        print(json.dumps([dict(zip(keys, r, strict=True)) for r in rows]))
        return 0
    for vocab, entry, pages, sites in rare if args.rare else rows:
        mark = "  " if pages >= MIN_PAGES and sites >= MIN_SITES else "- "
        print(f"{mark}{vocab:<17} {pages:>4} pages {sites:>4} sites  {entry}")
    print(f"{len(rows)} entries, {len(rare)} below {MIN_PAGES} pages of {MIN_SITES} sites")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
