"""The record: one JSON object per document with its edits, hashes and input encoding."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import IO, Iterator

from ..edits import Edit
from ..pipeline import CleanResult

Record = dict


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_entry(doc: str, encoding: str, data: bytes, output: bytes, result: CleanResult) -> Record:
    entry = {
        "doc": doc,
        "encoding": encoding,
        "input_sha256": sha256(data),
        "output_sha256": sha256(output),
        "edits": [edit.to_dict() for edit in result.edits],
    }
    if result.timeouts:
        entry["timeouts"] = list(result.timeouts)
    return entry


def dumps(entry: Record) -> str:
    """One JSON line; text with lone surrogates (undecodable input bytes) falls back to ASCII escapes."""
    line = json.dumps(entry, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(entry)
    return line


def append(file: IO[str], entry: Record) -> None:
    """Append one record line and flush it, so a crash loses nothing already recorded."""
    file.write(dumps(entry) + "\n")
    file.flush()


def read_record(path: Path) -> Iterator[tuple[int, Record]]:
    """``(line number, entry)`` for every entry of a record file."""
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if line.strip():
                yield number, json.loads(line)


def edits_of(entry: Record) -> list[Edit]:
    return [Edit.from_dict(edit) for edit in entry["edits"]]
