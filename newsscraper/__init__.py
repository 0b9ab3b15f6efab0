"""newsscraper: turn news websites into clean, analysis-ready article records."""

from newsscraper.extraction.api import extract_article
from newsscraper.items import Article
from newsscraper.text.repair import clean_text, clean_text_with_repairs

__version__ = "0.1.0"
__all__ = ["Article", "__version__", "clean_text", "clean_text_with_repairs", "extract_article"]
