"""The SDK's own httpx transports: httpcore's pool over streams that keep the call's deadline.

httpcore lets a caller pass the network backend its pool connects with (a public interface:
``NetworkBackend``/``NetworkStream`` and their async twins). Ours wraps httpcore's own and gives
every connect, TLS handshake, read and write no more time than is left on the deadline of the
call in progress (``_deadline.CALL_DEADLINE``, which the engine sets around each attempt): a server
that drips bytes is cut at the deadline, on a new connection or a reused one, without a thread
to watch it. Each stream names itself to that deadline as it is used, so a ``Cancellation`` can
shut the socket of an attempt in progress from another thread.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from modelruns._deadline import CALL_DEADLINE

__all__ = ["AsyncDeadlineTransport", "DeadlineTransport"]

#: httpx's own default pool limits (``httpx.Client()``'s).
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)

# httpcore's errors as httpx's (the most specific first), as httpx's own transport maps them.
_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        for found, mapped in _ERRORS:
            if isinstance(error, found):
                raise mapped(str(error)) from error
        raise


def _within(timeout: float | None, expired: type[Exception], stream: object | None) -> float | None:
    """``timeout`` bounded by the time left on the call's deadline; ``expired`` once it is up."""
    deadline = CALL_DEADLINE.get()
    if deadline is None:
        return timeout
    if stream is not None:
        deadline.stream = stream  # what a cut shuts (see Deadline.cut)
    left = deadline.remaining()
    if deadline.passed or left == 0.0:
        deadline.passed = True
        raise expired("the call's timeout has passed")
    if left is None:
        return timeout
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """httpcore's socket stream, each operation within the call's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _within(timeout, httpcore.ReadTimeout, self))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _within(timeout, httpcore.WriteTimeout, self))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, self)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """httpcore's ``SyncBackend``, its connections within the call's deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, None)
        return _Stream(
            self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, None)
        return _Stream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


# Twin of _Stream (httpcore's async interface awaits where the sync one blocks).
class _AsyncStream(httpcore.AsyncNetworkStream):
    """httpcore's anyio stream, each operation within the call's deadline."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _within(timeout, httpcore.ReadTimeout, self))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _within(timeout, httpcore.WriteTimeout, self))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, self)
        return _AsyncStream(await self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


# Twin of _Backend, over httpcore's AnyIOBackend (asyncio and trio alike).
class _AsyncBackend(httpcore.AsyncNetworkBackend):
    """httpcore's ``AnyIOBackend``, its connections within the call's deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, None)
        stream = await self._backend.connect_tcp(host, port, bounded, local_address, socket_options)
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        bounded = _within(timeout, httpcore.ConnectTimeout, None)
        return _AsyncStream(await self._backend.connect_unix_socket(path, bounded, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _core_request(request: httpx.Request, content: Any) -> httpcore.Request:
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=request.url.raw_scheme,
            host=request.url.raw_host,
            port=request.url.port,
            target=request.url.raw_path,
        ),
        headers=request.headers.raw,
        content=content,
        extensions=request.extensions,
    )


class _ResponseStream(httpx.SyncByteStream):
    # Named as httpx's own transport names it: `_compat.httpcore.unread_bytes` reads through it.
    def __init__(self, httpcore_stream: Iterable[bytes]) -> None:
        self._httpcore_stream = httpcore_stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._httpcore_stream

    def close(self) -> None:
        close = getattr(self._httpcore_stream, "close", None)
        if close is not None:
            close()


class DeadlineTransport(httpx.BaseTransport):
    """An ``httpx`` transport over ``httpcore.ConnectionPool`` with the deadline backend.

    TLS as ``httpx.Client()`` does it (``httpx.create_ssl_context``, the environment's
    certificates), httpx's default pool limits, HTTP/1.1.
    """

    def __init__(self) -> None:
        #: The connection pool (httpcore's public ``ConnectionPool``: ``connections`` lists them).
        self.pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=_Backend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pool (the body streamed, as httpx's transport does)."""
        if not isinstance(request.stream, httpx.SyncByteStream):
            raise TypeError("a sync transport needs a sync request body")
        with _as_httpx_errors():
            answer = self.pool.handle_request(_core_request(request, request.stream))
        stream = answer.stream
        if not isinstance(stream, Iterable):
            raise TypeError("httpcore answered a sync request with an async body")
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_ResponseStream(stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool.close()


class _AsyncResponseStream(httpx.AsyncByteStream):
    # Twin of _ResponseStream (named alike for the same reason).
    def __init__(self, httpcore_stream: AsyncIterator[bytes]) -> None:
        self._httpcore_stream = httpcore_stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for part in self._httpcore_stream:
                yield part

    async def aclose(self) -> None:
        aclose = getattr(self._httpcore_stream, "aclose", None)
        if aclose is not None:
            await aclose()


# Twin of DeadlineTransport: httpcore's AsyncConnectionPool over the async backend.
class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    """``DeadlineTransport`` for an ``httpx.AsyncClient``."""

    def __init__(self) -> None:
        #: The connection pool (httpcore's public ``AsyncConnectionPool``).
        self.pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=_AsyncBackend(),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pool (the body streamed, as httpx's transport does)."""
        if not isinstance(request.stream, httpx.AsyncByteStream):
            raise TypeError("an async transport needs an async request body")
        with _as_httpx_errors():
            answer = await self.pool.handle_async_request(_core_request(request, request.stream))
        stream = answer.stream
        if not hasattr(stream, "__aiter__"):
            raise TypeError("httpcore answered an async request with a sync body")
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_AsyncResponseStream(stream),  # type: ignore[arg-type]
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self.pool.aclose()
