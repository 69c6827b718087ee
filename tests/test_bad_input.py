"""Bad input never stops a run, never loses or changes data: one line on stderr and in OUT/cleaner-errors.jsonl each."""

import gzip
import json
import os
import pathlib
import stat
from pathlib import Path

import pytest

from cleaner.cli import main

GOOD = "Advertisement\n\nThe summit ended on Friday.\n"


def run(*args) -> int:
    return main([str(a) for a in args])


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder`` without following links: file bytes, link targets, modification times."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            status = path.lstat()
            content = os.readlink(path) if path.is_symlink() else path.read_bytes() if stat.S_ISREG(status.st_mode) else None
            found[path.relative_to(folder).as_posix()] = (content, status.st_mtime_ns, status.st_mode)
    return found


# (file, what is written there, the reason reported; None: it is cleaned)
CASES = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
    ("empty.txt", b"", "empty file"),
    ("huge.txt", b"x" * 5_000, "file is larger than the 4,000 byte limit"),
    ("bad-utf16.txt", b"\xff\xfeA\x00B", "has a UTF-16-LE byte-order mark but is not valid UTF-16-LE"),
    ("mixed-encodings.txt", "Café – ".encode() + "naïve\n\nAdvertisement\n".encode("cp1252"), None),
    ("not-gzip.txt.gz", b"plain text, not gzip", "not a valid gzip file"),
    ("cut.txt.gz", gzip.compress(GOOD.encode() * 20)[:30], "the gzip file is cut short"),
    ("bomb.txt.gz", gzip.compress(b"y" * 5_000), "larger than the 4,000 byte limit once decompressed"),
    ("no-text.html", b"<html><body><script>var x;</script></body></html>", "no article text found in the HTML"),
]
JSONL_CASES = [
    (b"{not json", "not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
    (b'{"id": 1}', "has no 'text' field (choose the text field with --text-field)"),
    (b'{"text": 42}', "its 'text' field is not a string"),
    (b'["text"]', "not a JSON object"),
    (b'{"text": "caf\xe9"}', "not UTF-8 (byte 14); JSON Lines must be UTF-8"),
    (b'{"text": "' + b"z" * 5_000 + b'"}', "line is larger than the 4,000 byte limit"),
]


@pytest.fixture
def bad(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data, _reason in CASES:
        (src / name).write_bytes(data)
    lines = [json.dumps({"text": GOOD}).encode()] + [line for line, _reason in JSONL_CASES] + [json.dumps({"text": "Last one."}).encode()]
    (src / "docs.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (src / "broken-link.txt").symlink_to(src / "missing.txt")
    (src / "loop-link.txt").symlink_to(src / "loop-link.txt")
    (src / "sub" / "back").symlink_to(src)  # a folder symlink loop
    os.mkfifo(src / "fifo.txt")  # reading it would block forever
    (src / "unreadable.txt").write_text(GOOD, encoding="utf-8")
    (src / "twice.txt").write_text(GOOD, encoding="utf-8")
    (src / "twice.txt.gz").write_bytes(gzip.compress(GOOD.encode()))  # both would be OUT/twice.txt
    return src


def test_each_bad_input_is_reported_once_and_nothing_is_lost_or_changed(bad, tmp_path, capsys, monkeypatch):
    before, out = snapshot(bad), tmp_path / "out"
    read_bytes = pathlib.Path.read_bytes

    def unreadable(path):  # tests may run as root, where a chmod 000 file is still readable
        if path.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", unreadable)
    assert run("clean", bad, "-o", out, "--max-bytes", "4000", "--jobs", "1") == 1
    expected = {(str(bad / name), None, reason) for name, _data, reason in CASES if reason}
    expected |= {(str(bad / "docs.jsonl"), number, reason) for number, (_line, reason) in enumerate(JSONL_CASES, 2)}
    expected |= {
        (str(bad / "broken-link.txt"), None, f"broken symlink (its target {bad / 'missing.txt'} does not exist)"),
        (str(bad / "loop-link.txt"), None, "symlink loop (too many levels of symbolic links)"),
        (str(bad / "sub" / "back"), None, "symlink loop: leads back to a folder above it"),
        (str(bad / "fifo.txt"), None, "not a regular file"),
        (str(bad / "unreadable.txt"), None, "permission denied"),
        (str(bad / "twice.txt.gz"), None, "its output twice.txt would overwrite the output of twice.txt; rename one of them"),
    }
    errors = [json.loads(line) for line in (out / "cleaner-errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["path"], e.get("line"), e["reason"]) for e in errors) == sorted(expected, key=str)
    stderr = capsys.readouterr().err.splitlines()
    reported = [line for line in stderr if line.startswith("cleaner: ")]
    assert sorted(reported) == sorted(f"cleaner: {path}:{line}: {reason}" if line else f"cleaner: {path}: {reason}" for path, line, reason in expected)
    assert f"5 documents cleaned, {len(expected)} failed" in "\n".join(stderr)
    assert not any("Traceback" in line for line in stderr)
    monkeypatch.undo()
    assert snapshot(bad) == before  # inputs untouched
    assert (out / "good.txt").read_text(encoding="utf-8") == "The summit ended on Friday.\n" == (out / "twice.txt").read_text(encoding="utf-8")
    assert "Advertisement" not in (out / "mixed-encodings.txt").read_text(encoding="utf-8")
    assert [json.loads(line)["text"] for line in (out / "docs.jsonl").read_text(encoding="utf-8").splitlines()] == ["The summit ended on Friday.\n", "Last one.\n"]
    assert not (out / "binary.txt").exists() and not (out / "empty.txt").exists() and not (out / "no-text.txt").exists()
    assert run("restore", out, "-o", tmp_path / "back") == 0  # the lossless decoding of mixed encodings gives the bytes back
    assert (tmp_path / "back" / "mixed-encodings.txt").read_bytes() == {n: d for n, d, _r in CASES}["mixed-encodings.txt"]


def test_an_output_folder_inside_the_input_folder_is_never_read(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    for _ in range(2):  # the second run finds OUT full of .txt files, and must leave them alone
        assert run("clean", src, "-o", src / "out") == 0
        assert "1 documents cleaned, 0 failed" in capsys.readouterr().err
    assert sorted(p.relative_to(src).as_posix() for p in src.rglob("*.txt")) == ["a.txt", "out/a.txt"]


def test_usage_errors_exit_2_and_write_nothing(tmp_path, capsys):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    (out / "inner").mkdir(parents=True)
    (out / "inner" / "b.txt").write_text(GOOD, encoding="utf-8")
    cases = [
        (["clean", src, "-o", src], "the output folder is the input folder"),
        (["clean", out / "inner", "-o", out], "is inside the output folder"),
        (["clean", src / "a.txt", tmp_path / "other" / "a.txt", "-o", tmp_path / "o2"], "no such file or folder"),
        (["clean", src, "-o", tmp_path / "o3", "--resume", "--dry-run"], "--resume continues a run that writes"),
        (["clean", src, "-o", tmp_path / "o3", "--jobs", "0"], "--jobs and --max-bytes must be at least 1"),
        (["clean", src], "clean needs -o OUT"),
    ]
    for args, message in cases:
        assert run(*args) == 2
        err = capsys.readouterr().err
        assert err.startswith("cleaner: error: ") and message in err and len(err.splitlines()) == 1
    (tmp_path / "dup").mkdir()
    (tmp_path / "dup" / "a.txt").write_text(GOOD, encoding="utf-8")
    assert run("clean", src / "a.txt", tmp_path / "dup" / "a.txt", "-o", tmp_path / "o4") == 2
    assert "two inputs are named 'a.txt'" in capsys.readouterr().err
    assert not (tmp_path / "o2").exists() and not (tmp_path / "o3").exists() and not (tmp_path / "o4").exists()
    assert sorted(p.name for p in out.rglob("*")) == ["b.txt", "inner"]
