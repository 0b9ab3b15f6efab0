"""The record validator: the compiled schema (fastjsonschema) decides first, jsonschema's verdict stands."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from jsonschema import Draft202012Validator

from newsscraper.demo.site import ORIGIN, article_path, build_site, load_stories
from newsscraper.extraction.api import extract_article
from newsscraper.schema import article_schema, validation_errors

_STRICT = Draft202012Validator(article_schema())
# values of every JSON type, empty and not, and of the shapes the schema's fields take
_VALUES: list[Any] = [
    None, 0, 1, -1, 1.5, 10**12, True, "", "x", "2020-01-01", "2020-01-01T10:00:00+01:00", "yesterday",
    "http://x.test/a", "file:///etc/passwd", "en", "english!", [], [1], ["a"], {}, {"a": 1},
    [{"name": "", "url": None, "type": None}], [{"name": "A", "url": None, "type": "Group"}],
    [{"name": "A", "url": None, "type": "Person"}], {"url": "http://x.test/i.jpg", "caption": None},
]  # fmt: skip


def _records() -> list[dict[str, Any]]:
    pages = build_site(load_stories())
    out = []
    for story in load_stories()[:3]:
        path = article_path(story)
        article = extract_article(pages[path].body, ORIGIN + path, {"Content-Type": "text/html"})
        out.append(article.to_dict())
    return out


def _mutations(record: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for key in [*record, "notAField"]:
        for value in rng.sample(_VALUES, 8):
            changed = copy.deepcopy(record)
            changed[key] = value
            out.append(changed)
    for key in [*record["metadata"], "notAField"]:
        for value in rng.sample(_VALUES, 6):
            changed = copy.deepcopy(record)
            changed["metadata"][key] = value
            out.append(changed)
    for key in ("url", "canonicalUrl", "datePublished", "inLanguage"):
        out.append({k: v for k, v in record.items() if k != key})  # a required field missing
    return out


def test_compiled_check_gives_jsonschemas_verdict_and_messages() -> None:
    rng = random.Random(7)
    seen_invalid = 0
    for record in _records():
        assert validation_errors(record) == []
        for changed in _mutations(record, rng):
            before = json.dumps(changed, sort_keys=True)
            expected = [e.message for e in _STRICT.iter_errors(changed)]
            got = validation_errors(changed)
            assert bool(got) == bool(expected), (got, expected)
            assert [g.split(": ", 1)[1] for g in got] == expected
            assert json.dumps(changed, sort_keys=True) == before  # no default written into it
            seen_invalid += bool(expected)
    assert seen_invalid > 500  # the mutations do reach the refusing branch
