"""Detection: which lines still stand after line and span deletions."""

from hypothesis import given
from hypothesis import strategies as st

from cleaner.detection import Detection
from cleaner.document import Document
from cleaner.ruleset import Rule

RULE = Rule(id="test.rule", category="test", kind="line", why="", pack="test", path="", line=0, pattern="x")


@given(
    st.lists(st.sampled_from(["", "  ", "ab cd", " x ", "abc"]), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 6), st.integers(0, 6), st.booleans()), max_size=8),
)
def test_content_is_what_neither_blanks_nor_deletions_took(lines, deletions):
    """The 'standing' flags kept on each deletion give the content lines their definition gives."""
    doc = Document("\n".join(lines) + "\n")
    detection = Detection(doc)
    for index, a, b, whole in deletions:
        line = doc.lines[index % len(doc.lines)]
        if whole:
            detection.delete_line(line.index, RULE)
        else:
            start = line.start + min(a, b, len(line.text))
            detection.delete_span(line, start, max(start, line.start + min(max(a, b), len(line.text))), RULE)
        expected = [line for line in doc.lines if not line.is_blank and not detection.is_deleted(line.index)]
        assert detection.content_lines() == expected
        assert detection.content_indices() == [line.index for line in expected]
        assert [detection.is_content(line.index) for line in doc.lines] == [line in expected for line in doc.lines]


@given(
    st.lists(st.sampled_from(["", " ", "ab cd", "\xa0x ", "\n", "\r\n", "\r", "\u2028", "\f"]), max_size=12),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 6), st.integers(0, 6)), max_size=4),
)
def test_kept_text_is_what_the_kept_segments_hold(pieces, spans):
    """A line's kept text is the text of its kept segments, whether span rules cut it (the loop) or not (its content)."""
    doc = Document("".join(pieces))
    detection = Detection(doc)
    for index, a, b in spans:
        if index < len(doc.lines):
            line = doc.lines[index]
            start = line.start + min(a, b, len(line.text))
            detection.delete_span(line, start, max(start, line.start + min(max(a, b), len(line.text))), RULE)
    for line in doc.lines:
        assert detection.kept_text(line.index) == "".join(doc.text[start:end] for start, end in detection.kept_segments(line.index))
