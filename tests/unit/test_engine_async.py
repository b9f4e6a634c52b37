"""The awaiting engine (``_engine_async``), twin of the blocking one: the same decisions."""

from __future__ import annotations

import httpx
import pytest

from modelruns import InternalServerError, RetryPolicy, dataplatform
from modelruns._facades import dataplatform as facade
from modelruns._transport import AsyncDeadlineTransport
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
OP = facade._GET_MODEL_RUN
NO_WAIT = RetryPolicy(initial_delay=0.0, max_delay=0.0, jitter=0.0)


def _client(statuses: list[int]) -> tuple[dataplatform.AsyncClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = statuses[min(len(seen), len(statuses)) - 1]
        if status == 200:
            return httpx.Response(200, json=example("dataplatform", "getModelRun"))
        return httpx.Response(status, json={"message": "busy"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    client = dataplatform.AsyncClient(
        base_url="https://dp.example", api_key="k", http_client=http, retry_policy=NO_WAIT
    )
    return client, seen


async def test_an_error_status_is_retried_then_answered() -> None:
    client, seen = _client([503, 502, 200])
    model, _ = await client.send(OP, client.request_kwargs(OP, RUN_ID), max_retries=2)
    assert str(model.id) == RUN_ID
    assert len(seen) == 3


async def test_the_last_attempts_error_is_the_calls() -> None:
    client, seen = _client([503])
    with pytest.raises(InternalServerError):
        await client.exchange(OP, client.request_kwargs(OP, RUN_ID), max_retries=1)
    assert len(seen) == 2


async def test_the_sdks_own_async_client_sends_through_its_deadline_transport() -> None:
    async with dataplatform.AsyncClient(base_url="https://dp.example", api_key="k") as client:
        assert isinstance(client._transport, AsyncDeadlineTransport)
