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
from itertools import accumulate

_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_BREAKS = _BREAK_CHARS[1:]  # ``in`` tests for each are faster than one regex scan
_TO_NEWLINE = str.maketrans(dict.fromkeys(_OTHER_BREAKS, "\n"))


class Line:
    """One line: ``text[start:end]`` is its content, ``text[end:next]`` its line break."""

    __slots__ = ("index", "start", "end", "next", "text", "is_blank")

    def __init__(self, index: int, start: int, end: int, next: int, text: str):
        self.index, self.start, self.end, self.next, self.text = index, start, end, next, text
        self.is_blank = not text or text.isspace()

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.start}, {self.end}, {self.text!r})"

    @property
    def stripped(self) -> str:
        return self.text.strip()


class Document:
    """A text and its line table. Immutable; built once per ``Cleaner.clean`` call."""

    def __init__(self, text: str):
        self.text = text
        if any(char in text for char in _OTHER_BREAKS):
            self.view = text.translate(_TO_NEWLINE)
            self.lines = self._split(text)
            return
        self.view = text
        contents = text.split("\n")
        if not contents[-1]:
            contents.pop()  # the text ends with a line break (or is empty)
        starts = accumulate((len(content) + 1 for content in contents), initial=0)
        self.lines = [Line(index, start, start + len(content), start + len(content) + 1, content) for index, (start, content) in enumerate(zip(starts, contents))]
        if self.lines and self.lines[-1].next > len(text):
            self.lines[-1].next = len(text)

    @staticmethod
    def _split(text: str) -> list[Line]:
        lines = []
        position = 0
        for index, piece in enumerate(text.splitlines(keepends=True)):
            if piece.endswith("\r\n"):
                content = piece[:-2]
            elif piece[-1] in _BREAK_CHARS:
                content = piece[:-1]
            else:
                content = piece
            end = position + len(content)
            lines.append(Line(index, position, end, position + len(piece), content))
            position += len(piece)
        return lines

    def with_contents(self, changed: dict[int, str]) -> "Document":
        """This document's lines, those in ``changed`` (index: new content, no line breaks) replaced, each ended by ``\\n``."""
        contents = [changed.get(line.index, line.text) for line in self.lines]
        doc = Document.__new__(Document)
        doc.text = doc.view = "".join(content + "\n" for content in contents)
        doc.lines, position = [], 0
        for index, content in enumerate(contents):
            end = position + len(content)
            doc.lines.append(Line(index, position, end, end + 1, content))
            position = end + 1
        return doc

    @cached_property
    def filled(self) -> list[Line]:
        """The lines that are not blank."""
        return [line for line in self.lines if not line.is_blank]

    @cached_property
    def line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_at(self, offset: int) -> Line:
        """The line containing ``offset`` (its content or its break)."""
        return self.lines[bisect.bisect_right(self.line_starts, offset) - 1]
