"""Cleaning one work item, in whichever process runs it: a file or a JSONL line in, an outcome out.

A ``Worker`` holds the compiled Cleaner and the run's settings; its ``work`` takes a
chunk of items and returns their outcomes in the same order. A pool process is set up
once with ``start``, then runs ``work``. Items that need no cleaning (errors found while
listing, lines resumed, ends of JSONL files) pass through unchanged. No item raises:
every failure becomes a ``Failed``.

Workers that share this machine's disk read their inputs and write file outputs
themselves; for others (a Dask cluster) ``with_bytes`` reads the inputs here and the
outputs come back in ``Done.output`` for the sink to write.
"""

from __future__ import annotations

import difflib
import signal
from dataclasses import dataclass, replace
from pathlib import Path

from .io.encoding import InputError, decode
from .io.files import atomic_write
from .io.formats import extract_html, extractor, jsonl_document, jsonl_line, read_bytes
from .io.record import dumps, record_entry, sha256
from .pipeline import Cleaner, CleanResult


@dataclass(frozen=True)
class Settings:
    out: Path | None  # where the worker writes file outputs; None: it writes none (a dry run, a diff, or the sink writes them)
    temp: Path | None  # temporary files for atomic writes (same file system as ``out``)
    max_bytes: int
    text_field: str
    record: bool  # make record lines
    diff: bool  # make unified diffs
    return_outputs: bool = False  # send file outputs back in ``Done.output`` (the sink writes them)


# -- items (what main sends) and outcomes (what comes back) ---------------------------


@dataclass(slots=True)
class FileItem:
    """A whole file that is one document (text or HTML)."""

    path: str
    doc: str
    format: str
    compressed: bool
    size: int  # bytes on disk, for the progress bar
    recorded: str | None = None  # its input hash in the record (--resume)
    data: bytes | None = None  # its bytes, when read before it is sent (``with_bytes``)


@dataclass(slots=True)
class LineItem:
    """One line of a JSONL file."""

    path: str
    doc: str
    line: int
    data: bytes
    size: int


@dataclass(slots=True)
class Done:
    path: str
    doc: str
    line: int | None
    size: int
    bytes_in: int
    bytes_out: int
    deletions: list[tuple[str, str]]  # (rule, category)
    repairs: int
    timeouts: tuple[str, ...]
    record: str | None  # the record line
    output: bytes | None  # the output line of a JSONL document, or a file output the sink is to write
    diff: str | None


@dataclass(slots=True)
class Failed:
    path: str
    reason: str
    line: int | None = None
    size: int = 0

    @classmethod
    def of(cls, error: InputError, size: int = 0) -> Failed:
        return cls(error.path, error.reason, error.line, size)


@dataclass(slots=True)
class Skipped:
    """A document already in the record (--resume)."""

    size: int


@dataclass(slots=True)
class JsonlEnd:
    """The last line of a JSONL file has been sent: its output can be completed."""

    doc: str
    size: int = 0


# -- the worker --------------------------------------------------------------------


def with_bytes(item, out: Path | None, max_bytes: int):
    """A FileItem with its bytes read in this process, ``Skipped`` when the record already holds them (--resume),
    or ``Failed``; other items unchanged. For workers that cannot read this machine's files."""
    if not isinstance(item, FileItem):
        return item
    try:
        return _loaded(item, out, max_bytes)
    except InputError as error:
        return Failed.of(error, item.size)


def _loaded(item: FileItem, out: Path | None, max_bytes: int) -> FileItem | Skipped:
    """``item`` with its bytes, or ``Skipped`` when the record holds them and the output is there; raises InputError."""
    data = item.data if item.data is not None else read_bytes(Path(item.path), max_bytes, item.compressed)
    if item.recorded is not None and item.recorded == sha256(data) and (out / item.doc).is_file():
        return Skipped(item.size)
    return replace(item, data=data, recorded=None)


def write_output(target: Path, data: bytes, temp: Path | None) -> None:
    """Write a file output atomically; raises InputError."""
    try:
        atomic_write(target, data, temp)
    except OSError as error:
        raise InputError(target, f"cannot write the output ({error.strerror or error})") from None


class Worker:
    """Cleans work items with one Cleaner and one run's settings."""

    def __init__(self, cleaner: Cleaner, settings: Settings):
        self.cleaner, self.settings = cleaner, settings

    def work(self, chunk: list) -> list:
        """The outcomes of a chunk of items, in order."""
        return [self._process(item) for item in chunk]

    def _process(self, item):
        try:
            if isinstance(item, FileItem):
                return self._clean_file(item)
            if isinstance(item, LineItem):
                return self._clean_line(item)
            return item
        except InputError as error:
            return Failed.of(error, item.size)
        except Exception as error:  # noqa: BLE001 - a bug must cost one document, not the run
            return Failed(item.path, f"internal error, please report it: {error!r}", getattr(item, "line", None), item.size)

    def _clean_file(self, item: FileItem):
        settings = self.settings
        loaded = _loaded(item, settings.out, settings.max_bytes)
        if isinstance(loaded, Skipped):
            return loaded
        path, data = Path(item.path), loaded.data
        text, encoding = decode(data, path)  # for HTML too: it refuses binary data
        source = {}
        if item.format == "html":
            text, source = extract_html(data, path), {"extractor": extractor()}
        result = self.cleaner.clean(text)
        output = result.text.encode("utf-8", "surrogateescape")
        if settings.out is not None:
            write_output(settings.out / item.doc, output, settings.temp)
        return self._done(item, data, output, output if settings.return_outputs else None, result, encoding, source)

    def _clean_line(self, item: LineItem):
        field = self.settings.text_field
        document, text = parse_line(item.path, item.line, item.data, field)
        result = self.cleaner.clean(text)
        output = jsonl_line(document, field, result.text)
        return self._done(item, item.data, output, output + b"\n", result, "utf-8", {"line": item.line, "field": field})

    def _done(self, item, data: bytes, output: bytes, sent: bytes | None, result: CleanResult, encoding: str, source: dict) -> Done:
        settings, line = self.settings, getattr(item, "line", None)
        record = dumps(record_entry(item.doc, encoding, data, output, result, **source)) if settings.record else None
        return Done(
            item.path,
            item.doc,
            line,
            item.size,
            len(data),
            len(output),
            [(edit.rule, edit.category) for edit in result.deletions],
            len(result.repairs),
            result.timeouts,
            record,
            sent,
            _diff(result, f"{item.path}:{line}" if line else item.path) if settings.diff else None,
        )


def parse_line(path: str, line: int, data: bytes, field: str) -> tuple[dict, str]:
    """The JSON object on a JSONL line and its text; raises InputError."""
    try:
        return jsonl_document(data, field)
    except ValueError as error:
        raise InputError(path, str(error), line) from None


def _diff(result: CleanResult, label: str) -> str | None:
    """The unified diff of a document's lines (line breaks normalised), or None when only they changed."""
    lines = difflib.unified_diff(result.original.splitlines(), result.text.splitlines(), label, f"{label} (cleaned)", lineterm="")
    return "\n".join(lines) or None


# -- a pool process ------------------------------------------------------------------

_worker: Worker | None = None


def start(cleaner: Cleaner, settings: Settings) -> None:
    """Set this process up to clean (once per process)."""
    global _worker
    _worker = Worker(cleaner, settings)


def start_in_pool(cleaner: Cleaner, settings: Settings) -> None:
    """``start`` for a pool worker: Ctrl-C is the main process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start(cleaner, settings)


def work(chunk: list) -> list:
    """The outcomes of a chunk of items, in order, by the Worker ``start`` set up."""
    return _worker.work(chunk)
