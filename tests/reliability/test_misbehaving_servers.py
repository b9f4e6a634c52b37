"""The SDK against small misbehaving loopback servers: every call bounded, every error a
modelruns error in the server's own words, no credential sent to another origin."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from modelruns import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    dataplatform,
    foundry,
    nsml,
)
from tests.reliability._servers import (
    Handler,
    answer,
    drip,
    drip_head,
    endless,
    keep_alive,
    recorder,
    serve,
)
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
KEY = "dp-api-key-0123456789"


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def dp(url: str, **options: object) -> dataplatform.Client:
    return dataplatform.Client(base_url=url, api_key=KEY, max_retries=0, **options)  # type: ignore[arg-type]


# --- 3. bounded calls -------------------------------------------------------------------------


def test_a_dripping_body_ends_at_the_whole_call_timeout(stop: threading.Event) -> None:
    with serve(drip(0.2, stop)) as url, dp(url, timeout=1.0) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"within the 1 s timeout"):
            client.get_model_run(RUN_ID)
        assert time.monotonic() - started < 2.0  # not one read timeout per byte


async def test_a_dripping_body_ends_at_the_whole_call_timeout_async(
    stop: threading.Event,
) -> None:
    with serve(drip(0.2, stop)) as url:
        async with dataplatform.AsyncClient(
            base_url=url, api_key=KEY, max_retries=0, timeout=1.0
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.get_model_run(RUN_ID)
            assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_dripping_head_ends_at_the_whole_call_timeout(
    stop: threading.Event, asynchronous: bool
) -> None:
    with serve(drip_head(0.2, stop)) as url:
        started = time.monotonic()
        if asynchronous:

            async def call() -> None:
                async with dataplatform.AsyncClient(
                    base_url=url, api_key=KEY, max_retries=0, timeout=1.0
                ) as client:
                    await client.get_model_run(RUN_ID)

            with pytest.raises(APITimeoutError):
                asyncio.run(call())
        else:
            with dp(url, timeout=1.0) as client, pytest.raises(APITimeoutError):
                client.get_model_run(RUN_ID)
        assert time.monotonic() - started < 2.0


def test_a_per_call_timeout_bounds_that_call(stop: threading.Event) -> None:
    with serve(drip(0.1, stop)) as url, dp(url, timeout=60) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.get_model_run(RUN_ID, timeout=0.5)
        assert time.monotonic() - started < 1.5


def test_an_endless_body_stops_at_max_response_size(stop: threading.Event) -> None:
    with (
        serve(endless(stop)) as url,
        dp(url, max_response_size=1_000_000) as client,
        pytest.raises(ResponseTooLargeError) as info,
    ):
        client.get_model_run(RUN_ID)
    assert isinstance(info.value, APIError)
    assert info.value.limit == 1_000_000


async def test_an_endless_body_stops_at_max_response_size_async(stop: threading.Event) -> None:
    with serve(endless(stop)) as url:
        async with dataplatform.AsyncClient(
            base_url=url, api_key=KEY, max_retries=0, max_response_size=1_000_000
        ) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.get_model_run(RUN_ID)


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    body = b"{" + b" " * 5000 + b"}"
    with (
        serve(answer("200 OK", body)) as url,
        dp(url, max_response_size=1000) as client,
        pytest.raises(ResponseTooLargeError, match="max_response_size=1000"),
    ):
        client.get_model_run(RUN_ID)


def test_the_default_limit_is_sane() -> None:
    from modelruns._options import DEFAULT_MAX_RESPONSE_SIZE

    assert 1 << 20 <= DEFAULT_MAX_RESPONSE_SIZE <= 1 << 30
    with pytest.raises(ValueError, match="max_response_size"):
        dp("http://127.0.0.1:9", max_response_size=0)


@pytest.mark.parametrize("status", ["200 OK", "500 Internal Server Error"])
def test_deeply_nested_json_is_an_api_error_not_a_recursion_error(status: str) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    headers = {"Content-Type": "application/json"}
    with (
        serve(answer(status, body, headers)) as url,
        dp(url) as client,
        pytest.raises(APIError) as info,
    ):
        client.get_model_run(RUN_ID)
    if status.startswith("200"):
        assert isinstance(info.value, ResponseValidationError)
        assert "nested too deeply" in str(info.value)
    else:
        assert isinstance(info.value, InternalServerError)


@pytest.mark.parametrize(
    "body",
    [b"not json", b"\xff\xfe\x00garbage", b'{"id": ', b"", b"null"],
    ids=["text", "binary", "truncated", "empty", "null"],
)
def test_every_undecodable_2xx_body_is_an_api_error(body: bytes) -> None:
    with (
        serve(answer("200 OK", body, {"Content-Type": "application/json"})) as url,
        dp(url) as client,
        pytest.raises(ResponseValidationError),
    ):
        client.get_model_run(RUN_ID)


@pytest.mark.parametrize("status", ["200 OK", "503 Service Unavailable"])
def test_a_broken_gzip_body_is_a_decoding_error_never_retried(status: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    seen: list[bytes] = []
    with (
        serve(recorder(seen, answer(status, b"definitely not gzip", headers))) as url,
        dataplatform.Client(base_url=url, api_key=KEY, max_retries=3) as client,
        pytest.raises(ResponseDecodingError) as info,
    ):
        client.get_model_run(RUN_ID)
    assert not isinstance(info.value, APIConnectionError)
    assert isinstance(info.value, ResponseValidationError)  # every undecodable body is one
    assert "does not decode as 'gzip'" in str(info.value)
    assert f"({status.split()[0]})" in str(info.value)
    assert info.value.response is not None
    assert info.value.response.status_code == int(status.split()[0])
    assert info.value.request is not None
    assert len(seen) == 1  # not retried, though the operation is idempotent


async def test_a_broken_gzip_body_is_a_decoding_error_async() -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    with serve(answer("200 OK", b"definitely not gzip", headers)) as url:
        async with dataplatform.AsyncClient(base_url=url, api_key=KEY) as client:
            with pytest.raises(ResponseDecodingError, match="does not decode"):
                await client.get_model_run(RUN_ID)


# --- 2. errors in the server's words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "headers", "expected"),
    [
        ("500 Internal Server Error", b"upstream exploded\nstack...", {}, "500 upstream exploded"),
        (
            "502 Bad Gateway",
            b"<html><head><title>502 Bad Gateway</title></head><body><h1>x</h1></body></html>",
            {"Content-Type": "text/html"},
            "502 Bad Gateway",
        ),
        (
            "503 Service Unavailable",
            b"<html><body><script>x()</script><p>Down for maintenance</p></body></html>",
            {"Content-Type": "text/html"},
            "503 Down for maintenance",
        ),
        ("504 Gateway Timeout", b"", {}, "504 Gateway Timeout"),
        (
            "307 Temporary Redirect",
            b"",
            {"Location": "http://elsewhere.invalid/v1"},
            "307 Temporary Redirect (to http://elsewhere.invalid/v1)",
        ),
        (
            "400 Bad Request",
            json.dumps(
                {"code": "bad_input", "message": "name too long", "requestId": "r-9"}
            ).encode(),
            {"Content-Type": "application/json"},
            "400 [bad_input] name too long",
        ),
    ],
    ids=["text", "html-title", "html-text", "empty", "redirect", "lowercase-json"],
)
def test_status_errors_carry_the_servers_words(
    status: str, body: bytes, headers: dict[str, str], expected: str
) -> None:
    with (
        serve(answer(status, body, headers)) as url,
        dp(url) as client,
        pytest.raises(APIStatusError) as info,
    ):
        client.get_model_run(RUN_ID)
    error = info.value
    assert str(error) == expected
    assert "\n" not in str(error)
    assert not error.message.startswith(status.split()[0])
    if body:
        assert error.body is not None


def test_a_long_text_error_is_one_trimmed_line_with_the_full_body_kept() -> None:
    body = ("word " * 2000).encode()
    with (
        serve(answer("500 Internal Server Error", body)) as url,
        dp(url) as client,
        pytest.raises(InternalServerError) as info,
    ):
        client.get_model_run(RUN_ID)
    assert len(str(info.value)) <= 400
    assert str(info.value).endswith("...")
    assert info.value.body == body.decode()


def test_foundry_empty_404_says_the_api_is_not_on_that_host() -> None:
    with serve(answer("404 Not Found")) as url:
        client = foundry.Client(token="tok-secret-123", base_url=url, max_retries=0)
        with client, pytest.raises(NotFoundError, match=r"/api"):
            client.launch_model_studio("ri.models.main.model-studio.x")


def test_a_json_error_does_not_repeat_the_status() -> None:
    body = json.dumps({"code": 404, "message": f"Model run {RUN_ID} not found."}).encode()
    with (
        serve(answer("404 Not Found", body, {"Content-Type": "application/json"})) as url,
        dp(url) as client,
        pytest.raises(NotFoundError) as info,
    ):
        client.get_model_run(RUN_ID)
    assert str(info.value) == f"404 Model run {RUN_ID} not found."
    assert info.value.message == f"Model run {RUN_ID} not found."
    assert info.value.code is None  # {"code": 404} only repeats the status


# --- 5. credentials never follow a redirect to another origin ---------------------------------


def test_cross_origin_redirect_is_not_followed_even_when_the_http_client_follows() -> None:
    other: list[bytes] = []
    with serve(recorder(other, answer("200 OK", b"{}"))) as elsewhere:
        # 127.0.0.1 and localhost are different origins (as are two ports).
        target = elsewhere.replace("127.0.0.1", "localhost") + "/steal"
        with serve(answer("307 Temporary Redirect", headers={"Location": target})) as url:
            http = httpx.Client(follow_redirects=True)
            for client in (
                dataplatform.Client(base_url=url, api_key=KEY, http_client=http, max_retries=0),
                nsml.Client(
                    base_url=url,
                    access_key="ncp-access-key-123",
                    secret_key="ncp-secret-key-123",
                    api_key="ncp-apigw-key-123",
                    http_client=http,
                    max_retries=0,
                ),
            ):
                call = (
                    (lambda c=client: list(c.get_run_list()))
                    if isinstance(client, nsml.Client)
                    else (lambda c=client: c.get_model_run(RUN_ID))
                )
                with pytest.raises(APIStatusError, match="307"):
                    call()
    assert other == []


def test_same_origin_redirect_is_followed_and_signed_again_when_asked() -> None:
    seen: list[bytes] = []
    body = json.dumps(
        {
            "id": RUN_ID,
            "status": "PENDING",
            "project_name": "p",
            "created_at": "2025-01-15T10:00:00Z",
        }
    ).encode()

    def handler(conn: object, head: bytes) -> None:
        seen.append(head)
        if b" /v1/" in head.split(b"\r\n", 1)[0]:
            answer("308 Permanent Redirect", headers={"Location": "/v2/model-runs/" + RUN_ID})(
                conn,  # type: ignore[arg-type]
                head,
            )
        else:
            answer("200 OK", body, {"Content-Type": "application/json"})(conn, head)  # type: ignore[arg-type]

    with serve(handler) as url:
        http = httpx.Client(follow_redirects=True)
        with dataplatform.Client(base_url=url + "/v1", api_key=KEY, http_client=http) as client:
            run = client.get_model_run(RUN_ID)
    assert str(run.id) == RUN_ID
    assert len(seen) == 2
    assert KEY.encode() in seen[1].lower() or KEY.encode() in seen[1]


def test_an_async_timeout_leaves_the_loop_usable(stop: threading.Event) -> None:
    async def main() -> None:
        with serve(drip(0.1, stop)) as url:
            async with dataplatform.AsyncClient(
                base_url=url, api_key=KEY, max_retries=0, timeout=0.5
            ) as client:
                for _ in range(2):
                    with pytest.raises(APITimeoutError):
                        await client.get_model_run(RUN_ID)

    asyncio.run(main())


# --- the whole-call timeout on a connection reused from the pool --------------------------


def _reused_then(slow: Handler) -> Handler:
    """A valid answer on a keep-alive connection, then ``slow`` for the next call on it."""
    body = json.dumps(example("dataplatform", "getModelRun")).encode()
    fine = answer("200 OK", body, {"Content-Type": "application/json", "Connection": "keep-alive"})
    return keep_alive(fine, slow)


@pytest.mark.parametrize("drips", ["head", "body"])
def test_the_whole_call_timeout_holds_on_a_reused_connection(
    stop: threading.Event, drips: str
) -> None:
    connections: list[bytes] = []
    slow = drip_head(0.1, stop) if drips == "head" else drip(0.1, stop)
    with serve(recorder(connections, _reused_then(slow))) as url, dp(url, timeout=1.0) as client:
        client.get_model_run(RUN_ID)
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="within the 1 s timeout"):
            client.get_model_run(RUN_ID)
        elapsed = time.monotonic() - started
    assert len(connections) == 1  # the second call went over the first call's connection
    assert elapsed < 3.0  # one timeout and slack, not one read timeout per dripped byte


@pytest.mark.parametrize("drips", ["head", "body"])
async def test_the_whole_call_timeout_holds_on_a_reused_connection_async(
    stop: threading.Event, drips: str
) -> None:
    connections: list[bytes] = []
    slow = drip_head(0.1, stop) if drips == "head" else drip(0.1, stop)
    with serve(recorder(connections, _reused_then(slow))) as url:
        async with dataplatform.AsyncClient(
            base_url=url, api_key=KEY, max_retries=0, timeout=1.0
        ) as client:
            await client.get_model_run(RUN_ID)
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="within the 1 s timeout"):
                await client.get_model_run(RUN_ID)
            elapsed = time.monotonic() - started
            # The pool still works after the cut: a new connection serves the next call.
            assert str((await client.get_model_run(RUN_ID)).id) == RUN_ID
    assert len(connections) == 2
    assert elapsed < 3.0
