"""State store: decisions, versions, near-duplicates, recovery of killed runs, concurrent workers."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsscraper.state import StateStore, content_fingerprint
from newsscraper.state import store as store_module
from newsscraper.state.store import FORMAT, lastmod_is_older

FIXTURES = Path(__file__).parent.parent / "fixtures"

WORDS = (  # noqa: SIM905 - one readable sentence
    "the central bank raised interest rates by a quarter point on thursday citing persistent "
    "inflation in services and a tight labour market while signalling that further increases "
    "would depend on incoming data about wages energy prices and consumer spending over the "
    "coming months analysts had expected the move after a string of strong employment reports"
).split()


def body(seed: int, n: int = 120) -> str:
    """A deterministic article body; different seeds give different stories."""
    return " ".join(
        WORDS[(i * (seed + 1) + seed) % len(WORDS)] + str(i % 7 if seed else "") for i in range(n)
    )


def rec(url: str, text: str, headline: str = "Rates rise") -> dict[str, Any]:
    return {"url": url, "canonicalUrl": url, "headline": headline, "articleBody": text}


def test_new_unchanged_changed_versions(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    first = store.claim(rec("https://n.test/a", body(1)), etag='"v1"')
    assert (first.status, first.emit, first.version) == ("new", True, 1)
    # Before the record is committed the store doesn't know the article yet.
    assert store.article(first.key) is None
    assert store.commit_keys([first.key]) == 1
    row = store.article(first.key)
    assert row is not None and row["version"] == 1 and row["etag"] == '"v1"'
    assert store.validators("https://n.test/a") is not None

    same = store.claim(rec("https://n.test/a", body(1) + "  "))
    assert (same.status, same.emit, same.version) == ("unchanged", False, 1)

    edited = store.claim(rec("https://n.test/a", body(1) + " Correction: a half point."))
    assert (edited.status, edited.emit, edited.version) == ("changed", True, 2)
    assert edited.previous_fingerprint == first.fingerprint
    store.commit_keys([edited.key])
    row = store.article(first.key)
    assert row is not None and row["version"] == 2
    assert row["previous_fingerprint"] == first.fingerprint
    store.finish_run()
    assert store.counts()["pending"] == 0 and store.integrity_ok()


def test_full_mode_re_emits_unchanged(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.commit_keys([store.claim(rec("https://n.test/a", body(1))).key])
    store.close()
    full = StateStore(tmp_path, full=True)
    full.begin_run()
    again = full.claim(rec("https://n.test/a", body(1)))
    assert (again.status, again.emit, again.version) == ("unchanged", True, 1)


def test_near_duplicate_marked_not_dropped(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    original = store.claim(rec("https://a.test/wire", body(3), "Bank lifts rates"))
    copy = store.claim(rec("https://b.test/copy", body(3) + " Staff writer contributed.", "Rates up"))
    other = store.claim(rec("https://a.test/other", body(5), "Different story"))
    assert original.near_duplicate_of is None
    assert copy.status == "new" and copy.emit
    assert copy.near_duplicate_of == "https://a.test/wire"
    assert other.near_duplicate_of is None


def test_uncommitted_claim_is_forgotten_by_finish(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.claim(rec("https://n.test/a", body(1)))
    store.finish_run(commit=False)
    store.begin_run()
    assert store.claim(rec("https://n.test/a", body(1))).status == "new"


KILLED_RUN = textwrap.dedent(
    """
    import json, os, sys
    from newsscraper.state import StateStore
    store = StateStore(sys.argv[1])
    out = sys.argv[2]
    store.begin_run(out)
    records = json.loads(sys.argv[3])
    for r in records:
        store.claim(r)
    store.sync()  # what the writer triggers before it publishes
    with open(out, "w") as fh:
        for i, r in enumerate(records):
            line = json.dumps(r) + "\\n"
            fh.write(line if i < 2 else line[:20])   # the third line is torn by the "kill"
        fh.flush()
    os._exit(137)  # dies without committing anything
    """
)


def test_recover_killed_run_commits_only_what_is_on_disk(tmp_path: Path) -> None:
    records = [rec(f"https://n.test/{i}", body(i)) for i in range(3)]
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(tmp_path / "state"), str(out), json.dumps(records)],
        check=False,
    )
    assert proc.returncode == 137
    store = StateStore(tmp_path / "state")
    assert store.counts()["pending"] == 3
    store.begin_run()
    assert store.recover() == {"committed": 2, "forgotten": 1}
    decisions = [store.claim(r) for r in records]
    assert [d.status for d in decisions] == ["unchanged", "unchanged", "new"]
    assert store.integrity_ok()


WORKER = textwrap.dedent(
    """
    import json, sys
    from newsscraper.state import StateStore
    store = StateStore(sys.argv[1])
    store.begin_run()
    emitted = []
    for i in range(int(sys.argv[2]), int(sys.argv[3])):
        r = {"url": f"https://n.test/{i}", "headline": str(i), "articleBody": f"story {i}"}
        d = store.claim(r)
        if d.emit:
            emitted.append(d.key)
    store.commit_keys(emitted)
    store.finish_run()
    print(json.dumps(emitted))
    """
)


def test_two_workers_never_emit_the_same_article(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), lo, hi], stdout=subprocess.PIPE, text=True
        )
        for lo, hi in (("0", "60"), ("20", "80"))
    ]
    outputs = [json.loads(p.communicate(timeout=60)[0]) for p in procs]
    emitted = outputs[0] + outputs[1]
    assert len(emitted) == len(set(emitted)) == 80
    assert StateStore(tmp_path).counts()["articles"] == 80


def test_lastmod_comparison(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.commit_keys([store.claim(rec("https://n.test/a", body(1))).key])
    seen = store.validators("https://n.test/a")
    now = datetime.now(UTC)
    assert lastmod_is_older(seen, now - timedelta(days=1))
    assert not lastmod_is_older(seen, now + timedelta(minutes=5))
    assert not lastmod_is_older(None, now - timedelta(days=1))
    assert not lastmod_is_older(seen, None)


def test_fingerprint_ignores_layout_whitespace_only() -> None:
    a = content_fingerprint(rec("u", "One.\n\nTwo."))
    assert a == content_fingerprint(rec("u", "One. Two."))
    assert a != content_fingerprint(rec("u", "One. Two!"))


def test_sitemap_dates_count_only_for_the_run_that_read_them(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    store.remember_lastmod("https://n.test/a", "2026-11-01")
    assert store.listed_lastmod("https://n.test/a") == "2026-11-01"
    assert store.listed_lastmod("https://n.test/b") is None
    store.finish_run()
    # The next run must not trust the date an earlier sitemap gave: the page may have changed since.
    store.begin_run()
    assert store.listed_lastmod("https://n.test/a") is None


def test_colliding_url_hashes_stay_apart(tmp_path: Path, monkeypatch: Any) -> None:
    import newsscraper.state.store as store_module

    # Every URL gets the same hash: each article must still keep a row of its own.
    monkeypatch.setattr(store_module, "url_hash", lambda url: 7)
    store = StateStore(tmp_path)
    store.begin_run()
    urls = [f"https://n.test/{name}" for name in "abc"]
    decisions = [store.claim(rec(url, body(i + 1))) for i, url in enumerate(urls)]
    assert [d.status for d in decisions] == ["new"] * 3
    assert store.commit_keys(d.key for d in decisions) == 3
    assert [store.article(url)["version"] for url in urls] == [1, 1, 1]  # type: ignore[index]
    assert [store.validators(url).key for url in urls] == urls  # type: ignore[union-attr]
    again = [store.claim(rec(url, body(i + 1))) for i, url in enumerate(urls)]
    assert [d.status for d in again] == ["unchanged"] * 3
    assert store.claim(rec(urls[1], body(9))).status == "changed"


def test_commit_keys_moves_a_batch_of_new_and_changed_articles(tmp_path: Path) -> None:
    # commit_keys moves many pending rows in a few set-based statements: each kind of row must
    # still end as the per-article path left it.
    store = StateStore(tmp_path)
    store.begin_run()
    old = store.claim(rec("https://n.test/old", body(1)), etag='"o1"')
    assert store.commit_keys([old.key]) == 1
    first_seen = store.article(old.key)["first_seen"]  # type: ignore[index]
    changed = store.claim(rec("https://n.test/old", body(2)), etag='"o2"')
    new = store.claim(rec("https://n.test/new", body(3)), etag='"n1"')
    # Fetched through a tracking link: its validators also go to a row of that fetched URL.
    moved = store.claim(
        rec("https://n.test/moved", body(4)),
        fetched_url="https://n.test/m?id=4",
        etag='"m1"',
        last_modified="Sun, 29 Nov 2026 08:00:00 GMT",
    )
    kept = store.claim(rec("https://n.test/kept", body(5)))  # claimed, not published
    keys = [changed.key, new.key, moved.key, new.key, "https://n.test/unknown"]
    assert store.commit_keys(keys) == 3  # a repeated or unknown key counts once / not at all
    assert store.commit_keys([new.key]) == 0  # already committed
    row = store.article(old.key)
    assert row is not None and (row["version"], row["etag"]) == (2, '"o2"')
    assert row["previous_fingerprint"] == old.fingerprint and row["first_seen"] == first_seen
    assert store.article(new.key)["version"] == 1  # type: ignore[index]
    assert store.article(kept.key) is None and store.counts()["pending"] == 1
    fetched = store.validators("https://n.test/m?id=4")
    assert fetched is not None and (fetched.key, fetched.etag) == (moved.key, '"m1"')
    assert fetched.last_modified == "Sun, 29 Nov 2026 08:00:00 GMT"
    assert store.claim(rec("https://n.test/new", body(3))).status == "unchanged"


def _store_from_dump(tmp_path: Path, name: str, output: Path) -> Path:
    folder = tmp_path / "state"
    folder.mkdir()
    dump = (FIXTURES / "state" / name).read_text("utf-8").replace("OUTPUT", str(output))
    with sqlite3.connect(folder / "state.sqlite3") as conn:
        conn.executescript(dump)
    return folder


@pytest.mark.parametrize("dump", ["format1.sql", "format2.sql"])
def test_older_store_is_migrated(tmp_path: Path, dump: str) -> None:
    # fixtures/state/format1.sql and format2.sql (each written by that format's code) hold one story:
    # three committed articles, a, b (fetched under a tracking-parameter URL) and c (a near-copy of
    # a); a killed run with two pending records, d (on disk) and e (not).
    output = tmp_path / "out.jsonl"
    output.write_text(json.dumps(rec("https://n.test/d", body(4))) + "\n", "utf-8")
    folder = _store_from_dump(tmp_path, dump, output)
    store = StateStore(folder)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
    row = store.article("https://n.test/a")
    assert row is not None and row["etag"] == '"v1"' and row["version"] == 1
    assert store.article("https://n.test/c")["near_duplicate_of"] == "https://n.test/a"  # type: ignore[index]
    assert store.validators("https://n.test/b?id=1&utm_source=x") is not None
    # Older signatures hashed words differently and can't be compared with today's: dropped.
    assert store.counts()["bands"] == 0
    assert store.conn.execute("SELECT count(*) FROM articles WHERE minhash IS NOT NULL").fetchone()[0] == 0
    store.begin_run()
    assert store.recover() == {"committed": 1, "forgotten": 1}
    statuses = [
        store.claim(rec(f"https://n.test/{n}", body(s))).status
        for n, s in zip("abde", (1, 2, 4, 6), strict=True)
    ]
    assert statuses == ["unchanged", "unchanged", "unchanged", "new"]
    # New signatures find each other again.
    copy = store.claim(rec("https://m.test/e-copy", body(6) + " Staff writer contributed."))
    assert copy.near_duplicate_of == "https://n.test/e"
    assert store.integrity_ok()
    store.close()
    # Reopened, the migrated store is left as it is.
    assert StateStore(folder).counts()["articles"] == 4


def test_format_3_store_keeps_its_signatures(tmp_path: Path) -> None:
    # fixtures/state/format3.sql (written by format-3 code): the story of format2.sql, with 64-bit
    # band buckets. Its signatures are still comparable: the bands are rewritten, not dropped.
    output = tmp_path / "out.jsonl"
    output.write_text(json.dumps(rec("https://n.test/d", body(4))) + "\n", "utf-8")
    folder = _store_from_dump(tmp_path, "format3.sql", output)
    with sqlite3.connect(folder / "state.sqlite3") as conn:
        old = {(bucket >> 32, article) for bucket, article in conn.execute("SELECT * FROM bands")}
    store = StateStore(folder)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT
    new = set(store.conn.execute("SELECT bucket, article FROM bands"))
    assert new == old and len(new) == 45 and all(-(2**31) <= bucket < 2**31 for bucket, _ in new)
    store.begin_run()
    assert store.recover() == {"committed": 1, "forgotten": 1}
    # A new copy of a committed story is found through the migrated bands and old signature.
    copy = store.claim(rec("https://m.test/a-copy", body(1) + " Staff writer contributed."))
    assert copy.near_duplicate_of == "https://n.test/a"
    assert store.claim(rec("https://n.test/b", body(2))).status == "unchanged"
    assert store.integrity_ok()
    store.close()


def test_store_of_a_newer_format_is_refused(tmp_path: Path) -> None:
    StateStore(tmp_path).close()
    with sqlite3.connect(tmp_path / "state.sqlite3") as conn:
        conn.execute(f"PRAGMA user_version = {FORMAT + 1}")
    with pytest.raises(ValueError, match="newer"):
        StateStore(tmp_path)


@pytest.mark.parametrize("kind", ["not-sqlite", "truncated", "newer"])
def test_a_store_that_cannot_be_opened_is_one_line_before_the_crawl(kind: str, tmp_path: Path) -> None:
    # opened inside the crawl, it ended in 80 lines of tracebacks, exit 1, and a summary saying
    # "0 articles written to out.jsonl", a file never made
    state = tmp_path / "state"
    store = StateStore(state)
    store.begin_run()
    for i in range(40):
        store.claim(rec(f"https://n.test/{i}", body(i)))
    store.finish_run(commit=True)
    store.close()
    path = state / "state.sqlite3"
    if kind == "not-sqlite":
        path.write_bytes(bytes(range(256)) * 20)
    elif kind == "truncated":
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path.write_bytes(path.read_bytes()[:8000])
    else:
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {FORMAT + 1}")
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "newsscraper.cli", "crawl", "http://127.0.0.1:9/", "--state", str(state),
         "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1, run.stderr[-2000:]
    said = "newer than this newsscraper's" if kind == "newer" else "is not a state store that can be read"
    assert f"newsscraper crawl: NEWSSCRAPER_STATE_DIR (--state): {path}" in run.stderr and said in run.stderr
    assert not out.exists()


def test_checkpoints_follow_the_store_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def checkpoint_bytes(store: StateStore) -> int:
        pages = store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        return int(pages) * 2048

    store = StateStore(tmp_path)
    assert checkpoint_bytes(store) == store_module.WAL_CHECKPOINT_BYTES  # a new store: the floor
    store.begin_run()
    for n in range(200):
        store.claim(rec(f"https://n.test/{n}", body(n)))
    store.finish_run(commit=True)
    size = store.conn.execute("PRAGMA page_count").fetchone()[0] * 2048
    assert size > 150_000
    # Shares and bounds scaled down to this store's size: the share of its size, then the ceiling.
    monkeypatch.setattr(store_module, "WAL_CHECKPOINT_BYTES", 2048)
    monkeypatch.setattr(store_module, "WAL_CHECKPOINT_SHARE", 40.0)
    store.begin_run()
    assert checkpoint_bytes(store) == size * 40
    monkeypatch.setattr(store_module, "WAL_CHECKPOINT_MAX_BYTES", size * 15)
    store.begin_run()
    assert checkpoint_bytes(store) == size * 15
    store.close()


def test_store_stays_under_a_kilobyte_per_article(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.begin_run()
    count = 1500
    keys = []
    for i in range(count):
        text = " ".join(f"{WORDS[(i * 7 + j * 13) % len(WORDS)]}{(i * j) % 997}" for j in range(300))
        keys.append(store.claim(rec(f"https://site{i % 9}.test/news/2026/story-{i}.html", text)).key)
    store.sync()
    assert store.commit_keys(keys) == count
    store.finish_run()
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert store.path.stat().st_size / count <= 1024


def test_writer_syncs_the_store_before_records_become_durable(tmp_path: Path) -> None:
    from scrapy.utils.test import get_crawler

    from newsscraper.crawl.item import PageItem
    from newsscraper.pipelines.jsonlines import JsonLinesWriterPipeline
    from newsscraper.signals import records_published, records_publishing

    output = tmp_path / "out.jsonl"
    crawler = get_crawler(settings_dict={"NEWSSCRAPER_OUTPUT": str(output)})
    events: list[tuple[str, int]] = []

    def lines() -> int:
        return len(output.read_text("utf-8").splitlines()) if output.exists() else 0

    crawler.signals.connect(
        lambda **_: events.append(("publishing", lines())), signal=records_publishing, weak=False
    )
    crawler.signals.connect(
        lambda **_: events.append(("published", lines())), signal=records_published, weak=False
    )
    writer = JsonLinesWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    item = PageItem(url="https://n.test/a", request_url="https://n.test/a")
    item.record, item.identity = rec("https://n.test/a", body(1)), "https://n.test/a"
    asyncio.run(writer.process_item(item))
    writer.close_spider()
    # The store syncs on "publishing": the record must not be in the output yet at that moment.
    assert events == [("publishing", 0), ("published", 1)]


def test_open_group_makes_other_workers_wait_then_see_its_claims(tmp_path: Path) -> None:
    import threading

    first, second = StateStore(tmp_path), StateStore(tmp_path)
    first.begin_run()
    second.begin_run()
    assert first.claim(rec("https://n.test/a", body(1))).emit  # the group stays open
    decisions = []
    worker = threading.Thread(target=lambda: decisions.append(second.claim(rec("https://n.test/a", body(1)))))
    worker.start()
    worker.join(timeout=1.0)
    assert worker.is_alive() and not decisions  # waiting for the write lock
    first.flush()
    worker.join(timeout=30)
    assert [(d.status, d.emit) for d in decisions] == [("unchanged", False)]


def test_minhash_signature_is_datasketchs_affine32_minhash() -> None:
    import numpy as np
    from datasketch import MinHash

    from newsscraper.state.fingerprint import NUM_PERM, SCHEME, minhash_signature, shingle_hashes

    # Stored signatures are only comparable with signatures made the same way: the vectorised one
    # must be datasketch's MinHash of the shingle hashes, values cut to their low 16 bits.
    for text in (body(3, 200), body(5, 60) + " Ça coûte 5 €, dit-elle. " * 3, "Zürich " * 45):
        hashes = shingle_hashes(text)
        assert hashes is not None and len(np.unique(hashes)) == len(hashes)
        reference = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=lambda value: value)
        reference.update_batch([int(value) for value in hashes])
        expected = (np.asarray(reference.hashvalues) & 0xFFFF).astype("<u2").tobytes()
        assert minhash_signature(text) == expected
    assert minhash_signature(body(3, 39)) is None  # below MIN_SHINGLE_WORDS


def _regex_word_hashes(text: str) -> list[int]:
    """word_hashes() written word by word: the polynomial of each regex word's code points, mixed."""
    from newsscraper.state.fingerprint import _WORD_BASE

    values = []
    for word in re.findall(r"\w+", text):
        value = 0
        for char in word:
            value = (value * _WORD_BASE + ord(char)) & 0xFFFFFFFF
        value ^= value >> 16
        value = (value * 0x85EBCA6B) & 0xFFFFFFFF
        value ^= value >> 13
        value = (value * 0xC2B2AE35) & 0xFFFFFFFF
        values.append(value ^ (value >> 16))
    return values


def test_word_hashes_hash_the_words_the_regex_finds() -> None:
    from newsscraper.state.fingerprint import _SPAN, word_hashes

    texts = [
        "",
        "   \n\t ",
        "_",
        "a",
        body(3, 80),
        "Ça coûte 5 €, dit-elle — «d’accord» x_y __init__ 3.14 l'été",
        "日本語のテキスト、中文。 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ١٢٣ ½ ² ⅷ naïve e\u0301 Ωmega",
        "lone \ud800 surrogate\udfffinside",
        # Longer than one span of the power tables, with a word longer than a span.
        body(5, 3000) + " " + "z" * (_SPAN + 10) + " tail," + body(6, 4000),
    ]
    for text in texts:
        assert word_hashes(text).tolist() == _regex_word_hashes(text)


def test_minhash_estimates_the_shingle_jaccard() -> None:
    from newsscraper.state.fingerprint import SHINGLE_WORDS, estimate_jaccard, minhash_signature
    from newsscraper.state.neardup import THRESHOLD

    # The near-duplicate decision follows the Jaccard similarity of the two texts' word-shingle
    # sets (computed here from the regex's words, without the store's hashing): estimates within
    # 0.15 of it, and the same verdict whenever it is 0.15 or more from the threshold.
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}

    base = body(7, 400).split()
    checked = 0
    for changed in (0, 2, 5, 10, 20, 40, 80, 160, 400):
        other = [
            f"x{i}" if i % max(1, 400 // max(changed, 1)) == 0 and changed else w for i, w in enumerate(base)
        ]
        first, second = " ".join(base), " ".join(other)
        exact = len(shingles(first) & shingles(second)) / len(shingles(first) | shingles(second))
        first_signature, second_signature = minhash_signature(first), minhash_signature(second)
        assert first_signature is not None and second_signature is not None
        estimate = estimate_jaccard(first_signature, second_signature)
        assert abs(estimate - exact) <= 0.15, (changed, exact, estimate)
        if abs(exact - THRESHOLD) >= 0.15:
            assert (estimate >= THRESHOLD) == (exact >= THRESHOLD)
            checked += 1
    assert checked >= 5


class _LockedThenFree:
    """A connection whose first ``fails`` executes raise ``error``, as SQLite does while another
    worker switches a new store to WAL."""

    def __init__(self, fails: int, error: str) -> None:
        self.fails, self.error, self.calls = fails, error, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.fails:
            raise sqlite3.OperationalError(self.error)


def test_switching_to_wal_waits_for_another_worker_opening_the_store() -> None:
    # two workers opening a new store at once: one got "database is locked" and died
    conn = _LockedThenFree(fails=3, error="database is locked")
    store_module._journal_wal(conn, timeout_s=5)  # type: ignore[arg-type]
    assert conn.calls == 4


def test_switching_to_wal_gives_up_on_other_errors_and_after_its_timeout() -> None:
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        store_module._journal_wal(_LockedThenFree(fails=1, error="disk I/O error"), timeout_s=5)  # type: ignore[arg-type]
    stuck = _LockedThenFree(fails=10**9, error="database is locked")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store_module._journal_wal(stuck, timeout_s=0.1)  # type: ignore[arg-type]
    assert 2 <= stuck.calls < 20
