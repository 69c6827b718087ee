"""Repair of kept text: ftfy where it can change something, then whitespace.

``ftfy.fix_text`` costs about 2 MB/s, so it only runs on a line that a cheap
character check says it might change. The check is built from ftfy's own tables
and is conservative by construction:

* ftfy's encoding fixer leaves a text alone unless ``ftfy.badness.is_bad`` finds
  mojibake, and every pattern of ``is_bad`` needs either a C1 control, one of
  ``ŒœÃÂ``, or two adjacent characters from its character classes ("suspect
  pairs") at most two characters after its start, so ``is_bad`` itself only runs
  where those occur, and from two characters before the first of them;
* every other fixer ftfy runs (HTML entities, ligatures, character width, control
  characters, terminal escapes, line breaks, surrogates) needs a character from
  its own table; NFC normalisation needs text that is not already NFC.

The property tests check that a line the gate skips is one ``fix_text`` (as
configured here) leaves unchanged. The same checks cut ftfy short inside a line:
its last round, which only confirms that nothing more changes, is skipped where the
gate says so, and so is each fixer of a round where its own check does.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import partial
from itertools import accumulate, groupby
from operator import methodcaller

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP

from .document import Document

#: ftfy as article-cleaner runs it: everything but ``uncurl_quotes`` (curly quotes are typography, not
#: damage) and ``fix_character_width`` (full-width punctuation is correct in Chinese and Japanese text).
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


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


#: Characters one of ftfy's other fixers (as configured: entities, C1 controls, ligatures, line
#: breaks, surrogates, terminal escapes, control characters) needs before it changes anything.
_FIXER_CHARS = (
    set(CONTROL_CHARS) | set(LIGATURES) | set(range(0x80, 0xA0)) | set(range(0xD800, 0xE000))
    | (set(WIDTH_MAP) if FTFY_CONFIG.fix_character_width else set())
    | {ord(c) for c in "&\x1b\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
)
_SUSPECT = _char_class(_badness_chars())
_FIXER_RE = re.compile(_char_class(_FIXER_CHARS))
_MOJIBAKE_SINGLES = set(range(0x80, 0xA0)) | {ord(c) for c in "ŒœÃÂ"}
#: Each place where ``is_bad`` may find mojibake: a C1 control, one of ŒœÃÂ, or the first of two adjacent characters of
#: its classes (a match is that one character, so none is missed). Led by one class, which a regex skips to in C.
_MOJIBAKE_RE = re.compile(f"{_char_class(_MOJIBAKE_SINGLES | _badness_chars())}(?:(?<={_char_class(_MOJIBAKE_SINGLES)})|(?={_SUSPECT}))")
#: How far a match of ``BADNESS_RE`` may start before the C1 control, ŒœÃÂ or suspect pair it needs (``[a-z]\s?[ÃÂ][ ]``).
_BADNESS_LEAD = 2


def ftfy_might_change(text: str) -> bool:
    """False only when ``ftfy.fix_text(text, FTFY_CONFIG)`` is certain to return ``text`` unchanged.

    ftfy's encoding fixer acts only where ``ftfy.badness.is_bad`` finds mojibake;
    every other step needs a character from its table, or text that is not NFC.
    """
    if _FIXER_RE.search(text):
        return True
    if text.isascii():
        return False
    return _is_bad(text) or not unicodedata.is_normalized("NFC", text)


def _is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``: ``BADNESS_RE`` matched only from up to ``_BADNESS_LEAD`` characters before each
    place ``_MOJIBAKE_RE`` finds, as a search through the rest of the text costs about 160 ns a character.

    Every match of ``BADNESS_RE`` starts that close before such a place, and looks at nothing before its start.
    """
    tried = 0  # the starts before it are tried
    for found in _MOJIBAKE_RE.finditer(text):
        at = found.start()
        for start in range(max(tried, at - _BADNESS_LEAD), at + 1):
            if BADNESS_RE.match(text, start):
                return True
        tried = at + 1
    return False


# -- whitespace -----------------------------------------------------------------

_EDGE = "\ufeff\u200b"  # invisible at a line's edges, but not whitespace to str.isspace
_BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # all of them: what regex \s matches
_BLANK_OR_EDGE = _BLANKS + _EDGE
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # a whole run of whitespace that is not one plain space
#: The same from an odd character on, found faster: a regex starting with a class skips to it, a class of
#: characters faster than one of a category.
_ODD_RUN = re.compile(_char_class(map(ord, _BLANKS.replace(" ", ""))) + r"\s*")
#: 's after a space, unless it is Dutch ('s avonds, 's-Hertogenbosch): the space goes.
_POSSESSIVE = re.compile(r"['\u2019]s\b(?![-\u2010\u2011]| (?:avonds|morgens|ochtends|middags|nachts|zomers|winters|maandags|zondags|zaterdags|werelds|lands|rijks|Gravenhage|Hertogenbosch)\b)")
_QUOTE_S = ("'s", "\u2019s")
ENCODING_RULE = "repair.encoding"
_WHITESPACE, _LEADING, _TRAILING = "repair.whitespace", "repair.leading-space", "repair.trailing-space"
_POSSESSIVE_SPACE = "repair.space-before-possessive"


#: Line index -> the line's repaired text and its repairs ``(start, end, inserted, rule)`` in the line's coordinates.
LineRepairs = dict[int, tuple[str, list[tuple[int, int, str, str]]]]


# -- the document scans ---------------------------------------------------------

#: Whitespace other than a space, a no-break space or a line break (``\\n`` in a view), and the edge characters.
_RARE_BLANKS = {ord(c) for c in _BLANK_OR_EDGE if c not in " \xa0\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_SINGLES = _FIXER_CHARS - {0x0A} | _MOJIBAKE_SINGLES | _RARE_BLANKS
#: Over a whole ``Document.view`` (whose ``\\n`` is never part of a line): a suspect or a rare blank alone, or a suspect
#: pair. One scan led by one character class, as a regex starting with a class skips through text to it in C at about
#: the same cost whatever the class.
_RARE_SCAN = re.compile(f"{_char_class(_SINGLES | _badness_chars())}(?:(?<={_char_class(_SINGLES)})|{_SUSPECT})")
_NON_ASCII_LINE = re.compile(r"(?m)^.*[^\x00-\x7f].*$")


def encoding_suspects(view: str) -> list[int]:
    """Offsets in ``view`` (a document's text, line breaks as ``\\n``) of text ftfy might change: one at least in every line
    it might change, and in every line with a rare blank."""
    offsets = _first_per_line(_RARE_SCAN, view)
    if not view.isascii() and not unicodedata.is_normalized("NFC", view):
        offsets += [m.start() for m in _NON_ASCII_LINE.finditer(view) if not unicodedata.is_normalized("NFC", m.group())]
    return offsets


def _first_per_line(pattern: re.Pattern, view: str) -> list[int]:
    """The offset of the first match of ``pattern`` in each line of ``view`` that has one."""
    offsets = []
    found = pattern.search(view)
    while found:
        at = found.start()
        offsets.append(at)
        at = view.find("\n", at)
        if at < 0:
            break
        found = pattern.search(view, at + 1)
    return offsets


#: Where ``_whitespace_edits`` may find something in a line without a rare blank, other than a lone no-break space,
#: and where the lines it may find it in are from a match. A regex starting with a literal skips through text to it in
#: C: with a literal other than a space (the rest looked around) much faster than ``str.find`` for a needle starting
#: with a space. A space before 's only matters after a word character, and before a word boundary.
_SPACING_PATTERNS = (
    (re.compile("\xa0(?:(?<=[ \xa0]\xa0)|(?=[ \xa0'\u2019]))"), (0,)),
    (re.compile("  "), (0,)),
    (re.compile("\n(?:(?<= \n)|(?= ))"), (0, 1)),
    (re.compile("'s\\b(?<=\\w 's)"), (-1,)),
    (re.compile("\u2019s\\b(?<=\\w \u2019s)"), (-1,)),
)
_START = methodcaller("start")  # a match's start, in C
#: A no-break space between two characters that are neither blanks nor a quote that may start 's (or a line's edge).
_LONE_NBSP = re.compile("\xa0(?<![ \xa0]\xa0)(?![ \xa0'\u2019])")


def spacing_suspects(view: str) -> list[int]:
    """Offsets in ``view`` of text whitespace repair might change: one at least in every line it would change that
    ``encoding_suspects`` does not flag, unless a lone no-break space (``_LONE_NBSP``) is all it would change."""
    offsets = []
    if view[:1] == " ":
        offsets.append(0)
    if view[-1:] == " ":
        offsets.append(len(view) - 1)
    for pattern, shifts in _SPACING_PATTERNS:
        found = list(map(_START, pattern.finditer(view)))
        if found:  # rarely
            for shift in shifts:
                offsets += map(shift.__add__, found)
    return offsets


def _lone_nbsp_repairs(doc: Document, flagged: set[int]) -> LineRepairs:
    """The repairs of the lines not in ``flagged`` that have a lone no-break space (``_LONE_NBSP``).

    Such a line has no blank but spaces and no-break spaces (a rare blank is an encoding suspect), all of them alone,
    no space at its edges and no 's after a no-break space (the spacing scan flags those), so whitespace repair only
    makes each no-break space a space, or removes it at the line's edges.
    """
    starts, contents, blanks = doc.line_starts, doc.contents, doc.blanks
    repaired: LineRepairs = {}
    nbsps = [found.start() for found in _LONE_NBSP.finditer(doc.view)]
    for after, found in groupby(nbsps, partial(bisect_right, starts)):
        index = after - 1
        if index in flagged or blanks[index]:
            continue
        text = contents[index]
        repairs = [(at, at + 1, " ", _WHITESPACE) for at in map((-starts[index]).__add__, found)]
        if repairs[0][0] == 0:
            repairs[0] = (0, 1, "", _LEADING)
        last = repairs[-1][0]
        if last + 1 == len(text):
            repairs[-1] = (last, last + 1, "", _TRAILING)
        repaired[index] = (text.replace("\xa0", " ").strip(" "), repairs)
    return repaired


def _whitespace_edits(text: str) -> list[tuple[int, int, str, str]]:
    """Leading and trailing blanks removed, other runs of whitespace made one space, no space before 's."""
    start = len(text) - len(text.lstrip(_BLANK_OR_EDGE))
    end = max(start, len(text.rstrip(_BLANK_OR_EDGE)))
    edits = [(0, start, "", _LEADING)] if start else []
    runs = _odd_runs(text, start, end)
    if "'s" in text or "\u2019s" in text:
        for quote in (" 's", " \u2019s"):
            found = text.find(quote, start, end)
            while found >= 0:
                runs.setdefault(found, found + 1)
                found = text.find(quote, found + 1, end)
    for a in sorted(runs) if len(runs) > 1 else runs:
        b = runs[a]
        if text[b : b + 2] in _QUOTE_S and (text[a - 1].isalnum() or text[a - 1] == "_") and _POSSESSIVE.match(text, b):
            edits.append((a, b, "", _POSSESSIVE_SPACE))
        elif text[a:b] != " ":
            edits.append((a, b, " ", _WHITESPACE))
    if 0 < end < len(text):
        edits.append((end, len(text), "", _TRAILING))
    return edits


def _odd_runs(text: str, start: int, end: int) -> dict[int, int]:
    """Start -> end of each run of whitespace in ``text[start:end]`` that is not one plain space."""
    if "  " in text:
        return {odd.start(): odd.end() for odd in _ODD_SPACE.finditer(text, start, end)}
    # no two plain spaces in a row: every run is an odd character, what follows it, and at most one space before it
    return {odd.start() - (text[odd.start() - 1] == " "): odd.end() for odd in _ODD_RUN.finditer(text, start, end)}


def replay(text: str, edits: list[tuple[int, int, str, str]]) -> str:
    """``text`` with local repairs ``(start, end, inserted, rule)`` applied."""
    parts, position = [], 0
    for start, end, inserted, _rule in edits:
        parts += [text[position:start], inserted]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def repair_document(doc: Document) -> LineRepairs:
    """The repairs of every line of ``doc`` that has some: ftfy only on the lines the encoding scan flags."""
    starts = doc.line_starts
    suspects = _lines_at(starts, encoding_suspects(doc.view))
    flagged = suspects | _lines_at(starts, spacing_suspects(doc.view))
    repaired = _lone_nbsp_repairs(doc, flagged)
    contents, blanks = doc.contents, doc.blanks
    for index in flagged:
        if not blanks[index]:
            text = contents[index]
            repairs = repair_line(text, index in suspects)
            if repairs:
                repaired[index] = (replay(text, repairs), repairs)
    return repaired


def _lines_at(starts: list[int], offsets: list[int]) -> set[int]:
    """The indices of the lines (starting at ``starts``) that contain ``offsets``."""
    return set(map((-1).__add__, map(partial(bisect_right, starts), offsets)))


def _fix_whitespace(text: str) -> str:
    return replay(text, _whitespace_edits(text))


def repair_line(text: str, encoding_suspect: bool = True) -> list[tuple[int, int, str, str]]:
    """The repairs of one line of kept text, as ``(start, end, inserted, rule)`` in its coordinates.

    ``encoding_suspect=False`` promises that ``ftfy_might_change(text)`` is False. ftfy runs when it might change the
    text, or what whitespace repair makes of it ('Â\\t0' is no mojibake, 'Â 0' is): else a second clean would.
    """
    edits = _whitespace_edits(text)
    if encoding_suspect and (ftfy_might_change(text) or edits and ftfy_might_change(replay(text, edits))):
        fixed = _fix_fully(text)
        if fixed != replay(text, edits):
            return _diff(text, fixed)
    return edits


def _fix_fully(text: str) -> str:
    """ftfy and whitespace repair together, to a fixed point.

    ``fix_text`` on one line is idempotent (it loops its fixers until nothing changes),
    so it runs again only when whitespace repair changed its output into text the
    gate says ftfy might change.
    """
    fixed = text
    for _ in range(4):
        by_ftfy = _fix_text(fixed)
        again = _fix_whitespace(by_ftfy)
        if again == fixed or again == by_ftfy or not ftfy_might_change(again):
            return again
        fixed = again
    return fixed


def _fix_text(text: str) -> str:
    """``ftfy.fix_text(text, FTFY_CONFIG)`` on one line: ftfy's rounds, without the last when the gate proves it a no-op.

    ftfy repeats a round of its fixers until a round changes nothing, and a round changes nothing on text the gate
    passes: so the rounds stop there.
    """
    if not _ROUND_MIRRORED or len(text) > FTFY_CONFIG.max_decode_length or "\n" in text:  # not one round we know
        return ftfy.fix_text(text, FTFY_CONFIG)
    config = FTFY_CONFIG
    if config.unescape_html == "auto" and "<" in text:  # as ftfy decides it, once for all rounds
        config = config._replace(unescape_html=False)
    fixed = _ftfy_round(text, config)
    while fixed != text and ftfy_might_change(fixed):
        text, fixed = fixed, _ftfy_round(fixed, config)
    return fixed


#: ``_ftfy_round`` copies the loop of ftfy 6.3 (``test_ftfy_round_is_ftfys`` checks it); another ftfy runs whole.
_ROUND_MIRRORED = ftfy.__version__.split(".")[:2] == ["6", "3"]
#: The fixers ``ftfy.fix_and_explain`` runs after ``fix_encoding`` in each round, in its order (as of ftfy 6.3).
_FTFY_FIXERS = (
    "fix_c1_controls", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes", "fix_line_breaks",
    "fix_surrogates", "remove_terminal_escapes", "remove_control_chars",
)


def _ftfy_round(text: str, config: ftfy.TextFixerConfig) -> str:
    """One round of ftfy's fixers as ``config`` says on one segment: the body of ``ftfy.fix_and_explain``'s loop.

    The fixers after ``fix_encoding`` run only where ``_FIXER_RE`` finds a character: as the gate knows, none of them
    changes text without one.
    """
    if config.unescape_html:
        text = ftfy.FIXERS["unescape_html"](text)
    if config.fix_encoding:
        text = _fix_encoding(text)
    if _FIXER_RE.search(text):
        for name in _FTFY_FIXERS:
            if getattr(config, name):
                text = ftfy.FIXERS[name](text)
    if config.normalization is not None:
        text = unicodedata.normalize(config.normalization, text)
    return text


#: The settings ``ftfy.fix_encoding`` runs its steps with (its defaults, as ``fix_and_explain`` calls it).
_ENCODING_CONFIG = ftfy.TextFixerConfig(explain=False)


def _fix_encoding(text: str) -> str:
    """``ftfy.fix_encoding(text)``: ftfy 6.3's encoding step until it changes nothing, each only where ``_is_bad`` finds
    mojibake.

    The step returns text ``is_bad`` passes unchanged, so the loop ends without ftfy's last search of the whole text.
    """
    while _is_bad(text):
        fixed = ftfy._fix_encoding_one_step_and_explain(text, _ENCODING_CONFIG).text
        if fixed == text:
            break
        text = fixed
    return text


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _diff(before: str, after: str) -> list[tuple[int, int, str, str]]:
    """Replacements turning ``before`` into ``after``, token by token; none is a pure insertion."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    old_at, new_at = _offsets(old), _offsets(new)
    repairs = []
    for i1, i2, j1, j2 in _align(old, new):
        if i1 == i2:  # widen a pure insertion to the token before (or after) it
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        start, end = old_at[i1], old_at[i2]
        removed, inserted = before[start:end], after[new_at[j1] : new_at[j2]]
        blank = not removed.strip() and not inserted.strip()
        repairs.append((start, end, inserted, _blank_rule(before, start, end, inserted) if blank else ENCODING_RULE))
    return repairs


def _blank_rule(text: str, start: int, end: int, inserted: str) -> str:
    """The rule ``_whitespace_edits`` would name the change of blanks ``text[start:end]`` into ``inserted`` by."""
    if inserted:
        return _WHITESPACE
    if start == 0:
        return _LEADING
    if end == len(text):
        return _TRAILING
    return _POSSESSIVE_SPACE if text[end : end + 2] in _QUOTE_S else _WHITESPACE


def _offsets(tokens: list[str]) -> list[int]:
    return list(accumulate(map(len, tokens), initial=0))


#: How many tokens ahead on each side ``_align`` looks for where the two sides agree again.
_REACH = 12
#: The steps ``(di, dj)`` ``_resync`` tries, nearest first: by ``di + dj``, then by ``di``.
_STEPS = [(di, total - di) for total in range(1, 2 * _REACH + 1) for di in range(max(0, total - _REACH), min(total, _REACH) + 1)]


def _align(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """Hunks ``(i1, i2, j1, j2)``: ``old[i1:i2]`` became ``new[j1:j2]``. Linear: ftfy's fixes are local.

    After a difference, the two sides resynchronise at the nearest positions (at
    most ``_REACH`` tokens ahead on each side) where two tokens in a row agree, or
    where both end; failing that, the rest is one hunk.
    """
    hunks, i, j = [], 0, 0
    old_end, new_end = len(old), len(new)
    while i < old_end and j < new_end:
        if old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        step = _resync(old, new, i, j)
        if step is None:
            break
        hunks.append((i, i + step[0], j, j + step[1]))
        i, j = i + step[0], j + step[1]
    if i < old_end or j < new_end:
        hunks.append((i, old_end, j, new_end))
    return hunks


def _resync(old: list[str], new: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The nearest step ``(di, dj)`` of ``_STEPS`` after which ``old[i + di :]`` and ``new[j + dj :]`` start with the
    same two tokens (or one, at the end of both), or both end."""
    old_end, new_end = len(old), len(new)
    for di, dj in _STEPS:
        a, b = i + di, j + dj
        if a < old_end and b < new_end:
            if old[a] == new[b] and old[a + 1 : a + 2] == new[b + 1 : b + 2]:
                return di, dj
        elif a == old_end and b == new_end:
            return di, dj
    return None
