"""A quick throughput smoke run under pytest-benchmark: no timed assertion, the figures show in the test output.

The corpus is ``benchmarks/throughput.py``'s (seeds multiplied, with the damage mix), at 0.2 MB, so that
a slowdown of the pipeline or of its repair stage shows up in CI output next to ``ftfy.fix_text`` on the same text.
"""

import sys
from pathlib import Path

import ftfy
import pytest

from cleaner import Cleaner
from cleaner.document import Document
from cleaner.repair import repair_document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from throughput import build_corpus  # noqa: E402

DOCUMENTS = build_corpus(0.2, seed=0)
CLEANER = Cleaner()


def _each(call):
    def run() -> int:
        for text in DOCUMENTS:
            call(text)
        return len(DOCUMENTS)

    return run


@pytest.mark.parametrize(
    "call",
    [CLEANER.clean, lambda text: repair_document(Document(text)), ftfy.fix_text],
    ids=["full pipeline", "repair alone", "ftfy.fix_text"],
)
def test_throughput_smoke(benchmark, call):
    benchmark.group = "throughput, 0.2 MB"
    benchmark.extra_info["megabytes"] = round(sum(len(text.encode("utf-8")) for text in DOCUMENTS) / 1e6, 3)
    assert benchmark.pedantic(_each(call), rounds=3, iterations=1) == len(DOCUMENTS)


def test_rule_cost_ranks_a_loosely_written_rule_first(tmp_path, capsys):
    """``benchmarks/rule_cost.py`` puts a rule whose alternatives end differently (every line reaches its own tests)
    above every built-in rule."""
    from rule_cost import main

    pack = tmp_path / "loose.toml"
    pack.write_text(
        "[[rule]]\nid = \"loose.credit\"\ncategory = \"image-credit\"\nkind = \"line\"\nmatch = \"search\"\n"
        "pattern = '''\\((?:Getty|[^()\\n]{2,80}\\s(?:via|for)\\s(?:Reuters|AFP))\\)\\.?$|\\[(?:Reuters|Getty)\\]\\.?$'''\n"
        "why = \"A credit in brackets.\"\nremove = [\"In Helsinki (Getty)\"]\nkeep = [\"In Helsinki.\"]\n",
        encoding="utf-8",
    )
    assert main(["--mb", "0.3", "--repeat", "2", "--top", "3", "--rules", str(pack)]) == 0
    ranked = [line.split()[0] for line in capsys.readouterr().out.splitlines()[3:6]]
    assert ranked[0] == "loose.credit", ranked
