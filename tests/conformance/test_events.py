"""`_events`: the engine's events into the report; ``--max-time`` stops the engine."""

from __future__ import annotations

import threading
import time
from typing import Any

from modelruns._specs import load_spec
from modelruns.conformance import _guard
from modelruns.conformance._auth import build_auth, install_auth
from modelruns.conformance._events import execute
from modelruns.conformance._masking import Masker
from modelruns.conformance._schema import load_schema, operations
from modelruns.conformance._types import OperationResult, Report
from modelruns.stubs import Credentials, base_path, create_app


def _run(
    stop_at: float | None, max_examples: int, interrupt_at: int | None = None
) -> tuple[Report, dict[str, OperationResult]]:
    schema = load_schema(
        load_spec("dataplatform"),
        "http://localhost" + base_path("dataplatform"),
        max_examples=max_examples,
        seed=1,
        app=create_app("dataplatform"),
    )
    install_auth(schema, build_auth("dataplatform", Credentials()))
    guard = _guard.RunGuard(allow_writes=True, timeout=5)
    report = Report(provider="dataplatform", base_url="in-process app")
    results = {op.label: OperationResult(label=op.label) for op in operations(schema)}
    seen: list[tuple[str, int, int]] = []

    def progress(*update: Any) -> None:
        seen.append(update)
        if interrupt_at is not None and len(seen) == interrupt_at:
            raise KeyboardInterrupt  # as a Ctrl-C landing in this loop, not in the engine's

    execute(schema, guard, report, results, Masker([], []), progress, stop_at)
    assert seen[0] == ("", 0, 0)
    return report, results


def test_finished_scenarios_fill_their_operations() -> None:
    report, results = _run(None, 1)
    assert not report.interrupted
    assert not report.max_time_reached
    assert sum(result.requests for result in results.values()) > 0
    assert any(result.statuses for result in results.values())


def test_a_bound_that_passes_stops_the_engine_and_is_not_an_interruption() -> None:
    started = time.monotonic()
    report, _ = _run(time.monotonic() + 1, 100)
    assert report.max_time_reached
    assert not report.interrupted
    assert time.monotonic() - started < 30


def test_an_interruption_in_our_loop_stops_the_engine_and_leaves_no_worker_running() -> None:
    before = set(threading.enumerate())
    started = time.monotonic()
    report, _ = _run(None, 200, interrupt_at=2)
    assert report.interrupted
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == [], f"engine threads still running after the run: {left}"
    assert time.monotonic() - started < 30
