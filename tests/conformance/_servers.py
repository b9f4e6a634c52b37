"""Loopback servers for the conformance tests: a request-counting proxy and scripted servers."""

from __future__ import annotations

import dataclasses
import http.client
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

__all__ = ["Recorded", "counting_proxy", "scripted_server"]

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY")


@dataclasses.dataclass(frozen=True)
class Recorded:
    """One request as the proxy received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def counting_proxy(upstream: str) -> Iterator[tuple[str, list[Recorded]]]:
    """A reverse proxy to ``upstream`` (scheme://host:port) that records every request.

    Yields the proxy's root URL and the live list of requests it forwarded.
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
    yield from _contextual(_serve(Proxy), seen)


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
