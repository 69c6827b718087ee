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
