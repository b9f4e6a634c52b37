"""The SDK's own transport (``_transport``) keeps the call's deadline on the socket.

A raw-socket loopback server that drips bytes is cut at the deadline, sync and async, on a new
connection and on a reused keep-alive one; a cut from another thread ends a read in progress;
without a deadline the transport is httpx's plain pool; a forked child opens its own connections.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import httpx
import pytest

from modelruns import APITimeoutError, dataplatform
from modelruns._deadline import CALL_DEADLINE, Deadline
from modelruns._transport import AsyncDeadlineTransport, DeadlineTransport
from modelruns._watchdog import ALARMS
from tests.reliability._servers import answer, drip, drip_head, keep_alive, recorder, serve
from tests.unit.test_clients import example

T = TypeVar("T")
RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
FINE = answer("200 OK", b"{}", {"Content-Type": "application/json", "Connection": "keep-alive"})


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def _within(seconds: float | None, call: Callable[[], T]) -> tuple[T | BaseException, Deadline]:
    """``call()`` with ``seconds`` on the call's deadline: its result or its error."""
    deadline = Deadline(seconds)
    token = CALL_DEADLINE.set(deadline)
    try:
        return call(), deadline
    except httpx.HTTPError as error:
        return error, deadline
    finally:
        CALL_DEADLINE.reset(token)


async def _within_async(seconds: float, call: Callable[[], object]) -> BaseException | None:
    token = CALL_DEADLINE.set(Deadline(seconds))
    try:
        await call()  # type: ignore[misc]
    except httpx.HTTPError as error:
        return error
    finally:
        CALL_DEADLINE.reset(token)
    return None


@pytest.mark.parametrize("slow", ["head", "body"])
def test_a_dripping_server_is_cut_at_the_deadline_on_a_new_connection(
    stop: threading.Event, slow: str
) -> None:
    handler = drip_head(0.05, stop) if slow == "head" else drip(0.05, stop)
    with serve(handler) as url, httpx.Client(transport=DeadlineTransport(), timeout=30) as http:
        started = time.monotonic()
        error, deadline = _within(0.5, lambda: http.get(url).content)
        elapsed = time.monotonic() - started
    assert isinstance(error, httpx.ReadTimeout)
    assert deadline.expired()
    assert 0.4 < elapsed < 1.5  # the deadline, not a 30 s read timeout per dripped byte


@pytest.mark.parametrize("slow", ["head", "body"])
def test_a_dripping_server_is_cut_at_the_deadline_on_a_reused_connection(
    stop: threading.Event, slow: str
) -> None:
    connections: list[bytes] = []
    then = drip_head(0.05, stop) if slow == "head" else drip(0.05, stop)
    handler = recorder(connections, keep_alive(FINE, then))
    with serve(handler) as url, httpx.Client(transport=DeadlineTransport(), timeout=30) as http:
        first, _ = _within(5.0, lambda: http.get(url).content)
        assert first == b"{}"
        started = time.monotonic()
        error, _ = _within(0.5, lambda: http.get(url).content)
        elapsed = time.monotonic() - started
    assert isinstance(error, httpx.ReadTimeout)
    assert len(connections) == 1  # the second request went over the first one's connection
    assert elapsed < 1.5


@pytest.mark.parametrize("reused", [False, True])
@pytest.mark.parametrize("slow", ["head", "body"])
async def test_a_dripping_server_is_cut_at_the_deadline_async(
    stop: threading.Event, slow: str, reused: bool
) -> None:
    then = drip_head(0.05, stop) if slow == "head" else drip(0.05, stop)
    connections: list[bytes] = []
    handler = recorder(connections, keep_alive(FINE, then) if reused else then)
    with serve(handler) as url:
        async with httpx.AsyncClient(transport=AsyncDeadlineTransport(), timeout=30) as http:

            async def read() -> bytes:
                return (await http.get(url)).content

            if reused:
                assert await _within_async(5.0, read) is None
            started = time.monotonic()
            error = await _within_async(0.5, read)
            elapsed = time.monotonic() - started
    assert isinstance(error, httpx.ReadTimeout)
    assert len(connections) == 1
    assert elapsed < 1.5


def test_a_cut_from_another_thread_ends_a_read_in_progress(stop: threading.Event) -> None:
    deadline = Deadline(None)  # no time bound: only the cut ends it

    def read(http: httpx.Client, url: str) -> object:
        token = CALL_DEADLINE.set(deadline)
        try:
            return http.get(url).content
        except httpx.HTTPError as error:
            return error
        finally:
            CALL_DEADLINE.reset(token)

    with serve(drip(0.05, stop)) as url, httpx.Client(transport=DeadlineTransport()) as http:
        outcome: list[object] = []
        worker = threading.Thread(target=lambda: outcome.append(read(http, url)))
        worker.start()
        time.sleep(0.3)
        assert deadline.stream is not None  # the stream named itself to the deadline
        started = time.monotonic()
        deadline.cut()
        worker.join(5)
    assert not worker.is_alive()
    assert time.monotonic() - started < 2.0
    assert isinstance(outcome[0], httpx.HTTPError)


def test_outside_a_call_the_transport_is_a_plain_pool() -> None:
    body = json.dumps({"ok": True}).encode()
    handler = answer("200 OK", body, {"Content-Type": "application/json"})
    with serve(handler) as url, httpx.Client(transport=DeadlineTransport()) as http:
        response = http.get(url)
    assert response.json() == {"ok": True}
    assert response.extensions["network_stream"] is not None


def test_the_sdks_client_sends_through_its_own_transport_and_keeps_the_deadline(
    stop: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduled: list[float] = []
    monkeypatch.setattr(ALARMS, "schedule", lambda seconds, action: scheduled.append(seconds))
    with (
        serve(drip(0.05, stop)) as url,
        dataplatform.Client(base_url=url, api_key="k", max_retries=0, timeout=0.5) as client,
    ):
        assert isinstance(client._transport, DeadlineTransport)
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"within the 0\.5 s timeout"):
            client.get_model_run(RUN_ID)
        assert time.monotonic() - started < 1.5
    assert scheduled == []  # no watchdog thread is asked to cut it


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_forked_child_opens_its_own_connections() -> None:
    connections: list[bytes] = []
    body = json.dumps(example("dataplatform", "getModelRun")).encode()
    fine = answer("200 OK", body, {"Content-Type": "application/json", "Connection": "keep-alive"})
    handler = recorder(connections, keep_alive(fine, fine))
    with (
        serve(handler) as url,
        dataplatform.Client(base_url=url, api_key="k", max_retries=0, timeout=5) as client,
    ):
        client.get_model_run(RUN_ID)
        assert len(client._transport.pool.connections) == 1  # type: ignore[union-attr]
        pid = os.fork()
        if pid == 0:  # the child: a call of its own, on a connection of its own
            code = 1
            try:
                inherited = client._transport
                client.get_model_run(RUN_ID)
                code = 0 if client._transport is not inherited else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert len(connections) == 2  # the child did not write on the parent's socket
        assert str(client.get_model_run(RUN_ID).id) == RUN_ID  # the parent's still serves
    assert len(connections) == 2
