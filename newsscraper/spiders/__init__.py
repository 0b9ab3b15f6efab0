"""Spiders of newsscraper: ``news`` (``newsscraper.spiders.news``)."""
