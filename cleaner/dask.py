"""Cleaning Dask collections: a bag of texts, or a text column of a Dask DataFrame.

The Cleaner is built on the client (so workers need no rule or config files) and its
state sent as one small task of the graph; each worker process compiles it once and
keeps it for every partition, and for later computations with the same rules.
(``cleaner clean --engine dask`` or ``--scheduler`` cleans files and folders on a
cluster; see ``cleaner.dask_engine``.)
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache

import dask
import dask.bag
import dask.dataframe
import pandas as pd

from .integrations import CleanerLike, as_cleaner
from .pandas import clean_frame
from .pipeline import Cleaner, CleanResult


def clean_bag(bag: dask.bag.Bag, config: CleanerLike = None) -> dask.bag.Bag:
    """A bag of ``CleanResult``, one per text of ``bag``, in its order."""
    return bag.map_partitions(_clean_texts, _shipped(as_cleaner(config)))


def clean_dataframe(frame: dask.dataframe.DataFrame, column: str, config: CleanerLike = None) -> dask.dataframe.DataFrame:
    """``frame`` with its text ``column`` cleaned, plus ``deletions``, ``repairs`` and ``categories`` (as
    ``cleaner.pandas.clean_frame`` gives them)."""
    cleaner = as_cleaner(config)
    meta = clean_frame(frame._meta, column, cleaner)  # checks the column here, before anything runs
    return frame.map_partitions(_clean_frame, column, _shipped(cleaner), meta=meta)


def _shipped(cleaner: Cleaner):
    """The Cleaner's state (its config and loaded rules, some KB) as one task of the graph, named by its hash."""
    state = pickle.dumps(cleaner)
    return dask.delayed(state, name=f"article-cleaner-{hashlib.sha256(state).hexdigest()}")


@lru_cache(maxsize=4)
def _built(state: bytes) -> Cleaner:
    """The Cleaner of ``state``, compiled once per worker process."""
    return pickle.loads(state)


def _clean_texts(texts, state: bytes) -> list[CleanResult]:
    cleaner = _built(state)
    return [cleaner.clean(text) for text in texts]


def _clean_frame(frame: pd.DataFrame, column: str, state: bytes) -> pd.DataFrame:
    return clean_frame(frame, column, _built(state))
