"""The end-of-run summary: a table for people (stderr) and the same figures as JSON for pipelines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    skipped: int = 0  # already in the record (--resume)
    bytes_in: int = 0
    bytes_out: int = 0
    repairs: int = 0
    timeouts: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    boilerplate_lines: int = 0  # lines found repeated across a site's documents (with --boilerplate)
    boilerplate_sites: int = 0  # the sites they were found in

    def add(self, bytes_in: int, bytes_out: int, deletions: Iterable[tuple[str, str]], repairs: int, timeouts: int) -> None:
        """Count one cleaned document: its sizes, its deletions as ``(rule, category)``, its repairs and rule timeouts."""
        self.documents += 1
        self.bytes_in += bytes_in
        self.bytes_out += bytes_out
        for rule, category in deletions:
            self.by_rule[rule] += 1
            self.by_category[category] += 1
        self.repairs += repairs
        self.timeouts += timeouts

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "failed": self.failed,
            "skipped": self.skipped,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "deletions": sum(self.by_rule.values()),
            "deletions_by_category": dict(self.by_category.most_common()),
            "deletions_by_rule": dict(self.by_rule.most_common()),
            "repairs": self.repairs,
            "rule_timeouts": self.timeouts,
            "boilerplate_lines": self.boilerplate_lines,
            "boilerplate_sites": self.boilerplate_sites,
            "seconds": round(self.seconds, 3),
        }

    def table(self) -> str:
        skipped = f", {self.skipped} skipped (already recorded)" if self.skipped else ""
        rate = self.bytes_in / 1e6 / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.documents} documents cleaned, {self.failed} failed{skipped}, in {self.seconds:.2f} s",
            f"{self.bytes_in:,} bytes in, {self.bytes_out:,} bytes out ({rate:.2f} MB/s)",
            f"{sum(self.by_rule.values())} deletions, {self.repairs} repairs" + (f", {self.timeouts} rule timeouts" if self.timeouts else ""),
        ]
        if self.boilerplate_lines:
            sites = f"{self.boilerplate_sites} site" + ("s" if self.boilerplate_sites > 1 else "")
            lines.append(f"boilerplate: {self.boilerplate_lines} line{'s' if self.boilerplate_lines > 1 else ''} repeated across the documents of {sites}")
        for title, counts in (("category", self.by_category), ("rule", self.by_rule)):
            if counts:
                lines.append(f"  {'deletions':>9}  {title}")
                lines += [f"  {count:9,}  {name}" for name, count in counts.most_common()]
        return "\n".join(lines)
