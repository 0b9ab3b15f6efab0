"""The crawl's extraction worker (crawl/reader.py): its read budget."""

from __future__ import annotations


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
