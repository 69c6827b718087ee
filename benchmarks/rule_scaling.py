"""How the cost of cleaning grows with the number of rules: 10, 100 and 1,000 generated rules.

The rules are realistic junk rules of the kinds users add for one site each: whole-line
literal phrases ("Follow Acme News on Twitter"), phrases with a variable part ("12
comments on …", "Photo: Acme/Reuters"), and case-insensitive prompts, about nine literal
rules to one regex rule with classes and repeats. Each set is written as a TOML pack and
run alone (no built-in rules) over the same corpus as ``throughput.py`` (seed articles,
shuffled, no damage), so the only thing that changes between rows is the number of rules.

Run from the project root::

    .venv/bin/python benchmarks/rule_scaling.py [--mb 4] [--repeat 3] [--counts 10,100,1000]

Every row reports MB/s and the cost relative to the smallest set (1.00 = as cheap).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import build_corpus  # noqa: E402

import cleaner  # noqa: E402
from cleaner.ruleset import load_rules  # noqa: E402

BRANDS = ["Acme News", "The Daily Planet", "Metro Herald", "Nordic Post", "Le Courrier", "Il Giornale", "De Krant", "O Jornal", "Tagesblatt", "Kvällsposten"]
NETWORKS = ["Twitter", "Facebook", "Instagram", "LinkedIn", "YouTube", "TikTok", "Telegram", "WhatsApp", "Mastodon", "Threads"]
VERBS = ["Follow", "Like", "Join", "Subscribe to", "Watch", "Listen to", "Support", "Share", "Read", "Download"]
OBJECTS = ["our newsletter", "the podcast", "our app", "the morning briefing", "our live blog", "the weekly digest", "our video channel", "the e-paper", "our offers", "the archive"]


def make_rules(count: int, seed: int = 0) -> list[dict]:
    """``count`` rule tables: about 90% literal whole-line phrases, 10% regex rules with classes and repeats."""
    rng = random.Random(seed)
    rules = []
    for number in range(count):
        brand, network = rng.choice(BRANDS), rng.choice(NETWORKS)
        verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
        if number % 10 == 9:
            kind = rng.randrange(3)
            if kind == 0:
                pattern, remove = rf"\d{{1,5}} (?:comments|replies) on {_escape(brand)} #{number}", f"12 comments on {brand} #{number}"
            elif kind == 1:
                pattern, remove = rf"(?:Photo|Image|Foto)\s{{0,3}}:\s{{0,3}}{_escape(brand)}(?:\s{{0,3}}/\s{{0,3}}\w+){{0,2}} {number}", f"Photo: {brand}/Reuters {number}"
            else:
                pattern, remove = rf"(?i:{_escape(verb)} {_escape(brand)} (?:on|at) \w+(?: now)?) no\. ?{number}", f"{verb.lower()} {brand} on {network} now no. {number}"
        else:
            phrase = f"{verb} {obj} of {brand} on {network} ({number})"
            pattern, remove = _escape(phrase), phrase
        rules.append({"id": f"bench.rule-{number:04d}", "category": "promo", "kind": "line", "pattern": pattern, "why": "generated", "remove": [remove], "keep": []})
    return rules


def _escape(text: str) -> str:
    return "".join("\\" + char if char in r".^$*+?{}[]\|()" else char for char in text)


def write_pack(rules: list[dict], folder: Path) -> Path:
    lines = []
    for rule in rules:
        lines.append("[[rule]]")
        for key, value in rule.items():
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}" if key != "pattern" else f"pattern = '''{value}'''")
        lines.append("")
    path = folder / "bench.toml"
    path.write_text("\n".join(lines), "utf-8")
    return path


def seconds(clean, documents: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for text in documents:
            clean(text)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per set; the best is reported (default 3)")
    parser.add_argument("--counts", default="10,100,1000", help="rule counts (default 10,100,1000)")
    args = parser.parse_args(argv)

    documents = build_corpus(args.mb, 0, "none")
    megabytes = sum(len(text.encode("utf-8")) for text in documents) / 1e6
    counts = [int(count) for count in args.counts.split(",")]
    print(f"corpus: {len(documents):,} documents, {megabytes:.1f} MB; CPU time, best of {args.repeat}\n")
    print(f"{'rules':>6}{'load s':>9}{'MB/s':>9}{'docs/s':>10}{'cost vs first':>15}")
    first = None
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            start = time.process_time()
            runner = cleaner.Cleaner.from_rules(load_rules([write_pack(make_rules(count), Path(folder))]))
            load = time.process_time() - start
        runner.clean(documents[0])
        spent = seconds(runner.clean, documents, args.repeat)
        first = first or spent
        print(f"{count:>6}{load:>9.2f}{megabytes / spent:>9.2f}{len(documents) / spent:>10,.0f}{spent / first:>14.2f}x")


if __name__ == "__main__":
    main()
