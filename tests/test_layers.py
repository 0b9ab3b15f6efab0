"""The layer rule, checked on the source: spiders only crawl; extraction and text repair are pure
functions of (bytes, url, headers); pipelines transform, validate and store; state is reached
through its own package (see docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "newsscraper"

CRAWL_SIDE = (
    "newsscraper.spiders",
    "newsscraper.pipelines",
    "newsscraper.downloadermiddlewares",
    "newsscraper.spidermiddlewares",
    "newsscraper.extensions",
    "newsscraper.state",
    "newsscraper.crawl.frontier",
    "newsscraper.settings",
    "newsscraper.cli",
    "newsscraper.commands",
    "newsscraper.crawl",
    "newsscraper.demo",
)
"""Prefixes of the crawling side: the pure layer never imports them."""

NETWORK = ("scrapy", "twisted", "socket", "urllib.request", "http.client", "requests", "aiohttp")

RULES: dict[str, tuple[str, ...]] = {
    # layer (module prefix) -> what it may not import
    "newsscraper.extraction": (*CRAWL_SIDE, *NETWORK),
    "newsscraper.text": (*CRAWL_SIDE, *NETWORK, "newsscraper.extraction"),
    "newsscraper.items": (*CRAWL_SIDE, *NETWORK, "newsscraper.extraction"),
    "newsscraper.datetimes": (*CRAWL_SIDE, *NETWORK, "newsscraper.extraction"),
    "newsscraper.pagetypes": (*CRAWL_SIDE, *NETWORK, "newsscraper.extraction"),
    # Spiders may sniff bytes with the pure helpers, but extracting articles is the pipelines' job.
    "newsscraper.spiders": (
        "newsscraper.extraction.api",
        "newsscraper.extraction.body",
        "newsscraper.extraction.metadata",
        "newsscraper.pipelines",
        "newsscraper.state",
    ),
    "newsscraper.state": (
        "newsscraper.pipelines",
        "newsscraper.spiders",
        "newsscraper.extraction",
        "newsscraper.cli",
    ),
    "newsscraper.pipelines": ("newsscraper.spiders", "newsscraper.cli"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST, module: str) -> set[str]:
    """Every module ``tree`` imports, at any depth (imports inside functions count too)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = module.split(".")[: -node.level] if module.count(".") >= node.level else []
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _reads_environment(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}:
            return True
    return False


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _sources() -> list[tuple[str, ast.AST]]:
    return [
        (_module_name(path), ast.parse(path.read_text("utf-8"), str(path)))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_the_rules_see_every_layer() -> None:
    names = {name for name, _ in _sources()}
    for layer in RULES:
        assert any(_matches(name, layer) for name in names), f"no module in layer {layer}"


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    crossings = []
    for name, tree in _sources():
        if not _matches(name, layer):
            continue
        for imported in sorted(_imports(tree, name)):
            crossings += [
                f"{name} imports {imported}" for banned in RULES[layer] if _matches(imported, banned)
            ]
    assert not crossings, "\n".join(crossings)


def test_pure_layer_reads_no_settings_or_environment() -> None:
    pure = (
        "newsscraper.extraction",
        "newsscraper.text",
        "newsscraper.items",
        "newsscraper.datetimes",
        "newsscraper.pagetypes",
    )
    readers = [
        name for name, tree in _sources() if any(_matches(name, p) for p in pure) and _reads_environment(tree)
    ]
    assert not readers


def test_the_walker_sees_imports_inside_functions() -> None:
    tree = ast.parse("def f():\n    from scrapy.http import Request\n    import socket\n")
    assert {"scrapy.http", "scrapy.http.Request", "socket"} <= _imports(tree, "newsscraper.extraction.x")
