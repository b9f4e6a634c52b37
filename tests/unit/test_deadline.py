"""The whole-call deadline (``_deadline``): its budget, its caps, its cut and the walk's cancel."""

from __future__ import annotations

import time

import httpx

from modelruns import dataplatform
from modelruns._deadline import Cancellation, Deadline, total_seconds
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
KEY = "dp-api-key-0123456789"


def dp(url: str, **options: object) -> dataplatform.Client:
    return dataplatform.Client(base_url=url, api_key=KEY, max_retries=0, **options)  # type: ignore[arg-type]


def test_the_budget_is_the_seconds_or_the_longest_phase_of_an_httpx_timeout() -> None:
    assert total_seconds(None) is None
    assert total_seconds(2) == 2.0
    assert total_seconds(httpx.Timeout(1.0, read=7.0)) == 7.0
    assert total_seconds(httpx.Timeout(None)) is None


def test_each_phase_is_capped_by_the_time_left() -> None:
    deadline = Deadline(2.0)
    capped = deadline.cap(httpx.Timeout(30.0, connect=1.0))
    assert capped.connect == 1.0
    assert capped.read is not None
    assert 1.9 < capped.read <= 2.0
    assert Deadline(None).cap(5.0) == 5.0  # unbounded: the timeout as given
    unbounded = Deadline(1.0).cap(None)
    assert unbounded.pool is not None
    assert unbounded.pool <= 1.0


def test_the_deadline_expires_with_the_clock() -> None:
    deadline = Deadline(0.05)
    assert not deadline.expired()
    time.sleep(0.06)
    assert deadline.expired()
    assert deadline.passed
    assert deadline.remaining() == 0.0
    assert Deadline(None).remaining() is None


def test_a_cancellation_cuts_the_attempts_in_progress_and_refuses_new_ones() -> None:
    cancellation = Cancellation()
    running, finished = Deadline(None), Deadline(None)
    assert cancellation.enter(running)
    assert cancellation.enter(finished)
    cancellation.leave(finished)
    cancellation.cancel()
    assert running.passed
    assert not finished.passed
    assert not cancellation.enter(Deadline(None))


def test_a_cut_shuts_the_socket_of_the_stream_it_knows() -> None:
    shut: list[int] = []

    class Socket:
        def shutdown(self, how: int) -> None:
            shut.append(how)

    class Stream:
        def get_extra_info(self, info: str) -> object:
            return Socket() if info == "socket" else None

    deadline = Deadline(5.0)
    deadline.stream = Stream()
    deadline.cut()
    assert shut
    assert deadline.passed


def test_a_custom_transport_keeps_the_per_read_bound() -> None:
    """No httpcore pool to look in: the lookup finds nothing and the call still ends."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=example("dataplatform", "getModelRun"))

    http = httpx.Client(transport=httpx.MockTransport(handler))
    deadline = Deadline(5.0)
    request = http.build_request("GET", "http://example.invalid/x")
    deadline.watch(request, http)
    deadline.cut()  # must not raise, whatever the transport
    assert deadline.passed
    with dp("http://example.invalid", timeout=1.0, http_client=http) as client:
        assert str(client.get_model_run(RUN_ID).id) == RUN_ID
    assert len(seen) == 1
