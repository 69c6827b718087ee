"""The record: one JSON object per document with its edits, hashes and input encoding."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from json.encoder import encode_basestring as _string
from pathlib import Path
from typing import IO, Iterator

from ..edits import Edit
from ..pipeline import CleanResult
from .encoding import InputError

Record = dict
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # ``json.dumps(..., ensure_ascii=False)`` without a new encoder each call


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_entry(doc: str, encoding: str, data: bytes, output: bytes, result: CleanResult, **source) -> Record:
    """The record of one document; ``source`` says where its text came from when that is not a whole text file
    (``line`` and ``field`` of a JSONL line, ``extractor`` of an HTML page)."""
    return _entry(doc, encoding, data, output, result, source, [edit.to_dict() for edit in result.edits])


def _entry(doc: str, encoding: str, data: bytes, output: bytes, result: CleanResult, source: dict, edits: list) -> Record:
    """The record of one document with ``edits`` in place of its edits."""
    entry = {"doc": doc, **source, "encoding": encoding, "input_sha256": sha256(data), "output_sha256": sha256(output), "edits": edits}
    if result.timeouts:
        entry["timeouts"] = list(result.timeouts)
    return entry


def record_line(doc: str, encoding: str, data: bytes, output: bytes, result: CleanResult, **source) -> str:
    """``dumps(record_entry(...))``, about three times faster: the edits, most of a record, are formatted straight to
    JSON instead of going through a dict each and ``json.dumps``."""
    # A quote inside a JSON string is escaped, so the first '"edits": []' is the key.
    head, _, tail = _ENCODE(_entry(doc, encoding, data, output, result, source, [])).partition('"edits": []')
    line = f'{head}"edits": [{", ".join([_edit_json(*edit) for edit in result.edits])}]{tail}'
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: ``dumps`` falls back to ASCII escapes
        return dumps(record_entry(doc, encoding, data, output, result, **source))
    return line


def _edit_json(start: int, end: int, removed: str, inserted: str, rule: str, category: str) -> str:
    """``json.dumps(edit.to_dict(), ensure_ascii=False)`` of an ``Edit``'s fields."""
    return f'{{"start": {start}, "end": {end}, "removed": {_string(removed)}, "inserted": {_string(inserted)}, {_names(rule, category)}'


@cache
def _names(rule: str, category: str) -> str:
    """The end of an edit's JSON: a run has few rules, each in a great many edits."""
    return f'"rule": {_string(rule)}, "category": {_string(category)}}}'


def dumps(entry: Record) -> str:
    """One JSON line; text with lone surrogates (undecodable input bytes) falls back to ASCII escapes."""
    line = _ENCODE(entry)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(entry)
    return line


def append(file: IO[str], line: str) -> None:
    """Append one record line (from ``dumps``) and flush it, so a crash loses nothing already recorded."""
    file.write(line + "\n")
    file.flush()


def recorded(path: Path) -> dict[tuple[str, int | None], str]:
    """What a record already holds, for ``--resume``: ``(doc, JSONL line or None)`` -> input hash.

    A last line cut short by a crash is removed from the file. Raises ValueError for a
    line that is not a record entry.
    """
    done: dict[tuple[str, int | None], str] = {}
    try:
        file = open(path, "r+b")
    except FileNotFoundError:
        return done
    with file:
        end = 0
        for number, line in enumerate(file, 1):
            if not line.endswith(b"\n"):
                break
            end += len(line)
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                done[entry["doc"], entry.get("line")] = entry["input_sha256"]
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"line {number} is not a record entry ({error})") from None
        file.truncate(end)
    return done


class RecordError(ValueError):
    """A line of a record (or errors) file that is not a JSON object; the message names the line."""


def read_record(path: Path) -> Iterator[tuple[int, Record]]:
    """``(line number, entry)`` for every entry of a record file (or any file of JSON objects, one a line); raises RecordError."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as error:
                raise RecordError(f"line {number}: not UTF-8 (byte {error.start + 1})") from None
            except json.JSONDecodeError as error:
                raise RecordError(f"line {number}: not valid JSON ({error.msg} at column {error.colno})") from None
            if not isinstance(entry, dict):
                raise RecordError(f"line {number}: not a JSON object")
            yield number, entry


def read_clean(out: Path, entry: Record) -> str:
    """The clean text of a whole-file document (text or HTML page) in ``out``, checked against its record entry; raises InputError."""
    path = out / entry["doc"]
    try:
        clean = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read the clean file ({error.strerror or error})") from None
    if sha256(clean) != entry["output_sha256"]:
        raise InputError(path, "the clean file was changed after the run; its record no longer applies")
    return clean.decode("utf-8", "surrogateescape")


def edits_of(entry: Record) -> list[Edit]:
    return [Edit.from_dict(edit) for edit in entry["edits"]]
