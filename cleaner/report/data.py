"""The data a report page embeds: compact JSON with string tables, and the document texts in gzip chunks the page opens on demand."""

from __future__ import annotations

import base64
import gzip
import json
from collections import Counter

from ..layout import CATEGORY as LAYOUT
from .model import Document, Run

CHUNK_CHARS = 1 << 20  # text per chunk: opening a document decompresses about this much


def report_data(run: Run, title: str) -> dict:
    """The page's data. Deletions and repairs name a tag: an index into ``tags``, ``[rule, category]`` indices into
    ``rules`` and ``categories``. Per document: counts, its deletions as ``[tag, count, ...]``, and in the chunks its
    original text as pieces (see ``pieces``)."""
    tags: dict[tuple[str, str], int] = {}

    def tag(rule: str, category: str) -> int:
        return tags.setdefault((rule, category), len(tags))

    by_category, by_rule = Counter(), Counter()
    docs: dict[str, list] = {"names": [], "bytesIn": [], "bytesOut": [], "deletions": [], "repairs": [], "tags": []}
    for doc in run.documents:
        deletions = doc.result.deletions
        by_category.update(edit.category for edit in deletions)
        by_rule.update(edit.rule for edit in deletions)
        docs["names"].append(doc.name)
        docs["bytesIn"].append(_size(doc.result.original))
        docs["bytesOut"].append(_size(doc.result.text))
        docs["deletions"].append(len(deletions))
        docs["repairs"].append(len(doc.result.repairs))
        tagged = Counter(tag(edit.rule, edit.category) for edit in deletions)
        docs["tags"].append([number for item in sorted(tagged.items()) for number in item])
    texts = [pieces(doc, tag) for doc in run.documents]
    categories = _names(by_category, (category for _rule, category in tags))
    rules = _names(by_rule, (rule for rule, _category in tags))
    starts, chunks = _chunks(texts, [doc.result.original for doc in run.documents])
    return {
        "title": title,
        "totals": {
            "documents": len(run.documents),
            "bytesIn": sum(docs["bytesIn"]),
            "bytesOut": sum(docs["bytesOut"]),
            "deletions": sum(docs["deletions"]),
            "repairs": sum(docs["repairs"]),
        },
        "categories": list(categories),
        "rules": list(rules),
        "tags": [[rules[rule], categories[category]] for rule, category in tags],
        "byCategory": [[categories[name], count] for name, count in by_category.most_common()],
        "byRule": [[rules[name], count] for name, count in by_rule.most_common()],
        "docs": docs,
        "problems": {index: doc.problem for index, doc in enumerate(run.documents) if doc.problem},
        "errors": [[error.get("path", ""), error.get("line"), error.get("reason", "")] for error in run.errors],
        "chunkStarts": starts,
        "chunks": chunks,
    }


def pieces(doc: Document, tag) -> list | None:
    """The original text as kept text (strings) and edits ``[tag, removed, inserted]`` (deletions and repairs; layout
    edits show as the original text they changed). None when the original could not be rebuilt."""
    if doc.problem:
        return None
    original, parts, position = doc.result.original, [], 0
    for edit in doc.result.edits:
        if edit.category == LAYOUT:
            continue
        if edit.start > position:
            parts.append(original[position : edit.start])
        parts.append([tag(edit.rule, edit.category), edit.removed, edit.inserted])
        position = edit.end
    if position < len(original):
        parts.append(original[position:])
    return parts


def _names(counts: Counter, others) -> dict[str, int]:
    """A string table, name -> index: the names with deletions, most first, then the others (repairs) in order of appearance."""
    names = dict.fromkeys([name for name, _count in counts.most_common()] + list(others))
    return {name: index for index, name in enumerate(names)}


def _size(text: str) -> int:
    """Bytes of a text as UTF-8 (for an HTML page: of its extracted text; for a JSONL line: of its text field)."""
    return len(text.encode("utf-8", "surrogateescape"))


def _chunks(texts: list, originals: list[str]) -> tuple[list[int], list[str]]:
    """The texts grouped in order into chunks of about CHUNK_CHARS: where each chunk starts, and each chunk as base64 gzip JSON."""
    starts, chunks, start, size = [], [], 0, 0
    for index, original in enumerate(originals):
        size += len(original)
        if size >= CHUNK_CHARS or index == len(originals) - 1:
            starts.append(start)
            chunks.append(base64.b64encode(gzip.compress(json_bytes(texts[start : index + 1]), 6, mtime=0)).decode("ascii"))
            start, size = index + 1, 0
    return starts, chunks


def json_bytes(value) -> bytes:
    """Compact UTF-8 JSON; a lone surrogate (an undecodable input byte) becomes a ``\\udcXX`` escape."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace")
