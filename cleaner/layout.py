"""Paragraph layout, as edits of the line breaks and blank lines between kept lines.

Kept lines that were separated by at least one blank line become paragraphs
separated by exactly one blank line; kept lines that followed each other directly
stay on consecutive lines. Every line break becomes ``\\n``; the text has no
leading or trailing blank lines and ends with exactly one ``\\n`` (an empty result
stays empty).
"""

from __future__ import annotations

from typing import Sequence

from .document import Document
from .edits import Edit, new_edit

CATEGORY = "layout"
_ALREADY_RIGHT = ("\n", "\n\n")  # gaps between kept lines that need no edit: edits never reach into them


def layout_edits(doc: Document, kept: Sequence[int], shown: Document, taken: Sequence[Edit]) -> list[Edit]:
    """Edits for the gaps around the ``kept`` lines.

    ``shown`` is the document as the rules saw it (repaired), whose blank lines
    separate paragraphs; ``taken`` are the edits already made, sorted, which the
    layout edits must not overlap.
    """
    starts, contents, text = doc.line_starts, doc.contents, doc.text
    if not kept:
        gaps = [(0, len(text), "", "layout.empty")]
    else:
        gaps = [(0, starts[kept[0]], "", "layout.leading-blank-lines"), *_paragraph_breaks(doc, kept, shown.blanks)]
        gaps.append((starts[kept[-1]] + len(contents[kept[-1]]), len(text), "\n", "layout.final-newline"))
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


def _paragraph_breaks(doc: Document, kept: Sequence[int], blanks: Sequence[bool]) -> list[tuple[int, int, str, str]]:
    """(start, end, separator, rule) of each gap between consecutive kept lines that is not already right.

    ``blanks`` are those of the lines as the rules saw them: a blank line in a gap makes it a paragraph break.
    A plain loop: a document keeps a few dozen lines, too few for C-level passes over them to pay off.
    """
    starts, contents, text = doc.line_starts, doc.contents, doc.text
    other_breaks = text != doc.view  # with only \n breaks, a gap of one or two characters is "\n" or "\n\n"
    gaps = []
    before = kept[0]
    for after in kept[1:]:
        start, end = starts[before] + len(contents[before]), starts[after]
        if end - start > 2 or other_breaks and text[start:end] not in _ALREADY_RIGHT:
            gaps.append((start, end, "\n\n" if any(blanks[before + 1 : after]) else "\n", "layout.paragraph-break"))
        before = after
    return gaps


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
