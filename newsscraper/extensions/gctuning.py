"""Make Python's cyclic garbage collector cheaper while the crawl runs.

Two costs of the collector showed in a crawl's CPU (``bench/crawl_compare.py --real``, the 119
real news pages, ``gc.callbacks`` timing every collection), each paid by whichever thread triggers
it, holding the GIL (the reactor waits as long):

* full (generation 2) collections walk every tracked object, and when the spider opens the process
  holds a few hundred thousand that live as long as the crawl (the modules of Scrapy, Twisted and
  the extraction engine, their tables, the crawl's components): the one during the crawl took
  99-170 ms. ``gc.freeze()`` moves them to the permanent generation, which collections skip;
* young collections every 700 net container allocations (Python's default): a page's extraction
  makes tens of thousands, so ~135 young and middle collections during the crawl. From
  :data:`GEN0_THRESHOLD` allocations on, 5-6, and no middle or full one.

Together: 0.22-0.32 s of collections during that crawl (0.7-1 ms per response), 0.03-0.05 s after
(three runs each, interleaved). ``spider_opened`` freezes and sets the threshold;
``spider_closed`` restores the thresholds and unfreezes (the frozen objects go back into the oldest
generation). Reference counting frees objects as before: only objects in reference cycles wait
longer to be freed, the frozen ones until the crawl ends. Switch: ``NEWSSCRAPER_GC_TUNING_ENABLED``.
"""

from __future__ import annotations

import gc
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

GEN0_THRESHOLD = 7000
"""Net container allocations between young collections during a crawl. Calibrated on the crawl of
the real-pages site with the start-up objects frozen (``gc.callbacks``, the young and middle
collections during the crawl, one or two runs each): 700 (Python's default) ~0.15 s, 2,000
0.12-0.17 s, 7,000 ~0.06 s, 20,000 0.03-0.07 s but single collections of up to 28 ms, each a
stall of the reactor."""


class GcTuning:
    """Freeze the objects the crawl starts with and collect young objects less often while it runs."""

    def __init__(self, threshold: int = GEN0_THRESHOLD) -> None:
        self.threshold = threshold
        self.saved: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSSCRAPER_GC_TUNING_ENABLED"):
            raise NotConfigured
        ext = cls()
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        if self.saved is not None:
            return
        self.saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(max(self.threshold, self.saved[0]), *self.saved[1:])

    def spider_closed(self) -> None:
        if self.saved is None:
            return
        gc.set_threshold(*self.saved)
        self.saved = None
        gc.unfreeze()
