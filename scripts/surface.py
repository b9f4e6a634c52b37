"""The SDK surface a spec implies, read from the spec alone: one ``Method`` per operation.

``describe(spec)`` reads every operation (parameters, request body, pagination, idempotency,
summaries) into ``Method`` records, whose Python names and types follow
openapi-python-client's naming (snake_case keywords, PascalCase model and inline-enum
classes). ``scripts/surface_clients.py`` reads what the clients have besides the operations
(waiters, constructor keywords, named errors); ``scripts/facades.py`` renders them.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelruns._names import snake_case as snake
from modelruns._patterns import compile_pattern
from modelruns._specs import IDEMPOTENT_METHODS, iter_operations, resolve

# Keywords every method adds to the operation's own parameters.
PAGER_KEYWORDS = ("limit", "prefetch")
CALL_KEYWORDS = ("timeout", "max_retries")
# Keywords every method adds after those: what the call sends beyond the spec's parameters.
EXTRA_KEYWORDS = ("extra_headers", "extra_query", "extra_body")


class SurfaceError(Exception):
    """The spec describes something the SDK surface cannot express; the message says what."""


def pascal(name: str) -> str:
    """``list_runs_sort_by`` (or ``ListRuns_sortBy``) -> ``ListRunsSortBy``."""
    return "".join(part[:1].upper() + part[1:] for part in snake(name).split("_") if part)


def keyword_name(wire: str) -> str:
    """The Python keyword the generator gives a wire name (``from`` -> ``from_``)."""
    name = snake(wire)
    if not name or name[0].isdigit():
        name = "field_" + name
    return name + "_" if keyword.iskeyword(name) else name


def ref_name(node: Any) -> str | None:
    """The component name a ``$ref`` schema points at."""
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


@dataclass(frozen=True)
class PyType:
    """A Python annotation and the names it needs imported."""

    text: str
    models: frozenset[str] = frozenset()
    stdlib: frozenset[str] = frozenset()  # "UUID", "datetime"

    def union(self, *others: PyType) -> PyType:
        parts: list[str] = []
        for t in (self, *others):
            for piece in _split_union(t.text):
                if piece not in parts:
                    parts.append(piece)
        return PyType(
            " | ".join(parts),
            self.models.union(*(o.models for o in others)),
            self.stdlib.union(*(o.stdlib for o in others)),
        )


def _split_union(text: str) -> list[str]:
    depth, start, parts = 0, 0, []
    for i, char in enumerate(text):
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


_PRIMITIVES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}
# A string parameter whose pattern admits a UUID's canonical form, and not any short text, is
# a UUID id: it also takes the UUID the SDK returned for that id (``_params`` sends it in that
# form), as in `cancel_model_run(run.id)`.
_CANONICAL_UUID = "0b5c8e2a-3f1d-4a6e-9c7b-5d2e8f1a0c3b"
_NOT_A_UUID = "x"


def python_type(
    spec: Mapping[str, Any], schema: Any, context: str, *, loose_enums: bool = True
) -> PyType:
    """The annotation for a value of ``schema`` (``context`` names an inline enum's class).

    ``loose_enums``: an enum also takes its plain string values (what ``_params`` accepts).
    """
    name = ref_name(schema)
    target = resolve(spec, schema) if schema is not None else {}
    if not isinstance(target, Mapping):
        return PyType("Any", stdlib=frozenset({"Any"}))
    if "enum" in target and target.get("type", "string") == "string":
        cls = name or pascal(context)
        text = f"{cls} | str" if loose_enums else cls
        return PyType(text, frozenset({cls}))
    if name is not None and (target.get("type") == "object" or "properties" in target):
        return PyType(name, frozenset({name}))
    for combinator in ("anyOf", "oneOf"):
        if combinator in target:
            members = [
                python_type(spec, option, f"{context}_type_{i}", loose_enums=loose_enums)
                for i, option in enumerate(target[combinator])
            ]
            return members[0].union(*members[1:])
    kinds = target.get("type", "object" if "properties" in target else None)
    if isinstance(kinds, list):
        members = [
            python_type(spec, {**target, "type": kind}, context, loose_enums=loose_enums)
            for kind in kinds
            if kind != "null"
        ]
        result = members[0].union(*members[1:]) if members else PyType("None")
        return result.union(PyType("None")) if "null" in kinds else result
    if kinds == "string":
        fmt = target.get("format")
        pattern = target.get("pattern")
        if fmt == "uuid" or (
            isinstance(pattern, str)
            and compile_pattern(pattern).search(_CANONICAL_UUID) is not None
            and compile_pattern(pattern).search(_NOT_A_UUID) is None
        ):
            return PyType("str | UUID", stdlib=frozenset({"UUID"}))
        if fmt == "date-time":
            return PyType("datetime.datetime", stdlib=frozenset({"datetime"}))
        if fmt == "date":
            return PyType("datetime.date", stdlib=frozenset({"datetime"}))
        return PyType("str")
    if kinds in _PRIMITIVES:
        return PyType(_PRIMITIVES[kinds])
    if kinds == "array":
        item = python_type(spec, target.get("items"), f"{context}_item", loose_enums=False)
        return PyType(f"list[{item.text}]", item.models, item.stdlib)
    if kinds == "object":
        cls = name or pascal(context)
        if "properties" in target:
            return PyType(cls, frozenset({cls}))
        return PyType("dict[str, Any]", stdlib=frozenset({"Any"}))
    return PyType("Any", stdlib=frozenset({"Any"}))


@dataclass(frozen=True)
class Param:
    """One keyword of a method: a spec parameter or a request-body field."""

    name: str
    wire: str
    location: str  # path, query, header, cookie, body
    type: PyType
    required: bool
    description: str = ""
    default: Any = None
    has_default: bool = False


@dataclass(frozen=True)
class Method:
    """One operation as an SDK method."""

    name: str
    operation_id: str
    http_method: str
    path: str
    summary: str
    description: str
    path_params: tuple[Param, ...]
    keywords: tuple[Param, ...]  # query, header and cookie parameters
    fixed: tuple[Param, ...]  # x-modelruns-fixed: the client sends their constant itself
    body_model: str | None
    body_required: bool
    body_fields: tuple[Param, ...]
    returns: PyType
    page_model: str | None
    item_type: PyType | None
    pagination: tuple[str, ...]
    idempotent: bool
    deprecated: bool = False
    tag: str = "default"
    #: The media type of a binary 2xx body (the method returns ``bytes``), else ``None``.
    binary: str | None = None
    #: Whether a 2xx status has no body (the method may return ``None``).
    optional: bool = False

    @property
    def paginated(self) -> bool:
        return bool(self.pagination)

    @property
    def prefetch(self) -> bool:
        """Whether the method takes ``prefetch=`` (every style but single-page can read ahead)."""
        return any(style != "single-page" for style in self.pagination)

    @property
    def constant(self) -> str:
        return "_" + snake(self.operation_id).upper()

    def models(self) -> set[str]:
        found: set[str] = set(self.returns.models)
        for param in (*self.path_params, *self.keywords, *self.body_fields):
            found |= param.type.models
        if self.body_model:
            found.add(self.body_model)
        if self.item_type is not None:
            found |= self.item_type.models
        if self.page_model:
            found.add(self.page_model)
        return found

    def stdlib(self) -> set[str]:
        found: set[str] = set(self.returns.stdlib)
        for param in (*self.path_params, *self.keywords, *self.body_fields):
            found |= param.type.stdlib
        if self.item_type is not None:
            found |= self.item_type.stdlib
        return found


def operations(spec: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, path item, operation) for every operation, in spec order."""
    return [(o.path, o.method.lower(), o.path_item, o.operation) for o in iter_operations(spec)]


def _parameters(
    spec: Mapping[str, Any], item: Mapping[str, Any], op: Mapping[str, Any]
) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in [*item.get("parameters", []), *op.get("parameters", [])]:
        resolved = resolve(spec, entry)
        merged[(resolved["name"], resolved["in"])] = dict(resolved)
    return list(merged.values())


def _json_schema(spec: Mapping[str, Any], holder: Any) -> Any:
    content = resolve(spec, holder or {}).get("content") or {}
    for media, entry in content.items():
        if media == "application/json" or media.endswith("+json"):
            return (entry or {}).get("schema")
    return None


def _body(
    spec: Mapping[str, Any], op: Mapping[str, Any], name: str
) -> tuple[str | None, bool, tuple[Param, ...]]:
    if "requestBody" not in op:
        return None, False, ()
    body = resolve(spec, op["requestBody"])
    schema = _json_schema(spec, body)
    model = ref_name(schema)
    if model is None:
        raise SurfaceError(f"{name}: the JSON request body must be a $ref to a component schema")
    target = resolve(spec, schema)
    required = set(target.get("required", []))
    fields = []
    for wire, prop in (target.get("properties") or {}).items():
        prop_target = resolve(spec, prop)
        kind = python_type(spec, prop, f"{model}_{wire}", loose_enums=False)
        description = str(prop_target.get("description", ""))
        item = ref_name(prop_target.get("items")) if prop_target.get("type") == "array" else None
        members = _split_union(kind.text)
        if kind.models and set(members) <= kind.models:
            # `request_body` turns a dict with the wire keys into the field's model (or the
            # first of a union's models that it is).
            kind = PyType(f"{kind.text} | dict[str, Any]", kind.models, kind.stdlib | {"Any"})
            description = f"{description} A model or a dict with its JSON keys.".strip()
        if item is not None and kind.text == f"list[{item}]":
            # `request_body` turns dicts with the wire keys into the item model.
            kind = PyType(f"list[{item} | dict[str, Any]]", kind.models, kind.stdlib | {"Any"})
            description = (
                f"{description} Each item a ``{item}`` or a dict with its JSON keys."
            ).strip()
        fields.append(
            Param(
                name=keyword_name(wire),
                wire=wire,
                location="body",
                type=kind,
                required=wire in required,
                description=description,
                default=prop_target.get("default"),
                has_default="default" in prop_target,
            )
        )
    return model, bool(body.get("required", False)), tuple(fields)


def _arguments(
    spec: Mapping[str, Any], path: str, item: Mapping[str, Any], op: Mapping[str, Any], name: str
) -> tuple[list[Param], list[Param], list[Param]]:
    """The operation's (path, keyword, fixed) parameters; path ones in the path's order."""
    path_params, keywords, fixed = [], [], []
    for parameter in _parameters(spec, item, op):
        target = resolve(spec, parameter.get("schema", {}))
        param = Param(
            name=keyword_name(parameter["name"]),
            wire=parameter["name"],
            location=parameter["in"],
            type=python_type(spec, parameter.get("schema"), f"{name}_{parameter['name']}"),
            required=bool(parameter.get("required", parameter["in"] == "path")),
            description=str(parameter.get("description", "")),
            default=target.get("default") if isinstance(target, Mapping) else None,
            has_default=isinstance(target, Mapping) and "default" in target,
        )
        if parameter.get("x-modelruns-fixed"):
            if not isinstance(target, Mapping) or "const" not in target:
                raise SurfaceError(
                    f"{op['operationId']}: x-modelruns-fixed {param.wire} needs const"
                )
            fixed.append(param)
        elif param.location == "path":
            path_params.append(param)
        else:
            keywords.append(param)
    # Path parameters come in the order the path names them (the generator's order).
    order = re.findall(r"{([^}]+)}", path)
    path_params.sort(key=lambda p: order.index(p.wire) if p.wire in order else len(order))
    return path_params, keywords, fixed


@dataclass(frozen=True)
class _Answer:
    """What a 2xx answer of an operation gives the method: its type, and the page it walks."""

    returns: PyType
    binary: str | None
    optional: bool
    styles: tuple[str, ...]
    page_model: str | None
    item_type: PyType | None


def _answer(spec: Mapping[str, Any], op: Mapping[str, Any], name: str) -> _Answer:
    operation_id = op["operationId"]
    statuses = sorted(str(code) for code in op.get("responses", {}) if str(code)[0] == "2")
    if not statuses:
        raise SurfaceError(f"{operation_id}: no 2xx response")
    success = _json_schema(spec, op["responses"][statuses[0]])
    binary = _binary_media(spec, op["responses"][statuses[0]]) if success is None else None
    if binary is not None:
        returns = PyType("bytes")
    elif ref_name(success) is None:
        raise SurfaceError(f"{operation_id}: the 2xx JSON body must be a $ref schema")
    else:
        returns = python_type(spec, success, f"{name}_response", loose_enums=False)
    optional = any(not resolve(spec, op["responses"][s]).get("content") for s in statuses[1:])
    styles = tuple(str(e.get("style")) for e in op.get("x-modelruns-pagination", []) or [])
    if styles and (binary or optional):
        raise SurfaceError(f"{operation_id}: a paginated operation needs a JSON body on every 2xx")
    item_type = None
    if styles:
        items = op["x-modelruns-pagination"][0].get("items")
        page = resolve(spec, success)
        prop = (page.get("properties") or {}).get(items)
        if prop is None:
            raise SurfaceError(f"{operation_id}: pagination items {items!r} is not a field")
        item_type = python_type(
            spec, resolve(spec, prop).get("items"), f"{name}_item", loose_enums=False
        )
    page_model = ref_name(success) if styles else None
    return _Answer(returns, binary, optional, styles, page_model, item_type)


def describe_operation(
    spec: Mapping[str, Any],
    path: str,
    http_method: str,
    item: Mapping[str, Any],
    op: Mapping[str, Any],
) -> Method:
    """One operation as an SDK method."""
    operation_id = op.get("operationId")
    if not isinstance(operation_id, str) or not operation_id:
        raise SurfaceError(f"{http_method.upper()} {path}: no operationId")
    name = snake(operation_id)
    path_params, keywords, fixed = _arguments(spec, path, item, op, name)
    body_model, body_required, body_fields = _body(spec, op, operation_id)
    answer = _answer(spec, op, name)
    declared = op.get("x-modelruns-idempotent")
    return Method(
        name=name,
        operation_id=operation_id,
        http_method=http_method.upper(),
        path=path,
        summary=str(op.get("summary", "")).strip(),
        description=str(op.get("description", "")).strip(),
        path_params=tuple(path_params),
        keywords=tuple(keywords),
        fixed=tuple(fixed),
        body_model=body_model,
        body_required=body_required,
        body_fields=body_fields,
        returns=answer.returns,
        page_model=answer.page_model,
        item_type=answer.item_type,
        pagination=answer.styles,
        idempotent=(
            http_method.upper() in IDEMPOTENT_METHODS if declared is None else bool(declared)
        ),
        deprecated=bool(op.get("deprecated", False)),
        tag=snake((op.get("tags") or ["default"])[0]),
        binary=answer.binary,
        optional=answer.optional,
    )


def _binary_media(spec: Mapping[str, Any], holder: Any) -> str | None:
    """The media type of a response whose body is binary (``format: binary``), if it is."""
    content = resolve(spec, holder or {}).get("content") or {}
    for media, entry in content.items():
        schema = resolve(spec, (entry or {}).get("schema") or {})
        if schema.get("type") == "string" and schema.get("format") == "binary":
            return str(media)
    return None


def describe(spec: Mapping[str, Any]) -> list[Method]:
    """Every operation of a spec as an SDK method."""
    methods = [
        describe_operation(spec, path, http_method, item, op)
        for path, http_method, item, op in operations(spec)
    ]
    names = [m.name for m in methods]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise SurfaceError(f"two operations share the method name {duplicated[0]}")
    for method in methods:
        taken: dict[str, str] = {}
        for param in (*method.path_params, *method.keywords, *method.body_fields):
            reserved = (*PAGER_KEYWORDS, *CALL_KEYWORDS, *EXTRA_KEYWORDS, "body")
            if param.name in taken or param.name in reserved:
                raise SurfaceError(f"{method.operation_id}: two arguments named {param.name}")
            taken[param.name] = param.wire
    return methods


# -- the spec's prose, as docstrings quote it -------------------------------------------------


def clean(text: str) -> str:
    """``text`` on one line, its backslashes and triple quotes escaped for a docstring."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


#: A reference into a provider's source (``internal/service/model/service.go:429-431``): where
#: the spec learnt a fact. It stays in the spec; a docstring says what the API does.
_SOURCE_REFERENCE = r"[\w./-]+\.(?:go|py|sql|java|ts|js|rs|kt):\d+(?:-\d+)?"
_SOURCE_ASIDE = re.compile(rf"\s*\((?:[^()]*?)(?:{_SOURCE_REFERENCE})[^()]*\)")
_SOURCE_LIST = re.compile(rf",?\s*(?:{_SOURCE_REFERENCE})(?:,\s*(?:{_SOURCE_REFERENCE}))*")


def without_provenance(text: str) -> str:
    """`text` less its references into providers' source code (asides first, then bare ones)."""
    return _SOURCE_LIST.sub("", _SOURCE_ASIDE.sub("", text))
