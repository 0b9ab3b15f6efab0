"""Repair and normalise text segments (STUB, to be replaced)."""

from __future__ import annotations

import re
import unicodedata

from newsscraper.items import Repair

_WS = re.compile(r"\s+")


def clean_text_with_repairs(text: str, field: str = "text") -> tuple[str, list[Repair]]:
    """Return ``text`` repaired and normalised, with the repairs made."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip(), []


def clean_text(text: str) -> str:
    """Return ``text`` repaired and normalised.

    >>> clean_text("  a  b ")
    'a b'
    """
    return clean_text_with_repairs(text)[0]
