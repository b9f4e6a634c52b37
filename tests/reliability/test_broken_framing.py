"""A connection whose answer broke HTTP framing is closed, never handed to the next call.

Raw loopback servers keep each connection open and answer its first request with a broken
answer (a body on a 204 or 304, a body on a 1xx, bytes past the end of a response, a broken
chunk); every later request gets its own correct answer. The next call on the same client must
get that answer, on a connection of its own (the server counts the connections it accepted).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from modelruns import APIError, dataplatform
from tests.unit.test_clients import example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
NEXT_ID = "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b"
SMUGGLED_ID = "11111111-2222-4333-8444-555555555555"
KEY = "dp-api-key-0123456789"


def _run_body(run_id: str) -> bytes:
    body = example("dataplatform", "getModelRun")
    body["id"] = run_id
    return json.dumps(body).encode()


def _response(status: str, body: bytes, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode() + body


#: A whole answer for another run: what a broken answer smuggles in front of the next call.
SMUGGLED = _response("200 OK", _run_body(SMUGGLED_ID))

#: The first answer on each connection, by name: each breaks framing its own way.
BROKEN: dict[str, bytes] = {
    "204 with a body": (
        f"HTTP/1.1 204 No Content\r\nContent-Length: {len(SMUGGLED)}\r\n\r\n".encode() + SMUGGLED
    ),
    "204 with a body and no length": b"HTTP/1.1 204 No Content\r\n\r\n" + SMUGGLED,
    "304 with a body": (
        f"HTTP/1.1 304 Not Modified\r\nContent-Length: {len(SMUGGLED)}\r\n\r\n".encode() + SMUGGLED
    ),
    "bytes past the end of a 200": _response("200 OK", _run_body(RUN_ID)) + SMUGGLED,
    "bytes past the end of a 404": (
        _response("404 Not Found", b'{"code": 404, "message": "no such run"}') + SMUGGLED
    ),
    "1xx with a body": (
        b"HTTP/1.1 100 Continue\r\nContent-Length: 9\r\n\r\n{garbage}"
        + _response("200 OK", _run_body(RUN_ID))
    ),
    "a broken chunk": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b'Transfer-Encoding: chunked\r\n\r\n5\r\n{"id"\r\nzz\r\n' + SMUGGLED
    ),
    "both Transfer-Encoding and Content-Length": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + SMUGGLED
    ),
}


def _read_head(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    return data


class _Server:
    """Keeps connections open; the first request of all gets ``first``, later ones their run."""

    def __init__(self, first: bytes) -> None:
        self.first = first
        self.connections = 0
        self.requests = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _answer(self, head: bytes) -> bytes:
        with self._lock:
            self.requests += 1
            first = self.requests == 1
        if first:
            return self.first
        run_id = head.split(b" ", 2)[1].decode().rsplit("/", 1)[-1]
        return _response("200 OK", _run_body(run_id))

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)  # bounded: a client that hangs fails its test, not the run
        with conn, contextlib.suppress(OSError):
            while (head := _read_head(conn)) is not None:
                conn.sendall(self._answer(head))

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    @contextlib.contextmanager
    def running(self) -> Iterator[_Server]:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join(5)
            self._listener.close()
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


def _first_call_outcome(call: Callable[[], object]) -> object:
    """What the broken answer gave the first call: a run, or a modelruns error (never other)."""
    try:
        return call()
    except APIError as error:
        return error


@pytest.mark.parametrize("broken", list(BROKEN))
def test_the_call_after_a_broken_answer_gets_its_own_answer_on_a_new_connection(
    broken: str,
) -> None:
    with (
        _Server(BROKEN[broken]).running() as server,
        dataplatform.Client(base_url=server.url, api_key=KEY, max_retries=0, timeout=5) as client,
    ):
        first = _first_call_outcome(lambda: client.get_model_run(RUN_ID))
        assert isinstance(first, APIError) or str(getattr(first, "id", None)) == RUN_ID
        run = client.get_model_run(NEXT_ID)
        assert str(run.id) == NEXT_ID
        assert server.connections == 2
        # The connection is sound again: a third call reuses the second connection.
        assert str(client.get_model_run(RUN_ID).id) == RUN_ID
        assert server.connections == 2


@pytest.mark.parametrize("broken", list(BROKEN))
def test_the_call_after_a_broken_answer_gets_its_own_answer_on_a_new_connection_async(
    broken: str,
) -> None:
    async def main(server: _Server) -> None:
        async with dataplatform.AsyncClient(
            base_url=server.url, api_key=KEY, max_retries=0, timeout=5
        ) as client:
            try:
                first: object = await client.get_model_run(RUN_ID)
            except APIError as error:
                first = error
            assert isinstance(first, APIError) or str(getattr(first, "id", None)) == RUN_ID
            run = await client.get_model_run(NEXT_ID)
            assert str(run.id) == NEXT_ID
            assert server.connections == 2
            assert str((await client.get_model_run(RUN_ID)).id) == RUN_ID
            assert server.connections == 2

    with _Server(BROKEN[broken]).running() as server:
        asyncio.run(main(server))


def test_a_sound_answer_keeps_its_connection() -> None:
    # The control: without a broken answer, every call shares the one connection.
    with (
        _Server(_response("200 OK", _run_body(RUN_ID))).running() as server,
        dataplatform.Client(base_url=server.url, api_key=KEY, max_retries=0, timeout=5) as client,
    ):
        for run_id in (RUN_ID, NEXT_ID, RUN_ID):
            assert str(client.get_model_run(run_id).id) == run_id
        assert server.connections == 1
