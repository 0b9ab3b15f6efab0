"""The explain trace: which rule decided about each block of a page, with its evidence.

``extract_article(..., explain=True)`` passes one :class:`Trace` down the extraction stages; each
stage that drops or keeps something appends a :class:`~newsscraper.items.Decision`. When not
explaining, the stages get ``None`` and record nothing, so the default path pays one ``is None``
test per decision and no string formatting.
"""

from __future__ import annotations

from newsscraper.items import Decision

EXCERPT = 80
"""Characters of a block's text kept in a decision (whitespace runs collapsed)."""


class Trace:
    """An append-only list of decisions, in the order the stages made them."""

    __slots__ = ("decisions",)

    def __init__(self) -> None:
        self.decisions: list[Decision] = []

    def add(self, stage: str, rule: str, action: str, text: str, evidence: str = "") -> None:
        """Record that ``rule`` of ``stage`` made ``action`` (``drop``, ``keep``, ``figure``,
        ``mark``, ``choose``, ``measure``: ``Decision.action``) on the block whose text is
        ``text`` (kept to ``EXCERPT`` characters), for the reason given by ``evidence``
        (``"link density 0.80, chars 40"``)."""
        excerpt = " ".join(text.split())
        if len(excerpt) > EXCERPT:
            excerpt = excerpt[: EXCERPT - 1] + "…"
        decision = Decision(stage=stage, rule=rule, action=action, text=excerpt, evidence=evidence)
        self.decisions.append(decision)

    def lines(self) -> list[str]:
        """The decisions as readable lines (``Decision.line``)."""
        return [d.line() for d in self.decisions]
