"""The state store at scale: bytes per article, write rate, lookup latency (issue 14).

For each size N, a fresh store takes N synthetic articles, the last ``--claims`` of them the way a
crawl hands them over (the rest are bulk-loaded into its tables first, see :func:`preload`):
``claim`` per record with the article's identity and fetched URL (as the incremental pipeline
passes them), and every ``--batch`` records ``sync`` (what the JSON Lines writer triggers before a
publish) then ``commit_keys`` (after it). One article in twenty is a near-copy of an earlier one
under another URL, so the near-duplicate index is exercised. Then:

* **bytes/article** — the database file after the run ended and the write-ahead log was
  checkpointed, divided by N (target: at most 1 KB);
* **write rate** — articles per second of wall time over the whole load, including the final
  checkpoint of the write-ahead log into the database (target: at least 1,000/s), and the same per
  second of this process's CPU time (the rate on an idle machine with a fast disk: wall time on a
  shared machine also counts the others). Each record's digest (content fingerprint and MinHash of
  the body, :func:`~newsscraper.state.fingerprint.record_digest`) is computed before, as the
  crawl's worker threads compute it with the record, and handed to ``claim``: the rates with the
  digests' time added are printed beside;
* **lookups** — ``validators(url)`` for random known and unknown URLs (what the conditional-request
  middleware asks per request), after the writes (measured apart from them): p50 and p99 in
  milliseconds of wall time (target: p99 at most 1 ms), of this thread's CPU time, and the share
  the kernel preempted (on a loaded machine a preempted lookup waits out other processes' time
  slices, 4 ms or more: the scheduler's latency, not the store's) with the wall p99 of the others;
* **recrawl** — claims of already-stored, unchanged articles per second;
* **where the time goes** — wall and CPU time per claimed article spent computing the digest, in
  ``claim`` (the group commits it triggers included), in ``commit_keys`` and in ``sync``,
  and what the load asked of the operating system per claimed article (Linux ``/proc/self/io``:
  read and write calls, bytes written to disk), so a change can be told from the machine's load:
  wall time on a shared box counts the other processes' time slices, CPU time does not.

Bodies are drawn from a 5,000-word vocabulary with a seeded generator (about 400 words each), so
runs are repeatable; times are wall-clock (SQLite waits on the disk) and vary with the machine.

    python -m bench.state_store [--sizes 10000 100000 1000000] [--batch 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newsscraper.crawl.urls import url_identity
from newsscraper.state import StateStore
from newsscraper.state.fingerprint import NUM_PERM, record_digest
from newsscraper.state.store import url_hash

LAST_MODIFIED = "Sun, 29 Nov 2026 08:00:00 GMT"

VOCABULARY = [f"w{i}" for i in range(5000)]


def _record(rng: random.Random, index: int, copy_of: dict[str, Any] | None) -> dict[str, Any]:
    url = _url(index)
    if copy_of is not None:
        body = str(copy_of["articleBody"]) + " Staff writers contributed to this report."
    else:
        body = " ".join(rng.choices(VOCABULARY, k=rng.randint(250, 550)))
    return {
        "url": url,
        "canonicalUrl": url,
        "headline": f"Story {index}",
        "articleBody": body,
        "datePublished": "2026-11-29T08:00:00+00:00",
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _url(index: int) -> str:
    return f"https://site{index % 97}.test/news/{2020 + index % 6}/story-{index}.html"


def preload(store: StateStore, count: int, seed: int) -> None:
    """Write ``count`` committed articles straight into the store's tables, as a crawl would
    have left them (random 16-byte fingerprints and 256-byte signatures, their band buckets).

    A bulk load, for the benchmark's set-up only: article rows in one transaction per 50,000, then
    every band row sorted by bucket, so the band table's B-tree is built by appending instead of by
    9 random inserts per article (which took most of an hour at a million articles on the shared
    box). The claims measured after it go through the store's ordinary path.
    """
    rng = random.Random(seed)
    stamp = int(time.time() * 1_000_000)
    bands = len(store.neardup.hashranges)
    buckets = np.empty((count * bands, 2), dtype=np.int64)
    conn = store.conn
    for start in range(0, count, 50_000):
        rows = []
        for index in range(start, min(count, start + 50_000)):
            key = url_identity(_url(index))
            hashed = url_hash(key)
            signature = rng.randbytes(2 * NUM_PERM)
            buckets[index * bands : (index + 1) * bands, 0] = store.neardup.buckets(signature)
            buckets[index * bands : (index + 1) * bands, 1] = hashed
            rows.append(
                (hashed, key, rng.randbytes(16), f'"{index}"', LAST_MODIFIED, stamp, stamp, stamp, signature)
            )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO articles (hash, key, fingerprint, version, etag, last_modified, fetched_at,"
            " date_published, first_seen, last_seen, minhash)"
            " VALUES (?, ?, ?, 1, ?, ?, ?, '2026-11-29T08:00:00+00:00', ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
    buckets = buckets[np.lexsort((buckets[:, 1], buckets[:, 0]))]
    for start in range(0, len(buckets), 500_000):
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT OR IGNORE INTO bands (bucket, article) VALUES (?, ?)",
            buckets[start : start + 500_000].tolist(),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class _Phases:
    """Wall and CPU seconds spent in named parts of the load (``with phases("claim"): ...``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            spent = self.seconds.setdefault(name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu

    def per_item(self, count: int) -> dict[str, dict[str, float]]:
        """Microseconds of wall and CPU time per item of ``count``, by part."""
        return {
            name: {"wall": round(wall / count * 1e6, 1), "cpu": round(cpu / count * 1e6, 1)}
            for name, (wall, cpu) in self.seconds.items()
        }


def _io_counters() -> dict[str, int]:
    """This process's read and write calls and bytes written to disk so far (Linux
    ``/proc/self/io``: ``syscr``, ``syscw``, ``write_bytes``); empty elsewhere."""
    try:
        with open("/proc/self/io") as handle:
            fields = dict(line.split(": ", 1) for line in handle.read().splitlines() if ": " in line)
    except OSError:
        return {}
    return {name: int(fields[name]) for name in ("syscr", "syscw", "write_bytes") if name in fields}


def _lookups(store: StateStore, urls: list[str]) -> dict[str, float | int]:
    """Time ``validators(url)`` for each of ``urls``: wall-clock p50 / p99 in milliseconds, the
    same for this thread's CPU time, and how many lookups the kernel preempted (an involuntary
    context switch while it ran: on a loaded machine the lookup then waits out another process's
    time slice, which is the scheduler's latency, not the store's), with the wall p99 of the others.
    """
    wall, cpu, preempted = [], [], []
    for url in urls:
        switches = resource.getrusage(resource.RUSAGE_THREAD).ru_nivcsw
        cpu_tick, tick = time.thread_time(), time.perf_counter()
        store.validators(url)
        wall.append((time.perf_counter() - tick) * 1000)
        cpu.append((time.thread_time() - cpu_tick) * 1000)
        preempted.append(resource.getrusage(resource.RUSAGE_THREAD).ru_nivcsw != switches)
    kept = [ms for ms, cut in zip(wall, preempted, strict=True) if not cut] or wall
    return {
        "p50": round(statistics.median(wall), 4),
        "p99": round(_percentile(wall, 0.99), 4),
        "cpu_p50": round(statistics.median(cpu), 4),
        "cpu_p99": round(_percentile(cpu, 0.99), 4),
        "preempted": sum(preempted),
        "p99_not_preempted": round(_percentile(kept, 0.99), 4),
    }


def measure(size: int, batch: int, folder: Path, seed: int = 1, claims: int | None = None) -> dict[str, Any]:
    """Fill a fresh store in ``folder`` with ``size`` articles, the last ``claims`` of them (all by
    default) through :meth:`StateStore.claim`; return the figures."""
    claims = size if claims is None else min(claims, size)
    rng = random.Random(seed)
    store = StateStore(folder)
    preload(store, size - claims, seed)
    # Opened again, as the crawl of a store this size opens it (it sizes its checkpoints then).
    store.close()
    store = StateStore(folder)
    store.begin_run()
    recent: list[dict[str, Any]] = []
    replay: list[dict[str, Any]] = []  # claimed again, unchanged, for the recrawl rate
    keys: list[str] = []
    near_copies = 0
    records = []
    for index in range(size - claims, size):
        copy_of = rng.choice(recent) if recent and index % 20 == 19 else None
        record = _record(rng, index, copy_of)
        records.append(record)
        if len(replay) < 5000:
            replay.append(record)
        if copy_of is None:
            recent = [*recent[-99:], record]
    # The crawl hands the store each article's identity (computed once by the spider for its
    # dupefilter: crawl/urls.url_identity) and the fetched URL, as the incremental pipeline does.
    identities = [url_identity(str(record["url"])) for record in records]
    # The crawl's worker threads compute each record's digest (content fingerprint and MinHash)
    # with the record, before the incremental pipeline claims it: timed apart from the store.
    tick, cpu_tick = time.perf_counter(), time.process_time()
    digests = [record_digest(record) for record in records]
    digest_wall, digest_cpu = time.perf_counter() - tick, time.process_time() - cpu_tick
    phases = _Phases()
    io_started = _io_counters()
    started, cpu_started = time.perf_counter(), time.process_time()
    for index, (record, key, digest) in enumerate(
        zip(records, identities, digests, strict=True), start=size - claims
    ):
        with phases("claim"):
            decision = store.claim(
                record,
                key=key,
                fetched_url=str(record["url"]),
                etag=f'"{index}"',
                last_modified=LAST_MODIFIED,
                digest=digest,
            )
        near_copies += decision.near_duplicate_of is not None
        keys.append(decision.key)
        if len(keys) >= batch:
            with phases("sync"):
                store.sync()
            with phases("commit_keys"):
                store.commit_keys(keys)
            keys = []
    with phases("sync"):
        store.sync()
    with phases("commit_keys"):
        store.commit_keys(keys)
    store.finish_run()
    # The log's last pages copied into the database belong to these writes: a store that stopped
    # here (or a larger checkpoint size) would otherwise leave part of their cost untimed.
    with phases("checkpoint"):
        store.flush()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    io = {
        name: round((value - io_started.get(name, 0)) / claims, 1) for name, value in _io_counters().items()
    }
    db_bytes = store.path.stat().st_size

    probes = [_url(rng.randrange(size)) for _ in range(5000)]
    assert all(store.validators(url) is not None for url in probes[:100])
    known = _lookups(store, probes)
    unknown = _lookups(store, [url + "?missing=1" for url in probes])

    store.begin_run()
    replay_keys = [url_identity(str(record["url"])) for record in replay]
    tick = time.perf_counter()
    unchanged = sum(
        store.claim(record, key=key, fetched_url=str(record["url"])).status == "unchanged"
        for record, key in zip(replay, replay_keys, strict=True)
    )
    recrawl_rate = len(replay) / (time.perf_counter() - tick)
    store.finish_run()
    counts = store.counts()
    store.close()
    return {
        "articles": size,
        "bytes_per_article": round(db_bytes / size, 1),
        "claimed": claims,
        "write_rate": round(claims / elapsed, 1),
        "write_rate_cpu": round(claims / cpu, 1),
        "write_rate_with_digest": round(claims / (elapsed + digest_wall), 1),
        "write_rate_with_digest_cpu": round(claims / (cpu + digest_cpu), 1),
        "digest_us": {
            "wall": round(digest_wall / claims * 1e6, 1),
            "cpu": round(digest_cpu / claims * 1e6, 1),
        },
        "lookup_known_ms": known,
        "lookup_unknown_ms": unknown,
        "recrawl_rate": round(recrawl_rate, 1),
        "recrawl_unchanged": unchanged,
        "near_duplicates_marked": near_copies,
        "rows": counts,
        "per_claim_us": phases.per_item(claims),
        "per_claim_io": io,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, default=500, help="records per sync + commit (default 500)")
    parser.add_argument(
        "--claims",
        type=int,
        default=20_000,
        help="articles of each size that go through claim(); the rest are preloaded (default 20,000)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="state-bench-") as folder:
            figures = measure(size, args.batch, Path(folder), claims=args.claims)
        results.append(figures)
        known, unknown = figures["lookup_known_ms"], figures["lookup_unknown_ms"]
        print(
            f"{size:>9} articles  {figures['bytes_per_article']:7.1f} B/article"
            f"  write {figures['write_rate']:8.1f}/s (CPU-bound rate {figures['write_rate_cpu']:8.1f}/s;"
            f" with the digests {figures['write_rate_with_digest']:.1f}/s,"
            f" CPU-bound {figures['write_rate_with_digest_cpu']:.1f}/s)"
            f"  recrawl {figures['recrawl_rate']:8.1f}/s"
            f"  lookup p50/p99 known {known['p50']:.3f}/{known['p99']:.3f} ms"
            f" (CPU {known['cpu_p50']:.3f}/{known['cpu_p99']:.3f}; {known['preempted']} preempted,"
            f" p99 of the rest {known['p99_not_preempted']:.3f})"
            f" unknown {unknown['p50']:.3f}/{unknown['p99']:.3f} ms"
            f" (CPU {unknown['cpu_p50']:.3f}/{unknown['cpu_p99']:.3f}; {unknown['preempted']} preempted,"
            f" p99 of the rest {unknown['p99_not_preempted']:.3f})"
            f"  near-copies marked {figures['near_duplicates_marked']} of {figures['claimed'] // 20}",
            flush=True,
        )
        parts = ", ".join(
            f"{name} {spent['wall']:.0f}/{spent['cpu']:.0f}"
            for name, spent in {"digest": figures["digest_us"], **figures["per_claim_us"]}.items()
        )
        io = figures["per_claim_io"]
        print(
            f"{'':>9} per claimed article: wall/CPU us {parts}"
            + (
                f"; {io['syscr']:.1f} read calls, {io['syscw']:.1f} write calls,"
                f" {io['write_bytes'] / 1000:.1f} kB written to disk"
                if io
                else ""
            ),
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
