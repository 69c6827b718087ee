"""``cleaner eval``: score cleaned text against gold, line by line or body against body.

Two kinds of gold:

* **labelled lines** (a JSONL file like ``corpus_samples/gold.jsonl``): per file, the
  content lines that must be kept and the junk lines (tier ``must`` or ``should``, a
  category) that must go. A line counts as kept when the cleaned text has a line equal
  to it once whitespace is normalised.
* **gold bodies** (a folder of ``<name>.txt``, like ``devset/gold``): the clean text a
  document should become, scored as the Article Extraction Benchmark does: ``\\w+``
  tokens in overlapping 4-token shingles, precision and recall averaged over documents,
  F1 their harmonic mean.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"\w+")
_BLANKS = re.compile(r"\s+")


# -- gold bodies ---------------------------------------------------------------------------


def shingle_counts(gold: str, predicted: str, n: int = 4) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over the shingle multisets of one document."""
    expected, got = _shingles(_WORD.findall(gold), n), _shingles(_WORD.findall(predicted), n)
    shared = sum((expected & got).values())
    return shared, sum(got.values()) - shared, sum(expected.values()) - shared


def _shingles(words: list[str], n: int) -> Counter:
    """The multiset of ``n``-token windows; a text shorter than ``n`` tokens is one short shingle."""
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class BodyScore:
    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        return _harmonic(self.precision or 0.0, self.recall or 0.0)


def _harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def mean_scores(scores: list[BodyScore]) -> dict[str, float]:
    """Precision averaged over documents with a prediction, recall over documents with gold, F1 of the two."""
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": precision, "recall": recall, "f1": _harmonic(precision, recall)}


# -- labelled lines ------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return _BLANKS.sub(" ", text).strip()


@dataclass
class LineScore:
    """What happened to one file's labelled lines."""

    name: str
    kept: int = 0
    content: int = 0
    removed: Counter = field(default_factory=Counter)  # (tier, category) -> junk lines removed
    junk: Counter = field(default_factory=Counter)  # (tier, category) -> junk lines labelled
    lost: list[str] = field(default_factory=list)  # content lines not in the output
    left: list[str] = field(default_factory=list)  # "must" junk lines still in the output


def score_lines(entry: dict, cleaned: str) -> LineScore:
    """Score one file's cleaned text against its gold entry (``file``, ``keep``, ``junk``)."""
    lines = {_normalised(line) for line in cleaned.splitlines()}
    score = LineScore(entry["file"])
    for keep in entry.get("keep", ()):
        score.content += 1
        if _normalised(keep["text"]) in lines:
            score.kept += 1
        else:
            score.lost.append(keep["text"])
    for junk in entry.get("junk", ()):
        key = (junk["tier"], junk["category"])
        score.junk[key] += 1
        if _normalised(junk["text"]) in lines:
            if junk["tier"] == "must":
                score.left.append(junk["text"])
        else:
            score.removed[key] += 1
    return score


# -- reading ---------------------------------------------------------------------------------


class GoldError(ValueError):
    """Gold that cannot be read, with where and why."""


def read_line_gold(path: Path) -> list[dict]:
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(entry, dict) or "file" not in entry:
            raise GoldError(f"{path}:{number}: a gold line needs a 'file' field")
        entries.append(entry)
    return entries


def evaluate(gold: Path, cleaned: Path) -> dict:
    """Score the cleaned files in ``cleaned`` against ``gold`` (a labelled-lines JSONL file or a folder of bodies)."""
    if gold.is_dir():
        names = sorted(path.name for path in gold.glob("*.txt"))
        scores = [
            BodyScore(name, *shingle_counts(_read(gold / name), _read(cleaned / name) if (cleaned / name).is_file() else ""))
            for name in names
        ]
        return {"kind": "bodies", "files": scores, "total": mean_scores(scores), "missing": [n for n in names if not (cleaned / n).is_file()]}
    entries = read_line_gold(gold)
    missing = [entry["file"] for entry in entries if not (cleaned / entry["file"]).is_file()]
    scores = [score_lines(entry, _read(cleaned / entry["file"]) if entry["file"] not in missing else "") for entry in entries]
    return {"kind": "lines", "files": scores, "missing": missing}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# -- report ----------------------------------------------------------------------------------


def report(result: dict) -> str:
    """The per-file table and the totals, as text."""
    if result["kind"] == "bodies":
        rows = [f"{'file':<40}{'precision':>10}{'recall':>9}{'F1':>7}"]
        for s in result["files"]:
            rows.append(f"{s.name[:39]:<40}{_cell(s.precision):>10}{_cell(s.recall):>9}{s.f1:>7.3f}")
        total = result["total"]
        rows.append(f"{'mean over documents':<40}{total['precision']:>10.3f}{total['recall']:>9.3f}{total['f1']:>7.3f}")
    else:
        rows = [f"{'file':<40}{'content kept':>14}{'must removed':>14}{'should removed':>16}"]
        totals = LineScore("total")
        for s in result["files"]:
            rows.append(f"{s.name[:39]:<40}{_ratio(s.kept, s.content):>14}{_tier(s, 'must'):>14}{_tier(s, 'should'):>16}")
            totals.kept, totals.content = totals.kept + s.kept, totals.content + s.content
            totals.removed.update(s.removed)
            totals.junk.update(s.junk)
            totals.lost += s.lost
            totals.left += s.left
        rows.append(f"{'total':<40}{_ratio(totals.kept, totals.content):>14}{_tier(totals, 'must'):>14}{_tier(totals, 'should'):>16}")
        categories = sorted({category for _tier_, category in totals.junk})
        rows.append("junk removed by category: " + ", ".join(
            f"{c} {sum(totals.removed[t, c] for t in ('must', 'should'))}/{sum(totals.junk[t, c] for t in ('must', 'should'))}" for c in categories
        ))
        rows += [f"content lost: {text}" for text in totals.lost] + [f"must junk left: {text}" for text in totals.left]
    rows += [f"missing cleaned file: {name}" for name in result["missing"]]
    return "\n".join(rows)


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def _tier(score: LineScore, tier: str) -> str:
    return _ratio(sum(n for (t, _c), n in score.removed.items() if t == tier), sum(n for (t, _c), n in score.junk.items() if t == tier))


def as_json(result: dict) -> dict:
    """``result`` as plain JSON data."""
    if result["kind"] == "bodies":
        files = [{"file": s.name, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision, "recall": s.recall, "f1": s.f1} for s in result["files"]]
        return {"kind": "bodies", "files": files, "total": result["total"], "missing": result["missing"]}
    files = [
        {
            "file": s.name,
            "content": s.content,
            "kept": s.kept,
            "lost": s.lost,
            "must_left": s.left,
            "removed": [{"tier": t, "category": c, "removed": s.removed[t, c], "labelled": n} for (t, c), n in sorted(s.junk.items())],
        }
        for s in result["files"]
    ]
    return {"kind": "lines", "files": files, "missing": result["missing"]}
