"""State kept between crawls: what was seen, at which version, and which articles are near-copies."""

from newsscraper.state.fingerprint import content_fingerprint, minhash_signature
from newsscraper.state.store import Decision, StateStore, Validators, article_key

__all__ = [
    "Decision",
    "StateStore",
    "Validators",
    "article_key",
    "content_fingerprint",
    "minhash_signature",
]
