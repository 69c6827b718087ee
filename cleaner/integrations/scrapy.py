"""A Scrapy item pipeline that cleans text fields of scraped items and records every edit, as ``cleaner clean`` does.

Settings (in ``settings.py`` or ``custom_settings``):

``CLEANER_FIELDS``        the item fields to clean (default ``["text"]``); a field an item lacks, or holds None in, is passed over
``CLEANER_CONFIG``        a ``cleaner.toml``/``pyproject.toml`` path, or a dict like ``[tool.cleaner]`` (default: the built-in rules)
``CLEANER_RECORD_FIELD``  put the item's record entries (a list, one per cleaned field) in this field of the item
``CLEANER_RECORD_PATH``   append the record entries to this JSONL file, one a line, flushed as each item passes

A record entry is the one ``cleaner clean`` writes for a JSONL line: ``doc`` (the item's
``url``, else its number in the crawl), ``field``, ``encoding``, the SHA-256 of the
field's text before and after (UTF-8), and ``edits``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from ..io.record import append, dumps, record_entry
from . import CleanerLike, as_cleaner

logger = logging.getLogger(__name__)


class CleanerPipeline:
    def __init__(self, fields: list[str], config: CleanerLike = None, record_field: str | None = None, record_path: str | Path | None = None):
        self.fields, self.cleaner = fields, as_cleaner(config)
        self.record_field, self.record_path = record_field, Path(record_path) if record_path else None
        self._record, self._items = None, 0

    @classmethod
    def from_crawler(cls, crawler) -> CleanerPipeline:
        settings = crawler.settings
        fields = settings.getlist("CLEANER_FIELDS", ["text"])
        if not fields:
            raise NotConfigured("CLEANER_FIELDS is empty: there is no field to clean")
        config = settings.get("CLEANER_CONFIG")
        if isinstance(config, BaseSettings):
            config = config.copy_to_dict()
        return cls(fields, config, settings.get("CLEANER_RECORD_FIELD"), settings.get("CLEANER_RECORD_PATH"))

    def open_spider(self, spider=None) -> None:
        if self.record_path is not None:
            self.record_path.parent.mkdir(parents=True, exist_ok=True)
            self._record = open(self.record_path, "a", encoding="utf-8")

    def close_spider(self, spider=None) -> None:
        if self._record is not None:
            self._record.close()

    def process_item(self, item, spider=None):
        """The item with its fields cleaned, and its record entries attached or appended."""
        adapter = ItemAdapter(item)
        self._items += 1
        doc = str(adapter.get("url") or f"item {self._items}")
        entries = []
        for field in self.fields:
            text = adapter.get(field)
            if text is None:
                continue
            if not isinstance(text, str):
                logger.warning("%s: field %r holds a %s, not text; left as it is", doc, field, type(text).__name__)
                continue
            result = self.cleaner.clean(text)
            adapter[field] = result.text
            entries.append(record_entry(doc, "utf-8", _utf8(text), _utf8(result.text), result, field=field))
        if self.record_field:
            try:
                adapter[self.record_field] = entries
            except KeyError:
                raise KeyError(
                    f"CLEANER_RECORD_FIELD {self.record_field!r}: {type(item).__name__} has no such field; declare it in the item class"
                ) from None
        if self._record is not None:
            for entry in entries:
                append(self._record, dumps(entry))
        return item


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")
