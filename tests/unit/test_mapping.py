"""What went wrong, as a modelruns error (``_mapping``): every message masked."""

from __future__ import annotations

import time

import httpx

from modelruns import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    ResponseDecodingError,
)
from modelruns._deadline import Deadline
from modelruns._mapping import ErrorMapper

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
