r"""Cleaning pandas text columns, for notebooks: the clean text beside what was deleted.

    >>> import pandas as pd
    >>> from cleaner.pandas import clean_series
    >>> clean_series(pd.Series(["[ad_1]\n\nThe summit ended.", None]))
                      text  deletions  repairs        categories
    0  The summit ended.\n          1        0  [ad-placeholder]
    1                  NaN          0        0                []
"""

from __future__ import annotations

import pandas as pd

from .integrations import CleanerLike, as_cleaner
from .pipeline import CleanResult

COLUMNS = ("text", "deletions", "repairs", "categories")


def clean_series(series: pd.Series, config: CleanerLike = None) -> pd.DataFrame:
    """One row per text of ``series``, on its index: ``text`` (the clean text), ``deletions`` and ``repairs``
    (how many), ``categories`` (the deletions' categories, each once, sorted). Missing values stay missing;
    a value that is neither text nor missing raises TypeError naming its row."""
    cleaner = as_cleaner(config)
    results = [_clean(cleaner, label, value) for label, value in series.items()]
    return pd.DataFrame(
        {
            "text": pd.Series([result.text if result else None for result in results], index=series.index, dtype="str"),
            "deletions": pd.Series([len(result.deletions) if result else 0 for result in results], index=series.index, dtype="int64"),
            "repairs": pd.Series([len(result.repairs) if result else 0 for result in results], index=series.index, dtype="int64"),
            "categories": pd.Series([sorted({edit.category for edit in result.deletions}) if result else [] for result in results], index=series.index, dtype=object),
        }
    )


def clean_frame(frame: pd.DataFrame, column: str, config: CleanerLike = None) -> pd.DataFrame:
    """``frame`` with its text ``column`` cleaned and the other columns of ``clean_series`` added after its own."""
    if column not in frame.columns:
        raise KeyError(f"no column {column!r} to clean (columns: {', '.join(map(str, frame.columns))})")
    clashes = [name for name in COLUMNS[1:] if name in frame.columns and name != column]
    if clashes:
        raise ValueError(f"the frame already has the column(s) {', '.join(clashes)} that cleaning adds; rename them first")
    cleaned = clean_series(frame[column], config)
    return frame.assign(**{column: cleaned["text"]}, **{name: cleaned[name] for name in COLUMNS[1:]})


def _clean(cleaner, label, value) -> CleanResult | None:
    if isinstance(value, str):
        return cleaner.clean(value)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    raise TypeError(f"row {label!r}: expected text, got {type(value).__name__}")
