"""The live progress bar of a directory run (tqdm, on stderr, only when it is a terminal)."""

from __future__ import annotations

import sys
import time


class Progress:
    """MB done of the total, documents, documents/s, MB/s and the time left; messages are printed above the bar."""

    def __init__(self, total_bytes: int, enabled: bool):
        self._bar = _bar(total_bytes) if enabled else None
        self._documents, self._started = 0, time.monotonic()

    def advance(self, size: int, documents: int) -> None:
        """``size`` more input bytes read, ``documents`` more documents done."""
        if self._bar is None:
            return
        self._documents += documents
        rate = self._documents / max(time.monotonic() - self._started, 1e-9)
        self._bar.set_postfix_str(f"{self._documents:,} docs, {rate:,.0f} docs/s", refresh=False)
        self._bar.update(size / 1e6)

    def write(self, message: str) -> None:
        """Print a line on stderr without garbling the bar."""
        if self._bar is None:
            print(message, file=sys.stderr)
        else:
            self._bar.write(message, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _bar(total_bytes: int):
    from tqdm import tqdm  # imported only for a bar: runs without one (off a terminal, -q) start faster

    return tqdm(
        total=total_bytes / 1e6,
        unit="MB",
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        bar_format="{percentage:3.0f}%|{bar}| {n:.1f}/{total:.1f} MB{postfix} [{elapsed}<{remaining}, {rate_noinv_fmt}]",
    )
