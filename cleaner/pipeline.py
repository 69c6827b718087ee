"""The Cleaner: lines -> detect -> repair -> layout, every step as edits of the original."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from . import edits as _edits
from .detection import Detection
from .document import Document
from .edits import Edit
from .heuristics import HeuristicRunner
from .layout import layout_edits
from .matchers import BlockMatcher, LineMatcher, SpanMatcher
from .repair import encoding_suspects, repair_line, spacing_is_clean
from .ruleset import Config, Rule, builtin_rules_dir, load_config, load_rules

REPAIR_CATEGORY = "repair"


@dataclass(frozen=True)
class CleanResult:
    """The clean text of one document and the edits that made it from ``original``."""

    original: str
    text: str
    edits: tuple[Edit, ...]
    timeouts: tuple[str, ...] = field(default=())

    @property
    def deletions(self) -> tuple[Edit, ...]:
        """Edits made by junk rules (not repairs or layout)."""
        return tuple(e for e in self.edits if e.category not in (REPAIR_CATEGORY, "layout"))

    @property
    def repairs(self) -> tuple[Edit, ...]:
        return tuple(e for e in self.edits if e.category == REPAIR_CATEGORY)

    def restore(self) -> str:
        """The original text, rebuilt from the clean text and the edits."""
        return _edits.restore(self.text, self.edits)


class Cleaner:
    """A compiled set of rules. Build once, then call ``clean`` as often as needed, from any thread.

    ``config`` is a ``Config``, a mapping like ``[tool.cleaner]``, or a path to
    ``cleaner.toml`` / ``pyproject.toml``; ``rules`` adds rule files or folders.
    """

    def __init__(self, config: Config | Mapping | Path | str | None = None, rules: Iterable[Path | str] = ()):
        self.config = load_config(config)
        sources = ([builtin_rules_dir()] if self.config.builtin_rules else []) + list(self.config.rules) + list(rules)
        self.rules: tuple[Rule, ...] = tuple(r for r in load_rules(sources) if self.config.selects(r.id))
        self._build()

    @classmethod
    def from_rules(cls, rules: Iterable[Rule], config: Config | None = None) -> "Cleaner":
        """A Cleaner running exactly ``rules`` (already loaded), e.g. one rule to test it alone."""
        cleaner = cls.__new__(cls)
        cleaner.__setstate__({"config": config or Config(), "rules": tuple(rules)})
        return cleaner

    def _build(self) -> None:
        timeout = self.config.timeout
        by_kind = {kind: [r for r in self.rules if r.kind == kind] for kind in ("span", "line", "block", "heuristic")}
        self._stages = [
            stage(by_kind[kind], timeout)
            for kind, stage in (("span", SpanMatcher), ("line", LineMatcher), ("block", BlockMatcher))
            if by_kind[kind]
        ]
        if by_kind["heuristic"]:
            self._stages.append(HeuristicRunner(by_kind["heuristic"]))

    def __getstate__(self) -> dict:
        return {"config": self.config, "rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.config, self.rules = state["config"], state["rules"]
        self._build()

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules, config={self.config.source or 'defaults'})"

    def clean(self, text: str) -> CleanResult:
        doc = Document(text)
        detection = Detection(doc)
        for stage in self._stages:
            stage.detect(detection)
        deletions = detection.edits()
        repairs, emptied = _repairs(detection)
        taken = sorted(deletions + repairs, key=_order)
        content = [line.index for line in doc.lines if detection.is_content(line.index) and line.index not in emptied]
        blank = [line.index for line in doc.lines if line.is_blank or line.index in emptied]
        edits = sorted(taken + layout_edits(doc, content, blank, taken), key=_order)
        return CleanResult(text, _edits.apply(text, edits), tuple(edits), tuple(detection.timeouts))


def _order(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def _repairs(detection: Detection) -> tuple[list[Edit], set[int]]:
    """Repair edits for every kept line, and the lines that repair left empty."""
    doc = detection.doc
    text = doc.text
    repairs: list[Edit] = []
    emptied: set[int] = set()
    suspects = {doc.line_at(offset).index for offset in encoding_suspects(doc.view)}
    for line in detection.content_lines():
        suspect = line.index in suspects or line.index in detection.spans
        if not suspect and spacing_is_clean(line.text):
            continue
        segments = detection.kept_segments(line.index)
        kept = "".join(text[a:b] for a, b in segments)
        removed = 0
        for start, end, inserted, rule in repair_line(kept, suspect):
            pieces = _to_original(segments, start, end)
            for number, (a, b) in enumerate(pieces):
                repairs.append(Edit(a, b, text[a:b], inserted if number == 0 else "", rule, REPAIR_CATEGORY))
            removed += (end - start) - len(inserted)
        if removed == len(kept):
            emptied.add(line.index)
    return repairs, emptied


def _to_original(segments: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The original ranges behind ``[start, end)`` of the concatenated ``segments``."""
    pieces, offset = [], 0
    for a, b in segments:
        low, high = max(start, offset), min(end, offset + b - a)
        if low < high:
            pieces.append((a + low - offset, a + high - offset))
        offset += b - a
    return pieces


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The Cleaner with the built-in rules and default settings, built once per process."""
    return Cleaner()


def clean(text: str) -> CleanResult:
    """Clean ``text`` with the built-in rules."""
    return default_cleaner().clean(text)
