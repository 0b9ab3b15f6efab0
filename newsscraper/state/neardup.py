"""Near-duplicate candidates over the state store: MinHash LSH bands kept in SQLite.

datasketch picks the band layout (``MinHashLSH``'s optimal ``b`` x ``r`` for the threshold); each
band of an article's signature becomes one 32-bit bucket number in an indexed SQLite table instead
of datasketch's in-memory dict, so memory stays bounded on large crawls and every worker that shares
the store sees the articles the others registered. A row is two integers (a 4-byte bucket and the
article's 8-byte URL hash, about 16 bytes on disk with SQLite's record header and cell pointer),
and no secondary index is kept: an article's rows are found again from its stored signature.
"""

from __future__ import annotations

import hashlib
import sqlite3

from newsscraper.state.fingerprint import NUM_PERM, estimate_jaccard

THRESHOLD = 0.8
"""Estimated Jaccard similarity of 5-word shingles at or above which two articles are marked as
near-duplicates. The same wire story at two outlets scores 0.85-1.0 (different standfirst or last
paragraph); distinct stories on one event score below 0.3."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS bands (
    bucket INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (bucket, article)
) WITHOUT ROWID;
"""


class NearDuplicateIndex:
    """Register article signatures in band buckets and list the articles sharing a bucket.

    Articles are named by the store's integer ids; every call runs inside the caller's transaction.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        from datasketch import MinHashLSH  # here: datasketch imports scipy (fingerprint._permutations)

        layout = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashranges: list[tuple[int, int]] = list(layout.hashranges)

    def buckets(self, signature: bytes) -> list[int]:
        """Return one signed 32-bit bucket number per band of ``signature``.

        The first 4 bytes of the band's 8-byte BLAKE2b digest (format 3 kept all 8: its buckets
        shifted right by 32 bits are these). 32 bits keep a band row at ~16 bytes instead of ~20,
        so a claim's 9 probes and inserts touch fewer pages; two unrelated bands then share a
        bucket with probability ~9 x 10^6 / 2^32 per probe at a million articles, and such a
        candidate costs one signature comparison (:meth:`similar`), never a false mark.
        """
        # The signature's bytes are its 16-bit little-endian values: a band is a slice of them.
        return [
            int.from_bytes(
                hashlib.blake2b(bytes([band]) + signature[2 * start : 2 * end], digest_size=8).digest()[:4],
                "big",
                signed=True,
            )
            for band, (start, end) in enumerate(self.hashranges)
        ]

    def candidates(
        self, conn: sqlite3.Connection, signature: bytes, buckets: list[int] | None = None
    ) -> set[int]:
        """Return the ids of the articles that share at least one band bucket with ``signature``
        (``buckets``: its :meth:`buckets`, when the caller has them already)."""
        chosen = self.buckets(signature) if buckets is None else buckets
        # One statement for all the bands (an IN list is one index probe per bucket, like a loop
        # of queries, without a Python round trip each).
        rows = conn.execute(
            f"SELECT article FROM bands WHERE bucket IN ({', '.join('?' * len(chosen))})", chosen
        )
        return {int(row[0]) for row in rows}

    def similar(self, first: bytes, second: bytes) -> bool:
        """Whether two signatures are near-duplicates (estimated Jaccard at or above the threshold)."""
        return estimate_jaccard(first, second) >= self.threshold

    def add(
        self, conn: sqlite3.Connection, article: int, signature: bytes, buckets: list[int] | None = None
    ) -> None:
        """Register ``signature`` (whose :meth:`buckets` may be given) for ``article``."""
        chosen = self.buckets(signature) if buckets is None else buckets
        # One statement for all the bands (executemany steps one statement per row).
        conn.execute(
            f"INSERT OR IGNORE INTO bands (bucket, article) VALUES {', '.join(['(?, ?)'] * len(chosen))}",
            [value for bucket in chosen for value in (bucket, article)],
        )

    def remove(self, conn: sqlite3.Connection, article: int, signature: bytes) -> None:
        """Unregister ``signature`` (as given to :meth:`add`) for ``article``."""
        chosen = self.buckets(signature)
        conn.execute(
            f"DELETE FROM bands WHERE article = ? AND bucket IN ({', '.join('?' * len(chosen))})",
            [article, *chosen],
        )
