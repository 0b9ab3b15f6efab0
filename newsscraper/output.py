"""Serialising records to JSON Lines: UTF-8, not ASCII-escaped, one object per line."""

from __future__ import annotations

import json
from typing import Any


def dumps_record(record: dict[str, Any]) -> str:
    """Return ``record`` as one JSON line (no newline inside, none at the end).

    >>> dumps_record({"headline": "朝鮮通信社", "n": 1})
    '{"headline": "朝鮮通信社", "n": 1}'
    """
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
