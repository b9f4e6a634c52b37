"""The spec-driven core every stub shares: the app (route, authenticate, validate, handle, log).

A provider module adds only behaviour: a store, one handler per operation, how it checks
credentials and how its error body looks. Routes, parameter names, types and constraints,
request bodies, success statuses and pagination names are all read from the spec once,
when the app is built, so the per-request path does no schema compilation.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from starlette.applications import Starlette

from modelruns._specs import Provider, load_spec, read_request_id_places, resolve, server_base_path
from modelruns.stubs._config import Deviation, Faults, RunLife
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._deviations import deviate
from modelruns.stubs._paging import (
    decode_token,
    encode_token,
    integer_token_page,
    page_number_page,
    page_size,
    token_page,
)
from modelruns.stubs._routing import (
    Operation,
    Parameter,
    RawBody,
    Reply,
    StubError,
    StubRequest,
    compile_operations,
    route,
)

# Routing, paging and deviations live in their own modules; their names stay importable here.
__all__ = [
    "Operation",
    "Parameter",
    "ProviderStub",
    "RawBody",
    "Reply",
    "StubApp",
    "StubError",
    "StubRequest",
    "bearer_token",
    "decode_token",
    "encode_token",
    "integer_token_page",
    "page_number_page",
    "page_size",
    "secure_equal",
    "token_page",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


_JSON_TYPE = b"application/json"
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


#: The HTTP status of each kind of refusal a stub makes, the same for every provider; what the
#: provider calls it (code, name) is a fact of its spec (``x-modelruns-error-codes``).
ERROR_STATUSES: Mapping[str, int] = {
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "throttled": 429,
    "internal": 500,
    "unavailable": 503,
    "too_large": 413,
    "timeout": 408,
}


def error_kinds(spec: Mapping[str, Any]) -> dict[str, tuple[int, str, str]]:
    """Error kind -> (HTTP status, provider error code, provider error name), from the spec.

    ``x-modelruns-error-codes`` gives each kind's ``code`` and ``name`` (the code when no name
    is given); a spec without it (a provider whose errors carry neither) gets empty ones. A
    spec that leaves out a kind or names an unknown one is refused, naming them.
    """
    given = spec.get("x-modelruns-error-codes")
    if given is None:
        return {kind: (status, "", "") for kind, status in ERROR_STATUSES.items()}
    if not isinstance(given, Mapping) or set(given) != set(ERROR_STATUSES):
        names = sorted(given) if isinstance(given, Mapping) else given
        raise ValueError(
            f"x-modelruns-error-codes must give each of {sorted(ERROR_STATUSES)}, not {names}"
        )
    kinds: dict[str, tuple[int, str, str]] = {}
    for kind, status in ERROR_STATUSES.items():
        entry = given[kind]
        if not isinstance(entry, Mapping) or not isinstance(entry.get("code"), str):
            raise ValueError(f"x-modelruns-error-codes.{kind}: needs a string code, got {entry!r}")
        kinds[kind] = (status, entry["code"], str(entry.get("name", entry["code"])))
    return kinds


class ProviderStub:
    """The behaviour of one provider's stub: store, handlers, credentials, error body.

    Subclasses set `provider`, and define `authenticate`, `render_error`, `describe` and one
    method per operation, registered in `handlers`. Error codes come from the spec.
    """

    provider: ClassVar[Provider]
    #: Named errors the provider answers when a given request parameter is missing or invalid.
    parameter_errors: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        *,
        runs: int,
        seed: int,
        credentials: Credentials,
        clock: Callable[[], float],
        life: RunLife | None = None,
    ) -> None:
        self.spec = load_spec(self.provider)
        #: error kind -> (HTTP status, provider error code, provider error name)
        self.error_kinds = error_kinds(self.spec)
        self.runs = runs
        self.seed = seed
        self.credentials = credentials
        self.clock = clock
        # Identifiers come from their own generator so faults never shift them.
        self.ids = random.Random(f"{self.provider}:{seed}:ids")  # noqa: S311  (test data)
        #: How started runs progress (`RunLife`); whether each fails comes from its own
        #: generator, so the seed decides outcomes without shifting ids.
        self.life = life or RunLife()
        self._outcomes = random.Random(f"{self.provider}:{seed}:outcomes")  # noqa: S311
        self.handlers: dict[str, Callable[[StubRequest], Reply]] = {}

    def draw_failure(self) -> bool:
        """Whether the run being started will end failed (`RunLife.fail_rate`, seeded)."""
        return self._outcomes.random() < self.life.fail_rate

    def run_progress(self, started: float) -> float | None:
        """How far through its `run_seconds` a run started at `started` is (1.0: finished),
        by the stub's clock; `None` when runs move one step per poll instead."""
        seconds = self.life.run_seconds
        if seconds is None:
            return None
        return min(max((self.clock() - started) / seconds, 0.0), 1.0)

    def new_uuid(self) -> str:
        """A deterministic random UUID string."""
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4))

    def authenticate(self, request: StubRequest) -> None:
        """Raise a `StubError` unless the request carries the accepted credentials.

        Called before the body is read (`request.body` is still empty), so an
        unauthenticated request never costs its body; see `verify_body`.
        """
        raise NotImplementedError

    def verify_body(self, request: StubRequest) -> None:
        """Check the body, once read, against what the credentials signed (default: nothing)."""

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """The provider's error body."""
        raise NotImplementedError

    def describe(self) -> dict[str, str]:
        """The ids of the seeded resources, for people pointing a client at the stub."""
        raise NotImplementedError

    def realistic_error(
        self, status: int, body: Any, error: StubError
    ) -> tuple[int, bytes, bytes] | None:
        """What the real server sends instead of the JSON error, when it differs (`realism`).

        Returns (status, content type, payload), or None to keep the JSON error body.
        """
        return None


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
        extra: dict[str, str] = {}
        content_type = _JSON_TYPE
        body_read = False
        reason: str | None = None
        payload: bytes | None = None
        extra.update(self._request_id(headers))
        try:
            extra.update(self._count_request())
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
            request.body = await self._read_body(receive, headers)
            body_read = True
            self.stub.verify_body(request)
            status, body = self._handle(request, path_params)
            if isinstance(body, RawBody):
                # Bytes as they are (a binary answer, or none at all): nothing to deviate.
                payload = body.content
                content_type = body.media_type.encode() if body.media_type else b""
            elif 200 <= status < 300 and self.deviations:
                status, body, content_type = deviate(
                    self.spec, self.deviations, request, status, body
                )
                reason = "deviations: " + ",".join(sorted(self.deviations))
        except StubError as error:
            extra.update(error.headers)
            status, body = self._error(request.operation, error)
            reason = body_message(error.message)
            raw = self.stub.realistic_error(status, body, error) if self.realism else None
            if raw is not None:
                status, content_type, payload = raw
        except _DisconnectedError:
            self._log(request, 499, "the client disconnected before sending its body")
            return
        except Exception as error:  # a stub bug: still the provider's shape, never a traceback
            log.exception("%s stub failed on %s", self.stub.provider, request.method)
            internal = StubError("internal", "Internal error.")
            status, body = self._error(request.operation, internal)
            reason = f"internal error: {type(error).__name__}"
            raw = self.stub.realistic_error(status, body, internal) if self.realism else None
            if raw is not None:
                status, content_type, payload = raw
        if fault is not None:
            reason = f"{reason}; " if reason else ""
            reason += f"injected fault: {fault}"
        self._log(request, status, reason)
        if payload is None:
            payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        if fault == "truncate":
            payload = payload[: len(payload) // 2]
        if not body_read and _large_body(headers):
            # An unread body the server would have to drain (it may be gigabytes): close
            # instead. A small one is discarded and the connection kept alive.
            extra["Connection"] = "close"
        # A 204 carries no body, and so no length either (RFC 9110, 8.6).
        start = [] if status == 204 else [(b"content-length", b"%d" % len(payload))]
        if content_type:
            start.append((b"content-type", content_type))
        start.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
        await send({"type": "http.response.start", "status": status, "headers": start})
        if fault == "drop":
            # Returning before the body makes the server close the connection mid-response.
            return
        await send({"type": "http.response.body", "body": payload})

    def malformed_request_reply(self, message: str | None = None) -> tuple[int, bytes]:
        """Status and JSON body for bytes that are not an HTTP request (the server answers).

        ``message`` says what is wrong when the server knows (a request framed two ways).
        """
        message = message or "The request is not valid HTTP."
        status, body = self._error(None, StubError("invalid", message))
        log.info("%s - - %d %s", self.stub.provider, status, message)
        return status, json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()

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
        return route(self.operations, self.prefix, request)

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


def bearer_token(request: StubRequest) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if there is one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def secure_equal(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a received credential with the accepted one."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


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
