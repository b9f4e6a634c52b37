"""The shared deadline watchdog (``_watchdog``): fires what is due, in order, and nothing cancelled,
on one thread whatever the number of calls."""

from __future__ import annotations

import threading
import time
from typing import Any

from modelruns._watchdog import Alarms


def test_the_watchdog_fires_what_is_due_in_order_and_nothing_cancelled() -> None:
    watchdog = Alarms()
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
    watchdog = Alarms()
    before = threading.active_count()
    for _ in range(1000):
        watchdog.schedule(60.0, lambda: None).cancel()
    assert threading.active_count() <= before + 1
    assert len(watchdog._heap) <= 200
    fired = threading.Event()
    watchdog.schedule(0.01, fired.set)
    assert fired.wait(5)
    time.sleep(0.01)


def test_an_action_runs_after_its_delay() -> None:
    alarms = Alarms()
    fired = threading.Event()
    started = time.monotonic()
    alarms.schedule(0.2, fired.set)
    assert fired.wait(5)
    assert time.monotonic() - started >= 0.19


def test_a_cancelled_action_never_runs() -> None:
    alarms = Alarms()
    ran: list[str] = []
    alarms.schedule(0.1, lambda: ran.append("cancelled")).cancel()
    done = threading.Event()
    alarms.schedule(0.3, done.set)
    assert done.wait(5)
    assert ran == []


def test_an_earlier_alarm_wakes_the_thread_waiting_for_a_later_one() -> None:
    alarms = Alarms()
    order: list[str] = []
    late = threading.Event()

    def last() -> None:
        order.append("late")
        late.set()

    alarms.schedule(1.0, last)
    alarms.schedule(0.05, lambda: order.append("early"))
    assert late.wait(5)
    assert order == ["early", "late"]


def test_many_cancellations_leave_only_the_live_alarms() -> None:
    alarms = Alarms()
    for _ in range(200):
        alarms.schedule(60, lambda: None).cancel()
    done = threading.Event()
    alarms.schedule(0.01, done.set)
    assert done.wait(5)
    assert len(alarms._heap) < 100
