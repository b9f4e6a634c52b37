"""The engine's events of a run, collected into its `Report` (``--max-time`` stops the engine).

Each finished scenario adds its requests, statuses and check results to the operation it
exercised; a failure is kept once per check and title, with a masked curl command that
reproduces it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import schemathesis
from schemathesis.core.errors import NoLinksFound
from schemathesis.engine import events, from_schema
from schemathesis.schemas import BaseSchema

from modelruns._watchdog import ALARMS

from . import _guard
from ._masking import Masker
from ._types import CheckFailure, OperationResult, Report

__all__ = ["Progress", "execute"]

#: Called after each scenario with the operation label, its requests and failures so far.
Progress = Callable[[str, int, int], None]


def _curl(event: events.ScenarioFinished, case_id: str, masker: Masker) -> str:
    recorder = event.recorder
    interaction = recorder.interactions.get(case_id)
    if interaction is None:
        node = recorder.cases.get(case_id)
        return masker.text(node.value.as_curl_command()) if node is not None else ""
    request = interaction.request
    headers = [(name, value) for name, values in request.headers.items() for value in values]
    return masker.curl(request.method, request.uri, headers, request.body)


def _collect(
    event: events.ScenarioFinished, results: dict[str, OperationResult], masker: Masker
) -> None:
    recorder, elapsed = event.recorder, event.elapsed_time

    def result_for(case_id: str) -> OperationResult | None:
        node = recorder.cases.get(case_id)
        if node is None:
            return None
        label = node.value.operation.label
        return results.setdefault(label, OperationResult(label=label))

    sent_for: dict[str, int] = {}
    for case_id, sent in recorder.interactions.items():
        result = result_for(case_id)
        if result is not None:
            result.requests += 1
            sent_for[result.label] = sent_for.get(result.label, 0) + 1
            if sent.response is not None:
                code = sent.response.status_code
                result.statuses[code] = result.statuses.get(code, 0) + 1
    total = sum(sent_for.values())
    for label, count in sent_for.items():
        results[label].elapsed_seconds += elapsed * count / total
    for case_id, checks in recorder.checks.items():
        result = result_for(case_id)
        if result is None:
            continue
        for check in checks:
            if check.failure_info is None:
                result.checks_passed += check.status == schemathesis.engine.Status.SUCCESS
                continue
            result.checks_failed += 1
            failure = check.failure_info.failure
            if any(f.check == check.name and f.title == failure.title for f in result.failures):
                continue
            failing_id = failure.case_id or case_id
            interaction = recorder.interactions.get(failing_id)
            status = None
            if interaction is not None and interaction.response is not None:
                status = interaction.response.status_code
            result.failures.append(
                CheckFailure(
                    check=check.name,
                    title=masker.text(failure.title),
                    message=masker.text(failure.message),
                    curl=_curl(event, failing_id, masker),
                    status_code=status,
                )
            )


def execute(
    schema: BaseSchema,
    guard: _guard.RunGuard,
    report: Report,
    results: dict[str, OperationResult],
    masker: Masker,
    progress: Progress | None,
    stop_at: float | None,
) -> None:
    """Run the engine and collect its events into ``report``.

    ``stop_at`` (a `time.monotonic` instant, from ``--max-time``) bounds the run: when it
    passes, the engine is stopped as an interruption stops it: the scenario in flight finishes
    first (its requests are bounded by the request timeout) and the engine drops what it found.
    The report then says that the bound ended the run; it is not an interruption.
    """
    bound_reached = threading.Event()
    alarm = None
    stream: Any = None  # the engine's EventStream, once started
    try:
        if progress is not None:
            progress("", 0, 0)
        stream = from_schema(schema).execute()
        if stop_at is not None:

            def stop() -> None:
                bound_reached.set()
                stream.stop()

            alarm = ALARMS.schedule(max(stop_at - time.monotonic(), 0.0), stop)
        for event in stream:
            if guard.hostile:
                # The server is not an API: nothing more it answers can prove anything.
                stream.stop()
            if isinstance(event, events.ScenarioFinished):
                _collect(event, results, masker)
                if progress is not None and event.label in results:
                    result = results[event.label]
                    progress(event.label, result.requests, len(result.failures))
            elif isinstance(event, events.Interrupted) and not bound_reached.is_set():
                # An interruption some executors catch themselves, ending only the operation in
                # flight: the whole run stops, as the user asked.
                report.interrupted = True
                stream.stop()
            elif isinstance(event, events.NonFatalError) and isinstance(event.value, NoLinksFound):
                report.notes.append(
                    "stateful sequences not run: every link they follow leads to or from an "
                    "operation this run leaves out"
                )
            elif isinstance(event, events.NonFatalError):
                message = masker.text(f"{type(event.value).__name__}: {event.value}")
                target = results.get(event.label)
                if target is not None and event.related_to_operation:
                    target.errors.append(message)
                else:
                    report.errors.append(f"{event.label}: {message}")
            elif isinstance(event, events.FatalError):
                exception = event.exception
                report.errors.append(masker.text(f"{type(exception).__name__}: {exception}"))
    except KeyboardInterrupt:
        report.interrupted = True
        if stream is not None:
            _wind_down(stream)
    finally:
        if alarm is not None:
            alarm.cancel()
    report.max_time_reached = bound_reached.is_set() and not report.interrupted


def _wind_down(stream: Any) -> None:  # an EventStream: stop(), then iterable
    """Stop the engine after an interruption our loop caught, and let its workers finish.

    The engine stops its worker threads only when it sees the interruption itself; one that
    lands in this module's loop would leave them running the rest of the run, and the process
    waiting for them. Each worker ends its scenario in flight (bounded by the request timeout);
    a second interruption gives up waiting.
    """
    stream.stop()
    with contextlib.suppress(KeyboardInterrupt):
        for _ in stream:
            pass
