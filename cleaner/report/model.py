"""What a report shows, read from a run's output folder: each document's original text and edits, and the run's errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..edits import EditError, restore
from ..io.encoding import InputError
from ..io.formats import jsonl_document
from ..io.record import Record, RecordError, edits_of, read_clean, read_record, sha256
from ..pipeline import CleanResult
from ..runner import ERRORS_NAME


class ReportError(Exception):
    """A run that cannot be reported on (no record, a broken record line); the message names the file."""


@dataclass(frozen=True)
class Document:
    """One document: its name (the path under OUT, ``:LINE`` for a JSONL line) and what cleaning did to it.

    ``problem`` says why the original text could not be rebuilt (the result's texts are then empty).
    """

    name: str
    result: CleanResult
    problem: str | None = None


@dataclass(frozen=True)
class Run:
    documents: list[Document]
    errors: list[dict] = field(default_factory=list)  # {"path", "reason"} and "line" for a JSONL line


def load_run(out: Path, record: Path) -> Run:
    """The documents of ``record`` (the last entry of a document wins, as for ``--resume``) and the errors file of ``out``."""
    if not record.is_file():
        raise ReportError(f"{record}: no record found (is {out} the output folder of a 'cleaner clean' run?)")
    entries: dict[tuple, tuple[int, Record]] = {}
    for number, entry in _read(record):
        if not isinstance(entry.get("doc"), str) or not isinstance(entry.get("edits"), list):
            raise ReportError(f"{record}: line {number}: not a record entry (no 'doc' or no 'edits')")
        entries[entry["doc"], entry.get("line")] = number, entry
    texts = _CleanTexts(out)
    documents = [_document(record, number, entry, texts) for number, entry in entries.values()]
    errors = out / ERRORS_NAME
    return Run(documents, [entry for _number, entry in _read(errors)] if errors.is_file() else [])


def _read(path: Path):
    try:
        yield from read_record(path)
    except RecordError as error:
        raise ReportError(f"{path}: {error}") from None


def _document(record: Path, number: int, entry: Record, texts: _CleanTexts) -> Document:
    try:
        name = f"{entry['doc']}:{entry['line']}" if "line" in entry else entry["doc"]
        edits = tuple(edits_of(entry))
        clean = texts.of(entry)
        return Document(name, CleanResult(restore(clean, edits), clean, edits))
    except (KeyError, TypeError) as error:
        raise ReportError(f"{record}: line {number}: not a record entry (missing or malformed: {error})") from None
    except InputError as error:
        problem = str(error)
    except ValueError as error:  # an EditError, or a JSONL output line without the text field
        problem = f"{record}: line {number}: does not fit the clean text ({error})"
    return Document(name, CleanResult("", "", edits), problem)


class _CleanTexts:
    """The clean text of each recorded document, read from OUT and checked against the record's output hash."""

    def __init__(self, out: Path):
        self.out = out
        self._jsonl: dict[str, dict[str, bytes]] = {}  # JSONL output -> output line hash -> line

    def of(self, entry: Record) -> str:
        if "line" not in entry:
            return read_clean(self.out, entry)
        path = self.out / entry["doc"]
        line = self._lines(path).get(entry["output_sha256"])
        if line is None:
            raise InputError(path, "not in the output (was it changed after the run?)", entry["line"])
        return jsonl_document(line, entry["field"])[1]

    def _lines(self, path: Path) -> dict[str, bytes]:
        if str(path) not in self._jsonl:
            try:
                lines = path.read_bytes().splitlines()
            except OSError as error:
                raise InputError(path, f"cannot read the clean file ({error.strerror or error})") from None
            self._jsonl[str(path)] = {sha256(line): line for line in lines}
        return self._jsonl[str(path)]
