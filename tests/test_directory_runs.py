"""Directory runs: every input format, --jobs N identical to --jobs 1, the summary, the progress bar, --dry-run and --diff."""

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.cli import main
from cleaner.progress import Progress

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples" / "input"

PAGE = """<html><head><title>Summit</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Leaders agree on a summit</h1>
<p>The leaders of both countries agreed on Friday to meet again in the autumn, officials said after a long day of talks.</p>
<p>Advertisement</p>
<p>The meeting is expected to take place in Vienna, where both delegations have offices and staff.</p>
</article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>
"""
PAGE_TEXT = (
    "Leaders agree on a summit\n"
    "The leaders of both countries agreed on Friday to meet again in the autumn, officials said after a long day of talks.\n"
    "The meeting is expected to take place in Vienna, where both delegations have offices and staff.\n"
)


def run(*args) -> int:
    return main([str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def jsonl(path: Path, rows: list, compress: bool = False) -> None:
    data = "".join((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n" for row in rows).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)


def samples() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Every format, nested, with a few bad documents: about 100 KB, so --jobs 2 uses several chunks."""
    src = tmp_path / "src"
    (src / "pages").mkdir(parents=True)
    texts = samples()
    for number in range(20):
        (src / f"doc{number:02d}.txt").write_text(texts[number % 5] + f"\n\nParagraph {number}.\n", encoding="utf-8")
    (src / "pages" / "packed.txt.gz").write_bytes(gzip.compress(texts[1].encode("utf-8")))
    (src / "pages" / "page.html").write_text(PAGE, encoding="utf-8")
    (src / "pages" / "page2.htm.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    jsonl(src / "dump.jsonl", [{"id": n, "text": texts[n % 5], "tags": ["a", n]} for n in range(12)] + ["{broken", {"id": 99}])
    jsonl(src / "pages" / "more.jsonl.gz", [{"text": text} for text in texts], compress=True)
    (src / "binary.txt").write_bytes(b"\x00\x01\x02")
    return src


def test_every_format_is_cleaned_and_recorded(mixed, tmp_path, capsys):
    out = tmp_path / "out"
    assert run("clean", mixed, "-o", out, "--jobs", "1") == 1
    texts = samples()
    assert (out / "pages" / "packed.txt").read_text(encoding="utf-8") == clean(texts[1]).text
    assert (out / "pages" / "page.txt").read_text(encoding="utf-8") == PAGE_TEXT == (out / "pages" / "page2.txt").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in (out / "dump.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == list(range(12)) and rows[3]["tags"] == ["a", 3] and list(rows[3]) == ["id", "text", "tags"]
    assert rows[4]["text"] == clean(texts[4]).text
    assert len((out / "pages" / "more.jsonl").read_text(encoding="utf-8").splitlines()) == 5  # written uncompressed
    record = [json.loads(line) for line in (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines()]
    by_doc = {(entry["doc"], entry.get("line")): entry for entry in record}
    assert len(by_doc) == len(record) == 20 + 1 + 2 + 12 + 5
    assert by_doc["pages/page.txt", None]["extractor"].startswith("trafilatura ")
    assert by_doc["dump.jsonl", 3]["field"] == "text" and "ad-label" in {e["category"] for e in by_doc["pages/page.txt", None]["edits"]}
    err = capsys.readouterr().err
    assert "dump.jsonl:13: not valid JSON" in err and "dump.jsonl:14: has no 'text' field" in err and "binary.txt: binary file" in err
    assert not (out / ".cleaner-work").exists()
    # restore rebuilds the text files (a gzipped one as its text) and says what it leaves alone
    assert run("restore", out, "-o", tmp_path / "back") == 0
    assert (tmp_path / "back" / "doc03.txt").read_text(encoding="utf-8") == texts[3] + "\n\nParagraph 3.\n"
    assert (tmp_path / "back" / "pages" / "packed.txt").read_text(encoding="utf-8") == texts[1]
    assert "21 documents restored, 0 failed, 19 record lines skipped (JSONL lines and HTML pages" in capsys.readouterr().err


def test_jobs_2_writes_the_same_bytes_as_jobs_1(mixed, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("clean", mixed, "-o", one, "--jobs", "1", "-q") == 1
    assert run("clean", mixed, "-o", two, "--jobs", "2", "-q") == 1
    assert tree(one) == tree(two)
    assert {"cleaner-record.jsonl", "cleaner-errors.jsonl", "dump.jsonl", "pages/page.txt"} <= set(tree(two))


def test_text_field_and_forced_format(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    jsonl(src / "items.ndjson", [{"body": "[ad_1]\n\nThe summit ended.", "text": "left alone [ad_1]"}, {"text": "no body"}])
    (src / "page").write_text(PAGE, encoding="utf-8")
    assert run("clean", src / "items.ndjson", "-o", out, "--format", "jsonl", "--text-field", "body", "-q") == 1
    assert json.loads((out / "items.ndjson").read_text(encoding="utf-8")) == {"body": "The summit ended.\n", "text": "left alone [ad_1]"}
    assert json.loads((out / "cleaner-errors.jsonl").read_text(encoding="utf-8"))["reason"].startswith("has no 'body' field")
    assert run("clean", src / "page", "-o", out, "--format", "html", "-q") == 0
    assert (out / "page.txt").read_text(encoding="utf-8") == PAGE_TEXT
    feeds = tmp_path / "feeds"  # in a folder, --format reads every file, whatever its name
    feeds.mkdir()
    jsonl(feeds / "a.ndjson", [{"text": "Advertisement\n\nOne."}])
    jsonl(feeds / "b", [{"text": "Two."}])
    assert run("clean", feeds, "-o", tmp_path / "feeds-out", "--format", "jsonl", "-q") == 0
    assert sorted(p.name for p in (tmp_path / "feeds-out").iterdir()) == ["a.ndjson", "b", "cleaner-record.jsonl"]
    assert json.loads((tmp_path / "feeds-out" / "a.ndjson").read_text(encoding="utf-8")) == {"text": "One.\n"}


def test_summary_table_and_json(mixed, tmp_path, capsys):
    out, summary_path = tmp_path / "out", tmp_path / "summary.json"
    assert run("clean", mixed, "-o", out, "--summary-json", summary_path) == 1
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    record = [json.loads(line) for line in (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines()]
    deletions = [e for entry in record for e in entry["edits"] if e["category"] not in ("repair", "layout")]
    assert summary["documents"] == len(record) and summary["failed"] == 3 and summary["skipped"] == 0
    assert summary["deletions"] == len(deletions) == sum(summary["deletions_by_rule"].values()) == sum(summary["deletions_by_category"].values())
    assert summary["deletions_by_rule"]["ads.label"] == sum(e["rule"] == "ads.label" for e in deletions)
    assert summary["repairs"] == sum(e["category"] == "repair" for entry in record for e in entry["edits"])
    assert summary["bytes_out"] == sum((out / e["doc"]).stat().st_size for e in record if "line" not in e) + sum(
        len(line) - 1 for line in (out / "dump.jsonl").read_bytes().splitlines(True) + (out / "pages" / "more.jsonl").read_bytes().splitlines(True)
    )
    assert summary["seconds"] > 0
    err = capsys.readouterr().err
    assert f"{summary['documents']} documents cleaned, 3 failed" in err
    assert "deletions  category" in err and "deletions  rule" in err and f"{summary['deletions_by_rule']['ads.label']:9,}  ads.label" in err


def test_quiet_prints_nothing_when_all_is_well_and_no_bar_off_a_terminal(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    assert run("clean", src, "-o", tmp_path / "out", "-q") == 0
    assert capsys.readouterr().err == ""
    assert run("clean", src, "-o", tmp_path / "out2") == 0
    assert "%|" not in capsys.readouterr().err  # stderr is not a terminal here: summary, no bar


def test_progress_bar_draws_on_a_terminal_only(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for enabled in (True, False):
        screen = Terminal()
        monkeypatch.setattr(sys, "stderr", screen)
        progress = Progress(3_000_000, enabled)
        progress.advance(1_500_000, 10)
        progress.write("cleaner: a.txt: empty file")
        progress.close()
        drawn = screen.getvalue()
        assert "cleaner: a.txt: empty file" in drawn
        assert ("/3.0 MB, 10 docs" in drawn and "MB/s" in drawn) is enabled


def test_dry_run_writes_nothing(mixed, tmp_path, capsys):
    out = tmp_path / "out"
    assert run("clean", mixed, "-o", out, "--dry-run") == 1
    assert not out.exists()
    assert "documents cleaned, 3 failed" in capsys.readouterr().err
    assert run("clean", mixed, "--dry-run", "-q") == 1  # no -o needed
    assert run("clean", mixed, "-o", mixed / "out", "-q") == 1  # OUT inside SRC: even a dry run does not read it
    before, _ = tree(mixed), capsys.readouterr()
    assert run("clean", mixed, "-o", mixed / "out", "--dry-run") == 1
    assert tree(mixed) == before and "40 documents cleaned, 3 failed" in capsys.readouterr().err


def test_diff_prints_each_changed_document_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("[ad_1]\n\nThe summit ended.\n", encoding="utf-8")
    (src / "clean.txt").write_text("Nothing to do here.\n", encoding="utf-8")
    jsonl(src / "d.jsonl", [{"text": "Advertisement\n\nBody."}])
    assert run("clean", src, "--diff", "-q") == 0
    out = capsys.readouterr().out
    assert f"--- {src / 'a.txt'}\n+++ {src / 'a.txt'} (cleaned)\n@@ -1,3 +1 @@\n-[ad_1]\n-\n The summit ended." in out
    assert f"--- {src / 'd.jsonl'}:1\n" in out and "-Advertisement" in out
    assert "clean.txt" not in out
    assert sorted(p.name for p in src.iterdir()) == ["a.txt", "clean.txt", "d.jsonl"]
