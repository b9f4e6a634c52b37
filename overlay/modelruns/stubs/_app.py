"""The spec-driven core every stub shares: the app (route, authenticate, validate, handle, log).

A provider module adds only behaviour (`ProviderStub`, in ``_provider``): a store, one handler
per operation, how it checks credentials and how its error body looks. Routes, parameter
names, types and constraints, request bodies, success statuses and pagination names are all
read from the spec once, when the app is built, so the per-request path does no schema
compilation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from starlette.applications import Starlette

from modelruns._specs import read_request_id_places, resolve, server_base_path
from modelruns.stubs._config import Deviation, Faults
from modelruns.stubs._deviations import deviate
from modelruns.stubs._provider import ProviderStub
from modelruns.stubs._routing import (
    Operation,
    RawBody,
    Reply,
    StubError,
    StubRequest,
    compile_operations,
    route,
)

__all__ = ["DEFAULT_BODY_TIMEOUT_SECONDS", "DEFAULT_MAX_BODY_BYTES", "StubApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


_JSON_TYPE = b"application/json"
_ENCODER = msgspec.json.Encoder()
_MESSAGE_LIMIT = 500
#: The largest request body a stub reads; a bigger one is answered 413 without reading it.
DEFAULT_MAX_BODY_BYTES = 1 << 20
#: How long a stub waits for a request's whole body before answering 408.
DEFAULT_BODY_TIMEOUT_SECONDS = 10.0
_LOG_PATH_LIMIT = 200
#: An unread request body up to this size is drained by the server; a larger one closes.
_DRAINABLE_BYTES = 64 * 1024
#: How deeply a request body may nest arrays and objects.
_MAX_BODY_DEPTH = 32

#: One line per request (method, path, status, and why it was refused), as Prism logs.
log = logging.getLogger("modelruns.stubs")


class StubApp(Starlette):
    """A Starlette app whose HTTP traffic goes straight to the spec-driven dispatcher.

    Bypassing the router and middleware stack keeps the per-request cost close to a bare
    ASGI handler; lifespan events still go through Starlette.
    """

    def __init__(
        self,
        stub: ProviderStub,
        *,
        faults: Faults,
        deviations: Iterable[Deviation],
        rate_limit: int | None,
        rate_window: int = 60,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        body_timeout: float = DEFAULT_BODY_TIMEOUT_SECONDS,
        realism: bool = False,
    ) -> None:
        super().__init__()
        if max_body_bytes < 0 or body_timeout <= 0:
            raise ValueError(
                "max_body_bytes must not be negative and body_timeout must be positive"
            )
        self.stub = stub
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        #: Answer errors as the real server does where that is not the spec's JSON body.
        self.realism = realism
        self.spec = stub.spec
        self.faults = faults
        self.deviations = frozenset(Deviation(d) for d in deviations)
        self.prefix = server_base_path(self.spec)
        self.operations = compile_operations(self.spec)
        # Operations by the slashes of their full path: a request is matched only against
        # those with as many segments (a template's value never spans a slash).
        self._by_depth: dict[int, list[Operation]] = {}
        for op in self.operations:
            depth = self.prefix.count("/") + op.template.count("/")
            self._by_depth.setdefault(depth, []).append(op)
        missing = [
            op.operation_id for op in self.operations if op.operation_id not in stub.handlers
        ]
        if missing:
            raise RuntimeError(f"{stub.provider} stub has no handler for {missing}")
        self.rate_limit = rate_limit if rate_limit is not None else 1_000_000
        self.rate_window = rate_window
        self._window_start = 0
        self._window_count = 0
        self.rate_limit_headers = any(
            "X-RateLimit-Limit" in resolve(self.spec, response).get("headers", {})
            for op in self.operations
            for response in op.spec.get("responses", {}).values()
        )
        self._faults_rng = random.Random(f"{stub.provider}:{stub.seed}:faults")  # noqa: S311
        # The response headers the spec says carry a request id (x-modelruns-request-id).
        self.request_id_headers = tuple(
            place.name for place in read_request_id_places(self.spec) if place.location == "header"
        )

    # --- ASGI entry ---------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve HTTP through the dispatcher; anything else through Starlette."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await self._dispatch(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        raw_path = scope.get("raw_path") or scope["path"].encode()
        request = StubRequest(
            method=scope["method"],
            path=scope["path"],
            raw_path=raw_path.decode("latin-1"),
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=b"",
        )
        fault = self._draw_fault()
        if self.faults.latency_ms:
            await asyncio.sleep(self.faults.latency_ms / 1000)
        answer = _Answer(self._request_id(headers))
        try:
            await self._answer(request, receive, fault, answer)
        except _DisconnectedError:
            self._log(request, 499, "the client disconnected before sending its body")
            return
        reason = answer.reason
        if fault is not None:
            reason = f"{reason}; " if reason else ""
            reason += f"injected fault: {fault}"
        self._log(request, answer.status, reason)
        payload = answer.payload
        if payload is None:
            payload = _encode(answer.body)
        if fault == "truncate":
            payload = payload[: len(payload) // 2]
        extra = answer.headers
        if not answer.body_read and _large_body(headers):
            # An unread body the server would have to drain (it may be gigabytes): close
            # instead. A small one is discarded and the connection kept alive.
            extra["Connection"] = "close"
        # A 204 carries no body, and so no length either (RFC 9110, 8.6).
        start = [] if answer.status == 204 else [(b"content-length", b"%d" % len(payload))]
        if answer.content_type:
            start.append((b"content-type", answer.content_type))
        start.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
        await send({"type": "http.response.start", "status": answer.status, "headers": start})
        if fault == "drop":
            # Returning before the body makes the server close the connection mid-response.
            return
        await send({"type": "http.response.body", "body": payload})

    async def _answer(
        self, request: StubRequest, receive: Receive, fault: str | None, answer: _Answer
    ) -> None:
        """Fill `answer`: route, authenticate, read the body, validate, handle, or refuse."""
        try:
            answer.headers.update(self._count_request())
            if fault == "throttle":
                raise StubError(
                    "throttled",
                    "Too many requests (injected fault).",
                    headers={"Retry-After": str(self.faults.retry_after)},
                )
            if fault == "unavailable":
                raise StubError("unavailable", "Service unavailable (injected fault).")
            operation, path_params = self._route(request)
            request.operation = operation
            # Credentials first: an unauthenticated request never gets its body read.
            self.stub.authenticate(request)
            request.body = await self._read_body(receive, request.headers)
            answer.body_read = True
            self.stub.verify_body(request)
            status, body = self._handle(request, path_params)
            if isinstance(body, RawBody):
                # Bytes as they are (a binary answer, or none at all): nothing to deviate.
                answer.payload = body.content
                answer.content_type = body.media_type.encode() if body.media_type else b""
            elif 200 <= status < 300 and self.deviations:
                status, body, answer.content_type = deviate(
                    self.spec, self.deviations, request, status, body
                )
                answer.reason = "deviations: " + ",".join(sorted(self.deviations))
            answer.status, answer.body = status, body
        except StubError as error:
            answer.headers.update(error.headers)
            self._refuse(request, error, body_message(error.message), answer)
        except _DisconnectedError:
            raise
        except Exception as error:  # a stub bug: still the provider's shape, never a traceback
            log.exception("%s stub failed on %s", self.stub.provider, request.method)
            internal = StubError("internal", "Internal error.")
            self._refuse(request, internal, f"internal error: {type(error).__name__}", answer)

    def _refuse(self, request: StubRequest, error: StubError, reason: str, answer: _Answer) -> None:
        """The provider's error body for `error` (or what its real server sends, `realism`)."""
        answer.status, answer.body = self._error(request.operation, error)
        answer.reason = reason
        raw = self.stub.realistic_error(answer.status, answer.body, error) if self.realism else None
        if raw is not None:
            answer.status, answer.content_type, answer.payload = raw

    def malformed_request_reply(self, message: str | None = None) -> tuple[int, bytes]:
        """Status and JSON body for bytes that are not an HTTP request (the server answers).

        ``message`` says what is wrong when the server knows (a request framed two ways).
        """
        message = message or "The request is not valid HTTP."
        status, body = self._error(None, StubError("invalid", message))
        log.info("%s - - %d %s", self.stub.provider, status, message)
        return status, _encode(body)

    def _log(self, request: StubRequest, status: int, reason: str | None) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        path = request.raw_path
        if len(path) > _LOG_PATH_LIMIT:
            path = path[: _LOG_PATH_LIMIT - 3] + "..."
        # The query is left out: it may carry values a log should not keep.
        line = f"{self.stub.provider} {request.method} {_printable(path)} {status}"
        log.info("%s%s", line, f" {_printable(reason)}" if reason else "")

    async def _read_body(self, receive: Receive, headers: Mapping[str, str]) -> bytes:
        """The body, at most `max_body_bytes` of it, within `body_timeout` seconds."""
        limit = self.max_body_bytes
        declared = headers.get("content-length", "")
        if "transfer-encoding" not in headers and declared in ("", "0"):
            # No body is framed: the server has the whole request and answers at once.
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _DisconnectedError
            return b""
        if declared.isascii() and declared.isdigit() and int(declared[:20]) > limit:
            raise StubError("too_large", f"The request body is larger than {limit} bytes.")
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise _DisconnectedError
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise StubError(
                            "too_large", f"The request body is larger than {limit} bytes."
                        )
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
        except TimeoutError:
            raise StubError(
                "timeout", f"The request body did not arrive within {self.body_timeout:g} s."
            ) from None

    # --- request handling ---------------------------------------------------------------

    def _handle(self, request: StubRequest, path_params: Mapping[str, str]) -> Reply:
        operation = request.operation
        assert operation is not None
        for parameter in operation.parameters:
            if parameter.location == "path":
                request.path_params[parameter.name] = parameter.parse(path_params[parameter.name])
        query = dict(reversed(parse_qsl(request.query_string, keep_blank_values=True)))
        for parameter in operation.parameters:
            if parameter.location != "query":
                continue
            raw = query.get(parameter.name)
            if raw is None:
                if parameter.required:
                    raise StubError(
                        "invalid",
                        f"query parameter {parameter.name!r} is required",
                        parameter=parameter.name,
                    )
                request.params[parameter.name] = parameter.default
            else:
                request.params[parameter.name] = parameter.parse(raw)
                request.sent.add(parameter.name)
        if operation.body_validator is not None:
            request.json = self._parse_body(operation, request.body)
        return self.stub.handlers[operation.operation_id](request)

    def _route(self, request: StubRequest) -> tuple[Operation, dict[str, str]]:
        return route(self._by_depth.get(request.path.count("/"), ()), self.prefix, request)

    def _parse_body(self, operation: Operation, body: bytes) -> Any:
        if not body.strip():
            if operation.body_required:
                raise StubError("invalid", "The request body is required.")
            return None
        try:
            # NaN and Infinity are not JSON (RFC 8259); a stub that stored them would answer
            # bodies no client can parse.
            document = json.loads(body, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError):
            raise StubError(
                "invalid", "The request body is not valid JSON.", origin="body-syntax"
            ) from None
        except RecursionError:
            document = None
            too_deep = True
        else:
            too_deep = _nested_deeper_than(document, _MAX_BODY_DEPTH)
        if too_deep:
            # The validator recurses too: past a depth no spec here needs, refuse up front.
            message = f"The request body is nested deeper than {_MAX_BODY_DEPTH} levels."
            raise StubError("invalid", message, origin="body-syntax")
        for error in operation.body_validator.iter_errors(document):
            where = "/".join(str(part) for part in error.instance_path) or "(root)"
            raise StubError(
                "invalid",
                f"Invalid request body at {where}: {error.message}",
                origin="body-schema",
            )
        return document

    def _error(self, operation: Operation | None, error: StubError) -> Reply:
        status, code, name = self.stub.error_kinds[error.kind]
        if error.name is None and error.parameter is not None:
            error.name = self.stub.parameter_errors.get(error.parameter)
        name = error.name or name
        documented = operation.errors if operation is not None else []
        # Credentials failures carry the operation's one documented error of that status.
        sole = [e for e in documented if e["status"] == status]
        matched: Mapping[str, Any] | None = None
        for entry in documented:
            named = error.name is not None and entry["name"] == error.name
            by_parameter = (
                error.name is None
                and error.parameter is not None
                and entry["status"] == status
                and entry.get("parameters") == [error.parameter]
            )
            by_status = (
                error.name is None
                and error.kind in ("unauthorized", "forbidden")
                and sole == [entry]
            )
            if named or by_parameter or by_status:
                status, code, name = int(entry["status"]), str(entry["errorCode"]), entry["name"]
                matched = entry
                break
        parameters = dict(error.parameters)
        if error.parameter is not None and not parameters:
            parameters[error.parameter] = error.value
        if matched is not None and "parameters" in matched:
            # A named error carries the parameters its spec entry lists, and no others.
            parameters = {k: v for k, v in parameters.items() if k in matched["parameters"]}
        message = error.message
        if len(message) > _MESSAGE_LIMIT:
            # Validator messages quote the offending value, which may be arbitrarily long.
            message = message[: _MESSAGE_LIMIT - 3] + "..."
        return status, self.stub.render_error(status, code, name, message, parameters)

    # --- faults and rate limits ---------------------------------------------------------

    def _draw_fault(self) -> str | None:
        if not self.faults.any:
            return None
        draw = self._faults_rng.random()
        for name in ("throttle", "unavailable", "drop", "truncate"):
            rate: float = getattr(self.faults, name)
            if draw < rate:
                return name
            draw -= rate
        return None

    def _request_id(self, headers: Mapping[str, str]) -> dict[str, str]:
        """The request id headers of an answer: the request's own id if it sent one (as the Data
        Platform server does), else a fresh one."""
        found = {}
        for name in self.request_id_headers:
            given = headers.get(name.lower(), "")
            usable = given.isascii() and given.isprintable() and 0 < len(given) <= 128
            # Not from the seeded id generator: a request id must not shift the seeded ids.
            found[name] = given if usable else str(uuid.uuid4())
        return found

    def _count_request(self) -> dict[str, str]:
        now = int(self.stub.clock())
        start = now - now % self.rate_window
        if start != self._window_start:
            self._window_start, self._window_count = start, 0
        self._window_count += 1
        remaining = max(self.rate_limit - self._window_count, 0)
        reset = start + self.rate_window
        headers = {}
        if self.rate_limit_headers:
            headers = {
                "X-RateLimit-Limit": str(self.rate_limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": str(reset),
            }
        if self._window_count > self.rate_limit:
            raise StubError(
                "throttled",
                f"Rate limit of {self.rate_limit} requests per {self.rate_window} s exceeded.",
                headers={**headers, "Retry-After": str(max(reset - now, 1))},
            )
        return headers


def _encode(body: Any) -> bytes:
    """A JSON body, compact: msgspec's encoder, the standard library's for what it refuses."""
    try:
        return _ENCODER.encode(body)
    except (TypeError, OverflowError, msgspec.EncodeError):
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _nested_deeper_than(document: Any, limit: int) -> bool:
    """Whether JSON arrays and objects nest more than `limit` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth >= limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False


class _Answer:
    """What `StubApp._answer` decided: status, body (or ready bytes), headers, log reason."""

    __slots__ = ("body", "body_read", "content_type", "headers", "payload", "reason", "status")

    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers
        self.status = 500
        self.body: Any = None
        self.payload: bytes | None = None
        self.content_type = _JSON_TYPE
        self.reason: str | None = None
        self.body_read = False


class _DisconnectedError(Exception):
    """The client went away before its request was complete."""


def _large_body(headers: Mapping[str, str]) -> bool:
    """Whether a request announces a body over 64 KiB, or one of unknown length."""
    declared = headers.get("content-length", "0")
    if "transfer-encoding" in headers or not (declared.isascii() and declared.isdigit()):
        return True
    return len(declared) > 5 or int(declared) > _DRAINABLE_BYTES


def _printable(text: str) -> str:
    """Text safe for a one-line log: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def body_message(message: str) -> str:
    """An error message shortened for a log line."""
    return message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 3] + "..."
