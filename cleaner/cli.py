"""The ``cleaner`` command: ``clean``, ``restore`` and ``explain``.

Exit codes: 0 when everything went well, 1 when some documents failed (each is
reported on stderr and in ``OUT/cleaner-errors.jsonl``), 2 for usage or config errors.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from . import __version__
from .edits import EditError, restore
from .io import InputError, atomic_write, decode, encode, read_document, read_record, record_entry
from .io.record import append, edits_of, sha256
from .pipeline import Cleaner, CleanResult
from .document import Document
from .ruleset import RuleError, find_config, load_config

RECORD_NAME = "cleaner-record.jsonl"
ERRORS_NAME = "cleaner-errors.jsonl"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
OK, FAILED, USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot run as given."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return USAGE
    try:
        return args.run(args)
    except (UsageError, RuleError) as error:
        print(f"cleaner: error: {error}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Remove scraper debris from article text, with a record of every change.")
    parser.add_argument("--version", action="version", version=f"article-cleaner {__version__}")
    commands = parser.add_subparsers(metavar="COMMAND")

    def rule_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--config", metavar="PATH", help="cleaner.toml or pyproject.toml (default: the nearest one above the current folder)")
        command.add_argument("--rules", metavar="PATH", action="append", default=[], help="extra rule file or folder (repeatable)")
        command.add_argument("--select", metavar="GLOBS", help="only these rule ids, comma-separated globs (e.g. 'ads.*,comments.*')")
        command.add_argument("--ignore", metavar="GLOBS", help="also leave out these rule ids, comma-separated globs")

    clean = commands.add_parser("clean", help="clean files or folders into OUT, with a record of every edit")
    clean.add_argument("sources", nargs="+", metavar="SRC", help="files or folders (folders: every *.txt inside); '-' reads stdin and writes stdout")
    clean.add_argument("-o", "--output", metavar="OUT", help="output folder (the input tree is mirrored inside it)")
    clean.add_argument("--record", metavar="PATH", help=f"record file (default: OUT/{RECORD_NAME})")
    clean.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N", help="skip inputs larger than N bytes (default: 64 MB)")
    clean.add_argument("-q", "--quiet", action="store_true", help="no summary")
    rule_options(clean)
    clean.set_defaults(run=run_clean)

    restore_command = commands.add_parser("restore", help="rebuild the original files byte for byte from OUT and its record")
    restore_command.add_argument("out", metavar="OUT", help="the output folder of a 'cleaner clean' run")
    restore_command.add_argument("-o", "--output", required=True, metavar="DIR", help="where to write the original files")
    restore_command.add_argument("--record", metavar="PATH", help=f"record file (default: OUT/{RECORD_NAME})")
    restore_command.set_defaults(run=run_restore)

    explain = commands.add_parser("explain", help="list every deletion and repair in one file")
    explain.add_argument("file", metavar="FILE", help="a text file, or '-' for stdin")
    explain.add_argument("--json", action="store_true", help="one JSON object per edit")
    explain.add_argument("--layout", action="store_true", help="also list the layout edits (blank lines, line breaks)")
    rule_options(explain)
    explain.set_defaults(run=run_explain)
    return parser


def _cleaner(args: argparse.Namespace) -> Cleaner:
    config_path = args.config or find_config(Path.cwd())
    config = load_config(config_path)
    if args.select:
        config = replace(config, select=tuple(glob.strip() for glob in args.select.split(",") if glob.strip()))
    if args.ignore:
        config = replace(config, ignore=config.ignore + tuple(glob.strip() for glob in args.ignore.split(",") if glob.strip()))
    for path in args.rules:
        if not Path(path).exists():
            raise UsageError(f"--rules {path}: no such file or folder")
    return Cleaner(config, rules=args.rules)


# -- clean ----------------------------------------------------------------------


@dataclass
class Summary:
    documents: int = 0
    failed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    deletions: Counter = field(default_factory=Counter)
    repairs: int = 0
    timeouts: int = 0

    def add(self, data: bytes, output: bytes, result: CleanResult) -> None:
        self.documents += 1
        self.bytes_in += len(data)
        self.bytes_out += len(output)
        self.deletions.update(edit.category for edit in result.deletions)
        self.repairs += len(result.repairs)
        self.timeouts += len(result.timeouts)

    def report(self, seconds: float) -> str:
        lines = [
            f"{self.documents} documents cleaned, {self.failed} failed, in {seconds:.2f} s",
            f"{self.bytes_in:,} bytes in, {self.bytes_out:,} bytes out",
            f"{sum(self.deletions.values())} deletions, {self.repairs} repairs" + (f", {self.timeouts} rule timeouts" if self.timeouts else ""),
        ]
        lines += [f"  {count:6d}  {category}" for category, count in self.deletions.most_common()]
        return "\n".join(lines)


def _inputs(sources: list[str], out: Path) -> Iterator[tuple[Path, Path]]:
    """``(input file, its path relative to OUT)`` for every input, in a stable order."""
    out = out.resolve()
    paths = [Path(source) for source in sources]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir() and path.resolve() == out:
            raise UsageError(f"{path}: the output folder is the input folder; choose another -o")
    mirror = len(paths) == 1 and paths[0].is_dir()
    for path in paths:
        if not path.is_dir():
            yield path, Path(path.name)
            continue
        for file in sorted(path.rglob("*.txt")):
            relative = file.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or file.resolve().is_relative_to(out):
                continue
            yield file, relative if mirror else Path(path.name) / relative


def run_clean(args: argparse.Namespace) -> int:
    cleaner = _cleaner(args)
    if args.sources == ["-"]:
        return _clean_stdin(cleaner, args)
    if "-" in args.sources:
        raise UsageError("'-' (stdin) cannot be mixed with files")
    if not args.output:
        raise UsageError("clean needs -o OUT (or '-' to read stdin and write stdout)")
    out = Path(args.output)
    inputs = list(_inputs(args.sources, out))
    record_path = Path(args.record) if args.record else out / RECORD_NAME
    errors_path = out / ERRORS_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
        errors_path.unlink(missing_ok=True)
        record = open(record_path, "w", encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{error.filename or out}: cannot write there ({error.strerror or error})") from None
    summary, started = Summary(), time.perf_counter()
    with record:
        for path, relative in inputs:
            try:
                data, text, encoding = read_document(path, args.max_bytes)
            except InputError as error:
                summary.failed += 1
                _report_error(errors_path, error)
                continue
            result = cleaner.clean(text)
            output = result.text.encode("utf-8", "surrogateescape")
            try:
                atomic_write(out / relative, output)
            except OSError as error:
                summary.failed += 1
                _report_error(errors_path, InputError(out / relative, f"cannot write the output ({error.strerror or error})"))
                continue
            append(record, record_entry(relative.as_posix(), encoding, data, output, result))
            summary.add(data, output, result)
            for rule in result.timeouts:
                print(f"cleaner: {path}: rule {rule} timed out and was skipped for this document", file=sys.stderr)
    if not args.quiet:
        print(summary.report(time.perf_counter() - started), file=sys.stderr)
    return FAILED if summary.failed or summary.timeouts else OK


def _report_error(errors_path: Path, error: InputError) -> None:
    print(f"cleaner: {error.path}: {error.reason}", file=sys.stderr)
    with open(errors_path, "a", encoding="utf-8") as file:
        file.write(json.dumps({"path": error.path, "reason": error.reason}, ensure_ascii=False) + "\n")


def _clean_stdin(cleaner: Cleaner, args: argparse.Namespace) -> int:
    data = sys.stdin.buffer.read()
    try:
        text, encoding = decode(data, "<stdin>")
    except InputError as error:
        print(f"cleaner: {error}", file=sys.stderr)
        return FAILED
    result = cleaner.clean(text)
    output = result.text.encode("utf-8", "surrogateescape")
    sys.stdout.buffer.write(output)
    sys.stdout.buffer.flush()
    if args.record:
        with open(args.record, "a", encoding="utf-8") as record:
            append(record, record_entry("-", encoding, data, output, result))
    return FAILED if result.timeouts else OK


# -- restore --------------------------------------------------------------------


def run_restore(args: argparse.Namespace) -> int:
    out, destination = Path(args.out), Path(args.output)
    record_path = Path(args.record) if args.record else out / RECORD_NAME
    if not record_path.is_file():
        raise UsageError(f"{record_path}: no record found (was OUT made by 'cleaner clean'?)")
    if destination.resolve() == out.resolve():
        raise UsageError("restoring into OUT would overwrite the clean files; choose another -o")
    restored = failed = 0
    try:
        entries = list(read_record(record_path))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{record_path}: not a valid record ({error})") from None
    for number, entry in entries:
        try:
            data = _restore_one(out, entry)
        except (InputError, KeyError, EditError) as error:
            failed += 1
            reason = error.reason if isinstance(error, InputError) else f"record line {number}: {error}"
            print(f"cleaner: {out / str(entry.get('doc', '?'))}: {reason}", file=sys.stderr)
            continue
        atomic_write(destination / entry["doc"], data)
        restored += 1
    print(f"{restored} documents restored, {failed} failed", file=sys.stderr)
    return FAILED if failed else OK


def _restore_one(out: Path, entry: dict) -> bytes:
    path = out / entry["doc"]
    try:
        clean = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read the clean file ({error.strerror or error})") from None
    if sha256(clean) != entry["output_sha256"]:
        raise InputError(path, "the clean file was changed after the run; its record no longer applies")
    original = restore(clean.decode("utf-8", "surrogateescape"), edits_of(entry))
    data = encode(original, entry["encoding"])
    if sha256(data) != entry["input_sha256"]:
        raise InputError(path, "restored bytes do not match the recorded input hash")
    return data


# -- explain --------------------------------------------------------------------


def run_explain(args: argparse.Namespace) -> int:
    cleaner = _cleaner(args)
    if args.file == "-":
        text, _encoding = decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        try:
            _data, text, _encoding = read_document(Path(args.file))
        except InputError as error:
            print(f"cleaner: {error}", file=sys.stderr)
            return FAILED
    result = cleaner.clean(text)
    doc = Document(text)
    shown = [edit for edit in result.edits if args.layout or edit.category != "layout"]
    for edit in shown:
        line = doc.line_at(edit.start).index + 1
        if args.json:
            print(json.dumps({"line": line, **edit.to_dict()}, ensure_ascii=False))
        elif edit.inserted or edit.category in ("repair", "layout"):
            print(f"{line:5d}  {edit.rule:36s} {edit.category:20s} {edit.removed!r} -> {edit.inserted!r}")
        else:
            print(f"{line:5d}  {edit.rule:36s} {edit.category:20s} {_short(edit.removed)}")
    if not args.json:
        print(f"{args.file}: {len(result.deletions)} deletions, {len(result.repairs)} repairs", file=sys.stderr)
    return FAILED if result.timeouts else OK


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
