"""A client used before ``os.fork()`` and then in both processes: each gets its own answers.

Before the fork the client's pool holds several idle connections; after it, parent and child
call through the same client at once, every call slowed by the stub, so that any connection
still shared would carry both processes' requests and hand one the other's answer. Every
answer's id is checked against the id asked for, and every call must succeed.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import select
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from modelruns import APIConnectionError, dataplatform
from modelruns.stubs import StubServer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")

#: Connections in the pool when the process forks; both processes use every one of them.
LANES = 6
#: Each answer is this late, so that both processes' requests overlap on every connection.
LATENCY_MS = 120
#: Bound of every wait in these tests: a hang fails the test instead of blocking the suite.
WAIT_SECONDS = 30.0
#: The client's own bound per call, well above the stub's latency even on a busy machine.
CALL_TIMEOUT = 5.0


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer("dataplatform", runs=4 * LANES, latency_ms=LATENCY_MS) as stub:
        yield stub


@pytest.fixture(scope="module")
def run_ids(server: StubServer) -> list[str]:
    with dataplatform.Client(**server.client_options()) as client:
        ids = [str(run.id) for run in client.list_model_runs()]
    assert len(ids) >= 4 * LANES
    return ids


def _client(server: StubServer) -> dataplatform.Client:
    # No retries: a broken exchange must show as an error, not be papered over by a retry.
    return dataplatform.Client(**server.client_options(), timeout=CALL_TIMEOUT, max_retries=0)


def _problem(asked: str, call: Callable[[str], Any]) -> str | None:
    """``None`` when the run asked for comes back, else what came instead."""
    try:
        got = str(call(asked).id)
    except Exception as error:  # any failure is a finding, reported by name
        return f"{asked}: {type(error).__name__}: {error}"
    return None if got == asked else f"asked {asked}, got {got}"


def _ask_at_once(client: dataplatform.Client, ids: Sequence[str]) -> list[str]:
    """Ask for every id at once (one thread each): the problems, if any."""
    with ThreadPoolExecutor(max_workers=len(ids)) as threads:
        futures = [threads.submit(_problem, run_id, client.get_model_run) for run_id in ids]
        found = [future.result(timeout=WAIT_SECONDS) for future in futures]
    return [problem for problem in found if problem is not None]


def _child_report(read_fd: int, pid: int) -> list[str]:
    """What the child wrote to the pipe (JSON), within ``WAIT_SECONDS``; it is killed after."""
    deadline = time.monotonic() + WAIT_SECONDS
    data = b""
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read_fd], [], [], max(left, 0))
            if not ready:
                pytest.fail(f"the child sent no report within {WAIT_SECONDS} s")
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            data += chunk
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                pytest.fail(f"the child did not exit within {WAIT_SECONDS} s")
            time.sleep(0.01)
        pid = 0
    finally:
        os.close(read_fd)
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    report: list[str] = json.loads(data or b'["the child reported nothing"]')
    return report


def _in_child(work: Callable[[], list[str]]) -> tuple[int, int]:
    """Fork; the child runs ``work`` and writes its problems to a pipe. ``(read fd, pid)``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest, whatever happens
        try:
            os.close(read_fd)
            try:
                report = work()
            except BaseException as error:
                report = [f"the child failed: {type(error).__name__}: {error}"]
            os.write(write_fd, json.dumps(report).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    return read_fd, pid


def test_a_client_used_before_a_fork_answers_each_process_its_own_runs(
    server: StubServer, run_ids: list[str]
) -> None:
    client = _client(server)
    assert _ask_at_once(client, run_ids[:LANES]) == []  # LANES connections now in the pool
    parent_ids, child_ids = run_ids[LANES : 2 * LANES], run_ids[2 * LANES : 3 * LANES]

    def twice(ids: Sequence[str]) -> list[str]:
        return _ask_at_once(client, ids) + _ask_at_once(client, list(reversed(ids)))

    read_fd, pid = _in_child(lambda: twice(child_ids))
    in_parent = twice(parent_ids)
    in_child = _child_report(read_fd, pid)
    assert (in_parent, in_child) == ([], [])
    client.close()


def test_an_async_client_used_before_a_fork_opens_its_own_connections_in_the_child(
    server: StubServer, run_ids: list[str]
) -> None:
    client = dataplatform.AsyncClient(
        **server.client_options(), timeout=CALL_TIMEOUT, max_retries=0
    )

    async def ask(ids: Sequence[str]) -> list[str]:
        async def one(run_id: str) -> str | None:
            try:
                got = str((await client.get_model_run(run_id)).id)
            except Exception as error:
                return f"{run_id}: {type(error).__name__}: {error}"
            return None if got == run_id else f"asked {run_id}, got {got}"

        found = await asyncio.wait_for(asyncio.gather(*map(one, ids)), WAIT_SECONDS)
        return [problem for problem in found if problem is not None]

    async def warm_up() -> list[str]:
        return await ask(run_ids[:LANES])

    assert asyncio.run(warm_up()) == []  # the pool keeps LANES connections
    child_ids = run_ids[LANES : 2 * LANES]
    read_fd, pid = _in_child(lambda: asyncio.run(ask(child_ids)))
    assert _child_report(read_fd, pid) == []


def test_a_callers_http_client_is_never_used_by_a_forked_child(
    server: StubServer, run_ids: list[str]
) -> None:
    http = httpx.Client()
    client = dataplatform.Client(**server.client_options(), http_client=http, max_retries=0)
    assert str(client.get_model_run(run_ids[0]).id) == run_ids[0]

    def in_child() -> list[str]:
        try:
            client.get_model_run(run_ids[1])
        except APIConnectionError as error:
            return [] if "http_client=" in str(error) else [f"unclear: {error}"]
        return ["the child sent through the parent's http_client"]

    read_fd, pid = _in_child(in_child)
    assert _child_report(read_fd, pid) == []
    assert str(client.get_model_run(run_ids[2]).id) == run_ids[2]  # the parent's still works
    http.close()


# What a forked worker of a `multiprocessing` pool inherits: the parent's client, already used.
_INHERITED: dict[str, dataplatform.Client] = {}


def _inherited_client_asks(run_id: str) -> str | None:
    return _problem(run_id, _INHERITED["client"].get_model_run)


def test_forked_pool_workers_and_their_parent_each_get_the_runs_they_ask_for(
    server: StubServer, run_ids: list[str]
) -> None:
    client = _client(server)
    assert _ask_at_once(client, run_ids[:LANES]) == []
    _INHERITED["client"] = client
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(2) as pool:
            asked = run_ids[LANES : 3 * LANES]
            pending = [pool.apply_async(_inherited_client_asks, (run_id,)) for run_id in asked]
            in_parent = _ask_at_once(client, run_ids[3 * LANES : 4 * LANES])
            in_workers = [result.get(timeout=WAIT_SECONDS) for result in pending]
    finally:
        _INHERITED.clear()
        client.close()
    assert in_parent == []
    assert [problem for problem in in_workers if problem is not None] == []


def test_a_fork_process_pool_executor_and_its_parent_each_get_the_runs_they_ask_for(
    server: StubServer, run_ids: list[str]
) -> None:
    client = _client(server)
    assert _ask_at_once(client, run_ids[:LANES]) == []
    _INHERITED["client"] = client
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            asked = run_ids[LANES : 3 * LANES]
            pending = [pool.submit(_inherited_client_asks, run_id) for run_id in asked]
            in_parent = _ask_at_once(client, run_ids[3 * LANES : 4 * LANES])
            in_workers = [future.result(timeout=WAIT_SECONDS) for future in pending]
    finally:
        _INHERITED.clear()
        client.close()
    assert in_parent == []
    assert [problem for problem in in_workers if problem is not None] == []


def test_a_with_options_copy_shares_its_clients_new_pool_in_a_forked_child(
    server: StubServer, run_ids: list[str]
) -> None:
    client = _client(server)
    copy = client.with_options(default_headers={"X-Trace": "fork"})
    assert str(copy.get_model_run(run_ids[0]).id) == run_ids[0]

    def in_child() -> list[str]:
        problems = _ask_at_once(copy, run_ids[1:3]) + _ask_at_once(client, run_ids[3:5])
        if copy._http is not client._http:
            problems.append("the copy and its client no longer share one pool")
        return problems

    read_fd, pid = _in_child(in_child)
    assert _child_report(read_fd, pid) == []
    assert _ask_at_once(copy, run_ids[5:7]) == []  # the parent's copy still works
    client.close()
