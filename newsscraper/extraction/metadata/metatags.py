"""``<meta>`` tags (OpenGraph, Twitter cards, Dublin Core, Parse.ly, plain ``name=``) as one lookup."""

from __future__ import annotations

import html
from collections.abc import Iterable

from lxml.html import HtmlElement


class MetaTags:
    """Meta values by lower-cased key (``property``, ``name``, ``itemprop`` or ``http-equiv``).

    A ``property`` may list several space-separated keys (RDFa); each gets the value. Values keep
    page order; the first non-empty one is what :meth:`get` returns.
    """

    __slots__ = ("values",)

    def __init__(self, metas: Iterable[HtmlElement]) -> None:
        self.values: dict[str, list[str]] = {}
        for meta in metas:
            content = (meta.get("content") or "").strip()
            if not content:
                continue
            if "&" in content:
                content = html.unescape(content)
            for attr in ("property", "name", "http-equiv"):
                keys = meta.get(attr)
                if keys:
                    for key in keys.lower().split():
                        self.values.setdefault(key, []).append(content)

    def get(self, *keys: str) -> str | None:
        """The first value of the first key present."""
        for key in keys:
            found = self.values.get(key)
            if found:
                return found[0]
        return None

    def all(self, *keys: str) -> list[str]:
        """Every value of every key, in key order."""
        return [v for key in keys for v in self.values.get(key, ())]
