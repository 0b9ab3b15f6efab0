"""Content fingerprints and MinHash signatures of article records.

The *fingerprint* says whether an article's content changed between two crawls: a hash of the
headline and body after Unicode and whitespace normalisation, so a page re-rendered with different
markup, ads or whitespace keeps its fingerprint while an edited sentence changes it. The *MinHash*
signature (datasketch) says whether two different articles are near-duplicates, e.g. the same wire
story published at two URLs with a different headline or a trimmed last paragraph.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

NUM_PERM = 128
"""MinHash permutations: datasketch's default; the Jaccard estimate's standard error is
1/sqrt(128) ≈ 0.09, ample to tell a re-published wire story (J > 0.8) from a different story on the
same topic (J < 0.3 on the fixture site's and the eval sets' articles)."""

SHINGLE_WORDS = 5
"""Words per shingle. Five-word shingles make two unrelated articles on the same topic share almost
no shingles, while one edited sentence in a 400-word story changes only ~5 % of them."""

SCHEME = "affine32"
"""datasketch's default permutation scheme since 2.0 (32-bit values); named explicitly because
stored signatures can only be compared with signatures made by the same scheme."""

SIGNATURE_BITS = 16
"""Bits kept of each MinHash value (b-bit minwise hashing, Li and König, "b-Bit Minwise Hashing",
WWW 2010). Two different values agree on their low 16 bits with probability 2^-16, which
:func:`estimate_jaccard` corrects for; a signature takes 256 bytes instead of 512, half of the
state store's budget of 1 KB per article."""

MIN_SHINGLE_WORDS = 40
"""Bodies shorter than this many words get no signature: teasers and stubs share boilerplate
phrases and would be flagged as near-duplicates of each other."""

_WORD = re.compile(r"\w+", re.UNICODE)

_UInt32s = np.ndarray[Any, np.dtype[np.uint32]]


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with every run of whitespace collapsed to one space.

    >>> normalise_text("  Caf\\u0065\\u0301 au\\n\\n lait ")
    'Café au lait'
    """
    # str.split() breaks at exactly the characters regex \s matches (both are str.isspace()), at a
    # fifth of the cost of re.sub on an article body.
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_fingerprint(record: Mapping[str, Any]) -> str:
    """Return the content fingerprint (32 hex digits) of a record's headline and body.

    >>> a = content_fingerprint({"headline": "Rates", "articleBody": "Up by  1%.\\n\\nMore."})
    >>> a == content_fingerprint({"headline": "Rates ", "articleBody": "Up by 1%. More."})
    True
    >>> a == content_fingerprint({"headline": "Rates", "articleBody": "Up by 2%. More."})
    False
    """
    headline = normalise_text(str(record.get("headline") or ""))
    body = normalise_text(str(record.get("articleBody") or ""))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(headline.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()


_SHINGLE_BASE = 0x01000193
"""Multiplier combining word hashes into a shingle hash (FNV-1's 32-bit prime): any odd constant
spreads the five words over all 32 bits; datasketch mixes the result again (murmur3's fmix)."""

_WORD_BASE = 0x9E3779B1
"""Multiplier of a word's polynomial hash over its code points (the 32-bit golden-ratio constant of
Knuth's multiplicative hashing). Odd, so it has an inverse modulo 2^32 (:data:`_WORD_BASE_INVERSE`),
which lets every word's hash be read off one prefix sum of the whole text."""

_WORD_BASE_INVERSE = pow(_WORD_BASE, -1, 1 << 32)


@functools.cache
def _permutations() -> tuple[np.ndarray[Any, np.dtype[np.uint32]], np.ndarray[Any, np.dtype[np.uint32]]]:
    """datasketch's affine32 permutation parameters (seed 1) ``a`` and ``b`` (as a column): drawn
    once, they cost as much as hashing a whole article. As 32-bit integers: ``a * h + b mod 2^32``
    is what uint32 arithmetic does by itself (numpy wraps array overflow), without masking.

    Drawn on first use, and datasketch imported then: it imports scipy (~0.7 s of CPU, ~200
    modules), which every crawl paid at start-up (``crawl/item.py`` and the validate pipeline
    import this module) though only crawls that keep state (``--state``) make signatures."""
    from datasketch import MinHash

    a, b = (
        np.asarray(p, dtype=np.uint64).astype(np.uint32)
        for p in MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    )
    return a, b[:, np.newaxis]


@functools.cache
def _word_characters() -> np.ndarray[Any, np.dtype[np.int8]]:
    """1 for each code point (0 to U+10FFFF) that is a word character, else 0: exactly those regex
    ``\\w`` matches, read off the regex itself once per process (1 MiB, ~50 ms)."""
    table = np.zeros(sys.maxunicode + 1, dtype=np.int8)
    every = np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    for match in _WORD.finditer(every):
        table[match.start() : match.end()] = 1
    return table


_SPAN = 1 << 16
"""Code points whose words are hashed together (:func:`word_hashes`): the power tables are this
long, however long the text (a longer word is hashed alone, with tables made for it)."""

_powers: list[_UInt32s] = []
"""``[B^0, B^1, ...]`` and ``[B^-0, B^-1, ...]`` modulo 2^32 for B = :data:`_WORD_BASE`, up to
:data:`_SPAN` + 1 entries, made on first use."""


def _base_powers(count: int) -> tuple[_UInt32s, _UInt32s]:
    """The first ``count`` (or more) powers of :data:`_WORD_BASE` and of its inverse, modulo 2^32."""
    global _powers
    known = _powers
    if len(known) < 2 or len(known[0]) < count:
        # uint32 products wrap modulo 2^32, as the hash's arithmetic does.
        known = []
        for base in (_WORD_BASE, _WORD_BASE_INVERSE):
            factors = np.full(max(count, _SPAN + 1), base, dtype=np.uint32)
            factors[0] = 1
            known.append(np.cumprod(factors, dtype=np.uint32))
        if count <= _SPAN + 1:
            _powers = known
    return known[0], known[1]


def _fmix32(values: np.ndarray[Any, np.dtype[np.uint32]]) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it before permuting
    (uint32 arithmetic wraps modulo 2^32 as the finaliser's does)."""
    values = values ^ (values >> np.uint32(16))
    values *= np.uint32(0x85EBCA6B)
    values ^= values >> np.uint32(13)
    values *= np.uint32(0xC2B2AE35)
    values ^= values >> np.uint32(16)
    return values


def word_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """Return a 32-bit hash of each word of ``text``, in text order.

    Words are the runs of regex ``\\w`` characters (the words ``re.findall(r"\\w+", text)``
    lists); a word's hash is the polynomial ``sum(c_i * B^(n-1-i)) mod 2^32`` of its ``n`` code
    points in :data:`_WORD_BASE`, mixed by MurmurHash3's finaliser. Computed for the whole text in
    one pass with no Python loop over words: with ``S`` the prefix sums of ``c_j * B^(N-1-j)`` over
    the text's ``N`` code points, the word ``[s, e)`` is ``(S[e] - S[s]) * B^-(N-e)``.
    """
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # Word characters flagged between two non-word sentinels: the flag changes at every word's
    # start and one past its end, alternately.
    inside = np.zeros(len(points) + 2, dtype=np.int8)
    _word_characters().take(points, out=inside[1:-1])
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    if len(points) <= _SPAN:  # an article: one block, without the loop's bookkeeping
        return _fmix32(_block_hashes(points, starts, ends))
    hashes = np.empty(len(starts), dtype=np.uint32)
    first = 0
    while first < len(starts):
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + _SPAN, side="right")))
        low, high = int(starts[first]), int(ends[last - 1])
        hashes[first:last] = _block_hashes(points[low:high], starts[first:last] - low, ends[first:last] - low)
        first = last
    return _fmix32(hashes)


def _block_hashes(points: _UInt32s, starts: Any, ends: Any) -> _UInt32s:
    """The unmixed hashes of the words ``[starts[i], ends[i])`` of ``points`` (at most
    :data:`_SPAN` + 1 code points): one prefix sum, read off at the words' edges."""
    size = len(points)
    powers, inverses = _base_powers(size + 1)
    sums = np.zeros(size + 1, dtype=np.uint32)
    np.cumsum(points * powers[:size][::-1], dtype=np.uint32, out=sums[1:])
    hashes: _UInt32s = (sums[ends] - sums[starts]) * inverses[size - ends]
    return hashes


def _all_shingle_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint32]] | None:
    """The 32-bit hash of each of ``text``'s shingles, in text order, repeats kept (see
    :func:`shingle_hashes`); ``None`` below :data:`MIN_SHINGLE_WORDS` words."""
    codes = word_hashes(unicodedata.normalize("NFC", text).lower())
    if len(codes) < MIN_SHINGLE_WORDS:
        return None
    count = len(codes) - SHINGLE_WORDS + 1
    # Horner's rule over the shingles' words, all shingles at once; uint32 wraps modulo 2^32.
    hashes = codes[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        hashes *= np.uint32(_SHINGLE_BASE)
        hashes += codes[offset : offset + count]
    return hashes


def shingle_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint32]] | None:
    """Return the distinct 32-bit hashes of ``text``'s :data:`SHINGLE_WORDS`-word shingles, sorted.

    Words are ``\\w+`` runs of the NFC, lower-cased text, hashed by :func:`word_hashes`; a
    shingle's hash is the polynomial of its words' hashes modulo 2^32, computed for all shingles
    at once. ``None`` when the text has fewer than :data:`MIN_SHINGLE_WORDS` words.
    """
    hashes = _all_shingle_hashes(text)
    return None if hashes is None else np.unique(hashes)


def minhash_signature(text: str) -> bytes | None:
    """Return the MinHash of ``text``'s word shingles, or ``None`` when the text is too short.

    datasketch's affine32 scheme (mix each of :func:`shingle_hashes`, then ``a * h + b mod 2^32``
    per permutation, keep each permutation's minimum) computed on the whole array at once; the
    signature is the low :data:`SIGNATURE_BITS` bits of the :data:`NUM_PERM` minima, as
    little-endian unsigned 16-bit values: 256 bytes. A repeated shingle can't change a minimum, so
    the hashes are not deduplicated first.
    """
    hashes = _all_shingle_hashes(text)
    if hashes is None:
        return None
    # One row per permutation, so each minimum is taken over contiguous memory.
    a32, b32_column = _permutations()
    permuted = np.multiply.outer(a32, _fmix32(hashes))
    permuted += b32_column
    minima = np.minimum.reduce(permuted, axis=1)
    return bytes((minima & np.uint32((1 << SIGNATURE_BITS) - 1)).astype("<u2").tobytes())


@dataclass(frozen=True, slots=True)
class RecordDigest:
    """What the state store derives from a record's content, computed ahead of
    :meth:`~newsscraper.state.store.StateStore.claim` (``digest=``): a crawl computes it in its
    worker threads with the record, so that the claim, which runs in the reactor thread, does not
    hash the body there.
    """

    fingerprint: str
    """:func:`content_fingerprint` of the record."""
    minhash: bytes | None = field(repr=False)
    """:func:`minhash_signature` of its body (``None`` for a short body)."""
    headline: object = field(repr=False, compare=False)
    body: object = field(repr=False, compare=False)
    """The record's ``headline`` and ``articleBody`` values it was computed from."""

    def of(self, record: Mapping[str, Any]) -> bool:
        """Whether this is the digest of ``record`` as it is now: its headline and body are still
        the very values it was computed from (a pipeline that rewrote either replaced them)."""
        return record.get("headline") is self.headline and record.get("articleBody") is self.body


def record_digest(record: Mapping[str, Any]) -> RecordDigest:
    """Return the :class:`RecordDigest` of ``record`` (``headline``, ``articleBody``)."""
    body = record.get("articleBody")
    return RecordDigest(
        content_fingerprint(record), minhash_signature(str(body or "")), record.get("headline"), body
    )


def estimate_jaccard(first: bytes, second: bytes) -> float:
    r"""Estimate the Jaccard similarity of the shingle sets behind two :func:`minhash_signature`\ s.

    The share of equal values, corrected for the chance agreement of truncated values; 0.0 when
    the signatures differ in length.

    >>> estimate_jaccard(bytes(256), bytes(256))
    1.0
    """
    a = np.frombuffer(first, dtype="<u2")
    b = np.frombuffer(second, dtype="<u2")
    if len(a) != len(b) or not len(a):
        return 0.0
    chance = 2.0**-SIGNATURE_BITS
    return max(0.0, (float(np.mean(a == b)) - chance) / (1.0 - chance))
