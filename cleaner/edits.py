"""Edits in the coordinates of the original text, and the two ways to replay them.

An edit replaces ``original[start:end]`` (which must equal ``removed``) with
``inserted``. A deletion has an empty ``inserted``; a repair has a non-empty one.
A valid edit list is sorted and non-overlapping, so it can be applied in one pass
(``apply``) and undone from the clean text alone (``restore``).
"""

from __future__ import annotations

from functools import partial
from typing import Iterable, NamedTuple, Sequence


class Edit(NamedTuple):
    """One change: ``original[start:end]`` (``removed``) became ``inserted``, by ``rule`` of ``category``.

    A named tuple: edits are made by the ten thousand, and a tuple is the cheapest immutable record.
    """

    start: int
    end: int
    removed: str
    inserted: str
    rule: str
    category: str

    def to_dict(self) -> dict:
        return self._asdict()

    @classmethod
    def from_dict(cls, data: dict) -> "Edit":
        return cls(*(data[name] for name in cls._fields))


new_edit = partial(tuple.__new__, Edit)  # Edit from a tuple of its fields: in C, twice as fast as Edit(...)


class EditError(ValueError):
    """An edit list that does not fit the text it is applied to."""


def check(original: str, edits: Sequence[Edit]) -> None:
    """Raise EditError unless ``edits`` is a valid edit list for ``original``."""
    position = 0
    for edit in edits:
        if edit.start < position or edit.end < edit.start or edit.end > len(original):
            raise EditError(f"edit {edit.start}-{edit.end} ({edit.rule}) overlaps or is out of range")
        if original[edit.start : edit.end] != edit.removed:
            raise EditError(f"edit {edit.start}-{edit.end} ({edit.rule}) does not match the text")
        if edit.start == edit.end and not edit.inserted:
            raise EditError(f"edit at {edit.start} ({edit.rule}) changes nothing")
        position = edit.end


def apply(original: str, edits: Iterable[Edit]) -> str:
    """The clean text: ``original`` with every edit applied."""
    parts = []
    position = 0
    for edit in edits:
        parts.append(original[position : edit.start])
        parts.append(edit.inserted)
        position = edit.end
    parts.append(original[position:])
    return "".join(parts)


def restore(clean: str, edits: Iterable[Edit]) -> str:
    """The original text, rebuilt from the clean text and its edit list."""
    parts = []
    original_position = 0  # where we are in the original text
    clean_position = 0  # where we are in the clean text
    for edit in edits:
        kept = edit.start - original_position
        parts.append(clean[clean_position : clean_position + kept])
        clean_position += kept
        if clean[clean_position : clean_position + len(edit.inserted)] != edit.inserted:
            raise EditError(f"clean text does not contain the text inserted by {edit.rule} at {edit.start}")
        parts.append(edit.removed)
        clean_position += len(edit.inserted)
        original_position = edit.end
    parts.append(clean[clean_position:])
    return "".join(parts)
