"""`_events`: the engine's events into the report; ``--max-time`` stops the engine."""

from __future__ import annotations

import time

from modelruns._specs import load_spec
from modelruns.conformance import _guard
from modelruns.conformance._auth import build_auth, install_auth
from modelruns.conformance._events import execute
from modelruns.conformance._masking import Masker
from modelruns.conformance._schema import load_schema, operations
from modelruns.conformance._types import OperationResult, Report
from modelruns.stubs import Credentials, base_path, create_app


def _run(stop_at: float | None, max_examples: int) -> tuple[Report, dict[str, OperationResult]]:
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
    execute(schema, guard, report, results, Masker([], []), lambda *a: seen.append(a), stop_at)
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
