"""The Cleaner: lines -> repair -> detect -> layout, every step as edits of the original."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Mapping

from . import edits as _edits
from .boilerplate import delete_repeated
from .detection import Detection
from .document import Document
from .edits import Edit, new_edit
from .heuristics import HeuristicRunner
from .language import document_languages, rules_for
from .layout import layout_edits
from .matchers import SpanMatcher, line_and_block_matchers
from .repair import LineRepairs, repair_document
from .ruleset import Config, Rule, load_config, load_rules, rule_sources

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
        self.rules: tuple[Rule, ...] = tuple(self.config.pick(load_rules(rule_sources(self.config, rules))))
        self._build()

    @classmethod
    def from_rules(cls, rules: Iterable[Rule], config: Config | None = None) -> "Cleaner":
        """A Cleaner running exactly ``rules`` (already loaded), e.g. one rule to test it alone."""
        cleaner = cls.__new__(cls)
        cleaner.__setstate__({"config": config or Config(), "rules": tuple(rules)})
        return cleaner

    def _build(self) -> None:
        self._by_language = any(rule.languages for rule in self.rules)
        self._stages: dict[frozenset[str] | None, _Stages] = {None: _Stages(self.rules, self.config.timeout)}

    def _stages_of(self, languages: frozenset[str] | None) -> "_Stages":
        """The compiled rules that run on a document in ``languages`` (all rules for None), built once per set of languages."""
        stages = self._stages.get(languages)
        if stages is None:
            stages = self._stages[languages] = _Stages(rules_for(self.rules, languages), self.config.timeout)
        return stages

    def __getstate__(self) -> dict:
        return {"config": self.config, "rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.config, self.rules = state["config"], state["rules"]
        self._build()

    def __repr__(self) -> str:
        return f"Cleaner({len(self.rules)} rules, config={self.config.source or 'defaults'})"

    def clean(self, text: str, boilerplate: frozenset[int] = frozenset()) -> CleanResult:
        """Clean ``text``; ``boilerplate``: fingerprints of lines repeated across its site (``cleaner.boilerplate``) to delete."""
        doc = Document(text)
        repaired = repair_document(doc)
        shown = doc.with_contents({index: fixed for index, (fixed, _) in repaired.items()}) if repaired else doc
        detection = self.detect(shown, boilerplate)
        taken = _assemble(doc, shown, detection, repaired)
        edits = sorted(taken + layout_edits(doc, detection.content_indices(), shown, taken), key=_order)
        return CleanResult(text, _edits.apply(text, edits), tuple(edits), tuple(detection.timeouts))

    def detect(self, doc: Document, boilerplate: frozenset[int] = frozenset()) -> Detection:
        """What the rules delete from ``doc`` (the rules alone: no repair, no layout): the rules of its languages."""
        detection = self._stages[None].detect(doc, boilerplate)
        gated = [rule.languages for rule in detection.deleting_rules() if rule.languages] if self._by_language and detection.deleted else ()
        if gated:
            # A rule of some language deleted something: is this document in one of its languages? Guessing only
            # then keeps the guess off most documents; and since a rule that deletes nothing changes nothing, the
            # rerun without the rules of other languages gives what running only the document's own rules gives.
            # The guess reads the text all rules keep, as a second clean of the output would: so it is idempotent.
            spans = detection.spans
            kept = "\n".join(detection.kept_text(line.index) if line.index in spans else line.text for line in detection.content_lines())
            languages = document_languages(self.config.language, kept)
            if languages is not None and any(languages.isdisjoint(rule_languages) for rule_languages in gated):
                detection = self._stages_of(languages).detect(doc, boilerplate)
        return detection


class _Stages:
    """Rules compiled into the stages of ``Cleaner.detect``: span and line rules run once, block and heuristic rules until stable."""

    def __init__(self, rules: Iterable[Rule], timeout: float):
        by_kind = {kind: [rule for rule in rules if rule.kind == kind] for kind in ("span", "line", "block", "heuristic")}
        lines, blocks = line_and_block_matchers(by_kind["line"], by_kind["block"], timeout)
        spans = SpanMatcher(by_kind["span"], timeout) if by_kind["span"] else None
        heuristics = HeuristicRunner(by_kind["heuristic"]) if by_kind["heuristic"] else None
        self.once = [stage for stage in (spans, lines) if stage]
        self.until_stable = [stage for stage in (blocks, heuristics) if stage]

    def detect(self, doc: Document, boilerplate: frozenset[int]) -> Detection:
        """Span and line rules first; then the lines whose fingerprint is in ``boilerplate`` (``cleaner.boilerplate``:
        as the clean text will show them); then block and heuristic rules, round after round until nothing more goes."""
        detection = Detection(doc)
        for stage in self.once:
            stage.detect(detection)
        if boilerplate:
            delete_repeated(detection, boilerplate)
        for _ in range(_ROUNDS):  # context rules until nothing more goes, so a second clean finds nothing new
            deleted = detection.deleted
            for stage in self.until_stable:
                stage.detect(detection)
            if detection.deleted == deleted:
                break
        return detection


_ROUNDS = 4


_order = itemgetter(0, 1)  # an edit's (start, end): the key edits are sorted by


def _assemble(doc: Document, shown: Document, detection: Detection, repaired: LineRepairs) -> list[Edit]:
    """The deletions and repairs, sorted, in the coordinates of the original text."""
    starts, contents, line_rules, spans = doc.line_starts, doc.contents, detection.line_rules, detection.spans
    edits: list[Edit] = []
    for index in detection.deleted_lines:  # a deleted line's only edit
        start, text, rule = starts[index], contents[index], line_rules[index]
        edits.append(new_edit((start, start + len(text), text, "", rule.id, rule.category)))
    for index in spans.keys() | repaired.keys():  # the other lines have no edits (sorted below: any order will do)
        if line_rules[index] is not None:
            continue
        start, text = starts[index], contents[index]
        repairs = repaired[index][1] if index in repaired else []
        deletions = []
        if index in spans:  # few lines: most are only repaired
            offset = shown.line_starts[index]
            for span_start, span_end, span_rule in spans[index]:
                low, high = _to_source(repairs, span_start - offset, False), _to_source(repairs, span_end - offset, True)
                for a, b, _inserted, _rule in repairs:
                    if a < high and low < b:  # a repair the deletion touches goes with it
                        low, high = min(low, a), max(high, b)
                deletions.append((low, high, span_rule))
            for low, high, span_rule in deletions:
                edits.append(new_edit((start + low, start + high, text[low:high], "", span_rule.id, span_rule.category)))
        for a, b, inserted, repair_rule in repairs:
            if not deletions or not any(a < high and low < b for low, high, _ in deletions):
                edits.append(new_edit((start + a, start + b, text[a:b], inserted, repair_rule, REPAIR_CATEGORY)))
    edits.sort(key=_order)
    return edits


def _to_source(repairs: list[tuple[int, int, str, str]], position: int, is_end: bool) -> int:
    """Where ``position`` in a repaired line falls in the original line.

    Inside a repair's new text, a deletion's start moves to the repair's start and
    its end to the repair's end (it takes the whole repair); at the repair's edges
    it stays outside, so a deletion next to a repair leaves the repair alone.
    """
    shift = 0  # original position minus repaired position, before the current repair
    for a, b, inserted, _rule in repairs:
        new_start = a - shift
        new_end = new_start + len(inserted)
        if position < new_start:
            break
        if position == new_start:
            return a
        if position < new_end:
            return b if is_end else a
        if position == new_end:
            return b
        shift += (b - a) - len(inserted)
    return position + shift


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The Cleaner with the built-in rules and default settings, built once per process."""
    return Cleaner()


def clean(text: str) -> CleanResult:
    """Clean ``text`` with the built-in rules."""
    return default_cleaner().clean(text)
