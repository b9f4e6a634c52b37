"""The blocking engine (``_engine_sync``): attempts until the decision says done or fail."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from modelruns import APIStatusError, InternalServerError, NotFoundError, RetryPolicy, dataplatform
from modelruns._facades import dataplatform as facade
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
OP = facade._GET_MODEL_RUN
NO_WAIT = RetryPolicy(initial_delay=0.0, max_delay=0.0, jitter=0.0)


def _client(
    answers: list[Callable[[httpx.Request], httpx.Response]], follows: bool = False
) -> tuple[dataplatform.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[min(len(seen), len(answers)) - 1](request)

    http = httpx.Client(transport=httpx.MockTransport(handle), follow_redirects=follows)
    client = dataplatform.Client(
        base_url="https://dp.example", api_key="k", http_client=http, retry_policy=NO_WAIT
    )
    return client, seen


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=example("dataplatform", "getModelRun"))


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"message": "busy"})


def test_an_error_status_is_retried_then_answered() -> None:
    client, seen = _client([unavailable, unavailable, ok])
    model, _raw = client.send(OP, client.request_kwargs(OP, RUN_ID), max_retries=2)
    assert str(model.id) == RUN_ID
    assert len(seen) == 3


def test_the_last_attempts_error_is_the_calls() -> None:
    client, seen = _client([unavailable])
    with pytest.raises(InternalServerError):
        client.exchange(OP, client.request_kwargs(OP, RUN_ID), max_retries=1)
    assert len(seen) == 2


def test_a_same_origin_redirect_is_followed_when_the_http_client_follows() -> None:
    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(307, headers={"Location": "/elsewhere"})

    client, seen = _client([moved, ok], follows=True)
    response = client.exchange(OP, client.request_kwargs(OP, RUN_ID))
    assert response.status_code == 200
    assert seen[1].url.path == "/elsewhere"
    unfollowed, _ = _client([moved, ok])
    with pytest.raises(APIStatusError) as raised:
        unfollowed.exchange(OP, unfollowed.request_kwargs(OP, RUN_ID))
    assert raised.value.status_code == 307


def test_a_404_is_not_retried() -> None:
    def missing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"message": "no such run"})

    client, seen = _client([missing, ok])
    with pytest.raises(NotFoundError):
        client.send(OP, client.request_kwargs(OP, RUN_ID), max_retries=3)
    assert len(seen) == 1
