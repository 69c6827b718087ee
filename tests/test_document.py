"""The line table: its fast paths (only \\n breaks, Windows breaks, a repaired copy, lines made on first use) agree with their definitions."""

from hypothesis import given
from hypothesis import strategies as st

from cleaner.document import Document

_pieces = st.lists(st.sampled_from(["", " ", "ab", "\xa0x ", "\n", "\r\n", "\r", "\n\n", "\u2028", "\x85", "\f"]), max_size=12)


def _expected_lines(text: str) -> list[tuple[int, int, int, int, str, bool]]:
    """Each line's fields, from ``str.splitlines`` alone."""
    expected, position = [], 0
    for index, piece in enumerate(text.splitlines(keepends=True)):
        content = piece.splitlines()[0] if piece.splitlines() else ""
        expected.append((index, position, position + len(content), position + len(piece), content, not content.strip()))
        position += len(piece)
    return expected


@given(_pieces)
def test_lines_are_those_of_splitlines(pieces: list[str]) -> None:
    text = "".join(pieces)
    doc = Document(text)
    assert [tuple(line) for line in doc.lines] == _expected_lines(text)
    assert doc.contents == [line.text for line in doc.lines]
    assert doc.line_starts == [line.start for line in doc.lines]
    assert doc.stripped == [line.text.strip() for line in doc.lines]
    assert doc.blanks == [line.is_blank for line in doc.lines]
    assert doc.view == "".join("\n" if char.splitlines() == [""] else char for char in text)  # each break a \n


@given(_pieces, st.dictionaries(st.integers(0, 11), st.sampled_from(["", " ", "x", "yy", "ab", " z "]), max_size=4))
def test_with_contents_is_the_document_of_the_new_lines(pieces: list[str], changes: dict[int, str]) -> None:
    """The repaired copy (of a document whose lines were never made, as in ``Cleaner.clean``) is the document of its own text."""
    doc = Document("".join(pieces))
    changed = {index: content for index, content in changes.items() if index < len(doc.contents)}
    contents = [changed.get(index, content) for index, content in enumerate(doc.contents)]
    repaired = doc.with_contents(changed)
    expected = Document("".join(content + "\n" for content in contents))
    assert repaired.text == repaired.view == expected.text
    for name in ("lines", "contents", "line_starts", "stripped", "blanks"):
        assert getattr(repaired, name) == getattr(expected, name), name
