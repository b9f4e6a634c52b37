"""An answer's body read within its limits (``_reading``), and the read answer rebuilt."""

from __future__ import annotations

import gzip

import httpx
import pytest

from modelruns import ResponseTooLargeError
from modelruns._reading import BodyLimits, json_values_at_most, with_content

REQUEST = httpx.Request("GET", "https://api.example/runs?token=s3cret")


def _answer(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=REQUEST)


def test_a_declared_length_over_the_limit_is_refused_before_any_byte() -> None:
    limits = BodyLimits(100, ("s3cret",))
    limits.check_declared_size(REQUEST, _answer(200, {"content-length": "100"}))
    with pytest.raises(ResponseTooLargeError, match="max_response_size=100") as raised:
        limits.check_declared_size(REQUEST, _answer(200, {"content-length": "101"}))
    assert "s3cret" not in str(raised.value)
    assert raised.value.limit == 100


def test_a_2xx_body_is_kept_whole_and_an_error_body_only_in_part() -> None:
    limits = BodyLimits(64 * 1024 * 16)
    ok = limits.body_for(_answer(200))
    assert ok.add(b"x" * 1000)
    assert ok.content() == b"x" * 1000
    failed = limits.body_for(_answer(500))
    assert failed.add(b"y" * (64 * 1024 + 10))
    assert len(failed.content()) == 64 * 1024
    small = BodyLimits(10).body_for(_answer(200))
    assert small.add(b"0123456789")
    assert not small.add(b"!")


def test_json_values_are_bounded_before_parsing() -> None:
    assert json_values_at_most(b"[]") == 2
    assert json_values_at_most(b'{"a": [1, 2]}') == 5
    limits = BodyLimits(16 * 10)  # at most 10 values
    limits.check_values(REQUEST, _answer(200), b"[" + b"1," * 5 + b"1]")
    with pytest.raises(ResponseTooLargeError, match="JSON values"):
        limits.check_values(REQUEST, _answer(200), b"[" + b"{}," * 40 + b"{}]")
    limits.check_values(REQUEST, _answer(500), b"[" + b"{}," * 40 + b"{}]")  # only a 2xx


def test_the_read_answer_keeps_its_headers_and_its_decoded_body() -> None:
    packed = gzip.compress(b'{"id": 1}')
    streamed = httpx.Response(
        200,
        headers={"Content-Encoding": "gzip", "Transfer-Encoding": "chunked", "X-Id": "7"},
        content=packed,
        request=REQUEST,
    )
    read = with_content(streamed, b'{"id": 1}')
    assert read.content == b'{"id": 1}'
    assert read.json() == {"id": 1}
    assert read.headers == streamed.headers  # no Content-Length added, no encoding dropped
    assert read.request is REQUEST
    assert read.status_code == 200
