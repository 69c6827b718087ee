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
    """An input that cannot be cleaned, with the reason in words (and the line, for a JSONL line)."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), reason, line
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


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
    # Only UTF-16 can fail here (Latin-1 decodes anything): a byte-order mark on bytes that are not UTF-16.
    raise InputError(path, f"has a {candidates[0].upper()} byte-order mark but is not valid {candidates[0].upper()}")
