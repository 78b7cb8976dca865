"""Progress reporting for long commands: a live line on a terminal, plain log lines otherwise (CI, pipes).

Library code receives a :class:`Progress` (or None) and calls ``progress.step(...)``; only the CLI decides
where it goes. Everything goes to stderr, so stdout stays clean for results.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``phase(name, total)`` starts a phase; ``step(detail)`` advances it by one; ``done()`` ends it."""

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._name = ""
        self._total = 0
        self._count = 0
        self._start = 0.0

    def phase(self, name: str, total: int) -> None:
        self._name, self._total, self._count = name, total, 0
        self._start = time.monotonic()
        if not self.tty:
            self._write(f"{name}: {total} item(s)\n")

    def step(self, detail: str = "") -> None:
        self._count += 1
        elapsed = time.monotonic() - self._start
        line = f"{self._name} [{self._count}/{self._total}] {detail} ({elapsed:.1f}s)"
        if self.tty:
            self._write("\r\x1b[2K" + line[:200])
        else:
            self._write(line + "\n")

    def message(self, text: str) -> None:
        if self.tty:
            self._write("\r\x1b[2K")
        self._write(text + "\n")

    def done(self) -> None:
        if self.tty and self._count:
            self._write("\n")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
