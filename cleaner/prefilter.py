"""What a line must have before a rule's pattern can match it, learnt once when the rules load.

Every fact here is a necessary condition, never a sufficient one: a line without
it cannot match the pattern, a line with it is handed to the pattern itself. That
keeps cheap string tests in front of the (timed, so costly) regex calls:

* ``Probe``: the characters a match can start (or end) with, by matching each
  character of an alphabet against the pattern with ``regex``'s partial matching;
* ``max_width``: the longest text the pattern can match;
* ``edge_needs``: text every match starts (or ends) with: literal strings, or a
  character of a class (``\\d``, ``[Ww]``), once optional blanks and optional
  punctuation at that edge are stripped;
* ``inner_needs``: literal text every match contains somewhere.

The last three read the ``regex`` module's own parse tree (not public API); any
surprise means "unknown", and unknown only costs speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

#: Characters whose role in each pattern is probed; a line starting or ending with any other character passes every probe.
PROBED = "".join(chr(c) for c in [*range(0x20, 0x180), *range(0x2010, 0x2040), *range(0x20A0, 0x20C0), 0x2122, 0x25A0, 0x25B6, 0x25BA, 0x25CF])
_PROBED_SET = frozenset(PROBED)
_BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
#: Characters a single-character node is tested on besides PROBED, so that "only blanks" is not said of a class of
#: letters outside PROBED.
_SAMPLE = PROBED + _BLANKS + "".join(map(chr, range(0x180, 0x3000, 7))) + "".join(map(chr, range(0x3000, 0x10000, 97)))
_REPEATS = {"GreedyRepeat", "LazyRepeat", "PossessiveRepeat"}
_SINGLE = {"Character", "Property", "Range", "SetUnion", "SetInter", "SetDiff", "SetSymDiff"}
_EMPTY = {"LookAround", "StartOfLine", "StartOfString", "EndOfLine", "EndOfString", "EndOfStringLine", "Boundary",
          "DefaultBoundary", "StartOfWord", "EndOfWord", "DefaultStartOfWord", "DefaultEndOfWord", "SearchAnchor",
          "StartOfLineU", "EndOfLineU", "EndOfStringLineU", "GraphemeBoundary"}
_MOST_INNER = 24  # ``in`` tests one string at a time: more than this costs more than it saves
_PROSE_MARKS = ".,;:!?'’‘\"“”()-–—"  # punctuation common in prose: a string of these and letters is no rarer than a word
_MOST_LITERALS = 64  # literal texts an edge test may list
_FEW_CHARS = 10  # an edge test admitting more characters than this lets most lines through


class Probe:
    """The probed characters a match of a pattern can start with (or, ``at_end``, end with), as a container: each
    character is probed when first asked about, as the lines of a run start and end with a few dozen of the
    hundreds probed (probing them all up front took a third of building a Cleaner).

    Probed on the pattern without its look-arounds and word boundaries (``_without_assertions``): partial matching
    fails a ``\\b`` at the end of a one-character text that a longer text would pass (``.*?\\b\\d`` on ':').
    """

    def __init__(self, pattern: str, at_end: bool):
        self._pattern = ("(?r)" if at_end else "") + _without_assertions(pattern)
        self._fullmatch = None  # compiled when first needed
        self._answers: dict[str, bool] = {}  # at most one per probed character

    def __contains__(self, char: str) -> bool:
        if char not in _PROBED_SET:
            return False
        answer = self._answers.get(char)
        if answer is None:
            if self._fullmatch is None:
                self._fullmatch = _partial_fullmatch(self._pattern)
            answer = self._answers[char] = self._fullmatch(char)
        return answer


def _partial_fullmatch(pattern: str):
    """A test of whether a text could begin a full match of ``pattern``: ``regex``'s partial matching."""
    try:
        fullmatch = regex.compile(pattern).fullmatch
    except regex.error:  # an assertion under a quantifier: not worth reading further
        return lambda text: True
    # Arguments by position (string, pos, endpos, concurrent, partial), as ``regex.fullmatch`` passes them: with
    # ``partial`` by keyword each of these calls takes about twice as long.
    return lambda text: fullmatch(text, None, None, None, True) is not None


_BOUNDARIES = ("b", "B", "m", "M")  # ``\\b``, ``\\B``, ``\\m``, ``\\M``: word boundaries, in ``regex``


def _without_assertions(pattern: str) -> str:
    """``pattern`` without look-arounds and word boundaries: it matches a superset of what ``pattern`` matches."""
    out: list[str] = []
    dropped_depth = 0  # > 0 inside a dropped look-around: how many groups deep
    position, class_start = 0, None  # where the members of the character class we are in start
    while position < len(pattern):
        char = pattern[position]
        piece = pattern[position : position + (2 if char == "\\" else 1)]
        keep = not dropped_depth
        if class_start is not None:
            if char == "]" and position > class_start:  # a ']' first in a class is a member
                class_start = None
        elif char == "\\":
            keep = keep and piece[1:] not in _BOUNDARIES
        elif char == "[":
            class_start = position + (2 if pattern[position + 1 : position + 2] == "^" else 1)
        elif char == "(" and (dropped_depth or pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), position)):
            dropped_depth += 1
            keep = False
        elif char == ")" and dropped_depth:
            dropped_depth -= 1
        if keep:
            out.append(piece)
        position += len(piece)
    return "".join(out)


def max_width(pattern: str) -> int | None:
    """The longest text ``pattern`` can match, or None when unbounded or unknown."""
    try:
        core, width, _ = _parsed(pattern)
        return width if width < core.UNLIMITED else None
    except Exception:  # pragma: no cover - a future regex version
        return None


@dataclass(frozen=True)
class EdgeNeeds:
    """How every match starts (or ends): with a string of ``exact``, of ``folded`` (case-folded), or a char of ``chars``.

    ``strip`` are characters an optional part of the pattern may put at that edge
    before the text that counts; none of the strings starts (ends) with one of them.
    """

    at_end: bool
    exact: tuple[str, ...]
    folded: tuple[str, ...]
    chars: frozenset[str]
    strip: str
    width: int  # the longest folded string: only that much of the line is case-folded

    def admits(self, text: str) -> bool:
        """False only if no match can start (end) ``text``; ``text`` has no blanks at its edges."""
        if self.at_end:
            text = text.rstrip(self.strip) if self.strip else text
            if text.endswith(self.exact) or self.folded and text[-self.width :].casefold().endswith(self.folded):
                return True
            char = text[-1:]
        else:
            text = text.lstrip(self.strip) if self.strip else text
            if text.startswith(self.exact) or self.folded and text[: self.width].casefold().startswith(self.folded):
                return True
            char = text[:1]
        return bool(self.chars) and (char in self.chars or char not in _PROBED_SET)

    def narrowed(self, edge: str) -> "EdgeNeeds | bool":
        """This test for the texts whose first (``at_end``: last) characters are ``edge``: True when each of them passes,
        False when none does, else the test of the strings one of them may still start (end) with.

        Such a text, stripped, starts with ``edge`` stripped: that tells its first character,
        and whether it starts with each string, unless the string is longer.
        """
        known = (edge.rstrip(self.strip) if self.at_end else edge.lstrip(self.strip)) if self.strip else edge
        if not known:
            return self  # stripping may go past the characters known: what the test looks at is unknown
        starts = str.endswith if self.at_end else str.startswith
        char = known[-1] if self.at_end else known[0]
        folded_edge = known.casefold()
        if self.chars and (char in self.chars or char not in _PROBED_SET) or starts(known, self.exact) or starts(folded_edge, self.folded):
            return True
        exact = tuple(s for s in self.exact if starts(s, known))
        folded = tuple(s for s in self.folded if starts(s, folded_edge))
        if not exact and not folded:
            return False
        strip = self.strip if known != edge else ""  # stripping that takes nothing from ``edge`` takes nothing from the text
        return EdgeNeeds(self.at_end, exact, folded, frozenset(), strip, max(map(len, folded), default=0))


@dataclass(frozen=True)
class InnerNeeds:
    """Literal text every match contains: one of ``exact``, or one of ``folded`` case-insensitively."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]

    def admits(self, text: str) -> bool:
        for needle in self.exact:
            if needle in text:
                return True
        if self.folded:
            text = text.casefold()
            for needle in self.folded:
                if needle in text:
                    return True
        return False


@dataclass(frozen=True)
class AnyNeeds:
    """One test per alternative of a pattern (``By …|…, Reuters``): a text passes when it passes one of them."""

    tests: tuple[EdgeNeeds | InnerNeeds, ...]

    def __post_init__(self) -> None:
        # Alternatives that each just start or end with one of some strings (edge tests with no strip, case-folding or
        # characters) are two C calls, ``startswith`` and ``endswith`` of all their strings: asking each test in
        # Python costs about a microsecond a text.
        if all(isinstance(test, EdgeNeeds) and not (test.strip or test.folded or test.chars) for test in self.tests):
            starts = tuple(string for test in self.tests if not test.at_end for string in test.exact)
            ends = tuple(string for test in self.tests if test.at_end for string in test.exact)
            object.__setattr__(self, "admits", lambda text: text.startswith(starts) or text.endswith(ends))

    def admits(self, text: str) -> bool:
        for test in self.tests:
            if test.admits(text):
                return True
        return False


def narrowed(test: EdgeNeeds | InnerNeeds | AnyNeeds, head: str, tail: str) -> EdgeNeeds | InnerNeeds | AnyNeeds | bool:
    """``test`` for the texts starting with ``head`` and ending with ``tail`` (their first and last few characters, or
    all of a shorter text): True when each of them passes, False when none does (``EdgeNeeds.narrowed``)."""
    if isinstance(test, EdgeNeeds):
        return test.narrowed(tail if test.at_end else head)
    if isinstance(test, AnyNeeds):
        alternatives = [narrowed(alternative, head, tail) for alternative in test.tests]
        if any(alternative is True for alternative in alternatives):
            return True
        left = tuple(alternative for alternative in alternatives if alternative is not False)
        return AnyNeeds(left) if len(left) > 1 else left[0] if left else False
    return test


def merged(tests: Iterable[EdgeNeeds | InnerNeeds | AnyNeeds]) -> EdgeNeeds | InnerNeeds | AnyNeeds:
    """One test that a text passes when it passes any of ``tests`` (all of one class; edge tests of one edge and
    ``strip``; a test of alternatives alone)."""
    tests = list(tests)
    first = tests[0]
    if len(tests) == 1:
        return first
    exact = tuple(sorted({s for test in tests for s in test.exact}))
    folded = tuple(sorted({s for test in tests for s in test.folded}))
    if isinstance(first, InnerNeeds):
        return _fewest_needles(exact, folded)
    chars = frozenset().union(*(test.chars for test in tests))
    return EdgeNeeds(first.at_end, exact, folded, chars, first.strip, max(test.width for test in tests))


def _fewest_needles(exact: tuple[str, ...], folded: tuple[str, ...]) -> InnerNeeds:
    """The test of ``InnerNeeds(exact, folded)`` without the texts that contain another: a text holding those holds it."""
    return InnerNeeds(
        tuple(s for s in exact if not any(t != s and t in s for t in exact) and not any(t in s.casefold() for t in folded)),
        tuple(s for s in folded if not any(t != s and t in s for t in folded)),
    )


# A rule's pattern is read by several analyses in a row (``max_width``, then ``needs`` up to four times): parse it once.
@lru_cache(maxsize=16)
def _parsed(pattern: str):
    """``regex``'s parse of ``pattern``: its module, the longest match of the tree as parsed, and the optimised tree."""
    from regex import _regex_core as core

    source = core.Source(pattern)
    info = core.Info(0, source.char_type, {})
    tree = core._parse_pattern(source, info)
    return core, tree.max_width(), tree.optimise(info, False).pack_characters(info)


def _tree(pattern: str):
    core, _, tree = _parsed(pattern)
    return core, tree


def edge_needs(pattern: str, at_end: bool) -> EdgeNeeds | None:
    """What every match of ``pattern`` starts with (``at_end``: ends with), or None when unknown."""
    try:
        core, tree = _tree(pattern)
        return _edge_test(core, tree, at_end)
    except Exception:  # pragma: no cover - a future regex version
        return None


def _edge_test(core, node, at_end: bool) -> EdgeNeeds | None:
    reader = _Edge(core, at_end)
    found = None if reader._can_be_empty(node) else reader.of(node)
    if found is None or not (found.strings or found.chars):
        return None
    strings, strip = found.strings, "".join(sorted(found.strip))
    edge = (lambda text: text[-1]) if at_end else (lambda text: text[0])
    if found.chars & found.strip or any(edge(text) in found.strip or folded and edge(text) in strip.casefold() for text, folded in strings):
        return None  # stripping could remove what the test looks for
    exact = tuple(sorted(t for t, folded in strings if not folded))
    folded = tuple(sorted(t for t, is_folded in strings if is_folded))
    return EdgeNeeds(at_end, exact, folded, frozenset(found.chars), strip, max(map(len, folded), default=0))


@dataclass
class _Found:
    strings: set[tuple[str, bool]]  # (text, case-folded?)
    chars: set[str]
    strip: set[str]

    def merge(self, other: "_Found") -> "_Found":
        return _Found(self.strings | other.strings, self.chars | other.chars, self.strip | other.strip)


class _Edge:
    """Reads off a parse tree the strings or characters every match starts (or ends) with."""

    def __init__(self, core, at_end: bool):
        self.core, self.at_end = core, at_end

    def of(self, node) -> _Found | None:
        """What a match of ``node`` that is not empty starts (ends) with, or None when unknown."""
        kind = type(node).__name__
        if kind == "String" or kind == "Character" and node.positive:
            text = "".join(map(chr, node.characters)) if kind == "String" else chr(node.value)
            folded = bool(node.case_flags & self.core.IGNORECASE)
            return _Found({(text.casefold() if folded else text, folded)}, set(), set())
        if kind in _SINGLE:
            chars = self._chars(node)
            return _Found(set(), chars, set()) if chars is not None else None
        if kind == "Branch":
            found = _Found(set(), set(), set())
            for branch in node.branches:
                part = None if self._can_be_empty(branch) else self.of(branch)
                if part is None:
                    return None
                found = found.merge(part)
            return found
        if kind in ("Group", "Atomic", "GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
            return self.of(node.subpattern)  # an optional one: the sequence around it looks past it too
        if kind == "Sequence":
            return self._sequence(node.items)
        return None

    def _sequence(self, items: list) -> _Found | None:
        found = _Found(set(), set(), set())
        ordered = list(reversed(items)) if self.at_end else items
        for number, item in enumerate(ordered):
            if type(item).__name__ in _EMPTY:
                continue  # zero width: the edge is further on
            strip = self._optional_chars(item)
            if strip is not None:
                found.strip |= strip
                continue
            run = self._literal_run(ordered[number:])
            if run is not None:
                return found.merge(_Found(run, set(), set()))
            part = self.of(item)
            if part is None:
                return None
            found = found.merge(part)
            if not self._can_be_empty(item):
                return found
        return None  # every item may be empty

    def _literal_run(self, items: list) -> set[tuple[str, bool]] | None:
        """The texts a run of two or more literal items (``[Ff]ollow``, ``u(?:sa|tilizza)``, ``e-?mail``) at the edge
        spells, or None. Past the first, an item may be optional."""
        strings, used = None, 0
        for item in items:
            part = _literals(item, self.core) if strings is None else _optional_literals(item, self.core)
            if part is None:
                break
            if strings is None:
                strings = part
            else:
                joined = {_join(b, a) if self.at_end else _join(a, b) for a in strings for b in part}
                if len(joined) > _MOST_LITERALS:
                    break
                strings = joined
            used += 1
        return strings if used >= 2 else None

    def _optional_chars(self, node) -> set[str] | None:
        """For an optional run of classes that hold no letter or digit (``\\s*``, ``\\.?``, ``(?:[-*•]\\s{1,3})?``): the
        characters it holds."""
        kind = type(node).__name__
        if kind not in _REPEATS or node.min_count != 0:
            return None
        return self._blank_chars(node.subpattern)

    def _blank_chars(self, node) -> set[str] | None:
        """The characters of a class, or of a sequence of classes (each perhaps repeated), when none is a letter or digit."""
        kind = type(node).__name__
        if kind == "Group" or kind in _REPEATS:
            return self._blank_chars(node.subpattern)
        if kind == "Sequence":
            parts = [self._blank_chars(item) for item in node.items]
            return None if not parts or None in parts else set().union(*parts)
        if kind not in _SINGLE:
            return None
        chars = self._chars(node, _SAMPLE)
        if chars is None or any(c.isalnum() for c in chars):
            return None
        return chars | (set(_BLANKS) if any(c.isspace() for c in chars) else set())

    def _chars(self, node, alphabet: str = PROBED) -> set[str] | None:
        """The characters of ``alphabet`` a one-character node matches, case variants included; None for a negated class."""
        if not getattr(node, "positive", True):
            return None
        return _class_chars(node, alphabet, bool(getattr(node, "case_flags", 0) & self.core.IGNORECASE))

    def _can_be_empty(self, node) -> bool:
        try:
            from regex import _regex_core as core

            return node.is_empty() or getattr(node, "min_count", 1) == 0 or _min_width(node, core) == 0
        except Exception:  # pragma: no cover
            return True


# Keyed by the node's structure (``regex``'s own equality), so a class many patterns share (``\\s``, ``[-–—]``) is
# tested once.
@lru_cache(maxsize=None)
def _class_chars(node, alphabet: str, folded: bool) -> frozenset[str]:
    """The characters of ``alphabet`` a one-character node matches (``folded``: in one of their case variants)."""
    if type(node).__name__ == "SetUnion" and node.positive:
        # What one of its members matches: each member is a cheaper test, and one (``\\s``, ``\\d``) often recurs.
        return frozenset().union(*(_class_chars(item, alphabet, folded) for item in node.items))
    matches = node.matches
    return frozenset(char for code, chars in _stand_ins(alphabet, folded).items() if matches(code) for char in chars)


@lru_cache(maxsize=None)
def _stand_ins(alphabet: str, folded: bool) -> dict[int, set[str]]:
    """Each code point a node is tested on for ``alphabet``, with the characters a match of it stands for: every
    character stands for itself and, ``folded``, for its one-character lower, upper and case-folded variants."""
    stand_ins: dict[int, set[str]] = {}
    for char in alphabet:
        for variant in {char, char.lower(), char.upper(), char.casefold()} if folded else (char,):
            if len(variant) == 1:
                stand_ins.setdefault(ord(variant), set()).add(char)
    return stand_ins


def _literals(node, core) -> set[tuple[str, bool]] | None:
    """Every text ``node`` can match, when it is a short list of literal texts (none empty), as (text, case-folded?)."""
    kind = type(node).__name__
    if kind == "String" or kind == "Character" and node.positive:
        text = "".join(map(chr, node.characters)) if kind == "String" else chr(node.value)
        folded = bool(node.case_flags & core.IGNORECASE)
        return {(text.casefold() if folded else text, folded)} if text else None
    if kind == "SetUnion" and node.positive and not node.case_flags & core.IGNORECASE:
        items = node.items
        if len(items) <= _MOST_LITERALS and all(type(i).__name__ == "Character" and i.positive and not i.case_flags & core.IGNORECASE for i in items):
            return {(chr(i.value), False) for i in items}
        return None
    if kind in ("Group", "Atomic"):
        return _literals(node.subpattern, core)
    if kind == "Branch":
        found: set[tuple[str, bool]] = set()
        for branch in node.branches:
            part = _literals(branch, core)
            if part is None:
                return None
            found |= part
        return found if len(found) <= _MOST_LITERALS else None
    if kind == "Sequence" and node.items:
        found = {("", False)}
        for item in node.items:
            part = _literals(item, core)
            if part is None:
                return None
            found = {_join(a, b) for a in found for b in part}
            if len(found) > _MOST_LITERALS:
                return None
        return found
    return None


def _optional_literals(node, core) -> set[tuple[str, bool]] | None:
    """``_literals``, or for an optional literal item (``-?``, ``(?: article| page)?``) its texts and the empty text."""
    if type(node).__name__ in _REPEATS and node.min_count == 0 and node.max_count == 1:
        texts = _literals(node.subpattern, core)
        return None if texts is None else texts | {("", False)}
    return _literals(node, core)


def _join(first: tuple[str, bool], second: tuple[str, bool]) -> tuple[str, bool]:
    """Two literal texts one after the other; case-folded when either part is (folding is the weaker test)."""
    if first[1] or second[1]:
        return first[0].casefold() + second[0].casefold(), True
    return first[0] + second[0], False


def _min_width(node, core) -> int:
    """A lower bound of the shortest text ``node`` can match (0 when unsure)."""
    kind = type(node).__name__
    if kind == "String":
        return len(node.characters)
    if kind in _SINGLE:
        return 1
    if kind == "Sequence":
        return sum(_min_width(item, core) for item in node.items)
    if kind == "Branch":
        return min((_min_width(branch, core) for branch in node.branches), default=0)
    if kind in ("Group", "Atomic"):
        return _min_width(node.subpattern, core)
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return node.min_count * _min_width(node.subpattern, core)
    return 0


def inner_needs(pattern: str) -> InnerNeeds | None:
    """Literal text every match of ``pattern`` contains, or None when unknown."""
    try:
        core, tree = _tree(pattern)
        return _inner_test(core, tree)
    except Exception:  # pragma: no cover - a future regex version
        return None


def _inner_test(core, node) -> InnerNeeds | None:
    found = _inner(node, core)
    if not found or len(found) > _MOST_INNER or not all(text for text, _ in found):
        return None
    return InnerNeeds(tuple(sorted(t for t, f in found if not f)), tuple(sorted(t for t, f in found if f)))


def _inner(node, core) -> set[tuple[str, bool]] | None:
    """Literal strings one of which every match of ``node`` contains."""
    kind = type(node).__name__
    if kind == "String" or kind == "Character" and node.positive:
        text = "".join(map(chr, node.characters)) if kind == "String" else chr(node.value)
        folded = bool(node.case_flags & core.IGNORECASE)
        return {(text.casefold() if folded else text, folded)}
    if kind == "SetUnion":
        return _literals(node, core)  # a few characters spelt out (``[/|]``), else None
    if kind == "Sequence":
        options = [found for found in (_inner(item, core) for item in node.items) if found]
        # The rarest in text first: the rarest of its strings, then the fewest strings.
        return max(options, key=lambda found: (min(rarity(text) for text, _ in found), -len(found)), default=None)
    if kind == "Branch":
        union: set[tuple[str, bool]] = set()
        for branch in node.branches:
            found = _inner(branch, core)
            if not found:
                return None
            union |= found
        return union
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat") and node.min_count >= 1 or kind in ("Group", "Atomic"):
        return _inner(node.subpattern, core)
    return None


def rarity(text: str) -> int:
    """How seldom ``text`` turns up in prose, roughly: a symbol (``@``, ``/``, ``©``) is rarer than a long word (five
    characters or more), a long word than a short one, and a short word than one or two characters."""
    if any(not char.isalnum() and not char.isspace() and char not in _PROSE_MARKS for char in text):
        return 3
    if not any(map(str.isalnum, text)):
        return -1  # prose punctuation and blanks (a comma)
    size = len(text.strip())
    return 2 if size >= 5 else 1 if size >= 3 else 0


#: Lines of prose, each starting and ending differently: an edge test that lets one through lets most lines through.
_PROSE_LINES = (
    "The minister said on Tuesday that the talks would resume.",
    "“We will see,” she said.",
    "in 2019, prices rose by 4% (the most since 2008)",
    "Mr Smith, 45, declined to comment",
    "‘It is over’",
)


def _telling(test: EdgeNeeds | InnerNeeds) -> bool:
    """True when a test turns away every line of ``_PROSE_LINES`` (and, for literal text, none of it is a letter or two)."""
    if isinstance(test, InnerNeeds) and min(map(rarity, test.exact + test.folded)) <= 0:
        return False
    return not any(test.admits(line) for line in _PROSE_LINES)


def needs(pattern: str, whole_line: bool, ends_at_line_end: bool) -> Iterable[EdgeNeeds | InnerNeeds | AnyNeeds]:
    """Every cheap test a line must pass for ``pattern`` to match it, the most telling first.

    At most one per edge; the literal text every match contains as well, first, when no
    edge test is telling (none, or one most lines pass: a line starting with any capital
    letter, or ending with a full stop). When none of those is telling and the pattern is
    an alternation, a telling test for each alternative, first.
    """
    tests = []
    if whole_line:
        tests.append(edge_needs(pattern, at_end=False))
    if ends_at_line_end:
        tests.append(edge_needs(pattern, at_end=True))
    tests = [test for test in tests if test is not None]
    if not any(map(_telling, tests)):
        inner = inner_needs(pattern)
        tests = [inner, *tests] if inner else tests
        if not inner or not _telling(inner):
            alternatives = _alternative_tests(pattern, whole_line, ends_at_line_end)
            tests = [alternatives, *tests] if alternatives else tests
    return tuple(tests)


def _alternative_tests(pattern: str, whole_line: bool, ends_at_line_end: bool) -> AnyNeeds | None:
    """For a pattern that is an alternation, a telling test for each alternative, or None when one has none."""
    try:
        core, tree = _tree(pattern)
        while type(tree).__name__ in ("Group", "Atomic"):
            tree = tree.subpattern
        if type(tree).__name__ != "Branch":
            return None
        chosen = []
        for branch in tree.branches:
            options = [
                *([_edge_test(core, branch, False)] if whole_line else []),
                *([_edge_test(core, branch, True)] if ends_at_line_end else []),
                _inner_test(core, branch),
            ]
            test = next((option for option in options if option is not None and _telling(option)), None)
            if test is None:
                return None
            chosen.append(test)
    except Exception:  # pragma: no cover - a future regex version
        return None
    return AnyNeeds(tuple(chosen))
