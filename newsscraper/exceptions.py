"""All exceptions newsscraper raises, in one place."""


class NewsscraperError(Exception):
    """Base class of every exception newsscraper raises on purpose."""


class RecordValidationError(NewsscraperError, ValueError):
    """A record does not match the shipped JSON Schema."""


class OutputBusyError(NewsscraperError, OSError):
    """The output file is being written by another run (``pipelines/jsonlines.py``)."""
