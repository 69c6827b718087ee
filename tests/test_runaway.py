"""The runaway-regex guard, end to end: a catastrophic user rule on a crafted 100 KB document costs its timeout
for that document, is reported (stderr, errors file, record, summary, exit code), and nothing else changes."""

import json
import shutil
import time
from pathlib import Path

from cleaner import Cleaner
from cleaner.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "corpus_samples" / "input"
TIMEOUT = 0.25
RUNAWAY = """
[[rule]]
id = "mine.runaway"
category = "promo"
kind = "span"
pattern = '(a|aa)+$'
why = "Backtracks exponentially on a long run of a's that does not end its line."
"""


def crafted() -> str:
    """About 100 KB of article with ad junk, and lines of a's that do not end in an 'a'."""
    paragraph = "The committee met on Tuesday to discuss the budget for next year, officials said.\n\n"
    body = paragraph * 1200 + ("a" * 60 + "!\n\n") * 20
    return "Advertisement\n\n[ad_1] Budget talks resume\n\n" + body + "Leave a Reply\n"


def test_runaway_rule_costs_its_timeout_and_nothing_else(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    (src / "runaway.txt").write_text(crafted(), encoding="utf-8")
    assert 100_000 <= (src / "runaway.txt").stat().st_size <= 110_000
    config = tmp_path / "cleaner.toml"
    config.write_text(f"timeout = {TIMEOUT}\n", encoding="utf-8")
    pack = tmp_path / "runaway.toml"
    pack.write_text(RUNAWAY, encoding="utf-8")

    started = time.perf_counter()
    assert main(["clean", str(src), "-o", str(tmp_path / "base"), "--config", str(config), "-j", "1"]) == 0
    baseline = time.perf_counter() - started
    capsys.readouterr()

    out = tmp_path / "out"
    started = time.perf_counter()
    code = main(["clean", str(src), "-o", str(out), "--config", str(config), "--rules", str(pack), "-j", "1"])
    seconds = time.perf_counter() - started
    err = capsys.readouterr().err

    assert code == 1
    # The runaway rule costs about its timeout on the crafted document (measured sharply below), never much more.
    assert seconds < baseline + 2 * TIMEOUT + 1.0, (seconds, baseline)
    notice = f"cleaner: {src / 'runaway.txt'}: rule mine.runaway timed out and was skipped for this document"
    assert err.count(notice) == 1
    assert "1 rule timeouts" in err
    errors = [json.loads(line) for line in (out / "cleaner-errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["path"] == str(src / "runaway.txt") and "mine.runaway" in errors[0]["reason"]
    record = {entry["doc"]: entry for entry in map(json.loads, (out / "cleaner-record.jsonl").read_text(encoding="utf-8").splitlines())}
    assert record["runaway.txt"]["timeouts"] == ["mine.runaway"]
    assert all("timeouts" not in entry for doc, entry in record.items() if doc != "runaway.txt")
    for path in src.iterdir():  # every document, the crafted one included, is cleaned as without the rule
        assert (out / path.name).read_bytes() == (tmp_path / "base" / path.name).read_bytes(), path.name
    assert not (out / "runaway.txt").read_text(encoding="utf-8").startswith(("Advertisement", "[ad_1]"))


def test_runaway_span_rule_costs_about_one_timeout(tmp_path):
    """All span rules together get a quarter of the timeout, then each alone what is left: about one timeout, not two
    (the regex module overshoots a timeout by up to half of it)."""
    timeout = 0.4
    pack = tmp_path / "runaway.toml"
    pack.write_text(RUNAWAY, encoding="utf-8")
    with_runaway, without = Cleaner({"timeout": timeout}, rules=[pack]), Cleaner({"timeout": timeout})
    text = crafted()

    def best_time(cleaner: Cleaner):
        """The quicker of two runs, and the result."""
        times = []
        for _ in range(2):
            started = time.perf_counter()
            result = cleaner.clean(text)
            times.append(time.perf_counter() - started)
        return min(times), result

    base, expected = best_time(without)
    spent, result = best_time(with_runaway)
    assert result.timeouts == ("mine.runaway",)
    assert result.text == expected.text
    # About one timeout: the runaway's own calls end at the timeout, less what the rest of the document's span pass
    # (part of ``base``) had already used; two timeouts would be what running it twice costs.
    assert 0.75 * timeout <= spent - base < 1.75 * timeout, (spent, base)
