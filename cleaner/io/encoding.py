"""Decoding input bytes without loss, so ``encode(*decode(data)) == data`` always holds.

UTF-8 first; UTF-16 with a byte-order mark; UTF-8 with the odd invalid byte kept
as a lone surrogate (``surrogateescape``); then Windows-1252, then Latin-1, which
decodes anything. Files with NUL bytes (outside UTF-16) are refused as binary.
"""

from __future__ import annotations

import codecs
from pathlib import Path

SURROGATEESCAPE = "utf-8+surrogateescape"


class InputError(Exception):
    """An input that cannot be cleaned, with the reason in words."""

    def __init__(self, path: str | Path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


def encode(text: str, encoding: str) -> bytes:
    if encoding == SURROGATEESCAPE:
        return text.encode("utf-8", "surrogateescape")
    return text.encode(encoding)


def _candidates(data: bytes) -> list[str]:
    if data.startswith(codecs.BOM_UTF16_LE) and not data.startswith(codecs.BOM_UTF32_LE):
        return ["utf-16-le"]
    if data.startswith(codecs.BOM_UTF16_BE):
        return ["utf-16-be"]
    return ["utf-8", SURROGATEESCAPE, "cp1252", "latin-1"]


def decode(data: bytes, path: str | Path = "<input>") -> tuple[str, str]:
    """``(text, encoding)`` for ``data``; raises InputError for binary data."""
    candidates = _candidates(data)
    if b"\x00" in data and not candidates[0].startswith("utf-16"):
        raise InputError(path, "binary file (contains NUL bytes), not text")
    for encoding in candidates:
        try:
            if encoding == SURROGATEESCAPE:
                text = data.decode("utf-8", "surrogateescape")
                if all(0xDC80 <= ord(c) <= 0xDCFF for c in text if ord(c) > 127):
                    continue  # no valid UTF-8 sequence at all: a legacy single-byte encoding
            else:
                text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encode(text, encoding) == data:
            return text, encoding
    raise InputError(path, "cannot be decoded without loss")  # pragma: no cover - latin-1 decodes anything


def read_document(path: Path, max_bytes: int | None = None) -> tuple[bytes, str, str]:
    """``(data, text, encoding)`` of a file; raises InputError with a reason a person can act on."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise InputError(path, f"file is larger than the {max_bytes:,} byte limit")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except FileNotFoundError:
        raise InputError(path, "no such file (or a broken symlink)") from None
    except OSError as error:
        raise InputError(path, f"cannot read ({error.strerror or error})") from None
    if not data:
        raise InputError(path, "empty file")
    text, encoding = decode(data, path)
    return data, text, encoding
