"""One scheduled job per work directory: an exclusive ``fcntl`` lock on ``DIR/schedule.lock``.

The kernel drops the lock when the holder exits (even on SIGKILL), so a stale file never blocks a run.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from corpus.errors import CorpusError

LOCK_NAME = "schedule.lock"


class RunLock:
    def __init__(self, workdir: Path) -> None:
        self.path = Path(workdir) / LOCK_NAME
        self._f: IO[str] | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        f = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "?"
            f.close()
            raise CorpusError(
                f"another `corpus schedule` is already running on {self.path.parent} (pid {holder}; "
                f"lock {self.path}); this one exits without running"
            ) from None
        f.seek(0)
        f.truncate()
        f.write(f"{os.getpid()}\n")
        f.flush()
        self._f = f
        return self

    def release(self) -> None:
        if self._f is not None:
            fcntl.flock(self._f.fileno(), fcntl.LOCK_UN)
            self._f.close()
            self._f = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
