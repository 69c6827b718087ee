"""Paragraph layout, as edits of the line breaks and blank lines between kept lines.

Kept lines that were separated by at least one blank line become paragraphs
separated by exactly one blank line; kept lines that followed each other directly
stay on consecutive lines. Every line break becomes ``\\n``; the text has no
leading or trailing blank lines and ends with exactly one ``\\n`` (an empty result
stays empty).
"""

from __future__ import annotations

from itertools import compress
from operator import itemgetter, sub
from typing import Iterable, Sequence

from .document import Document
from .edits import Edit, new_edit

CATEGORY = "layout"
_ALREADY_RIGHT = ("\n", "\n\n")  # gaps between kept lines that need no edit: edits never reach into them
_start, _end = itemgetter(1), itemgetter(2)  # Line.start, Line.end, in C


def layout_edits(doc: Document, kept: Sequence[int], shown: Document, taken: Sequence[Edit]) -> list[Edit]:
    """Edits for the gaps around the ``kept`` lines.

    ``shown`` is the document as the rules saw it (repaired), whose blank lines
    separate paragraphs; ``taken`` are the edits already made, sorted, which the
    layout edits must not overlap.
    """
    lines, text = doc.lines, doc.text
    if not kept:
        gaps = [(0, len(text), "", "layout.empty")]
    else:
        gaps = [(0, lines[kept[0]].start, "", "layout.leading-blank-lines")]
        blanks = shown.blanks
        for start, end, before, after in _gaps_to_edit(doc, kept):
            gaps.append((start, end, "\n\n" if any(blanks[before + 1 : after]) else "\n", "layout.paragraph-break"))
        gaps.append((lines[kept[-1]].end, len(text), "\n", "layout.final-newline"))
    edits: list[Edit] = []
    first = 0  # the first edit of ``taken`` that may reach into the current gap
    for start, end, separator, rule in gaps:
        while first < len(taken) and taken[first].end <= start:
            first += 1
        last = first
        while last < len(taken) and taken[last].start < end:
            last += 1
        if last > first:
            _fill(text, start, end, separator, rule, taken[first:last], edits)
        elif text[start:end] != separator:  # most gaps are already right
            edits.append(new_edit((start, end, text[start:end], separator, rule, CATEGORY)))
    return edits


def _gaps_to_edit(doc: Document, kept: Sequence[int]) -> Iterable[tuple[int, int, int, int]]:
    """(start, end, before, after) of each gap between consecutive kept lines that is not already right."""
    kept_lines = list(map(doc.lines.__getitem__, kept))
    gap_starts, gap_ends = list(map(_end, kept_lines[:-1])), list(map(_start, kept_lines[1:]))
    gaps = zip(gap_starts, gap_ends, kept, kept[1:])
    text = doc.text
    if text == doc.view:  # every break is "\n": a gap of one or two characters is "\n" or "\n\n"
        return compress(gaps, map((2).__lt__, map(sub, gap_ends, gap_starts)))
    return [gap for gap in gaps if text[gap[0] : gap[1]] not in _ALREADY_RIGHT]


def _fill(text: str, start: int, end: int, separator: str, rule: str, taken: Sequence[Edit], out: list[Edit]) -> list[Edit]:
    """Make ``text[start:end]`` read ``separator`` once the ``taken`` edits inside it (sorted) are applied."""
    pieces, position = [], start
    for edit in taken:
        if edit.start > position:
            pieces.append((position, edit.start))
        position = edit.end  # taken is sorted, without overlaps: the ends only grow, the first past ``start``
    if end > position:
        pieces.append((position, end))
    if not pieces:
        if separator:
            out.append(new_edit((end, end, "", separator, rule, CATEGORY)))
        return out
    for keep in pieces:
        if text[keep[0] : keep[1]] == separator:
            break
    else:
        keep = pieces[0]
        out.append(new_edit((keep[0], keep[1], text[keep[0] : keep[1]], separator, rule, CATEGORY)))
    for piece in pieces:
        if piece is not keep:
            a, b = piece
            out.append(new_edit((a, b, text[a:b], "", rule, CATEGORY)))
    return out
