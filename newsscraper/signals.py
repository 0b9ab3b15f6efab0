"""newsscraper's own Scrapy signals (as :mod:`scrapy.signals`): objects to connect handlers to.

They live apart from the components that send them, so a component that listens (the state store's
crawl bookkeeping) does not import the one that sends (the JSON Lines writer).
"""

records_publishing = object()
"""Sent by the JSON Lines writer just before it makes records durable (kwargs ``path``): whatever
must be on disk before the records are (the state store's pending decisions) is synced now."""

records_published = object()
"""Sent after records became visible in the output file (kwargs ``identities``: the records'
identities, ``list[str | None]``; ``path``): the point where a record counts as written."""

known_article = object()
"""Sent by the conditional-request middleware when a request is for an article the state store
knows (kwargs ``url``), once per request, before it is parked, skipped, answered 304 or sent: it is
an article of its site even when no record comes of it (the listing budget counts it)."""
