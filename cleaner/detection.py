"""What the rules decided about one document: deleted lines and deleted spans."""

from __future__ import annotations

from itertools import compress
from operator import not_

from .document import Document, Line
from .ruleset import Rule


class Detection:
    """Deletions marked on a document's lines, in the order the rules ran (the first rule wins)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.line_rules: list[Rule | None] = [None] * len(doc.lines)
        self.deleted_lines: list[int] = []  # indices of the lines rules deleted, in the order they went
        self.spans: dict[int, list[tuple[int, int, Rule]]] = {}
        self.timeouts: list[str] = []
        self._standing = list(map(not_, doc.blanks))  # per line: neither blank nor deleted (``is_content``)
        self._content: list[Line] | None = None
        self._content_indices: list[int] | None = None
        self.deleted = 0  # how many deletions were made, to tell when rules stop finding more
        self.memo: dict = {}  # what a stage found once and reuses in later rounds

    def delete_line(self, index: int, rule: Rule) -> None:
        if self.line_rules[index] is None and not self.doc.blanks[index]:
            self.line_rules[index] = rule
            self.deleted_lines.append(index)
            self._standing[index] = False
            self._content = self._content_indices = None
            self.deleted += 1

    def delete_span(self, line: Line, start: int, end: int, rule: Rule) -> None:
        """Delete ``text[start:end]`` and the blanks that would be left around it."""
        text = self.doc.text
        spans = self.spans.setdefault(line.index, [])
        floor = max(line.start, spans[-1][1] if spans else line.start)
        if start < floor:
            return
        while end < line.end and text[end].isspace():
            end += 1
        if end == line.end or not text[floor:start].strip():
            while start > floor and text[start - 1].isspace():
                start -= 1
        spans.append((start, end, rule))
        if not self.kept_text(line.index).strip():
            self._standing[line.index] = False
        self._content = self._content_indices = None
        self.deleted += 1

    def is_deleted(self, index: int) -> bool:
        """True when a rule removed the line, or removed everything in it but blanks."""
        if self.line_rules[index] is not None:
            return True
        return index in self.spans and not self.kept_text(index).strip()

    def is_content(self, index: int) -> bool:
        """Neither blank nor deleted: ``not is_deleted(index)`` for a line that is not blank."""
        return self._standing[index]

    def content_lines(self) -> list[Line]:
        """The lines still standing: not blank, not deleted (rebuilt, in C, only after a deletion)."""
        if self._content is None:
            self._content = list(compress(self.doc.lines, self._standing))
        return self._content

    def content_indices(self) -> list[int]:
        """The indices of ``content_lines()``."""
        if self._content_indices is None:
            self._content_indices = list(compress(range(len(self._standing)), self._standing))
        return self._content_indices

    def kept_segments(self, index: int) -> list[tuple[int, int]]:
        """The (start, end) ranges of a line's content that no span rule removed."""
        line = self.doc.lines[index]
        segments, position = [], line.start
        for start, end, _rule in self.spans.get(index, ()):
            if start > position:
                segments.append((position, start))
            position = end
        if line.end > position:
            segments.append((position, line.end))
        return segments

    def kept_text(self, index: int) -> str:
        """The content of a line that no span rule removed: all of it, for most lines (they have no spans)."""
        if index not in self.spans:
            return self.doc.contents[index]
        text = self.doc.text
        return "".join(text[start:end] for start, end in self.kept_segments(index))

    def deleting_rules(self) -> list[Rule]:
        """The rule of each deleted line and span (a rule as often as it deleted): the lines' in the order they went."""
        return list(map(self.line_rules.__getitem__, self.deleted_lines)) + [rule for spans in self.spans.values() for _start, _end, rule in spans]
