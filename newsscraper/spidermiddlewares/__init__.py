"""Spider middlewares of newsscraper, one per module."""
