"""The whole-call deadline: one time budget over every attempt, wait and byte of a call.

``Deadline`` is the end of a call's budget; ``cap`` bounds each httpx timeout phase by the time
left. The engine puts the attempt's deadline in ``CALL_DEADLINE``, by which the SDK's own
transport (``_transport``) bounds every socket operation; ``cut`` shuts the socket of the
attempt in progress (a walk's ``Cancellation``; for a caller's ``http_client=``, the watchdog
when the time is up, the connection found by ``watch``), so a server that drips bytes cannot
stretch a call. ``Cancellation`` cuts, at once, the attempts of a walk that ends early.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from modelruns._compat.httpcore import pooled_stream
from modelruns._compat.httpx import httpcore_pool
from modelruns._log import LOGGER

__all__ = ["CALL_DEADLINE", "Cancellation", "Deadline", "total_seconds"]

#: The deadline of the attempt in progress in this thread or task, which the SDK's transport
#: (``_transport``) bounds every socket operation by; ``None`` outside an attempt.
CALL_DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "modelruns_call_deadline", default=None
)


def total_seconds(timeout: float | httpx.Timeout | None) -> float | None:
    """The whole-call budget a ``timeout`` gives: seconds, or an httpx.Timeout's largest phase."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
        return max(phases) if phases else None
    return float(timeout)


class Deadline:
    """The end of a call's time budget (``None``: unbounded), on the monotonic clock."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds
        self.passed = False
        #: The network stream of the attempt in progress (httpcore's), once known.
        self.stream: Any = None
        #: Finds the stream of a pooled connection the attempt reuses (sync, see ``watch``).
        self.lookup: Callable[[], Any] | None = None
        #: Ends the call's attempts at once when its walk is abandoned (see ``Cancellation``).
        self.cancellation: Cancellation | None = None

    def remaining(self) -> float | None:
        if self.at is None:
            return None
        return max(self.at - time.monotonic(), 0.0)

    def expired(self) -> bool:
        self.passed = self.passed or (self.at is not None and time.monotonic() >= self.at)
        return self.passed

    def cap(self, timeout: Any) -> Any:
        """``timeout`` (as an httpx.Timeout) with no phase longer than the time left."""
        left = self.remaining()
        if left is None:
            return timeout
        base = httpx.Timeout(timeout) if timeout is not None else httpx.Timeout(None)
        left = max(left, 0.001)

        def capped(value: float | None) -> float:
            return left if value is None else min(value, left)

        return httpx.Timeout(
            connect=capped(base.connect),
            read=capped(base.read),
            write=capped(base.write),
            pool=capped(base.pool),
        )

    def watch(self, request: httpx.Request, http: httpx.Client) -> None:
        """Learn which connection serves ``request``, so ``cut`` can end it (sync calls on a
        caller's ``http_client=``; the SDK's own transport names its streams itself).

        A connection the attempt opens is named by httpcore's trace when it connects. One taken
        from the pool opens nothing: ``cut`` then looks it up in ``http``'s pool (see
        ``_pooled_stream``), and once the answer's head is in, its response names it too.
        """
        previous = request.extensions.get("trace")
        previous = getattr(previous, "_modelruns_inner", previous)

        def trace(name: str, info: Mapping[str, Any]) -> None:
            self._traced(name, info)
            if previous is not None:
                previous(name, info)

        trace._modelruns_inner = previous  # type: ignore[attr-defined]
        request.extensions["trace"] = trace
        self.lookup = lambda: _pooled_stream(http, request, trace)

    def watch_async(self, request: httpx.Request, http: httpx.AsyncClient) -> None:
        """``watch`` for an async call (httpcore awaits an async call's trace)."""
        previous = request.extensions.get("trace")
        previous = getattr(previous, "_modelruns_inner", previous)

        async def trace(name: str, info: Mapping[str, Any]) -> None:
            self._traced(name, info)
            if previous is not None:
                await previous(name, info)

        trace._modelruns_inner = previous  # type: ignore[attr-defined]
        request.extensions["trace"] = trace
        self.lookup = lambda: _pooled_stream(http, request, trace)

    def _traced(self, name: str, info: Mapping[str, Any]) -> None:
        if name.endswith(("connect_tcp.complete", "start_tls.complete")):
            self.stream = info.get("return_value") or self.stream
        if self.passed and name.endswith(("connect_tcp.complete", _SENDING)):
            self.cut()  # cut before its connection was known: cut it now

    def seen(self, response: httpx.Response) -> None:
        self.stream = response.extensions.get("network_stream") or self.stream

    def cut(self) -> None:
        """The budget ran out: shut the connection's socket so a blocked read ends now."""
        self.passed = True
        stream = self.stream
        if stream is None and self.lookup is not None:
            stream = self.lookup()
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None and hasattr(sock, "shutdown"):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


# httpcore's trace event as an HTTP/1.1 request starts on its connection, new or pooled.
_SENDING = "send_request_headers.started"


class Cancellation:
    """Ends at once the calls that carry it: those of a walk that is abandoned.

    A prefetching walk has requests in flight on worker threads (sync) or tasks (async); when
    it ends before their answers are read (Ctrl-C, an error; a sync ``break``), ``cancel()``
    shuts the connection of each attempt in progress, as its deadline would when the time is
    up, and refuses any attempt after. They then fail within moments, through the transport's
    own error path (which closes the connection), instead of at the calls' timeout.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: set[Deadline] = set()
        self.cancelled = False

    def enter(self, deadline: Deadline) -> bool:
        """Track one attempt's deadline; ``False``: cancelled already, do not send."""
        with self._lock:
            if not self.cancelled:
                self._attempts.add(deadline)
            return not self.cancelled

    def leave(self, deadline: Deadline) -> None:
        with self._lock:
            self._attempts.discard(deadline)

    def cancel(self) -> None:
        """Cut every attempt in progress; refuse those to come."""
        with self._lock:
            self.cancelled = True
            attempts = list(self._attempts)
        for deadline in attempts:
            deadline.cut()


def _pooled_stream(
    http: httpx.Client | httpx.AsyncClient, request: httpx.Request, trace: object
) -> Any:
    """The network stream of the pooled connection now serving ``request``, if it can be found.

    For a caller's ``http_client=``, whose transport the SDK did not build: httpx's default
    transport hands ``request.extensions`` to httpcore, whose pool is read through ``_compat``;
    the request is recognised by the trace callable ``watch`` put in its extensions (unique to
    this attempt). Any other transport (a custom one, a mock) finds nothing, and the call is
    then bounded as before: each read of the head waits no longer than the time left when the
    attempt began. On an HTTP/2 connection the cut also ends the other calls it carries.
    """
    try:
        pool = httpcore_pool(http, request.url)
        return None if pool is None else pooled_stream(pool, trace)
    except Exception:  # any layout but httpcore 1.x's: nothing to cut
        LOGGER.debug("no pooled connection found to cut", exc_info=True)
    return None
