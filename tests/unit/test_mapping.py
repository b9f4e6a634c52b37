"""What went wrong, as a modelruns error (``_mapping``): every message masked."""

from __future__ import annotations

import time

import httpx
import pytest

from modelruns import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    ResponseDecodingError,
)
from modelruns._deadline import Deadline
from modelruns._mapping import ErrorMapper
from modelruns._specs import request_id_places

SECRET = "s3cret-token-value"
REQUEST = httpx.Request("GET", f"https://api.example/runs?key={SECRET}")
MAPPER = ErrorMapper((SECRET,), empty_not_found="not this API's URL")


def test_a_transport_error_past_the_deadline_is_the_whole_call_timeout() -> None:
    deadline = Deadline(0.01)
    time.sleep(0.02)
    error = MAPPER.transport_error(httpx.ReadError("reset", request=REQUEST), REQUEST, deadline)
    assert isinstance(error, APITimeoutError)
    assert "within the 0.01 s timeout" in str(error)


def test_transport_errors_within_the_deadline_keep_their_kind() -> None:
    deadline = Deadline(None)
    timeout = MAPPER.transport_error(httpx.ConnectTimeout("slow"), REQUEST, deadline)
    assert isinstance(timeout, APITimeoutError)
    reset = MAPPER.transport_error(httpx.ReadError(f"reset {SECRET}"), REQUEST, deadline)
    assert isinstance(reset, APIConnectionError)
    assert SECRET not in str(reset)
    broken = MAPPER.transport_error(httpx.DecodingError("bad gzip"), REQUEST, deadline)
    assert isinstance(broken, ResponseDecodingError)


def test_a_status_error_is_its_class_and_an_empty_404_says_what_it_means() -> None:
    failed = MAPPER.status_error(httpx.Response(500, json={}, request=REQUEST), {})
    assert isinstance(failed, InternalServerError)
    missing = MAPPER.status_error(httpx.Response(404, request=REQUEST), {})
    assert isinstance(missing, NotFoundError)
    assert "not this API's URL" in str(missing)


def test_a_cancelled_attempt_names_the_request_without_its_query() -> None:
    error = MAPPER.cancelled(REQUEST)
    assert isinstance(error, APIConnectionError)
    assert "https://api.example/runs" in str(error)
    assert SECRET not in str(error)


def test_a_clients_status_errors_read_the_request_id_at_its_providers_places_only() -> None:
    body = {"Code": "InvalidParameter", "Message": "bad", "RequestId": "ACS-1", "requestId": "x"}
    answer = httpx.Response(400, json=body, headers={"X-Request-ID": "hdr-9"}, request=REQUEST)
    pai = ErrorMapper((), request_id_places=request_id_places("pai"))
    assert pai.status_error(answer, {}).request_id == "x"  # the spec's first place: requestId
    dataplatform = ErrorMapper((), request_id_places=request_id_places("dataplatform"))
    assert dataplatform.status_error(answer, {}).request_id == "hdr-9"
    nsml = ErrorMapper((), request_id_places=request_id_places("nsml"))  # documents none
    assert nsml.status_error(answer, {}).request_id is None


def test_an_sdk_clients_status_error_carries_the_request_id_its_spec_names() -> None:
    from modelruns import dataplatform

    def handler(request: httpx.Request) -> httpx.Response:
        # Foundry's place in the body too: only Data Platform's own place (the header) counts.
        body = {"code": 404, "message": "not found", "errorInstanceId": "not-this-one"}
        return httpx.Response(404, json=body, headers={"X-Request-ID": "req-42"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with (
        dataplatform.Client(
            token="t", base_url="http://dp.example/v1", http_client=http, max_retries=0
        ) as client,
        pytest.raises(NotFoundError) as caught,
    ):
        client.get_model_run("3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f")
    assert caught.value.request_id == "req-42"
