"""Repair of kept text: ftfy where it can change something, then whitespace.

``ftfy.fix_text`` costs about 2 MB/s, so it only runs on a line that a cheap
character check says it might change. The check is built from ftfy's own tables
and is conservative by construction:

* ftfy's encoding fixer leaves a text alone unless ``ftfy.badness.is_bad`` finds
  mojibake, and every pattern of ``is_bad`` needs either a C1 control, one of
  ``ŒœÃÂ``, or two adjacent characters from its character classes ("suspect
  pairs");
* every other fixer ftfy runs (HTML entities, ligatures, character width, control
  characters, terminal escapes, line breaks, surrogates) needs a character from
  its own table; NFC normalisation needs text that is not already NFC.

The property tests check that a line the gate skips is one ``fix_text`` (as
configured here) leaves unchanged.
"""

from __future__ import annotations

import difflib
import unicodedata

import ftfy
import regex
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP

#: ftfy as article-cleaner runs it: everything but ``uncurl_quotes`` (curly quotes are typography, not damage).
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


def _char_class(codepoints) -> str:
    """A regex character class matching exactly ``codepoints``."""
    points = sorted(set(codepoints))
    ranges, first = [], None
    for index, point in enumerate(points):
        if first is None:
            first = point
        if index + 1 == len(points) or points[index + 1] != point + 1:
            ranges.append((first, point))
            first = None
    return "[" + "".join(f"\\U{a:08x}" + (f"-\\U{b:08x}" if b > a else "") for a, b in ranges) + "]"


def _badness_chars() -> set[int]:
    """Every non-ASCII character named in ``BADNESS_RE``, ranges expanded."""
    pattern = BADNESS_RE.pattern
    chars: set[int] = set()
    for index, char in enumerate(pattern):
        if ord(char) < 128:
            continue
        chars.add(ord(char))
        if pattern[index + 1 : index + 2] == "-" and index + 2 < len(pattern) and ord(pattern[index + 2]) >= 128:
            chars.update(range(ord(char), ord(pattern[index + 2]) + 1))
    return chars


_TOUCHED = (
    set(CONTROL_CHARS) | set(LIGATURES) | set(WIDTH_MAP)
    | set(range(0x80, 0xA0)) | set(range(0xD800, 0xE000))
    | {ord(c) for c in "&\x1b\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029ŒœÃÂ"}
)
_SUSPECT = _char_class(_badness_chars())
_FTFY_GATE = regex.compile(f"{_char_class(_TOUCHED)}|{_SUSPECT}{_SUSPECT}")


def ftfy_might_change(text: str) -> bool:
    """False only when ``ftfy.fix_text(text, FTFY_CONFIG)`` is certain to return ``text`` unchanged."""
    if _FTFY_GATE.search(text):
        return True
    return not text.isascii() and not unicodedata.is_normalized("NFC", text)


# -- whitespace -----------------------------------------------------------------

_SPACE = r"[\s\ufeff\u200b]"
_WHITESPACE = regex.compile(
    rf"(?P<lead>^{_SPACE}+)"
    rf"|(?P<trail>{_SPACE}+$)"
    r"|(?P<possessive>(?<=\w)\s+(?=['\u2019]s\b))"
    r"|(?P<space>\s{2,}|[^\S ])"
)
_WHITESPACE_RULES = {
    "lead": ("repair.leading-space", ""),
    "trail": ("repair.trailing-space", ""),
    "possessive": ("repair.space-before-possessive", ""),
    "space": ("repair.whitespace", " "),
}
ENCODING_RULE = "repair.encoding"


def _fix_whitespace(text: str) -> str:
    return _WHITESPACE.sub(lambda m: _WHITESPACE_RULES[m.lastgroup][1], text)


def repair_line(text: str) -> list[tuple[int, int, str, str]]:
    """The repairs of one line of kept text, as ``(start, end, inserted, rule)`` in its coordinates."""
    if ftfy_might_change(text):
        fixed = text
        for _ in range(4):  # ftfy and whitespace repair together, to a fixed point
            again = _fix_whitespace(ftfy.fix_text(fixed, FTFY_CONFIG))
            if again == fixed:
                break
            fixed = again
        if fixed != _fix_whitespace(text):
            return _diff(text, fixed)
    return [
        (m.start(), m.end(), _WHITESPACE_RULES[m.lastgroup][1], _WHITESPACE_RULES[m.lastgroup][0])
        for m in _WHITESPACE.finditer(text)
        if m.group() != _WHITESPACE_RULES[m.lastgroup][1]
    ]


def _diff(before: str, after: str) -> list[tuple[int, int, str, str]]:
    """Minimal replacements turning ``before`` into ``after``; none is a pure insertion."""
    hunks: list[list] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if hunks and hunks[-1][1] == i1 and hunks[-1][3] == j1:
            hunks[-1][1], hunks[-1][3] = i2, j2
        else:
            hunks.append([i1, i2, j1, j2])
    repairs = []
    for i1, i2, j1, j2 in hunks:
        if i1 == i2:  # widen a pure insertion to the neighbouring character it attaches to
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        removed, inserted = before[i1:i2], after[j1:j2]
        blank = not removed.strip() and not inserted.strip()
        repairs.append((i1, i2, inserted, "repair.whitespace" if blank else ENCODING_RULE))
    return repairs
