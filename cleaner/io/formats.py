"""Input formats: plain text, HTML (main text extracted with trafilatura), JSON Lines; any of them gzip-compressed.

The format comes from the file name (``.txt``, ``.html``/``.htm``, ``.jsonl``, each
optionally followed by ``.gz``) unless one is forced. Every read failure becomes an
``InputError`` with a reason a person can act on.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from .encoding import InputError, decode
from .record import dumps

FORMATS = ("txt", "html", "jsonl")
_BY_SUFFIX = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
READ_ERRORS = (OSError, EOFError, zlib.error)  # what reading a file, maybe gzipped, raises


def detect(name: str, forced: str | None = None) -> tuple[str | None, bool]:
    """``(format, gzip-compressed)`` of a file name: ``forced``, else by extension (None: not an input)."""
    compressed = name.lower().endswith(".gz")
    stem = name[:-3] if compressed else name
    return forced or _BY_SUFFIX.get(os.path.splitext(stem)[1].lower()), compressed


def output_name(name: str, fmt: str, compressed: bool) -> str:
    """The name of the clean output: uncompressed, and HTML becomes text (``page.html.gz`` -> ``page.txt``)."""
    stem = name[:-3] if compressed else name
    if fmt != "html":
        return stem
    base, suffix = os.path.splitext(stem)
    return f"{base}.txt" if suffix.lower() in (".html", ".htm") else f"{stem}.txt"


def reason(error: Exception) -> str:
    """Why a file could not be opened, read or decompressed, in words."""
    if isinstance(error, EOFError):
        return "the gzip file is cut short"
    if isinstance(error, zlib.error):
        return f"corrupt gzip data ({error})"
    if isinstance(error, gzip.BadGzipFile):
        return "not a valid gzip file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file (or a broken symlink)"
    if isinstance(error, OSError) and error.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    return f"cannot read ({getattr(error, 'strerror', None) or error})"


def read_bytes(path: Path, max_bytes: int | None = None, compressed: bool = False) -> bytes:
    """The bytes of a file (decompressed), at most ``max_bytes``; raises InputError."""
    try:
        if compressed:
            with gzip.open(path) as file:
                data = file.read(-1 if max_bytes is None else max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:
                raise InputError(path, f"larger than the {max_bytes:,} byte limit once decompressed")
        else:
            if max_bytes is not None and path.stat().st_size > max_bytes:
                raise InputError(path, f"file is larger than the {max_bytes:,} byte limit")
            data = path.read_bytes()
    except READ_ERRORS as error:
        raise InputError(path, reason(error)) from None
    if not data:
        raise InputError(path, "empty file")
    return data


def read_document(path: Path, max_bytes: int | None = None) -> tuple[bytes, str, str]:
    """``(data, text, encoding)`` of a text file; raises InputError."""
    data = read_bytes(path, max_bytes)
    text, encoding = decode(data, path)
    return data, text, encoding


def extractor() -> str:
    """The HTML extractor and its version, as the record states it."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract_html(data: bytes, path: Path) -> str:
    """The main text of an HTML page (trafilatura finds its encoding; comment threads left out); raises InputError."""
    import trafilatura  # imported on first use: it takes half a second

    text = trafilatura.extract(data, include_comments=False)
    if not text:
        raise InputError(path, "no article text found in the HTML")
    return text


def jsonl_lines(path: Path, compressed: bool, max_bytes: int) -> Iterator[tuple[int, bytes | InputError, int]]:
    """Stream a JSONL file: ``(line number, the line's bytes or why it was skipped, file bytes read since the last one)``.

    Memory stays bounded: a line over ``max_bytes`` is skipped in pieces. Blank lines
    are passed over; a file that cannot be read (further) ends with an error.
    """
    try:
        raw = open(path, "rb")
    except OSError as error:
        yield 0, InputError(path, reason(error)), 0
        return
    with raw:
        stream = gzip.GzipFile(fileobj=raw) if compressed else raw
        number = position = 0
        try:
            while line := stream.readline(max_bytes + 1):
                number += 1
                too_long = len(line) > max_bytes and not line.endswith(b"\n")
                while too_long and not line.endswith(b"\n") and (line := stream.readline(1 << 20)):
                    pass
                data = line.rstrip(b"\r\n")
                if number == 1:
                    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
                if too_long or data.strip():
                    consumed, position = raw.tell() - position, raw.tell()
                    yield number, InputError(path, f"line is larger than the {max_bytes:,} byte limit", number) if too_long else data, consumed
            if number == 0:
                yield 0, InputError(path, "empty file"), raw.tell()
        except READ_ERRORS as error:
            yield number + 1, InputError(path, reason(error), number + 1), raw.seek(0, 2) - position


def jsonl_document(data: bytes, field: str) -> tuple[dict, str]:
    """The JSON object on one JSONL line and the text in its ``field``; raises ValueError with the reason."""
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start + 1}); JSON Lines must be UTF-8") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    if field not in value:
        raise ValueError(f"has no {field!r} field (choose the text field with --text-field)")
    if not isinstance(value[field], str):
        raise ValueError(f"its {field!r} field is not a string")
    return value, value[field]


def jsonl_line(document: dict, field: str, text: str) -> bytes:
    """The JSONL line of ``document`` with ``field`` replaced by ``text``; other fields keep their values and order."""
    return dumps({**document, field: text}).encode("utf-8")
