"""Feed exporters for records with nested fields (``FEED_EXPORTERS`` for ``csv`` and ``xml``).

Scrapy's CSV exporter writes a nested value (``authors``, ``metadata``) as a Python repr and its XML
exporter writes a nested dataclass as one repr string and ``None`` as the text ``None``. The
``Article`` is nested, so:

* :class:`ArticleCsvItemExporter`: one column per top-level field, in the record's order (the
  columns of ``docs/output.md``); text and numbers as they are, ``None`` as an empty cell, lists
  and objects as compact JSON (UTF-8, not ASCII-escaped) — ``json.loads`` of such a cell gives the
  record's value back;
* :class:`ArticleXmlItemExporter`: one element per field, nested objects as nested elements, list
  entries as ``<value>`` elements; a ``None`` field is left out (absent element = null).

Both accept any item ItemAdapter reads, not only articles.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exporters import CsvItemExporter, XmlItemExporter

from newsscraper.output import csv_cell


def plain(item: Any) -> dict[str, Any]:
    """The item as plain data (dicts, lists, scalars), nested items included."""
    return ItemAdapter(item).asdict()


class ArticleCsvItemExporter(CsvItemExporter):
    """CSV, one row per item, nested values as JSON cells (module docstring)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serializer = field.get("serializer", csv_cell)
        return serializer(value)

    def export_item(self, item: Any) -> None:
        super().export_item(plain(item))


class ArticleXmlItemExporter(XmlItemExporter):
    """XML, one ``<item>`` per item, nested objects as elements, ``None`` fields left out."""

    def export_item(self, item: Any) -> None:
        super().export_item(plain(item))

    def _export_xml_field(self, name: str, serialized_value: Any, depth: int) -> None:
        if serialized_value is None:
            return
        if isinstance(serialized_value, bool):  # lowercase, as JSON and XML Schema write it
            serialized_value = "true" if serialized_value else "false"
        super()._export_xml_field(name, serialized_value, depth)
