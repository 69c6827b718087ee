"""Span, line and block matching: the rules of one kind compiled into one pattern.

Each kind is scanned with a single combined alternation over the whole document
(``Document.view``), so the cost per document hardly grows with the number of
rules; only the few matches found are attributed to a rule, by trying that kind's
rules one by one at the match position. Every call runs under the ``regex``
module's timeout. When the combined pattern times out, the rules are run one by
one, each under its own timeout, and the rules that time out are skipped for that
document and reported (``Detection.timeouts``).
"""

from __future__ import annotations

from typing import Iterator, Sequence

import regex

from .detection import Detection
from .document import Line
from .ruleset import Rule, scoped

_H = r"[^\S\n]*"  # horizontal whitespace: anything blank but a line break


def _as_line(pattern: str) -> str:
    return rf"^{_H}{pattern}{_H}$"


class _Group:
    """Rules compiled into one alternation, plus each rule alone for attribution and fallback."""

    def __init__(self, rules: Sequence[Rule], patterns: Sequence[str], as_line: bool, timeout: float):
        self.rules = list(rules)
        self.timeout = timeout
        wrap = _as_line if as_line else (lambda p: p)
        self.combined = regex.compile("(?m)" + wrap("(?:" + "|".join(patterns) + ")"))
        self.each = [regex.compile("(?m)" + wrap(p)) for p in patterns]

    def matches(self, view: str, detection: Detection) -> Iterator[tuple[int, int, int]]:
        """(start, end, rule index) of every match within one line, leftmost first."""
        try:
            yield from self._scan_combined(view)
        except TimeoutError:
            yield from self._scan_each(view, detection)

    def _scan_combined(self, view: str) -> Iterator[tuple[int, int, int]]:
        for start, end in _scan(self.combined, view, 0, len(view), self.timeout):
            line_end = _line_end(view, start)
            for index, pattern in enumerate(self.each):
                found = pattern.match(view, start, line_end, timeout=self.timeout)
                if found and found.end() == end:
                    yield start, end, index
                    break

    def _scan_each(self, view: str, detection: Detection) -> Iterator[tuple[int, int, int]]:
        taken: list[tuple[int, int, int]] = []
        for index, pattern in enumerate(self.each):
            try:
                found = list(_scan(pattern, view, 0, len(view), self.timeout))
            except TimeoutError:
                detection.timeouts.append(self.rules[index].id)
                continue
            taken.extend((s, e, index) for s, e in found if not any(s < te and ts < e for ts, te, _ in taken))
        yield from sorted(taken)


def _line_end(view: str, position: int) -> int:
    end = view.find("\n", position)
    return len(view) if end < 0 else end


def _scan(pattern: regex.Pattern, view: str, pos: int, endpos: int, timeout: float) -> Iterator[tuple[int, int]]:
    """Non-empty matches of ``pattern`` that stay within one line."""
    while pos < endpos:
        found = pattern.search(view, pos, endpos, timeout=timeout)
        if not found:
            return
        start, end = found.span()
        if view.find("\n", start, end) >= 0:
            # The match crossed a line break: match each line it touched on its own.
            stop = _line_end(view, end)
            line_start = view.rfind("\n", 0, start) + 1
            while line_start <= stop:
                line_end = _line_end(view, line_start)
                yield from _scan(pattern, view, line_start, min(line_end, stop), timeout)
                line_start = line_end + 1
            pos = stop + 1
        elif end == start:
            pos = start + 1
        else:
            yield start, end
            pos = end


class SpanMatcher:
    """``span`` rules: each match is deleted from its line, with the whitespace it leaves behind."""

    def __init__(self, rules: Sequence[Rule], timeout: float):
        self.group = _Group(rules, [scoped(r.pattern, r.ignore_case) for r in rules], False, timeout)

    def detect(self, detection: Detection) -> None:
        doc = detection.doc
        for start, end, index in self.group.matches(doc.view, detection):
            line = doc.line_at(start)
            detection.delete_span(line, start, end, self.group.rules[index])


class LineMatcher:
    """``line`` rules: a line goes when a rule's pattern matches all of it (surrounding blanks aside)."""

    def __init__(self, rules: Sequence[Rule], timeout: float):
        self.group = _Group(rules, [scoped(r.pattern, r.ignore_case) for r in rules], True, timeout)

    def detect(self, detection: Detection) -> None:
        doc = detection.doc
        for start, _end, index in self.group.matches(doc.view, detection):
            detection.delete_line(doc.line_at(start).index, self.group.rules[index])


class BlockMatcher:
    """``block`` rules: a start line, then lines up to an end condition, optionally only in a zone."""

    def __init__(self, rules: Sequence[Rule], timeout: float):
        self.timeout = timeout
        self.group = _Group(rules, [scoped(r.start, r.ignore_case) for r in rules], True, timeout)

        def line_pattern(pattern: str | None, rule: Rule) -> regex.Pattern | None:
            return regex.compile("(?m)" + _as_line(scoped(pattern, rule.ignore_case))) if pattern else None

        self.ends = [line_pattern(r.end, r) for r in rules]
        self.bodies = [line_pattern(r.body, r) for r in rules]

    def detect(self, detection: Detection) -> None:
        doc = detection.doc
        filled = [line for line in doc.lines if not line.is_blank]
        rank = {line.index: number for number, line in enumerate(filled)}
        covered_until = -1
        for start, _end, index in self.group.matches(doc.view, detection):
            first = doc.line_at(start)
            rule = self.group.rules[index]
            if first.index <= covered_until or not self._in_zone(rule, rank[first.index], len(filled)):
                continue
            try:
                block = self._extent(rule, index, first, filled[rank[first.index] + 1 :], detection)
            except TimeoutError:
                detection.timeouts.append(rule.id)
                continue
            for line in block:
                detection.delete_line(line.index, rule)
            covered_until = block[-1].index if block else covered_until

    @staticmethod
    def _in_zone(rule: Rule, rank: int, total: int) -> bool:
        if rule.zone == "head":
            return rank < rule.zone_lines
        if rule.zone == "tail":
            return rank >= total - rule.zone_lines
        return True

    def _extent(self, rule: Rule, index: int, first: Line, following: list[Line], detection: Detection) -> list[Line]:
        """The non-blank lines of the block starting at ``first``, or [] when its end condition fails."""
        view = detection.doc.view
        block = [first]
        end, body = self.ends[index], self.bodies[index]
        if rule.until == "blank":
            for line in following:
                if line.index != block[-1].index + 1:
                    break
                block.append(line)
        elif rule.until == "eof":
            block.extend(following)
        elif rule.lines:
            block.extend(following[: rule.lines])
            if len(block) <= rule.lines:
                return []
        else:
            for line in following[: rule.max_lines]:
                block.append(line)
                if end.match(view, line.start, line.end, timeout=self.timeout):
                    break
            else:
                return []
        if body and not all(body.match(view, line.start, line.end, timeout=self.timeout) for line in block[1:]):
            return []
        if len(block) > rule.max_lines + 1:
            return []
        return block
