"""A request framed two ways (``Transfer-Encoding`` and ``Content-Length``) is refused.

RFC 9112 §6.3: such a message may be an attempt at request smuggling; a server that reads it
must treat it as an error and close the connection after answering. Each stub answers 400 in its
provider's own error body, with ``Connection: close``, and closes the connection, so nothing
sent after it on the connection is read as another request.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from modelruns._compat.uvicorn import PARSERS
from modelruns._specs import Provider
from modelruns.stubs import StubServer, base_path

# The provider's error body for a 400, as each provider's documentation shows it.
SHAPES: dict[Provider, Any] = {
    "foundry": lambda body: (
        body["errorCode"] == "INVALID_ARGUMENT"
        and set(body) == {"errorCode", "errorName", "errorInstanceId", "parameters"}
    ),
    "dataplatform": lambda body: set(body) == {"code", "message"} and body["code"] == 400,
    "pai": lambda body: {"RequestId", "Code", "Message"} <= set(body),
    "nsml": lambda body: set(body) == {"error"} and {"errorCode", "message"} <= set(body["error"]),
}
# What a smuggler puts after the framed request: read as a second request if the server
# takes the chunked framing and keeps the connection.
SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.fixture(scope="module", params=PARSERS)
def ports(request: pytest.FixtureRequest) -> Iterator[dict[Provider, int]]:
    """One running stub per provider (each test opens its own connections): provider -> port,
    served with each of uvicorn's parsers the stubs ship."""
    servers = {p: StubServer(p, log_level="critical", parser=request.param).start() for p in SHAPES}
    try:
        yield {provider: server.port for provider, server in servers.items() if server.port}
    finally:
        for server in servers.values():
            server.stop()


def _exchange(port: int, request: bytes, wait: float = 10.0) -> tuple[bytes, bool]:
    """What the server answers to ``request`` on a fresh connection within ``wait`` seconds,
    and whether it closed the connection by then."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            sock.settimeout(max(deadline - time.monotonic(), 0.01))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return answer, False
            if not chunk:
                return answer, True
            answer += chunk
        return answer, False


def _split(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    length = int(headers["content-length"])
    return int(lines[0].split(" ")[1]), headers, body[:length]


@pytest.mark.parametrize("provider", ["foundry", "dataplatform", "pai", "nsml"])
@pytest.mark.parametrize(
    "framing",
    [
        b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        b"content-length: 0\r\ntransfer-encoding: chunked\r\n",
    ],
    ids=["te-then-cl", "cl-then-te", "lowercase"],
)
def test_both_framings_are_a_400_in_the_providers_shape_and_the_connection_closes(
    ports: dict[Provider, int], provider: Provider, framing: bytes
) -> None:
    target = f"{base_path(provider)}/anything".encode()
    request = b"POST " + target + b" HTTP/1.1\r\nHost: x\r\n" + framing + b"\r\n0\r\n\r\n"
    answer, closed = _exchange(ports[provider], request + SMUGGLED)
    status, headers, body = _split(answer)
    assert status == 400
    assert headers["connection"] == "close"
    assert headers["content-type"].startswith("application/json")
    document = json.loads(body)
    assert SHAPES[provider](document), document
    assert "Transfer-Encoding" in json.dumps(document) or provider == "foundry"
    assert closed, "the server kept the connection open"
    assert answer.count(b"HTTP/1.1 ") == 1, "the smuggled request was answered"


@pytest.mark.parametrize("provider", ["foundry", "nsml"])
def test_one_framing_is_still_served_on_a_kept_connection(
    ports: dict[Provider, int], provider: Provider
) -> None:
    target = f"{base_path(provider)}/anything".encode()
    request = b"POST " + target + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
    answer, closed = _exchange(ports[provider], request, wait=0.5)
    status, headers, _ = _split(answer)
    assert status in (401, 404)
    assert headers.get("connection") != "close"
    assert not closed
