"""SIGTERM/SIGINT handling for ``corpus schedule``: stop cleanly after the current step.

* while crawling: the signal is forwarded to the crawl process, whose Scrapy shutdown lets the requests in
  flight finish, closes the WARC file after its last whole record and leaves the crawl run unfinished (the
  next run resumes it); the cycle then ends without building.
* while building: :class:`Interrupted` is raised in the build, which removes its temporary directories;
  the ``LATEST`` snapshot is untouched.
* while sleeping: the wait ends at once.
"""

from __future__ import annotations

import signal
import subprocess
import threading
from typing import Any

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Interrupted(Exception):
    """Raised inside a build step when a stop signal arrives."""


class Stopper:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.child: subprocess.Popen[Any] | None = None
        self.in_build = False
        self.signal_name = ""
        self._old: dict[int, Any] = {}

    @property
    def stopped(self) -> bool:
        return self.event.is_set()

    def _handle(self, signum: int, frame: Any) -> None:
        self.signal_name = signal.Signals(signum).name
        self.event.set()
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)
        if self.in_build:
            self.in_build = False  # raise once
            raise Interrupted(self.signal_name)

    def sleep(self, seconds: float) -> bool:
        """Wait up to ``seconds``; True when a stop signal arrived."""
        return self.event.wait(max(0.0, seconds))

    def __enter__(self) -> Stopper:
        if threading.current_thread() is threading.main_thread():
            for s in SIGNALS:
                self._old[s] = signal.signal(s, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for s, old in self._old.items():
            signal.signal(s, old)
        self._old.clear()
