"""The JSON Schema of the JSON Lines record, and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from newsscraper.exceptions import RecordValidationError


@cache
def article_schema() -> dict[str, Any]:
    """Return the shipped JSON Schema of an article record (draft 2020-12)."""
    text = resources.files(__package__).joinpath("article.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(article_schema())


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Return a readable message per schema violation of ``record`` (empty when valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<record>'}: {e.message}"
        for e in _validator().iter_errors(record)
    ]


def validate_record(record: dict[str, Any]) -> None:
    """Raise :class:`RecordValidationError` when ``record`` does not match the schema."""
    errors = validation_errors(record)
    if errors:
        raise RecordValidationError("; ".join(errors[:5]))
