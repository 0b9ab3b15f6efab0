"""Decode page bytes to text the way a careful browser would (STUB, to be replaced)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsscraper.items import Repair

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(kw_only=True, slots=True)
class Decoded:
    """Result of decoding a page."""

    text: str
    encoding: str
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode_body(body: bytes, headers: Mapping[str, str] | None = None) -> Decoded:
    """Decode ``body``; never raises."""
    candidates: list[str] = []
    ctype = next((v for k, v in (headers or {}).items() if k.lower() == "content-type"), "")
    m = re.search(r"charset=([\w.:-]+)", ctype, re.I)
    if m:
        candidates.append(m.group(1))
    m2 = _META_CHARSET.search(body[:4096])
    if m2:
        candidates.append(m2.group(1).decode("ascii", "replace"))
    candidates += ["utf-8", "cp1252"]
    for name in candidates:
        try:
            enc = codecs.lookup(name).name
            return Decoded(text=body.decode(enc), encoding=enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return Decoded(text=body.decode("cp1252", "replace"), encoding="cp1252")
