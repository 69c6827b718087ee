"""``cleaner rules lint``: what a rule's own examples cannot show.

Each finding names the rule's file and line, its id, a code and the reason:

* ``duplicate-id``: another rule has the same id;
* ``empty-match``: a pattern can match an empty string (``\\b``, ``x?``), so a
  search rule would fire on lines that hold no junk;
* ``backtracking``: a pattern shape that can backtrack catastrophically
  (``(a+)+``, ``(a|aa)+``, ``\\s*\\s*``; see ``cleaner.shapes``);
* ``no-remove-example`` / ``no-keep-example``: a rule without examples of what it
  must remove, or of look-alike text it must leave alone;
* ``shadowed``: every ``remove`` example of the rule is already taken by other
  rules when all of them run together (those of its languages, for a rule with
  ``languages``), so the rule never acts on its own junk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import regex

from .examples import place
from .language import rules_for
from .pipeline import Cleaner
from .ruleset import PATTERN_KEYS, Config, Rule, scoped
from .shapes import backtracking, can_match_empty

CODES = ("duplicate-id", "empty-match", "backtracking", "no-remove-example", "no-keep-example", "shadowed")


@dataclass(frozen=True)
class Finding:
    rule: Rule
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.rule.line}: {self.rule.id}: {self.code}: {self.message}"


def lint(rules: Sequence[Rule]) -> list[Finding]:
    """Every finding for ``rules`` (ids may repeat: that is one of the findings), in file order."""
    found = [*_duplicates(rules), *(f for rule in rules for f in _pattern_findings(rule)), *_missing_examples(rules)]
    found += _shadowed(list({rule.id: rule for rule in reversed(rules)}.values())[::-1])
    return sorted(found, key=lambda f: (f.rule.path, f.rule.line, CODES.index(f.code)))


def patterns(rule: Rule) -> list[tuple[str, str]]:
    """``(field, pattern)`` for every regular expression of ``rule``, flags included; for a heuristic, its string params."""
    if rule.kind == "heuristic":
        return [(f"params.{key}", value) for key, value in rule.params.items() if isinstance(value, str) and _compiles(value)]
    return [(key, scoped(getattr(rule, key), rule.ignore_case)) for key in PATTERN_KEYS[rule.kind] if getattr(rule, key)]


def _compiles(pattern: str) -> bool:
    try:
        regex.compile(pattern)
    except regex.error:
        return False
    return True


def _duplicates(rules: Sequence[Rule]) -> Iterator[Finding]:
    first: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in first:
            yield Finding(rule, "duplicate-id", f"also defined at {first[rule.id].path}:{first[rule.id].line}; ids must be unique")
        else:
            first[rule.id] = rule


def _pattern_findings(rule: Rule) -> Iterator[Finding]:
    for key, pattern in patterns(rule):
        if not key.startswith("params.") and can_match_empty(pattern):
            yield Finding(rule, "empty-match", f"'{key}' can match an empty string; give it text it must find")
        risk = backtracking(pattern)
        if risk:
            yield Finding(rule, "backtracking", f"'{key}': {risk}")


def _missing_examples(rules: Sequence[Rule]) -> Iterator[Finding]:
    for rule in rules:
        if not rule.remove:
            yield Finding(rule, "no-remove-example", "no 'remove' examples: add junk this rule must delete")
        if not rule.keep:
            yield Finding(rule, "no-keep-example", "no 'keep' examples: add look-alike text this rule must leave alone")


def _shadowed(rules: list[Rule]) -> list[Finding]:
    cleaners: dict[tuple[str, ...], Cleaner] = {}  # the rules that run beside a rule of these languages
    found = []
    for rule in rules:
        if rule.kind == "heuristic" or not rule.remove:
            continue
        if rule.languages not in cleaners:
            cleaners[rule.languages] = Cleaner.from_rules(rules_for(rules, rule.languages or None), Config(language=rule.languages))
        together = cleaners[rule.languages]
        takers: set[str] = set()
        for example in rule.remove:
            deleted = {edit.rule for edit in together.clean(place(rule, example)[0]).deletions}
            if rule.id in deleted:
                break
            takers |= deleted
        else:
            if takers:
                found.append(Finding(rule, "shadowed", f"all its 'remove' examples are taken first by {', '.join(sorted(takers))}"))
    return found
