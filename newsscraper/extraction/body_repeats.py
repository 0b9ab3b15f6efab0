"""Repeated text: a second copy of the article's text is read once.

Two rules, both recorded in the explain trace:

- ``drop_repeats`` (rule ``repeat``, every page): a copied *run*. Pages hold their text more than
  once: page builders render one variant per screen width and let ``@media`` rules show one
  (Framer's ``ssr-variant``), a gated copy sits beside the open one, a reply quotes several
  paragraphs of the post above it. A *copied run* is two or more paragraphs, next to each other,
  whose texts (whitespace collapsed) came before, next to each other and in the same order. It is
  dropped when it is a copy of a section (it holds a subheading and a paragraph of prose outside a
  list) or a quotation (all of it inside ``<blockquote>``). Other repeats stay: the cards of a
  price table list the same features and the page shows each card, a refrain or a pull quote is
  one sentence said twice.
- ``drop_quoted_repeats`` (rule ``quoted-repeat``, pages not declaring an article): one block whose
  text another block holds too, one of the two inside ``<blockquote>``: a forum reply quoting one
  paragraph of the post it answers, a long thread quoting the same post several times. The quoted
  copy goes. ``body`` does not run it on declared articles: an article quoting its own text (a pull
  quote, a passage discussed again) keeps both, as the truth of WCXB's and aeb's articles does
  (aeb checking 0.9753 -> 0.9750 when run on articles too).
"""

from __future__ import annotations

from newsscraper.extraction.body_render import HEADINGS, Block
from newsscraper.extraction.trace import Trace

REPEAT_CHARS = 40
"""Shortest paragraph (characters, whitespace collapsed) compared: shorter lines (labels,
"Read more", cell values) repeat on their own in real text. On WCXB's tuning half, a model of a
looser rule (any two neighbouring repeats) on the body text scored all page types 0.8558 at 40,
0.8548 at 80, 0.8542 at 150 (0.8518 without); for ``drop_quoted_repeats``, forums 0.7984 / 0.7993
/ 0.7979 at 20 / 40 / 80, other types within 0.0001."""

RUN_PROSE = 100
"""A copied section holds a paragraph of this many characters or more outside a list: the cards of
a price table or a product grid repeat headings and short feature lines, shown each time.
Without the section test (any copied run that is not all list items) WCXB's checking half lost
0.0015 on services (0.7731 -> 0.7716) and 0.0004 on documentation, with 8 services changed."""


def drop_repeats(blocks: list[Block], trace: Trace | None = None) -> None:
    """Remove from ``blocks`` (in place) each copied run that is a copied section or a quotation
    (see the module's docstring). Paragraphs are compared from ``REPEAT_CHARS`` characters; two
    are next to each other when no other such paragraph stands between them. Figures and shorter
    lines are never compared and never dropped; with a ``trace``, each drop is recorded."""
    keys: list[str] = []
    where: list[int] = []
    first: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if block.kind == "figure":
            continue
        key = _key(block)
        if len(key) < REPEAT_CHARS:
            continue
        first.setdefault(key, len(keys))
        keys.append(key)
        where.append(i)
    copied = [False] * len(keys)
    for j in range(len(keys) - 1):
        a, b = first[keys[j]], first[keys[j + 1]]
        if a < j and b == a + 1:
            copied[j] = copied[j + 1] = True
    drop: list[int] = []
    j = 0
    while j < len(keys):
        if not copied[j]:
            j += 1
            continue
        end = j
        while end + 1 < len(keys) and copied[end + 1]:
            end += 1
        run = [where[k] for k in range(j, end + 1)]
        if all(_quoted(blocks[i]) for i in run) or _section(blocks, run):
            drop.extend(run)
        j = end + 1
    if trace is not None:
        for i in drop:
            trace.add("reading", "repeat", "drop", blocks[i].plain, "copied run: section or quotation")
    for i in reversed(drop):
        del blocks[i]


def _section(blocks: list[Block], run: list[int]) -> bool:
    """Whether the run holds a subheading and a paragraph of prose outside a list."""
    return any(blocks[i].kind in HEADINGS for i in run) and any(
        len(blocks[i].plain) >= RUN_PROSE and not _listed(blocks[i]) for i in run
    )


def _listed(block: Block) -> bool:
    """Whether the block is a list item or stands inside one."""
    return block.kind == "li" or any(tag == "li" for tag, _ in block.wrappers)


def _key(block: Block) -> str:
    """The block's words, lower-cased and single-spaced, without marks."""
    return " ".join(block.plain.split()).lower()


def _quoted(block: Block) -> bool:
    """Whether ``block`` stands inside a ``<blockquote>`` (in the container or above it)."""
    if any(tag == "blockquote" for tag, _ in block.wrappers):
        return True
    el = block.element
    return el is not None and next(el.iterancestors("blockquote"), None) is not None


def drop_quoted_repeats(blocks: list[Block], trace: Trace | None = None) -> None:
    """Drop from ``blocks`` each block of ``REPEAT_CHARS`` characters or more whose text another
    block holds too, when one of the two is inside a ``<blockquote>``: the quoted copy goes (the
    later one when both are quoted). Figures and ``<pre>`` blocks are left alone."""
    first: dict[str, int] = {}
    dropped: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind in ("figure", "pre"):
            continue
        key = _key(block)
        if len(key) < REPEAT_CHARS:
            continue
        seen = first.get(key)
        if seen is None:
            first[key] = i
            continue
        if _quoted(block):
            gone = i
        elif _quoted(blocks[seen]):
            gone, first[key] = seen, i
        else:
            continue
        dropped.add(gone)
        if trace is not None:
            trace.add(
                "reading",
                "quoted-repeat",
                "drop",
                blocks[gone].text,
                f"repeats block {i if gone == seen else seen}",
            )
    if dropped:
        blocks[:] = [b for i, b in enumerate(blocks) if i not in dropped]


def drop_product_repeats(blocks: list[Block], trace: Trace | None = None) -> None:
    """Drop from ``blocks`` (in place) each block whose text (``_key``) an earlier block holds,
    however short, alone or not next to other copies (``drop_repeats`` needs a run of two
    paragraphs of ``REPEAT_CHARS``). ``body`` runs it on the page of one declared product
    (JSON-LD or microdata ``Product``, no list type, no article): such a page shows a feature's
    sentence in a carousel slide and again in the tab below it, or once per screen width, and
    repeats short labels (a colour swatch's name, a card's "New", a comparison table's row
    names); WCXB's truth reads each once. On WCXB's tuning products, product F1 0.7067 with a
    40-character floor, 0.7081 at 30, 0.7100 at 10, 0.7113 with none. Not run elsewhere: a
    manual repeats its notes and a price table its feature lines, and their truth keeps both
    (session 12: documentation .915 -> .910 when run on every page). Figures and ``<pre>``
    blocks stay. With a ``trace``, each drop is recorded (``product-repeat``)."""
    seen: set[str] = set()
    kept: list[Block] = []
    for block in blocks:
        key = _key(block)
        if block.kind in ("figure", "pre") or not key:
            kept.append(block)
            continue
        if key in seen:
            if trace is not None:
                trace.add("reading", "product-repeat", "drop", block.plain, "said before on a product's page")
            continue
        seen.add(key)
        kept.append(block)
    blocks[:] = kept
