"""Checking a rule's ``remove`` and ``keep`` examples.

A plain string example is placed in a small article the way the rule's kind
expects it: a span inside a sentence, a line or block between two paragraphs (or
at the head or tail for a zoned block). A heuristic's plain example, and every
table example (``{ text = ..., junk = [...] }``), is the whole document.

Span, line and block rules are tested alone, on documents taken to be in the rule's
``languages`` (the examples of a German rule sit in English filler). A heuristic is tested together with
the other rules under test, because it builds on what they find (a caption is
known by the credit below it). A ``remove`` example holds when every visible
character of its junk is deleted, nothing else is, and the rule under test made
at least one of the deletions; a ``keep`` example holds when the rule deletes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .edits import Edit
from .pipeline import Cleaner, CleanResult
from .ruleset import Config, Example, Rule

BEFORE = "The committee met on Tuesday to discuss the budget for next year."
AFTER = "Officials said the talks would continue after the holidays."
_TIMED_OUT = "the pattern timed out (see 'cleaner rules lint')"


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    example: Example
    expectation: str  # "remove" or "keep"
    problem: str
    document: str = ""  # the text the example was tested in
    deleted: tuple[Edit, ...] = ()  # what the rules deleted from it

    def __str__(self) -> str:
        return f"{self.rule.id} ({self.rule.path}:{self.rule.line}): {self.expectation} example {self.example.text!r}: {self.problem}"


def place(rule: Rule, example: Example) -> tuple[str, list[tuple[int, int]]]:
    """The document an example is tested in, and where its junk sits in it."""
    text = example.text
    if example.junk != (text,) or rule.kind == "heuristic":
        spans, position = [], 0
        for part in example.junk:
            start = text.index(part, position)
            spans.append((start, start + len(part)))
            position = start + len(part)
        return text, spans
    if rule.kind == "span":
        prefix, suffix = BEFORE[:-1] + " ", " " + AFTER
    elif rule.zone == "head":
        prefix, suffix = "", "\n\n" + BEFORE + "\n\n" + AFTER
    elif rule.zone == "tail":
        prefix, suffix = BEFORE + "\n\n" + AFTER + "\n\n", ""
    else:
        prefix, suffix = BEFORE + "\n\n", "\n\n" + AFTER
    return prefix + text + suffix, [(len(prefix), len(prefix) + len(text))]


def check_rule(rule: Rule, context: Cleaner | None = None) -> list[ExampleFailure]:
    """Every failing example of ``rule``; a heuristic runs within ``context`` (default: alone)."""
    runner = context if rule.kind == "heuristic" and context is not None else Cleaner.from_rules([rule], Config(language=rule.languages))
    failures = []
    for example in rule.remove:
        document, junk = place(rule, example)
        result = runner.clean(document)
        problem = _remove_problem(document, junk, result, rule)
        if problem:
            failures.append(ExampleFailure(rule, example, "remove", problem, document, result.deletions))
    for example in rule.keep:
        document, _ = place(rule, example)
        result = runner.clean(document)
        deleted = [e for e in result.deletions if e.rule == rule.id]
        problems = [_TIMED_OUT] if rule.id in result.timeouts else []
        if deleted:
            problems.append("deleted " + "; ".join(repr(e.removed) for e in deleted))
        if problems:
            failures.append(ExampleFailure(rule, example, "keep", "; ".join(problems), document, result.deletions))
    return failures


def check_rules(rules: Iterable[Rule]) -> list[ExampleFailure]:
    """Every failing example of ``rules``, heuristics running with all of ``rules``."""
    rules = list(rules)
    context = Cleaner.from_rules(rules)
    return [failure for rule in rules for failure in check_rule(rule, context)]


def _remove_problem(document: str, junk: list[tuple[int, int]], result: CleanResult, rule: Rule) -> str | None:
    missed, extra = differences(document, junk, result.deletions)
    problems = [_TIMED_OUT] if rule.id in result.timeouts else []
    if not any(edit.rule == rule.id for edit in result.deletions):
        problems.append(f"{rule.id} deleted nothing")
    if missed:
        problems.append("not removed: " + ", ".join(map(repr, missed)))
    if extra:
        problems.append("also removed: " + ", ".join(map(repr, extra)))
    return "; ".join(problems) or None


def differences(document: str, junk: Iterable[tuple[int, int]], deletions: Iterable[Edit]) -> tuple[list[str], list[str]]:
    """``(junk left in, other text deleted)``: the runs of ``document`` where the deletions miss the junk spans."""
    deleted, in_junk = set(), set()
    for edit in deletions:
        deleted.update(range(edit.start, edit.end))
    for start, end in junk:
        in_junk.update(range(start, end))
    missed = _runs(document, lambda i: i in in_junk and i not in deleted)
    extra = _runs(document, lambda i: i not in in_junk and i in deleted)
    return missed, extra


def _runs(text: str, chosen) -> list[str]:
    """The runs of ``text`` whose positions are all ``chosen``, blanks at their edges dropped, blank runs left out."""
    runs, start = [], None
    for position in range(len(text) + 1):
        if position < len(text) and chosen(position):
            start = position if start is None else start
        elif start is not None:
            runs.append(text[start:position].strip())
            start = None
    return [run for run in runs if run]


def marked(text: str, deletions: Iterable[Edit], indent: str = "    | ") -> str:
    """``text`` with each deletion wrapped in ``[-`` and ``-]``, every line behind ``indent``: how a failure shows a text."""
    parts, position = [], 0
    for edit in sorted(deletions, key=lambda edit: edit.start):
        parts += [text[position : edit.start], "[-", text[edit.start : edit.end], "-]"]
        position = edit.end
    shown = "".join(parts) + text[position:]
    return "\n".join((indent + line).rstrip() for line in shown.split("\n"))
