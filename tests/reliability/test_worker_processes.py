"""Clients handed to worker processes (spawn pools, ``ProcessPoolExecutor``) and errors back.

A client crosses as its options and opens its own connections in the worker; every answer's
id is checked against the id asked for. An API error raised in a worker comes back to the
parent with its class and fields, promptly, instead of hanging the pool or breaking it.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.pool import Pool
from typing import Any

import pytest

from modelruns import APIStatusError, AuthenticationError, dataplatform
from modelruns.stubs import StubServer
from tests.reliability import _workers

#: Bound of every wait on a worker: a hang fails the test instead of blocking the suite.
WAIT_SECONDS = 30.0
WRONG_TOKEN = "not-the-token-0123456789"


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer("dataplatform", runs=12) as stub:
        yield stub


@pytest.fixture(scope="module")
def run_ids(server: StubServer) -> list[str]:
    with dataplatform.Client(**server.client_options()) as client:
        return [str(run.id) for run in client.list_model_runs()]


@pytest.fixture(scope="module")
def executor() -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        yield pool


@pytest.fixture(scope="module")
def spawn_pool() -> Iterator[Pool]:
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        yield pool


def _wrong_token_options(server: StubServer) -> dict[str, Any]:
    return {**server.client_options(), "token": WRONG_TOKEN, "max_retries": 0}


def _fields(error: APIStatusError) -> tuple[Any, ...]:
    return (type(error), str(error), error.status, error.code, error.message, error.parameters)


def test_a_client_sent_to_a_spawn_executor_gets_the_runs_asked_for(
    server: StubServer, run_ids: list[str], executor: ProcessPoolExecutor
) -> None:
    client = dataplatform.Client(**server.client_options(), timeout=10)
    chunks = [run_ids[0::3], run_ids[1::3], run_ids[2::3]]
    futures = [executor.submit(_workers.ids_of, client, chunk) for chunk in chunks]
    assert [future.result(timeout=WAIT_SECONDS) for future in futures] == chunks


def test_an_api_error_comes_back_from_a_spawn_executor_with_its_class_and_fields(
    server: StubServer, run_ids: list[str], executor: ProcessPoolExecutor
) -> None:
    client = dataplatform.Client(**_wrong_token_options(server))
    with pytest.raises(AuthenticationError) as here:
        client.get_model_run(run_ids[0])
    error = executor.submit(_workers.call_fails, client, run_ids[0]).exception(timeout=WAIT_SECONDS)
    assert isinstance(error, AuthenticationError)
    assert _fields(error) == _fields(here.value)
    assert (error.request_id is None) == (here.value.request_id is None)
    assert error.response.status_code == 401
    assert error.request is not None
    assert error.request.url.path.endswith(run_ids[0])
    assert WRONG_TOKEN not in repr(vars(error))  # masked in the worker, and so in the pickle


def test_a_client_given_to_spawn_pool_workers_gets_the_runs_asked_for(
    server: StubServer, run_ids: list[str], spawn_pool: Pool
) -> None:
    client = dataplatform.Client(**server.client_options(), timeout=10)
    chunks = [run_ids[0::2], run_ids[1::2]]
    pending = [spawn_pool.apply_async(_workers.ids_of, (client, chunk)) for chunk in chunks]
    assert [result.get(timeout=WAIT_SECONDS) for result in pending] == chunks


def test_an_api_error_in_a_pool_worker_returns_promptly_through_apply_async(
    server: StubServer, run_ids: list[str], spawn_pool: Pool
) -> None:
    options = _wrong_token_options(server)
    started = time.monotonic()
    pending = spawn_pool.apply_async(
        _workers.call_fails_with_a_client_built_here, (options, run_ids[0])
    )
    with pytest.raises(AuthenticationError) as caught:
        pending.get(timeout=WAIT_SECONDS)  # an error that does not unpickle never arrives
    assert time.monotonic() - started < WAIT_SECONDS
    assert caught.value.status == 401
