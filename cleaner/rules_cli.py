"""``cleaner rules list | show | test | lint``: the rules, for the people who write them.

Every action works on the active rules (the config file, ``--rules``, ``--select``,
``--ignore``, and with ``--site`` that site's section); ``test`` and ``lint`` take rule
files or folders instead. Exit codes:
0 all good, 1 an example failed or lint found something, 2 usage or rule file errors.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from .examples import ExampleFailure, check_rules, marked
from .lint import lint
from .ruleset import (
    PATTERN_KEYS,
    Config,
    Example,
    Rule,
    load_rules,
    resolve_config,
    rule_sources,
)

OK, FAILED, USAGE = 0, 1, 2
_WHY_WIDTH = 70


def add_rules_commands(commands: argparse._SubParsersAction, rule_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``cleaner rules`` and its actions; ``rule_options`` adds the options that choose the active rules."""
    rules = commands.add_parser("rules", help="list, show, test and lint rules")
    rules.set_defaults(run=lambda args: rules.print_help(sys.stderr) or USAGE)
    actions = rules.add_subparsers(metavar="ACTION")

    listing = actions.add_parser("list", help="one line per rule: id, kind, category, pack and why")
    listing.add_argument("globs", nargs="*", metavar="GLOB", help="only rule ids matching these globs (e.g. 'ads.*')")
    listing.add_argument("--json", action="store_true", help="one JSON object per rule")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="everything about a rule: pattern, why, examples, file and line")
    show.add_argument("rule_id", metavar="ID", help="a rule id (or a glob)")
    show.add_argument("--json", action="store_true", help="the rule as one JSON object per line")
    show.set_defaults(run=run_show)

    test = actions.add_parser("test", help="check every remove and keep example; exit 1 on a failure")
    test.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: the active rules)")
    test.set_defaults(run=run_test)

    check = actions.add_parser("lint", help="duplicate ids, empty matches, runaway patterns, missing examples, shadowed rules")
    check.add_argument("paths", nargs="*", metavar="PATH", help="rule files or folders (default: the active rules)")
    check.set_defaults(run=run_lint)

    for action in (listing, show, test, check):
        rule_options(action)
        action.add_argument("--site", metavar="HOST", help="the active rules as they apply to this site (its [sites] section)")


def active_rules(args: argparse.Namespace, unique: bool = True) -> list[Rule]:
    """The rules an action works on: those of ``args.paths`` if given, else those of the active config."""
    select, ignore = _globs(args.select), _globs(args.ignore)
    if getattr(args, "paths", None):
        config = Config(select=select or ("*",), ignore=ignore)
        sources = [*args.paths, *args.rules]
    else:
        config = resolve_config(args.config, select, ignore, Path.cwd()).for_site(args.site)
        sources = rule_sources(config, args.rules)
    return [rule for rule in load_rules(sources, unique) if config.selects(rule.id)]


def _globs(text: str | None) -> tuple[str, ...]:
    return tuple(glob.strip() for glob in (text or "").split(",") if glob.strip())


# -- list and show ----------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    rules = [rule for rule in active_rules(args) if not args.globs or any(fnmatch.fnmatchcase(rule.id, g) for g in args.globs)]
    if args.json:
        for rule in rules:
            print(json.dumps({key: getattr(rule, key) for key in ("id", "kind", "category", "pack", "why", "path", "line")}, ensure_ascii=False))
        return OK
    columns = [(rule.id, rule.kind, rule.category, rule.pack, _one_line(rule.why)) for rule in rules]
    widths = [max((len(row[i]) for row in columns), default=0) for i in range(4)]
    for row in columns:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    print(_count(len(rules), "rule"), file=sys.stderr)
    return OK


def run_show(args: argparse.Namespace) -> int:
    rules = [rule for rule in active_rules(args) if fnmatch.fnmatchcase(rule.id, args.rule_id)]
    if not rules:
        print(f"cleaner: error: no active rule matches {args.rule_id!r} (see 'cleaner rules list')", file=sys.stderr)
        return USAGE
    for number, rule in enumerate(rules):
        if args.json:
            print(json.dumps(asdict(rule), ensure_ascii=False))
            continue
        print(("\n" if number else "") + "\n".join(describe(rule)))
    return OK


def describe(rule: Rule) -> list[str]:
    """``cleaner rules show``'s lines for one rule."""
    lines = [rule.id, _field("file", f"{rule.path}:{rule.line}"), _field("pack", rule.pack), _field("kind", rule.kind),
             _field("category", rule.category)]
    lines += [_field(key, getattr(rule, key)) for key in PATTERN_KEYS[rule.kind] if getattr(rule, key)]
    defaults = Rule(rule.id, rule.category, rule.kind, rule.why, rule.pack, rule.path, rule.line)
    for key in ("languages", "ignore_case", "match", "lines", "until", "zone", "zone_lines", "max_lines", "detector", "params"):
        value = getattr(rule, key)
        if value != getattr(defaults, key):
            shown = json.dumps(value, ensure_ascii=False) if key == "params" else ", ".join(value) if key == "languages" else str(value)
            lines.append(_field(key, shown))
    lines.append(_field("why", rule.why))
    for name, examples in (("remove", rule.remove), ("keep", rule.keep)):
        for number, example in enumerate(examples):
            lines.append(_field(name if number == 0 else "", _example(example)))
        if not examples:
            lines.append(_field(name, "(none)"))
    return lines


def _field(name: str, value: str) -> str:
    return f"  {name + ':' if name else '':12} {value}"


def _example(example: Example) -> str:
    """An example as written: its text, and the junk in it when that is not the whole text."""
    if example.junk in ((), (example.text,)):
        return repr(example.text)
    return f"{example.text!r}, junk: {', '.join(map(repr, example.junk))}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _one_line(text: str, width: int = _WHY_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# -- test and lint ----------------------------------------------------------------


def run_test(args: argparse.Namespace) -> int:
    rules = active_rules(args)
    failures = check_rules(rules)
    for failure in failures:
        print(report(failure) + "\n")
    examples = sum(len(rule.remove) + len(rule.keep) for rule in rules)
    print(f"{_count(len(rules), 'rule')}, {_count(examples, 'example')}: {examples - len(failures)} passed, {len(failures)} failed")
    return FAILED if failures else OK


def report(failure: ExampleFailure) -> str:
    """A failing example as a person reads it: the rule, the example, the problem, and the text with its deletions marked."""
    rule = failure.rule
    lines = [
        f"FAIL {rule.id} ({rule.path}:{rule.line}): {failure.expectation} example {_example(failure.example)}",
        f"  {failure.problem}",
        "  the example as tested, deletions marked [-like this-]:",
        marked(failure.document, failure.deleted),
    ]
    return "\n".join(lines)


def run_lint(args: argparse.Namespace) -> int:
    rules = active_rules(args, unique=False)
    findings = lint(rules)
    for finding in findings:
        print(finding)
    print(f"{_count(len(rules), 'rule')}, {_count(len(findings), 'finding')}", file=sys.stderr)
    return FAILED if findings else OK
