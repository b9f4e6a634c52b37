"""The wire-level guard of a run: what may be sent, how much is read back, what is never re-sent.

Every request schemathesis sends during a run goes through a ``requests.Session`` the engine
builds; `install` mounts a `GuardAdapter` on each of them (for the schema whose config it was
built from). The adapter is the last word whatever phase, check or probe built the request:

- read-only runs refuse any method other than GET, HEAD and OPTIONS before a byte is sent;
- a response body is read up to `MAX_RESPONSE_BYTES` and within the request timeout in total,
  so a server that never stops sending costs neither memory nor unbounded time;
- a JSON body that cannot be decoded (nested too deep, not UTF-8, not JSON at all) is recorded
  as the server not being an API;
- a state-changing request that failed after it may have reached the server is never sent again
  (schemathesis resends a request whose keep-alive connection was dropped, and a failing example
  is replayed while it is shrunk).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlparse

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from schemathesis.engine import context as engine_context

__all__ = [
    "MAX_RESPONSE_BYTES",
    "READ_METHODS",
    "GuardAdapter",
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

    def __init__(self, *, allow_writes: bool, timeout: float) -> None:
        self.allow_writes = allow_writes
        self.timeout = timeout
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

    def before_send(self, request: requests.PreparedRequest) -> None:
        """Refuse what this run must not send (raises), else count it."""
        method = str(request.method or "GET").upper()
        path = urlparse(str(request.url)).path
        if method not in READ_METHODS:
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
        if method in READ_METHODS or _never_connected(exc):
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


class GuardAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that applies a `RunGuard` to every request and response."""

    def __init__(self, guard: RunGuard) -> None:
        super().__init__()
        self.guard = guard

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        """Send ``request`` if the guard allows it, then read the body within the bounds."""
        self.guard.before_send(request)
        started = time.monotonic()
        kwargs["stream"] = True
        try:
            response = super().send(request, **kwargs)
            self._read_body(response, started)
        except ResponseRefused:
            raise
        except requests.RequestException as exc:
            self.guard.after_failure(request, exc)
            raise
        return response

    def _read_body(self, response: requests.Response, started: float) -> None:
        guard = self.guard
        deadline = started + guard.timeout
        parts: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            while chunk := raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    reason = f"a response body larger than {MAX_RESPONSE_BYTES // 2**20} MiB"
                    guard.note_hostile(reason)
                    raise ResponseRefused(reason, response=response)
                if time.monotonic() > deadline:
                    reason = f"a response body still arriving after {guard.timeout:g} s"
                    guard.note_hostile(reason)
                    raise ResponseRefused(reason, response=response)
                parts.append(chunk)
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise requests.exceptions.ReadTimeout(exc, response=response) from None
        except urllib3.exceptions.ProtocolError as exc:
            raise requests.exceptions.ChunkedEncodingError(exc, response=response) from None
        except urllib3.exceptions.DecodeError as exc:
            raise requests.exceptions.ContentDecodingError(exc, response=response) from None
        except ResponseRefused:
            response.close()
            raise
        content = b"".join(parts)
        response._content = content
        response._content_consumed = True
        response.close()
        if content and _is_json(response.headers.get("Content-Type") or ""):
            problem = _undecodable(content)
            if problem is not None:
                guard.note_hostile(problem)
                raise ResponseRefused(problem, response=response)


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


# Guards by the id of the schemathesis config their sessions are built from.
_guards: dict[int, RunGuard] = {}
_original_make_session = engine_context.make_session
_install_lock = threading.Lock()


def _guarded_make_session(config: Any, *, operation: Any = None) -> requests.Session:
    session = _original_make_session(config, operation=operation)
    guard = _guards.get(id(config))
    if guard is not None:
        adapter = GuardAdapter(guard)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def guarded_session(guard: RunGuard, headers: Mapping[str, str] | None = None) -> requests.Session:
    """A plain session through ``guard`` (for requests sent outside the engine)."""
    session = requests.Session()
    adapter = GuardAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if headers:
        session.headers.update(headers)
    return session


def install(config: Any, owner: object, guard: RunGuard) -> None:
    """Route every session built from ``config`` through ``guard`` while ``owner`` lives."""
    with _install_lock:
        if engine_context.make_session is not _guarded_make_session:
            engine_context.make_session = _guarded_make_session
        key = id(config)
        _guards[key] = guard
    weakref.finalize(owner, _guards.pop, key, None)


def refused_summary(refused: Mapping[str, int]) -> Iterable[str]:
    """``METHOD path (n)`` for each refused request target, sorted."""
    return (f"{target} ({count})" for target, count in sorted(refused.items()))
