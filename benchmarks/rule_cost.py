"""What each line rule and block rule costs on its own: the rules ranked, so a rule with a weak test stands out.

A rule costs almost nothing on the lines it cannot match only when the engine can tell
from its pattern what such a line lacks (README, "Keeping rules cheap"). A pattern
written loosely (an optional character before its literal start, alternatives that end
differently, a common word as its only literal) lets most lines through to its own
tests, and made the whole line stage 1.6 to 2.2 times slower more than once while rules
were being written. Each rule is timed alone here, over the corpus of ``throughput.py``
with the stage's fixed cost per document (the line table, shapes, the needle scan)
measured once and subtracted, and the rules are listed dearest first.

Run from the project root::

    .venv/bin/python benchmarks/rule_cost.py [--mb 1] [--top 15] [--rules MORE.toml ...]

A rule far above the median deserves a look: spell its alternatives out, give them one
shared start or end, or split it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rule_scaling import seconds  # noqa: E402
from throughput import build_corpus  # noqa: E402

import cleaner  # noqa: E402
from cleaner.detection import Detection  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.matchers import BlockMatcher, LineMatcher  # noqa: E402
from cleaner.ruleset import Rule  # noqa: E402

#: A rule no line reaches (its literal start is in no text): what the stage costs a document whatever its rules.
IDLE = Rule(id="bench.idle", category="bench", kind="line", why="never matches", pack="bench", path=__file__, line=0, pattern="\x00\x01never")


def matcher(rule: Rule, timeout: float):
    return (LineMatcher if rule.kind == "line" else BlockMatcher)([rule], timeout)


def cost(stage, documents: list[Document], repeat: int) -> float:
    """CPU seconds of ``stage.detect`` over ``documents``, best of ``repeat`` runs."""
    return seconds(lambda document: stage.detect(Detection(document)), documents, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1, help="corpus size in MB (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per rule; the best is kept (default 3)")
    parser.add_argument("--top", type=int, default=15, help="rules listed (default 15)")
    parser.add_argument("--rules", nargs="*", default=(), help="rule files or folders to add to the built-in ones")
    args = parser.parse_args(argv)

    texts = build_corpus(args.mb, 0)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    documents = [Document(text) for text in texts]
    default = cleaner.Cleaner(rules=args.rules)
    timeout = default.config.timeout
    idle = cost(LineMatcher([IDLE], timeout), documents, args.repeat)
    rows = [
        (max(0.0, cost(matcher(rule, timeout), documents, args.repeat) - idle) / megabytes * 1000, rule)
        for rule in default.rules
        if rule.kind in ("line", "block")
    ]
    rows.sort(key=lambda row: -row[0])
    stages = [kind([rule for rule in default.rules if rule.kind == name], timeout) for kind, name in ((LineMatcher, "line"), (BlockMatcher, "block"))]
    together = sum(cost(stage, documents, args.repeat) for stage in stages) / megabytes * 1000
    print(f"{len(rows)} line and block rules, {megabytes:.1f} MB, {len(texts):,} documents")
    print(f"all together: {together:.1f} ms/MB; a stage's fixed cost (line table, shapes, needle scan): {idle / megabytes * 1000:.1f} ms/MB")
    print(f"{'rule':40s} {'alone ms/MB':>11s} {'of together':>11s}")
    for ms, rule in rows[: args.top]:
        print(f"{rule.id:40s} {ms:11.2f} {ms / together:11.1%}")
    print(f"median rule {statistics.median(ms for ms, _ in rows):.2f} ms/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
