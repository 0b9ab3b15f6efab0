"""Item pipelines of newsscraper, in order: extract, classify, validate, dedupe, write (one per module)."""
