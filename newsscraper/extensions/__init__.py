"""Scrapy extensions of newsscraper: the run report and the reactor-lag monitor."""
