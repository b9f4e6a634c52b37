"""The wire-level guard of a run: what may be sent, how much is read back, what is never re-sent.

Every request schemathesis sends during a run goes through the schema's transport, with a
``requests.Session`` the engine builds, or none for a check's own request (``ignored_auth``
sends its probes without the engine's session); `install` routes that schema's sends through
`GuardedSends`, which mounts a `GuardAdapter` on the session (or sends with a fresh guarded
one); `engine_sessions` mounts it on the sessions the engine builds while it runs (its
capability probes send with one outside any transport). The adapter is the last word whatever
phase, check or probe built the request:

- read-only runs refuse any method other than GET, HEAD and OPTIONS before a byte is sent;
- each request has one total bound, the request timeout, over connecting, the status line and
  headers, and the body (`_Deadline`): a server that drips its answer a byte at a time is cut
  when it passes, and a body is read up to `MAX_RESPONSE_BYTES`, so a server that never stops
  sending costs neither memory nor unbounded time;
- a JSON body that cannot be decoded (nested too deep, not UTF-8, not JSON at all) is recorded
  as the server not being an API;
- a state-changing request that failed after it may have reached the server is never sent again
  (schemathesis resends a request whose keep-alive connection was dropped, and a failing example
  is replayed while it is shrunk).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import re
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import urlparse

import requests
import schemathesis
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from schemathesis.schemas import BaseSchema
from schemathesis.transport.requests import SameHostRedirectsSession
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

from modelruns._compat.requests import set_content, use_pool_classes
from modelruns._compat.schemathesis import Send, route_sends, sessions_built

# One alarm thread: a heap of deadlines, no thread per request.
from modelruns._watchdog import ALARMS

__all__ = [
    "MAX_RESPONSE_BYTES",
    "READ_METHODS",
    "GuardAdapter",
    "GuardedSends",
    "NotResent",
    "ResponseRefused",
    "RunGuard",
    "WriteRefused",
    "install",
]

#: The methods a read-only run may send.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: The largest response body read; a larger one is cut and the server counts as not an API.
MAX_RESPONSE_BYTES = 8 * 1024 * 1024

_CHUNK = 64 * 1024


class WriteRefused(requests.RequestException):
    """A read-only run was about to send a state-changing request; it was not sent."""


class NotResent(requests.RequestException):
    """A state-changing request that may have reached the server was not sent a second time."""


class ResponseRefused(requests.RequestException):
    """The response was too large, too slow or not decodable: the server is not an API."""


class RunGuard:
    """What one run may send, and what it saw that makes the server not an API."""

    def __init__(
        self,
        *,
        allow_writes: bool,
        timeout: float,
        reads: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.allow_writes = allow_writes
        self.timeout = timeout
        # (METHOD, path template) of operations whose method writes but which only read (the
        # spec's `x-modelruns-read-only`, as Foundry's experiment search): a read-only run sends
        # them, and like any read they may be sent again.
        self._reads = [
            (method.upper(), re.compile(re.sub(r"\\{[^}]*\\}", "[^/]+", re.escape(path)) + "$"))
            for method, path in reads
        ]
        self.methods: Counter[str] = Counter()
        """Requests actually sent, by method."""
        self.refused: Counter[str] = Counter()
        """Requests refused by the read-only rule, by ``METHOD path``."""
        self.not_resent = 0
        """State-changing requests not sent again: the first may have reached the server."""
        self.hostile: list[str] = []
        """Why the server is not an API (first few reasons, in order)."""
        self._maybe_delivered: set[str] = set()
        self._lock = threading.Lock()

    def note_hostile(self, reason: str) -> None:
        """Record one reason the server is not an API."""
        with self._lock:
            if reason not in self.hostile and len(self.hostile) < 5:
                self.hostile.append(reason)

    @staticmethod
    def _fingerprint(request: requests.PreparedRequest) -> str:
        body = request.body
        data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
        digest = hashlib.sha256(data if isinstance(data, bytes) else b"").hexdigest()
        return f"{request.method} {request.url} {digest}"

    def reads_only(self, method: str, path: str) -> bool:
        """Whether ``method path`` changes nothing: a read method, or an operation marked so."""
        if method in READ_METHODS:
            return True
        return any(m == method and pattern.search(path) for m, pattern in self._reads)

    def before_send(self, request: requests.PreparedRequest) -> None:
        """Refuse what this run must not send (raises), else count it."""
        method = str(request.method or "GET").upper()
        path = urlparse(str(request.url)).path
        if not self.reads_only(method, path):
            if not self.allow_writes:
                with self._lock:
                    self.refused[f"{method} {path}"] += 1
                raise WriteRefused(
                    f"{method} {path} not sent: the run is read-only (--allow-writes sends it)",
                    request=request,
                )
            with self._lock:
                if self._fingerprint(request) in self._maybe_delivered:
                    self.not_resent += 1
                    raise NotResent(
                        f"{method} {path} not sent again: the same request may already have "
                        "reached the server when its connection failed",
                        request=request,
                    )
        with self._lock:
            self.methods[method] += 1

    def after_failure(self, request: requests.PreparedRequest, exc: BaseException) -> None:
        """Remember a state-changing request that may have reached the server."""
        method = str(request.method or "GET").upper()
        path = urlparse(str(request.url)).path
        if self.reads_only(method, path) or _never_connected(exc):
            return
        with self._lock:
            self._maybe_delivered.add(self._fingerprint(request))


def _never_connected(exc: BaseException) -> bool:
    """Whether ``exc`` proves the request never left: the connection itself was not made."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, urllib3.exceptions.NewConnectionError | ConnectionRefusedError):
            return True
        if isinstance(current, urllib3.exceptions.MaxRetryError) and current.reason is not None:
            current = current.reason
            continue
        args = getattr(current, "args", ())
        inner = args[0] if args and isinstance(args[0], BaseException) else None
        current = inner or current.__cause__ or current.__context__
    return False


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class _Deadline:
    """The total bound of one request: when it passes, the socket serving it is shut down.

    Socket timeouts bound each read, not their sum, so a server sending one byte per second
    keeps a request open forever. The clock thread (`modelruns._watchdog`) calls `cut` when the
    request's time is up; a blocked read then ends at once (end of stream or an error) and the
    adapter sees `fired`. The connection serving the request registers itself (`watch`) each time it
    connects or sends, so new and reused keep-alive connections are both covered.
    """

    __slots__ = ("_connection", "_done", "_lock", "fired")

    def __init__(self) -> None:
        self.fired = False
        self._done = False
        self._connection: HTTPConnection | None = None
        self._lock = threading.Lock()

    def watch(self, connection: HTTPConnection) -> None:
        """``connection`` serves the request now; shut it at once if the time is already up."""
        with self._lock:
            if self._done:
                return
            self._connection = connection
            if self.fired:
                _shut(connection)

    def cut(self) -> None:
        """The time is up (the alarm thread calls this)."""
        with self._lock:
            if self._done:
                return
            self.fired = True
            if self._connection is not None:
                _shut(self._connection)

    def finish(self) -> None:
        """The request is over: a late `cut` must not touch a connection back in the pool."""
        with self._lock:
            self._done = True
            self._connection = None


def _shut(connection: HTTPConnection) -> None:
    sock = connection.sock
    if isinstance(sock, socket.socket):
        # socket.socket's own shutdown: an SSLSocket's would also drop its TLS state under
        # the thread still reading from it.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


# The deadline of the request the current thread is sending (set by `GuardAdapter.send`).
_current = threading.local()


def _watch(connection: HTTPConnection) -> None:
    deadline: _Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(connection)


class _WatchedHTTPConnection(HTTPConnection):
    """urllib3's connection, registered with the deadline of each request it serves."""

    def connect(self) -> None:
        super().connect()
        _watch(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    """The same for TLS (its ``connect`` is HTTPSConnection's, through the MRO)."""


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS: dict[str, type[HTTPConnectionPool]] = {
    "http": _WatchedHTTPPool,
    "https": _WatchedHTTPSPool,
}


def _never_answered(exc: BaseException) -> bool:
    """Whether the connection ended before a single byte of the answer arrived."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, http.client.RemoteDisconnected):
            return True
        args = getattr(current, "args", ())
        inner = next((arg for arg in args if isinstance(arg, BaseException)), None)
        current = inner or current.__cause__ or current.__context__
    return False


class GuardAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that applies a `RunGuard` to every request and response."""

    def __init__(self, guard: RunGuard) -> None:
        super().__init__()
        self.guard = guard

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """requests' pool manager, whose connections register with each request's deadline."""
        super().init_poolmanager(*args, **kwargs)
        use_pool_classes(self.poolmanager, _WATCHED_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """The same for a proxy (a SOCKS proxy keeps its own connections: socket timeouts)."""
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, PoolManager) and not proxy.lower().startswith("socks"):
            use_pool_classes(manager, _WATCHED_POOLS)
        return manager

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        """Send ``request`` if the guard allows it, then read the body within the bounds."""
        self.guard.before_send(request)
        kwargs["stream"] = True
        deadline = _Deadline()
        alarm = ALARMS.schedule(self.guard.timeout, deadline.cut)
        _current.deadline = deadline
        try:
            try:
                response = super().send(request, **kwargs)
            except requests.RequestException as exc:
                # A read that waited the whole timeout for its first byte is a plain timeout,
                # even when the deadline (the same length) fired a moment later.
                if not deadline.fired or isinstance(exc, requests.exceptions.Timeout):
                    raise
                if _never_answered(exc):
                    # Not a byte arrived in time: the same as a read timeout.
                    message = f"no answer within {self.guard.timeout:g} s"
                    raise requests.exceptions.ReadTimeout(message, request=request) from None
                raise self._cut_in_headers(request) from None
            if deadline.fired:
                response.close()
                raise self._cut_in_headers(request)
            self._read_body(response, deadline)
        except requests.RequestException as exc:
            # A refused response was sent too: it may have reached the server as well.
            self.guard.after_failure(request, exc)
            raise
        finally:
            _current.deadline = None
            deadline.finish()
            alarm.cancel()
        return response

    def _refused(self, reason: str, **where: Any) -> ResponseRefused:
        """``reason`` recorded as why the server is not an API, as the error to raise."""
        self.guard.note_hostile(reason)
        return ResponseRefused(reason, **where)

    def _cut_in_headers(self, request: requests.PreparedRequest) -> ResponseRefused:
        late = f"a response whose headers were still arriving after {self.guard.timeout:g} s"
        return self._refused(late, request=request)

    def _read_body(self, response: requests.Response, cut: _Deadline) -> None:
        """Read the body whole, within the request's deadline (``cut``) and the size bound."""
        parts: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            # When the deadline passes, the alarm thread shuts the socket: the read then ends (what
            # looks like the end of the body, or an error) and `cut.fired` tells it apart.
            while (chunk := raw.read1(_CHUNK, decode_content=True)) and not cut.fired:
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    response.close()
                    too_large = f"a response body larger than {MAX_RESPONSE_BYTES // 2**20} MiB"
                    raise self._refused(too_large, response=response)
                parts.append(chunk)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if not cut.fired:
                raise _as_requests_error(exc, response) from None
        if cut.fired:
            response.close()
            late = f"a response body still arriving after {self.guard.timeout:g} s"
            raise self._refused(late, response=response) from None
        content = b"".join(parts)
        set_content(response, content)
        response.close()
        if content and _is_json(response.headers.get("Content-Type") or ""):
            problem = _undecodable(content)
            if problem is not None:
                raise self._refused(problem, response=response)


def _as_requests_error(exc: BaseException, response: requests.Response) -> BaseException:
    """The error requests itself raises for what urllib3 raised while reading a body."""
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
        return requests.exceptions.ReadTimeout(exc, response=response)
    if isinstance(exc, urllib3.exceptions.ProtocolError):
        return requests.exceptions.ChunkedEncodingError(exc, response=response)
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return requests.exceptions.ContentDecodingError(exc, response=response)
    return exc


def _undecodable(content: bytes) -> str | None:
    """Why a body that says it is JSON cannot be decoded, or `None` when it can."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "a JSON response body that is not UTF-8"
    try:
        json.loads(text)
    except RecursionError:
        return "a JSON response body nested too deeply to decode"
    except ValueError:
        return "a JSON response body that is not JSON"
    return None


SessionT = TypeVar("SessionT", bound=requests.Session)


def _mount(session: SessionT, guard: RunGuard) -> SessionT:
    """``session`` with every request it sends, HTTP or HTTPS, going through ``guard``."""
    adapter = GuardAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _guarded_by(session: requests.Session, guard: RunGuard) -> bool:
    adapter = session.get_adapter("http://")
    return isinstance(adapter, GuardAdapter) and adapter.guard is guard


def guarded_session(guard: RunGuard, headers: Mapping[str, str] | None = None) -> requests.Session:
    """A plain session through ``guard`` (for requests sent outside the engine)."""
    session = _mount(requests.Session(), guard)
    if headers:
        session.headers.update(headers)
    return session


class GuardedSends:
    """The schema transport's ``send``, every request of it through one `RunGuard`.

    The engine's sessions get the guard's adapter the first time they send. Some checks send
    requests of their own without a session (``ignored_auth`` sends the request again without
    credentials, and with made-up ones): the transport would build a fresh session; such a
    request gets the same kind of session (emptied of default headers, as the transport empties
    its own) with the guard mounted.
    """

    def __init__(self, guard: RunGuard) -> None:
        self.guard = guard

    def __call__(
        self,
        send: Send,
        case: schemathesis.Case[Any],
        session: requests.Session | None,
        kwargs: dict[str, Any],
    ) -> Any:
        """Send ``case`` with ``session`` (or a fresh one) through the guard."""
        if session is not None:
            if not _guarded_by(session, self.guard):
                _mount(session, self.guard)
            return send(case, session=session, **kwargs)
        probe = _mount(SameHostRedirectsSession(), self.guard)
        probe.headers.clear()  # as the transport does for its own
        with probe:
            return send(case, session=probe, **kwargs)


def install(schema: BaseSchema, guard: RunGuard) -> None:
    """Route every request ``schema`` sends over HTTP through ``guard``.

    That covers the engine's sessions and the ones the transport builds for a check's own
    requests (`GuardedSends`); other schemas are left alone.
    """
    route_sends(schema, GuardedSends(guard))


@contextlib.contextmanager
def engine_sessions(schema: BaseSchema, guard: RunGuard) -> Iterator[None]:
    """While the block runs the engine, the sessions it builds itself go through ``guard``.

    Its capability probes (the first phase) send with such a session outside any transport.
    """
    with sessions_built(schema.config, lambda session: _mount(session, guard)):
        yield


def refused_summary(refused: Mapping[str, int]) -> Iterable[str]:
    """``METHOD path (n)`` for each refused request target, sorted."""
    return (f"{target} ({count})" for target, count in sorted(refused.items()))
