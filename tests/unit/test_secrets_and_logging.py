"""Secrets stay out of errors and logs; the modelruns logger is silent until asked."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from typing import Any

import httpx
import pytest

from modelruns import APIStatusError, RetryPolicy, dataplatform
from modelruns._exceptions import mask_secrets, status_error_from_response
from tests.unit.test_clients import RID, example, fdry

SECRET = "SECRETtok123"
RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"


def error_for(status: int, body: Any, secrets: tuple[str, ...] = (SECRET,)) -> APIStatusError:
    response = httpx.Response(status, json=body, request=httpx.Request("GET", "http://x/"))
    return status_error_from_response(response, secrets=secrets)


def test_a_secret_is_masked_whole_even_inside_a_longer_word() -> None:
    assert mask_secrets(f"pre{SECRET}post", [SECRET]) == "pre***post"
    assert mask_secrets("SECRETtok12", [SECRET]) == "SECRETtok12"  # a fragment is not the secret


@pytest.mark.parametrize("token", ["t", "e", "ok", "tok"])
def test_a_short_secret_does_not_garble_the_text(token: str) -> None:
    text = "ConnectError: the token was rejected"
    assert mask_secrets(text, [token]) == text


def test_a_short_token_does_not_garble_transport_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = dataplatform.Client(
        token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0
    )
    with pytest.raises(Exception, match="ConnectError: connection refused"):
        client.get_model_run(RUN_ID)


def test_debug_logs_each_request_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=example("foundry", "launchModelStudio"))

    with caplog.at_level(logging.DEBUG, logger="modelruns"):
        fdry(handler).launch_model_studio(RID)
    lines = [r.getMessage() for r in caplog.records if r.name == "modelruns"]
    assert len(lines) == 1
    assert lines[0].startswith(f"POST https://h.example/api/v2/models/modelStudios/{RID}")
    assert "-> 200 in " in lines[0]
    assert lines[0].endswith(" ms")
    assert "tok-secret" not in lines[0]
    assert caplog.records[0].levelno == logging.DEBUG


def test_info_logs_each_retry_with_why_and_wait(caplog: pytest.LogCaptureFixture) -> None:
    answers = iter(
        [
            httpx.Response(503, json={"code": 503, "message": "busy"}),
            httpx.Response(429, headers={"Retry-After": "2"}, json={"code": 429, "message": "x"}),
            httpx.Response(200, json=example("dataplatform", "getModelRun")),
        ]
    )
    client = dataplatform.Client(
        api_key="key-secret-123",
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: next(answers))),
        retry_policy=RetryPolicy(sleep=lambda seconds: None, random=lambda: 0.0),
    )
    with caplog.at_level(logging.INFO, logger="modelruns"):
        client.get_model_run(RUN_ID)
    retries = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(retries) == 2
    assert "after status 503 (retry 1 of 2) in 0.50 s" in retries[0]
    assert "after status 429 (retry 2 of 2) in 2.00 s" in retries[1]
    assert all("key-secret-123" not in r.getMessage() for r in caplog.records)


def test_launch_and_trigger_are_never_retried_on_503(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return httpx.Response(503, json={"code": 503, "message": "busy"})

    client = dataplatform.Client(
        token="tok-secret",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        retry_policy=RetryPolicy(sleep=lambda seconds: None),
    )
    with pytest.raises(APIStatusError):
        client.trigger_model_run(project_name="analytics")
    with pytest.raises(APIStatusError):
        fdry(handler, retry_policy=RetryPolicy(sleep=lambda s: None)).launch_model_studio(RID)
    assert calls == ["POST", "POST"]


PROGRAM = textwrap.dedent(
    """
    import httpx
    from modelruns import dataplatform
    body = {"id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f", "status": "QUEUED",
            "project_name": "p", "created_at": "2025-01-15T10:00:00Z"}
    answers = iter([httpx.Response(503), httpx.Response(200, json=body)])
    client = dataplatform.Client(
        api_key="key-secret-123", strict=False,
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: next(answers))),
    )
    client._retry = type(client._retry)(sleep=lambda s: None)
    assert client.get_model_run(body["id"]).status == "QUEUED"
    """
)


def run_program(log: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MODELRUNS_LOG", "MODELRUNS_STRICT")}
    if log is not None:
        env["MODELRUNS_LOG"] = log
    return subprocess.run(  # noqa: S603 - this interpreter, running the program above
        [sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=60
    )


def test_silent_by_default() -> None:
    done = run_program(None)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("level", "present", "absent"),
    [
        ("debug", ["DEBUG", "INFO", "WARNING"], []),
        ("info", ["INFO", "WARNING"], ["DEBUG"]),
    ],
)
def test_modelruns_log_turns_on_a_stderr_handler(
    level: str, present: list[str], absent: list[str]
) -> None:
    done = run_program(level)
    assert done.returncode == 0, done.stderr
    for name in present:
        assert f"modelruns {name}" in done.stderr, done.stderr
    for name in absent:
        assert f"modelruns {name}" not in done.stderr
    assert "key-secret-123" not in done.stderr
    assert "$.status" in done.stderr


def test_a_bad_modelruns_log_value_is_named_not_a_crash() -> None:
    done = run_program("loud")
    assert done.returncode == 0
    assert "MODELRUNS_LOG must be one of" in done.stderr
