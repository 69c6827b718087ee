"""Span, line and block matching, with the rules of one kind indexed, not looped.

* ``span`` rules are one alternation scanned once over the whole document
  (``Document.view``); span patterns start with literal text, which ``regex``
  finds fast.
* ``line`` rules and block ``start`` patterns are matched per line, but a line
  only meets the rules that can match it. What each rule needs is learnt once,
  when the rules are loaded: the characters a match can start and end with (by
  probing the pattern with ``regex``'s partial matching), the longest text it can
  match, and literal text every match starts with (whole-line rules) or contains
  (both read off ``regex``'s parse tree). Lines are bucketed by first character,
  last character and length (all lines of a document at once, by C-level maps;
  only lines left with rules to try loop in Python), so the rules left for a content
  line (long, ending in a full stop) are few however many rules there are, and a cheap ``startswith``
  or ``in`` test drops most of those. What a line's first and last characters tell of those
  tests is settled once per shape: a test they pass goes, one they fail drops its rule, and
  an edge test keeps only the strings that fit them. The ``in`` tests of all rules together are
  one RE2 scan of the document (``needles``): a line holding none of their texts
  skips them. The survivors are tried in rule order:
  whole-line rules anchored at the line start, ``match = "search"`` rules ending
  in ``$`` backwards from the line end, other search rules forwards. Line rules
  and block starts are indexed together: a document's lines are looked up and
  scanned once for both.

Every call runs under the ``regex`` module's timeout. The span pass of all rules
together gets a quarter of it; when it times out, the pass is redone rule by rule,
each with what is left. A rule that times out is skipped for the rest of the
document and reported (``Detection.timeouts``).
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from typing import Callable, Iterable, Iterator, Sequence

import regex

from .detection import Detection
from .document import Line
from .needles import NeedleScan
from .prefilter import PROBED, AnyNeeds, EdgeNeeds, InnerNeeds, Probe, max_width, merged, narrowed, needs, rarity
from .ruleset import Rule, scoped

_H = r"[^\S\n]*"  # horizontal whitespace: anything blank but a line break
_MOST_SHAPES = 200_000  # line shapes remembered per rule set, to bound memory on endless input
_EDGE = 3  # characters at each end of a line that choose the rules it can meet
_WIDEST = 2_000  # a rule matching longer lines than this counts as unbounded: size classes are a table this long
_COMBINED_SHARE = 0.25  # of the timeout, for the pass of all span rules together
_LINES, _STARTS = _KINDS = (0, 1)  # the kinds of patterns matched line by line: line rules', block rules' starts


class _SpanScanner:
    """Span rules as one alternation, scanned over the whole document, plus each rule alone."""

    def __init__(self, rules: Sequence[Rule], timeout: float):
        self.rules = list(rules)
        self.timeout = timeout
        patterns = [scoped(r.pattern, r.ignore_case) for r in rules]
        self.combined = regex.compile("(?m)(?:" + "|".join(patterns) + ")")
        self.each = [regex.compile("(?m)" + p) for p in patterns]

    def matches(self, view: str, detection: Detection) -> list[tuple[int, int, int]]:
        """(start, end, rule index) of every match within one line, leftmost first.

        All rules together get a quarter of the timeout; if that runs out, each rule
        alone gets what is left of it. So a runaway rule costs about one timeout per
        document, not two. A single rule is scanned once, with the whole timeout.
        """
        if len(self.each) == 1:
            try:
                return list(self._scan_combined(view, self.timeout))
            except TimeoutError:
                detection.timeouts.append(self.rules[0].id)
                return []
        started = time.perf_counter()
        try:
            return list(self._scan_combined(view, self.timeout * _COMBINED_SHARE))
        except TimeoutError:
            left = max(self.timeout - (time.perf_counter() - started), self.timeout * _COMBINED_SHARE)
            return self._scan_each(view, detection, left)

    def _scan_combined(self, view: str, timeout: float) -> Iterator[tuple[int, int, int]]:
        for start, end in _scan(self.combined, view, 0, len(view), timeout):
            line_end = _line_end(view, start)
            for index, pattern in enumerate(self.each):
                found = pattern.match(view, start, line_end, timeout=timeout)
                if found and found.end() == end:
                    yield start, end, index
                    break

    def _scan_each(self, view: str, detection: Detection, timeout: float) -> list[tuple[int, int, int]]:
        taken: list[tuple[int, int, int]] = []
        for index, pattern in enumerate(self.each):
            try:
                found = list(_scan(pattern, view, 0, len(view), timeout))
            except TimeoutError:
                detection.timeouts.append(self.rules[index].id)
                continue
            taken.extend((s, e, index) for s, e in found if not any(s < te and ts < e for ts, te, _ in taken))
        return sorted(taken)


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


def _ends_at_line_end(pattern: str) -> bool:
    """True when every match of ``pattern`` ends at a line end: it ends in a top-level ``$`` and has no top-level ``|``."""
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return False
    return pattern.endswith("$") and not pattern.endswith("\\$") and depth == 0


@dataclass(frozen=True)
class _LineRule:
    """One rule's pattern, ready to try on a line, and what a line needs for the rule to have a chance."""

    index: int
    kind: int  # _LINES or _STARTS
    test: Callable  # (string, pos, endpos, timeout=) -> match or None
    firsts: Probe | None  # probed characters a stripped line can start with; None: any
    lasts: Probe | None  # ... end with
    width: int | None  # the longest line it can match; None: unbounded
    needs: tuple[EdgeNeeds | InnerNeeds, ...]  # cheap tests a stripped line must pass first


class _LineRules:
    """The patterns matched line by line, of line rules and of block rules (their starts), indexed together by what a
    line needs to match each: a document's lines are looked up by shape and scanned for needles once for both kinds."""

    def __init__(self, line_rules: Sequence[Rule], block_rules: Sequence[Rule], timeout: float):
        patterns = [(rule, rule.pattern, _LINES) for rule in line_rules] + [(rule, rule.start, _STARTS) for rule in block_rules]
        self.rules = [rule for rule, _, _ in patterns]
        self.offsets = (0, len(line_rules))  # the index of the first rule of each kind
        self.timeout = timeout
        self.each = [self._prepare(index, rule, pattern, kind) for index, (rule, pattern, kind) in enumerate(patterns)]
        self.thresholds = sorted({r.width for r in self.each if r.width is not None and r.width <= _WIDEST})
        # A line's length -> the index in ``_by_size``; past the widest threshold, the last.
        self._size_classes = {length: bisect.bisect_left(self.thresholds, length) for length in range(max(self.thresholds, default=-1) + 1)}
        # Rules narrower than a line cannot match it: the rules left for each width threshold.
        self._by_size = [frozenset(r.index for r in self.each if r.width is None or r.width >= low) for low in [0, *(w + 1 for w in self.thresholds)]]
        self._by_head: dict[str, frozenset[int]] = {}
        self._by_tail: dict[str, frozenset[int]] = {}
        self._groups: dict[tuple, tuple] = {}  # the rules of a shape with their narrowed tests -> their groups
        # (head, tail, size class) -> for each kind, the groups to test on a line holding a needle, and those to test on
        # any other (``_routes``)
        self._by_shape: dict[tuple[str, str, int], tuple[tuple, ...]] = {}
        self._scan = NeedleScan(needle for rule in self.each for needle in _needles(rule.needs[0] if rule.needs else None) or ())

    @staticmethod
    def _prepare(index: int, rule: Rule, pattern: str, kind: int) -> _LineRule:
        bare = scoped(pattern, rule.ignore_case)
        whole = rule.match == "full"
        at_end = whole or _ends_at_line_end(pattern)
        if whole:
            test = regex.compile(f"(?m)^{_H}{bare}{_H}$").match
        elif at_end:
            test = regex.compile(f"(?mr){bare}").match  # anchored at the line end, matched backwards
        else:
            test = regex.compile(f"(?m){bare}").search
        return _LineRule(
            index,
            kind,
            test,
            Probe(bare, False) if whole else None,
            Probe(bare, True) if at_end else None,
            max_width(bare) if whole else None,
            tuple(needs(bare, whole, at_end)),
        )

    def _shapes(self, texts: list[str]) -> list[tuple[tuple, ...]]:
        """For each of ``texts`` (stripped lines, none blank), the groups of rules of each kind it can meet by its first
        and last characters and its length: all of them for a line holding a needle (``NeedleScan``), and those behind
        no test of needles for any other line.

        Looked up by (head, tail, size class), for all texts at once; a shape seen for the
        first time is worked out from the rules each head and each tail admit, their tests
        narrowed to that head and tail (``_narrowed``), and remembered.
        """
        sizes = map(self._size_classes.get, map(len, texts), repeat(len(self.thresholds)))
        keys = list(zip(map(_HEAD, texts), map(_TAIL, texts), sizes))
        shapes = list(map(self._by_shape.get, keys))
        if None in shapes:
            shapes = [shape or self._remember(self._by_shape, key, self._groups_for(*key)) for shape, key in zip(shapes, keys)]
        return shapes

    def _groups_for(self, head: str, tail: str, size: int) -> tuple[tuple, ...]:
        heads = self._by_head.get(head)
        if heads is None:
            heads = self._remember(self._by_head, head, frozenset(r.index for r in self.each if _may_start(r, head)))
        tails = self._by_tail.get(tail)
        if tails is None:
            tails = self._remember(self._by_tail, tail, frozenset(r.index for r in self.each if _may_end(r, tail)))
        chosen = heads & tails & self._by_size[size]
        rules = [rule for rule in (_narrowed(self.each[index], head, tail) for index in sorted(chosen)) if rule is not None]
        return tuple(groups for kind in _KINDS for groups in self._kind_groups([rule for rule in rules if rule.kind == kind]))

    def _kind_groups(self, rules: list[_LineRule]) -> tuple[tuple, tuple]:
        """The groups of ``rules`` (of one kind, narrowed): all of them, and those behind no test of needles."""
        if not rules:
            return _NO_GROUPS
        key = tuple((rule.index, rule.needs) for rule in rules)
        groups = self._groups.get(key)
        if groups is None:
            every = _grouped(rules)
            groups = self._remember(self._groups, key, (_plan(every), _plan(group for group in every if _needles(group[0]) is None)))
        return groups

    @staticmethod
    def _candidates(groups: tuple, text: str) -> list[_LineRule]:
        """Of the rules in ``groups`` (``_plan``), those whose cheap tests ``text`` passes, in rule order.

        Each group sits behind one merged test, so a line that none can match costs
        a test or two however many rules there are.
        """
        found: list[_LineRule] = []
        for gate, members in groups:
            if gate is None or gate(text):
                for rule, tests in members:
                    for test in tests:
                        if not test(text):
                            break
                    else:
                        found.append(rule)
        if len(found) > 1:
            found.sort(key=_rule_index)
        return found

    @staticmethod
    def _remember(cache: dict, key, value):
        if len(cache) >= _MOST_SHAPES:
            cache.clear()
        cache[key] = value
        return value

    def hits(self, detection: Detection, kind: int) -> Iterator[tuple[Line, int]]:
        """(line, index of the first rule of ``kind`` matching it, among those of its kind) for every non-blank line of
        the document, in order, that some rule of ``kind`` matches.

        A line that span rules cut is matched as what is left of it: a line they deleted, as nothing.
        """
        lines, texts, shapes, needled = self._looked_up(detection)
        routes = self._routes(shapes, needled, kind)
        if detection.spans:
            for position in _positions(list(map(_INDEX, lines)), detection.spans):
                routes[position] = _CUT
        disabled: set[int] = set()
        doc_view, offset = detection.doc.view, self.offsets[kind]
        for line, text, groups in compress(zip(lines, texts, routes), routes):
            if groups is _CUT:
                view = detection.kept_text(line.index)
                start, end = 0, len(view)
                text = view.strip()
                if not text:
                    continue
                # What is left of a cut line may join text the scan saw apart: test it for needles as it is.
                groups = self._shapes([text])[0][2 * kind]
            else:
                view, start, end = doc_view, line.start, line.end
            candidates = self._candidates(groups, text)
            if candidates:
                index = self._first(detection, view, start, end, candidates, disabled)
                if index is not None:
                    yield line, index - offset

    def _looked_up(self, detection: Detection) -> tuple[list[Line], list[str], list[tuple], set[int] | None]:
        """The document's non-blank lines, their stripped texts, their shapes (``_shapes``) and the positions of those
        holding a needle (None: unknown): worked out once per document, for both kinds."""
        found = detection.memo.get(self)
        if found is None:
            lines = detection.doc.filled
            texts = list(map(detection.doc.stripped.__getitem__, map(_INDEX, lines)))
            found = detection.memo[self] = (lines, texts, self._shapes(texts), self._scan.lines(texts))
        return found

    @staticmethod
    def _routes(shapes: list[tuple], needled: set[int] | None, kind: int) -> list[tuple]:
        """The groups of rules of ``kind`` to try on each line: by its shape, and by whether it holds a needle."""
        with_needle, without = itemgetter(2 * kind), itemgetter(2 * kind + 1)
        if needled is None:
            return list(map(with_needle, shapes))
        groups = list(map(without, shapes))
        for position in needled:
            groups[position] = with_needle(shapes[position])
        return groups

    def _first(self, detection: Detection, view: str, start: int, end: int, candidates: list[_LineRule], disabled: set[int]) -> int | None:
        """The index of the first of ``candidates`` matching ``view[start:end]``, if any."""
        for candidate in candidates:
            if candidate.index in disabled:
                continue
            try:
                # Arguments by position (string, pos, endpos, concurrent, partial, timeout): by keyword, the call costs a
                # third more.
                found = candidate.test(view, start, end, None, False, self.timeout)
            except TimeoutError:
                disabled.add(candidate.index)
                detection.timeouts.append(self.rules[candidate.index].id)
                continue
            if found:
                return candidate.index
        return None


def _narrowed(rule: _LineRule, head: str, tail: str) -> _LineRule | None:
    """``rule`` with its cheap tests for the lines starting with ``head`` and ending with ``tail`` (``prefilter.narrowed``):
    those each such line passes dropped; None when one of them no such line passes."""
    tests = [narrowed(test, head, tail) for test in rule.needs]
    if any(test is False for test in tests):
        return None
    return replace(rule, needs=tuple(test for test in tests if test is not True))


def _may_start(rule: _LineRule, head: str) -> bool:
    """False when no line starting with ``head`` can match ``rule`` (its edge tests first: they cost no probe)."""
    if not all(test.narrowed(head) is not False for test in rule.needs if isinstance(test, EdgeNeeds) and not test.at_end):
        return False
    return rule.firsts is None or head[0] not in PROBED or head[0] in rule.firsts


def _may_end(rule: _LineRule, tail: str) -> bool:
    """False when no line ending with ``tail`` can match ``rule`` (its edge tests first: they cost no probe)."""
    if not all(test.narrowed(tail) is not False for test in rule.needs if isinstance(test, EdgeNeeds) and test.at_end):
        return False
    return rule.lasts is None or tail[-1] not in PROBED or tail[-1] in rule.lasts


_NO_GROUPS: tuple[tuple, tuple] = ((), ())
_HEAD = itemgetter(slice(None, _EDGE))
_TAIL = itemgetter(slice(-_EDGE, None))
_INDEX = attrgetter("index")
_CUT = object()  # in place of a line's groups: span rules cut the line, whose groups depend on what is left


def _positions(indices: list[int], wanted: Iterable[int]) -> Iterator[int]:
    """The positions in ``indices`` (ascending) of those of ``wanted`` it holds."""
    for index in wanted:
        position = bisect.bisect_left(indices, index)
        if position < len(indices) and indices[position] == index:
            yield position


def _needles(test: EdgeNeeds | InnerNeeds | AnyNeeds | None) -> tuple[str, ...] | None:
    """Literal texts a line passing ``test`` holds one of (case aside), or None when it is not a test of them."""
    if isinstance(test, AnyNeeds):
        each = [_needles(alternative) for alternative in test.tests]
        return None if None in each else tuple(needle for needles in each for needle in needles)
    if isinstance(test, InnerNeeds):  # not edge tests: text a line starts with is often short, and common inside lines
        needles = test.exact + test.folded
        return needles if all(needles) else None  # an empty text is in every line: no test to skip
    return None


def _rule_index(rule: _LineRule) -> int:
    return rule.index


def _grouped(rules: Iterable[_LineRule]) -> tuple[tuple[EdgeNeeds | InnerNeeds | None, tuple[_LineRule, ...]], ...]:
    """``rules`` grouped by the kind of their first cheap test, each group behind the merged test (None: no test).

    Tests of literal text go in two groups, rare text and common text, so that one rule
    needing a comma does not open the gate of the rules needing an ``@``.
    """
    groups: dict[tuple, list[_LineRule]] = {}
    for rule in rules:
        test = rule.needs[0] if rule.needs else None
        if test is None:
            kind = None
        elif isinstance(test, AnyNeeds):
            kind = ("any", rule.index)  # merges with no other test
        elif isinstance(test, InnerNeeds):
            kind = ("inner", min(map(rarity, test.exact + test.folded)))
        else:
            kind = ("edge", test.at_end, test.strip)
        groups.setdefault(kind, []).append(rule)
    return tuple((None if kind is None else merged(r.needs[0] for r in members), tuple(members)) for kind, members in groups.items())


def _plan(groups: Iterable[tuple[EdgeNeeds | InnerNeeds | None, tuple[_LineRule, ...]]]) -> tuple:
    """``groups`` (``_grouped``) as ``_candidates`` runs them: each group's merged test (None: none), and each of its
    rules with the tests it needs past that one (all of its own, behind a test it shares), as bound ``admits``."""
    return tuple(
        (
            None if gate is None else gate.admits,
            tuple((rule, tuple(test.admits for test in (rule.needs[1:] if len(rules) == 1 else rule.needs))) for rule in rules),
        )
        for gate, rules in groups
    )


class SpanMatcher:
    """``span`` rules: each match is deleted from its line, with the whitespace it leaves behind."""

    def __init__(self, rules: Sequence[Rule], timeout: float):
        self.scanner = _SpanScanner(rules, timeout)

    def detect(self, detection: Detection) -> None:
        doc = detection.doc
        for start, end, index in self.scanner.matches(doc.view, detection):
            detection.delete_span(doc.line_at(start), start, end, self.scanner.rules[index])


def line_and_block_matchers(line_rules: Sequence[Rule], block_rules: Sequence[Rule], timeout: float) -> tuple[LineMatcher | None, BlockMatcher | None]:
    """Matchers of ``line_rules`` and of ``block_rules`` (None when there are none) sharing one index of the patterns
    they match line by line, so that each document's lines are looked up and scanned for needles once."""
    patterns = _LineRules(line_rules, block_rules, timeout)
    return (
        LineMatcher(line_rules, timeout, patterns) if line_rules else None,
        BlockMatcher(block_rules, timeout, patterns) if block_rules else None,
    )


class LineMatcher:
    """``line`` rules: a line goes when a rule's pattern matches all of it (surrounding blanks aside),
    or, for ``match = "search"``, anywhere in it."""

    def __init__(self, rules: Sequence[Rule], timeout: float, patterns: _LineRules | None = None):
        """``patterns``: an index of these rules' patterns shared with block rules (``line_and_block_matchers``)."""
        self.rules = list(rules)
        self.patterns = patterns or _LineRules(rules, (), timeout)

    def detect(self, detection: Detection) -> None:
        for line, index in self.patterns.hits(detection, _LINES):
            detection.delete_line(line.index, self.rules[index])


class BlockMatcher:
    """``block`` rules: a start line, then lines up to an end condition, optionally only in a zone."""

    def __init__(self, rules: Sequence[Rule], timeout: float, patterns: _LineRules | None = None):
        """``patterns``: an index of these rules' starts shared with line rules (``line_and_block_matchers``)."""
        self.rules = list(rules)
        self.timeout = timeout
        self.starts = patterns or _LineRules((), rules, timeout)

        def line_pattern(pattern: str | None, rule: Rule) -> regex.Pattern | None:
            return regex.compile(f"(?m)^{_H}{scoped(pattern, rule.ignore_case)}{_H}$") if pattern else None

        self.ends = [line_pattern(r.end, r) for r in rules]
        self.bodies = [line_pattern(r.body, r) for r in rules]

    def detect(self, detection: Detection) -> None:
        """Delete the blocks whose start lies in its rule's zone.

        Blocks are found once per document, over all its lines. A start still standing
        whose block failed is tried again over the lines still standing, as a second
        clean of the output would see them, so that it finds nothing more.
        """
        found = detection.memo.get(id(self))
        if found is None:
            found = detection.memo[id(self)] = list(self._blocks(detection))
        if not found:
            return  # no start line: the common case
        content = detection.content_lines()
        indices = detection.content_indices()
        covered_until = -1
        for rule, index, first, block in found:
            if first.index <= covered_until or not self._in_zone(rule, first.index, indices):
                continue
            if not block and detection.is_content(first.index):
                block = self._block(rule, index, first, content[bisect.bisect_right(indices, first.index) :], detection)
            for line in block:
                detection.delete_line(line.index, rule)
            if block:
                covered_until = block[-1].index

    def _blocks(self, detection: Detection) -> Iterator[tuple[Rule, int, Line, list[Line]]]:
        """(rule, its index, start line, block or [] when the end conditions fail) for every start, in order, zones aside."""
        filled = detection.doc.filled
        for first, index in self.starts.hits(detection, _STARTS):
            rule = self.rules[index]
            following = filled[bisect.bisect_right(filled, first.index, key=_INDEX) :]
            yield rule, index, first, self._block(rule, index, first, following, detection)

    def _block(self, rule: Rule, index: int, first: Line, following: list[Line], detection: Detection) -> list[Line]:
        """``_extent``, or [] when its patterns time out (recorded once per rule)."""
        try:
            return self._extent(rule, index, first, following, detection)
        except TimeoutError:
            if rule.id not in detection.timeouts:
                detection.timeouts.append(rule.id)
            return []

    @staticmethod
    def _in_zone(rule: Rule, index: int, content: list[int]) -> bool:
        """Zones count the lines still standing: at most ``zone_lines`` before (head) or after (tail) the start."""
        if rule.zone == "head":
            return bisect.bisect_left(content, index) < rule.zone_lines
        if rule.zone == "tail":
            return len(content) - bisect.bisect_right(content, index) < rule.zone_lines
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
