"""Loopback servers for the conformance tests: a request-counting proxy and scripted servers."""

from __future__ import annotations

import dataclasses
import http.client
import http.server
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

__all__ = ["Recorded", "counting_proxy", "dripping_server", "scripted_server"]

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY")


@dataclasses.dataclass(frozen=True)
class Recorded:
    """One request as the proxy received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


def _serve(
    handler: type[http.server.BaseHTTPRequestHandler], tls: ssl.SSLContext | None = None
) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def counting_proxy(
    upstream: str, tls: ssl.SSLContext | None = None
) -> Iterator[tuple[str, list[Recorded]]]:
    """A reverse proxy to ``upstream`` (scheme://host:port) that records every request.

    Yields the proxy's root URL and the live list of requests it forwarded. With ``tls`` (a
    server context), the proxy speaks HTTPS to its clients.
    """
    target = urlsplit(upstream)
    seen: list[Recorded] = []
    lock = threading.Lock()

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name: value for name, value in self.headers.items()}
            with lock:
                seen.append(Recorded(self.command, self.path, headers, body, time.monotonic()))
            connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
            try:
                # A forward-proxy request names an absolute URL; the upstream takes its path.
                sent = urlsplit(self.path)
                path = sent.path + (f"?{sent.query}" if sent.query else "")
                connection.request(self.command, path, body=body or None, headers=headers)
                answer = connection.getresponse()
                payload = answer.read()
            finally:
                connection.close()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return

    for method in _METHODS:
        setattr(Proxy, f"do_{method}", Proxy._forward)
    yield from _contextual(_serve(Proxy, tls), seen)


def _contextual(urls: Iterator[str], seen: list[Recorded]) -> Iterator[tuple[str, list[Recorded]]]:
    for url in urls:
        yield url, seen


#: A scripted answer: (status, headers, body chunks); a chunk of ``None`` drops the connection.
Answer = tuple[int, dict[str, str], Iterator[bytes | None]]


@contextmanager
def scripted_server(
    answer: Callable[[str, str, bytes], Answer | None],
) -> Iterator[tuple[str, list[Recorded]]]:
    """A server whose every answer ``answer(method, path, body)`` decides.

    `None` closes the connection without an answer (after the request was read).
    """
    seen: list[Recorded] = []
    lock = threading.Lock()

    class Scripted(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                seen.append(
                    Recorded(self.command, self.path, dict(self.headers.items()), body, 0.0)
                )
            scripted = answer(self.command, self.path, body)
            if scripted is None:
                self.close_connection = True
                return
            status, headers, chunks = scripted
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                for chunk in chunks:
                    if chunk is None:
                        self.close_connection = True
                        return
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            return

    for method in _METHODS:
        setattr(Scripted, f"do_{method}", Scripted._answer)
    yield from _contextual(_serve(Scripted), seen)


@contextmanager
def dripping_server(
    answer: bytes, every: float = 0.5, *, first: bytes | None = None
) -> Iterator[tuple[str, list[int]]]:
    """A raw server that reads each request, then sends ``answer`` one byte every ``every`` s.

    With ``first``, the first request on each connection gets ``first`` at once (keep-alive)
    and the next one on the same connection the drip. Yields its root URL and the live list
    of requests seen per connection. A connection stays open after ``answer`` (an empty one:
    a server that never answers) until the client goes away or the server stops.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    requests_per_connection: list[int] = []

    def read_request(connection: socket.socket, index: int) -> bool:
        received = b""
        while b"\r\n\r\n" not in received:
            data = connection.recv(4096)
            if not data:
                return False
            received += data
        requests_per_connection[index] += 1
        return True

    def drip(connection: socket.socket, index: int) -> None:
        with connection:
            connection.settimeout(60)
            try:
                if first is not None:
                    if not read_request(connection, index):
                        return
                    connection.sendall(first)
                if not read_request(connection, index):
                    return
                for byte in answer:
                    if stop.wait(every):
                        return
                    connection.sendall(bytes([byte]))
                while not stop.is_set() and connection.recv(4096):
                    pass
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            requests_per_connection.append(0)
            index = len(requests_per_connection) - 1
            threading.Thread(target=drip, args=(connection, index), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", requests_per_connection
    finally:
        stop.set()
        thread.join()
        listener.close()
