"""A small progress bar on stderr for long runs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """``[#####.....]  45%  4500/10000 samples  3.1 s``, redrawn at most 10 times a second."""

    def __init__(self, total: int, what: str = "samples", stream: TextIO | None = None) -> None:
        self.total = total
        self.what = what
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int) -> None:
        """Show ``done`` of the total."""
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        share = done / self.total if self.total else 1.0
        bar = "#" * int(30 * share)
        self.stream.write(
            f"\r[{bar:<30}] {100 * share:3.0f}%  {done}/{self.total} {self.what}"
            f"  {now - self.start:.1f} s"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def wanted(flag: bool, json_mode: bool, stream: TextIO | None = None) -> bool:
    """Show a bar with ``--progress``, or when stderr is a terminal; never in ``--json`` mode."""
    if json_mode:
        return False
    return flag or (stream or sys.stderr).isatty()
