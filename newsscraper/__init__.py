"""newsscraper: turn news websites into clean, analysis-ready article records.

The public names are loaded when first used (PEP 562): importing the package, or any module of
it, does not load the extraction stack (lxml, ftfy, ...; a second or more on a busy machine). So
the ``newsscraper`` command can catch a Ctrl-C that comes while it loads (``newsscraper/__main__.py``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (10 ms of the guard's window)
if TYPE_CHECKING:
    from typing import Any

    from newsscraper.extraction.api import extract_article
    from newsscraper.items import Article
    from newsscraper.text.repair import clean_text, clean_text_with_repairs

__version__ = "0.1.0"
__all__ = ["Article", "__version__", "clean_text", "clean_text_with_repairs", "extract_article"]

_HOMES = {
    "extract_article": "newsscraper.extraction.api",
    "Article": "newsscraper.items",
    "clean_text": "newsscraper.text.repair",
    "clean_text_with_repairs": "newsscraper.text.repair",
}
"""The module each public name is loaded from."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value  # loaded once: later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
