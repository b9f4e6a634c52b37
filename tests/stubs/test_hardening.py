"""The stubs hold up as a network service: bad input is the provider's 4xx, never a 500;
bodies are bounded and read only after authentication; slow or incomplete requests time out;
every request is one log line."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from modelruns import dataplatform, nsml
from modelruns._compat.uvicorn import PARSERS, Parser
from modelruns._specs import Provider
from modelruns.stubs import StubServer
from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import FOUNDRY_RID, Serve, client

TRIGGER = b'{"project_name": "analytics"}'
DP_AUTH = f"Bearer {demo.DEMO_DATAPLATFORM_TOKEN}"


def _nsml_headers(timestamp: bytes) -> dict[bytes, bytes]:
    return {
        b"x-ncp-apigw-timestamp": timestamp,
        b"x-ncp-iam-access-key": demo.DEMO_NCP_ACCESS_KEY.encode(),
        b"x-ncp-apigw-signature-v2": b"c2lnbmF0dXJl",
        b"x-ncp-apigw-api-key": demo.DEMO_NCP_API_KEY.encode(),
    }


@pytest.mark.parametrize(
    "timestamp", [b"1" * 5000, b"17\xb2", "\u0661\u0667".encode(), b"-1", b""], ids=repr
)
def test_nsml_bad_timestamp_is_401_in_the_gateway_shape(serve: Serve, timestamp: bytes) -> None:
    server = serve("nsml")
    response = httpx.get(server.base_url + "/projects/runs", headers=_nsml_headers(timestamp))
    assert response.status_code == 401
    assert response.json()["error"]["errorCode"] == "200"


@pytest.mark.parametrize("depth", [40, 500, 2_000, 200_000])
def test_deeply_nested_trigger_body_is_400_in_the_dataplatform_shape(
    serve: Serve, depth: int
) -> None:
    body = b'{"project_name":"a","model_names":' + b"[" * depth + b"]" * depth + b"}"
    response = client(serve("dataplatform")).post(
        "/model-runs", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": response.json()["message"]}
    assert "nested" in response.json()["message"]


@pytest.mark.parametrize(
    ("provider", "method", "path"),
    [
        ("foundry", "POST", f"/v2/models/modelStudios/{FOUNDRY_RID}/launch?preview=true"),
        ("dataplatform", "POST", "/model-runs"),
        ("pai", "GET", "/api/v1/runs"),
        ("nsml", "GET", "/projects/runs"),
    ],
)
def test_oversized_body_is_413_in_each_providers_shape(
    serve: Serve, provider: Provider, method: str, path: str
) -> None:
    server = serve(provider, max_body_bytes=1000)
    response = client(server).request(
        method, path, content=b" " * 1001, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    body = response.json()
    if provider == "foundry":
        assert body["errorCode"] == "REQUEST_ENTITY_TOO_LARGE"
    elif provider == "dataplatform":
        assert body == {"code": 413, "message": body["message"]}
    elif provider == "pai":
        assert body["Code"] == "RequestEntityTooLarge"
        assert "RequestId" in body
    else:
        assert body["error"]["errorCode"] == "430"


def test_a_body_at_the_cap_is_still_served(serve: Serve) -> None:
    server = serve("dataplatform", max_body_bytes=len(TRIGGER))
    assert client(server).post("/model-runs", content=TRIGGER).status_code == 201


def test_chunked_body_past_the_cap_is_413(serve: Serve) -> None:
    server = serve("dataplatform", max_body_bytes=10_000)

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b" " * 1000

    response = client(server).post("/model-runs", content=chunks())
    assert response.status_code == 413


def _raw_exchange(server: StubServer, request: bytes, wait: float = 5.0) -> bytes:
    """Send bytes on a fresh connection and read what comes back until it closes."""
    assert server.port is not None
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(request)
        received = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            received += chunk
        return received


def test_unauthenticated_huge_upload_is_refused_before_its_body(serve: Serve) -> None:
    server = serve("dataplatform")
    head = (
        b"POST /v1/model-runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 400000000\r\n\r\n"
    )
    started = time.monotonic()
    answer = _raw_exchange(server, head + b"{" * 1000)
    assert answer.startswith(b"HTTP/1.1 401 ")
    assert b"connection: close" in answer.lower()
    assert time.monotonic() - started < 3


def test_authenticated_huge_upload_is_413_without_reading_it(serve: Serve) -> None:
    server = serve("dataplatform")
    head = (
        b"POST /v1/model-runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: " + DP_AUTH.encode() + b"\r\nContent-Length: 400000000\r\n\r\n"
    )
    answer = _raw_exchange(server, head)
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_body_that_stalls_is_408(serve: Serve) -> None:
    server = serve("dataplatform", body_timeout=0.5)
    head = (
        b"POST /v1/model-runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Authorization: " + DP_AUTH.encode() + b"\r\nContent-Length: 100\r\n\r\n"
    )
    answer = _raw_exchange(server, head + b'{"proj')
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code":408' in answer


@pytest.mark.parametrize("parser", PARSERS)
def test_connections_with_incomplete_headers_are_closed(serve: Serve, parser: Parser) -> None:
    server = serve("nsml", header_timeout=0.5, parser=parser)
    assert server.port is not None
    sockets = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(20)]
    try:
        for sock in sockets:
            sock.sendall(b"GET /nsml/v1/projects/runs HTTP/1.1\r\nHost: x\r\n")
        # A slow client trickling bytes is held to the same deadline.
        sockets[0].sendall(b"X-Slow: ")
        deadline = time.monotonic() + 5
        closed = 0
        for sock in sockets:
            sock.settimeout(max(deadline - time.monotonic(), 0.01))
            with contextlib.suppress(TimeoutError, ConnectionResetError):
                closed += sock.recv(1024) == b""
        assert closed == len(sockets)
    finally:
        for sock in sockets:
            sock.close()


@pytest.mark.parametrize("parser", PARSERS)
def test_a_kept_alive_connection_must_still_finish_its_next_headers(
    serve: Serve, parser: Parser
) -> None:
    server = serve("nsml", header_timeout=0.5, parser=parser)
    assert server.port is not None
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while not answer.endswith(b"}}"):
            answer += sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 404 ")
        sock.sendall(b"GET /nowhere HTTP/1.1\r\nHo")
        started = time.monotonic()
        assert sock.recv(1024) == b""
        assert time.monotonic() - started < 3


def test_one_log_line_per_request_with_the_reason_and_no_secrets(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    server = serve("dataplatform")
    with caplog.at_level(logging.INFO, logger="modelruns.stubs"):
        http = client(server)
        http.get("/model-runs", params={"status": "RUNNING"})
        httpx.get(server.base_url + "/model-runs", headers={"Authorization": "Bearer s3cr3t"})
        http.get("/model-runs", params={"status": "DONE"})
    lines = [record.getMessage() for record in caplog.records if record.name == "modelruns.stubs"]
    assert lines[0] == "dataplatform GET /v1/model-runs 200"
    assert lines[1].startswith("dataplatform GET /v1/model-runs 401 ")
    assert lines[2].startswith("dataplatform GET /v1/model-runs 400 ")
    assert "status" in lines[2]
    assert len(lines) == 3
    assert "s3cr3t" not in "\n".join(lines)
    assert demo.DEMO_DATAPLATFORM_TOKEN not in "\n".join(lines)


def test_in_process_server_opens_no_socket_and_serves_sync_and_async() -> None:
    with StubServer("nsml", runs=12, in_process=True) as server:
        assert server.port is None
        assert urlsplit(server.base_url).hostname == "nsml.localhost"
        with nsml.Client(**server.client_options()) as sdk:
            assert len(list(sdk.get_run_list(page_size=5))) == 12

        async def walk() -> int:
            async with nsml.AsyncClient(**server.async_client_options()) as sdk:
                return len([run async for run in sdk.get_run_list(page_size=5)])

        assert asyncio.run(walk()) == 12
    assert not server.running


def test_in_process_trigger_posts_a_body() -> None:
    with (
        StubServer("dataplatform", in_process=True) as server,
        dataplatform.Client(**server.client_options()) as sdk,
    ):
        run = sdk.trigger_model_run(project_name="analytics")
        assert sdk.get_model_run(str(run.id)).id == run.id


def test_in_process_call_is_bounded_by_the_client_timeout() -> None:
    with StubServer("nsml", in_process=True, latency_ms=2000) as server:
        http = server.client_options()["http_client"]
        assert isinstance(http, httpx.Client)
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get(server.base_url + "/projects/runs", timeout=0.3)
        assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "garbage",
    [
        b"GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n",
        b"NOT HTTP\r\n\r\n",
        # A head still incomplete past 16 KiB (h11's event size) is refused, not kept.
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000,
    ],
    ids=["bad-byte", "not-http", "unfinished-head-over-16k"],
)
def test_bytes_that_are_not_http_get_a_400_in_the_providers_shape(
    serve: Serve, garbage: bytes, parser: Parser
) -> None:
    server = serve("foundry", log_level="error", parser=parser)
    answer = _raw_exchange(server, garbage)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["errorCode"] == "INVALID_ARGUMENT"
