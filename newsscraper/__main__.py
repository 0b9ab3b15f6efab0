"""The ``newsscraper`` command's entry point (also ``python -m newsscraper``).

It loads the command (``newsscraper.cli``, and with it lxml, ftfy and the extraction modules:
a second or more on a busy machine) under a Ctrl-C guard, so that an interrupt while it loads
ends with the one line and status 130 that an interrupt at any later point gives, not a
traceback through whichever module was loading.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # as in newsscraper/__init__.py: nothing more is loaded before the guard
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a process that Ctrl-C ended (``newsscraper.cli``'s too)."""


EXIT_MISUSE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Load and run the command line (``newsscraper.cli.main``); return its exit status.

    2, with one line, when ``newsscraper`` was imported as a namespace package: ``python -m
    newsscraper`` run in the folder that holds the clone finds the clone's folder ``newsscraper/``
    (no ``__init__.py``) before the editable install's finder, and loading the command failed with
    ``ImportError: cannot import name '__version__' from 'newsscraper' (unknown location)``."""
    package = sys.modules.get("newsscraper")
    if package is not None and getattr(package, "__file__", None) is None:
        folder = next(iter(getattr(package, "__path__", [])), "newsscraper")
        print(
            f"newsscraper: Python took the folder {folder} for the package (run in the folder that "
            "holds the clone): run python -m newsscraper from another folder, or the newsscraper "
            "command (README, 'Use it from Python')",
            file=sys.stderr,
        )
        return EXIT_MISUSE
    try:
        from newsscraper.cli import main as run
    except KeyboardInterrupt:
        print("newsscraper: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
