"""The spec-driven core every stub shares: routing, parameters, validation, errors, faults.

A provider module adds only behaviour: a store, one handler per operation, how it checks
credentials and how its error body looks. Routes, parameter names, types and constraints,
request bodies, success statuses and pagination names are all read from the spec once,
when the app is built, so the per-request path does no schema compilation.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import copy
import dataclasses
import hmac
import json
import logging
import random
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, urlsplit

import jsonschema_rs
from starlette.applications import Starlette

from modelruns._specs import Provider, load_spec, resolve
from modelruns.stubs._config import Deviation, Faults
from modelruns.stubs._credentials import Credentials

__all__ = [
    "Operation",
    "ProviderStub",
    "Reply",
    "StubApp",
    "StubError",
    "StubRequest",
    "bearer_token",
    "secure_equal",
]

T = TypeVar("T")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: (status, JSON body) as a handler returns it.
Reply = tuple[int, Any]

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_INTEGER = re.compile(r"-?\d+")
_JSON_TYPE = b"application/json"
#: A 2xx no spec documents, for the `undocumented-status` deviation.
_UNDOCUMENTED_SUCCESS = 203
#: Page size when the spec gives its page-size parameter no default.
_FALLBACK_PAGE_SIZE = 100
_CACHE_LIMIT = 4096
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


class StubError(Exception):
    """An error answer: `kind` picks the status and code from the provider's table.

    `name` names one of the operation's `x-modelruns-errors`; `parameter` names the request
    parameter at fault (a spec error listing exactly that parameter then supplies the name).
    `origin` says which check failed (`parameter-format`: not of the parameter's type;
    `parameter-schema`: outside its constraints; `body-syntax`: not JSON; `body-schema`:
    against the body schema; `route`: no operation has the path), so a provider can answer
    as its real server does (`realism`).
    """

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        name: str | None = None,
        parameter: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        value: Any = None,
        origin: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.name = name
        self.parameter = parameter
        self.parameters = dict(parameters or {})
        self.headers = dict(headers or {})
        self.value = value
        self.origin = origin


class _ParameterTypeError(ValueError):
    """A raw parameter value that is not of the parameter's type at all."""


@dataclasses.dataclass(slots=True)
class Parameter:
    """A path or query parameter, with its coercion and its compiled schema."""

    name: str
    location: str
    required: bool
    kind: str
    default: Any
    validator: Any
    #: The server's upper bound for a value it clamps rather than refuses (`x-modelruns-clamp`).
    clamp_maximum: int | None = None
    cache: dict[str, Any] = dataclasses.field(default_factory=dict)

    def parse(self, raw: str) -> Any:
        """The typed value of a raw string, or a `StubError` naming what was wrong."""
        cached = self.cache.get(raw)
        if cached is None:
            try:
                cached = (self._coerce(raw), None, None)
            except _ParameterTypeError as error:
                cached = (None, str(error), "parameter-format")
            except ValueError as error:
                cached = (None, str(error), "parameter-schema")
            if len(self.cache) < _CACHE_LIMIT:
                self.cache[raw] = cached
        value, problem, origin = cached
        if problem is not None:
            raise StubError("invalid", problem, parameter=self.name, value=raw, origin=origin)
        return value

    def _coerce(self, raw: str) -> Any:
        value: Any = raw
        if self.kind == "integer":
            if not _INTEGER.fullmatch(raw):
                raise _ParameterTypeError(
                    f"{self.location} parameter {self.name!r} must be an integer"
                )
            value = int(raw)
        elif self.kind == "number":
            try:
                value = float(raw)
            except ValueError:
                raise _ParameterTypeError(
                    f"{self.location} parameter {self.name!r} must be a number"
                ) from None
        elif self.kind == "boolean":
            # Any letter case, as the servers' parsers (Java, Go) take it: Alibaba's own SDK
            # sends Python's `True`.
            if raw.lower() not in ("true", "false"):
                raise _ParameterTypeError(
                    f"{self.location} parameter {self.name!r} must be true or false"
                )
            value = raw.lower() == "true"
        for error in self.validator.iter_errors(value):
            raise ValueError(f"{self.location} parameter {self.name!r}: {error.message}")
        return value


@dataclasses.dataclass(slots=True)
class Operation:
    """One operation of the spec, compiled for routing and validation."""

    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    parameters: list[Parameter]
    body_validator: Any
    body_required: bool
    success: int
    documented: frozenset[int]
    schema: Mapping[str, Any]
    pagination: list[Mapping[str, Any]]
    errors: list[Mapping[str, Any]]
    spec: Mapping[str, Any]

    def paging(self, style: str) -> Mapping[str, Any]:
        """The operation's `x-modelruns-pagination` entry of a style."""
        for entry in self.pagination:
            if entry["style"] == style:
                return entry
        raise KeyError(f"{self.operation_id} has no {style} pagination in its spec")


@dataclasses.dataclass(slots=True)
class StubRequest:
    """What a handler sees: the parsed request and its validated parameters."""

    method: str
    path: str
    raw_path: str
    query_string: str
    headers: dict[str, str]
    body: bytes
    operation: Operation | None = None
    path_params: dict[str, Any] = dataclasses.field(default_factory=dict)
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    sent: set[str] = dataclasses.field(default_factory=set)
    json: Any = None

    @property
    def target(self) -> str:
        """The request target as sent: percent-encoded path plus ``?query`` when present."""
        return f"{self.raw_path}?{self.query_string}" if self.query_string else self.raw_path


def _validator(spec: Mapping[str, Any], schema: Mapping[str, Any], *, formats: bool) -> Any:
    # Local refs point into the spec's components, so the validator carries them along.
    document = {**schema, "components": spec.get("components", {})}
    return jsonschema_rs.Draft202012Validator(document, validate_formats=formats)


#: The ranges OpenAPI's integer formats imply; JSON Schema validators do not know them.
_FORMAT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def _bounded(spec: Mapping[str, Any], schema: Any) -> Mapping[str, Any]:
    """A parameter schema with the range its integer `format` implies made explicit."""
    resolved = resolve(spec, schema)
    bounds = _FORMAT_BOUNDS.get(resolved.get("format", ""))
    if bounds is None:
        return dict(schema)
    low, high = bounds
    return {
        **resolved,
        "minimum": resolved.get("minimum", low),
        "maximum": resolved.get("maximum", high),
    }


def _schema_kind(spec: Mapping[str, Any], schema: Any) -> str:
    kind = resolve(spec, schema).get("type", "string")
    return str(kind[0] if isinstance(kind, list) else kind)


def _compile(spec: Mapping[str, Any]) -> list[Operation]:
    operations = []
    for template, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in _METHODS:
            if method not in item:
                continue
            op = item[method]
            parameters = [
                Parameter(
                    name=p["name"],
                    location=p["in"],
                    required=bool(p.get("required", False)),
                    kind=_schema_kind(spec, p.get("schema", {})),
                    default=resolve(spec, p.get("schema", {})).get("default"),
                    validator=_validator(spec, _bounded(spec, p.get("schema", {})), formats=False),
                    clamp_maximum=p.get("x-modelruns-clamp", {}).get("maximum"),
                )
                for p in (resolve(spec, raw) for raw in [*shared, *op.get("parameters", [])])
                if p["in"] in ("path", "query")
            ]
            body = resolve(spec, op.get("requestBody", {}))
            body_schema = body.get("content", {}).get("application/json", {}).get("schema")
            statuses = sorted(int(code) for code in op.get("responses", {}) if code.isdigit())
            success = next(code for code in statuses if 200 <= code < 300)
            response = resolve(spec, op["responses"][str(success)])
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            operations.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    template=template,
                    pattern=re.compile(f"^{regex}$"),
                    parameters=parameters,
                    body_validator=(
                        _validator(spec, body_schema, formats=True) if body_schema else None
                    ),
                    body_required=bool(body.get("required", False)),
                    success=success,
                    documented=frozenset(statuses),
                    schema=resolve(spec, schema),
                    pagination=list(op.get("x-modelruns-pagination", [])),
                    errors=list(op.get("x-modelruns-errors", [])),
                    spec=op,
                )
            )
    return operations


class ProviderStub:
    """The behaviour of one provider's stub: store, handlers, credentials, error body.

    Subclasses set `provider` and `error_kinds`, and define `authenticate`, `render_error`,
    `describe` and one method per operation, registered in `handlers`.
    """

    provider: ClassVar[Provider]
    #: error kind -> (HTTP status, provider error code, provider error name)
    error_kinds: ClassVar[Mapping[str, tuple[int, str, str]]]
    #: Named errors the provider answers when a given request parameter is missing or invalid.
    parameter_errors: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        *,
        runs: int,
        seed: int,
        credentials: Credentials,
        clock: Callable[[], float],
    ) -> None:
        self.spec = load_spec(self.provider)
        self.runs = runs
        self.seed = seed
        self.credentials = credentials
        self.clock = clock
        # Identifiers come from their own generator so faults never shift them.
        self.ids = random.Random(f"{self.provider}:{seed}:ids")  # noqa: S311  (test data)
        self.handlers: dict[str, Callable[[StubRequest], Reply]] = {}

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
        self.prefix = urlsplit(self.spec["servers"][0]["url"]).path.rstrip("/")
        self.operations = _compile(self.spec)
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
        self.state.stub = stub

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
            if 200 <= status < 300 and self.deviations:
                status, body, content_type = self._deviate(request, status, body)
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
            status, body = self._error(request.operation, StubError("internal", "Internal error."))
            reason = f"internal error: {type(error).__name__}"
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
        start = [(b"content-length", b"%d" % len(payload))]
        if content_type:
            start.append((b"content-type", content_type))
        start.extend((k.lower().encode(), v.encode()) for k, v in extra.items())
        await send({"type": "http.response.start", "status": status, "headers": start})
        if fault == "drop":
            # Returning before the body makes the server close the connection mid-response.
            return
        await send({"type": "http.response.body", "body": payload})

    def malformed_request_reply(self) -> tuple[int, bytes]:
        """Status and JSON body for bytes that are not an HTTP request (the server answers)."""
        status, body = self._error(None, StubError("invalid", "The request is not valid HTTP."))
        log.info("%s - - %d the request is not valid HTTP", self.stub.provider, status)
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
        path = request.path
        if not path.startswith(self.prefix + "/"):
            raise StubError("not_found", f"No route for {path!r}.", origin="route")
        path = path[len(self.prefix) :]
        allowed = []
        for operation in self.operations:
            match = operation.pattern.match(path)
            if match is None:
                continue
            if operation.method == request.method:
                return operation, match.groupdict()
            allowed.append(operation.method)
        if allowed:
            raise StubError(
                "method_not_allowed",
                f"Method {request.method} is not allowed on {request.path!r}.",
                headers={"Allow": ", ".join(sorted(set(allowed)))},
            )
        raise StubError("not_found", f"No route for {request.path!r}.", origin="route")

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

    # --- deviations ---------------------------------------------------------------------

    def _deviate(self, request: StubRequest, status: int, body: Any) -> tuple[int, Any, bytes]:
        operation = request.operation
        assert operation is not None
        content_type = _JSON_TYPE
        body = copy.deepcopy(body)
        schema = operation.schema
        targets, target_schema = self._targets(operation, body)
        if Deviation.MISSING_REQUIRED_FIELD in self.deviations:
            _drop_required(targets, target_schema, body, schema)
        if Deviation.WRONG_FIELD_TYPE in self.deviations:
            _wrong_type(self.spec, targets or [body], target_schema if targets else schema)
        if Deviation.ENUM_OUT_OF_SPEC in self.deviations:
            _enum_out_of_spec(self.spec, targets, target_schema, body, schema)
        if Deviation.ENDLESS_PAGINATION in self.deviations and operation.pagination:
            _endless(operation, request, body)
        if Deviation.UNDOCUMENTED_STATUS in self.deviations:
            status = _UNDOCUMENTED_SUCCESS
        if Deviation.WRONG_CONTENT_TYPE in self.deviations:
            content_type = b"text/plain; charset=utf-8"
        return status, body, content_type

    def _targets(
        self, operation: Operation, body: Any
    ) -> tuple[list[dict[str, Any]], Mapping[str, Any]]:
        """The item objects of a list page and their schema (none for a single object)."""
        if not operation.pagination or not isinstance(body, dict):
            return [], {}
        key = operation.pagination[0]["items"]
        items_schema = resolve(self.spec, operation.schema.get("properties", {}).get(key, {}))
        item_schema = resolve(self.spec, items_schema.get("items", {}))
        items = [item for item in body.get(key, []) if isinstance(item, dict)]
        return items, item_schema


def _drop_required(
    targets: list[dict[str, Any]],
    target_schema: Mapping[str, Any],
    body: Any,
    schema: Mapping[str, Any],
) -> None:
    required = target_schema.get("required", [])
    if targets and required:
        for item in targets:
            item.pop(required[0], None)
    elif isinstance(body, dict) and schema.get("required"):
        body.pop(schema["required"][0], None)


def _wrong_type(spec: Mapping[str, Any], objects: list[Any], schema: Mapping[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        kinds = resolve(spec, prop).get("type", [])
        kinds = set(kinds if isinstance(kinds, list) else [kinds])
        replacement: Any
        if "string" in kinds:
            replacement = 12345
        elif kinds & {"integer", "number", "boolean"}:
            replacement = "not-a-" + sorted(kinds)[0]
        else:
            continue
        present = [obj for obj in objects if isinstance(obj, dict) and name in obj]
        if present:
            for obj in present:
                obj[name] = replacement
            return


def _enum_out_of_spec(
    spec: Mapping[str, Any],
    targets: list[dict[str, Any]],
    target_schema: Mapping[str, Any],
    body: Any,
    schema: Mapping[str, Any],
) -> None:
    for objects, owner in ((targets, target_schema), ([body], schema)):
        for name, prop in owner.get("properties", {}).items():
            if "enum" in resolve(spec, prop):
                for obj in objects:
                    if isinstance(obj, dict):
                        obj[name] = "NOT_IN_SPEC"
                if objects:
                    return


def _endless(operation: Operation, request: StubRequest, body: Any) -> None:
    if not isinstance(body, dict):
        return
    for paging in operation.pagination:
        style = paging["style"]
        if style == "token":
            # The same token forever: a page that always points back at itself.
            token = request.params.get(paging["request_token"])
            body[paging["response_token"]] = token or encode_token(0)
        elif style == "integer-token":
            body[paging["response_token"]] = request.params.get(paging["request_token"]) or 1
        elif style == "page-number":
            page = request.params.get(paging["page"]) or paging.get("first_page", 1)
            size = request.params.get(paging["page_size"]) or _FALLBACK_PAGE_SIZE
            body[paging["total"]] = page * size + 1


# --- pagination ---------------------------------------------------------------------------


def encode_token(offset: int) -> str:
    """An opaque page token for an offset."""
    return base64.urlsafe_b64encode(b'{"id":%d}' % offset).decode().rstrip("=")


def decode_token(token: str, parameter: str) -> int:
    """The offset inside a page token, or a `StubError` naming the parameter."""
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()))["id"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        offset = None
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise StubError(
            "invalid", f"The page token {token!r} is invalid.", parameter=parameter, value=token
        )
    return offset


def page_size(operation: Operation, request: StubRequest, name: str) -> int:
    """The requested page size, or the spec's default for it."""
    size = request.params.get(name)
    if size is None:
        for parameter in operation.parameters:
            if parameter.name == name and parameter.default is not None:
                return int(parameter.default)
        return _FALLBACK_PAGE_SIZE
    if size < 1:
        message = f"The page size {size} must be greater than zero."
        raise StubError("invalid", message, parameter=name, value=size)
    return int(size)


def token_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """A string-token page body: items, and the next token unless this is the last page."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("token")
    size = page_size(operation, request, paging["page_size"])
    token = request.params.get(paging["request_token"])
    offset = decode_token(token, paging["request_token"]) if token else 0
    end = offset + size
    body: dict[str, Any] = {paging["items"]: list(items[offset:end])}
    if end < len(items):
        body[paging["response_token"]] = encode_token(end)
    return body


def integer_token_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """An integer-token page body: the next offset, or the spec's end value on the last page."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("integer-token")
    size = page_size(operation, request, paging["page_size"])
    offset = int(request.params.get(paging["request_token"]) or 0)
    end = offset + size
    return {
        paging["items"]: list(items[offset:end]),
        paging["response_token"]: end if end < len(items) else paging.get("end", 0),
    }


def page_number_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """A page-number page body: the page's items and the total count."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("page-number")
    size = page_size(operation, request, paging["page_size"])
    first = int(paging.get("first_page", 1))
    page = request.params.get(paging["page"]) or first
    offset = (page - first) * size
    return {paging["items"]: list(items[offset : offset + size]), paging["total"]: len(items)}


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


def now_ms(clock: Callable[[], float] = time.time) -> int:
    """Milliseconds since the epoch by a clock."""
    return int(clock() * 1000)
