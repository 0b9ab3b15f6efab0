"""JSON-LD: lenient parsing of ``<script type="application/ld+json">`` and choice of the article node.

Real pages ship broken JSON-LD: trailing commas, raw control characters, HTML-escaped quotes,
CDATA wrappers, several objects in one script. Parsing never raises; what cannot be read is skipped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

MAX_SCRIPT_CHARS = 500_000
"""Larger scripts are app state dumps, not page metadata (largest real news JSON-LD seen: ~60 kB)."""
MAX_NODES = 2_000
"""Bound on nodes walked per page, so a hostile page cannot make us walk millions."""

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SPACED_ENTITY = re.compile(r"&\s*#\s*(x?[0-9a-fA-F]+)\s*;")
_WRAPPER = re.compile(r"^\s*(?:<!\[CDATA\[|<!--|//\s*<!\[CDATA\[)|(?:\]\]>|-->|//\s*\]\]>)\s*$")

# Keys whose values describe *other* works (lists of articles, citations, comments): nodes
# under them are never this page's article. A BreadcrumbList reads its items itself.
_OTHER_WORKS = frozenset(
    {"@context", "itemListElement", "relatedLink", "significantLink", "citation", "comment",
     "hasPart", "isPartOf", "mentions", "subjectOf", "review", "workExample", "exampleOfWork"}
)  # fmt: skip

Node = dict[str, Any]


def _decode(text: str) -> list[Any]:
    """All JSON values in ``text``, repairing what browsers-tolerant publishers break."""
    text = text.strip()
    if text[:1] in ("<", "/") or text.endswith(">"):  # cheap test before a regex over the script
        text = _WRAPPER.sub("", text).strip()
    text = text.rstrip(";")
    decoder = json.JSONDecoder(strict=False)  # strict=False: raw newlines/tabs inside strings
    for attempt in range(3):
        values: list[Any] = []
        pos = 0
        try:
            while pos < len(text):
                while pos < len(text) and text[pos] in " \t\r\n;,":
                    pos += 1
                if pos >= len(text):
                    break
                value, pos = decoder.raw_decode(text, pos)
                values.append(value)
            return values
        except (ValueError, RecursionError):
            if values:
                return values
        if attempt == 0:
            text = _TRAILING_COMMA.sub(r"\1", text)
        elif attempt == 1 and "&" in text:
            text = _TRAILING_COMMA.sub(r"\1", html.unescape(_SPACED_ENTITY.sub(r"&#\1;", text)))
        else:
            break
    return []


def local_type(node: Node) -> set[str]:
    """The node's ``@type`` values, lower-cased, without vocabulary prefix."""
    raw = node.get("@type")
    types = raw if isinstance(raw, list) else [raw]
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for t in types if isinstance(t, str)}


def _walk(value: Any, out: list[Node], depth: int = 0) -> None:
    """Collect every object with an ``@type`` (top level, ``@graph``, nested) in document order."""
    if depth > 12 or len(out) >= MAX_NODES:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, out, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            out.append(value)
        for key, item in value.items():
            if isinstance(item, dict | list) and key not in _OTHER_WORKS:
                _walk(item, out, depth + 1)


def read_jsonld(scripts: list[str], parsed: dict[str, Any] | None = None) -> list[Node]:
    """Every typed JSON-LD node in ``scripts`` (their texts), in order, outer nodes first.

    ``parsed``, when given, receives ``text -> value`` for each script that is strict JSON (what
    ``json.loads`` returns for it), so that other readers of the page need not parse it again.
    Strict JSON is read by ``json.loads`` first (one C pass); the lenient repairs of ``_decode``
    run only on the scripts it refuses, and give the same value on those it accepts."""
    nodes: list[Node] = []
    for text in scripts:
        if not text or len(text) > MAX_SCRIPT_CHARS:
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            values = _decode(text)
        else:
            values = [value]
            if parsed is not None:
                parsed[text] = value
        for value in values:
            _walk(value, nodes)
    return nodes


def iter_values(value: Any) -> Iterator[Any]:
    """``value`` itself, or its items when it is a list (schema.org allows both everywhere)."""
    if isinstance(value, list):
        yield from value
    elif value is not None:
        yield value


def text_of(value: Any, depth: int = 0) -> str | None:
    """A plain string from a JSON-LD value (string, number, ``{"@value": ...}``, ``{"name": ...}``)."""
    if depth > 4:
        return None  # "name" objects nested deeper are junk, and recursion must stay bounded
    for item in iter_values(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            text = html.unescape(str(item)).strip() if "&" in str(item) else str(item).strip()
            if text:
                return text
        elif isinstance(item, dict):
            inner = text_of(item.get("@value") or item.get("name"), depth + 1)
            if inner:
                return inner
        elif isinstance(item, list):
            inner = text_of(item, depth + 1)
            if inner:
                return inner
    return None


def index_by_id(nodes: list[Node]) -> dict[str, Node]:
    """``@id`` -> node, to resolve references such as ``"author": {"@id": "#person-1"}``."""
    return {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}


def resolve(value: Any, ids: dict[str, Node]) -> Any:
    """Replace a bare ``{"@id": ...}`` reference by the node it names."""
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and value["@id"] in ids:
        return ids[value["@id"]]
    return value
