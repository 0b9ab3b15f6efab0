"""Rules for a thread's pages (``body._extract`` runs them on pages not declaring an article).

A forum post is its text; the signature a member sets once and the forum prints under each of
their posts (a quip, links to their projects, their rig's parts) is page furniture, as an
article's author box is. WCXB's truth leaves signatures out.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsscraper.extraction import xpaths

SIGNATURE_WORD = re.compile(r"signature")
"""A class word naming a member's signature, matched anywhere in the lower-cased value:
forum software glues it to its own prefix (``postsignature``, ``ipssignature``,
``message-signature``, ``forum-signature__outer-wrapper``, ``signature sig7732794``).

Source: WCXB tuning half, forum pages: such elements hold 15+ words on 13 pages of 11 sites; we
read them on 5 sites (phpBB, FluxBB, MyBB, GameFAQs), the truth holds one of them on one page
(and none of the ones we read). No tuning page of another type classes an element so. Ids are
not read: a manual's section on a function's signature is ``id="signature"``."""

_CANDIDATES = etree.XPath(".//*[@class[contains(translate(., 'SIGNATURE', 'signature'), 'signature')]]")
"""Elements whose class holds ``signature`` in any case: the search runs in libxml2, so the
page's other elements are never visited in Python."""


def mark_signatures(root: HtmlElement) -> None:
    """Mark (``xpaths.SKIP_MARK``, value ``forum-signature``) each outermost subtree of ``root``
    whose class names a member's signature (``SIGNATURE_WORD``; state modifiers such as
    ``has-signature`` ignored).

    Left alone: an element whose words also name the content (``xpaths.names_content``) and one
    holding an ``<h1>`` (a wrapper classed for a feature holds the page, not a signature).

    The subtrees stay in the tree and are scored: the reading skips them (recorded in a trace
    as ``forum-signature``). Removed before scoring, they took the weight of a thread of short
    posts (a games forum's one-line replies under two-line signatures) below a consent notice's."""
    found: list[HtmlElement] = []
    for el in _CANDIDATES(root):
        lowered = xpaths.drop_state_modifiers((el.get("class") or "").lower())
        if not SIGNATURE_WORD.search(lowered) or xpaths.names_content(lowered):
            continue
        if next(el.iter("h1"), None) is not None or any(a in found for a in el.iterancestors()):
            continue
        found.append(el)
    for el in found:
        el.set(xpaths.SKIP_MARK, "forum-signature")
