"""The state store: what earlier crawls saw, kept in SQLite between runs.

One row per canonical article (content fingerprint, version, validators, dates, first/last seen,
MinHash signature), one row per fetched URL whose canonical form is not its article's key (with the
ETag / Last-Modified to send next time), the band buckets of the near-duplicate index, and the runs.
Writing a record and committing its state can't be one atomic act (the record goes to a JSON Lines
file), so a decision goes through two steps:

1. :meth:`StateStore.claim` decides ``new`` / ``changed`` / ``unchanged`` and, for a record to emit,
   stores a *pending* row in the same SQLite transaction (so two workers never both emit it);
2. :meth:`StateStore.commit_keys` (or :meth:`StateStore.finish_run`) turns pending rows into article
   rows once the writer has durably written their records. A run that died (SIGKILL, power cut)
   left pending rows: the next run's :meth:`StateStore.recover` keeps those whose record is found
   complete in the dead run's output file and forgets the others, so their articles are fetched and
   emitted again.

Either way an article is never lost (its state only advances once its record is on disk) and never
written twice (a record on disk always advances its state before the next decision).

Writes are grouped: claims are committed together, up to :data:`GROUP_CLAIMS` of them or
:data:`GROUP_SECONDS` per transaction (and at any other write, :meth:`StateStore.flush`, ``close``
and the run's end), and SQLite runs in WAL mode with ``synchronous=NORMAL``, so a commit costs no
``fsync``. What must survive a crash is made durable once for many decisions by
:meth:`StateStore.sync`, which the writer triggers before it makes records durable, and at the
run's start and end. The rule that keeps a crash (``kill -9``, power cut) from losing or doubling
an article:

* a record is published (made durable in the output) only after its pending row is durable
  (``sync`` first, then the output's ``fsync`` + rename);
* its article row may lag behind (committed without ``fsync``, or not yet committed when the run
  died): :meth:`StateStore.recover` rebuilds it from the pending row and the dead run's output.

So after any crash, an article whose record is in the output counts as stored (the next run won't
emit it again), and one whose record isn't is forgotten (the next run emits it). A claim still in an
open group when the process dies was never published (publishing syncs the group first): it is
simply gone, with its record.

Reads never wait: in WAL mode a lookup (:meth:`StateStore.validators`, two index probes in one
statement) reads the last committed snapshot while another worker's group holds the write lock.

Size: rows are found by a 64-bit hash of their URL (an 8-byte index entry, checked against the URL
itself), band buckets name articles by that hash, fingerprints are stored as 16 raw bytes, times as
integer microseconds, signatures as 16-bit b-bit MinHash values: under 1 KB per article on disk
(``python -m bench.state_store --sizes 10000 100000 1000000``: bytes per article, write rate,
lookup latency). Pending rows live in a table without rowid keyed by (hash, key) (one B-tree
write per claim), and new stores use 2 KiB pages (:data:`PAGE_SIZE`): the band rows a claim inserts
at random places then rewrite less of the file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from newsscraper.crawl.urls import url_identity
from newsscraper.state.fingerprint import RecordDigest, content_fingerprint, minhash_signature
from newsscraper.state.neardup import SCHEMA as NEARDUP_SCHEMA
from newsscraper.state.neardup import NearDuplicateIndex

DB_NAME = "state.sqlite3"

FORMAT = 4
"""The store's on-disk format (SQLite ``user_version``). Older formats are migrated in place when
opened: format 1 (text keys, hex fingerprints, ISO-8601 times, signatures in their own table) by
:func:`_migrate_format_1`, format 2 (pending rows in a rowid table with two indexes, MinHash
signatures of CRC-32 word hashes) by :func:`_migrate_format_2`, format 3 (64-bit band buckets)
by :func:`_migrate_format_3`."""

BUSY_TIMEOUT_MS = 60_000
"""How long a writer waits for another worker's transaction; transactions here last milliseconds,
so a minute only runs out when a worker is wedged."""

HEARTBEAT_STALE = timedelta(minutes=10)
"""A run on another host whose heartbeat is older than this is taken as dead (its pending rows are
recovered). Heartbeats are written at least every 30 s while a run makes decisions."""

LISTED_KEEP = timedelta(days=2)
"""Sitemap dates older than this are deleted when a run starts (they can't count any more)."""

GROUP_CLAIMS = 200
"""Claims committed together in one SQLite transaction (see :meth:`StateStore._grouped`): a
commit costs as much as a few claims, so grouping them is what lets the store keep up with a
thousand articles a second."""

GROUP_SECONDS = 0.5
"""A group of claims is committed after this long, so another worker never waits longer for the
write lock (the crawl also calls :meth:`StateStore.flush` on a timer of this period)."""

PAGE_SIZE = 2048
"""SQLite page size of a new store, in bytes (SQLite's default is 4096). A new article inserts 9
band rows at random places of the band table's B-tree, so each dirties 9 pages that the commit
writes to the write-ahead log and the checkpoint writes again: smaller pages write less for the
same rows. Claims at 100,000 articles (``bench/state_store.py``'s load) wrote 71 kB to disk per
claim with 4 KiB pages, 52 kB with a 32 MiB :data:`WAL_CHECKPOINT_BYTES`, 37 kB with both; 1 KiB pages
(20 kB) cost too much space (two ~400-byte article rows to a page, pending rows on overflow
pages: 1.4 kB per article in ``tests/test_state_store.py``'s size test, 0.9 kB with 2 KiB)."""

WAL_CHECKPOINT_BYTES = 128 * 1024 * 1024
"""The least the write-ahead log holds before it is copied into the database (SQLite's default:
1,000 pages): a page rewritten by many commits is copied once, at the price of a log of this size
beside the database while a crawl runs (SQLite removes it when the store is closed). A claim
dirties ~10 pages at random places (9 band rows, the URL-hash index), so the fewer checkpoints,
the fewer times each is written: disk writes per claim with 32 MiB / 128 MiB
(``bench/state_store.py``'s load, 20,000 claims, /proc/self/io ``write_bytes``): 60 / 32 kB at
100,000 articles, 222-235 / 70-92 kB at 1,000,000. The price: a checkpoint, when it comes, copies up to
this much (a pause of a second or two of the worker that triggers it, not of the others)."""

WAL_CHECKPOINT_SHARE = 0.5
"""A larger database checkpoints once its log holds this share of the database's size (up to
:data:`WAL_CHECKPOINT_MAX_BYTES`). A checkpoint copies each page of the log once however often
it was rewritten, and a claim's pages are spread over the whole file: a log small beside the
database copies the same random leaves again at every checkpoint, one as large as the database
holds mostly repeats. Measured at 1,000,000 articles (700 MB; ``bench/state_store.py``, 20,000
claims with the final checkpoint timed): see ``bench/README.md``."""

WAL_CHECKPOINT_MAX_BYTES = 512 * 1024 * 1024
"""The most the write-ahead log holds before a checkpoint, whatever the database's size."""

CACHE_BYTES = 32 * 1024 * 1024
"""SQLite's page cache per connection (its default: 2 MB). Bounded, so memory stays flat however
many articles the store holds; large enough for the inner pages of the band and URL-hash indexes
and the articles just written, so a claim reads fewer pages from the OS: 24 -> 15 read calls per
claim at 1,000,000 articles with 8 MiB -> 32 MiB. (A memory map of the file would read less still,
but every page it touches counts in the crawl's resident memory, which ``bench/crawl_memory.py``
bounds.)"""

LISTED_BATCH = 500
"""Sitemap dates are written in batches of this many (one transaction each)."""

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    key TEXT NOT NULL,
    url TEXT,
    fingerprint BLOB NOT NULL,
    previous_fingerprint BLOB,
    version INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at INTEGER NOT NULL,
    date_published TEXT,
    date_modified TEXT,
    near_duplicate_of INTEGER,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    minhash BLOB
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (hash);
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    url TEXT NOT NULL,
    article INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_hash ON urls (hash);
CREATE TABLE IF NOT EXISTS pending (
    hash INTEGER NOT NULL,
    key TEXT NOT NULL,
    run_id TEXT NOT NULL,
    url TEXT,
    fetched_url TEXT NOT NULL,
    fingerprint BLOB NOT NULL,
    previous_fingerprint BLOB,
    version INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    date_published TEXT,
    date_modified TEXT,
    near_duplicate_of INTEGER,
    minhash BLOB,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (hash, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listed (
    url TEXT PRIMARY KEY,
    lastmod TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    proc TEXT,
    started TEXT NOT NULL,
    heartbeat TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    output TEXT,
    output_offset INTEGER NOT NULL DEFAULT 0,
    stats TEXT
);
"""
    + NEARDUP_SCHEMA
)

Status = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one extracted article."""

    status: Status
    emit: bool
    """Whether the record goes to the output (new, changed, or any article under ``full``)."""
    key: str
    """Canonical identity of the article (canonical URL, canonicalised)."""
    fingerprint: str
    """Content fingerprint, 32 hex digits (:func:`content_fingerprint`)."""
    version: int
    """Version the emitted record carries: 1 for new, n + 1 for changed, n for unchanged."""
    previous_fingerprint: str | None
    near_duplicate_of: str | None
    """URL of an earlier article with (nearly) the same body, when there is one."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the store knows about one fetched URL."""

    key: str
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


def now_utc() -> str:
    """Current time, ISO 8601 UTC with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _micros(moment: datetime | None = None) -> int:
    """Microseconds since the Unix epoch (the store's time unit)."""
    moment = moment or datetime.now(UTC)
    return int(moment.timestamp() * 1_000_000)


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, UTC)


def _iso(micros: int | None) -> str | None:
    return None if micros is None else _moment(micros).isoformat(timespec="microseconds")


def _hex(value: bytes | None) -> str | None:
    return None if value is None else value.hex()


def url_hash(url: str) -> int:
    """The indexed hash of ``url``: its BLAKE2b digest's first 8 bytes as a signed integer.

    Rows are found by this 8-byte hash (an index entry of ~20 bytes instead of the URL's ~70) and
    then checked against the URL itself, so two URLs with the same hash stay apart.

    >>> url_hash("https://n.test/a") == url_hash("https://n.test/a") != url_hash("https://n.test/b")
    True
    """
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def article_key(record: dict[str, Any]) -> str:
    """Return the identity of a record: its canonical URL (else URL) as :func:`url_identity` spells it.

    >>> article_key({"canonicalUrl": "https://x.test/a?b=2&utm_source=m&a=1#top", "url": "https://x.test/z"})
    'https://x.test/a?a=1&b=2'
    """
    return _canon(str(record.get("canonicalUrl") or record.get("url") or ""))


def _proc_start(pid: int) -> str | None:
    """Start time of process ``pid`` (Linux ``/proc``, clock ticks since boot), ``None`` elsewhere.

    Tells a live run from a dead one whose process id was reused by another process.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19].decode() if len(fields) > 19 else None


def _pid_alive(pid: int, proc: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return proc is None or _proc_start(pid) in (None, proc)


def store_problem(directory: str | os.PathLike[str]) -> str | None:
    """Why the state store in ``directory`` cannot be opened, ``None`` when it can or is not made
    yet: a file that is not SQLite, a damaged one, or one written by a newer newsscraper.

    Asked before a crawl starts (``crawl.runner.check_settings``): opened inside the crawl, such a
    store ended it in 80 lines of tracebacks and a summary naming an output never made. Only read:
    nothing is made or migrated here.

    >>> store_problem("/nonexistent/state") is None
    True
    """
    path = Path(directory) / DB_NAME
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the schema pages
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return (
            f"{path} is not a state store that can be read ({exc}); move it aside to start afresh "
            "(the next run then writes every article as new)"
        )
    if version > FORMAT:
        return f"{path}: state store format {version} is newer than this newsscraper's ({FORMAT})"
    return None


class StateStore:
    """The SQLite state store in ``directory`` (created when missing).

    Raises :class:`sqlite3.DatabaseError` when the file is not a state store, ``ValueError`` when
    it was written by a newer newsscraper (a format this version doesn't know), ``RuntimeError``
    when Python's SQLite is older than 3.35.
    """

    def __init__(self, directory: str | os.PathLike[str], *, full: bool = False) -> None:
        if sqlite3.sqlite_version_info < (3, 35):  # UPDATE ... RETURNING
            raise RuntimeError(
                f"the state store needs SQLite 3.35 or later, this Python has {sqlite3.sqlite_version}"
            )
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DB_NAME
        self.full = full
        self.run_id: str | None = None
        self.neardup = NearDuplicateIndex()
        self._last_heartbeat = datetime.min.replace(tzinfo=UTC)
        self._listed: list[tuple[str, str, str]] = []
        self._run_started = now_utc()
        self._group_started: float | None = None
        self._group_size = 0
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE takes the write lock
        # up front, so two workers deciding about one article serialise instead of deadlocking).
        self.conn = sqlite3.connect(
            self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        # Only a new file takes the page size (an existing store keeps its own).
        self.conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        _journal_wal(self.conn)
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(f"PRAGMA cache_size=-{CACHE_BYTES // 1024}")
        with self._transaction(durable=True) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > FORMAT:
                raise ValueError(
                    f"{self.path}: state store format {version} is newer than this newsscraper's ({FORMAT})"
                )
            if version < FORMAT and _columns(conn, "articles"):
                if "hash" not in _columns(conn, "articles"):
                    _migrate_format_1(conn)
                elif version < 3:
                    _migrate_format_2(conn)
                else:
                    _migrate_format_3(conn)
            _create_tables(conn)
            conn.execute(f"PRAGMA user_version = {FORMAT}")
        # The pending rows :meth:`_commit` moves at once: this connection's own table, in memory,
        # made by the statement that made ``pending`` (same columns and key; no part of the format).
        self.conn.execute("PRAGMA temp_store=MEMORY")
        (pending,) = self.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'pending'").fetchone()
        self.conn.execute(str(pending).replace("CREATE TABLE pending", "CREATE TEMP TABLE committing", 1))
        self._size_checkpoints()

    def _size_checkpoints(self) -> None:
        """Set SQLite's automatic checkpoint to :data:`WAL_CHECKPOINT_SHARE` of the database's
        size, within :data:`WAL_CHECKPOINT_BYTES` and :data:`WAL_CHECKPOINT_MAX_BYTES`."""
        page_size = int(self.conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(self.conn.execute("PRAGMA page_count").fetchone()[0])
        wanted = min(
            WAL_CHECKPOINT_MAX_BYTES, max(WAL_CHECKPOINT_BYTES, pages * page_size * WAL_CHECKPOINT_SHARE)
        )
        self.conn.execute(f"PRAGMA wal_autocheckpoint={max(1000, int(wanted) // page_size)}")

    # -- plumbing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction (after the open group of claims, if any, is committed);
        ``durable`` ones are on disk when the block ends (an fsync)."""
        self.flush()
        if durable:
            self.conn.execute("PRAGMA synchronous=FULL")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        finally:
            if durable:
                self.conn.execute("PRAGMA synchronous=NORMAL")

    @contextlib.contextmanager
    def _grouped(self) -> Iterator[sqlite3.Connection]:
        """One claim's writes, inside the open group transaction (a savepoint of it).

        The group holds SQLite's write lock: another worker's claim waits for the group's
        commit, then sees this group's pending rows, so no two workers emit one article. A group
        ends after :data:`GROUP_CLAIMS` claims or :data:`GROUP_SECONDS`, at any other write, and at
        :meth:`flush` (which the crawl calls on a timer, so an idle worker never keeps the lock).
        """
        if self._group_started is None:
            self.conn.execute("BEGIN IMMEDIATE")
            self._group_started, self._group_size = time.monotonic(), 0
        self.conn.execute("SAVEPOINT claim")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK TO claim")
            self.conn.execute("RELEASE claim")
            raise
        self.conn.execute("RELEASE claim")
        self._group_size += 1
        if self._group_size >= GROUP_CLAIMS or time.monotonic() - self._group_started >= GROUP_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Commit the open group of claims, if any (no fsync: see :meth:`sync`)."""
        if self._group_started is not None:
            self._group_started = None
            self.conn.execute("COMMIT")

    def sync(self) -> None:
        """Make every decision taken so far durable (one ``fsync`` of the write-ahead log).

        Call it before making records durable elsewhere: a record on disk must never be newer
        than its pending row (else a power cut could let the next run emit it again).
        """
        with self._transaction(durable=True) as conn:
            self._heartbeat(conn, force=True)

    def close(self) -> None:
        """Close the database (pending rows stay for :meth:`recover`)."""
        with contextlib.suppress(sqlite3.Error):
            self.flush()
            self.flush_listed()
        self.conn.close()

    # -- runs -------------------------------------------------------------------------------------

    def begin_run(self, output: str | os.PathLike[str] | None = None) -> str:
        """Register a run writing to ``output`` (a JSON Lines path); return its id."""
        run_id = uuid.uuid4().hex
        offset = 0
        if output is not None:
            with contextlib.suppress(OSError):
                offset = os.path.getsize(output)
        stamp = now_utc()
        with self._transaction(durable=True) as conn:
            conn.execute(
                "INSERT INTO runs (run_id, host, pid, proc, started, heartbeat, status, output,"
                " output_offset) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)",
                (
                    run_id,
                    socket.gethostname(),
                    os.getpid(),
                    _proc_start(os.getpid()),
                    stamp,
                    stamp,
                    # Absolute: the run that recovers this one may start in another folder.
                    None if output is None else os.path.abspath(output),
                    offset,
                ),
            )
            old = (datetime.now(UTC) - LISTED_KEEP).isoformat()
            conn.execute("DELETE FROM listed WHERE seen_at < ?", (old,))
        self.run_id = run_id
        self._run_started = stamp
        self._size_checkpoints()  # the store may have grown since it was opened
        return run_id

    def _heartbeat(self, conn: sqlite3.Connection, *, force: bool = False) -> None:
        moment = datetime.now(UTC)
        if self.run_id and (force or moment - self._last_heartbeat > timedelta(seconds=30)):
            conn.execute("UPDATE runs SET heartbeat = ? WHERE run_id = ?", (moment.isoformat(), self.run_id))
            self._last_heartbeat = moment

    def _dead_runs(self) -> list[tuple[str, str | None]]:
        host = socket.gethostname()
        stale = (datetime.now(UTC) - HEARTBEAT_STALE).isoformat()
        dead = []
        rows = self.conn.execute(
            "SELECT run_id, host, pid, proc, heartbeat, output FROM runs"
            " WHERE status = 'running' OR run_id IN (SELECT DISTINCT run_id FROM pending)"
        ).fetchall()
        for run_id, run_host, pid, proc, heartbeat, output in rows:
            if run_id == self.run_id:
                continue
            alive = _pid_alive(pid, proc) if run_host == host else heartbeat > stale
            if pid == os.getpid() and run_host == host:
                alive = False  # an earlier run in this same process that never committed
            if not alive:
                dead.append((run_id, output))
        return dead

    def recover(self) -> dict[str, int]:
        """Settle the pending rows of dead runs; return counts ``committed`` / ``forgotten``.

        A pending record found complete in the dead run's output file (same content fingerprint,
        same URL) is committed; one that isn't is forgotten, so the next crawl fetches and emits it
        again.
        """
        counts = {"committed": 0, "forgotten": 0}
        for run_id, output in self._dead_runs():
            on_disk = _records_in(output) if output else set()
            rows = self.conn.execute(
                "SELECT key, fetched_url, fingerprint FROM pending WHERE run_id = ?", (run_id,)
            ).fetchall()
            with self._transaction(durable=True) as conn:
                found = []
                for key, fetched, fingerprint in rows:
                    if (fingerprint.hex(), _canon(key)) in on_disk or (
                        fingerprint.hex(),
                        _canon(fetched),
                    ) in on_disk:
                        found.append(key)
                    else:
                        counts["forgotten"] += self._forget(conn, key, run_id)
                counts["committed"] += self._commit(conn, found, run_id)
                conn.execute(
                    "UPDATE runs SET status = 'killed', finished = ? WHERE run_id = ? AND status = 'running'",
                    (now_utc(), run_id),
                )
        return counts

    def commit_keys(self, keys: Iterable[str]) -> int:
        """Commit this run's pending records ``keys`` (their records are durably written)."""
        with self._transaction() as conn:
            return self._commit(conn, keys, self.run_id or "")

    def finish_run(
        self, status: str = "finished", stats: dict[str, Any] | None = None, *, commit: bool = False
    ) -> int:
        """Close this run: with ``commit``, commit its pending records, else forget them.

        Pass ``commit=True`` only when everything handed to the writer is durably written (the
        writer closed its file); records that were never written are forgotten, so the next run
        fetches and emits them.
        """
        if self.run_id is None:
            return 0
        with self._transaction(durable=True) as conn:
            keys = [
                row[0] for row in conn.execute("SELECT key FROM pending WHERE run_id = ?", (self.run_id,))
            ]
            done = self._commit(conn, keys, self.run_id) if commit else 0
            if not commit:
                for key in keys:
                    self._forget(conn, key, self.run_id)
            conn.execute(
                "UPDATE runs SET status = ?, finished = ?, stats = ? WHERE run_id = ?",
                (status, now_utc(), json.dumps(stats or {}, default=str), self.run_id),
            )
        return done

    # -- decisions --------------------------------------------------------------------------------

    def _find_article(self, conn: sqlite3.Connection, url: str) -> tuple[int, str] | None:
        """The id and key of the committed article fetched as (or canonical at) ``url``, if any."""
        canonical = _canon(url)
        row = conn.execute(
            "SELECT a.id, a.key FROM urls u JOIN articles a ON a.id = u.article"
            " WHERE u.hash = ? AND u.url = ?",
            (url_hash(canonical), canonical),
        ).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT id, key FROM articles WHERE hash = ? AND key = ?", (url_hash(canonical), canonical)
            ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def validators(self, url: str) -> Validators | None:
        """Return what the store knows about fetched URL ``url`` (committed articles only)."""
        canonical = _canon(url)
        hashed = url_hash(canonical)
        # One statement (the fetched URL's own row first, else the article's): a lookup is two
        # index probes and no second round trip.
        row = self.conn.execute(
            "SELECT a.key, u.etag, u.last_modified, u.fetched_at FROM urls u"
            " JOIN articles a ON a.id = u.article WHERE u.hash = ? AND u.url = ?"
            " UNION ALL SELECT key, etag, last_modified, fetched_at FROM articles WHERE hash = ? AND key = ?"
            " LIMIT 1",
            (hashed, canonical, hashed, canonical),
        ).fetchone()
        if row is None:
            return None
        return Validators(row[0], row[1], row[2], _moment(row[3]))

    def remember_lastmod(self, url: str, lastmod: str) -> None:
        """Record the ``<lastmod>`` a sitemap gives ``url`` in this run (written in batches)."""
        self._listed.append((url, lastmod, now_utc()))
        if len(self._listed) >= LISTED_BATCH:
            self.flush_listed()

    def flush_listed(self) -> None:
        """Write the buffered sitemap dates."""
        if not self._listed:
            return
        batch, self._listed = self._listed, []
        with self._transaction() as conn:
            conn.executemany(
                "INSERT INTO listed (url, lastmod, seen_at) VALUES (?, ?, ?) ON CONFLICT(url)"
                " DO UPDATE SET lastmod = excluded.lastmod, seen_at = excluded.seen_at",
                batch,
            )

    def listed_lastmod(self, url: str) -> str | None:
        """The ``<lastmod>`` a sitemap gave ``url`` since this run started.

        Only dates read since this run started count (also those read by other workers of a
        shared crawl): an older date may predate an edit the current sitemap announces.
        """
        self.flush_listed()
        row = self.conn.execute(
            "SELECT lastmod FROM listed WHERE url = ? AND seen_at >= ?", (url, self._run_started)
        ).fetchone()
        return str(row[0]) if row else None

    def claim(
        self,
        record: dict[str, Any],
        *,
        key: str | None = None,
        fetched_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        digest: RecordDigest | None = None,
    ) -> Decision:
        """Decide whether ``record`` is new, changed or unchanged, and reserve it for emission.

        ``key`` is the article's identity (the crawler's canonical URL; default
        :func:`article_key`), ``fetched_url`` the URL whose validators (``etag``,
        ``last_modified``) the response carried. ``digest`` is the record's
        :func:`~newsscraper.state.fingerprint.record_digest`, when the caller computed it ahead
        (else, or when it is not the record's any more, it is computed here, the MinHash only when
        the record is new or changed).
        """
        if digest is not None and not digest.of(record):
            digest = None
        key = key or article_key(record)
        url = str(record.get("canonicalUrl") or record.get("url") or key)
        fetched = fetched_url or str(record.get("url") or url)
        fingerprint = content_fingerprint(record) if digest is None else digest.fingerprint
        content = bytes.fromhex(fingerprint)
        signature: bytes | None = None
        stamp = _micros()
        with self._grouped() as conn:
            self._heartbeat(conn)
            article = url_hash(key)
            pending = committed = None
            for row in conn.execute(
                "SELECT 0, fingerprint, version, minhash, NULL FROM pending WHERE hash = ? AND key = ?"
                " UNION ALL SELECT 1, fingerprint, version, minhash, near_duplicate_of FROM articles"
                " WHERE hash = ? AND key = ?",
                (article, key, article, key),
            ):
                if row[0]:
                    committed = row[1:]
                else:
                    pending = row[1:]
            base = pending or committed
            near: int | None = committed[3] if committed else None
            if base is None:
                status: Status = "new"
                version, previous = 1, None
            elif base[0] == content:
                status, version, previous = "unchanged", int(base[1]), None
            else:
                status, version, previous = "changed", int(base[1]) + 1, bytes(base[0])
            if status != "unchanged":
                if base is not None and base[2] is not None:
                    self.neardup.remove(conn, article, base[2])
                near = None
                # Only a record to emit needs its signature (the costliest step of a claim): an
                # unchanged one keeps the stored one.
                if digest is None:
                    signature = minhash_signature(str(record.get("articleBody") or ""))
                else:
                    signature = digest.minhash
                if signature is not None:
                    buckets = self.neardup.buckets(signature)
                    near = self._nearest(conn, key, signature, buckets)
                    self.neardup.add(conn, article, signature, buckets)
            emit = status != "unchanged" or self.full
            if status == "unchanged" and pending is None:
                # Nothing to write: refresh last-seen and this URL's validators right away.
                self._store_validators(conn, key, fetched, etag, last_modified, stamp)
            elif status != "unchanged":
                conn.execute(
                    "INSERT OR REPLACE INTO pending (key, hash, run_id, url, fetched_url, fingerprint,"
                    " previous_fingerprint, version, etag, last_modified, date_published,"
                    " date_modified, near_duplicate_of, minhash, claimed_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        article,
                        self.run_id or "",
                        None if url == key else url,
                        fetched,
                        content,
                        previous,
                        version,
                        etag,
                        last_modified,
                        record.get("datePublished"),
                        record.get("dateModified"),
                        near,
                        signature,
                        stamp,
                    ),
                )
            near_url = self._url_of(conn, near)
        return Decision(status, emit, key, fingerprint, version, _hex(previous), near_url)

    def _nearest(
        self, conn: sqlite3.Connection, key: str, signature: bytes, buckets: list[int] | None = None
    ) -> int | None:
        """The hash of the earliest-seen other article similar to ``signature`` (whose band
        ``buckets`` may be given), if any."""
        best: tuple[int, int] | None = None
        for candidate in sorted(self.neardup.candidates(conn, signature, buckets)):
            rows = conn.execute(
                "SELECT key, first_seen, minhash FROM articles WHERE hash = ?"
                " UNION ALL SELECT key, claimed_at, minhash FROM pending WHERE hash = ?",
                (candidate, candidate),
            )
            for other, seen, minhash in rows:
                if other == key or minhash is None or not self.neardup.similar(minhash, signature):
                    continue
                if best is None or seen < best[0]:
                    best = (seen, candidate)
        return best[1] if best else None

    def _url_of(self, conn: sqlite3.Connection, article: int | None) -> str | None:
        """The URL of the article with hash ``article`` (the first one, on a hash collision)."""
        if article is None:
            return None
        row = conn.execute(
            "SELECT coalesce(url, key) FROM articles WHERE hash = ?"
            " UNION ALL SELECT coalesce(url, key) FROM pending WHERE hash = ?",
            (article, article),
        ).fetchone()
        return None if row is None else str(row[0])

    def release(self, key: str) -> None:
        """Forget this run's pending record ``key`` (it was dropped after the decision)."""
        with self._transaction() as conn:
            self._forget(conn, key, self.run_id or "")

    def touch(self, url: str) -> None:
        """Record that ``url`` was seen unchanged without fetching its body (304, lastmod)."""
        with self._transaction() as conn:
            found = self._find_article(conn, url)
            if found is not None:
                conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (_micros(), found[0]))

    def _store_validators(
        self,
        conn: sqlite3.Connection,
        key: str,
        fetched: str,
        etag: str | None,
        last_modified: str | None,
        stamp: int,
        article: int | None = None,
    ) -> None:
        """Keep the validators of fetching ``fetched`` for article ``key``.

        On the article's row (unless ``article``, its id, is given: the caller just wrote them
        there), and on a ``urls`` row when the fetched URL's canonical form is not ``key``.
        """
        if article is None:
            row = conn.execute(
                "UPDATE articles SET etag = ?, last_modified = ?, fetched_at = ?, last_seen = ?"
                " WHERE hash = ? AND key = ? RETURNING id",
                (etag, last_modified, stamp, stamp, url_hash(key), key),
            ).fetchone()
            if row is None:
                return
            article = int(row[0])
        if fetched == key:
            return
        canonical = _canon(fetched)
        if canonical == key:
            return
        hashed = url_hash(canonical)
        values = (article, etag, last_modified, stamp, hashed, canonical)
        updated = conn.execute(
            "UPDATE urls SET article = ?, etag = ?, last_modified = ?, fetched_at = ?"
            " WHERE hash = ? AND url = ?",
            values,
        )
        if not updated.rowcount:
            conn.execute(
                "INSERT INTO urls (article, etag, last_modified, fetched_at, hash, url)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def _commit(self, conn: sqlite3.Connection, keys: Iterable[str], run_id: str) -> int:
        """Turn ``run_id``'s pending rows of ``keys`` into their articles' committed rows; return
        how many there were (a key without such a pending row is skipped).

        Set-based: the pending rows move to a temporary table (one statement stepped per key, no
        Python round trip), leave ``pending`` (whose pages the new article rows then reuse), and
        two statements update the existing articles and insert the new ones, instead of three
        statements and a round trip per article. Only a fetched URL whose canonical form is not its
        article's key (a redirect, a tracking parameter) takes a statement of its own, for its
        ``urls`` row.
        """
        conn.executemany(
            "INSERT OR IGNORE INTO temp.committing"
            " SELECT * FROM pending WHERE hash = ? AND key = ? AND run_id = ?",
            ((url_hash(k), k, run_id) for k in keys),
        )
        try:
            done = conn.execute(
                "DELETE FROM pending WHERE (hash, key) IN (SELECT hash, key FROM temp.committing)"
            ).rowcount
            # CROSS JOIN fixes the order: from the moved rows to their articles, never a scan.
            conn.execute(
                "UPDATE articles SET (url, fingerprint, previous_fingerprint, version, etag, last_modified,"
                " fetched_at, date_published, date_modified, near_duplicate_of, last_seen, minhash) ="
                " (SELECT url, fingerprint, previous_fingerprint, version, etag, last_modified, claimed_at,"
                " date_published, date_modified, near_duplicate_of, claimed_at, minhash"
                " FROM temp.committing c WHERE c.hash = articles.hash AND c.key = articles.key)"
                " WHERE id IN (SELECT a.id FROM temp.committing c"
                " CROSS JOIN articles a ON a.hash = c.hash AND a.key = c.key)"
            )
            conn.execute(
                "INSERT INTO articles (hash, key, url, fingerprint, previous_fingerprint, version, etag,"
                " last_modified, fetched_at, date_published, date_modified, near_duplicate_of, first_seen,"
                " last_seen, minhash) SELECT hash, key, url, fingerprint, previous_fingerprint, version,"
                " etag, last_modified, claimed_at, date_published, date_modified, near_duplicate_of,"
                " claimed_at, claimed_at, minhash FROM temp.committing c"
                " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.hash = c.hash AND a.key = c.key)"
            )
            redirected = conn.execute(
                "SELECT a.id, c.key, c.fetched_url, c.etag, c.last_modified, c.claimed_at"
                " FROM temp.committing c CROSS JOIN articles a ON a.hash = c.hash AND a.key = c.key"
                " WHERE c.fetched_url != c.key"
            ).fetchall()
            for article, key, fetched, etag, lastmod, stamp in redirected:
                self._store_validators(conn, key, fetched, etag, lastmod, stamp, article=article)
            return int(done)
        finally:
            conn.execute("DELETE FROM temp.committing")

    def _forget(self, conn: sqlite3.Connection, key: str, run_id: str) -> int:
        """Drop ``run_id``'s pending row of ``key``; the article's committed signature (if any) is
        indexed again. Return 1, or 0 when there is no such pending row."""
        hashed = url_hash(key)
        row = conn.execute(
            "SELECT minhash FROM pending WHERE hash = ? AND key = ? AND run_id = ?", (hashed, key, run_id)
        ).fetchone()
        if row is None:
            return 0
        minhash = row[0]
        if minhash is not None:
            self.neardup.remove(conn, hashed, minhash)
        committed = conn.execute(
            "SELECT minhash FROM articles WHERE hash = ? AND key = ?", (hashed, key)
        ).fetchone()
        if committed is not None and committed[0] is not None:
            self.neardup.add(conn, hashed, committed[0])
        conn.execute("DELETE FROM pending WHERE hash = ? AND key = ?", (hashed, key))
        return 1

    # -- inspection -------------------------------------------------------------------------------

    def article(self, key: str) -> dict[str, Any] | None:
        """Return the committed row of article ``key`` as a dict (for reports and tests).

        Keys: ``key``, ``url``, ``fingerprint`` and ``previous_fingerprint`` (hex), ``version``,
        ``etag``, ``last_modified``, ``fetched_at``, ``first_seen``, ``last_seen`` (ISO 8601 UTC),
        ``date_published``, ``date_modified``, ``near_duplicate_of`` (a URL).
        """
        row = self.conn.execute(
            "SELECT coalesce(url, key), fingerprint, previous_fingerprint, version, etag,"
            " last_modified, fetched_at, first_seen, last_seen, date_published, date_modified,"
            " near_duplicate_of FROM articles WHERE hash = ? AND key = ?",
            (url_hash(key), key),
        ).fetchone()
        if row is None:
            return None
        (url, fp, prev, version, etag, lastmod, fetched, first, last, published, modified, near) = row
        return {
            "key": key,
            "url": url,
            "fingerprint": fp.hex(),
            "previous_fingerprint": _hex(prev),
            "version": version,
            "etag": etag,
            "last_modified": lastmod,
            "fetched_at": _iso(fetched),
            "first_seen": _iso(first),
            "last_seen": _iso(last),
            "date_published": published,
            "date_modified": modified,
            "near_duplicate_of": self._url_of(self.conn, near),
        }

    def counts(self) -> dict[str, int]:
        """Return the number of rows per table."""
        tables = ("articles", "urls", "pending", "runs", "listed", "bands")
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    def integrity_ok(self) -> bool:
        """Whether SQLite's integrity check passes."""
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _create_tables(conn: sqlite3.Connection) -> None:
    # Statement by statement: executescript() would commit the caller's transaction first.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def _journal_wal(conn: sqlite3.Connection, timeout_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Switch ``conn``'s database to write-ahead logging, waiting up to ``timeout_s`` seconds for
    other workers. Two workers opening a new store at once both switch it: the switch needs an
    exclusive lock that SQLite does not wait for with the busy timeout ("database is locked" at
    once), so it is tried again, 10 ms apart and doubling up to 200 ms. Raises
    ``sqlite3.OperationalError`` for any other error, or when the lock stays taken."""
    deadline = time.monotonic() + timeout_s
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(2 * delay, 0.2)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}


def _migrate_format_1(conn: sqlite3.Connection) -> None:
    """Rewrite a format-1 store (text keys, hex fingerprints, ISO times) in the current format, in place.

    Articles, fetched URLs, pending rows (for :meth:`StateStore.recover`), versions, fingerprints,
    validators and near-duplicate marks are kept. Format-1 MinHash signatures hashed shingles
    differently and can't be compared with today's, so they are dropped: a migrated article is
    no near-duplicate candidate until it changes. Runs inside the caller's transaction: a crash
    leaves the format-1 store as it was.
    """
    for table in ("articles", "urls", "pending", "signatures", "bands"):
        if _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
    conn.execute("DROP INDEX IF EXISTS pending_run")
    conn.execute("DROP INDEX IF EXISTS bands_key")
    _create_tables(conn)
    for name in ("micros", "digest", "url_hash", "canon"):
        conn.create_function(name, 1, _MIGRATION_FUNCTIONS[name], deterministic=True)
    conn.execute(
        "INSERT INTO articles (hash, key, url, fingerprint, previous_fingerprint, version, etag,"
        " last_modified, fetched_at, date_published, date_modified, near_duplicate_of, first_seen,"
        " last_seen) SELECT url_hash(key), key, nullif(url, key), digest(fingerprint),"
        " digest(previous_fingerprint), version, etag, last_modified, micros(last_seen), date_published,"
        " date_modified, (SELECT url_hash(n.key) FROM old_articles n WHERE n.url = o.near_duplicate_of"
        " LIMIT 1), micros(first_seen), micros(last_seen) FROM old_articles o"
    )
    conn.execute(
        "INSERT INTO urls (hash, url, article, etag, last_modified, fetched_at)"
        " SELECT url_hash(canon(u.url)), canon(u.url), a.id, u.etag, u.last_modified, micros(u.fetched_at)"
        " FROM old_urls u JOIN articles a ON a.hash = url_hash(u.key) AND a.key = u.key"
        " WHERE canon(u.url) != u.key"
    )
    conn.execute(
        "INSERT INTO pending (key, hash, run_id, url, fetched_url, fingerprint, previous_fingerprint,"
        " version, etag, last_modified, date_published, date_modified, near_duplicate_of, claimed_at)"
        " SELECT key, url_hash(key), run_id, nullif(url, key), fetched_url, digest(fingerprint),"
        " digest(previous_fingerprint), version, etag, last_modified, date_published, date_modified,"
        " (SELECT url_hash(n.key) FROM old_articles n WHERE n.url = p.near_duplicate_of LIMIT 1),"
        " micros(claimed_at) FROM old_pending p"
    )
    for table in ("articles", "urls", "pending", "signatures", "bands"):
        conn.execute(f"DROP TABLE IF EXISTS old_{table}")


def _migrate_format_2(conn: sqlite3.Connection) -> None:
    """Rewrite a format-2 store as format 3, in place: the pending rows move to a table keyed by
    (hash, key) without a rowid or secondary indexes (one B-tree write per claim instead of four).

    Format-2 MinHash signatures hashed words with CRC-32 and can't be compared with format-3 ones
    (:func:`~newsscraper.state.fingerprint.word_hashes`), so they and their band rows are dropped,
    as :func:`_migrate_format_1` does: a migrated article is no near-duplicate candidate until it
    changes (its ``near_duplicate_of`` mark is kept). Runs inside the caller's transaction.
    """
    columns = (
        "hash, key, run_id, url, fetched_url, fingerprint, previous_fingerprint, version, etag,"
        " last_modified, date_published, date_modified, near_duplicate_of, claimed_at"
    )
    conn.execute("ALTER TABLE pending RENAME TO old_pending")  # its indexes go with it
    _create_tables(conn)
    conn.execute(f"INSERT INTO pending ({columns}) SELECT {columns} FROM old_pending")
    conn.execute("DROP TABLE old_pending")
    conn.execute("UPDATE articles SET minhash = NULL WHERE minhash IS NOT NULL")
    conn.execute("DELETE FROM bands")


def _migrate_format_3(conn: sqlite3.Connection) -> None:
    """Rewrite a format-3 store's band rows with 32-bit buckets (the high half of the 64-bit
    ones, see :meth:`NearDuplicateIndex.buckets`), in place; signatures and everything else are
    kept. Inserted in bucket order, so the new B-tree is built by appending. Runs inside the
    caller's transaction."""
    conn.execute("ALTER TABLE bands RENAME TO old_bands")
    _create_tables(conn)
    conn.execute("INSERT OR IGNORE INTO bands SELECT bucket >> 32, article FROM old_bands ORDER BY 1, 2")
    conn.execute("DROP TABLE old_bands")


_MIGRATION_FUNCTIONS: dict[str, Any] = {
    "micros": lambda text: None if not text else _micros(datetime.fromisoformat(text)),
    "digest": lambda text: None if text is None else bytes.fromhex(text),
    "url_hash": lambda url: url_hash(url),
    "canon": url_identity,
}


@functools.lru_cache(maxsize=4096)
def _canon(url: str) -> str:
    """:func:`url_identity`, remembered for the last few thousand URLs: a crawl asks about one URL
    several times (the request's lookup, the claim, the commit)."""
    return url_identity(url)


def _records_in(output: str) -> set[tuple[str, str]]:
    """Return (fingerprint, canonical URL) pairs of every complete JSON line of ``output``.

    Both the record's ``url`` and its ``canonicalUrl`` are listed, so a pending row matches
    whichever its key came from. A torn last line is skipped: it is not a record.
    """
    found: set[tuple[str, str]] = set()
    try:
        with open(output, "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                with contextlib.suppress(ValueError):
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        continue
                    fingerprint = content_fingerprint(record)
                    for field in ("url", "canonicalUrl"):
                        if record.get(field):
                            found.add((fingerprint, _canon(str(record[field]))))
    except OSError:
        pass
    return found


LASTMOD_MARGIN = timedelta(minutes=15)
"""A sitemap date counts as older than our fetch only with this margin: it absorbs clock skew
between the site and us and the seconds between a page's download and its commit (a page edited in
that window must not be taken as unchanged). Costs at most one refetch of a page edited just
before it was crawled."""


def lastmod_is_older(validators: Validators | None, lastmod: datetime | None) -> bool:
    """Whether a sitemap date says the page didn't change since the store fetched it.

    >>> seen = Validators("k", None, None, datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    >>> lastmod_is_older(seen, datetime(2026, 11, 2, 11, 0, tzinfo=UTC))
    True
    >>> lastmod_is_older(seen, datetime(2026, 11, 2, 11, 50, tzinfo=UTC))  # within the margin
    False
    """
    if validators is None or lastmod is None:
        return False
    if lastmod.tzinfo is None:
        lastmod = lastmod.replace(tzinfo=UTC)
    return lastmod + LASTMOD_MARGIN <= validators.fetched_at
