"""The line table: a text split once into lines, as offsets into the original.

Line breaks are exactly those of ``str.splitlines`` (``\\n``, ``\\r\\n``, ``\\r``,
``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``). Patterns
are matched against ``Document.view``: the text with every line break turned into
``\\n`` (``\\r\\n`` into ``\\n\\n``), so offsets in the view and the text agree and a
pattern's ``^``/``$`` (multi-line mode) are line boundaries whatever the input used.
"""

from __future__ import annotations

import bisect
from functools import partial
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


_new_line = partial(tuple.__new__, Line)  # Line from a tuple of its fields, in C


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
        starts = list(accumulate(map(add, map(len, contents), repeat(1)), initial=0))
        nexts = starts[1:]
        if nexts and nexts[-1] > len(text):
            nexts[-1] = len(text)  # the last line has no break
        if breaks:
            contents = [content[:-1] if content[-1:] == "\r" else content for content in contents]
        self._table(contents, starts, nexts)

    def _table(self, contents: list[str], starts: list[int], nexts: list[int]) -> None:
        """The lines from their contents, start offsets (one more at the end is ignored) and next-line offsets."""
        self.contents = contents  # each line's text (``Line.text``)
        self.line_starts = starts[: len(contents)]
        self.stripped = list(map(str.strip, contents))  # each line's content without the blanks around it
        self.blanks = list(map(not_, self.stripped))
        self.lines = _lines(0, contents, starts, nexts, self.blanks)

    @staticmethod
    def _split(text: str) -> tuple[list[str], list[int], list[int]]:
        contents, starts, nexts = [], [], []
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
            nexts.append(position)
        return contents, starts, nexts

    def with_contents(self, changed: dict[int, str]) -> "Document":
        """This document's lines, those in ``changed`` (index: new content, no line breaks) replaced, each ended by ``\\n``."""
        lines = self.lines
        contents, stripped, blanks = self.contents.copy(), self.stripped.copy(), self.blanks.copy()
        same = max(len(lines) - 1, 0)  # the lines before the first that changes length (the last may gain a break)
        for index, content in changed.items():
            if index < same and len(content) != len(contents[index]):
                same = index
            contents[index], stripped[index] = content, content.strip()
            blanks[index] = not stripped[index]
        doc = Document.__new__(Document)
        doc.text = doc.view = "\n".join(contents) + "\n" if contents else ""
        starts = list(accumulate(map(add, map(len, contents), repeat(1)), initial=0))
        doc.contents, doc.line_starts, doc.stripped, doc.blanks = contents, starts[: len(contents)], stripped, blanks
        if same and lines[same - 1].next != starts[same]:
            same = 0  # a break before was longer than one character: the offsets differ (they only drift further apart)
        # The lines before ``same`` keep their offsets: reuse them, remaking only those whose content changed.
        doc.lines = lines[:same] + _lines(same, contents, starts, starts[1:], blanks)
        for index in changed:
            if index < same:
                _, start, end, next_start, _, _ = lines[index]
                doc.lines[index] = _new_line((index, start, end, next_start, contents[index], blanks[index]))
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


def _lines(first: int, contents: list[str], starts: list[int], nexts: list[int], blanks: list[bool]) -> list[Line]:
    """Lines ``first`` on, from the fields of every line; made in one C-level pass (``tuple.__new__`` of each zipped row)."""
    if first:
        contents, starts, nexts, blanks = contents[first:], starts[first:], nexts[first:], blanks[first:]
    rows = zip(range(first, first + len(contents)), starts, map(add, starts, map(len, contents)), nexts, contents, blanks)
    return list(map(tuple.__new__, repeat(Line), rows))
