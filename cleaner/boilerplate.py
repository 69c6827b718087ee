"""Cross-document boilerplate: lines that repeat across many documents of one site (a footer, a promo).

A directory run counts, in a first pass, how many documents of each site
(``sites.site_key``) hold each line (``Tally``), and the second pass deletes from every
document the lines found in at least ``share`` of its site's documents
(``Config.boilerplate``; ``delete_repeated``, a stage of ``Cleaner.clean``). Lines are
compared by fingerprint: blanks collapsed and case folded (so a no-break space or a
capitalised variant is the same line), then 8 bytes of BLAKE2b. Digits are kept: in
templated content (prices, scores, dates) they are what differs, and a footer's year
is the same in all of a crawl's pages anyway. Lines are counted as read and matched as
the clean text shows them.

Only lines of at least ``min_chars`` characters and ``min_words`` words are counted,
so short generic lines (``Photo``, ``Advertisement``, a dateline) never qualify, and
most lines of a document are never stored. Memory is capped: past ``capacity``
counted lines, those seen in the fewest documents are dropped from the count, which
can only lower counts, so the pass may find less but never deletes a line that an
exact count would keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b
from math import ceil

from .detection import Detection
from .ruleset import Boilerplate, Rule

RULE = Rule(
    id="boilerplate.repeated-line",
    category="boilerplate",
    kind="line",
    why="A line found in at least the configured share of its site's documents in a directory run: a footer, a promo.",
    pack="boilerplate",
    path="<cleaner.boilerplate>",
    line=0,
)
CAPACITY = 1_000_000  # counted lines kept in memory (about 75 MB)


def fingerprint(line: str) -> int:
    """The fingerprint of a line: blanks collapsed, case folded, 8 bytes of BLAKE2b."""
    return _digest(" ".join(line.split()))


def _digest(collapsed: str) -> int:
    return int.from_bytes(blake2b(collapsed.casefold().encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def countable(line: str, settings: Boilerplate) -> str | None:
    """The line with its blanks collapsed when it is long enough to count as boilerplate, else None."""
    words = line.split()
    if len(words) < settings.min_words:
        return None
    collapsed = " ".join(words)
    return collapsed if len(collapsed) >= settings.min_chars else None


def document_fingerprints(text: str, settings: Boilerplate) -> tuple[int, ...]:
    """The fingerprints of a document's countable lines, each once, in a stable order."""
    found = set()
    for line in text.splitlines():
        if len(line) >= settings.min_chars and (collapsed := countable(line, settings)):  # collapsing never lengthens
            found.add(_digest(collapsed))
    return tuple(sorted(found))


class Tally:
    """Per site: how many documents it has, and how many of them hold each countable line (in bounded memory)."""

    def __init__(self, settings: Boilerplate, capacity: int = CAPACITY):
        self.settings, self.capacity = settings, capacity
        self.documents: dict[str, int] = {}
        self.lines: dict[str, dict[int, int]] = {}
        self._size = 0

    def add(self, site: str, fingerprints: Iterable[int]) -> None:
        """Count one document of ``site`` with these (distinct) line fingerprints."""
        self.documents[site] = self.documents.get(site, 0) + 1
        counts = self.lines.setdefault(site, {})
        before = len(counts)
        for key in fingerprints:
            counts[key] = counts.get(key, 0) + 1
        self._size += len(counts) - before
        if self._size > self.capacity:
            self._shrink()

    def _shrink(self) -> None:
        """Drop the lines seen in the fewest documents until at most half the capacity is left."""
        floor = 1
        while self._size > self.capacity // 2:
            for counts in self.lines.values():
                for key in [key for key, count in counts.items() if count <= floor]:
                    del counts[key]
            self._size = sum(map(len, self.lines.values()))
            floor += 1

    def boilerplate(self) -> dict[str, frozenset[int]]:
        """Per site with enough documents, the fingerprints of the lines held by at least ``share`` of them."""
        found = {}
        for site, documents in self.documents.items():
            if documents < self.settings.min_documents:
                continue
            least = max(2, ceil(self.settings.share * documents - 1e-9))
            lines = frozenset(key for key, count in self.lines[site].items() if count >= least)
            if lines:
                found[site] = lines
        return found


def delete_repeated(detection: Detection, fingerprints: frozenset[int]) -> None:
    """Delete the lines whose fingerprint, as the clean text will show them (repaired, spans removed), is in
    ``fingerprints``, unless they are all that is left of the document (a copy of another, not boilerplate).

    Matching what the output shows makes a second clean with the same fingerprints delete nothing more.
    """
    spans, lines = detection.spans, detection.doc.lines
    standing = detection.content_indices()
    found = [index for index in standing if fingerprint(detection.kept_text(index) if index in spans else lines[index].text) in fingerprints]
    if len(found) < len(standing):
        for index in found:
            detection.delete_line(index, RULE)
