"""The process's one clock thread: it runs each scheduled action when its time comes.

It keeps the whole-call deadline of a sync call whose transport is not the SDK's own (a caller's
``http_client=``, or environment proxies: the action is ``Deadline.cut``), and conformance's
bounds: the total time of every request a run sends (its guard shuts the socket) and the run's
``--max-time`` (the engine is stopped). A ``threading.Timer`` per request would start a thread
for each of the thousands sent, and wait for it to start; here a request adds an entry to a heap
and wakes the thread only when that entry becomes the earliest. Cancelled entries are dropped
when they reach the top, and swept once they are most of the heap. A forked child starts afresh.
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable

from modelruns._log import LOGGER

__all__ = ["ALARMS", "Alarm", "Alarms"]


class Alarm:
    """One scheduled action; `cancel` it when it is no longer wanted."""

    __slots__ = ("_owner", "action", "cancelled")

    def __init__(self, action: Callable[[], None], owner: Alarms) -> None:
        self.action = action
        self.cancelled = False
        self._owner = owner

    def cancel(self) -> None:
        """The action will not run (if it has not started already)."""
        if not self.cancelled:
            self.cancelled = True
            self._owner.forget()


class Alarms:
    """A heap of alarms and the one thread that fires them, started on first use."""

    def __init__(self) -> None:
        self._wake = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, Alarm]] = []
        self._order = itertools.count()
        self._cancelled = 0
        self._thread: threading.Thread | None = None

    def schedule(self, seconds: float, action: Callable[[], None]) -> Alarm:
        """Run ``action`` (on the alarm thread) ``seconds`` from now, unless cancelled first."""
        alarm = Alarm(action, self)
        with self._wake:
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), alarm))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="modelruns-alarms", daemon=True
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
                    LOGGER.debug("a scheduled action failed", exc_info=True)
                finally:
                    self._wake.acquire()

    def _after_fork(self) -> None:
        # The thread does not survive a fork, and its lock may have been held: start afresh.
        self.__init__()  # type: ignore[misc]


#: The alarms of this process (a forked child gets its own).
ALARMS = Alarms()
os.register_at_fork(after_in_child=ALARMS._after_fork)
