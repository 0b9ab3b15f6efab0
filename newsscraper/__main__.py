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


def main(argv: Sequence[str] | None = None) -> int:
    """Load and run the command line (``newsscraper.cli.main``); return its exit status."""
    try:
        from newsscraper.cli import main as run
    except KeyboardInterrupt:
        print("newsscraper: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
