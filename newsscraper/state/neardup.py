"""Near-duplicate detection over the state store: MinHash LSH bands kept in SQLite.

datasketch computes the signatures and picks the band layout (``MinHashLSH``'s optimal ``b`` x ``r``
for the threshold); the band keys live in an indexed SQLite table instead of datasketch's in-memory
dict, so memory stays bounded on large crawls and every worker that shares the store sees the
articles the others registered.
"""

from __future__ import annotations

import hashlib
import sqlite3

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsscraper.state.fingerprint import NUM_PERM, signature_from_bytes, signature_to_bytes

THRESHOLD = 0.8
"""Estimated Jaccard similarity of 5-word shingles at or above which two articles are marked as
near-duplicates. The same wire story at two outlets scores 0.85-1.0 (different standfirst or last
paragraph); distinct stories on one event score below 0.3."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    minhash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    hash BLOB NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (band, hash, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_key ON bands (key);
"""


class NearDuplicateIndex:
    """Find and register near-duplicate articles; every call runs inside the caller's transaction."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        layout = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashranges: list[tuple[int, int]] = list(layout.hashranges)

    def _band_keys(self, signature: MinHash) -> list[tuple[int, bytes]]:
        values = np.asarray(signature.hashvalues)
        return [
            (band, hashlib.blake2b(values[start:end].tobytes(), digest_size=8).digest())
            for band, (start, end) in enumerate(self.hashranges)
        ]

    def query(self, conn: sqlite3.Connection, key: str, signature: MinHash) -> str | None:
        """Return the URL of the earliest-seen other article similar to ``signature``, if any."""
        candidates: set[str] = set()
        for band, digest in self._band_keys(signature):
            rows = conn.execute("SELECT key FROM bands WHERE band = ? AND hash = ?", (band, digest))
            candidates.update(row[0] for row in rows)
        candidates.discard(key)
        best: tuple[str, str] | None = None
        for candidate in sorted(candidates):
            row = conn.execute(
                "SELECT url, first_seen, minhash FROM signatures WHERE key = ?", (candidate,)
            ).fetchone()
            if row is None:
                continue
            if signature_from_bytes(row[2]).jaccard(signature) < self.threshold:
                continue
            if best is None or row[1] < best[0]:
                best = (row[1], row[0])
        return best[1] if best else None

    def add(self, conn: sqlite3.Connection, key: str, url: str, seen: str, signature: MinHash) -> None:
        """Register (or replace) the signature of article ``key``."""
        conn.execute("DELETE FROM bands WHERE key = ?", (key,))
        conn.execute(
            "INSERT INTO signatures (key, url, first_seen, minhash) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET url = excluded.url, minhash = excluded.minhash",
            (key, url, seen, signature_to_bytes(signature)),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO bands (band, hash, key) VALUES (?, ?, ?)",
            [(band, digest, key) for band, digest in self._band_keys(signature)],
        )
