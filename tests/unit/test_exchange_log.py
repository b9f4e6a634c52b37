"""Each exchange as the log sees it (``_exchange_log``): masked, with its request id."""

from __future__ import annotations

import logging

import httpx
import pytest

from modelruns._exchange_log import ExchangeLog
from modelruns._facades import dataplatform as facade
from modelruns._specs import request_id_places

SECRET = "s3cret-token"
REQUEST = httpx.Request("GET", f"https://api.example/runs?token={SECRET}")


def test_an_exchange_is_one_debug_line_with_its_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = ExchangeLog((SECRET,), request_id_places("dataplatform"), None)
    headers = {place.name: "req-42" for place in request_id_places("dataplatform")}
    response = httpx.Response(200, json={}, headers=headers, request=REQUEST)
    with caplog.at_level(logging.DEBUG, logger="modelruns"):
        log.exchange(facade._GET_MODEL_RUN, REQUEST, response, 0.0)
    (line,) = [r.getMessage() for r in caplog.records]
    assert "GET https://api.example/runs" in line
    assert "-> 200" in line
    assert SECRET not in line
    if headers:
        assert "req-42" in line


def test_a_retry_is_one_info_line_without_the_query(caplog: pytest.LogCaptureFixture) -> None:
    log = ExchangeLog((SECRET,), (), None)
    with caplog.at_level(logging.INFO, logger="modelruns"):
        log.retry(REQUEST, "status 503", 0, 2, 0.5)
    (line,) = [r.getMessage() for r in caplog.records]
    assert line == "retrying GET https://api.example/runs after status 503 (retry 1 of 2) in 0.50 s"
