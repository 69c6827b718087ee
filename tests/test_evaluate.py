"""``cleaner.evaluate``: the two gold formats are scored as documented."""

import json
from pathlib import Path

import pytest

from cleaner.evaluate import GoldError, as_json, evaluate, mean_scores, report, shingle_counts

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"


def test_shingles_count_shared_extra_and_missing_windows():
    gold = "one two three four five"  # shingles: (1234), (2345)
    assert shingle_counts(gold, gold) == (2, 0, 0)
    assert shingle_counts(gold, "one two three four") == (1, 0, 1)
    assert shingle_counts(gold, "Menu Home one two three four five") == (2, 2, 0)
    assert shingle_counts("", "") == (0, 0, 0)
    assert shingle_counts("short text", "short text") == (1, 0, 0)  # fewer than 4 tokens: one short shingle


def test_bodies_are_averaged_per_document(tmp_path: Path):
    gold, cleaned = tmp_path / "gold", tmp_path / "out"
    gold.mkdir(), cleaned.mkdir()
    (gold / "a.txt").write_text("alpha beta gamma delta epsilon\n", "utf-8")
    (gold / "b.txt").write_text("one two three four five six\n", "utf-8")
    (cleaned / "a.txt").write_text("alpha beta gamma delta epsilon\n", "utf-8")  # perfect
    (cleaned / "b.txt").write_text("Subscribe now to our list one two three four\n", "utf-8")  # 1 of 3 kept, 5 extra
    result = evaluate(gold, cleaned)
    by_name = {s.name: s for s in result["files"]}
    assert (by_name["a.txt"].precision, by_name["a.txt"].recall) == (1.0, 1.0)
    assert (by_name["b.txt"].tp, by_name["b.txt"].fp, by_name["b.txt"].fn) == (1, 5, 2)
    total = mean_scores(result["files"])
    assert total["precision"] == pytest.approx((1 + 1 / 6) / 2)
    assert total["recall"] == pytest.approx((1 + 1 / 3) / 2)
    assert "mean over documents" in report(result)


def test_a_missing_cleaned_file_scores_as_empty_and_is_reported(tmp_path: Path):
    gold, cleaned = tmp_path / "gold", tmp_path / "out"
    gold.mkdir(), cleaned.mkdir()
    (gold / "a.txt").write_text("alpha beta gamma delta\n", "utf-8")
    result = evaluate(gold, cleaned)
    assert result["missing"] == ["a.txt"] and result["files"][0].recall == 0.0
    assert "missing cleaned file: a.txt" in report(result)


def test_expected_outputs_keep_all_content_and_remove_all_labelled_junk():
    result = as_json(evaluate(SAMPLES / "gold.jsonl", SAMPLES / "expected"))
    assert sum(f["kept"] for f in result["files"]) == sum(f["content"] for f in result["files"]) == 71
    assert all(not f["lost"] and not f["must_left"] for f in result["files"])
    removed = [r for f in result["files"] for r in f["removed"]]
    assert removed and all(r["removed"] == r["labelled"] for r in removed)


def test_raw_inputs_leave_every_must_junk_line(tmp_path: Path):
    result = evaluate(SAMPLES / "gold.jsonl", SAMPLES / "input")
    assert sum(len(s.left) for s in result["files"]) == 24
    assert "must junk left: " in report(result)


def test_broken_gold_names_file_and_line(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "keep": [], "junk": []}) + "\n{not json\n", "utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:2: not JSON"):
        evaluate(gold, tmp_path)


def test_eval_command_scores_a_clean_run(tmp_path: Path, capsys):
    from cleaner.cli import main

    out = tmp_path / "out"
    assert main(["clean", str(SAMPLES / "input"), "-o", str(out), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--gold", str(SAMPLES / "gold.jsonl"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert sum(f["kept"] for f in scores["files"]) == 71 and not any(f["must_left"] for f in scores["files"])
    assert main(["eval", str(out), "--gold", str(tmp_path / "missing.jsonl")]) == 2
    assert "--gold" in capsys.readouterr().err
