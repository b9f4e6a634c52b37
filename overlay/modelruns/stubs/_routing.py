"""The spec compiled for routing: operations with their parameters, schemas and statuses.

Everything here is read from the spec once, when an app is built (``compile_operations``), so
answering a request does no schema compilation; ``StubError`` is how any check refuses.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema_rs

from modelruns._patterns import compile_pattern
from modelruns._specs import HTTP_METHODS, resolve

__all__ = [
    "Operation",
    "Parameter",
    "RawBody",
    "Reply",
    "StubError",
    "StubRequest",
    "compile_operations",
    "route",
]

#: (status, JSON body) as a handler returns it; a ``RawBody`` is sent as it is.
Reply = tuple[int, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class RawBody:
    """A body that is not JSON: its bytes and media type (``None``: no body, as a 204)."""

    content: bytes
    media_type: str | None


_INTEGER = re.compile(r"-?\d+")
_CACHE_LIMIT = 4096


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


class _EcmaPattern:
    """The ``pattern`` keyword, read as ECMA-262 by the one translation the SDK uses too.

    (jsonschema_rs's own reading lets ``.`` match ``\\r``, U+2028 and U+2029.) A pattern that
    cannot be read fails when the app is built.
    """

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.pattern = str(value)
        self._search = compile_pattern(self.pattern).search

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and self._search(instance) is None:
            raise ValueError(f"{instance!r} does not match {self.pattern!r}")


def _validator(spec: Mapping[str, Any], schema: Mapping[str, Any], *, formats: bool) -> Any:
    # Local refs point into the spec's components, so the validator carries them along.
    document = {**schema, "components": spec.get("components", {})}
    return jsonschema_rs.Draft202012Validator(
        document, validate_formats=formats, keywords={"pattern": _EcmaPattern}
    )


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


def compile_operations(spec: Mapping[str, Any]) -> list[Operation]:
    """Every operation of ``spec``, compiled for routing and validation."""
    operations = []
    for template, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
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
                    # Matched whole (`fullmatch`): `$` would let `.../cancel\n` route to cancel.
                    pattern=re.compile(regex),
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


def route(
    operations: Sequence[Operation], prefix: str, request: StubRequest
) -> tuple[Operation, dict[str, str]]:
    """The operation a request's method and path (below ``prefix``) name, and its path values.

    A path no operation has is a ``not_found`` ``StubError``; a path whose operations take
    other methods is ``method_not_allowed``, with the ``Allow`` header.
    """
    path = request.path
    if not path.startswith(prefix + "/"):
        raise StubError("not_found", f"No route for {path!r}.", origin="route")
    path = path[len(prefix) :]
    matched = [(op, m) for op in operations if (m := op.pattern.fullmatch(path)) is not None]
    # A path with literal segments wins over a templated one (OpenAPI: `.../search` before
    # `.../{experimentRid}`), so only the most specific matching templates count.
    fewest = min((op.template.count("{") for op, _ in matched), default=0)
    allowed = []
    for operation, match in matched:
        if operation.template.count("{") != fewest:
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
