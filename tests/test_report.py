"""The audit report without a browser: what it counts, the texts it rebuilds, hostile text kept inert, and bad input."""

import base64
import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.cli import main
from cleaner.report import Document, Run, build, load_run
from cleaner.report.data import report_data

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples"
HOSTILE = "</script><img src=x onerror=alert(1)><!-- <script>alert(2)</script> \\u003c"


def run(*args) -> int:
    return main([str(arg) for arg in args])


@pytest.fixture
def out(tmp_path):
    """A run of the corpus samples."""
    assert run("clean", SAMPLES / "input", "-o", tmp_path / "out", "-q", "--jobs", "1") == 0
    return tmp_path / "out"


def record_deletions(record: Path) -> Counter:
    """Deletions per category, counted straight from the record."""
    entries = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    return Counter(e["category"] for entry in entries for e in entry["edits"] if e["category"] not in ("repair", "layout"))


def embedded(page: bytes) -> dict:
    """The data a page embeds, with its chunks of document texts decompressed into ``texts``."""
    data = json.loads(re.search(rb'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)[1])
    data["texts"] = [text for chunk in data["chunks"] for text in json.loads(gzip.decompress(base64.b64decode(chunk)))]
    return data


def test_counts_and_texts_match_the_record_and_the_inputs(out):
    report = load_run(out, out / "cleaner-record.jsonl")
    data = report_data(report, "samples")
    by_category = record_deletions(out / "cleaner-record.jsonl")
    assert data["totals"]["documents"] == 5
    assert data["totals"]["deletions"] == sum(by_category.values()) == sum(data["docs"]["deletions"])
    assert {data["categories"][index]: count for index, count in data["byCategory"]} == by_category
    for document in report.documents:
        assert document.problem is None
        assert document.result.original == (SAMPLES / "input" / document.name).read_text(encoding="utf-8")
        assert document.result.text == (out / document.name).read_text(encoding="utf-8")
    assert data["totals"]["bytesIn"] == sum(path.stat().st_size for path in (SAMPLES / "input").iterdir())


def test_pieces_rebuild_the_original_and_mark_every_deletion_with_its_rule(out):
    data = embedded(build(load_run(out, out / "cleaner-record.jsonl"), "samples"))
    for name, pieces in zip(data["docs"]["names"], data["texts"]):
        assert "".join(p if isinstance(p, str) else p[1] for p in pieces) == (SAMPLES / "input" / name).read_text(encoding="utf-8")
    marked = Counter(data["categories"][data["tags"][p[0]][1]] for pieces in data["texts"] for p in pieces if isinstance(p, list))
    del marked["repair"]
    assert marked == record_deletions(out / "cleaner-record.jsonl")


def test_jsonl_documents_are_rebuilt_from_their_output_lines(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    texts = [(SAMPLES / "input" / name).read_text(encoding="utf-8") for name in sorted(p.name for p in (SAMPLES / "input").iterdir())[:2]]
    (source / "dump.jsonl").write_text("".join(json.dumps({"id": n, "body": t}) + "\n\n" for n, t in enumerate(texts)), encoding="utf-8")
    assert run("clean", source, "-o", tmp_path / "out", "-q", "--jobs", "1", "--text-field", "body") == 0
    report = load_run(tmp_path / "out", tmp_path / "out" / "cleaner-record.jsonl")
    assert [d.name for d in report.documents] == ["dump.jsonl:1", "dump.jsonl:3"]
    assert [d.result.original for d in report.documents] == texts


def test_hostile_text_stays_text(tmp_path):
    result = clean(f"Advertisement\n\n{HOSTILE}\n\nThe summit ended. {HOSTILE}\n")
    page = build(Run([Document(f"{HOSTILE}.txt", result)]), f"report {HOSTILE}")
    assert page.count(b"</script") == 2  # the ends of the data and the script elements, nothing else
    assert b"<img" not in page and b"<!--" not in page
    assert b"<title>report &lt;/script&gt;&lt;img" in page
    data = embedded(page)
    assert data["docs"]["names"] == [f"{HOSTILE}.txt"] and data["title"] == f"report {HOSTILE}"
    assert "".join(p if isinstance(p, str) else p[1] for p in data["texts"][0]) == result.original
    script = (Path(__file__).resolve().parent.parent / "cleaner" / "report" / "report.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)


def test_undecodable_bytes_are_reported(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_bytes(b"Advertisement\n\nThe caf\xe9 opened \xff\xfe today, on time.\n")
    assert run("clean", tmp_path / "src", "-o", tmp_path / "out", "-q", "--jobs", "1") == 0
    assert run("report", tmp_path / "out") == 0
    data = embedded((tmp_path / "out" / "cleaner-report.html").read_bytes())
    assert data["totals"]["deletions"] == 1 and "opened" in "".join(p if isinstance(p, str) else p[1] for p in data["texts"][0])


def test_report_command_writes_one_page_atomically(out, tmp_path, capsys):
    errors = out / "cleaner-errors.jsonl"
    errors.write_text(json.dumps({"path": "src/bad.txt", "reason": "empty file"}) + "\n", encoding="utf-8")
    assert run("report", out, "-o", tmp_path / "pages" / "report.html") == 0
    assert "5 documents" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "pages").iterdir()] == ["report.html"]  # no temporary file left beside it
    data = embedded((tmp_path / "pages" / "report.html").read_bytes())
    assert data["errors"] == [["src/bad.txt", None, "empty file"]]


def test_a_changed_clean_file_is_named_and_the_rest_reported(out, capsys):
    changed = sorted(out.glob("*.txt"))[0]
    changed.write_text("edited by hand\n", encoding="utf-8")
    assert run("report", out) == 1
    assert f"{changed}: the clean file was changed after the run" in capsys.readouterr().err
    data = embedded((out / "cleaner-report.html").read_bytes())
    assert data["totals"]["documents"] == 5 and data["texts"][0] is None and "changed after the run" in data["problems"]["0"]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda record: record.unlink(), "cleaner-record.jsonl: no record found"),
        (lambda record: record.write_text(record.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8"), "cleaner-record.jsonl: line 6: not valid JSON"),
        (lambda record: record.write_text('{"doc": "a.txt"}\n', encoding="utf-8"), "cleaner-record.jsonl: line 1: not a record entry"),
        (lambda record: record.write_bytes(b'{"doc": "\xff"}\n'), "cleaner-record.jsonl: line 1: not UTF-8"),
    ],
    ids=["no record", "broken line", "not an entry", "not UTF-8"],
)
def test_bad_record_is_a_clear_error_and_writes_nothing(out, capsys, damage, message):
    damage(out / "cleaner-record.jsonl")
    assert run("report", out) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not (out / "cleaner-report.html").exists()


def test_explain_html_writes_the_page_of_one_document(tmp_path, capsysbinary):
    sample = SAMPLES / "input" / "004_87307138fdcd0330.txt"
    assert run("explain", sample, "--html") == 0
    page = capsysbinary.readouterr().out
    assert page.startswith(b"<!DOCTYPE html>")
    data = embedded(page)
    assert data["docs"]["names"] == [str(sample)] and data["totals"]["deletions"] == len(clean(sample.read_text(encoding="utf-8")).deletions)
    assert run("explain", sample, "--html", "-o", tmp_path / "one.html") == 0
    assert (tmp_path / "one.html").read_bytes() == page
    assert run("explain", sample, "-o", tmp_path / "two.html") == 2
