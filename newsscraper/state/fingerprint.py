"""Content fingerprints and MinHash signatures of article records.

The *fingerprint* says whether an article's content changed between two crawls: a hash of the
headline and body after Unicode and whitespace normalisation, so a page re-rendered with different
markup, ads or whitespace keeps its fingerprint while an edited sentence changes it. The *MinHash*
signature (datasketch) says whether two different articles are near-duplicates, e.g. the same wire
story published at two URLs with a different headline or a trimmed last paragraph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Mapping
from typing import Any

import numpy as np
from datasketch import MinHash

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


# datasketch's affine32 permutation parameters (seed 1): drawn once, they cost as much as hashing a
# whole article. As 32-bit integers: ``a * h + b mod 2^32`` is what uint32 arithmetic does by itself
# (numpy wraps array overflow), without masking.
_A32, _B32 = (
    np.asarray(p, dtype=np.uint64).astype(np.uint32)
    for p in MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
)
_WORD_CODES: dict[str, int] = {}
"""CRC-32 of words already seen (a process-wide cache: a language's common words recur in every
article); replaced by an empty one past ``_MAX_WORD_CODES`` entries (replaced, not cleared: a
thread still reading the old one keeps it whole)."""
_MAX_WORD_CODES = 200_000


def _fmix32(values: np.ndarray[Any, np.dtype[np.uint32]]) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it before permuting
    (uint32 arithmetic wraps modulo 2^32 as the finaliser's does)."""
    values = values ^ (values >> np.uint32(16))
    values *= np.uint32(0x85EBCA6B)
    values ^= values >> np.uint32(13)
    values *= np.uint32(0xC2B2AE35)
    values ^= values >> np.uint32(16)
    return values


def _word_codes(words: list[str]) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """The CRC-32 of each word, from the process-wide cache (filled with the words it lacks)."""
    global _WORD_CODES
    codes = _WORD_CODES
    try:
        # Straight from the cache when every word is known (the common case after a few articles).
        return np.fromiter(map(codes.__getitem__, words), dtype=np.uint32, count=len(words))
    except KeyError:
        if len(codes) > _MAX_WORD_CODES:
            codes = _WORD_CODES = {}
        for word in set(words).difference(codes):
            codes[word] = zlib.crc32(word.encode("utf-8"))
        return np.fromiter(map(codes.__getitem__, words), dtype=np.uint32, count=len(words))


def _all_shingle_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint32]] | None:
    """The 32-bit hash of each of ``text``'s shingles, in text order, repeats kept (see
    :func:`shingle_hashes`); ``None`` below :data:`MIN_SHINGLE_WORDS` words."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(words) < MIN_SHINGLE_WORDS:
        return None
    codes = _word_codes(words)
    count = len(words) - SHINGLE_WORDS + 1
    # Horner's rule over the shingles' words, all shingles at once; uint32 wraps modulo 2^32.
    hashes = codes[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        hashes *= np.uint32(_SHINGLE_BASE)
        hashes += codes[offset : offset + count]
    return hashes


def shingle_hashes(text: str) -> np.ndarray[Any, np.dtype[np.uint32]] | None:
    """Return the distinct 32-bit hashes of ``text``'s :data:`SHINGLE_WORDS`-word shingles, sorted.

    Words are ``\\w+`` runs of the NFC, lower-cased text; each word is hashed once (CRC-32) and a
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
    permuted = np.multiply.outer(_fmix32(hashes), _A32)
    permuted += _B32
    minima = permuted.min(axis=0)
    return bytes((minima & np.uint32((1 << SIGNATURE_BITS) - 1)).astype("<u2").tobytes())


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
