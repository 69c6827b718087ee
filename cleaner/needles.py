"""Which lines of a document hold any of a set of literal texts, case aside: one RE2 scan of the whole document.

Most line rules need some literal text before their pattern can match (``prefilter``);
testing each line for each rule's texts costs microseconds per line in Python. One scan
of the case-folded document by RE2, whose DFA runs through any number of alternatives
at the same speed, tells which lines hold any of them; the other lines skip those tests.

The scan is a superset test: case-folding is per character (``str.casefold`` looks at
no context and maps no character to nothing), so a line holding a text, in any case,
holds its folded form once folded. No answer (``None``) means every line may hold a
text: for a document UTF-8 cannot encode (lone surrogates), and for every document when
the alternation is too large for RE2 to compile.
"""

from __future__ import annotations

import re

import re2

_MAX_MEM = 64 << 20  # RE2's memory budget for the alternation's automaton; past it, RE2 is slower, never wrong


class NeedleScan:
    """Lines holding any of ``needles`` (case aside)."""

    def __init__(self, needles):
        folded = sorted({needle.casefold() for needle in needles if needle})
        options = re2.Options()
        options.log_errors = False
        options.max_mem = _MAX_MEM
        # Anchored at a line start and lazy up to the first text: one match per line holding any, starting at the line.
        alternation = "|".join(map(re.escape, folded))
        self._none = not folded
        try:
            self._pattern = re2.compile(f"(?m)^[^\\n]*?(?:{alternation})", options) if folded else None
        except re2.error:  # an alternation too large for RE2 at all: no answers, every line may hold a text
            self._pattern = None

    def lines(self, texts: list[str]) -> set[int] | None:
        """The indices of the ``texts`` (lines, without line breaks) holding a needle; None when unknown."""
        if self._none:
            return set()
        if self._pattern is None:
            return None
        try:
            data = "\n".join(texts).casefold().encode("utf-8")
        except UnicodeEncodeError:
            return None
        found, line, position = set(), 0, 0
        for match in self._pattern.finditer(data):
            start = match.start()
            line += data.count(b"\n", position, start)
            position = start
            found.add(line)
        return found
