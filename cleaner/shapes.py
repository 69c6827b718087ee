"""Risky regex shapes, read off the ``regex`` module's parse tree: empty matches and catastrophic backtracking.

Used by ``cleaner rules lint``. The tree is ``regex``'s own (not public API), read
before it is optimised, so it has the shape the author wrote. Characters are
judged on a sample alphabet; a node this module does not know is taken to consume
text and to overlap with nothing, so a surprise means a missed warning, never a
false one.
"""

from __future__ import annotations

from functools import lru_cache

from regex import _regex_core as core

_SAMPLE = frozenset(
    "".join(map(chr, range(0x20, 0x7F))) + "\t\n\u00a0\u2009\u3000"
    + "ÀÉÖÜßàáâäçèéêëíïñóôöøüÆæÅåŒœ’‘“”«»„–—…©€£¥·•›"
)
_ZERO_WIDTH = {
    "LookAround", "LookAroundConditional", "StartOfLine", "StartOfLineU", "StartOfString", "EndOfLine", "EndOfLineU",
    "EndOfString", "EndOfStringLine", "EndOfStringLineU", "Boundary", "DefaultBoundary", "StartOfWord", "EndOfWord",
    "DefaultStartOfWord", "DefaultEndOfWord", "GraphemeBoundary", "SearchAnchor",
}
_ONE_CHAR = {"Character", "Property", "Range", "SetUnion", "SetInter", "SetDiff", "SetSymDiff"}
_ANY = {"Any", "AnyAll", "AnyU"}
_REPEATS = {"GreedyRepeat", "LazyRepeat"}  # possessive repeats never backtrack
_MANY = 10  # a repeat of at least this many rounds counts as "many" for an ambiguous alternation


def can_match_empty(pattern: str) -> bool:
    """True when ``pattern`` can match an empty string somewhere (``\\b``, ``x?``, ``(?=x)``)."""
    return _min_width(_tree(pattern)) == 0


def backtracking(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack catastrophically on some input, or None when no known shape is found."""
    return next(filter(None, map(_risk, _nodes(_tree(pattern)))), None)


@lru_cache(maxsize=1024)
def _tree(pattern: str):
    source = core.Source(pattern)
    return core._parse_pattern(source, core.Info(0, source.char_type, {}))


def _kind(node) -> str:
    return type(node).__name__


def _children(node) -> list:
    kind = _kind(node)
    if kind == "Sequence":
        return list(node.items)
    if kind == "Branch":
        return list(node.branches)
    if kind in ("Group", "Atomic", "GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return [node.subpattern]
    return []


def _nodes(node):
    yield node
    for child in _children(node):
        yield from _nodes(child)


def _risk(node) -> str | None:
    kind = _kind(node)
    if kind in _REPEATS and (node.max_count is None or node.max_count > 1):
        return _nested(node) or _ambiguous_branches(node)
    if kind == "Sequence":
        return _adjacent_repeats(node.items)
    return None


def _nested(repeat) -> str | None:
    """``(a+)+``, ``(\\w+\\s?)+``: a round can end in a variable repeat whose characters can also start the next round."""
    body = repeat.subpattern
    starts = _first(body)
    for inner in _tails(body):
        if (repeat.max_count is None or inner.max_count is None) and _chars(inner.subpattern) & starts:
            return "nested quantifier: a repeated group ends in a variable repeat whose characters can also start the next round, like (a+)+ or (\\w+\\s?)+"
    return None


def _ambiguous_branches(repeat) -> str | None:
    """``(a|aa)+``, ``(\\d|\\w)+``: a text that the rounds of a repeated alternation can split in two ways."""
    if repeat.max_count is not None and repeat.max_count < _MANY:
        return None
    body = _unwrap(repeat.subpattern)
    if _kind(body) != "Branch":
        return None
    branches = [_unwrap(branch) for branch in body.branches]
    words = [word for word in map(_literal, branches) if word]
    singles = [branch for branch in branches if _kind(branch) in _ONE_CHAR | _ANY and _literal(branch) is None]
    overlap = any(_first(single) & _first(other) for single in singles for other in branches if other is not single)
    if overlap or not _uniquely_decodable(words):
        return "alternation inside a repeat whose branches can split the same text in two ways, like (a|aa)+ or (\\d|\\w)+"
    return None


def _uniquely_decodable(words: list[str]) -> bool:
    """True when no text is a sequence of ``words`` in two ways (the Sardinas-Patterson test)."""
    code = set(words)
    if len(code) < len(words):
        return False

    def dangling(heads: set[str], wholes: set[str]) -> set[str]:
        return {whole[len(head) :] for head in heads for whole in wholes if whole != head and whole.startswith(head)}

    suffixes, seen = dangling(code, code), set()
    while suffixes and frozenset(suffixes) not in seen:
        if suffixes & code:
            return False
        seen.add(frozenset(suffixes))
        suffixes = dangling(suffixes, code) | dangling(code, suffixes)
    return True


def _adjacent_repeats(items: list) -> str | None:
    """``\\s*\\s*``, ``\\w+,?\\w+``: two unbounded repeats in a row over the same characters."""
    previous: frozenset[str] = frozenset()
    for item in items:
        if _kind(item) in _REPEATS and item.max_count is None:
            chars = _chars(item.subpattern)
            if chars & previous:
                return "two unbounded repeats in a row over the same characters, like \\s*\\s* or \\w+,?\\w+"
            previous = chars
        elif _min_width(item) > 0:
            previous = frozenset()
    return None


def _literal(node) -> str | None:
    """The text a node of plain characters matches (case-folded when it ignores case), else None."""
    kind = _kind(node)
    if kind == "Character" and node.positive:
        text = chr(node.value)
        return text.casefold() if node.case_flags & core.IGNORECASE else text
    if kind == "String":
        text = "".join(map(chr, node.characters))
        return text.casefold() if node.case_flags & core.IGNORECASE else text
    if kind == "Sequence":
        parts = [_literal(item) for item in node.items]
        return None if None in parts else "".join(parts)
    return None


def _unwrap(node):
    while _kind(node) == "Group" or _kind(node) == "Sequence" and len(node.items) == 1:
        node = node.subpattern if _kind(node) == "Group" else node.items[0]
    return node


def _tails(node) -> list:
    """The variable, backtracking repeats that can consume the last characters of a match of ``node``."""
    kind = _kind(node)
    if kind == "Sequence":
        found = []
        for item in reversed(node.items):
            found += _tails(item)
            if _min_width(item) > 0:
                break
        return found
    if kind == "Branch":
        return [tail for branch in node.branches for tail in _tails(branch)]
    if kind == "Group":
        return _tails(node.subpattern)
    if kind in _REPEATS and (node.max_count is None or node.max_count > node.min_count):
        return [node] + _tails(node.subpattern)
    return []


def _first(node) -> frozenset[str]:
    """The sample characters a non-empty match of ``node`` can start with."""
    kind = _kind(node)
    if kind in _ONE_CHAR or kind in _ANY or kind == "String":
        return _chars(node)
    if kind == "Sequence":
        found: frozenset[str] = frozenset()
        for item in node.items:
            found |= _first(item)
            if _min_width(item) > 0:
                break
        return found
    if kind == "Branch":
        return frozenset().union(*map(_first, node.branches))
    if kind in ("Group", "Atomic", "GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return _first(node.subpattern)
    return frozenset()


def _chars(node) -> frozenset[str]:
    """The sample characters a one-character node matches; for a larger node, those it can start with."""
    kind = _kind(node)
    if kind in _ANY:
        return _SAMPLE - ({"\n"} if kind == "Any" else set())
    if kind == "String":
        node = core.Character(node.characters[0], case_flags=node.case_flags)
        kind = "Character"
    if kind not in _ONE_CHAR:
        return _first(node)
    folded = bool(getattr(node, "case_flags", 0) & core.IGNORECASE)
    found = set()
    for char in _SAMPLE:
        variants = {char, char.lower(), char.upper()} if folded else {char}
        if any(len(v) == 1 and node.matches(ord(v)) for v in variants):
            found.add(char)
    return frozenset(found)


def _min_width(node) -> int:
    """The fewest characters ``node`` can match; a node of an unknown kind counts as one."""
    kind = _kind(node)
    if kind in _ZERO_WIDTH:
        return 0
    if kind == "String":
        return len(node.characters)
    if kind == "Sequence":
        return sum(map(_min_width, node.items))
    if kind == "Branch":
        return min(map(_min_width, node.branches), default=0)
    if kind in ("Group", "Atomic"):
        return _min_width(node.subpattern)
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return node.min_count * _min_width(node.subpattern)
    return 1
