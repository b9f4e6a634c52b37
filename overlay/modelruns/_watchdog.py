"""One daemon thread that runs each due action: the cut of a sync call whose time is up."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable

from modelruns._log import LOGGER

__all__: list[str] = []  # the engine's, and conformance's guard's


class _Alarm:
    """One scheduled action of the ``_Watchdog``; ``cancel()`` before it fires stops it."""

    __slots__ = ("action", "cancelled", "watchdog")

    def __init__(self, action: Callable[[], None], watchdog: _Watchdog) -> None:
        self.action = action
        self.cancelled = False
        self.watchdog = watchdog

    def cancel(self) -> None:
        # One attribute store: atomic, and the watchdog reads it under its lock before firing.
        self.cancelled = True
        self.watchdog.forget()


class _Watchdog:
    """One daemon thread that runs each sync call's ``Deadline.cut`` when its time comes.

    A ``threading.Timer`` per call starts a thread per request, and waits for it to start:
    on a busy machine that costs milliseconds, longer than decoding a page. Here a call adds
    an entry to a heap and, only when it becomes the earliest, wakes the thread. Cancelled
    entries are dropped when they reach the top, and the heap is rebuilt without them once
    they are most of it, so it stays as small as the calls in flight.
    """

    def __init__(self) -> None:
        self._wake = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, _Alarm]] = []
        self._order = itertools.count()
        self._cancelled = 0
        self._thread: threading.Thread | None = None

    def schedule(self, seconds: float, action: Callable[[], None]) -> _Alarm:
        alarm = _Alarm(action, self)
        with self._wake:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), alarm))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="modelruns-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is alarm:
                self._wake.notify()
        return alarm

    def forget(self) -> None:
        """Count one cancellation; sweep the heap once cancelled entries are most of it."""
        with self._wake:
            self._cancelled += 1
            if self._cancelled > 64 and self._cancelled * 2 > len(self._heap):
                self._heap = [entry for entry in self._heap if not entry[2].cancelled]
                heapq.heapify(self._heap)
                self._cancelled = 0

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                    self._cancelled = max(self._cancelled - 1, 0)
                if not self._heap:
                    self._wake.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                alarm = heapq.heappop(self._heap)[2]
                self._wake.release()
                try:
                    alarm.action()
                except Exception:
                    LOGGER.debug("a deadline action failed", exc_info=True)
                finally:
                    self._wake.acquire()

    def _after_fork(self) -> None:
        # The thread does not survive a fork (and its lock may have been held): start afresh.
        self.__init__()  # type: ignore[misc]


_WATCHDOG = _Watchdog()
