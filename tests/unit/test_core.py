"""What both engines share (``_core``): the steps of a call, decided once, without I/O."""

from __future__ import annotations

import pickle

import httpx
import pytest

from modelruns import APIConnectionError, dataplatform
from modelruns._core import Attempted, environment_proxies
from modelruns._facades import dataplatform as facade
from modelruns._options import NOT_GIVEN
from modelruns._steps import Fail, Outcome, Redirect, Retry
from modelruns._transport import DeadlineTransport
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
OP = facade._GET_MODEL_RUN


def _client(**options: object) -> dataplatform.Client:
    return dataplatform.Client(base_url="https://dp.example", api_key="k", **options)  # type: ignore[arg-type]


def test_a_call_begins_with_its_request_built_and_its_deadline_started() -> None:
    client = _client(timeout=7.0)
    call = client._begin(OP, client.request_kwargs(OP, RUN_ID), NOT_GIVEN, NOT_GIVEN, None, None)
    assert call.request.url.host == "dp.example"
    assert call.request.url.path.endswith(RUN_ID)
    assert call.deadline.seconds == 7.0
    assert call.attempts.retries == client._max_retries


def test_a_retry_counts_the_attempt_and_a_redirect_builds_the_next_request() -> None:
    client = _client(max_retries=2)
    call = client._begin(OP, client.request_kwargs(OP, RUN_ID), None, NOT_GIVEN, None, None)
    step = client._next(call, Outcome(status=503))
    assert isinstance(step, Retry)
    assert call.attempts.attempt == 1
    target = httpx.URL("https://dp.example/elsewhere")
    assert isinstance(client._next(call, Outcome(status=307, redirect=target)), Redirect)
    assert call.request.url == target
    assert call.attempts.redirects == 1
    assert isinstance(client._next(call, Outcome(status=404)), Fail)


def test_an_attempt_answers_its_response_or_raises_its_error() -> None:
    response = httpx.Response(200, request=httpx.Request("GET", "https://dp.example"))
    assert Attempted(Outcome(status=200), response).result() is response
    with pytest.raises(APIConnectionError, match="lost"):
        Attempted(Outcome(), error=APIConnectionError("lost")).result()


def test_a_2xx_decodes_through_the_public_steps() -> None:
    client = _client()
    request = httpx.Request("GET", "https://dp.example/x")
    response = httpx.Response(200, json=example("dataplatform", "getModelRun"), request=request)
    model, raw = client.decode(OP, response)
    assert str(model.id) == RUN_ID
    assert client.decode_parsed(OP, raw, response) == model
    assert client.raw_response(response, lambda: 1).parse() == 1


def test_the_sdk_sends_through_its_own_transport_unless_proxies_or_a_callers_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    assert not environment_proxies()
    assert isinstance(_client()._transport, DeadlineTransport)
    assert _client(http_client=httpx.Client())._transport is None
    copy = _client().with_options(timeout=3.0)
    assert isinstance(copy._transport, DeadlineTransport)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert environment_proxies()
    assert _client()._transport is None  # httpx reads the proxies only for its own transport


def test_a_client_pickles_as_its_options_and_rebuilds_its_own_transport() -> None:
    client = _client(timeout=4.0)
    again = pickle.loads(pickle.dumps(client))  # noqa: S301 - our own bytes, just made
    assert again.base_url == client.base_url
    assert isinstance(again._transport, DeadlineTransport)
    assert again._transport is not client._transport
