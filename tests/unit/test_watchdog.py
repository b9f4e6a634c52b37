"""The shared deadline watchdog (``_watchdog``): fires what is due, in order, and nothing cancelled,
on one thread whatever the number of calls."""

from __future__ import annotations

import threading
import time
from typing import Any

from modelruns._watchdog import _Watchdog


def test_the_watchdog_fires_what_is_due_in_order_and_nothing_cancelled() -> None:
    watchdog = _Watchdog()
    fired: list[str] = []
    done = threading.Event()

    def note(name: str) -> Any:
        def action() -> None:
            fired.append(name)
            if name == "late":
                done.set()

        return action

    watchdog.schedule(0.06, note("late"))
    watchdog.schedule(0.02, note("early"))
    watchdog.schedule(0.01, note("cancelled")).cancel()
    assert done.wait(5)
    assert fired == ["early", "late"]


def test_the_watchdog_uses_one_thread_and_sweeps_cancelled_entries() -> None:
    watchdog = _Watchdog()
    before = threading.active_count()
    for _ in range(1000):
        watchdog.schedule(60.0, lambda: None).cancel()
    assert threading.active_count() <= before + 1
    assert len(watchdog._heap) <= 200
    fired = threading.Event()
    watchdog.schedule(0.01, fired.set)
    assert fired.wait(5)
    time.sleep(0.01)
