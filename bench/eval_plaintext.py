"""Plain-text scrapes: body F1 of our text reader and of jusText on text renderings of the aeb pages.

A naive scraper saves a page's text, not its HTML. Each aeb page (``../shared/eval/aeb``) is turned
into two such renderings, and every system reads the same lines in the same run:

- ``blocks``: block elements on their own lines, ``<p>`` set off by a blank line, inline elements
  run together, cells of a row separated by a tab (what a browser's ``innerText`` gives);
- ``nodes``: every non-blank text node on its own line, no blank lines (BeautifulSoup's
  ``get_text("\\n", strip=True)``): a paragraph with links in it falls apart into several lines.

Both renderings leave out ``<head>``, scripts, styles, ``<noscript>``, ``<template>`` and comments
(what no browser shows). Systems: ``newsscraper`` (``extract_article`` with ``Content-Type:
text/plain``, its ``articleBody``), ``justext`` (jusText 3 with its defaults, each line given as one
``<p>``, the stoplist of the language py3langid finds in the text, English when it has none; its
non-boilerplate paragraphs), and ``raw`` (the rendering itself, uncleaned). Scored with the aeb
shingle scorer (``bench.evalsets.aeb_score``) on all pages and on each half.

    python -m bench.eval_plaintext [--set aeb|wcxb] [--rendering blocks|nodes] [--system NAME]
        [--json] [--worst N] [--half tuning|checking] [--dump DIR]

``--set wcxb``: the same on the WCXB article pages (``main_content`` as truth, the aeb scorer), a
second, larger set that none of the reader's rules were tuned on.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import lxml.html

from bench.evalsets import (
    Page,
    aeb_page_scores,
    aeb_pages,
    aeb_score,
    f1,
    print_scores,
    score_halves,
    wcxb_pages,
)

RENDERINGS = ("blocks", "nodes")
_HIDDEN = ("head", "script", "style", "noscript", "template", "svg")
_PARAGRAPH = frozenset({"p"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "pre", "section", "summary",
        "table", "tbody", "thead", "tfoot", "tr", "ul", "caption", "option", "select", "button",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\f\v\r\u00a0]+")


def _tree(page_html: bytes) -> lxml.html.HtmlElement | None:
    """The page's tree without what no browser shows (the tail text after each removed element
    stays in place)."""
    try:
        root = lxml.html.document_fromstring(page_html.decode("utf-8", "replace"))
    except (ValueError, lxml.etree.ParserError):
        return None
    for el in list(root.iter(*_HIDDEN, lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        if isinstance(el, lxml.html.HtmlMixin):  # elements, comments and PIs of an HTML tree
            el.drop_tree()  # lxml's own removal that keeps the tail text
    return root


def render_blocks(page_html: bytes) -> str:
    """The page as ``innerText`` shows it: one block per line, paragraphs set off by blank lines."""
    root = _tree(page_html)
    if root is None:
        return ""
    out: list[str | int] = []  # text, or a required number of line breaks

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        breaks = 2 if tag in _PARAGRAPH else 1 if tag in _BLOCK else 0
        if breaks:
            out.append(breaks)
        if tag == "br":
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in _CELL:
            out.append("\t")
        if breaks:
            out.append(breaks)

    walk(root.body if root.find("body") is not None else root)
    lines: list[str] = []
    pending = 0
    current: list[str] = []
    for item in out:
        if isinstance(item, int):
            pending = max(pending, item)
            continue
        for k, piece in enumerate(item.split("\n")):
            if k:
                pending = max(pending, 1)
            if not piece:
                continue
            if pending and "".join(current).strip():
                lines.append(_SPACES.sub(" ", "".join(current)).strip())
                if pending == 2:
                    lines.append("")
                current = []
            pending = 0 if piece.strip() else pending
            if piece.strip() or current:
                current.append(piece.replace("\n", " "))
    if "".join(current).strip():
        lines.append(_SPACES.sub(" ", "".join(current)).strip())
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_nodes(page_html: bytes) -> str:
    """Every non-blank text node on its own line, stripped, no blank lines."""
    root = _tree(page_html)
    if root is None:
        return ""
    body = root.body if root.find("body") is not None else root
    lines = (_SPACES.sub(" ", t.replace("\n", " ")).strip() for t in body.itertext())
    return "\n".join(line for line in lines if line) + "\n"


def _wcxb_articles() -> list[Page]:
    return [p for p in wcxb_pages() if p.truth.get("page_type") == "article" and p.truth.get("main_content")]


RENDER: dict[str, Callable[[bytes], str]] = {"blocks": render_blocks, "nodes": render_nodes}


def ours(text: str) -> str:
    """Our reader: ``extract_article`` of the text as a ``text/plain`` response."""
    from newsscraper import extract_article

    headers = {"Content-Type": "text/plain; charset=utf-8"}
    return extract_article(text.encode("utf-8"), headers=headers).articleBody


_JUSTEXT_STOPLISTS: dict[str, frozenset[str]] = {}


def _stoplist(text: str) -> frozenset[str]:
    import justext

    from newsscraper.extraction.metadata import detect_language

    names = {
        "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
        "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "pl": "Polish", "cs": "Czech",
        "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal",
        "fi": "Finnish", "tr": "Turkish", "uk": "Ukrainian", "hu": "Hungarian", "ro": "Romanian",
        "el": "Greek", "id": "Indonesian", "ca": "Catalan", "sk": "Slovak", "bg": "Bulgarian",
        "hr": "Croatian", "sr": "Serbian", "sl": "Slovenian", "lt": "Lithuanian", "lv": "Latvian",
        "et": "Estonian", "vi": "Vietnamese",
    }  # fmt: skip
    name = names.get(detect_language(text) or "en", "English")
    if name not in _JUSTEXT_STOPLISTS:
        _JUSTEXT_STOPLISTS[name] = frozenset(justext.get_stoplist(name))
    return _JUSTEXT_STOPLISTS[name]


def justext_lines(text: str) -> str:
    """jusText (defaults) on the same lines, each given as one ``<p>``."""
    import justext

    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), _stoplist(text), encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


SYSTEMS: dict[str, Callable[[str], str]] = {"newsscraper": ours, "justext": justext_lines, "raw": str}


def main(argv: list[str] | None = None) -> int:
    """Build the renderings, run every system on them and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rendering", choices=RENDERINGS, action="append", help="default: both")
    parser.add_argument("--system", choices=list(SYSTEMS), action="append", help="default: all")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worst", type=int, default=0, help="list our N worst pages per rendering")
    parser.add_argument("--dump", type=Path, help="write each rendering and our body to DIR")
    parser.add_argument(
        "--half",
        choices=("tuning", "checking"),
        help="list (--worst) and dump (--dump) only this half's pages (study the tuning half only)",
    )
    parser.add_argument(
        "--set",
        choices=("aeb", "wcxb"),
        default="aeb",
        help="aeb (default), or the WCXB article pages (truth: main_content, same scorer)",
    )
    args = parser.parse_args(argv)
    pages = list(aeb_pages()) if args.set == "aeb" else _wcxb_articles()
    results = {}
    for rendering in args.rendering or RENDERINGS:
        texts = [RENDER[rendering](page.html) for page in pages]
        per_page: list[tuple[float, float, float, str, str]] = []
        for name in args.system or SYSTEMS:
            pairs = []
            for page, text in zip(pages, texts, strict=True):
                pred = SYSTEMS[name](text)
                truth = str(page.truth["articleBody"] if args.set == "aeb" else page.truth["main_content"])
                pairs.append((pred, truth))
                listed = args.half is None or page.half == args.half
                if name == "newsscraper" and args.dump and listed:
                    args.dump.mkdir(parents=True, exist_ok=True)
                    (args.dump / f"{page.id[:12]}.{rendering}.txt").write_text(text, "utf-8")
                    (args.dump / f"{page.id[:12]}.{rendering}.ours").write_text(pred, "utf-8")
                    (args.dump / f"{page.id[:12]}.truth").write_text(truth, "utf-8")
                if name == "newsscraper" and args.worst and listed:
                    p, r = aeb_page_scores(pred, truth)
                    per_page.append((f1(p, r), p, r, page.id[:12], f"{page.half[0]} {page.url or ''}"))
            results[f"{name}/{rendering}"] = score_halves(pages, pairs, aeb_score)
        if not args.json:
            for row in sorted(per_page)[: args.worst]:
                print(f"  {rendering} F1={row[0]:.3f} P={row[1]:.3f} R={row[2]:.3f} {row[3]} {row[4]}")
    print_scores(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
