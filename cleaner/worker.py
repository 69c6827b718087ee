"""Cleaning one work item, in whichever process runs it: a file or a JSONL line in, an outcome out.

A ``Worker`` holds the Cleaner of each site (``SiteCleaners``), the run's settings and
the boilerplate lines found per site; its ``work`` takes a chunk of items and returns
their outcomes in the same order (``prepare`` builds, before processes are forked,
what they all need). Items that need no cleaning (errors found while
listing, lines resumed, ends of JSONL files) pass through unchanged. No item raises:
every failure becomes a ``Failed``. A ``Fingerprinter`` does the first pass of a run
that removes boilerplate: each document's site and the fingerprints of its lines. A
pool process is set up once with ``start`` (with either), then runs ``work``.

Workers that share this machine's disk read their inputs and write file outputs
themselves; for others (a Dask cluster) ``with_bytes`` reads the inputs here and the
outputs come back in ``Done.output`` for the sink to write.
"""

from __future__ import annotations

import difflib
import signal
from dataclasses import dataclass, replace
from pathlib import Path

from .boilerplate import RULE as BOILERPLATE_RULE
from .boilerplate import document_fingerprints
from .io.encoding import InputError, decode
from .io.files import atomic_write
from .io.formats import extract_html, extractor, jsonl_document, jsonl_line, read_bytes
from .io.record import record_line, sha256
from .pipeline import CleanResult
from .ruleset import Config
from .sites import SiteCleaners, site_key


@dataclass(frozen=True)
class Settings:
    out: Path | None  # where the worker writes file outputs; None: it writes none (a dry run, a diff, or the sink writes them)
    temp: Path | None  # temporary files for atomic writes (same file system as ``out``)
    max_bytes: int
    text_field: str
    record: bool  # make record lines
    diff: bool  # make unified diffs
    return_outputs: bool = False  # send file outputs back in ``Done.output`` (the sink writes them)
    site: str | None = None  # the site of every document (``--site``); None: from each document's url or path


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


def file_text(item: FileItem, data: bytes) -> tuple[str, str, dict]:
    """``(text, encoding, what the record says of its source)`` of a file's bytes; raises InputError."""
    path = Path(item.path)
    text, encoding = decode(data, path)  # for HTML too: it refuses binary data
    if item.format == "html":
        return extract_html(data, path), encoding, {"extractor": extractor()}
    return text, encoding, {}


def url_of(document: dict) -> str | None:
    """The ``url`` field of a JSONL document, when it is a string."""
    url = document.get("url")
    return url if isinstance(url, str) else None


class Fingerprinter:
    """The first pass of a run that removes boilerplate: for each item ``(site, fingerprints of its countable lines,
    size)``; the site is None for an item that is no document (the second pass reports its failure)."""

    def __init__(self, config: Config, settings: Settings):
        self.config, self.settings = config, settings

    def prepare(self) -> None:
        """Nothing to build: fingerprints need only the config."""

    def work(self, chunk: list) -> list:
        return [self._fingerprints(item) for item in chunk]

    def _fingerprints(self, item) -> tuple[str | None, tuple[int, ...], int]:
        settings = self.settings
        try:
            if isinstance(item, FileItem):
                data = item.data if item.data is not None else read_bytes(Path(item.path), settings.max_bytes, item.compressed)
                text, url = file_text(item, data)[0], None
            elif isinstance(item, LineItem):
                document, text = parse_line(item.path, item.line, item.data, settings.text_field)
                url = url_of(document)
            else:
                return None, (), item.size
        except Exception:  # noqa: BLE001 - an InputError or a bug: the second pass reports it for this document
            return None, (), item.size
        return site_key(self.config, settings.site, url, item.path), document_fingerprints(text, self.config.boilerplate), item.size


class Worker:
    """Cleans work items with each site's Cleaner, one run's settings and the boilerplate lines found per site."""

    def __init__(self, cleaners: SiteCleaners, settings: Settings, boilerplate: dict[str, frozenset[int]] | None = None):
        self.cleaners, self.settings, self.boilerplate = cleaners, settings, boilerplate or {}

    def prepare(self) -> None:
        """Build now the Cleaner of every document when a run has just one (no site configured, or ``--site``), before
        pool processes are forked: they share it rather than each building its own (a third of a second each)."""
        if self.settings.site or not self.cleaners.config.sites:
            self.cleaners.cleaner(self.settings.site)

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
        data = loaded.data
        text, encoding, source = file_text(item, data)
        result = self._clean(text, item.path)
        output = result.text.encode("utf-8", "surrogateescape")
        if settings.out is not None:
            write_output(settings.out / item.doc, output, settings.temp)
        return self._done(item, data, output, output if settings.return_outputs else None, result, encoding, source)

    def _clean_line(self, item: LineItem):
        field = self.settings.text_field
        document, text = parse_line(item.path, item.line, item.data, field)
        result = self._clean(text, item.path, url_of(document))
        output = jsonl_line(document, field, result.text)
        return self._done(item, item.data, output, output + b"\n", result, "utf-8", {"line": item.line, "field": field})

    def _clean(self, text: str, path: str, url: str | None = None) -> CleanResult:
        """``text`` cleaned by its site's Cleaner, its site's boilerplate lines deleted unless the site leaves them out."""
        site = self.settings.site
        cleaner = self.cleaners.cleaner(site, url, path)
        lines = self.boilerplate.get(site_key(self.cleaners.config, site, url, path)) if self.boilerplate else None
        if lines and cleaner.config.selects(BOILERPLATE_RULE.id):
            return cleaner.clean(text, lines)
        return cleaner.clean(text)

    def _done(self, item, data: bytes, output: bytes, sent: bytes | None, result: CleanResult, encoding: str, source: dict) -> Done:
        settings, line = self.settings, getattr(item, "line", None)
        record = record_line(item.doc, encoding, data, output, result, **source) if settings.record else None
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

_worker: Worker | Fingerprinter | None = None


def start(worker: Worker | Fingerprinter) -> None:
    """Set this process up to work with ``worker`` (once per process)."""
    global _worker
    _worker = worker


def start_in_pool(worker: Worker | Fingerprinter) -> None:
    """``start`` for a pool worker: Ctrl-C is the main process's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start(worker)


def work(chunk: list) -> list:
    """The outcomes of a chunk of items, in order, by the worker ``start`` set up."""
    return _worker.work(chunk)
