"""Waits against stubs whose runs take time (`run_seconds`): success, failure, cancellation
during the wait, a status the spec lacks, and a stub killed mid-wait; sync and async."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from modelruns import (
    APIConnectionError,
    Deviation,
    PollPolicy,
    RunStatus,
    WaitTimeoutError,
    dataplatform,
    foundry,
)
from modelruns._run import to_run
from modelruns.stubs import StubServer
from tests.stubs.conftest import Serve

RUN_SECONDS = 0.5
FAST = PollPolicy(max_interval=0.2)


def test_a_triggered_run_is_waited_on_until_it_succeeds(serve: Serve) -> None:
    server = serve("dataplatform", runs=1, run_seconds=RUN_SECONDS)
    seen: list[str] = []
    with dataplatform.Client(**server.client_options()) as client:
        run = client.trigger_model_run(project_name="analytics")
        started = time.monotonic()
        final = client.wait_for_model_run(
            run.id,
            poll_interval=0.05,
            on_poll=lambda r: seen.append(str(r.status)),
            poll_policy=FAST,
        )
    assert str(final.status) == "SUCCESS"
    assert to_run(final).status is RunStatus.SUCCEEDED
    assert time.monotonic() - started >= RUN_SECONDS * 0.8
    # It passed through its active states, in order (PENDING lasts a tenth of a second, which
    # a loaded machine's first poll may miss), and ended once.
    assert seen[-1] == "SUCCESS"
    assert seen.count("SUCCESS") == 1
    assert "RUNNING" in seen
    assert seen == sorted(seen, key=["PENDING", "RUNNING", "SUCCESS"].index)


def test_a_failed_run_is_returned_not_raised(serve: Serve) -> None:
    server = serve("dataplatform", runs=1, run_seconds=RUN_SECONDS, fail_rate=1.0)
    with dataplatform.Client(**server.client_options()) as client:
        run = client.trigger_model_run(project_name="analytics")
        final = client.wait_for_model_run(run.id, poll_interval=0.05, poll_policy=FAST)
    assert str(final.status) == "FAILED"
    assert final.error_message


def test_a_run_cancelled_during_the_wait_ends_it_cancelled(serve: Serve) -> None:
    server = serve("dataplatform", runs=1, run_seconds=30)
    with dataplatform.Client(**server.client_options()) as client:
        run = client.trigger_model_run(project_name="analytics")
        canceller = threading.Timer(0.3, lambda: client.cancel_model_run(run.id))
        canceller.start()
        try:
            started = time.monotonic()
            final = client.wait_for_model_run(
                run.id, timeout=10, poll_interval=0.05, poll_policy=FAST
            )
        finally:
            canceller.cancel()
    assert str(final.status) == "CANCELLED"
    assert time.monotonic() - started < 5


def test_a_status_the_spec_lacks_keeps_the_wait_going_and_is_reported_once(
    serve: Serve,
) -> None:
    server = serve("dataplatform", runs=1, run_seconds=RUN_SECONDS, deviations=["enum-out-of-spec"])
    reported: list[Deviation] = []
    with dataplatform.Client(
        **server.client_options(), strict=False, on_deviation=reported.append
    ) as client:
        run = client.trigger_model_run(project_name="analytics")
        with pytest.raises(WaitTimeoutError) as raised:
            client.wait_for_model_run(run.id, timeout=1.0, poll_interval=0.05, poll_policy=FAST)
    # Past run_seconds the stub's run is final, but every answer says NOT_IN_SPEC: never final.
    assert str(raised.value.last.status) == "NOT_IN_SPEC"
    assert to_run(raised.value.last).status is RunStatus.UNKNOWN
    on_status = [d for d in reported if d.path == "$.status"]
    assert [(d.operation, d.kind) for d in on_status] == [
        ("triggerModelRun", "enum"),
        ("getModelRun", "enum"),
    ]


def test_a_stub_killed_mid_wait_ends_it_in_bounded_time_with_a_clear_error() -> None:
    server = StubServer("dataplatform", runs=1, run_seconds=60).start()
    try:
        client = dataplatform.Client(**server.client_options())
        run = client.trigger_model_run(project_name="analytics")
        killer = threading.Timer(0.3, server.stop)
        killer.start()
        started = time.monotonic()
        with pytest.raises(APIConnectionError, match="could not be reached for the last") as raised:
            client.wait_for_model_run(run.id, timeout=2.0, poll_interval=0.05, poll_policy=FAST)
        elapsed = time.monotonic() - started
        killer.join()
    finally:
        server.stop()
        client.close()
    assert not isinstance(raised.value, WaitTimeoutError)
    assert 1.5 < elapsed < 2.0 + 3.0  # the wait's bound, with a loaded machine's margin


def test_a_foundry_launch_is_waited_on_through_the_list(serve: Serve) -> None:
    server = serve("foundry", runs=3, run_seconds=RUN_SECONDS, fail_rate=1.0)
    studio = server.app.stub.studio_rid  # type: ignore[attr-defined]
    polls: list[Any] = []
    with foundry.Client(**server.client_options()) as client:
        run = client.launch_model_studio(studio)
        final = client.wait_for_model_studio_run(
            studio, run.run_id, poll_interval=0.05, on_poll=polls.append, poll_policy=FAST
        )
    assert final.run_id == run.run_id
    assert str(final.build_status) == "FAILED"
    assert str(polls[0].build_status) == "RUNNING"


async def test_async_waits_against_the_stubs(serve: Serve) -> None:
    dp = serve("dataplatform", runs=1, run_seconds=RUN_SECONDS)
    fd = serve("foundry", runs=2, run_seconds=RUN_SECONDS)
    studio = fd.app.stub.studio_rid  # type: ignore[attr-defined]
    async with dataplatform.AsyncClient(**dp.client_options()) as client:
        run = await client.trigger_model_run(project_name="analytics")
        final = await client.wait_for_model_run(run.id, poll_interval=0.05, poll_policy=FAST)
        assert str(final.status) == "SUCCESS"
        other = await client.trigger_model_run(project_name="analytics")
        with pytest.raises(WaitTimeoutError) as raised:
            await client.wait_for_model_run(other.id, timeout=0.2, poll_interval=0.05)
        assert str(raised.value.last.status) in {"PENDING", "RUNNING"}
    async with foundry.AsyncClient(**fd.client_options()) as fclient:
        launched = await fclient.launch_model_studio(studio)
        done = await fclient.wait_for_model_studio_run(
            studio, launched.run_id, poll_interval=0.05, poll_policy=FAST
        )
        assert str(done.build_status) == "SUCCEEDED"
