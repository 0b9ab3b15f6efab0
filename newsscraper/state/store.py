"""The state store: what earlier crawls saw, kept in SQLite between runs.

One row per canonical article (content fingerprint, version, validators, dates, first/last seen),
one row per fetched URL (the on-disk seen-set, with the ETag / Last-Modified to send next time), and
the runs. Writing a record and committing its state can't be one atomic act (the record goes to a
JSON Lines file), so a decision goes through two steps:

1. :meth:`StateStore.claim` decides ``new`` / ``changed`` / ``unchanged`` and, for a record to emit,
   stores a *pending* row in the same SQLite transaction (so two workers never both emit it);
2. :meth:`StateStore.commit_run` turns the run's pending rows into article rows once the writer has
   closed its file. A run that died (SIGKILL, power cut) left pending rows: the next run's
   :meth:`StateStore.recover` keeps those whose record is found complete in the dead run's output
   file and forgets the others, so their articles are fetched and emitted again.

Either way an article is never lost (its state only advances once its record is on disk) and never
written twice (a record on disk always advances its state before the next decision). SQLite runs in
WAL mode with ``synchronous=FULL``; every change is one transaction, so a crash at any moment leaves
the store as it was before or after that change.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from w3lib.url import canonicalize_url

from newsscraper.state.fingerprint import content_fingerprint, minhash_signature
from newsscraper.state.neardup import SCHEMA as NEARDUP_SCHEMA
from newsscraper.state.neardup import NearDuplicateIndex

DB_NAME = "state.sqlite3"

BUSY_TIMEOUT_MS = 60_000
"""How long a writer waits for another worker's transaction; transactions here last milliseconds,
so a minute only runs out when a worker is wedged."""

HEARTBEAT_STALE = timedelta(minutes=10)
"""A run on another host whose heartbeat is older than this is taken as dead (its pending rows are
recovered). Heartbeats are written at least every 30 s while a run makes decisions."""

LISTED_KEEP = timedelta(days=2)
"""Sitemap dates older than this are deleted when a run starts (they can't count any more)."""

LISTED_BATCH = 500
"""Sitemap dates are written in batches of this many (one transaction each)."""

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    previous_fingerprint TEXT,
    version INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    date_published TEXT,
    date_modified TEXT,
    near_duplicate_of TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    written INTEGER NOT NULL DEFAULT 0,
    url TEXT NOT NULL,
    fetched_url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    previous_fingerprint TEXT,
    version INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    date_published TEXT,
    date_modified TEXT,
    near_duplicate_of TEXT,
    claimed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pending_run ON pending (run_id);
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


def article_key(record: dict[str, Any]) -> str:
    """Return the identity of a record: its canonical URL (else URL), canonicalised.

    >>> article_key({"canonicalUrl": "https://x.test/a?b=2&a=1#top", "url": "https://x.test/z"})
    'https://x.test/a?a=1&b=2'
    """
    url = str(record.get("canonicalUrl") or record.get("url") or "")
    return canonicalize_url(url, keep_fragments=False)


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


class StateStore:
    """The SQLite state store in ``directory`` (created when missing)."""

    def __init__(self, directory: str | os.PathLike[str], *, full: bool = False) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / DB_NAME
        self.full = full
        self.run_id: str | None = None
        self.neardup = NearDuplicateIndex()
        self._last_heartbeat = datetime.min.replace(tzinfo=UTC)
        self._listed: list[tuple[str, str, str]] = []
        self._run_started = now_utc()
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE takes the write lock
        # up front, so two workers deciding about one article serialise instead of deadlocking).
        self.conn = sqlite3.connect(
            self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        # A bounded page cache (8 MiB) keeps memory flat however many URLs the store holds.
        self.conn.execute("PRAGMA cache_size=-8192")
        self.conn.executescript(SCHEMA)

    # -- plumbing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the database (pending rows stay for :meth:`recover`)."""
        with contextlib.suppress(sqlite3.Error):
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
        with self._transaction() as conn:
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
        self.run_id = run_id
        self._run_started = stamp
        with self._transaction() as conn:
            old = (datetime.now(UTC) - LISTED_KEEP).isoformat()
            conn.execute("DELETE FROM listed WHERE seen_at < ?", (old,))
        return run_id

    def _heartbeat(self, conn: sqlite3.Connection) -> None:
        moment = datetime.now(UTC)
        if moment - self._last_heartbeat > timedelta(seconds=30) and self.run_id:
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
            keep = [
                key
                for key, fetched, fingerprint in rows
                if (fingerprint, _canon(key)) in on_disk or (fingerprint, _canon(fetched)) in on_disk
            ]
            with self._transaction() as conn:
                for key in keep:
                    counts["committed"] += self._commit_key(conn, key, run_id)
                cur = conn.execute("DELETE FROM pending WHERE run_id = ?", (run_id,))
                counts["forgotten"] += cur.rowcount
                conn.execute(
                    "UPDATE runs SET status = 'killed', finished = ? WHERE run_id = ? AND status = 'running'",
                    (now_utc(), run_id),
                )
        return counts

    def commit_keys(self, keys: Iterable[str]) -> int:
        """Commit this run's pending records ``keys`` (their records are durably written)."""
        done = 0
        with self._transaction() as conn:
            for key in keys:
                done += self._commit_key(conn, key, self.run_id or "")
        return done

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
        with self._transaction() as conn:
            done = 0
            if commit:
                keys = [
                    row[0]
                    for row in conn.execute(
                        "SELECT key FROM pending WHERE run_id = ?", (self.run_id,)
                    ).fetchall()
                ]
                for key in keys:
                    done += self._commit_key(conn, key, self.run_id)
            conn.execute("DELETE FROM pending WHERE run_id = ?", (self.run_id,))
            conn.execute(
                "UPDATE runs SET status = ?, finished = ?, stats = ? WHERE run_id = ?",
                (status, now_utc(), json.dumps(stats or {}, default=str), self.run_id),
            )
        return done

    # -- decisions --------------------------------------------------------------------------------

    def validators(self, url: str) -> Validators | None:
        """Return what the store knows about fetched URL ``url`` (committed articles only)."""
        row = self.conn.execute(
            "SELECT key, etag, last_modified, fetched_at FROM urls WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return Validators(row[0], row[1], row[2], datetime.fromisoformat(row[3]))

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
    ) -> Decision:
        """Decide whether ``record`` is new, changed or unchanged, and reserve it for emission.

        ``key`` is the article's identity (the crawler's canonical URL; default
        :func:`article_key`), ``fetched_url`` the URL whose validators (``etag``,
        ``last_modified``) the response carried.
        """
        key = key or article_key(record)
        url = str(record.get("canonicalUrl") or record.get("url") or key)
        fetched = fetched_url or str(record.get("url") or url)
        fingerprint = content_fingerprint(record)
        signature = minhash_signature(str(record.get("articleBody") or ""))
        stamp = now_utc()
        with self._transaction() as conn:
            self._heartbeat(conn)
            pending = conn.execute(
                "SELECT fingerprint, version FROM pending WHERE key = ?", (key,)
            ).fetchone()
            committed = conn.execute(
                "SELECT fingerprint, version, near_duplicate_of FROM articles WHERE key = ?",
                (key,),
            ).fetchone()
            base = pending or committed
            near_dup = committed[2] if committed else None
            if base is None:
                status: Status = "new"
                version, previous = 1, None
            elif base[0] == fingerprint:
                status, version, previous = "unchanged", int(base[1]), None
            else:
                status, version, previous = "changed", int(base[1]) + 1, str(base[0])
            if status != "unchanged" and signature is not None:
                near_dup = self.neardup.query(conn, key, signature)
                self.neardup.add(conn, key, url, stamp, signature)
            emit = status != "unchanged" or self.full
            if status == "unchanged" and pending is None:
                # Nothing to write: refresh last-seen and this URL's validators right away.
                conn.execute("UPDATE articles SET last_seen = ? WHERE key = ?", (stamp, key))
                self._upsert_url(conn, fetched, key, etag, last_modified, stamp)
            elif status != "unchanged":
                conn.execute(
                    "INSERT OR REPLACE INTO pending (key, run_id, url, fetched_url, fingerprint,"
                    " previous_fingerprint, version, etag, last_modified, date_published,"
                    " date_modified, near_duplicate_of, claimed_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        self.run_id or "",
                        url,
                        fetched,
                        fingerprint,
                        previous,
                        version,
                        etag,
                        last_modified,
                        record.get("datePublished"),
                        record.get("dateModified"),
                        near_dup,
                        stamp,
                    ),
                )
        return Decision(status, emit, key, fingerprint, version, previous, near_dup)

    def release(self, key: str) -> None:
        """Forget this run's pending record ``key`` (it was dropped after the decision)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM pending WHERE key = ? AND run_id = ?", (key, self.run_id or ""))

    def touch(self, url: str) -> None:
        """Record that ``url`` was seen unchanged without fetching its body (304, lastmod)."""
        stamp = now_utc()
        with self._transaction() as conn:
            row = conn.execute("SELECT key FROM urls WHERE url = ?", (url,)).fetchone()
            if row:
                conn.execute("UPDATE articles SET last_seen = ? WHERE key = ?", (stamp, row[0]))

    def _upsert_url(
        self,
        conn: sqlite3.Connection,
        url: str,
        key: str,
        etag: str | None,
        last_modified: str | None,
        stamp: str,
    ) -> None:
        conn.execute(
            "INSERT INTO urls (url, key, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET key = excluded.key, etag = excluded.etag,"
            " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
            (url, key, etag, last_modified, stamp),
        )

    def _commit_key(self, conn: sqlite3.Connection, key: str, run_id: str) -> int:
        row = conn.execute(
            "SELECT url, fetched_url, fingerprint, previous_fingerprint, version, etag,"
            " last_modified, date_published, date_modified, near_duplicate_of, claimed_at"
            " FROM pending WHERE key = ? AND run_id = ?",
            (key, run_id),
        ).fetchone()
        if row is None:
            return 0
        (url, fetched, fp, prev, version, etag, lastmod, published, modified, near, stamp) = row
        conn.execute(
            "INSERT INTO articles (key, url, fingerprint, previous_fingerprint, version, etag,"
            " last_modified, date_published, date_modified, near_duplicate_of, first_seen,"
            " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET url = excluded.url,"
            " fingerprint = excluded.fingerprint,"
            " previous_fingerprint = excluded.previous_fingerprint, version = excluded.version,"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " date_published = excluded.date_published, date_modified = excluded.date_modified,"
            " near_duplicate_of = excluded.near_duplicate_of, last_seen = excluded.last_seen",
            (key, url, fp, prev, version, etag, lastmod, published, modified, near, stamp, stamp),
        )
        self._upsert_url(conn, fetched, key, etag, lastmod, stamp)
        conn.execute("DELETE FROM pending WHERE key = ?", (key,))
        return 1

    # -- inspection -------------------------------------------------------------------------------

    def article(self, key: str) -> dict[str, Any] | None:
        """Return the committed row of article ``key`` as a dict (for reports and tests)."""
        cur = self.conn.execute("SELECT * FROM articles WHERE key = ?", (key,))
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    def counts(self) -> dict[str, int]:
        """Return the number of rows per table."""
        tables = ("articles", "urls", "pending", "runs", "listed")
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    def integrity_ok(self) -> bool:
        """Whether SQLite's integrity check passes."""
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _canon(url: str) -> str:
    return canonicalize_url(url, keep_fragments=False)


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
