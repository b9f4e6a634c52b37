"""Conformance's own alarm thread: actions run when their time comes, cancelled ones never."""

from __future__ import annotations

import threading
import time

from modelruns.conformance._alarms import Alarms


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
