"""Peer extractors for the bench scripts (trafilatura, readability-lxml), imported lazily.

Bench-only: ``newsscraper`` never imports these libraries. Each peer is a function
``(html bytes, url) -> plain text body``, called exactly as its documentation shows, defaults kept.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import lxml.etree
import lxml.html

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "br")


def trafilatura_body(html: bytes, url: str | None) -> str:
    """``trafilatura.extract(html, url=url)`` with its defaults."""
    import trafilatura

    return str(trafilatura.extract(html, url=url) or "")


def readability_body(html: bytes, url: str | None) -> str:
    """readability-lxml's ``Document(html).summary()``, flattened to text one block a line."""
    from readability import Document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = Document(html, url=url).summary(html_partial=True)
    if not summary.strip():
        return ""
    try:
        tree = lxml.html.fromstring(summary)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for el in tree.iter(*_BLOCKS):
        tail = el.tail or ""
        try:
            el.tail = "\n" + tail
        except ValueError:  # control characters that lxml parsed but will not set
            el.tail = "\n" + "".join(ch for ch in tail if ch >= " " or ch in "\t\n\r")
    return str(tree.text_content())


def trafilatura_with_description(html: bytes, url: str | None) -> str:
    """trafilatura's description (from its metadata) and body, defaults otherwise."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return ""
    return f"{getattr(doc, 'description', None) or ''}\n\n{getattr(doc, 'text', None) or ''}"


PEERS_WITH_DESCRIPTION: dict[str, Callable[[bytes, str | None], str]] = {
    "trafilatura": trafilatura_with_description,
    "readability-lxml": readability_body,  # it extracts no description
}
"""Peers scored on description + body (``eval_snippets --with-description``)."""

PEERS: dict[str, Callable[[bytes, str | None], str]] = {
    "trafilatura": trafilatura_body,
    "readability-lxml": readability_body,
}
