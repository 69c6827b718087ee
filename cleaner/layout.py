"""Paragraph layout, as edits of the line breaks and blank lines between kept lines.

Kept lines that were separated by at least one blank line become paragraphs
separated by exactly one blank line; kept lines that followed each other directly
stay on consecutive lines. Every line break becomes ``\\n``; the text has no
leading or trailing blank lines and ends with exactly one ``\\n`` (an empty result
stays empty).
"""

from __future__ import annotations

from typing import Sequence

from .document import Document, Line
from .edits import Edit

CATEGORY = "layout"
_ALREADY_RIGHT = ("\n", "\n\n")  # gaps between kept lines that need no edit: edits never reach into them


def layout_edits(doc: Document, kept: Sequence[int], shown: Sequence[Line], taken: Sequence[Edit]) -> list[Edit]:
    """Edits for the gaps around the ``kept`` lines.

    ``shown`` are the lines as the rules saw them (repaired), whose blank ones
    separate paragraphs; ``taken`` are the edits already made, sorted, which the
    layout edits must not overlap.
    """
    lines, text = doc.lines, doc.text
    if not kept:
        gaps = [(0, len(text), "", "layout.empty")]
    else:
        gaps = [(0, lines[kept[0]].start, "", "layout.leading-blank-lines")]
        for before, after in zip(kept, kept[1:]):
            start, end = lines[before].end, lines[after].start
            if text[start:end] in _ALREADY_RIGHT:  # no line between, or one empty line: nothing to change
                continue
            paragraph = any(shown[index].is_blank for index in range(before + 1, after))
            gaps.append((start, end, "\n\n" if paragraph else "\n", "layout.paragraph-break"))
        gaps.append((lines[kept[-1]].end, len(text), "\n", "layout.final-newline"))
    edits: list[Edit] = []
    first = 0  # the first edit of ``taken`` that may reach into the current gap
    for start, end, separator, rule in gaps:
        while first < len(taken) and taken[first].end <= start:
            first += 1
        last = first
        while last < len(taken) and taken[last].start < end:
            last += 1
        if last > first or text[start:end] != separator:  # most gaps are already right
            _fill(text, start, end, separator, rule, taken[first:last], edits)
    return edits


def _fill(text: str, start: int, end: int, separator: str, rule: str, taken: Sequence[Edit], out: list[Edit]) -> list[Edit]:
    """Make ``text[start:end]`` read ``separator`` once the ``taken`` edits inside it (sorted) are applied."""
    pieces, position = [], start
    for edit in taken:
        if edit.start > position:
            pieces.append((position, edit.start))
        position = max(position, edit.end)
    if end > position:
        pieces.append((position, end))
    if not pieces:
        if separator:
            out.append(Edit(end, end, "", separator, rule, CATEGORY))
        return out
    keep = next((piece for piece in pieces if text[piece[0] : piece[1]] == separator), None)
    if keep is None:
        keep = pieces[0]
        out.append(Edit(keep[0], keep[1], text[keep[0] : keep[1]], separator, rule, CATEGORY))
    out.extend(Edit(a, b, text[a:b], "", rule, CATEGORY) for a, b in pieces if (a, b) != keep)
    return out
