"""Which lines of a document hold any of a set of literal texts, case aside: one RE2 scan of the whole document.

Most line rules need some literal text before their pattern can match (``prefilter``);
testing each line for each rule's texts costs microseconds per line in Python. One scan
of the document by RE2, whose DFA runs through any number of alternatives at the same
speed, tells which lines hold any of them; the other lines skip those tests.

The document is scanned as it is, not case-folded (folding costs as much as the scan):
each character of a (folded) text becomes the class of the characters that fold to it.
Case-folding is per character (``str.casefold`` looks at no context and maps no
character to nothing), so where a folded line holds a text, the line holds characters of
those classes, unless a character there folds to several (``ß`` to ``ss``, ``ﬁ`` to
``fi``): a line holding one of those that shares a character with a text is reported
whatever it holds. So the scan is a superset test. No answer (``None``) means every
line may hold a text: for a document UTF-8 cannot encode (lone surrogates), and for
every document when the alternation is too large for RE2 to compile.
"""

from __future__ import annotations

import functools
import re
import sys

import re2

_MAX_MEM = 64 << 20  # RE2's memory budget for the alternation's automaton; past it, RE2 is slower, never wrong
_BLOCK = 1024  # code points case-folded at once when looking for those case-folding changes


class NeedleScan:
    """Lines holding any of ``needles`` (case aside)."""

    def __init__(self, needles):
        alternatives = _alternatives({needle.casefold() for needle in needles if needle})
        options = re2.Options()
        options.log_errors = False
        options.max_mem = _MAX_MEM
        self._none = not alternatives
        try:
            # Anchored at a line start and lazy up to the first text: one match per line holding any, starting at the line.
            self._pattern = None if self._none else re2.compile(f"(?m)^[^\\n]*?(?:{'|'.join(alternatives)})", options)
        except re2.error:  # an alternation too large for RE2 at all: no answers, every line may hold a text
            self._pattern = None

    def lines(self, texts: list[str]) -> set[int] | None:
        """The indices of the ``texts`` (lines, without line breaks) holding a needle; None when unknown."""
        if self._none:
            return set()
        if self._pattern is None:
            return None
        try:
            data = "\n".join(texts).encode("utf-8")
        except UnicodeEncodeError:
            return None
        found, line, position = set(), 0, 0
        for match in self._pattern.finditer(data):
            start = match.start()
            line += data.count(b"\n", position, start)
            position = start
            found.add(line)
        return found


def _alternatives(folded: set[str]) -> list[str]:
    """RE2 patterns matching, in text as it is, where the case-folded text holds one of ``folded``.

    One per folded text, of the classes of characters folding to each of its characters
    (a text with a character nothing folds to is in no folded text: it has none), and one
    class of the characters folding to several that share a character with a text.
    """
    alphabet = set().union(*folded)
    sources = {char: [] if char in _casefold_changes() else [char] for char in alphabet}
    spreading = []
    for char, becomes in _casefold_changes().items():
        if len(becomes) == 1 and becomes in sources:
            sources[becomes].append(char)
        elif len(becomes) > 1 and not alphabet.isdisjoint(becomes):
            spreading.append(char)
    found = ["".join(_class(sources[char]) for char in text) for text in sorted(folded) if all(sources[char] for char in text)]
    return found + [_class(spreading)] if spreading else found


def _class(chars: list[str]) -> str:
    return re.escape(chars[0]) if len(chars) == 1 else "[" + "".join(map(re.escape, sorted(chars))) + "]"


@functools.cache
def _casefold_changes() -> dict[str, str]:
    """Every character ``str.casefold`` changes, with what it becomes: Unicode folded by blocks, once per process."""
    everything = _every_character()
    changes = {}
    for start in range(0, len(everything), _BLOCK):
        block = everything[start : start + _BLOCK]
        if block.casefold() != block:
            changes.update((char, folded) for char in block if (folded := char.casefold()) != char)
    return changes


def _every_character() -> str:
    """Every code point, surrogates included, in order: decoded from UTF-32, whose bytes are the code point's."""
    size = sys.maxunicode + 1
    data = bytearray(4 * size)
    data[0::4] = bytes(range(256)) * (size // 256)  # little-endian: the low byte first
    data[1::4] = b"".join(bytes([high]) * 256 for high in range(256)) * (size // 65536)
    data[2::4] = b"".join(bytes([plane]) * 65536 for plane in range(size // 65536))
    return data.decode("utf-32-le", "surrogatepass")
