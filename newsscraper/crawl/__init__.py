"""The crawl's own modules: discovery documents, URL spelling and identity, page kinds from URLs,
the page item, the shared Redis frontier and the in-process runner (see docs/architecture.md).

Spiders, middlewares and pipelines are Scrapy components and keep Scrapy's package names
(``spiders``, ``downloadermiddlewares``, ``spidermiddlewares``, ``pipelines``, ``extensions``).
"""
