"""The record's fast line (``record_line``) is exactly ``dumps(record_entry(...))``, for any text and source."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, CleanResult, Edit
from cleaner.io.record import dumps, record_entry, record_line

#: all of Unicode, lone surrogates, quotes, backslashes and control characters included
any_text = st.text(st.characters(codec=None, exclude_categories=()))
CLEANER = Cleaner()


def _same(doc: str, encoding: str, result: CleanResult, **source) -> None:
    data, output = result.original.encode("utf-8", "surrogatepass"), result.text.encode("utf-8", "surrogatepass")
    assert record_line(doc, encoding, data, output, result, **source) == dumps(record_entry(doc, encoding, data, output, result, **source))


@given(any_text, any_text)
def test_record_line_is_the_dumped_entry_of_any_cleaned_text(text: str, doc: str) -> None:
    _same(doc, "utf-8", CLEANER.clean(text))
    _same(doc, "utf-8", CLEANER.clean(text), line=3, field="text")


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), any_text, any_text, any_text, any_text), max_size=5), any_text)
def test_record_line_is_the_dumped_entry_of_any_edits_and_timeouts(fields: list, timeout: str) -> None:
    result = CleanResult("original", "clean", tuple(Edit(*edit) for edit in fields), (timeout, timeout))
    _same('a "quoted" \\ doc "edits": []', "cp1252", result, extractor="trafilatura 2")
