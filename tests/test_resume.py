"""--resume and crash safety: a run killed at any moment, then resumed, gives the outputs and record of an uninterrupted run."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples" / "input"
CLEANER = Path(sys.executable).with_name("cleaner")
COMMAND = [str(CLEANER)] if CLEANER.exists() else [sys.executable, "-m", "cleaner.cli"]


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """200 small text files in two folders, a JSONL file of 200 lines and a bad file: about 1 MB."""
    src = tmp_path_factory.mktemp("resume") / "src"
    rng = random.Random(7)
    paragraphs = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    for number in range(200):
        path = src / "ab"[number % 2] / f"doc{number:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(rng.sample(paragraphs, 6)) + "\n\nAdvertisement\n", encoding="utf-8")
    rows = [{"id": n, "text": "\n\n".join(rng.sample(paragraphs, 6)) + "\n\n[ad_1]"} for n in range(200)]
    lines = [json.dumps(row) for row in rows]
    lines[50] = "{not json"  # a line that is no document, inside the part a resumed run takes back
    (src / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00binary")
    return src


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "out"
    assert main(["clean", str(corpus), "-o", str(out), "-q", "--jobs", "1"]) == 1
    return tree(out)


def record_lines(out: Path) -> int:
    try:
        return (out / "cleaner-record.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def run_and_kill(src: Path, out: Path, after: int, resume: bool, *options: str) -> int:
    """Run the command in its own process group; SIGKILL the group once the record has ``after`` lines."""
    process = subprocess.Popen(
        [*COMMAND, "clean", str(src), "-o", str(out), "-q", "--jobs", "2", *(["--resume"] if resume else []), *options],
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60  # a run that hangs is killed too, rather than hanging the test
    while process.poll() is None:
        if record_lines(out) >= after or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    return process.wait()


@pytest.mark.parametrize("kills", [(30, 250), (0, 220)], ids=["in-files-then-in-jsonl", "at-start-then-in-jsonl"])
def test_sigkill_at_any_moment_then_resume_gives_the_uninterrupted_result(corpus, reference, tmp_path, kills):
    out = tmp_path / "out"
    for number, after in enumerate(kills):
        assert run_and_kill(corpus, out, after, resume=number > 0) == -signal.SIGKILL
    done = subprocess.run([*COMMAND, "clean", str(corpus), "-o", str(out), "-q", "--resume"], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stderr.splitlines() == [
        f"cleaner: {corpus / 'bad.txt'}: binary file (contains NUL bytes), not text",
        f"cleaner: {corpus / 'c.jsonl'}:51: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
    ]
    result = tree(out)
    assert result.keys() == reference.keys()  # no temporary files, no JSONL output left half built
    assert result == reference
    lines = result["cleaner-record.jsonl"].splitlines()
    assert len(lines) == len(set(lines)) == 399


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """Two sites: 150 files of one with a footer on every page, a JSONL file of 150 pages of the other (by url) with a
    footer on its first 80 pages only: boilerplate when all are counted, not when a resumed run counts only the rest."""
    src = tmp_path_factory.mktemp("crawl") / "src"
    (src / "bugle").mkdir(parents=True)
    rng = random.Random(11)
    paragraphs = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    for number in range(150):
        body = "\n\n".join(rng.sample(paragraphs, 5))
        (src / "bugle" / f"{number:03d}.txt").write_text(f"{body}\n\nGet the Daily Bugle app for breaking news alerts\n", encoding="utf-8")
    footer = "\n\nListen to the Herald podcast every weekday morning on your commute"
    rows = [{"url": f"https://herald.example/{n}", "text": "\n\n".join(rng.sample(paragraphs, 5)) + footer * (n < 80)} for n in range(150)]
    (src / "herald.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return src


def test_sigkill_then_resume_with_boilerplate_gives_the_uninterrupted_result(crawl, tmp_path):
    """The first pass of the resumed run counts every input again, those it skips too: it removes the same lines."""
    reference = tmp_path / "reference"
    assert main(["clean", str(crawl), "-o", str(reference), "-q", "--jobs", "1", "--boilerplate"]) == 0
    assert (reference / "cleaner-record.jsonl").read_bytes().count(b"boilerplate.repeated-line") == 150 + 80
    out = tmp_path / "out"
    for number, after in enumerate((0, 60, 200)):
        assert run_and_kill(crawl, out, after, number > 0, "--boilerplate") == -signal.SIGKILL
    assert main(["clean", str(crawl), "-o", str(out), "-q", "--resume", "--boilerplate"]) == 0
    assert tree(out) == tree(reference)


def test_resume_after_a_complete_run_skips_everything(corpus, reference, tmp_path, capsys):
    out = tmp_path / "out"
    shutil.copytree(corpus, tmp_path / "src")
    assert main(["clean", str(tmp_path / "src"), "-o", str(out), "-q"]) == 1
    assert main(["clean", str(tmp_path / "src"), "-o", str(out), "--resume"]) == 1
    assert "0 documents cleaned, 2 failed, 399 skipped (already recorded)" in capsys.readouterr().err
    (tmp_path / "src" / "a" / "doc000.txt").write_text("Changed.\n\nAdvertisement\n", encoding="utf-8")
    (out / "b" / "doc001.txt").unlink()
    assert main(["clean", str(tmp_path / "src"), "-o", str(out), "--resume"]) == 1
    assert "2 documents cleaned, 2 failed, 397 skipped" in capsys.readouterr().err
    assert (out / "a" / "doc000.txt").read_text(encoding="utf-8") == "Changed.\n"
    assert (out / "b" / "doc001.txt").read_bytes() == reference["b/doc001.txt"]


def test_resume_repairs_what_a_crash_can_leave(corpus, reference, tmp_path):
    """A record line cut short, JSONL output lines written but not yet recorded, a worker's temporary file."""
    out = tmp_path / "out"
    record = reference["cleaner-record.jsonl"].splitlines(True)
    jsonl_lines = reference["c.jsonl"].splitlines(True)
    kept = 120  # JSONL documents recorded: lines 1-121 of the input, less the bad line 51
    first_jsonl = next(n for n, line in enumerate(record) if b'"doc": "c.jsonl"' in line)
    for name, data in reference.items():
        if name not in ("c.jsonl", "cleaner-record.jsonl"):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
    (out / "cleaner-record.jsonl").write_bytes(b"".join(record[: first_jsonl + kept]) + record[first_jsonl + kept][:40])
    partial = out / ".cleaner-work" / "jsonl" / "c.jsonl"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"".join(jsonl_lines[: kept + 3]) + jsonl_lines[kept + 3][:10])
    (out / ".cleaner-work" / ".doc005.txt.x1y2.tmp").write_bytes(b"half")
    assert main(["clean", str(corpus), "-o", str(out), "-q", "--resume", "--jobs", "1"]) == 1
    assert tree(out) == reference


def test_resume_refuses_a_record_it_cannot_read(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "cleaner-record.jsonl").write_text("not a record\n", encoding="utf-8")
    assert main(["clean", str(corpus), "-o", str(out), "--resume"]) == 2
    assert "cleaner-record.jsonl: cannot resume from it: line 1 is not a record entry" in capsys.readouterr().err
