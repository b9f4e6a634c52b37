"""Checking a call's arguments against the spec before any request is sent.

Each operation's parameters are read from its spec (path-level and operation-level entries,
``$ref``s resolved) and matched to the generated ``_get_kwargs`` keywords. A bad value is a
``TypeError`` (wrong JSON type) or ``ValueError`` (outside ``enum``, ``pattern``, ``minLength``/
``maxLength``, ``minimum``/``maximum`` or the integer ``format``) naming the method, the
parameter and the rule. A ``pattern`` is ECMA-262, as JSON Schema says (``modelruns._patterns``),
in a parameter and in a body. Enum parameters take the generated enum or one of its string values.
A string parameter also takes a ``uuid.UUID`` (the SDK returns ids of ``format: uuid`` as
UUIDs): it is sent in its canonical form and checked against the same rules as a string.
A JSON request body is checked against its schema the same way.

What the transport cannot send is refused here too, naming the parameter: text that does not
encode as UTF-8 (a lone surrogate), in a parameter or anywhere in a body, a number a JSON body
cannot hold (NaN, infinities), and a path or query parameter longer, percent-encoded, than the
longest URL the transport sends (``MAX_URL_LENGTH``).
"""

from __future__ import annotations

import enum
import functools
import inspect
import math
import types
import typing
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema

from modelruns._names import squash
from modelruns._patterns import compile_pattern, compile_patterns_in
from modelruns._specs import Provider, find_operation, load_spec, resolve

__all__ = ["MAX_URL_LENGTH", "check_arguments", "too_long_for_url", "unencodable"]

#: The longest URL, and the longest query, the transport sends (httpx's limit: longer ones are
#: its ``InvalidURL``); the path (with the base URL) and the query are measured percent-encoded.
MAX_URL_LENGTH = 65536

# Integer ranges of the spec's `format`; an integer without one still has to fit a signed
# 64-bit wire integer.
_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}

# Path segments a server (or a proxy) would normalise away, escaping the operation's path.
_DOT_SEGMENTS = frozenset({".", ".."})

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
    "object": (dict,),
}


@dataclass(frozen=True)
class _Rule:
    """One spec parameter, as the Python keyword that carries it sees it."""

    keyword: str
    wire: str
    location: str
    schema: Mapping[str, Any]
    enum_type: type[enum.Enum] | None

    def check(self, method: str, value: Any) -> Any:
        """The value to hand to ``_get_kwargs`` (an enum member for an enum string)."""
        where = f"{method}(): {self.keyword}"
        schema = self.schema
        if "enum" in schema:
            return self._check_enum(where, value)
        kind = schema.get("type")
        if kind == "string" and isinstance(value, uuid.UUID):
            value = str(value)  # an id the SDK returned as a UUID goes back as its wire form
        if isinstance(kind, str) and kind in _JSON_TYPES and not _is_json(value, kind):
            raise TypeError(f"{where} must be {_article(kind)}, got {type(value).__name__}")
        if isinstance(value, str):
            self._check_string(where, value)
            self._check_sendable(where, value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._check_number(where, value)
        return value

    def _check_enum(self, where: str, value: Any) -> Any:
        allowed = [str(v) for v in self.schema["enum"]]
        if self.enum_type is not None and isinstance(value, self.enum_type):
            return value
        if isinstance(value, enum.Enum):
            value = value.value
        if not isinstance(value, str):
            raise TypeError(
                f"{where} must be one of {', '.join(allowed)}, got {type(value).__name__}"
            )
        if value not in allowed:
            raise ValueError(f"{where} must be one of {', '.join(allowed)}, got {value!r}")
        return self.enum_type(value) if self.enum_type is not None else value

    def _check_string(self, where: str, value: str) -> None:
        schema = self.schema
        if "minLength" in schema and len(value) < schema["minLength"]:
            raise ValueError(f"{where} must be at least {schema['minLength']} characters long")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise ValueError(
                f"{where} must be at most {schema['maxLength']} characters long, got {len(value)}"
            )
        if self.location == "path" and (not value or value in _DOT_SEGMENTS):
            raise ValueError(f"{where} must be a non-empty id other than '.' and '..'")
        pattern = schema.get("pattern")
        if pattern is not None and compile_pattern(pattern).search(value) is None:
            raise ValueError(f"{where} must match {pattern}, got {value!r}")

    def _check_sendable(self, where: str, value: str) -> None:
        """Refuse text the transport cannot send: not UTF-8, or too long for a URL."""
        problem = unencodable(value)
        if problem is not None:
            raise ValueError(f"{where} {problem}")
        if self.location in ("path", "query"):
            length = too_long_for_url(value)
            if length is not None:
                raise ValueError(
                    f"{where} is too long to send in a URL: {length} characters percent-encoded, "
                    f"and a URL holds at most {MAX_URL_LENGTH}"
                )

    def _check_number(self, where: str, value: float) -> None:
        schema = self.schema
        if schema.get("type") == "integer":
            low, high = _INT_RANGES.get(schema.get("format", ""), _INT_RANGES["int64"])
            if not low <= value <= high:
                raise ValueError(f"{where} must fit {schema.get('format', 'int64')}, got {value}")
        if "minimum" in schema and value < schema["minimum"]:
            raise ValueError(f"{where} must be >= {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            raise ValueError(f"{where} must be <= {schema['maximum']}, got {value}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            raise ValueError(f"{where} must be > {schema['exclusiveMinimum']}, got {value}")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            raise ValueError(f"{where} must be < {schema['exclusiveMaximum']}, got {value}")


def unencodable(text: str) -> str | None:
    """Why ``text`` cannot be sent (it does not encode as UTF-8), or ``None``: it can."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        char = text[error.start]
        return (
            f"must be text that encodes as UTF-8, got the lone surrogate {char!r} at index "
            f"{error.start}"
        )
    return None


def too_long_for_url(text: str) -> int | None:
    """``text``'s percent-encoded length if it alone overflows a URL (``MAX_URL_LENGTH``)."""
    if len(text) * 12 <= MAX_URL_LENGTH:
        return None  # short enough whatever it encodes to (at most 12 per character)
    length = len(quote(text, safe=""))
    return length if length > MAX_URL_LENGTH else None


def _unsendable_json(value: Any, where: str) -> str | None:
    """Where and why a JSON body cannot be sent (text that does not encode, a non-finite
    number), or ``None``: the first such value, depth first."""
    stack = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            problem = unencodable(item)
            if problem is not None:
                return f"{at} {problem}"
        elif isinstance(item, float) and not math.isfinite(item):
            return f"{at} must be a finite number (JSON has no {item!r}), got {item!r}"
        elif isinstance(item, Mapping):
            for key, member in reversed(list(item.items())):
                if isinstance(key, str) and unencodable(key) is not None:
                    return f"{at} has a key that {unencodable(key)}"
                stack.append((member, f"{at}.{key}"))
        elif isinstance(item, list | tuple):
            stack.extend((member, f"{at}[{i}]") for i, member in reversed(list(enumerate(item))))
    return None


def _is_json(value: Any, kind: str) -> bool:
    # bool is an int subclass in Python, never a JSON integer or number.
    return isinstance(value, _JSON_TYPES[kind]) and (
        kind == "boolean" or not isinstance(value, bool)
    )


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _enum_in(annotation: Any) -> type[enum.Enum] | None:
    options = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else ()
    for option in options or (annotation,):
        if isinstance(option, type) and issubclass(option, enum.Enum):
            return option
    return None


def _spec_operation(
    spec: Mapping[str, Any], operation_id: str
) -> tuple[list[Mapping[str, Any]], Mapping[str, Any]]:
    found = find_operation(spec, operation_id)
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for entry in [*found.path_item.get("parameters", []), *found.operation.get("parameters", [])]:
        resolved = resolve(spec, entry)
        merged[(resolved["name"], resolved["in"])] = resolved
    return list(merged.values()), found.operation


@dataclass(frozen=True)
class _Checker:
    rules: Mapping[str, _Rule]
    body: Callable[[str, Any], None] | None
    signature: inspect.Signature


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    # JSON Schema's `pattern` is ECMA-262; jsonschema's own reads it as Python's `re`.
    if validator.is_type(instance, "string") and compile_pattern(pattern).search(instance) is None:
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _ecma_pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if compile_pattern(pattern).search(key) is not None:
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


#: Draft 2020-12 with ECMA-262 patterns (jsonschema's public way to replace a keyword).
_EcmaValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    validators={"pattern": _ecma_pattern, "patternProperties": _ecma_pattern_properties},
)


def _body_check(
    spec: Mapping[str, Any], op: Mapping[str, Any]
) -> Callable[[str, Any], None] | None:
    content = resolve(spec, op.get("requestBody", {})).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    # The body's `$ref`s point into the spec's components, so they travel with the schema.
    document = {**schema, "components": spec.get("components", {})}
    compile_patterns_in(document)  # a pattern that cannot be read fails here, not on a value
    validator = _EcmaValidator(document)

    def check(method: str, body: Any) -> None:
        document = body.to_dict() if hasattr(body, "to_dict") else body
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
        if error is not None:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
            raise ValueError(f"{method}(): body{where}: {error.message}")
        unsendable = _unsendable_json(document, "body")
        if unsendable is not None:
            raise ValueError(f"{method}(): {unsendable}")

    return check


@functools.cache
def _checker(provider: Provider, operation_id: str, module: types.ModuleType) -> _Checker:
    spec = load_spec(provider)
    parameters, op = _spec_operation(spec, operation_id)
    function = module._get_kwargs
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)
    by_squashed = {squash(p["name"]): p for p in parameters}
    rules: dict[str, _Rule] = {}
    for keyword in signature.parameters:
        parameter = by_squashed.get(squash(keyword))
        if parameter is None:
            continue
        schema = resolve(spec, parameter.get("schema", {}))
        compile_patterns_in(schema)
        rules[keyword] = _Rule(
            keyword=keyword,
            wire=parameter["name"],
            location=parameter["in"],
            schema=schema,
            enum_type=_enum_in(hints.get(keyword)),
        )
    return _Checker(rules=rules, body=_body_check(spec, op), signature=signature)


def check_arguments(
    provider: Provider,
    operation_id: str,
    module: types.ModuleType,
    args: tuple[Any, ...],
    params: Mapping[str, Any],
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Check a call's arguments for the operation; returns them ready for ``_get_kwargs``.

    ``None`` means "not given" and is passed through unchecked.
    """
    checker = _checker(provider, operation_id, module)
    method = module.__name__.rsplit(".", 1)[-1]
    try:
        bound = checker.signature.bind_partial(*args, **params)
    except TypeError as error:
        raise TypeError(f"{method}(): {error}") from None
    for keyword, value in bound.arguments.items():
        if value is None:
            continue
        rule = checker.rules.get(keyword)
        if rule is not None:
            bound.arguments[keyword] = rule.check(method, value)
        elif keyword == "body" and checker.body is not None:
            checker.body(method, value)
    return bound.args, dict(bound.kwargs)
