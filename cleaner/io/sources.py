"""Finding the inputs of a run: files and folders walked in a stable order, each file with its output path.

Folders are walked lazily (memory does not grow with the number of files), hidden
files and folders are skipped, symlinked folders are followed with loop detection,
and the output folder is never read as input.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .encoding import InputError
from .formats import detect, output_name, reason


class SetupError(Exception):
    """A run that cannot start as asked (a usage error): sources, output folder or record unusable."""


@dataclass(frozen=True, slots=True)
class Input:
    path: str
    doc: str  # the output's path under OUT, as the record names it
    format: str
    compressed: bool
    size: int


def check_sources(sources: list[Path], out: Path | None) -> None:
    """Refuse missing sources, sources inside OUT (outputs could overwrite them) and outputs that would collide."""
    real_out = os.path.realpath(out) if out is not None else None
    for path in sources:
        if not path.exists() and not path.is_symlink():
            raise SetupError(f"{path}: no such file or folder")
        real = os.path.realpath(path)
        if real == real_out:
            raise SetupError(f"{path}: the output folder is the input folder; choose another -o")
        if real_out is not None and real.startswith(real_out + os.sep):
            raise SetupError(f"{path}: is inside the output folder {out}; outputs could overwrite it, choose another -o")
    names = [_name(path) for path in sources]
    if len(names) > 1 and len(set(names)) < len(names):
        raise SetupError(f"two inputs are named {max(names, key=names.count)!r}: their outputs would go to the same place in OUT")


def find_inputs(
    sources: list[Path], out: Path | None, forced: str | None = None, reserved: dict[str, str] | None = None
) -> Iterator[Input | InputError]:
    """Every input (or the reason a file or folder cannot be one), in a stable order.

    One folder is mirrored straight into OUT; with several sources each goes under its
    own name. In folders, files are chosen by extension, or all of them with ``forced``;
    a file named on the command line is read as ``forced`` or by extension, else as text.
    ``reserved`` maps output paths taken by the run's own files (the record) to what they are.
    """
    walker = _Walker(out, forced, reserved or {})
    mirror = len(sources) == 1 and sources[0].is_dir()
    for path in sources:
        if path.is_dir():
            yield from walker.walk(str(path), "" if mirror else f"{_name(path)}/", frozenset())
        else:
            fmt, compressed = detect(path.name, forced)
            fmt = fmt or "txt"
            yield walker.input(str(path), output_name(_name(path), fmt, compressed), fmt, compressed, walking=False)


class _Walker:
    """Paths are plain strings here: a folder of a million files makes a million of them, twice."""

    def __init__(self, out: Path | None, forced: str | None, reserved: dict[str, str]):
        self.forced, self.reserved = forced, reserved
        self.out_id = _identity(out) if out is not None and out.is_dir() else None
        self.real_out = os.path.realpath(out) + os.sep if out is not None else None

    def walk(self, folder: str, prefix: str, above: frozenset) -> Iterator[Input | InputError]:
        """The inputs in ``folder``, whose outputs go under ``prefix`` (empty, or ending in ``/``)."""
        try:
            identity = _identity(folder)
            if identity == self.out_id:
                return
            if identity in above:
                yield InputError(folder, "symlink loop: leads back to a folder above it")
                return
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            yield InputError(folder, f"cannot list the folder ({error.strerror or error})")
            return
        above |= {identity}
        taken: dict[str, str] = {}  # output name -> the input that has it
        for entry in entries:
            if entry.name.startswith(".") or (entry.is_symlink() and self._into_out(entry.path)):
                continue
            if _is_dir(entry):
                yield from self.walk(entry.path, f"{prefix}{entry.name}/", above)
                continue
            fmt, compressed = detect(entry.name, self.forced)
            if fmt is None:
                continue
            name = output_name(entry.name, fmt, compressed)
            if name in taken:
                yield InputError(entry.path, f"its output {prefix}{name} would overwrite the output of {taken[name]}; rename one of them")
                continue
            taken[name] = entry.name
            yield self.input(entry.path, prefix + name, fmt, compressed)

    def input(self, path: str, doc: str, fmt: str, compressed: bool, walking: bool = True) -> Input | InputError:
        """The input at ``path``; in a folder walk, only a regular file (a FIFO would block the run)."""
        if doc in self.reserved:
            return InputError(path, f"its output {doc} would overwrite {self.reserved[doc]}; rename it")
        try:
            status = os.stat(path)
        except OSError as error:
            broken = isinstance(error, FileNotFoundError) and os.path.islink(path)
            return InputError(path, f"broken symlink (its target {os.readlink(path)} does not exist)" if broken else reason(error))
        if walking and not stat.S_ISREG(status.st_mode):
            return InputError(path, "not a regular file")
        return Input(path, doc, fmt, compressed, status.st_size)

    def _into_out(self, path: str) -> bool:
        return self.real_out is not None and os.path.realpath(path).startswith(self.real_out)


def _name(path: Path) -> str:
    return Path(os.path.abspath(path)).name


def _identity(path: str | Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False

