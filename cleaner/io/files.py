"""Crash-safe writes: a reader never sees a half-written output, and an interrupted one can be resumed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, temp_dir: Path | None = None) -> None:
    """Write ``data`` to a temporary file (in ``temp_dir``, default beside ``path``), then rename it over ``path``.

    ``temp_dir`` must be on the same file system as ``path``. The common case costs four
    system calls (create, write, close, rename): a run writes one of these per document.
    """
    if temp_dir is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=temp_dir or path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with memoryview(data) as left:
            while left:
                left = left[os.write(handle, left) :]
        os.close(handle)
        handle = None
        try:
            os.replace(temporary, path)
        except FileNotFoundError:  # the output's folder does not exist yet
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, path)
    except BaseException:
        if handle is not None:
            os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise


class PartialFile:
    """A file written line by line at ``partial`` and renamed to ``final`` once complete.

    With ``resume``, the lines an interrupted run left (in ``partial``, or in ``final``
    if that run got as far as renaming it) are taken back one at a time with ``keep``;
    the first ``write`` or ``finish`` drops whatever follows the lines kept.
    """

    def __init__(self, final: Path, partial: Path, resume: bool = False):
        self.final, self.partial = final, partial
        partial.parent.mkdir(parents=True, exist_ok=True)
        if resume and not partial.exists() and final.is_file():
            os.replace(final, partial)
        self._keeping = resume and partial.is_file()
        self._file = open(partial, "r+b" if self._keeping else "wb")
        self._kept = 0  # where the lines kept end

    def keep(self) -> bool:
        """Take back the next complete line of the earlier run's output; False when there is none."""
        if self._keeping and self._file.readline().endswith(b"\n"):
            self._kept = self._file.tell()
            return True
        self._stop_keeping()
        return False

    def _stop_keeping(self) -> None:
        if self._keeping:
            self._keeping = False
            self._file.seek(self._kept)
            self._file.truncate()

    def write(self, data: bytes) -> None:
        self._stop_keeping()
        self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def finish(self) -> None:
        """Close the file and rename it into place."""
        self._stop_keeping()
        self._file.close()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.partial, self.final)

    def close(self) -> None:
        """Close without renaming (the run was interrupted; ``resume`` picks it up)."""
        self._file.close()
