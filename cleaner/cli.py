"""The ``cleaner`` command: ``clean``, ``restore`` and ``explain``.

Exit codes: 0 when everything went well, 1 when some documents failed (each is
reported on stderr and in ``OUT/cleaner-errors.jsonl``), 2 for usage or config errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import BrokenExecutor
from dataclasses import replace
from pathlib import Path

from . import __version__
from .document import Document
from .edits import EditError, restore
from .engines import EngineError
from .io import InputError, atomic_write, decode, encode, read_document, read_record
from .io.formats import FORMATS
from .io.record import RecordError, append, edits_of, read_clean, record_line, sha256
from .io.sources import SetupError
from .pipeline import Cleaner, CleanResult
from .rules_cli import add_rules_commands
from .ruleset import LEVELS, Config, RuleError, find_config, load_config
from .runner import RECORD_NAME, Options, default_jobs, run
from .sites import SiteCleaners

OK, FAILED, USAGE = 0, 1, 2
REPORT_NAME = "cleaner-report.html"


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
    # The machine, not the input: a full disk, a worker killed (a BrokenProcessPool, caught as its base class so
    # that runs without a pool need not import the process pool's module).
    except (OSError, BrokenExecutor, EngineError) as error:
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        print(f"cleaner: error: {where}{getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
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
    clean.add_argument("sources", nargs="+", metavar="SRC", help="files or folders (folders: every .txt, .html/.htm, .jsonl inside, also gzipped); '-' reads stdin and writes stdout")
    clean.add_argument("-o", "--output", metavar="OUT", help="output folder (the input tree is mirrored inside it)")
    clean.add_argument("--record", metavar="PATH", help=f"record file (default: OUT/{RECORD_NAME})")
    clean.add_argument("--format", choices=FORMATS, help="read every input as this format (default: by extension; in folders, every file is then read)")
    clean.add_argument("--text-field", default="text", metavar="NAME", help="the field of a JSONL object that holds the text (default: text)")
    clean.add_argument("--max-bytes", type=int, default=Options.max_bytes, metavar="N", help="skip documents larger than N bytes (default: 64 MB)")
    clean.add_argument("-j", "--jobs", type=int, default=default_jobs(), metavar="N", help="processes to clean with (default: all cores)")
    clean.add_argument("--engine", choices=("local", "dask"), help="where to clean: local processes (default), or Dask (a LocalCluster of --jobs workers, or --scheduler)")
    clean.add_argument("--scheduler", metavar="ADDRESS", help="clean on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:PORT); implies --engine dask")
    clean.add_argument("--resume", action="store_true", help="skip documents the record already holds with the same input (after an interrupted run)")
    clean.add_argument("--dry-run", action="store_true", help="write nothing: only the summary")
    clean.add_argument("--diff", action="store_true", help="write nothing: a unified diff of each changed document to stdout")
    clean.add_argument("--summary-json", metavar="PATH", help="also write the summary as JSON to PATH")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    clean.add_argument("--site", metavar="NAME", help="the site of every input (default: a JSONL document's url, else the folder): picks [sites.NAME] rules and groups boilerplate")
    clean.add_argument("--boilerplate", action=argparse.BooleanOptionalAction, help="first count, then remove lines repeated across a site's documents (default: [boilerplate] enabled, off)")
    rule_options(clean)
    aggressiveness_option(clean)
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
    explain.add_argument("--html", action="store_true", help="an HTML page of the document with its deletions and repairs marked (to stdout, or -o)")
    explain.add_argument("-o", "--output", metavar="PATH", help="with --html: write the page to PATH")
    explain.add_argument("--site", metavar="NAME", help="clean with the rules of [sites.NAME] (default: a folder of FILE's path named after a configured site)")
    rule_options(explain)
    aggressiveness_option(explain)
    explain.set_defaults(run=run_explain)
    report_command = commands.add_parser("report", help="an HTML audit report of a run: what was removed and repaired, and why")
    report_command.add_argument("out", metavar="OUT", help="the output folder of a 'cleaner clean' run")
    report_command.add_argument("-o", "--output", metavar="PATH", help=f"the HTML file to write (default: OUT/{REPORT_NAME})")
    report_command.add_argument("--record", metavar="PATH", help=f"record file (default: OUT/{RECORD_NAME})")
    report_command.set_defaults(run=run_report)
    evaluate_command = commands.add_parser("eval", help="score cleaned files against gold: labelled lines or gold bodies")
    evaluate_command.add_argument("cleaned", metavar="OUT", help="the folder of cleaned files (a 'cleaner clean' output)")
    evaluate_command.add_argument("--gold", required=True, metavar="PATH", help="a JSONL file of labelled lines (like corpus_samples/gold.jsonl) or a folder of gold <name>.txt bodies")
    evaluate_command.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate_command.set_defaults(run=run_eval)
    add_rules_commands(commands, rule_options)
    return parser


def aggressiveness_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--aggressiveness", choices=LEVELS,
        help="which rules run: conservative (the default: only what is surely junk), balanced, or aggressive (more junk out, some content at risk)",
    )


def _config(args: argparse.Namespace) -> Config:
    """The config of ``--config`` (or the nearest one), with ``--select`` and ``--ignore``; checks ``--rules``."""
    config_path = args.config or find_config(Path.cwd())
    config = load_config(config_path)
    if args.select:
        config = replace(config, select=tuple(glob.strip() for glob in args.select.split(",") if glob.strip()))
    if args.ignore:
        config = replace(config, ignore=config.ignore + tuple(glob.strip() for glob in args.ignore.split(",") if glob.strip()))
    if getattr(args, "aggressiveness", None):
        config = replace(config, aggressiveness=args.aggressiveness)
    for path in args.rules:
        if not Path(path).exists():
            raise UsageError(f"--rules {path}: no such file or folder")
    return config


# -- clean ----------------------------------------------------------------------


def run_clean(args: argparse.Namespace) -> int:
    if args.sources == ["-"]:
        if args.boilerplate:
            raise UsageError("--boilerplate needs a run over many documents, not stdin")
        return _clean_stdin(SiteCleaners(_config(args), args.rules).cleaner(site=args.site), args)
    if "-" in args.sources:
        raise UsageError("'-' (stdin) cannot be mixed with files")
    writes = not (args.dry_run or args.diff)
    if writes and not args.output:
        raise UsageError("clean needs -o OUT (or '-' to read stdin and write stdout; --dry-run and --diff need none)")
    if args.resume and not writes:
        raise UsageError("--resume continues a run that writes; it cannot be used with --dry-run or --diff")
    if args.jobs < 1 or args.max_bytes < 1 or not args.text_field:
        raise UsageError("--jobs and --max-bytes must be at least 1, and --text-field must not be empty")
    if args.scheduler and args.engine == "local":
        raise UsageError("--scheduler runs on Dask; it cannot be used with --engine local")
    cleaners = SiteCleaners(_config(args), args.rules).load_all()  # a broken rule file of any site stops the run here
    options = Options(
        sources=[Path(source) for source in args.sources],
        out=Path(args.output) if args.output else None,
        write=writes,
        record=Path(args.record) if args.record else None,
        format=args.format,
        text_field=args.text_field,
        max_bytes=args.max_bytes,
        jobs=args.jobs,
        engine="dask" if args.scheduler else args.engine or "local",
        scheduler=args.scheduler,
        resume=args.resume,
        diff=args.diff,
        site=args.site,
        boilerplate=cleaners.config.boilerplate.enabled if args.boilerplate is None else args.boilerplate,
        progress=not args.quiet and sys.stderr.isatty() and not (args.diff and sys.stdout.isatty()),
    )
    try:
        summary = run(cleaners, options)
    except SetupError as error:
        raise UsageError(str(error)) from None
    if args.summary_json:
        atomic_write(Path(args.summary_json), (json.dumps(summary.as_dict(), indent=2) + "\n").encode("utf-8"))
    if not args.quiet:
        print(summary.table(), file=sys.stderr)
    return FAILED if summary.failed or summary.timeouts else OK


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
            append(record, record_line("-", encoding, data, output, result))
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
    except RecordError as error:
        raise UsageError(f"{record_path}: not a valid record ({error})") from None
    text_files = {entry.get("doc"): (number, entry) for number, entry in entries if "line" not in entry and "extractor" not in entry}
    skipped = len(entries) - len(text_files)  # JSONL lines and HTML pages, and entries a later line replaced (--resume)
    for number, entry in text_files.values():
        try:
            data = _restore_one(out, entry)
        except (InputError, KeyError, EditError) as error:
            failed += 1
            reason = error.reason if isinstance(error, InputError) else f"record line {number}: {error}"
            print(f"cleaner: {out / str(entry.get('doc', '?'))}: {reason}", file=sys.stderr)
            continue
        atomic_write(destination / entry["doc"], data)
        restored += 1
    note = f", {skipped} record lines skipped (JSONL lines and HTML pages, whose inputs are left as they were, or replaced by a later line)" if skipped else ""
    print(f"{restored} documents restored, {failed} failed{note}", file=sys.stderr)
    return FAILED if failed else OK


def _restore_one(out: Path, entry: dict) -> bytes:
    original = restore(read_clean(out, entry), edits_of(entry))
    data = encode(original, entry["encoding"])
    if sha256(data) != entry["input_sha256"]:
        raise InputError(out / entry["doc"], "restored bytes do not match the recorded input hash")
    return data


# -- explain --------------------------------------------------------------------


def run_explain(args: argparse.Namespace) -> int:
    if args.output and not args.html or args.json and args.html:
        raise UsageError("explain: -o needs --html, and --html and --json cannot be combined")
    cleaner = SiteCleaners(_config(args), args.rules).cleaner(site=args.site, path=None if args.file == "-" else args.file)
    if args.file == "-":
        text, _encoding = decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        try:
            _data, text, _encoding = read_document(Path(args.file))
        except InputError as error:
            print(f"cleaner: {error}", file=sys.stderr)
            return FAILED
    result = cleaner.clean(text)
    if args.html:
        _explain_html(args, result)
    doc = Document(text)
    shown = [] if args.html else [edit for edit in result.edits if args.layout or edit.category != "layout"]
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


def _explain_html(args: argparse.Namespace, result: CleanResult) -> None:
    """The report page of one document, to ``-o`` (atomically) or stdout."""
    from . import report as audit  # imported here: ``clean`` runs, which never use it, start faster

    page = audit.build(audit.Run([audit.Document(args.file, result)]), f"cleaner explain {args.file}")
    if args.output:
        atomic_write(Path(args.output), page)
    else:
        sys.stdout.buffer.write(page)


# -- report ---------------------------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    from . import report as audit  # imported here: ``clean`` runs, which never use it, start faster

    out = Path(args.out)
    try:
        run = audit.load_run(out, Path(args.record) if args.record else out / RECORD_NAME)
    except audit.ReportError as error:
        raise UsageError(str(error)) from None
    destination = Path(args.output) if args.output else out / REPORT_NAME
    audit.write(destination, run, f"Cleaning report: {out}")
    problems = [document for document in run.documents if document.problem]
    for document in problems:
        print(f"cleaner: {document.problem}", file=sys.stderr)
    print(f"{destination}: {len(run.documents)} documents, {len(problems)} not rebuilt", file=sys.stderr)
    return FAILED if problems else OK


def run_eval(args: argparse.Namespace) -> int:
    from .evaluate import GoldError, as_json, evaluate, report  # imported here: ``clean`` runs, which never use it, start faster

    gold, cleaned = Path(args.gold), Path(args.cleaned)
    for path, name in ((gold, "--gold"), (cleaned, "OUT")):
        if not path.exists():
            raise UsageError(f"{name} {path}: no such file or folder")
    try:
        result = evaluate(gold, cleaned)
    except GoldError as error:
        raise UsageError(str(error)) from None
    print(json.dumps(as_json(result), ensure_ascii=False, indent=2) if args.json else report(result))
    return OK


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
