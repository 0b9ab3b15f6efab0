"""Page metadata: headline, authors, dates, language, description... read before the body.

``extract_metadata(tree, url, headers)`` reads JSON-LD, meta tags and the page's own markup
(bylines, ``<time>``, breadcrumbs) without modifying the tree; ``detect_language(text)`` is the
text-based fallback the orchestrator uses when the markup declares no language.
"""

from newsscraper.extraction.metadata.extract import extract_metadata
from newsscraper.extraction.metadata.language import detect_language
from newsscraper.extraction.metadata.model import PageMetadata

__all__ = ["PageMetadata", "detect_language", "extract_metadata"]
