"""State kept between crawls: what was seen, at which version, and which articles are near-copies."""

from newsscraper.state.fingerprint import RecordDigest, content_fingerprint, minhash_signature, record_digest
from newsscraper.state.store import Decision, StateStore, Validators, article_key

__all__ = [
    "Decision",
    "RecordDigest",
    "StateStore",
    "Validators",
    "article_key",
    "content_fingerprint",
    "minhash_signature",
    "record_digest",
]
