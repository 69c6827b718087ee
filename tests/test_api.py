"""The library API: clean(), a reusable Cleaner that pickles and shares across threads, and the record types."""

import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cleaner
from cleaner import Cleaner, Edit, clean

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "corpus_samples" / "input").glob("*.txt"))
TEXTS = [path.read_text(encoding="utf-8") for path in SAMPLES]


def test_clean_returns_text_edits_and_restores():
    text = "[ad_1]\n\nThe summit ended on Friday.\u00a0\n\nLeave a Reply"
    result = clean(text)
    assert result.text == "The summit ended on Friday.\n"
    assert [e.rule for e in result.deletions] == ["ads.placeholder-token", "comments.leave-reply"]
    assert [(e.removed, e.inserted, e.rule) for e in result.repairs] == [("\u00a0", "", "repair.trailing-space")]
    assert all(isinstance(e, Edit) for e in result.edits)
    assert result.restore() == text
    assert cleaner.apply(text, result.edits) == result.text


def test_edits_are_in_original_coordinates():
    text = "Advertisement\n\nBody text here.\n"
    edit = clean(text).deletions[0]
    assert text[edit.start : edit.end] == edit.removed == "Advertisement"
    assert edit.category == "ad-label"


def test_default_cleaner_is_built_once():
    from cleaner.pipeline import default_cleaner

    assert default_cleaner() is default_cleaner()


def test_cleaner_pickles_and_gives_the_same_results():
    original = Cleaner({"ignore": ["nav.*"]})
    copy = pickle.loads(pickle.dumps(original))
    assert [r.id for r in copy.rules] == [r.id for r in original.rules]
    assert all(copy.clean(t) == original.clean(t) for t in TEXTS)


def test_one_cleaner_shared_by_threads():
    shared = Cleaner()
    expected = [shared.clean(t) for t in TEXTS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(shared.clean, TEXTS * 20))
    assert results == expected * 20


def test_empty_and_blank_texts():
    assert clean("").text == "" and clean("").edits == ()
    blank = clean(" \n\n\t\r\n")
    assert blank.text == "" and blank.restore() == " \n\n\t\r\n"


def test_html_dependencies_import():
    """trafilatura needs lxml_html_clean on current lxml; both must come with the package."""
    import lxml_html_clean  # noqa: F401
    import trafilatura

    assert "Hello" in trafilatura.extract("<html><body><article><p>Hello there, this is an article body.</p></article></body></html>")
