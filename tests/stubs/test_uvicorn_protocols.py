"""`_compat.uvicorn`: the protocol each parser gets, and what both keep on a live connection
(pipelined requests answered in order; the deadline re-armed after each answer)."""

from __future__ import annotations

import socket
import time

import pytest
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from modelruns._compat.uvicorn import PARSERS, Parser, bounded_protocol
from modelruns.stubs import StubServer
from tests.stubs.conftest import Serve


def _malformed(message: str | None) -> tuple[int, bytes]:
    return 400, b'{"message":"%s"}' % (message or "").encode()


def test_each_parser_gets_uvicorns_protocol_for_it() -> None:
    assert issubclass(bounded_protocol("httptools", _malformed, 1.0), HttpToolsProtocol)
    assert issubclass(bounded_protocol("h11", _malformed, 1.0), H11Protocol)


def test_an_unknown_parser_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="parser must be one of httptools, h11, got 'llhttp'"):
        StubServer("nsml", parser="llhttp")  # type: ignore[arg-type]


def _read_answers(sock: socket.socket, count: int) -> bytes:
    received = b""
    deadline = time.monotonic() + 5
    while received.count(b"HTTP/1.1 ") < count or not received.endswith(b"}"):
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


@pytest.mark.parametrize("parser", PARSERS)
def test_pipelined_requests_are_answered_in_order_then_the_deadline_closes(
    serve: Serve, parser: Parser
) -> None:
    server = serve("nsml", header_timeout=0.5, parser=parser)
    assert server.port is not None
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(
            b"GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        answers = _read_answers(sock, 2)
        assert answers.count(b"HTTP/1.1 404 ") == 2
        started = time.monotonic()
        sock.settimeout(5)
        assert sock.recv(1024) == b""  # idle, no next headers: closed after the bound
        assert time.monotonic() - started < 3
