"""A sign of life at a fixed interval, from a background thread, while some long work runs.

    with Heartbeat(say_alive, every=30.0):
        long_work()

``say_alive`` runs every ``every`` seconds until the block ends; an error in it is logged and the beats
go on (a beat that could not be written is not a reason to stop the work).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger(__name__)


class Heartbeat:
    def __init__(self, beat: Callable[[], None], *, every: float) -> None:
        if every <= 0:
            raise ValueError("a heartbeat needs a positive interval")
        self.beat = beat
        self.every = every
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.beat()
                self.beats += 1
            except Exception:  # the work goes on; the log says why a beat was missed
                log.warning("heartbeat failed", exc_info=True)
