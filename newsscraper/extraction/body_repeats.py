"""Quotes that repeat the body: a reply quoting a post the body already holds.

A forum reply quotes the post it answers (``<blockquote>`` around the quoted paragraphs), and a
long thread quotes the same post several times: read whole, the thread holds each quoted
paragraph twice or more. The reader already has the text, so the quoted copy goes and the text
stays once, where it was written. ``body`` runs this on pages that do not declare an article: an
article quoting its own text (a pull quote, a passage discussed again) keeps both, as the truth of
WCXB's and aeb's articles does (aeb checking 0.9753 -> 0.9750 when run on articles too).
"""

from __future__ import annotations

from newsscraper.extraction.body_render import Block, unmark
from newsscraper.extraction.trace import Trace

REPEAT_CHARS = 40
"""Fewest characters of a block compared with the body's other blocks: shorter lines ("Thanks!",
"+1", a name) repeat by chance. Swept 20/40/80 on the tuning half: forum 0.7984 / 0.7993 /
0.7979, other types within 0.0001."""


def _key(block: Block) -> str:
    """The block's words, lower-cased and single-spaced, without marks."""
    return " ".join(unmark(block.text, cell=" ", br=" ", line=" ").split()).lower()


def _quoted(block: Block) -> bool:
    """Whether ``block`` stands inside a ``<blockquote>`` (in the container or above it)."""
    if any(tag == "blockquote" for tag, _ in block.wrappers):
        return True
    el = block.element
    return el is not None and next(el.iterancestors("blockquote"), None) is not None


def drop_repeats(blocks: list[Block], trace: Trace | None = None) -> None:
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
