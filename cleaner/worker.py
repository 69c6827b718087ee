"""Cleaning one work item, in whichever process runs it: a file or a JSONL line in, an outcome out.

A process is set up once with ``start`` (the compiled Cleaner and the run's settings);
``work`` then takes a chunk of items and returns their outcomes in the same order.
Items that need no cleaning (errors found while listing, lines resumed, ends of JSONL
files) pass through unchanged. No item raises: every failure becomes a ``Failed``.
"""

from __future__ import annotations

import difflib
import signal
from dataclasses import dataclass
from pathlib import Path

from .io.encoding import InputError, decode
from .io.files import atomic_write
from .io.formats import extract_html, extractor, jsonl_document, jsonl_line, read_bytes
from .io.record import dumps, record_entry, sha256
from .pipeline import Cleaner, CleanResult


@dataclass(frozen=True)
class Settings:
    out: Path | None  # where file outputs go; None: write nothing (dry run, diff)
    temp: Path | None  # temporary files for atomic writes (same file system as ``out``)
    max_bytes: int
    text_field: str
    record: bool  # make record lines
    diff: bool  # make unified diffs


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
    output: bytes | None  # the output line of a JSONL document (file outputs are written by the worker)
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


# -- the worker process --------------------------------------------------------------

_cleaner: Cleaner | None = None
_settings: Settings | None = None


def start(cleaner: Cleaner, settings: Settings) -> None:
    """Set this process up to clean (once per process)."""
    global _cleaner, _settings
    _cleaner, _settings = cleaner, settings


def start_in_pool(cleaner: Cleaner, settings: Settings) -> None:
    """``start`` for a pool worker: Ctrl-C is the main process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start(cleaner, settings)


def work(chunk: list) -> list:
    """The outcomes of a chunk of items, in order."""
    return [_process(item) for item in chunk]


def _process(item):
    try:
        if isinstance(item, FileItem):
            return _clean_file(item)
        if isinstance(item, LineItem):
            return _clean_line(item)
        return item
    except InputError as error:
        return Failed.of(error, item.size)
    except Exception as error:  # noqa: BLE001 - a bug must cost one document, not the run
        return Failed(item.path, f"internal error, please report it: {error!r}", getattr(item, "line", None), item.size)


def _clean_file(item: FileItem):
    path, settings = Path(item.path), _settings
    data = read_bytes(path, settings.max_bytes, item.compressed)
    if item.recorded is not None and item.recorded == sha256(data) and (settings.out / item.doc).is_file():
        return Skipped(item.size)
    text, encoding = decode(data, path)  # for HTML too: it refuses binary data
    source = {}
    if item.format == "html":
        text, source = extract_html(data, path), {"extractor": extractor()}
    result = _cleaner.clean(text)
    output = result.text.encode("utf-8", "surrogateescape")
    if settings.out is not None:
        target = settings.out / item.doc
        try:
            atomic_write(target, output, settings.temp)
        except OSError as error:
            raise InputError(target, f"cannot write the output ({error.strerror or error})") from None
    return _done(item, data, output, None, result, encoding, source)


def parse_line(path: str, line: int, data: bytes, field: str) -> tuple[dict, str]:
    """The JSON object on a JSONL line and its text; raises InputError."""
    try:
        return jsonl_document(data, field)
    except ValueError as error:
        raise InputError(path, str(error), line) from None


def _clean_line(item: LineItem):
    field = _settings.text_field
    document, text = parse_line(item.path, item.line, item.data, field)
    result = _cleaner.clean(text)
    output = jsonl_line(document, field, result.text)
    return _done(item, item.data, output, output + b"\n", result, "utf-8", {"line": item.line, "field": field})


def _done(item, data: bytes, output: bytes, output_line: bytes | None, result: CleanResult, encoding: str, source: dict) -> Done:
    settings, line = _settings, getattr(item, "line", None)
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
        output_line,
        _diff(result, f"{item.path}:{line}" if line else item.path) if settings.diff else None,
    )


def _diff(result: CleanResult, label: str) -> str | None:
    """The unified diff of a document's lines (line breaks normalised), or None when only they changed."""
    lines = difflib.unified_diff(result.original.splitlines(), result.text.splitlines(), label, f"{label} (cleaned)", lineterm="")
    return "\n".join(lines) or None
