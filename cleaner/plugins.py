"""Detectors from other packages, through the ``article_cleaner.heuristics`` entry-point group.

A package declares ``[project.entry-points."article_cleaner.heuristics"]`` with
``name = "module:function"``. The function is a detector like the built-in ones
(``cleaner/heuristics.py``): it takes the ``Detection`` and the rule's ``params`` and
yields the indices of the lines to delete; set ``function.runs_first = True`` if it
finds where the article starts. It is loaded when a rule first names it, in every
process that loads or unpickles such a rule.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from .heuristics import DETECTORS, detector

GROUP = "article_cleaner.heuristics"


def has_detector(name: str) -> bool:
    """True when ``name`` is a built-in detector or one an installed package offers (which is then registered)."""
    if name in DETECTORS:
        return True
    for entry in entry_points(group=GROUP):
        if entry.name == name:
            function = entry.load()
            detector(name, first=getattr(function, "runs_first", False))(function)
            return True
    return False


def offered() -> list[str]:
    """The names of every detector available: built in, and offered by installed packages."""
    return sorted(set(DETECTORS) | {entry.name for entry in entry_points(group=GROUP)})
