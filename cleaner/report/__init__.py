"""The audit report: one self-contained HTML page of what a run removed and repaired, and why."""

from __future__ import annotations

from pathlib import Path

from ..io.files import atomic_write
from .data import report_data
from .model import Document, ReportError, Run, load_run
from .page import render

__all__ = ["Document", "ReportError", "Run", "build", "load_run", "write"]


def build(run: Run, title: str) -> bytes:
    """The report page of ``run``, as UTF-8 bytes."""
    return render(report_data(run, title))


def write(path: Path, run: Run, title: str) -> None:
    """Write the report page atomically: a reader never sees half of it."""
    atomic_write(path, build(run, title))
