"""One warm pass of ``extract_article`` over the aeb pages, for instruction counts under callgrind.

The pages are read and extracted once (imports, models, caches), the cross-page class-name cache
is cleared, then the pass that counts runs inside ``functools.reduce``, which callgrind's
``--toggle-collect`` switches collection on for::

    PYTHONHASHSEED=0 PYTHONPATH=. valgrind --tool=callgrind --collect-atstart=no \\
        --toggle-collect=functools_reduce python -m bench.warm_pass

Fix ``PYTHONHASHSEED``: two runs of the same code with different seeds differ by ~1.5 %. On a
machine shared with other jobs, instruction counts are the figure to compare, not times.
"""

from __future__ import annotations

import functools

from bench.evalsets import aeb_pages
from newsscraper import extract_article
from newsscraper.extraction.body_score import clear_caches


def main() -> None:
    """Warm up, clear the caches, then extract every page once inside ``functools.reduce``."""
    pages = list(aeb_pages())
    for page in pages:
        extract_article(page.html, url=page.url)
    clear_caches()
    functools.reduce(lambda count, page: count + bool(extract_article(page.html, url=page.url)), pages, 0)


if __name__ == "__main__":
    main()
