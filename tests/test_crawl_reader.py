"""The crawl's extraction worker (crawl/reader.py): its read budget, its link policy, its worker processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest


def test_read_budget_admits_pages_by_weight_first_come_first_read() -> None:
    """ByteBudget: room by bytes, FIFO, a page bigger than the budget read alone, 0 = no limit."""
    import asyncio

    from newsscraper.crawl.reader import ByteBudget

    async def scenario() -> list[str]:
        budget = ByteBudget(10)
        done: list[str] = []

        async def page(name: str, size: int) -> None:
            waited = await budget.acquire(size)
            done.append(name + ("*" if waited else ""))

        async def settle() -> None:
            for _ in range(5):
                await asyncio.sleep(0)

        tasks = [asyncio.create_task(page(n, s)) for n, s in (("a", 6), ("b", 6), ("c", 1))]
        await settle()
        assert done == ["a"]  # b does not fit; c would, but comes after b
        budget.release(6)
        await settle()
        assert done == ["a", "b*", "c*"] and budget.used == 7
        budget.release(6)
        budget.release(1)
        tasks += [asyncio.create_task(page("huge", 100)), asyncio.create_task(page("d", 1))]
        await settle()
        assert done[3:] == ["huge"]  # nothing else read: admitted whatever its size
        budget.release(100)
        await settle()
        assert done[4:] == ["d*"] and budget.used == 1
        await asyncio.gather(*tasks)
        unlimited = ByteBudget(0)
        assert not await unlimited.acquire(10**9) and not await unlimited.acquire(10**9)
        return done

    assert asyncio.run(scenario())[:3] == ["a", "b*", "c*"]


def test_crawl_links_refuses_files_by_dotted_extension_only() -> None:
    """Links to files LinkExtractor ignores (``.pdf``, ``.JPG``, ``.tar.gz``, before ``;params``) are
    refused; paths that merely end in the letters of an extension (``/dubai``: ``ai``, ``/tips``:
    ``ps``, an article slug ending ``-tiara``: ``ra``) are pages and kept."""
    from newsscraper.crawl.reader import crawl_links

    files = ["http://x.org/a.pdf", "http://x.org/b.JPG?w=2", "http://x.org/c.tar.gz", "http://x.org/d.ps;v=1"]
    pages = ["http://x.org/world/dubai", "http://x.org/tips", "http://x.org/2020/royal-wedding-tiara"]
    kept, refused, offsite = crawl_links(files + pages, 10)
    assert kept == pages and refused == offsite == 0


def test_ignored_file_shortcut_agrees_with_linkextractors_parse() -> None:
    """Links without a dot in their path are answered without parsing: the same answer as w3lib's
    ``parse_url`` path test on random spellings (backslashes, tabs, params, queries, fragments)."""
    import random

    from w3lib.url import parse_url

    from newsscraper.crawl.reader import _IGNORED, _ignored_file

    rng = random.Random(3)
    alphabet = "ab./\\?#;%\t\n:@ PDFpdfjg"
    checked = 0
    for _ in range(20_000):
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        link = rng.choice(["http://x.org", "https://a.b.c:8080", "http://h"]) + tail
        try:
            expected = parse_url(link).path.lower().endswith(_IGNORED)
        except ValueError:
            continue
        assert _ignored_file(link) == expected, repr(link)
        checked += 1
    assert checked > 10_000  # most spellings parse (a bad port raises ValueError)
    assert _ignored_file("http://x.org/files/report.PDF;v=1") and not _ignored_file("http://x.org/dubai")


ORPHANED_POOL = """
import os, sys, time
from newsscraper.crawl.reader import PageReader
reader = PageReader("process", 1)
reader.start()
done = reader.pool.submit(os.getpid)
if sys.argv[1] == "warm":
    done.result()  # the worker started and warmed up
print(*reader.pool._processes, flush=True)  # cold: the worker still starting up (imports, models)
time.sleep(600)
"""


@pytest.mark.parametrize("when", ["warm", "cold"])
def test_process_workers_end_when_the_crawl_is_killed(when: str) -> None:
    # a crawl killed with SIGKILL (a scheduler's hard limit, the OOM killer) left its extraction
    # worker processes running for good, holding its stdout and stderr; also when it was killed
    # while they were starting up (their parent was init by the time they looked)
    proc = subprocess.Popen(
        [sys.executable, "-c", ORPHANED_POOL, when],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    proc.kill()
    proc.wait()
    proc.stdout.close()
    deadline = time.monotonic() + 60
    try:
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(worker)
    finally:
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not reaped by init yet, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
