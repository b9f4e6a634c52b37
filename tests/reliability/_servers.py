"""Small misbehaving HTTP servers on loopback, written for the tests: raw sockets, one thread.

Each server answers every connection with a handler ``(conn, request_head) -> None`` that writes
whatever bytes it likes, as slowly as it likes: drips, endless bodies, lies in headers.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

Handler = Callable[[socket.socket, bytes], None]


def _read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
            while len(rest) < length:
                more = conn.recv(65536)
                if not more:
                    break
                rest += more
    return head


@contextlib.contextmanager
def serve(handler: Handler) -> Iterator[str]:
    """Run ``handler`` for every connection; yields the base URL ``http://127.0.0.1:PORT``."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def one(conn: socket.socket) -> None:
        with conn:
            try:
                head = _read_head(conn)
                if head:
                    handler(conn, head)
            except OSError:
                pass  # the client hung up: what a real server sees too

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=one, args=(conn,), daemon=True)
            worker.start()
            workers.append(worker)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def answer(status: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    """A handler sending one whole response."""
    fields = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}

    def handle(conn: socket.socket, head: bytes) -> None:
        lines = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
        conn.sendall(f"HTTP/1.1 {status}\r\n{lines}\r\n".encode() + body)

    return handle


def drip(every: float, stop: threading.Event) -> Handler:
    """A 200 JSON body that sends one byte every ``every`` seconds until ``stop``."""

    def handle(conn: socket.socket, head: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
        )
        # Bounded, so a client that fails to stop it fails its test instead of hanging it.
        ends = time.monotonic() + 10
        while not stop.wait(every) and time.monotonic() < ends:
            conn.sendall(b" ")

    return handle


def endless(stop: threading.Event) -> Handler:
    """A chunked 200 body that never ends (as fast as the client reads)."""

    def handle(conn: socket.socket, head: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"[" * 65536
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            conn.sendall(frame)

    return handle


def recorder(seen: list[bytes], then: Handler) -> Handler:
    """``then``, after keeping each request head in ``seen``."""

    def handle(conn: socket.socket, head: bytes) -> None:
        seen.append(head)
        then(conn, head)

    return handle


def drip_head(every: float, stop: threading.Event) -> Handler:
    """A status line, then one header byte every ``every`` seconds until ``stop``."""

    def handle(conn: socket.socket, head: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        ends = time.monotonic() + 10  # bounded, as in `drip`
        while not stop.wait(every) and time.monotonic() < ends:
            conn.sendall(b"a")

    return handle


def keep_alive(first: Handler, then: Handler) -> Handler:
    """``first`` answers the first request of a connection, ``then`` the next one on it.

    ``first`` must leave the connection open (``answer`` with ``Connection: keep-alive``), so
    the client's pool reuses it for its next call.
    """

    def handle(conn: socket.socket, head: bytes) -> None:
        first(conn, head)
        following = _read_head(conn)
        if following:
            then(conn, following)

    return handle
