"""Benchmarks: quality against ../shared/eval and speed against peer extractors."""
