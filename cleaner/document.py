"""The line table: a text split once into lines, as offsets into the original.

Line breaks are exactly those of ``str.splitlines`` (``\\n``, ``\\r\\n``, ``\\r``,
``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``). Patterns
are matched against ``Document.view``: the text with every line break turned into
``\\n`` (``\\r\\n`` into ``\\n\\n``), so offsets in the view and the text agree and a
pattern's ``^``/``$`` (multi-line mode) are line boundaries whatever the input used.
"""

from __future__ import annotations

import bisect
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import add, not_
from typing import NamedTuple

_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_BREAKS = _BREAK_CHARS[1:]  # ``in`` tests for each are faster than one regex scan


class Line(NamedTuple):
    """One line: ``text[start:end]`` is its content, ``text[end:next]`` its line break.

    A named tuple, so a document's lines are made in one C-level pass.
    """

    index: int
    start: int
    end: int
    next: int
    text: str
    is_blank: bool

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text!r})"

    @property
    def stripped(self) -> str:
        return self.text.strip()


class Document:
    """A text and its line table. Immutable; built once per ``Cleaner.clean`` call."""

    def __init__(self, text: str):
        self.text = text
        breaks = list(filter(text.__contains__, _OTHER_BREAKS))
        if not breaks:
            self.view = text
            contents = text.split("\n")
        elif breaks == ["\r"] and text.count("\r") == text.count("\r\n"):  # Windows line ends: \r only before \n
            self.view = text.replace("\r", "\n")
            contents = text.split("\n")
        else:
            self.view = text
            for char in breaks:
                self.view = self.view.replace(char, "\n")
            self._table(*self._split(text))
            return
        if not contents[-1]:
            contents.pop()  # the text ends with a line break (or is empty)
        starts = _starts(contents)
        if breaks:
            contents = [content[:-1] if content[-1:] == "\r" else content for content in contents]
        self._table(contents, starts)

    def _table(self, contents: list[str], starts: list[int]) -> None:
        """The per-line lists, from the lines' contents and start offsets."""
        self.contents = contents  # each line's text (``Line.text``)
        self.line_starts = starts
        self.stripped = list(map(str.strip, contents))  # each line's content without the blanks around it
        self.blanks = list(map(not_, self.stripped))

    @staticmethod
    def _split(text: str) -> tuple[list[str], list[int]]:
        contents, starts = [], []
        position = 0
        for piece in text.splitlines(keepends=True):
            if piece.endswith("\r\n"):
                contents.append(piece[:-2])
            elif piece[-1] in _BREAK_CHARS:
                contents.append(piece[:-1])
            else:
                contents.append(piece)
            starts.append(position)
            position += len(piece)
        return contents, starts

    @cached_property
    def lines(self) -> list[Line]:
        """The lines, made on first use: ``Cleaner.clean`` reads those of the repaired copy, not the original's.

        Each line's break runs to the next line's start, the last line's to the end of the text.
        """
        starts, contents = self.line_starts, self.contents
        rows = zip(range(len(contents)), starts, map(add, starts, map(len, contents)), [*starts[1:], len(self.text)], contents, self.blanks)
        return list(map(tuple.__new__, repeat(Line), rows))  # in one C-level pass

    def with_contents(self, changed: dict[int, str]) -> "Document":
        """This document's lines, those in ``changed`` (index: new content, no line breaks) replaced, each ended by ``\\n``."""
        contents, stripped, blanks = self.contents.copy(), self.stripped.copy(), self.blanks.copy()
        for index, content in changed.items():
            contents[index], stripped[index] = content, content.strip()
            blanks[index] = not stripped[index]
        doc = Document.__new__(Document)
        doc.text = doc.view = "\n".join(contents) + "\n" if contents else ""
        doc.contents, doc.line_starts, doc.stripped, doc.blanks = contents, _starts(contents), stripped, blanks
        return doc

    _filled: list[Line] | None = None

    @property
    def filled(self) -> list[Line]:
        """The lines that are not blank (worked out on first use: a property costs less than ``cached_property``'s lock)."""
        if self._filled is None:
            self._filled = list(compress(self.lines, map(not_, self.blanks)))
        return self._filled

    def line_at(self, offset: int) -> Line:
        """The line containing ``offset`` (its content or its break)."""
        return self.lines[bisect.bisect_right(self.line_starts, offset) - 1]


def _starts(contents: list[str]) -> list[int]:
    """Where each line of ``contents`` starts when a one-character break follows each (Windows lines still end with \\r)."""
    starts = list(accumulate(map(add, map(len, contents), repeat(1)), initial=0))
    starts.pop()
    return starts
