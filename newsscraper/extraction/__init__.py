"""Extraction layer: pure functions from (bytes, url, headers) to an ``Article``."""
