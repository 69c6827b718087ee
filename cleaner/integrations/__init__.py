"""Cleaning inside other tools: a Scrapy item pipeline (``cleaner.integrations.scrapy``); ``cleaner.pandas`` and
``cleaner.dask`` for data frames and Dask collections. Each needs its extra: ``article-cleaner[scrapy]``, ``[pandas]``, ``[dask]``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..pipeline import Cleaner, default_cleaner
from ..ruleset import Config

CleanerLike = Cleaner | Config | Mapping | Path | str | None


def as_cleaner(config: CleanerLike = None) -> Cleaner:
    """``config`` as a Cleaner: a Cleaner as it is, the built-in one for None, else one built from the config
    (a Config, a mapping like ``[tool.cleaner]``, or a path to ``cleaner.toml``/``pyproject.toml``)."""
    if isinstance(config, Cleaner):
        return config
    return default_cleaner() if config is None else Cleaner(config)
