"""Item pipelines of newsscraper, in order (``ITEM_PIPELINES`` in ``settings.py``): extract 10,
classify 20, select 25, validate 30, dedupe 40, incremental 50, article 60, the JSON Lines writer
900 (one per module)."""
