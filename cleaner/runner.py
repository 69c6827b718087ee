"""A directory run: inputs listed, fed in chunks to an engine (this process, a process pool, a Dask cluster),
outcomes taken in input order.

Taking outcomes in input order makes the outputs and the record of any ``--jobs`` and
any engine the same, byte for byte, and makes ``--resume`` exact: what a killed run
recorded is a prefix of what an uninterrupted run records. Chunks in flight are bounded,
so memory stays flat however large the input (a JSONL file is streamed line by line).

With boilerplate removal on, a first pass over every input (those a resumed run
skips too, so both find the same lines) counts each site's repeated lines
(``boilerplate.Tally``) before the run cleans.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from .boilerplate import Tally
from .engines import Engine, open_engine
from .io.encoding import InputError
from .io.formats import jsonl_lines
from .io.record import recorded, sha256
from .io.sources import Input, SetupError, check_sources, find_inputs
from .progress import Progress
from .sink import Sink
from .sites import SiteCleaners
from .summary import Summary
from .worker import Failed, FileItem, Fingerprinter, JsonlEnd, LineItem, Settings, Skipped, Worker, parse_line, with_bytes

RECORD_NAME = "cleaner-record.jsonl"
ERRORS_NAME = "cleaner-errors.jsonl"
WORK_NAME = ".cleaner-work"  # in OUT: temporary files, and JSONL outputs being built
CHUNK_BYTES = (16_000, 1_000_000)  # a chunk's input size: at least, at most
CHUNK_ITEMS = 256


@dataclass(frozen=True)
class Options:
    sources: list[Path]
    out: Path | None  # never read as input; None only when nothing is written
    write: bool = True  # False: a dry run or a diff
    record: Path | None = None
    format: str | None = None
    text_field: str = "text"
    max_bytes: int = 64 * 1024 * 1024
    jobs: int = 1
    resume: bool = False
    diff: bool = False
    progress: bool = False
    engine: str = "local"  # or "dask"
    scheduler: str | None = None  # a Dask scheduler's address; None: a LocalCluster of ``jobs`` workers
    site: str | None = None  # the site of every document; None: each document's url, else its folder
    boilerplate: bool = False  # remove lines repeated across a site's documents (two passes)


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(cleaners: SiteCleaners, options: Options) -> Summary:
    """Clean every input of ``options``, each with its site's Cleaner; raises SetupError when the run cannot start as asked."""
    check_sources(options.sources, options.out)
    engine = open_engine(options.engine, options.jobs, options.scheduler)  # before anything is written
    try:
        return _run(cleaners, options, engine)
    finally:
        engine.close()


def _run(cleaners: SiteCleaners, options: Options, engine: Engine) -> Summary:
    out = options.out if options.write else None  # where this run writes
    summary, started = Summary(), time.perf_counter()
    reserved, record, done = {}, None, {}
    if out is not None:
        record_path = options.record or out / RECORD_NAME
        try:
            out.mkdir(parents=True, exist_ok=True)
            _prepare_work(out / WORK_NAME, options.resume)
            (out / ERRORS_NAME).unlink(missing_ok=True)
            done = recorded(record_path) if options.resume else {}
            record = open(record_path, "a" if options.resume else "w", encoding="utf-8")
        except OSError as error:
            raise SetupError(f"{error.filename or out}: cannot write there ({error.strerror or error})") from None
        except ValueError as error:
            raise SetupError(f"{record_path}: cannot resume from it: {error}") from None
        reserved = {ERRORS_NAME: "the list of errors", **_inside(record_path, out, "the record")}

    def found() -> Iterator[Input | InputError]:  # walked twice: first for the total size
        return find_inputs(options.sources, options.out, options.format, reserved)

    total = sum(entry.size for entry in found() if isinstance(entry, Input))
    chunk_bytes = min(max(total // (engine.slots * 4), CHUNK_BYTES[0]), CHUNK_BYTES[1])
    temp = Path(os.path.abspath(out / WORK_NAME)) if out else None  # absolute: no getcwd per temporary file
    settings = Settings(out, temp, options.max_bytes, options.text_field, record is not None, options.diff, site=options.site)
    if not engine.shares_files:  # inputs go with their bytes; outputs come back to the sink
        settings = replace(settings, out=None, temp=None, return_outputs=out is not None)
    try:
        boilerplate = _repeated_lines(found(), cleaners, settings, options, engine, chunk_bytes, total) if options.boilerplate else {}
    except BaseException:
        if record is not None:
            record.close()
        raise
    summary.boilerplate_lines, summary.boilerplate_sites = sum(map(len, boilerplate.values())), len(boilerplate)
    progress = Progress(total, options.progress)
    sink = Sink(
        summary,
        progress,
        record,
        errors=out / ERRORS_NAME if out else None,
        out=out,
        partials=out / WORK_NAME / "jsonl" if out else None,
        resume=options.resume,
        diffs=sys.stdout if options.diff else None,
        temp=temp,
    )
    items = _items(found(), done, sink, options)
    if not engine.shares_files:
        items = (with_bytes(item, out, options.max_bytes) for item in items)
    try:
        with closing(engine.map(_chunks(items, chunk_bytes), Worker(cleaners, settings, boilerplate))) as outcomes:
            for chunk in outcomes:
                sink.take(chunk)
    finally:
        sink.close()
        progress.close()
        if record is not None:
            record.close()
    if out is not None:
        shutil.rmtree(out / WORK_NAME, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _repeated_lines(
    found: Iterable[Input | InputError], cleaners: SiteCleaners, settings: Settings, options: Options, engine: Engine, chunk_bytes: int, total: int
) -> dict[str, frozenset[int]]:
    """The first pass: every document's countable lines counted per site, and the boilerplate lines of each site."""
    tally = Tally(cleaners.config.boilerplate)
    items = _documents(found, options)
    if not engine.shares_files:
        items = (with_bytes(item, None, options.max_bytes) for item in items)
    with closing(Progress(total, options.progress)) as progress, closing(engine.map(_chunks(items, chunk_bytes), Fingerprinter(cleaners.config, settings))) as outcomes:
        for chunk in outcomes:
            for site, fingerprints, size in chunk:
                if site is not None:
                    tally.add(site, fingerprints)
                progress.advance(size, 1)
    return tally.boilerplate()


def _documents(found: Iterable[Input | InputError], options: Options) -> Iterator[FileItem | LineItem]:
    """Every document of the inputs, for the first pass (also those a resumed run skips); errors are left to the second."""
    for entry in found:
        if isinstance(entry, InputError):
            continue
        if entry.format != "jsonl":
            yield FileItem(entry.path, entry.doc, entry.format, entry.compressed, entry.size)
            continue
        for number, data, consumed in jsonl_lines(Path(entry.path), entry.compressed, options.max_bytes):
            if not isinstance(data, InputError):
                yield LineItem(entry.path, entry.doc, number, data, consumed)


def _inside(path: Path, folder: Path, what: str) -> dict[str, str]:
    """``{path under folder: what}`` when ``path`` is inside ``folder``, else nothing."""
    real, real_folder = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return {real.relative_to(real_folder).as_posix(): what} if real.is_relative_to(real_folder) else {}


def _prepare_work(work: Path, resume: bool) -> None:
    """A fresh work folder; with ``resume``, the JSONL outputs an interrupted run was building are kept."""
    if not resume:
        shutil.rmtree(work, ignore_errors=True)
    elif work.is_dir():
        for path in work.iterdir():
            if path.name != "jsonl":
                path.unlink(missing_ok=True)  # a temporary file a killed worker left
    work.mkdir(parents=True, exist_ok=True)


def _items(found: Iterable[Input | InputError], done: dict, sink: Sink, options: Options) -> Iterator:
    """The work items of a run, in input order; documents already recorded (``done``) become ``Skipped``."""
    for entry in found:
        if isinstance(entry, InputError):
            yield Failed.of(entry)
        elif entry.format == "jsonl":
            yield from _jsonl_items(entry, done, sink, options)
        else:
            yield FileItem(entry.path, entry.doc, entry.format, entry.compressed, entry.size, done.get((entry.doc, None)))


def _jsonl_items(entry: Input, done: dict, sink: Sink, options: Options) -> Iterator:
    """The lines of a JSONL file. When resuming, the lines recorded (a prefix, but for lines that are no documents)
    are taken back from the output an interrupted run left; from the first line that is not, all are cleaned."""
    path, keeping = entry.path, bool(done)
    for number, data, consumed in jsonl_lines(Path(path), entry.compressed, options.max_bytes):
        if isinstance(data, InputError):
            yield Failed.of(data, consumed)
            continue
        if keeping:
            if done.get((entry.doc, number)) == sha256(data) and sink.jsonl_output(entry.doc).keep():
                yield Skipped(consumed)
                continue
            try:
                parse_line(path, number, data, options.text_field)
            except InputError as error:
                yield Failed.of(error, consumed)
                continue
            keeping = False
        yield LineItem(path, entry.doc, number, data, consumed)
    yield JsonlEnd(entry.doc)


def _chunks(items: Iterable, max_bytes: int) -> Iterator[list]:
    chunk, size = [], 0
    for item in items:
        chunk.append(item)
        size += item.size
        if size >= max_bytes or len(chunk) >= CHUNK_ITEMS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk
