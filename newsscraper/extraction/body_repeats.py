"""Repeated text: a second copy of a run of the article's paragraphs is dropped.

Pages hold their text more than once: page builders render one variant per screen width and let
``@media`` rules show one (Framer's ``ssr-variant``), a gated copy sits beside the open one, a
reply quotes several paragraphs of the post above it. The reader sees one copy; the others reach
the body whenever they share the container. A *copied run* is two or more paragraphs, next to each
other, whose texts (whitespace collapsed) came before, next to each other and in the same order.
It is dropped when it is a copy of a section (it holds a subheading and a paragraph of prose
outside a list) or a quotation (all of it inside ``<blockquote>``). Other repeats stay: the cards
of a price table list the same features and the page shows each card, a refrain or a pull quote
is one sentence said twice.
"""

from __future__ import annotations

from newsscraper.extraction.body_render import HEADINGS, Block
from newsscraper.extraction.trace import Trace

REPEAT_CHARS = 40
"""Shortest paragraph (characters, whitespace collapsed) compared: shorter lines (labels,
"Read more", cell values) repeat on their own in real text. On WCXB's tuning half, a model of a
looser rule (any two neighbouring repeats) on the body text scored all page types 0.8558 at 40,
0.8548 at 80, 0.8542 at 150 (0.8518 without)."""

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
        key = " ".join(block.plain.split())
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


def _quoted(block: Block) -> bool:
    """Whether the block stands inside a quotation (a reply quoting the post above)."""
    return any(tag == "blockquote" for tag, _ in block.wrappers)


def _listed(block: Block) -> bool:
    """Whether the block is a list item or stands inside one."""
    return block.kind == "li" or any(tag == "li" for tag, _ in block.wrappers)
