"""Where outcomes go, in input order: the record, error lines, JSONL outputs, diffs, the summary and the progress bar.

Crash safety rests on one order: a document's output is on disk (written atomically
by the worker or here, or flushed to its JSONL output here) before its record line is
appended and flushed, and a JSONL output is renamed into place only after the record
lines of all its documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from .io.encoding import InputError
from .io.files import PartialFile
from .io.record import append, dumps
from .progress import Progress
from .summary import Summary
from .worker import Done, Failed, JsonlEnd, Skipped, write_output


class Sink:
    def __init__(
        self,
        summary: Summary,
        progress: Progress,
        record: IO[str] | None = None,
        errors: Path | None = None,
        out: Path | None = None,
        partials: Path | None = None,
        resume: bool = False,
        diffs: IO[str] | None = None,
        temp: Path | None = None,
    ):
        """``out``, ``partials`` (where JSONL outputs are built) and ``temp`` (temporary files of file outputs sent
        back by workers): None when nothing is written."""
        self.summary, self.progress, self.record, self.diffs = summary, progress, record, diffs
        self._errors_path, self._errors = errors, None
        self._out, self._partials, self._resume, self._temp = out, partials, resume, temp
        self._jsonl: dict[str, PartialFile] = {}

    def jsonl_output(self, doc: str) -> PartialFile | None:
        """The output of the JSONL file ``doc``, opened on first use (None when nothing is written)."""
        if doc not in self._jsonl and self._out is not None:
            self._jsonl[doc] = PartialFile(self._out / doc, self._partials / doc, self._resume)
        return self._jsonl.get(doc)

    def take(self, outcomes: list) -> None:
        """Deal with a chunk's outcomes: outputs first (JSONL ones flushed), then record lines and the rest, in order."""
        outcomes, written = [self._written(outcome) for outcome in outcomes], set()
        for outcome in outcomes:
            if isinstance(outcome, Done) and outcome.line is not None and (output := self.jsonl_output(outcome.doc)):
                output.write(outcome.output)
                written.add(output)
        for output in written:
            output.flush()
        size = documents = 0
        for outcome in outcomes:
            size += outcome.size
            if isinstance(outcome, Done):
                self._done(outcome)
                documents += 1
            elif isinstance(outcome, Failed):
                self.fail(outcome)
            elif isinstance(outcome, Skipped):
                self.summary.skipped += 1
                documents += 1
            elif isinstance(outcome, JsonlEnd) and (output := self._jsonl.pop(outcome.doc, None)):
                output.finish()
        self.progress.advance(size, documents)

    def _written(self, outcome):
        """``outcome``, once the file output a worker sent back with it is written atomically; or ``Failed``."""
        if not isinstance(outcome, Done) or outcome.line is not None or outcome.output is None:
            return outcome
        try:
            write_output(self._out / outcome.doc, outcome.output, self._temp)
        except InputError as error:
            return Failed.of(error, outcome.size)
        return outcome

    def _done(self, done: Done) -> None:
        if self.record is not None:
            append(self.record, done.record)
        for rule in dict.fromkeys(done.timeouts):
            self._error(done.path, done.line, f"rule {rule} timed out and was skipped for this document")
        if done.diff and self.diffs is not None:
            print(done.diff, file=self.diffs)
        self.summary.add(done.bytes_in, done.bytes_out, done.deletions, done.repairs, len(done.timeouts))

    def fail(self, failed: Failed) -> None:
        """One line on stderr and one in the list of errors."""
        self.summary.failed += 1
        self._error(failed.path, failed.line, failed.reason)

    def _error(self, path: str, line: int | None, reason: str) -> None:
        """A document's problem (a failure, or a rule that timed out on it): one line on stderr, one in the errors file."""
        self.progress.write(f"cleaner: {path}:{line}: {reason}" if line else f"cleaner: {path}: {reason}")
        if self._errors_path is None:
            return
        if self._errors is None:
            self._errors = open(self._errors_path, "a", encoding="utf-8")
        entry = {"path": path, "line": line, "reason": reason} if line else {"path": path, "reason": reason}
        self._errors.write(dumps(entry) + "\n")
        self._errors.flush()

    def close(self) -> None:
        """Close what is open; JSONL outputs not complete stay where ``--resume`` finds them."""
        for output in self._jsonl.values():
            output.close()
        if self._errors is not None:
            self._errors.close()
