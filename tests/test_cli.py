"""The command line end to end on temporary folders: clean, restore, explain, and bad input."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "src"
    shutil.copytree(SAMPLES / "input", folder)
    return folder


def run(*args: str) -> int:
    return main([str(a) for a in args])


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines()]


def test_clean_then_restore_gives_the_inputs_back_byte_for_byte(src, tmp_path, capsys):
    out, back = tmp_path / "out", tmp_path / "back"
    assert run("clean", src, "-o", out) == 0
    assert "5 documents cleaned, 0 failed" in capsys.readouterr().err
    entries = records(out)
    assert sorted(e["doc"] for e in entries) == sorted(p.name for p in src.iterdir())
    for entry in entries:
        assert entry["encoding"] == "utf-8" and len(entry["input_sha256"]) == 64
        assert all({"start", "end", "removed", "inserted", "rule", "category"} == set(e) for e in entry["edits"])
    assert (out / "004_87307138fdcd0330.txt").read_text(encoding="utf-8") == (SAMPLES / "expected" / "004_87307138fdcd0330.txt").read_text(encoding="utf-8")
    assert run("restore", out, "-o", back) == 0
    for original in src.iterdir():
        assert (back / original.name).read_bytes() == original.read_bytes()


def test_nested_tree_is_mirrored_and_non_txt_files_ignored(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "doc.txt").write_text("Advertisement\n\nThe summit ended.\n", encoding="utf-8")
    (src / "notes.md").write_text("not an article", encoding="utf-8")
    assert run("clean", src, "-o", out, "-q") == 0
    assert (out / "a" / "b" / "doc.txt").read_text(encoding="utf-8") == "The summit ended.\n"
    assert not (out / "notes.md").exists()


@pytest.mark.parametrize(
    "data",
    [
        "Café ‘quoted’ text.\r\n\r\nAdvertisement\r\n\r\nÆble og øl.".encode("cp1252"),
        "Valid UTF-8 – then a stray byte: ".encode("utf-8") + b"\xff\xfe end.\n\nLeave a Reply\n",
        "\ufeffUTF-16 text with a BOM.\n\nAdvertisement\n".encode("utf-16-be"),
        "\ufeffUTF-16 text with a BOM.\n\nAdvertisement\n".encode("utf-16-le"),
        b"Old Mac line breaks.\r\rExit mobile version\r",
    ],
    ids=["cp1252-crlf", "utf8-with-invalid-bytes", "utf16-be", "utf16-le", "cr-only"],
)
def test_inputs_in_any_encoding_restore_byte_for_byte(tmp_path, data):
    src, out, back = tmp_path / "src", tmp_path / "out", tmp_path / "back"
    src.mkdir()
    (src / "doc.txt").write_bytes(data)
    assert run("clean", src, "-o", out, "-q") == 0
    clean_text = (out / "doc.txt").read_text(encoding="utf-8")
    assert "Advertisement" not in clean_text and "Leave a Reply" not in clean_text and "\r" not in clean_text
    assert run("restore", out, "-o", back) == 0
    assert (back / "doc.txt").read_bytes() == data


def test_bad_files_are_reported_and_the_rest_cleaned(src, tmp_path, capsys):
    out = tmp_path / "out"
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (src / "empty.txt").write_bytes(b"")
    (src / "huge.txt").write_bytes(b"x" * 20_000)
    assert run("clean", src, "-o", out, "--max-bytes", "10000") == 1
    err = capsys.readouterr().err
    assert "binary.txt: binary file" in err and "empty.txt: empty file" in err and "huge.txt: file is larger" in err
    assert "5 documents cleaned, 3 failed" in err
    errors = [json.loads(line) for line in (out / "cleaner-errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["path"]).name for e in errors) == ["binary.txt", "empty.txt", "huge.txt"]
    assert not (out / "binary.txt").exists() and not (out / "empty.txt").exists()
    assert len(records(out)) == 5


def test_usage_errors_exit_2(src, tmp_path, capsys):
    assert run("clean", src, "-o", src) == 2
    assert "output folder is the input folder" in capsys.readouterr().err
    assert run("clean", tmp_path / "missing", "-o", tmp_path / "out") == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert run("clean", src) == 2
    broken = tmp_path / "broken.toml"
    broken.write_text('[[rule]]\nid = "my.rule"\nkind = "line"\ncategory = "x"\nwhy = "y"\npattern = "(["\n', encoding="utf-8")
    assert run("clean", src, "-o", tmp_path / "out", "--rules", broken) == 2
    assert f"{broken}:1: rule my.rule: 'pattern' is not a valid regular expression" in capsys.readouterr().err


def test_restore_refuses_a_changed_clean_file(src, tmp_path, capsys):
    out = tmp_path / "out"
    run("clean", src, "-o", out, "-q")
    changed = out / "000_35024b4725b52e60.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    assert run("restore", out, "-o", tmp_path / "back") == 1
    assert "changed after the run" in capsys.readouterr().err
    assert not (tmp_path / "back" / changed.name).exists()
    assert (tmp_path / "back" / "001_3cd1b060f1c8aa79.txt").exists()


def test_explain_lists_rule_line_and_text(capsys):
    assert run("explain", SAMPLES / "input" / "001_3cd1b060f1c8aa79.txt") == 0
    out = capsys.readouterr().out
    assert "   34  spam.click-here" in out and "Click Here: collingwood" in out
    assert "   36  comments.leave-reply" in out
    assert "repair.whitespace" in out and "'\\xa0' -> ' '" in out


def test_explain_json(capsys):
    assert run("explain", SAMPLES / "input" / "004_87307138fdcd0330.txt", "--json") == 0
    edits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert edits[0] == {"line": 1, "start": 0, "end": 13, "removed": "Advertisement", "inserted": "", "rule": "ads.label", "category": "ad-label"}


def test_console_script_reads_stdin_and_writes_stdout(tmp_path):
    record = tmp_path / "record.jsonl"
    cleaner = Path(sys.executable).with_name("cleaner")
    command = [str(cleaner)] if cleaner.exists() else [sys.executable, "-m", "cleaner.cli"]
    done = subprocess.run(
        [*command, "clean", "-", "--record", str(record)],
        input="[ad_1]\n\nThe summit ended.\n\nLeave a Reply".encode(),
        capture_output=True,
        check=True,
    )
    assert done.stdout == b"The summit ended.\n"
    entry = json.loads(record.read_text(encoding="utf-8"))
    assert entry["doc"] == "-" and [e["rule"] for e in entry["edits"] if e["category"] != "layout"] == ["ads.placeholder-token", "comments.leave-reply"]


def test_an_output_that_cannot_be_written_is_reported_and_the_rest_cleaned(src, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "000_35024b4725b52e60.txt").mkdir(parents=True)  # a folder where the clean file should go
    assert run("clean", src, "-o", out) == 1
    err = capsys.readouterr().err
    assert "000_35024b4725b52e60.txt: cannot write the output" in err and "4 documents cleaned, 1 failed" in err
    assert sorted(e["doc"] for e in records(out)) == sorted(p.name for p in src.iterdir() if not p.name.startswith("000"))
