"""Throughput of the cleaning pipeline against ftfy, on one in-memory corpus.

The corpus (about 20 MB by default) is the seed articles in ``corpus_samples/input``
multiplied and shuffled, with a fixed random seed: each document keeps a seed's first
two and last paragraphs (the junk lines stay in) around its other paragraphs, topped
up with paragraphs of other seeds to 2-5 KB, then shuffled. Like the corpus behind
``PERFORMANCE-NOTES.md``, 8% of the documents get mojibake (paragraphs encoded as
UTF-8 and decoded as sloppy cp1252 or Latin-1), 3% NFD paragraphs and 5% CRLF line
endings; 10% get extra no-break spaces on top of those the seeds already have.

Measured per document, all in one run so the ratios are comparable:

* two floors: reading each document from a file and writing it to a new one, and
  ``str.splitlines`` (the least any line-by-line tool does);
* ``ftfy.fix_text(text)`` with ftfy's defaults (the baseline), and with ``cleaner.repair.FTFY_CONFIG``;
* our repair alone (``cleaner.repair.repair_document``: the scans, ftfy on the flagged lines, whitespace);
* our rules alone (``Cleaner().detect`` on the document as it is);
* ``Cleaner().clean(text)``, the full default pipeline.

Every row reports MB/s (UTF-8 bytes of input, 1 MB = 10**6 bytes) and documents/s,
from the best of ``--repeat`` runs. Before timing, every document is cleaned once to
check that ``clean`` never raises and that ``result.restore() == text``.

Run from the project root::

    .venv/bin/python benchmarks/throughput.py [--mb 20] [--repeat 1] [--seed 0] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

import cleaner
from cleaner.document import Document
from cleaner.repair import FTFY_CONFIG, repair_document

SEEDS_DIR = Path(__file__).resolve().parent.parent / "corpus_samples" / "input"
#: Share of documents given each kind of damage: as in PERFORMANCE-NOTES.md, or none (the seeds as they are).
DAMAGE = {
    "notes": {"mojibake": 0.08, "nfd": 0.03, "crlf": 0.05, "nbsp": 0.10},
    "none": {"mojibake": 0.0, "nfd": 0.0, "crlf": 0.0, "nbsp": 0.0},
}
BASELINE = "ftfy.fix_text (defaults)"


# -- corpus ----------------------------------------------------------------------


def load_seeds() -> list[list[str]]:
    """The seed articles, each as its list of paragraphs."""
    return [re.split(r"\n{2,}", path.read_text("utf-8").strip("\n")) for path in sorted(SEEDS_DIR.glob("*.txt"))]


def damage(rng: random.Random, paragraphs: list[str], fix) -> list[str]:
    """``paragraphs`` with ``fix`` applied to each one with even odds, and to one at least."""
    chosen = {rng.randrange(len(paragraphs))} | {i for i in range(len(paragraphs)) if rng.random() < 0.5}
    return [fix(p) if i in chosen else p for i, p in enumerate(paragraphs)]


def sprinkle_nbsp(rng: random.Random, paragraph: str) -> str:
    """About one space in ten turned into a no-break space, and one more at the end."""
    return "".join(c if c != " " or rng.random() > 0.1 else "\xa0" for c in paragraph) + "\xa0"


def make_document(rng: random.Random, seeds: list[list[str]], rates: dict[str, float]) -> str:
    seed = rng.choice(seeds)
    head, body, tail = seed[:2], seed[2:-1], seed[-1:]
    target = rng.randint(2_000, 5_000)
    size = sum(len(p.encode("utf-8")) + 2 for p in seed)
    while size < target:
        extra = rng.choice(rng.choice(seeds)[2:-1])
        body.append(extra)
        size += len(extra.encode("utf-8")) + 2
    rng.shuffle(body)
    paragraphs = head + body + tail
    if rng.random() < rates["mojibake"]:
        codec = rng.choice(["sloppy-windows-1252", "latin-1"])
        paragraphs = damage(rng, paragraphs, lambda p: p.encode("utf-8").decode(codec))
    if rng.random() < rates["nfd"]:
        paragraphs = damage(rng, paragraphs, lambda p: unicodedata.normalize("NFD", p))
    if rng.random() < rates["nbsp"]:
        paragraphs = damage(rng, paragraphs, lambda p: sprinkle_nbsp(rng, p))
    text = "\n\n".join(paragraphs) + "\n"
    return text.replace("\n", "\r\n") if rng.random() < rates["crlf"] else text


def build_corpus(megabytes: float, seed: int, damage: str = "notes") -> list[str]:
    rng, seeds = random.Random(seed), load_seeds()
    documents, size = [], 0
    while size < megabytes * 1e6:
        documents.append(make_document(rng, seeds, DAMAGE[damage]))
        size += len(documents[-1].encode("utf-8"))
    return documents


# -- checks and timing -------------------------------------------------------------


def check(documents: list[str]) -> dict:
    """Clean every document once: count those that raise or do not restore, keep the first of each."""
    report = {"raised": 0, "not_restored": 0, "first_raised": None, "first_not_restored": None}
    clean = cleaner.Cleaner().clean
    for text in documents:
        try:
            restored = clean(text).restore() == text
        except Exception as error:  # noqa: BLE001  (any exception is a finding)
            report["raised"] += 1
            report["first_raised"] = report["first_raised"] or f"{error!r} on {text[:500]!r}"
            continue
        if not restored:
            report["not_restored"] += 1
            report["first_not_restored"] = report["first_not_restored"] or repr(text[:500])
    return report


def read_write(folder: Path, documents: list[str]):
    """A run that reads each document from a file in ``folder`` and writes it to a new file, as a directory run does."""
    sources = []
    for number, text in enumerate(documents):
        sources.append(folder / f"{number:06d}.txt")
        sources[-1].write_bytes(text.encode("utf-8"))
    runs = iter(range(1_000_000))

    def run(_documents: list[str]) -> None:
        out = folder / f"out-{next(runs)}"
        out.mkdir()
        for source in sources:
            (out / source.name).write_bytes(source.read_bytes().decode("utf-8").encode("utf-8"))

    return run


def per_document(call):
    """A run that makes ``call`` on each document."""

    def run(documents: list[str]) -> None:
        for text in documents:
            call(text)

    return run


def candidates(folder: Path, documents: list[str]) -> dict:
    """The runs to time, by row name."""
    runner = cleaner.Cleaner()
    return {
        "read + write files (floor)": read_write(folder, documents),
        "str.splitlines (floor)": per_document(str.splitlines),
        BASELINE: per_document(ftfy.fix_text),
        "ftfy.fix_text (FTFY_CONFIG)": per_document(lambda text: ftfy.fix_text(text, FTFY_CONFIG)),
        "our repair alone": per_document(lambda text: repair_document(Document(text))),
        "our rules alone": per_document(lambda text: runner.detect(Document(text))),
        "Cleaner().clean (full)": per_document(runner.clean),
    }


def seconds(run, documents: list[str]) -> float:
    start = time.perf_counter()
    run(documents)
    return time.perf_counter() - start


def measure(documents: list[str], repeat: int) -> dict[str, float]:
    """The best time of each candidate; the runs alternate so machine drift hits all of them alike."""
    with tempfile.TemporaryDirectory() as folder:
        runs = candidates(Path(folder), documents)
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(repeat):
            for name, run in runs.items():
                best[name] = min(best[name], seconds(run, documents))
    return best


# -- report ------------------------------------------------------------------------


def rows(best: dict[str, float], megabytes: float, count: int) -> list[dict]:
    baseline = megabytes / best[BASELINE]
    return [
        {"name": name, "seconds": s, "mb_per_s": megabytes / s, "docs_per_s": count / s, "vs_fix_text": megabytes / s / baseline}
        for name, s in best.items()
    ]


def table(results: list[dict]) -> str:
    lines = [f"{'call':<30}{'seconds':>9}{'MB/s':>10}{'docs/s':>11}{'vs fix_text':>13}", "-" * 73]
    lines += [
        f"{r['name']:<30}{r['seconds']:>9.2f}{r['mb_per_s']:>10.2f}{r['docs_per_s']:>11,.0f}{r['vs_fix_text']:>12.2f}x"
        for r in results
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each call; the best is reported (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the corpus (default 0)")
    parser.add_argument("--damage", choices=sorted(DAMAGE), default="notes", help="damage mix (default: notes, as PERFORMANCE-NOTES.md; none: the seeds as they are)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to PATH")
    args = parser.parse_args(argv)

    documents = build_corpus(args.mb, args.seed, args.damage)
    megabytes = sum(len(text.encode("utf-8")) for text in documents) / 1e6
    print(f"corpus: {len(documents):,} documents, {megabytes:.1f} MB, seed {args.seed}, damage {args.damage}")
    checked = check(documents)
    print(f"check: {checked['raised']} raised, {checked['not_restored']} did not restore")
    for key in ("first_raised", "first_not_restored"):
        if checked[key]:
            print(f"  {key}: {checked[key]}")
    results = rows(measure(documents, args.repeat), megabytes, len(documents))
    print(f"best of {args.repeat} run(s), Python {sys.version.split()[0]}, ftfy {ftfy.__version__}\n")
    print(table(results))
    if args.json:
        corpus = {"documents": len(documents), "megabytes": megabytes, "seed": args.seed, "damage": args.damage}
        figures = {"corpus": corpus, "repeat": args.repeat, "check": checked, "results": results}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
