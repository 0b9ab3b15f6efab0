"""Downloader middlewares of newsscraper, one per module (see ``newsscraper/settings.py`` for order)."""
