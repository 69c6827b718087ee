"""Named detectors for junk that needs context, used by ``kind = "heuristic"`` rules.

A detector takes the ``Detection`` so far (it sees what earlier rules removed)
plus the rule's ``params`` and returns the indices of the lines to delete. It
never deletes the first content line (the headline) unless that is its job.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache, partial
from inspect import signature
from itertools import compress, repeat
from math import floor
from operator import eq, itemgetter
from typing import Callable, Iterable, Iterator

import regex

from .detection import Detection
from .document import Document
from .prefilter import inner_needs, needs
from .ruleset import Rule

Detector = Callable[..., Iterable[int]]
DETECTORS: dict[str, Detector] = {}

_SENTENCE_ENDS = frozenset(".!?…;:。．！？｡।॥؟۔")
_CLOSERS = "\"'”’»)]」』）"  # may follow the sentence's last mark
_CRUMB_SEPARATORS = regex.compile(r"\s[›>/|»→·•]\s")
_BULLETS = "•·▪►▸‣◦●■»→➤▶"
_BULLET_SET = frozenset(_BULLETS)
_BULLET = regex.compile(rf"^\s*[{_BULLETS}]\s")
_LABEL_JOINERS = {"&", "-", "–", "|", "/", "›", ">", "»", "·", "•", "and", "of", "the", "und", "et", "y", "e", "og", "en"}
_HEADING = regex.compile(r"[\p{L}\s,'’&!-]+")
_INITIALS = regex.compile(r"(?:^|\s)(?:\p{Lu}\.){2,}$")  # a label ending in initials ('U.S.'), not a sentence
_TEXT = itemgetter(4)  # Line.text, in C
_FIRST, _START = itemgetter(0), itemgetter(slice(None, 12))
_LAST = itemgetter(-1)


def detector(name: str, first: bool = False) -> Callable[[Detector], Detector]:
    """Register a detector; ``first`` ones (those that find where the article starts) run before the rest."""

    def register(function: Detector) -> Detector:
        function.runs_first = first
        DETECTORS[name] = function
        return function

    return register


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern:
    return regex.compile(pattern)


@lru_cache(maxsize=None)
def _searcher(pattern: str) -> Callable[[str], bool]:
    """``bool(regex.search(pattern, text))``, behind a cheap test of the literal text every match needs."""
    compiled, needs = _compiled(pattern), inner_needs(pattern)
    if needs is None:
        return lambda text: compiled.search(text) is not None
    return lambda text: needs.admits(text) and compiled.search(text) is not None


@lru_cache(maxsize=None)
def _fullmatcher(pattern: str) -> Callable[[str], bool]:
    """``bool(regex.fullmatch(pattern, text))`` for a stripped text, behind the cheap tests every such text passes
    (``prefilter.needs`` of a pattern matching whole lines)."""
    fullmatch = _compiled(pattern).fullmatch
    admits = tuple(test.admits for test in needs(pattern, whole_line=True, ends_at_line_end=True))

    def matches(text: str) -> bool:
        for admit in admits:  # most texts fail the first test: a loop, not a generator, for them
            if not admit(text):
                return False
        return fullmatch(text) is not None

    return matches


def _verdicts(detection: Detection, test: Callable[[str], bool]) -> "_PerLine":
    """``test`` of each line's stripped text, by line index, tested once per document: a line's text never changes."""
    verdicts = detection.memo.get(test)
    if verdicts is None:
        verdicts = detection.memo[test] = _PerLine(test, detection.doc.stripped)
    return verdicts


class HeuristicRunner:
    """Runs the ``heuristic`` rules in order (``first`` detectors before the rest), each seeing what those before it deleted."""

    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda rule: not DETECTORS[rule.detector].runs_first)
        self._runs = [(rule, *_positional(DETECTORS[rule.detector], rule.params)) for rule in self.rules]

    def detect(self, detection: Detection) -> None:
        """Run each rule, unless nothing was deleted since it last ran: a detector's answer depends only on the deletions so far."""
        ran = detection.memo.get(self)  # ``detection.deleted`` when each rule last ran
        if ran is None:
            ran = detection.memo[self] = [None] * len(self._runs)
        for number, (rule, find, args) in enumerate(self._runs):
            if ran[number] != detection.deleted:
                ran[number] = detection.deleted
                for index in list(find(detection, *args)):
                    detection.delete_line(index, rule)


def _positional(find: Detector, params: dict) -> tuple[Detector, tuple]:
    """``find`` and the arguments that follow the detection in its calls: ``params`` by position (which costs less
    than by keyword), but for those the signature takes only by keyword, bound to ``find``."""
    bound = signature(find).bind(None, **params)
    bound.apply_defaults()
    return (partial(find, **bound.kwargs) if bound.kwargs else find), bound.args[1:]


def _ends_sentence(text: str) -> bool:
    """True when ``text`` ends with a sentence mark, closing quotes or brackets aside."""
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS


def _words(text: str, past: float | None = None) -> int:
    """How many words ``text`` has; with ``past``, counted only up to the first whole number above it: enough to
    compare the count with ``past``, without splitting a paragraph into its hundreds of words."""
    if past is None:
        return len(text.split())
    return len(text.split(None, max(floor(past), 0)))  # at most floor(past) + 1 items


class _PerLine(dict):
    """``compute(texts[index])`` for each line index asked for, computed on first use."""

    def __init__(self, compute: Callable[[str], object], texts: list[str]):
        self._compute, self._texts = compute, texts  # the dict starts empty: no ``dict.__init__`` needed

    def __missing__(self, index: int):
        value = self[index] = self._compute(self._texts[index])
        return value


class _LineFacts:
    """What detectors ask about lines, worked out once per document and kept across rounds and detectors:
    a line's text never changes within a detection, only which lines are content."""

    def __init__(self, doc: Document):
        # Of the stripped texts: each fact strips the text first, or ignores the blanks at its edges (``_words``).
        self.words = _PerLine(_words, doc.stripped)
        self.body_shaped = _PerLine(_body_shaped, doc.stripped)
        self.statement_shaped = _PerLine(_statement_shaped, doc.stripped)

    @staticmethod
    def of(detection: Detection) -> "_LineFacts":
        """The facts of ``detection``'s document."""
        facts = detection.memo.get(_LineFacts)
        if facts is None:
            facts = detection.memo[_LineFacts] = _LineFacts(detection.doc)
        return facts

    def is_body(self, index: int, body_words: int) -> bool:
        """A paragraph of the article: ``_body_shaped``, ``body_words`` words or more (the shape is told first: it costs
        less than counting a paragraph's words)."""
        return self.body_shaped[index] and self.words[index] >= body_words

    def is_statement(self, index: int, min_words: int) -> bool:
        """A statement or the introduction of a list: ``_statement_shaped``, ``min_words`` words or more (shape first)."""
        return self.statement_shaped[index] and self.words[index] >= min_words


def _deleted_of(detection: Detection, categories: Iterable[str]) -> list[int]:
    """The lines that rules of ``categories`` deleted, in order; only deletions made since the last call are looked at."""
    deleted = detection.deleted_lines
    if not deleted:
        return []
    key = (_deleted_of, tuple(categories))
    seen, found = detection.memo.get(key, (0, []))
    if seen < len(deleted):
        rules = detection.line_rules
        new = [index for index in deleted[seen:] if rules[index].category in categories]
        found = sorted(found + new) if new else found
        detection.memo[key] = (len(deleted), found)
    return found


@detector("nav-crumbs", first=True)
def nav_crumbs(detection: Detection, max_words: int = 3, max_chars: int = 30, scan: int = 6) -> Iterator[int]:
    """Short section labels above the headline (``News`` / ``World``), or one ``Home › World`` trail.

    The labels must come first, be followed by a longer line, and a label right
    above a body paragraph is taken for the headline and kept.
    """
    content, stripped = detection.content_lines()[: scan + 1], detection.doc.stripped
    run = []
    for line in content:
        if not _is_crumb(stripped[line.index], max_words, max_chars):
            break
        run.append(line)
    if not run or len(run) >= len(content):
        return
    following = stripped[content[len(run)].index]
    if _ends_sentence(following):
        run.pop()  # the last label is the headline of a text that starts with its body
    yield from (line.index for line in run)


def _is_crumb(text: str, max_words: int, max_chars: int) -> bool:
    """A trail of at most 12 words ('Home › World'), or a label: ``max_words`` capitalised words or fewer (joiners
    aside), ``max_chars`` or fewer, no digit; neither ends a sentence (initials like 'U.S.' end none). The cheap tests
    go first."""
    if _ends_sentence(text) and not _INITIALS.search(text):
        return False
    words = text.split()
    if (
        len(words) <= max_words
        and len(text) <= max_chars
        and not any(map(str.isdigit, text))
        and all(word[0].isupper() or word in _LABEL_JOINERS for word in words)
    ):
        return True
    return len(words) <= 12 and _CRUMB_SEPARATORS.search(text) is not None


@detector("caption-before-credit")
def caption_before_credit(detection: Detection, categories: tuple = ("image-credit",), max_words: int = 40, min_words: int = 6) -> Iterator[int]:
    """The caption or alt text just above an image credit that a rule removed.

    Only a line without final punctuation, at most one blank line above the credit,
    never the first content line, and one that can describe a picture: ``min_words``
    words or more (a shorter line is a subheading or a label), and no item of a list
    (a bulleted line below another item or below a line ending with ':').
    """
    credits = _deleted_of(detection, categories)
    if not credits:
        return
    lines = detection.doc.lines
    content = detection.content_lines()
    first = content[0].index if content else -1
    for index in credits:
        line = lines[index]
        above = [l for l in lines[max(0, line.index - 3) : line.index] if not l.is_blank]
        if not above or line.index - above[-1].index > 2:
            continue
        candidate = above[-1]
        if detection.line_rules[candidate.index] is not None and detection.line_rules[candidate.index].category in categories:
            continue  # the credit's own first line is further up
        if (
            candidate.index != first
            and detection.is_content(candidate.index)
            and min_words <= _words(candidate.text, past=max_words) <= max_words
            and not _ends_sentence(candidate.text)
            and not _in_list(detection, candidate)
        ):
            yield candidate.index


_ITEM = regex.compile(r"\s*(?:[*+•·▪◦‣–-]|o(?=\s)|\d{1,3}[.)])\s+\S")  # a bulleted or numbered list item with text


def _in_list(detection: Detection, line) -> bool:
    """True when ``line`` is a list item below another item, or below a line ending with ':'."""
    if not _ITEM.match(line.text):
        return False
    above = next((other for other in reversed(detection.content_lines()) if other.index < line.index), None)
    return above is not None and (bool(_ITEM.match(above.text)) or above.text.rstrip().endswith(":"))


@detector("byline")
def byline(
    detection: Detection, pattern: str = r"By\s\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){1,2}", head: int = 8, tail: int = 3, max_chars: int = 160
) -> Iterator[int]:
    """A byline: a content line of at most ``max_chars`` that ``pattern`` matches whole, among the first ``head``
    content lines or the last ``tail``, but never the first one (a title-case headline can read like a byline:
    'By Invitation Only'; a subheading in the body can too: 'By Popular Demand')."""
    # Tested afresh each round, not kept per line (``_verdicts``): a later round asks again about few of these lines.
    content, matches, stripped = detection.content_lines(), _fullmatcher(pattern), detection.doc.stripped
    places = content[1:head] + content[max(head, len(content) - tail) :]
    yield from (line.index for line in places if len(line.text) <= max_chars and matches(stripped[line.index]))


@detector("repeated-paragraph")
def repeated_paragraph(detection: Detection, credit: str = r"(?i)\b(?:photo|credit)", max_extra_words: int = 8, min_words: int = 4) -> Iterator[int]:
    """A paragraph that repeats the one before it plus a credit (a caption echoing the standfirst)."""
    content = detection.content_lines()
    # Most paragraphs start differently from the one before: compare the starts before normalising.
    starts = list(map(_START, map(str.lstrip, map(_TEXT, content))))
    if not any(map(eq, starts, starts[1:])):
        return  # no paragraph starts as the one before it does: none repeats it
    credit_pattern = _compiled(credit)
    previous = previous_start = None
    for line, start in zip(content, starts):
        if previous is not None and start == previous_start:
            before, text = " ".join(previous.text.split()), " ".join(line.text.split())
            if _words(before) >= min_words and text.startswith(before) and text != before:
                extra = text[len(before) :]
                if _words(extra) <= max_extra_words and credit_pattern.search(extra):
                    yield line.index
                    continue
        previous, previous_start = line, start


@detector("repeated-line")
def repeated_line(detection: Detection, min_words: int = 10, within: int = 3, headline_words: int = 4) -> Iterator[int]:
    """A line of ``min_words`` words or more that repeats, word for word (a list bullet aside), one of the ``within``
    content lines before it: a caption shown once per picture size; or a later copy of the headline (the first
    content line, when it has ``headline_words`` words or more). The first stays; questions and table rows stay (an interview asks each guest the same question,
    tables repeat their header), and so do other lines repeated further apart (a meal plan, a schedule)."""
    repeats, indices = _repeats(detection), detection.content_indices()
    if not repeats or not indices:
        return
    headline = repeats.get(indices[0])
    reach = within or len(indices)  # ``within`` 0 reaches every kept line above; below 0, none
    # Only lines that another repeats can go or be repeated, so only they are visited: a line's place among the
    # kept lines below the headline tells whether an earlier copy is one of the ``within`` kept lines above it.
    kept: dict[str, int] = {}  # the place of each text's last kept copy
    gone = 0
    for index in filter(detection.is_content, repeats):
        place = bisect_left(indices, index) - 1 - gone
        if place < 0:
            continue  # the headline itself
        text = repeats[index]
        if (text == headline and _words(text) >= headline_words) or (
            text in kept and place - kept[text] <= reach and _words(text) >= min_words and not _asks_or_tabulates(text)
        ):
            gone += 1
            yield index
        else:
            kept[text] = place


def _repeats(detection: Detection) -> dict[int, str]:
    """The ``_bulletless`` text of each content line (by index, in line order) that another's equals; no other
    content line's repeats.

    Worked out among the content lines of the first call, as content only shrinks. Only lines ending with the last
    word of another are normalised: equal texts end with the same word (a list bullet only ever comes first), and
    most lines end with a word no other line does."""
    found = detection.memo.get(_repeats)
    if found is None:
        indices, doc = detection.content_indices(), detection.doc
        # Each line's last word, ``text.rsplit(None, 1)[-1]``: the method called unbound, which costs less than bound.
        last_words = list(map(_LAST, map(str.rsplit, map(doc.stripped.__getitem__, indices), repeat(None), repeat(1))))
        found = detection.memo[_repeats] = _equal_keys(doc, list(compress(indices, _shared(last_words))))
    return found


def _equal_keys(doc: Document, candidates: list[int]) -> dict[int, str]:
    """The ``_bulletless`` text of each line of ``candidates`` (by index) that another's equals."""
    keys = list(map(_stripped_bulletless, map(_TEXT, map(doc.lines.__getitem__, candidates)), map(doc.stripped.__getitem__, candidates)))
    return dict(compress(zip(candidates, keys), _shared(keys)))


def _shared(values: list) -> Iterable[bool]:
    """``compress`` selectors of the ``values`` that another equals (none when no two are equal). A set of those seen
    finds them: it costs less than a ``Counter``, whose set-up is Python code, for the few values of one document."""
    seen: set = set()
    repeated = {value for value in values if value in seen or seen.add(value)}
    return map(repeated.__contains__, values) if repeated else ()


def _list_item(text: str) -> regex.Match | None:
    """``_LIST_ITEM.match(text)``, without the regex unless the first non-blank character is a bullet."""
    return _LIST_ITEM.match(text) if text.lstrip()[:1] in _MARKERS else None


def _after_bullet(text: str) -> str:
    """``text`` after its list bullet, or all of it."""
    item = _list_item(text)
    return item.group(1) if item else text


def _bulletless(text: str) -> str:
    """The text of a line, its list bullet aside, with its blanks collapsed: what ``repeated-line`` compares."""
    return " ".join(_after_bullet(text).split())


def _stripped_bulletless(text: str, stripped: str) -> str:
    """``_bulletless(text)``, where ``stripped`` is ``text.strip()``: that itself when it starts with no bullet and its
    words are one space apart, as most lines' are (' ' is the only blank ``str.isprintable`` admits)."""
    if stripped[:1] not in _MARKERS and stripped.isprintable() and "  " not in stripped:
        return stripped
    return _bulletless(text)


def _asks_or_tabulates(text: str) -> bool:
    """A question, or a table row ('| Pos | Player |'): both may repeat in an article (an interview, a table's header)."""
    return text.rstrip(_CLOSERS).endswith(("?", "？")) or text.startswith("|")


@detector("isolated-bullet")
def isolated_bullet(detection: Detection, max_words: int = 15) -> Iterator[int]:
    """A lone bulleted headline between paragraphs: a related-article link, not a list item.

    A bullet beside another list item, whatever its marker (what is left of the line once span rules removed their
    junk), or below a line ending with ':' is a list item."""
    if detection.doc.view.isascii():
        return  # no bullet (none is ASCII, and ``isascii`` reads a flag)
    firsts = _first_characters(detection)
    if _BULLET_SET.isdisjoint(firsts):
        return  # no line starts with a bullet
    content = detection.content_lines()
    for number in compress(range(len(content)), map(_BULLET_SET.__contains__, firsts)):
        line = content[number]
        text = line.text
        if _BULLET.match(text) is None or _words(text, past=max_words + 1) - 1 > max_words:
            continue
        if text.rstrip()[-1:] in ".!;:" or _ends_sentence(text.rstrip().rstrip("?")):
            continue
        neighbours = [detection.kept_text(other.index) for other in content[max(0, number - 1) : number] + content[number + 1 : number + 2]]
        introduced = number > 0 and neighbours[0].rstrip().endswith(":")
        if not introduced and not any(map(_list_item, neighbours)):
            yield line.index


@detector("related-list")
def related_list(
    detection: Detection, categories: Iterable[str] = ("related-link",), heading_words: int = 4, max_words: int = 15, min_items: int = 2
) -> Iterator[int]:
    """The list of headlines below a related-links heading a rule deleted ('Related', 'More on this story'): at least
    ``min_items`` items, one per line with the first one's bullet, each a headline (``max_words`` words at most, no
    full stop), up to the first line that is not.

    Not when the line above the heading introduces a list (ends with ':'): the items may be that list's. Items with
    blank lines between them may be a list's paragraphs, so the box's items follow each other line by line."""
    headings = _deleted_of(detection, categories)
    if not headings:
        return
    stripped, content = detection.doc.stripped, detection.content_lines()
    indices = detection.content_indices()
    for heading in headings:
        if _words(stripped[heading], past=heading_words) > heading_words:
            continue  # a link itself ('Read more: ...'), not the heading of a box
        below = bisect_right(indices, heading)
        if below == len(content) or below and content[below - 1].text.rstrip().endswith(":"):
            continue
        first = _list_item(content[below].text)
        if first is None:
            continue
        marker, items = _marker(content[below].text, first), []
        for line in content[below:]:
            item = _list_item(line.text)
            if (
                item is None
                or items and line.index != items[-1] + 1
                or _marker(line.text, item) != marker
                or _words(item.group(1), past=max_words) > max_words
                or item.group(1).rstrip()[-1:] in ".!;:"
            ):
                break
            items.append(line.index)
        if len(items) >= min_items:
            yield from items


def _marker(text: str, item: regex.Match) -> str:
    """The bullet ('•', '-', '*') of the list item ``text``, whose ``_list_item`` match is ``item``."""
    return text[: item.start(1)].strip()


def _first_characters(detection: Detection) -> str:
    """The first non-blank character of each content line (none is blank), in order: worked out once per state of
    the deletions, for the detectors that look for lines starting with a bullet or a list marker."""
    deleted, firsts = detection.memo.get(_first_characters, (None, ""))
    if deleted != detection.deleted:
        firsts = "".join(map(_FIRST, map(detection.doc.stripped.__getitem__, detection.content_indices())))
        detection.memo[_first_characters] = (detection.deleted, firsts)
    return firsts


@detector("tail-footer")
def tail_footer(
    detection: Detection, marker: str = r"(?i)all rights reserved", scan: int = 12, max_words: int = 25, heading_words: int = 8
) -> Iterator[int]:
    """A footer box at the end: from a footer line (``marker``) to the end, when all that follows is short promo text.

    Lines after the marker must be other marker lines or short lines that do not
    end a sentence; the box's heading (one short line of words, the last content
    line above it: only blank or deleted lines between) goes too.
    """
    is_marker = _verdicts(detection, _searcher(marker))
    content = detection.content_lines()
    lines, stripped = detection.doc.lines, detection.doc.stripped
    tail = content[-scan:]
    start = None
    for number in range(len(tail) - 1, -1, -1):
        index = tail[number].index
        text = stripped[index]
        if is_marker[index]:
            start = number
        elif _ends_sentence(text) or _words(text, past=max_words) > max_words:
            break
    if start is None or len(tail) - start == len(content):
        return
    first = tail[start]
    if sum(1 for line in lines[first.index :] if not line.is_blank) < 2:
        return  # a lone last line is for the line rules to judge
    box = tail[start:]
    heading = content[len(content) - len(tail) + start - 1].index  # the content line above the box
    if heading > content[0].index:
        text = stripped[heading]
        if _words(text, past=heading_words) <= heading_words and not _ends_sentence(text) and _HEADING.fullmatch(text):
            box.insert(0, lines[heading])
    yield from (line.index for line in box)


_MARKERS = "*+•·▪◦‣-o"
_MARKER_SET = frozenset(_MARKERS)
_LIST_ITEM = regex.compile(r"^\s*(?:[*+•·▪◦‣-]|o(?=\s))\s+(\S.*)$")


@detector("menu")
def menu(detection: Detection, min_run: int = 4, max_words: int = 8, mean_words: float = 4, body_words: int = 5) -> Iterator[int]:
    """Runs of short bulleted link labels above the article body or below it: site menus and footer link lists.

    Only before the first body line (a content line of at least ``body_words`` words
    that ends a sentence and is no list item) or after the last one; a run needs ``min_run`` items
    of at most ``max_words`` words, none ending a sentence, and is kept when the
    line above it ends with a colon (a list the text introduces).
    """
    if _MARKER_SET.isdisjoint(_first_characters(detection)):
        return  # no list item at all (content lines are not blank): the common case, without a regex per line
    content = detection.content_lines()

    def is_body(line) -> bool:
        return _words(line.text, past=body_words) >= body_words and _ends_sentence(line.text) and not _list_item(line.text)

    first = next((number for number, line in enumerate(content) if is_body(line)), None)
    if first is None:
        return
    last = next(number for number in range(len(content) - 1, first - 1, -1) if is_body(content[number]))
    zones = (content[:first], content[last + 1 :])
    for zone in zones:
        run: list = []
        for line in [*zone, None]:
            item = _list_item(line.text) if line is not None else None
            if item and _words(item.group(1)) <= max_words and not _ends_sentence(item.group(1)):
                run.append(line)
                continue
            labels = [_words(_LIST_ITEM.match(member.text).group(1)) for member in run]
            if len(run) >= min_run and sum(labels) <= mean_words * len(run) and not _introduced(detection, run[0]):
                yield from (member.index for member in run)
            run = []


def _introduced(detection: Detection, first) -> bool:
    """True when the content line above ``first`` ends with a colon."""
    above = [line for line in detection.content_lines() if line.index < first.index]
    return bool(above) and above[-1].text.rstrip().endswith(":")


def _body_shaped(text: str) -> bool:
    """Shaped like a paragraph of the article: ending a sentence, not a list item or a cut-off teaser."""
    text = text.strip()
    return _ends_sentence(text) and not text.endswith(("...", "…")) and not _list_item(text)


_STATEMENT_ENDS = frozenset(".!:;。．！｡：；")


def _statement_shaped(text: str) -> bool:
    """Shaped like a statement or the introduction of a list: ending with a full stop, '!' or ':'
    (not a question, which headlines often are, or a cut-off teaser's '...'), and no list item."""
    text = text.strip()
    return text.rstrip(_CLOSERS)[-1:] in _STATEMENT_ENDS and not text.endswith("...") and not _list_item(text)


def _article(detection: Detection, body_words: int, gap: int) -> tuple[int, int] | None:
    """Where the article is among the content lines: the first and last body paragraph of its largest cluster.

    Body paragraphs are sentences of ``body_words`` words or more (on a page of shorter
    ones, its longest sentences); those with fewer than ``gap`` other lines between them
    belong to one cluster, and the cluster with the most words is the article.
    """
    key = ("article", body_words, gap)
    if detection.memo.get(key, (None,))[0] == detection.deleted:
        return detection.memo[key][1]
    facts = _LineFacts.of(detection)
    sentences = [
        (number, facts.words[line.index]) for number, line in enumerate(detection.content_lines()) if facts.is_body(line.index, 1)
    ]
    least = min(body_words, max((words for _, words in sentences), default=0))
    best, best_words, start, total, last = None, 0, None, 0, None
    for number, words in sentences:
        if words < least:
            continue
        if last is None or number - last > gap:
            start, total = number, 0
        total += words
        last = number
        if total > best_words:
            best, best_words = (start, number), total
    detection.memo[key] = (detection.deleted, best)
    return best


@detector("comment-section")
def comment_section(
    detection: Detection,
    categories: tuple = ("comment-prompt",),
    body_words: int = 12,
    min_before: int = 2,
    body_run: int = 3,
    counted: str = r"(?i)^(?:\d{1,6}|no|one|two|three) (?:thoughts?|responses?|comments?|replies)\b",
) -> Iterator[int]:
    """A reader comment section: from a comment heading that a rule removed ('Comments', '2 comments') to the end.

    Only a heading below the article's first body paragraph with at least
    ``min_before`` content lines above it, so a comment count in the byline stays
    a one-line deletion. A heading that counts the comments (``counted``: '6 thoughts
    on …') opens a thread whatever follows; another is taken for a prompt in the middle
    of the article when the ``body_run`` content lines below it (all of them, if fewer)
    are body paragraphs, as a thread has names, dates and short replies.
    """
    headings = _deleted_of(detection, categories)
    if not headings:
        return
    indices, facts = detection.content_indices(), _LineFacts.of(detection)
    first_body = next((number for number, index in enumerate(indices) if facts.is_body(index, body_words)), None)
    if first_body is None:
        return
    stripped, counts = detection.doc.stripped, _compiled(counted).match
    for heading in headings:
        above = bisect_left(indices, heading)
        if above <= first_body or above < min_before:
            continue
        below = indices[above : above + body_run]
        if counts(stripped[heading]) or not (below and all(facts.is_body(index, body_words) for index in below)):
            yield from indices[above:]
            return


@detector("tail-zone")
def tail_zone(
    detection: Detection,
    categories: tuple = ("related-link", "subscription-footer", "social-promo", "site-chrome", "copyright-footer", "cookie-notice"),
    body_words: int = 12,
    gap: int = 6,
    prose_words: int = 2,
    max_body_share: float = 0.3,
    min_links: int = 3,
) -> Iterator[int]:
    """Everything below the article from a box heading or page control that a rule removed, when what follows is promo text.

    The marker (a line another rule deleted, of ``categories``, not ending with a colon:
    that introduces what follows) must come after the last paragraph of the article
    (``_article``). Below it:

    - the first line is no statement (``prose_words`` words or more ending with '.', '!'
      or ':'): not a short closing paragraph, nor a list's introduction;
    - the last line ends no sentence, unless other rules removed lines of other kinds
      (menus, ads) below the marker: promo boxes end with links, articles with a sentence;
    - ``min_links`` lines or more are links, labels or lines other rules removed;
    - sentences make up at most ``max_body_share`` of the words.
    """
    rules, lines = detection.line_rules, detection.doc.lines
    markers = [index for index in _deleted_of(detection, categories) if not lines[index].text.rstrip().endswith(":")]
    if not markers:
        return
    indices, facts = detection.content_indices(), _LineFacts.of(detection)
    below = {marker: bisect_right(indices, marker) for marker in markers}  # the content position right below each
    # The line below a marker is tested first: the article only matters above a marker it passes.
    markers = [marker for marker in markers if below[marker] < len(indices) and not facts.is_statement(indices[below[marker]], prose_words)]
    article = _article(detection, body_words, gap) if markers else None
    if article is None:
        return
    markers = [marker for marker in markers if article[1] < below[marker]]
    if not markers:
        return  # no such marker below the article (the common case): no sums to make
    filled = [line.index for line in detection.doc.filled]
    words = _suffix_sums(facts.words[index] for index in indices)
    prose = _suffix_sums(facts.words[index] if facts.is_body(index, prose_words) else 0 for index in indices)
    links = _suffix_sums(not facts.is_statement(index, prose_words) for index in indices)
    other_junk = _suffix_sums(rules[index] is not None and rules[index].category not in categories for index in filled)
    for marker in markers:
        first = below[marker]
        after = bisect_right(filled, marker)
        if facts.is_body(indices[-1], prose_words) and not other_junk[after]:
            continue  # text that ends as an article does, with no menu, ad or other junk but markers below the marker
        removed = len(filled) - after - (len(indices) - first)  # lines other rules removed
        if removed + links[first] >= min_links and prose[first] <= max_body_share * words[first]:
            yield from indices[first:]
            return


def _suffix_sums(values: Iterable[int]) -> list[int]:
    """``sums[i]`` is the sum of ``values[i:]`` (and ``sums[len(values)]`` is 0)."""
    sums = [0]
    for value in reversed(list(values)):
        sums.append(sums[-1] + value)
    return sums[::-1]
