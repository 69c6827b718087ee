"""cleaner.pandas: a column of texts in, the clean texts with their deletion counts and categories out."""

import pytest

pd = pytest.importorskip("pandas")

from cleaner import clean  # noqa: E402
from cleaner.pandas import clean_frame, clean_series  # noqa: E402


def test_clean_series_keeps_the_index_and_counts_what_went():
    texts = pd.Series(["[ad_1]\n\nThe summit ended.\n\nLeave a Reply", None, "Already clean.\n"], index=["a", "b", "c"])
    cleaned = clean_series(texts)
    assert list(cleaned.index) == ["a", "b", "c"] and list(cleaned.columns) == ["text", "deletions", "repairs", "categories"]
    assert cleaned.loc["a", "text"] == clean(texts["a"]).text == "The summit ended.\n"
    assert cleaned.loc["a", "deletions"] == 2 and cleaned.loc["a", "categories"] == ["ad-placeholder", "comment-prompt"]
    assert pd.isna(cleaned.loc["b", "text"]) and cleaned.loc["b", "deletions"] == 0
    assert cleaned.loc["c", "text"] == "Already clean.\n" and cleaned.loc["c", "categories"] == []


def test_a_value_that_is_not_text_names_its_row():
    with pytest.raises(TypeError, match="row 'x': expected text, got list"):
        clean_series(pd.Series([["a list"]], index=["x"]))


def test_clean_frame_cleans_one_column_and_keeps_the_others():
    frame = pd.DataFrame({"id": [7, 8], "body": ["Advertisement\n\nBody one.", "Body two."]})
    cleaned = clean_frame(frame, "body", {"ignore": ["comments.*"]})
    assert cleaned["id"].tolist() == [7, 8] and cleaned["body"].tolist() == ["Body one.\n", "Body two.\n"]
    assert cleaned["deletions"].tolist() == [1, 0]
    with pytest.raises(KeyError, match="no column 'text' to clean"):
        clean_frame(frame, "text")
