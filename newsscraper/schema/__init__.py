"""The JSON Schema of the JSON Lines record, and a validator for it.

Every crawled record is validated (``pipelines/validate.py``). ``jsonschema`` walks the schema for
each record (~1 ms a record on the aeb pages); ``fastjsonschema`` compiles it once into Python code
(~0.07 ms) and decides first. Only a record it refuses goes to ``jsonschema``, whose verdict and
messages are the ones returned: the checks stay jsonschema's (draft 2020-12, formats not asserted)
as long as the compiled check accepts nothing jsonschema refuses
(``tests/test_schema.py`` mutates records field by field to hold them to that).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
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


@cache
def _compiled() -> Callable[[Any], Any]:
    # use_default=False: fastjsonschema would otherwise write the schema's defaults into the record;
    # use_formats=False: jsonschema asserts no "format" unless given a format checker
    check: Callable[[Any], Any] = fastjsonschema.compile(
        article_schema(), use_default=False, use_formats=False
    )
    return check


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Return a readable message per schema violation of ``record`` (empty when valid)."""
    try:
        _compiled()(record)
    except fastjsonschema.JsonSchemaException:
        pass  # refused: jsonschema decides, and names every violation
    else:
        return []
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<record>'}: {e.message}"
        for e in _validator().iter_errors(record)
    ]


def validate_record(record: dict[str, Any]) -> None:
    """Raise :class:`RecordValidationError` when ``record`` does not match the schema."""
    errors = validation_errors(record)
    if errors:
        raise RecordValidationError("; ".join(errors[:5]))
