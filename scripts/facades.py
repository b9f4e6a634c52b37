"""The SDK surface a spec implies: one method per operation, rendered for both clients.

``describe(spec)`` reads the spec alone (parameters, request body, pagination, idempotency,
summaries) into ``Method`` records, ``describe_constructor`` the client keywords
(``x-modelruns-credentials``, server variables) and ``describe_errors`` the named errors
(``x-modelruns-errors``, typed by the error schema's ``x-modelruns-parameters``);
``render_module`` writes them as the classes that ``modelruns.<provider>``'s ``Client`` and
``AsyncClient`` inherit, from one template for both (and the error classes);
``signature`` writes one method's signature for change reports. Python names and types follow
openapi-python-client's naming (snake_case keywords, PascalCase model and inline-enum classes),
and ``render_module`` checks them against the generated package before writing anything.
"""

from __future__ import annotations

import ast
import keyword
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelruns._exceptions import status_class
from modelruns._names import snake_case as snake
from modelruns._patterns import compile_pattern
from modelruns._specs import (
    IDEMPOTENT_METHODS,
    iter_operations,
    read_credentials,
    read_run_states,
    read_waiters,
)

# Keywords every method adds to the operation's own parameters.
PAGER_KEYWORDS = ("limit", "prefetch")
CALL_KEYWORDS = ("timeout", "max_retries")
# Keywords every method adds after those: what the call sends beyond the spec's parameters.
EXTRA_KEYWORDS = ("extra_headers", "extra_query", "extra_body")
_LINE = 100


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


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s until a node that is not a reference."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
        if seen > 64:
            raise SurfaceError(f"$ref cycle at {node!r}")
    return node


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
                raise SurfaceError(f"{operation_id}: x-modelruns-fixed {param.wire} needs const")
            fixed.append(param)
        elif param.location == "path":
            path_params.append(param)
        else:
            keywords.append(param)
    # Path parameters come in the order the path names them (the generator's order).
    order = re.findall(r"{([^}]+)}", path)
    path_params.sort(key=lambda p: order.index(p.wire) if p.wire in order else len(order))
    body_model, body_required, body_fields = _body(spec, op, operation_id)
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
        returns=returns,
        page_model=ref_name(success) if styles else None,
        item_type=item_type,
        pagination=styles,
        idempotent=(
            http_method.upper() in IDEMPOTENT_METHODS if declared is None else bool(declared)
        ),
        deprecated=bool(op.get("deprecated", False)),
        tag=snake((op.get("tags") or ["default"])[0]),
        binary=binary,
        optional=optional,
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


@dataclass(frozen=True)
class WaiterMethod:
    """One ``x-modelruns-wait`` entry as a method of both clients."""

    name: str
    operation: Method  # the operation that reads the run (or lists it)
    path_params: tuple[Param, ...]  # the operation's, in order; the run id is the last or `found`
    found: Param | None  # a list's item field that is the run id (the waiter's own argument)
    returns: PyType
    page_size: int | None = None
    max_pages: int | None = None
    finals: tuple[tuple[str, str], ...] = ()  # (status value, state) of the final states

    @property
    def constant(self) -> str:
        return "_" + self.name.upper()

    @property
    def run_id(self) -> str:
        return self.found.name if self.found is not None else self.path_params[-1].name


def describe_waiters(spec: Mapping[str, Any], methods: Sequence[Method]) -> list[WaiterMethod]:
    """The waiters ``x-modelruns-wait`` asks for, on the operations of ``methods``."""
    by_id = {m.operation_id: m for m in methods}
    taken = {m.name for m in methods}
    waiters: list[WaiterMethod] = []
    if not read_waiters(spec):
        return waiters
    try:
        states = read_run_states(spec).states
    except ValueError as error:
        raise SurfaceError(f"x-modelruns-wait needs the run states: {error}") from None
    finals = tuple((v, s) for v, s in states.items() if s in ("succeeded", "failed", "cancelled"))
    for entry in read_waiters(spec):
        method = by_id[entry.operation_id]
        if entry.method in taken or snake(entry.method) != entry.method:
            raise SurfaceError(f"{entry.operation_id}: waiter name {entry.method!r} is taken")
        taken.add(entry.method)
        found = None
        if entry.find is not None:
            if method.item_type is None or len(method.item_type.models) != 1:
                raise SurfaceError(f"{entry.operation_id}: `find` needs a list of one model")
            (model,) = method.item_type.models
            props = resolve(spec, {"$ref": f"#/components/schemas/{model}"}).get("properties", {})
            if entry.find not in props:
                raise SurfaceError(f"{entry.operation_id}: {model} has no field {entry.find!r}")
            prop = resolve(spec, props[entry.find])
            found = Param(
                name=keyword_name(entry.find),
                wire=entry.find,
                location="path",
                type=python_type(spec, props[entry.find], f"{model}_{entry.find}"),
                required=True,
                description=str(prop.get("description", "")),
            )
            returns = method.item_type
        else:
            if not method.path_params:
                raise SurfaceError(
                    f"{entry.operation_id}: a waiter's operation reads one run by id"
                )
            returns = method.returns
        waiters.append(
            WaiterMethod(
                entry.method,
                method,
                method.path_params,
                found,
                returns,
                entry.page_size,
                entry.max_pages,
                finals,
            )
        )
    return waiters


# -- constructors and named errors ------------------------------------------------------------


@dataclass(frozen=True)
class Constructor:
    """The keywords of a provider's ``Client``: what its spec says signs and addresses requests."""

    credentials: tuple[str, ...]  # x-modelruns-credentials, in spec order
    variables: tuple[str, ...]  # the first server's variables, in spec order
    auth: str | None  # the modelruns._auth class ``auth=`` takes preconfigured
    title: str = ""  # the spec's info.title
    docs: tuple[tuple[str, str], ...] = ()  # (keyword, what the docstring says of it)


def describe_constructor(spec: Mapping[str, Any]) -> Constructor:
    """The constructor keywords of a spec's clients."""
    declared = read_credentials(spec)
    servers = spec.get("servers") or [{}]
    variables = tuple((servers[0].get("variables") or {}).keys())
    for name in (*(c.keyword for c in declared.keywords), *variables):
        if not name.isidentifier() or keyword.iskeyword(name) or snake(name) != name:
            raise SurfaceError(f"{name!r} cannot be a client keyword (snake_case identifier)")
    docs: list[tuple[str, str]] = []
    raw = {e["keyword"]: e for e in (spec.get("x-modelruns-credentials") or {}).get("keywords", [])}
    names = [c.keyword for c in declared.keywords]
    for credential in declared.keywords:
        what = str(raw[credential.keyword].get("description", "")).strip() or "A credential."
        env = " or ".join(f"``{e}``" for e in credential.env)
        text = f"{what} Default: the environment variable {env}." if env else what
        if declared.any_of and len(names) > 1:
            text += f" One of {', '.join(f'``{n}``' for n in names)} is needed."
        docs.append((credential.keyword, text))
    for name in variables:
        variable = (servers[0].get("variables") or {})[name]
        what = str(variable.get("description", "")).strip() or f"The server's ``{name}``."
        url = _clean(servers[0].get("url", ""))
        env = " or ".join(f"``{e}``" for e in variable.get("x-modelruns-env", ()))
        where = (
            f"Default: the environment variable {env}; required unless ``base_url`` is given."
            if env
            else f"Default: ``{_clean(str(variable.get('default', '')))}``."
        )
        docs.append((name, f"{what} Fills ``{url}``. {where}"))
    return Constructor(
        tuple(names),
        variables,
        declared.auth,
        str((spec.get("info") or {}).get("title", "")),
        tuple(docs),
    )


@dataclass(frozen=True)
class ErrorProperty:
    """A typed property of a named error: one fact read from one or more wire names."""

    name: str
    wires: tuple[str, ...]
    type: PyType
    description: str


@dataclass(frozen=True)
class NamedError:
    """One ``x-modelruns-errors`` entry as an exception class."""

    name: str
    status: int
    base: str  # the modelruns._exceptions class of the status
    summary: str  # the docstring's first line, which a message-less error shows
    description: str
    properties: tuple[ErrorProperty, ...]


def _error_parameters(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``x-modelruns-parameters`` of the error schema's ``parameters`` (wire name -> schema)."""
    for schema in ((spec.get("components") or {}).get("schemas") or {}).values():
        parameters = ((schema or {}).get("properties") or {}).get("parameters") or {}
        if "x-modelruns-parameters" in parameters:
            return dict(parameters["x-modelruns-parameters"])
    return {}


def describe_errors(spec: Mapping[str, Any]) -> list[NamedError]:
    """The named errors of a spec, once each, in order of first mention."""
    catalog = _error_parameters(spec)
    entries: dict[str, Mapping[str, Any]] = {}
    for found in iter_operations(spec):
        for entry in found.operation.get("x-modelruns-errors", []) or []:
            first = entries.setdefault(entry["name"], entry)
            if dict(first) != dict(entry):
                raise SurfaceError(f"{entry['name']}: its x-modelruns-errors entries disagree")
    errors = []
    for name, entry in entries.items():
        if not str(entry.get("summary", "")).strip():
            raise SurfaceError(f"{name}: its x-modelruns-errors entry has no summary")
        groups: dict[str, list[str]] = {}
        for wire in entry.get("parameters", []):
            if wire not in catalog:
                raise SurfaceError(f"{name}: parameter {wire} is not in x-modelruns-parameters")
            groups.setdefault(str(catalog[wire].get("x-modelruns-alias-of", wire)), []).append(wire)
        properties = []
        for canonical, wires in groups.items():
            if canonical not in catalog:
                raise SurfaceError(f"{name}: {canonical} (an alias target) is not a parameter")
            description = (
                _clean(without_provenance(str(catalog[canonical].get("description", "")))).rstrip(
                    "."
                )
                + "."
            )
            if wires != [canonical]:
                read = " or ".join(f"``{w}``" for w in wires)
                description += f" Read from {read}, whichever the server sends."
            kind = python_type(spec, catalog[canonical], f"{name}_{canonical}", loose_enums=False)
            properties.append(ErrorProperty(snake(canonical), tuple(wires), kind, description))
        status = int(entry["status"])
        errors.append(
            NamedError(
                name=name,
                status=status,
                base=status_class(status).__name__,
                summary=_clean(str(entry["summary"])),
                description=_clean(without_provenance(str(entry.get("description", "")))),
                properties=tuple(properties),
            )
        )
    return errors


# -- signatures -------------------------------------------------------------------------------


def _parameter_lines(method: Method, sync: bool) -> list[str]:
    lines = [f"{p.name}: {p.type.text}" for p in method.path_params]
    if method.body_model:
        lines.append(f"body: {method.body_model} | None = None")
    lines.append("*")
    for p in (*method.keywords, *method.body_fields):
        if p.required and p.location != "body":
            lines.append(f"{p.name}: {p.type.text}")
        else:
            lines.append(f"{p.name}: {p.type.text} | None = None")
    if method.paginated:
        lines.append("limit: int | None = None")
        if method.prefetch:
            lines.append("prefetch: int = 0")
    lines += ["timeout: Timeout = NOT_GIVEN", "max_retries: int | NotGiven = NOT_GIVEN"]
    lines += [f"{name}: {kind} | None = None" for name, kind in _extras(method)]
    return lines


def _extras(method: Method) -> list[tuple[str, str]]:
    """The extra_* keywords of a method and their types (``extra_body`` only with a body)."""
    extras = [("extra_headers", "Headers"), ("extra_query", "Query")]
    if method.body_model:
        extras.append(("extra_body", "Body"))
    return extras


def _returns(method: Method, sync: bool) -> str:
    if method.paginated and method.item_type is not None:
        pager = "SyncPaginator" if sync else "AsyncPaginator"
        return f"{pager}[{method.item_type.text}, {method.page_model}]"
    return f"{method.returns.text} | None" if method.optional else method.returns.text


def _is_coroutine(method: Method, sync: bool) -> bool:
    # A paginator is returned at once (it fetches when iterated); everything else is awaited.
    return not sync and not method.paginated


def signature(method: Method, sync: bool = True) -> str:
    """``def name(self, ...) -> T`` on one line (for change reports)."""
    prefix = "async def" if _is_coroutine(method, sync) else "def"
    args = ", ".join(["self", *_parameter_lines(method, sync)])
    return f"{prefix} {method.name}({args}) -> {_returns(method, sync)}"


# -- docstrings -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _wrap(text: str, indent: str, width: int = _LINE) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


#: A reference into a provider's source (``internal/service/model/service.go:429-431``): where
#: the spec learnt a fact. It stays in the spec; a docstring says what the API does.
_SOURCE_REFERENCE = r"[\w./-]+\.(?:go|py|sql|java|ts|js|rs|kt):\d+(?:-\d+)?"
_SOURCE_ASIDE = re.compile(rf"\s*\((?:[^()]*?)(?:{_SOURCE_REFERENCE})[^()]*\)")
_SOURCE_LIST = re.compile(rf",?\s*(?:{_SOURCE_REFERENCE})(?:,\s*(?:{_SOURCE_REFERENCE}))*")


def without_provenance(text: str) -> str:
    """`text` less its references into providers' source code (asides first, then bare ones)."""
    return _SOURCE_LIST.sub("", _SOURCE_ASIDE.sub("", text))


def _paragraphs(text: str) -> list[str]:
    text = without_provenance(text)
    return [_clean(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _doc_default(param: Param) -> str:
    if not param.has_default:
        return ""
    value = param.default
    shown = repr(value) if not isinstance(value, bool) else str(value)
    return f" Default (on the server): {_clean(shown)}."


def docstring(method: Method, sync: bool, indent: str) -> list[str]:
    """The method's docstring lines (without the quotes' own indentation on the first line)."""
    title = _clean(method.summary or method.operation_id).rstrip(".") + "."
    lines = _wrap(title, indent)
    lines[0] = lines[0].lstrip()
    body: list[str] = []
    if method.deprecated:
        body.append("Deprecated by the provider.")
    body += [p for p in _paragraphs(method.description) if _clean(p) != _clean(method.summary)]
    body.append(f"``{method.http_method} {_clean(method.path)}``.")
    for paragraph in body:
        lines += ["", *_wrap(paragraph, indent)]
    args: list[tuple[str, str]] = []
    for p in method.path_params:
        args.append((p.name, _clean(without_provenance(p.description)) + _doc_default(p)))
    if method.body_model:
        fields = "the fields below as keywords"
        args.append(("body", f"The whole request as a ``{method.body_model}``, or {fields}."))
    for p in (*method.keywords, *method.body_fields):
        marks = [
            m for m, on in (("body field", p.location == "body"), ("required", p.required)) if on
        ]
        where = f"({', '.join(marks)}) " if marks else ""
        args.append((p.name, where + _clean(without_provenance(p.description)) + _doc_default(p)))
    if method.paginated:
        args.append(("limit", "Stop after this many items (all of them when ``None``)."))
        if method.prefetch:
            args.append(("prefetch", "Pages to fetch ahead while this one is consumed."))
    if method.idempotent:
        retried = "the operation is idempotent, so failed attempts are retried"
    else:
        retried = "not idempotent: retried only when the request cannot have been sent"
    args.append(("timeout", "This call's timeout (the client's when not given)."))
    args.append(
        ("max_retries", f"This call's retry budget (the client's when not given); {retried}.")
    )
    signed = " (signed with the request)"
    args.append(("extra_headers", f"Headers sent besides the spec's{signed}."))
    args.append(("extra_query", f"Query parameters sent besides the spec's{signed}."))
    if method.body_model:
        args.append(("extra_body", "JSON fields merged into the top level of the body."))
    lines += ["", f"{indent}Args:"]
    for name, text in args:
        lines += _hanging(f"{name}: {text.strip()}", indent + "    ")
    lines += ["", f"{indent}Returns:"]
    if method.paginated:
        walk = "``async for``" if not sync else "iteration"
        what = f"A paginator over ``{method.item_type.text if method.item_type else ''}`` items"
        lines += _wrap(f"{what}; {walk} fetches pages lazily.", indent + "    ")
    elif method.binary:
        lines += _wrap(f"The body's bytes (``{method.binary}``), as sent.", indent + "    ")
    else:
        empty = ", or ``None`` for an answer without a body" if method.optional else ""
        lines += _wrap(f"The decoded ``{method.returns.text}``{empty}.", indent + "    ")
    lines.append(indent)
    return lines


def _hanging(text: str, indent: str) -> list[str]:
    first, *rest = textwrap.wrap(
        text,
        width=_LINE,
        initial_indent=indent,
        subsequent_indent=indent + "    ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]
    return [first, *rest]


# -- the module -------------------------------------------------------------------------------

HEADER = '''\
"""The constructors and methods of ``modelruns.{provider}``'s ``Client`` and ``AsyncClient``.

Generated by scripts/generate.py from specs/{spec_file}; do not edit:
change the spec and run ``make generate``. The hand-written ``modelruns.{provider}``
subclasses the two constructors and adds only its auth hook (``_auth_from``).
"""

# One method per operation of the spec: keywords, types and docstrings come from its
# parameters and summaries, pagination from x-modelruns-pagination, retries from
# x-modelruns-idempotent. The constructors' keywords come from x-modelruns-credentials and
# the server variables; the named errors from x-modelruns-errors.

from __future__ import annotations
'''

# The sync and async classes are twins, as openai-python keeps OpenAI and AsyncOpenAI: one
# template renders both, and only what differs is filled in (``def`` or ``async def``, the
# paginator, ``await``, the httpx client type), so a user reads plain typed methods.
TWIN_REASON = "# Twin of {sync} (as openai-python keeps OpenAI/AsyncOpenAI): one template, {what}."

CONSTRUCTOR = '''

{twin}class {cls}({base}):
    """{doc}"""

    def __init__(
        self,
        *,
{keywords}
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: {http} | None = None,
{auth}        default_headers: Headers | None = None,
        default_query: Query | None = None,
        strict: bool | None = None,
        on_deviation: Callable[[Deviation], None] | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        record_to: str | os.PathLike[str] | None = None,
        **unknown: Never,
    ) -> None:
{init_doc}
        refuse_unknown_keywords(self, unknown)
        connection = connect(
            "{provider}",
            self._auth_from,
            {{{credentials}}},
            {{{variables}}},
            base_url,
{extra}            empty_not_found=self._empty_not_found_hint,
            default_headers=default_headers,
            default_query=default_query,
        )
        super().__init__(
            connection,
            timeout,
            max_retries,
            retry_policy,
            http_client,
            strict=strict,
            on_deviation=on_deviation,
            max_response_size=max_response_size,
            record_to=record_to,
        )

    def with_options(
        self,
        *,
{keywords}
        base_url: str | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
{auth}        default_headers: Headers | None = None,
        default_query: Query | None = None,
        strict: bool | None = None,
        on_deviation: Callable[[Deviation], None] | None = None,
        max_response_size: int | None = None,
        record_to: str | os.PathLike[str] | None = None,
        **unknown: Never,
    ) -> Self:
        """A copy of this client with the keywords given changed, on the same connection pool.

        Keywords not given keep this client's values; ``default_headers`` and
        ``default_query`` are merged into this client's. Closing this client closes the pool
        the copy uses.
        """
        refuse_unknown_keywords(self, unknown)
        given = {{
            "strict": strict,
            "on_deviation": on_deviation,
            "max_response_size": max_response_size,
            "record_to": record_to,
        }}
        return self._with_options(
            credentials={{{credentials}}},
            variables={{{variables}}},
            base_url=base_url,
            auth={auth_value},
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
            default_headers=default_headers,
            default_query=default_query,
            options={{k: v for k, v in given.items() if v is not None}},
        )
'''

#: What the constructor's docstring says of each keyword every client has (the SDK's, not a spec's).
COMMON_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        "base_url",
        "The API's whole base URL (a stub, a proxy, another host); when given, the server "
        "keywords above are not needed.",
    ),
    (
        "timeout",
        "Seconds (or an ``httpx.Timeout``) bounding each whole call: every attempt, every "
        "wait between them, every byte; ``None`` for no bound. Default 60.",
    ),
    (
        "max_retries",
        "Retries of a failed attempt that cannot do harm twice (default: the retry "
        "policy's, 2); a call's own ``max_retries=`` overrides it.",
    ),
    ("retry_policy", "A ``modelruns.RetryPolicy`` (backoff, jitter, ``Retry-After`` cap)."),
    (
        "http_client",
        "Your own {http} (proxies, TLS, transports); the client does not close it.",
    ),
    (
        "default_headers",
        "Headers sent with every request, under each call's own (``extra_headers=``); a "
        "header the authentication or the spec sets is refused, naming it.",
    ),
    (
        "default_query",
        "Query parameters sent with every request, under the operation's own and each "
        "call's ``extra_query=``.",
    ),
    (
        "strict",
        "Raise ``ResponseValidationError`` on any deviation from the spec instead of "
        "tolerating it (default: ``MODELRUNS_STRICT=1`` in the environment, else ``False``).",
    ),
    (
        "on_deviation",
        "Called with each tolerated ``modelruns.Deviation`` (once per operation and JSON "
        "path), besides the WARNING on the ``modelruns`` logger; an exception it raises is "
        "logged, not raised.",
    ),
    (
        "max_response_size",
        "The largest body read, in bytes after decompression (default 64 MiB); a larger one "
        "is a ``ResponseTooLargeError``.",
    ),
    (
        "record_to",
        "A file every exchange (and tolerated deviation) is recorded to as HAR 1.2, "
        "credentials masked (default: ``MODELRUNS_RECORD`` in the environment, else none).",
    ),
)


def _constructor_doc(constructor: Constructor, provider: str, sync: bool) -> str:
    """The ``__init__`` docstring: every keyword, the spec's first."""
    indent = " " * 8
    title = constructor.title or provider
    lines = _wrap(f"A {'' if sync else 'asynchronous '}client of the {title}.", indent)
    lines += [
        "",
        *_wrap(
            "Credentials and server keywords not given are read from the environment; any other "
            "keyword is a ``TypeError`` naming the nearest valid one.",
            indent,
        ),
    ]
    lines += ["", f"{indent}Args:"]
    entries = list(constructor.docs)
    http = "``httpx.Client``" if sync else "``httpx.AsyncClient``"
    for name, text in COMMON_KEYWORDS:
        entries.append((name, text.format(http=http)))
        if name == "http_client" and constructor.auth:
            entries.append(
                (
                    "auth",
                    f"A preconfigured ``modelruns.{constructor.auth}`` instead of the "
                    "credential keywords.",
                )
            )
    for name, text in entries:
        lines += _hanging(f"{name}: {text}", indent + "    ")
    return "\n".join([f'{indent}"""{lines[0].lstrip()}', *lines[1:], f'{indent}"""'])


def render_constructor(constructor: Constructor, provider: str, errors: bool, sync: bool) -> str:
    """One client's constructor class, from the template both share."""
    names = (*constructor.credentials, *constructor.variables)
    auth = constructor.auth
    extra = ("            auth=auth,\n" if auth else "") + (
        "            named_errors=NAMED_ERRORS,\n" if errors else ""
    )
    name = "Client" if sync else "AsyncClient"
    doc = f"``modelruns.{provider}.{name}``'s constructor (its keywords are the spec's)."
    init_doc = _constructor_doc(constructor, provider, sync)
    return CONSTRUCTOR.format(
        twin="" if sync else TWIN_REASON.format(sync="ClientBase", what="httpx.AsyncClient") + "\n",
        cls="ClientBase" if sync else "AsyncClientBase",
        base="ClientMethods" if sync else "AsyncClientMethods",
        doc=doc,
        keywords="\n".join(f"        {name}: str | None = None," for name in names),
        http="httpx.Client" if sync else "httpx.AsyncClient",
        auth=f"        auth: {auth} | None = None,\n" if auth else "",
        provider=provider,
        credentials=", ".join(f'"{n}": {n}' for n in constructor.credentials),
        variables=", ".join(f'"{n}": {n}' for n in constructor.variables),
        extra=extra,
        auth_value="auth" if auth else "None",
        init_doc=init_doc,
    )


ERROR_BASE = '''

class {cls}(APIStatusError):
    """Base of {title}'s named errors (``errorName`` in the body)."""

    # Users meet these classes as modelruns.{provider}.<Name> (tracebacks, pickling).
    __module__ = "modelruns.{provider}"

    def _parameter(self, *names: str) -> Any:
        """The first of ``names`` the error's parameters hold (one fact, several wire names)."""
        for name in names:
            if name in self.parameters:
                return self.parameters[name]
        return None
'''

ERROR = '''

class {name}({base}, {root}):
    """{doc}"""

    __module__ = "modelruns.{provider}"
{properties}'''

ERROR_PROPERTY = '''
    @property
    def {name}(self) -> {type} | None:
        """{doc}"""
        value: {type} | None = self._parameter({wires})
        return value
'''


def _docstring_text(text: str, indent: str) -> str:
    """``text`` wrapped to fit between triple quotes at ``indent``; closing quotes on their own
    line when it takes several."""
    lines = _wrap(text, indent, _LINE - 3)
    if len(lines) == 1:
        return lines[0].strip()
    return "\n".join(lines).strip() + "\n" + indent


def _error_doc(error: NamedError) -> str:
    """The summary (one line: what a message-less error says), then the documentation's text."""
    if not error.description or error.description == error.summary:
        return error.summary
    body = "\n".join(_wrap(error.description, " " * 4))
    return f"{error.summary}\n\n{body}\n    "


def error_root(provider: str) -> str:
    """The base class of a provider's named errors (``FoundryAPIError``)."""
    return f"{pascal(provider)}APIError"


def render_errors(errors: Sequence[NamedError], provider: str) -> list[str]:
    """The named error classes and ``NAMED_ERRORS`` (errorName -> class)."""
    root = error_root(provider)
    lines = [
        "",
        "",
        "# The named errors carry the spec's errorName values verbatim, without an Error suffix.",
        "# ruff: noqa: N818",
        ERROR_BASE.format(cls=root, title=pascal(provider), provider=provider),
    ]
    for error in sorted(errors, key=lambda e: e.name):
        properties = "".join(
            ERROR_PROPERTY.format(
                name=p.name,
                type=p.type.text,
                doc=_docstring_text(p.description, " " * 8),
                wires=", ".join(f'"{w}"' for w in p.wires),
            )
            for p in error.properties
        )
        lines.append(
            ERROR.format(
                name=error.name,
                base=error.base,
                root=root,
                doc=_error_doc(error),
                provider=provider,
                properties=properties,
            )
        )
    names = ", ".join(e.name for e in sorted(errors, key=lambda e: e.name))
    lines += [
        "",
        "",
        "#: The named errors by ``errorName``: the client raises these for the matching bodies.",
        "NAMED_ERRORS: dict[str, type[APIStatusError]] = {",
        f"    cls.__name__: cls for cls in ({names},)",
        "}",
    ]
    return lines


# One template for both clients: {def_} and {await_} are what differs.
METHOD = '''
    {def_} {name}(
{params}
    ) -> {returns}:
        """{doc}"""
{body}'''


def _call_body(method: Method, sync: bool, raw: bool = False) -> list[str]:
    """The statements of a method; ``raw``: of its ``with_raw_response`` twin."""
    i = " " * 8
    client = "self._client" if raw else "self"
    path = "".join(f", {p.name}" for p in method.path_params)
    extras = "".join(f", {name}={name}" for name, _ in _extras(method))
    lines: list[str] = []
    given = [f'"{p.name}": {p.name}' for p in method.keywords]
    if method.body_model:
        fields = ", ".join(f'"{p.name}": {p.name}' for p in method.body_fields)
        lines.append(
            f'{i}request = request_body("{method.name}", {method.body_model}, body, '
            f"{{{fields}}}, required={method.body_required})"
        )
        given.append('"body": request')
    if given or method.paginated:
        lines.append(f"{i}given: dict[str, Any] = {{{', '.join(given)}}}")
    await_ = "" if sync else "await "
    if method.paginated:
        pager = "SyncPaginator" if sync else "AsyncPaginator"
        prefetch = ", prefetch=prefetch" if method.prefetch else ""
        made = (
            f"{pager}({client}, {method.constant}, given{path}, limit=limit{prefetch}, "
            f"timeout=timeout, max_retries=max_retries{extras})"
        )
        if raw:
            # A raw call fetches the first page now; its parse() is the paginator, from it.
            lines.append(f"{i}pager: {_returns(method, sync)} = {made}")
            lines.append(f"{i}return {await_}pager.first_page_raw()")
        else:
            lines.append(f"{i}return {made}")
    else:
        # `_call` is typed by the operation's model (Operation[Model]): no annotation needed.
        call = "_call_raw" if raw else "_call"
        lines.append(
            f"{i}return {await_}{client}.{call}({method.constant}{path}, "
            f"timeout=timeout, max_retries=max_retries{extras}{', **given' if given else ''})"
        )
    return lines


def render_method(method: Method, sync: bool) -> str:
    """One method of one client, from the shared template."""
    params = "\n".join(f"        {line}," for line in ["self", *_parameter_lines(method, sync)])
    doc = "\n".join(docstring(method, sync, " " * 8))
    return METHOD.format(
        def_="async def" if _is_coroutine(method, sync) else "def",
        name=method.name,
        params=params,
        returns=_returns(method, sync),
        doc=doc,
        body="\n".join(_call_body(method, sync)),
    )


def render_raw_method(method: Method, sync: bool) -> str:
    """One method of ``with_raw_response``: the same keywords, the answer as it came."""
    params = "\n".join(f"        {line}," for line in ["self", *_parameter_lines(method, sync)])
    what = "the paginator, from this page" if method.paginated else f"the ``{method.returns.text}``"
    page = "the first page" if method.paginated else "the answer"
    text = f"``{method.name}()``, returning {page} as a ``RawResponse``; ``parse()`` gives {what}."
    indent = " " * 8
    lines = _wrap(text, indent, _LINE - 6)  # room for the quotes on either side
    doc = lines[0].strip() if len(lines) == 1 else "\n".join(lines).strip() + "\n" + indent
    return METHOD.format(
        def_="def" if sync else "async def",
        name=method.name,
        params=params,
        returns=f"RawResponse[{_returns(method, sync)}]",
        doc=doc,
        body="\n".join(_call_body(method, sync, raw=True)),
    )


RAW_CLASS = '''

{twin}class {cls}:
    """``client.with_raw_response``: every operation, answering a ``RawResponse``.

    A ``RawResponse`` has ``status_code``, ``headers``, ``request_id``, ``elapsed`` and
    ``http_request`` (credentials masked); ``parse()`` gives what the plain method returns.
    """

    def __init__(self, client: {client}) -> None:
        self._client = client
'''

RAW_PROPERTY = '''
    @property
    def with_raw_response(self) -> {cls}:
        """The operations, each returning a ``RawResponse`` (status, headers, request id)."""
        return {cls}(self)
'''


def render_raw_class(methods: Sequence[Method], sync: bool) -> list[str]:
    """The class behind ``with_raw_response``, one method per operation."""
    cls = "ClientMethodsWithRawResponse" if sync else "AsyncClientMethodsWithRawResponse"
    twin = "" if sync else f"# Twin of {_RAW_SYNC}: one template, async I/O.\n"
    lines = [
        RAW_CLASS.format(
            twin=twin, cls=cls, client="ClientMethods" if sync else "AsyncClientMethods"
        ).rstrip("\n")
    ]
    lines += [render_raw_method(m, sync) for m in methods]
    return lines


_RAW_SYNC = "ClientMethodsWithRawResponse"


WAITER = '''
    {def_} {name}(
{params}
    ) -> {returns}:
        """{doc}"""
        run: {returns} = {await_}{engine}(
            self,
            {constant},
            lambda **options: self.{operation}({path}, **options),
            {run_id},
            timeout=timeout,
            poll_interval=poll_interval,
            on_poll=on_poll,
            poll_policy=poll_policy,
        )
        return run
'''


def _waiter_doc(waiter: WaiterMethod, indent: str) -> list[str]:
    op = waiter.operation
    what = f"``{waiter.returns.text}``"
    lines = ["Wait until the run is final (succeeded, failed or cancelled) and return it."]
    if waiter.found is not None:
        reads = (
            f"Polls ``{op.name}`` and finds the run by its ``{waiter.found.wire}`` in the list, "
            f"newest first, reading at most {waiter.max_pages} pages of {waiter.page_size} runs "
            "(the spec's ``x-modelruns-wait``); a run not listed there (after the grace for a new "
            "run) is a ``RunNotFoundError``."
        )
    else:
        reads = f"Polls ``{op.name}`` (the spec's ``x-modelruns-wait``)."
    body = [
        reads,
        "Final, by the spec's ``x-modelruns-run-states``: "
        + ", ".join(f"``{value}`` ({state})" for value, state in waiter.finals)
        + "; any other status, one the spec does not list included, is not. Intervals grow "
        "from ``poll_interval`` with jitter to a cap; 429s, 5xx and connection errors are "
        "polled again (``Retry-After`` honoured), as is a 404 "
        "shortly after the start; no part of the wait outlasts ``timeout`` (see "
        "``modelruns.PollPolicy``).",
    ]
    out = _wrap(lines[0], indent)
    out[0] = out[0].lstrip()
    for paragraph in body:
        out += ["", *_wrap(paragraph, indent)]
    args = [(p.name, _clean(p.description)) for p in waiter.path_params]
    if waiter.found is not None:
        args.append((waiter.found.name, _clean(waiter.found.description)))
    args += [
        ("timeout", "Seconds the whole wait may take (``WaitTimeoutError`` after them)."),
        ("poll_interval", "Seconds before the second poll; later intervals grow from it."),
        (
            "on_poll",
            f"Called with each {what} read, after every poll; an exception it raises ends "
            "the wait.",
        ),
        (
            "poll_policy",
            "How polls are spaced (``modelruns.PollPolicy``); the default's when not given.",
        ),
    ]
    out += ["", f"{indent}Args:"]
    for name, text in args:
        out += _hanging(f"{name}: {text.strip()}", indent + "    ")
    out += ["", f"{indent}Returns:"]
    out += _wrap(f"The final {what}, whatever its state.", indent + "    ")
    out += ["", f"{indent}Raises:"]
    out += _hanging(
        "WaitTimeoutError: ``timeout`` passed first (``.last`` is the last run read).",
        indent + "    ",
    )
    out += _hanging(
        "APIConnectionError: the API could not be reached when ``timeout`` passed.",
        indent + "    ",
    )
    out.append(indent)
    return out


def render_waiter(waiter: WaiterMethod, sync: bool) -> str:
    """One waiter method of one client."""
    lines = ["self", *(f"{p.name}: {p.type.text}" for p in waiter.path_params)]
    if waiter.found is not None:
        lines.append(f"{waiter.found.name}: {waiter.found.type.text}")
    lines += [
        "*",
        "timeout: float = DEFAULT_WAIT_TIMEOUT",
        "poll_interval: float = DEFAULT_POLL_INTERVAL",
        f"on_poll: Callable[[{waiter.returns.text}], object] | None = None",
        "poll_policy: PollPolicy | None = None",
    ]
    return WAITER.format(
        def_="def" if sync else "async def",
        name=waiter.name,
        params="\n".join(f"        {line}," for line in lines),
        returns=waiter.returns.text,
        doc="\n".join(_waiter_doc(waiter, " " * 8)),
        await_="" if sync else "await ",
        engine="wait" if sync else "async_wait",
        constant=waiter.constant,
        operation=waiter.operation.name,
        path=", ".join(p.name for p in waiter.path_params),
        run_id=waiter.run_id,
    )


def render_module(
    spec: Mapping[str, Any],
    *,
    provider: str,
    spec_file: str,
    package: str,
    package_dir: Path,
) -> str:
    """The facade module of one spec; its names are checked against the generated package."""
    methods = describe(spec)
    _check_against_generated(methods, package, package_dir)
    waiters = describe_waiters(spec, methods)
    constructor = describe_constructor(spec)
    errors = describe_errors(spec)
    models: set[str] = set()
    stdlib: set[str] = {"Any"}
    for method in methods:
        models |= method.models()
        stdlib |= method.stdlib()
    lines = [
        HEADER.format(
            provider=provider,
            spec_file=spec_file,
        )
    ]
    if "datetime" in stdlib:
        lines.append("import datetime")
    lines.append("import os")
    lines.append("from collections.abc import Callable")
    lines.append("from typing import Any, Never, Self")
    if "UUID" in stdlib:
        lines.append("from uuid import UUID")
    lines += ["", "import httpx", ""]
    modules: dict[str, list[str]] = {}
    for method in methods:
        tag = _module_tag(method, package_dir)
        modules.setdefault(f"{package}.api.{tag}", []).append(method.name)
    for module, names in sorted(modules.items()):
        lines.append(f"from {module} import {', '.join(sorted(names))}")
    if models:
        lines.append(f"from {package}.models import {', '.join(sorted(models))}")
    if constructor.auth:
        lines.append(f"from modelruns._auth import {constructor.auth}")
    if any(m.body_model for m in methods):
        lines.append("from modelruns._bodies import request_body")
    lines.append("from modelruns._connect import connect, refuse_unknown_keywords")
    lines.append("from modelruns._engine_async import AsyncAPIClient")
    lines.append("from modelruns._engine_sync import SyncAPIClient")
    if errors:
        bases = sorted({"APIStatusError", *(e.base for e in errors)})
        lines.append(f"from modelruns._exceptions import {', '.join(bases)}")
    lines.append("from modelruns._operations import operation")
    body = " Body," if any(m.body_model for m in methods) else ""
    lines.append(
        "from modelruns._options import DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, NOT_GIVEN,"
        f"{body} Deviation, Headers, NotGiven, Query, Timeout"
    )
    if any(m.paginated for m in methods):
        lines.append("from modelruns._pagination import AsyncPaginator, SyncPaginator")
    lines.append("from modelruns._response import RawResponse")
    lines.append("from modelruns._retry import RetryPolicy")
    if waiters:
        lines.append(
            "from modelruns._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, PollPolicy, "
            "async_wait, wait, wait_target"
        )
    exported = [
        "AsyncClientBase",
        "AsyncClientMethods",
        "AsyncClientMethodsWithRawResponse",
        "ClientBase",
        "ClientMethods",
        "ClientMethodsWithRawResponse",
    ]
    if errors:
        exported += ["NAMED_ERRORS", error_root(provider), *(e.name for e in errors)]
    exported.sort(key=lambda n: (0 if n.isupper() else 1, n))
    lines += [
        "",
        f"__all__ = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in exported)}]",
        "",
    ]
    for method in methods:
        model = method.returns.text  # the 2xx body's $ref model (describe() insists on one)
        lines.append(f'{method.constant} = operation("{provider}", {method.name}, {model})')
    for waiter in waiters:
        op_id = waiter.operation.operation_id
        lines.append(f'{waiter.constant} = wait_target("{provider}", "{op_id}")')
    if errors:
        lines += render_errors(errors, provider)
    lines += render_raw_class(methods, sync=True)
    lines += [
        "",
        "",
        "class ClientMethods(SyncAPIClient):",
        f'    """The operations of {spec_file}, synchronous."""',
        RAW_PROPERTY.format(cls="ClientMethodsWithRawResponse").rstrip("\n"),
    ]
    lines += [render_method(m, sync=True) for m in methods]
    lines += [render_waiter(w, sync=True) for w in waiters]
    lines += render_raw_class(methods, sync=False)
    lines += [
        "",
        "",
        TWIN_REASON.format(sync="ClientMethods", what="async I/O"),
        "class AsyncClientMethods(AsyncAPIClient):",
        f'    """The operations of {spec_file}, asynchronous."""',
        RAW_PROPERTY.format(cls="AsyncClientMethodsWithRawResponse").rstrip("\n"),
    ]
    lines += [render_method(m, sync=False) for m in methods]
    lines += [render_waiter(w, sync=False) for w in waiters]
    lines += [
        render_constructor(constructor, provider, bool(errors), sync) for sync in (True, False)
    ]
    return "\n".join(lines) + "\n"


def _module_tag(method: Method, package_dir: Path) -> str:
    found = sorted((package_dir / "api").glob(f"*/{method.name}.py"))
    if len(found) != 1:
        raise SurfaceError(f"{method.operation_id}: no generated module {method.name}.py")
    return found[0].parent.name


def _kwargs_names(source: Path) -> list[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_get_kwargs":
            args = node.args
            return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    raise SurfaceError(f"{source}: no _get_kwargs")


def _exported(package_dir: Path) -> set[str]:
    init = package_dir / "models" / "__init__.py"
    if not init.exists():
        return set()
    names: set[str] = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _check_against_generated(methods: Sequence[Method], package: str, package_dir: Path) -> None:
    """Names the facade would use must be what the generator made, or generation stops here."""
    exported = _exported(package_dir)
    for method in methods:
        missing = sorted(method.models() - exported)
        if missing:
            raise SurfaceError(
                f"{method.operation_id}: {package}.models has no {', '.join(missing)}"
            )
        tag = _module_tag(method, package_dir)
        generated = _kwargs_names(package_dir / "api" / tag / f"{method.name}.py")
        ours = [p.name for p in (*method.path_params, *method.keywords, *method.fixed)]
        if method.body_model:
            ours.append("body")
        if sorted(generated) != sorted(ours):
            raise SurfaceError(
                f"{method.operation_id}: the generated _get_kwargs takes {sorted(generated)}, "
                f"the spec gives {sorted(ours)}"
            )
        if method.body_model:
            fields = _model_fields(package_dir, method.body_model)
            keywords = sorted(p.name for p in method.body_fields)
            if fields != keywords:
                raise SurfaceError(
                    f"{method.operation_id}: {method.body_model} has the fields {fields}, "
                    f"the spec gives {keywords}"
                )


def _init_false(value: ast.expr | None) -> bool:
    """``_attrs_field(init=False, ...)``: not a constructor argument (``additional_properties``)."""
    return isinstance(value, ast.Call) and any(
        k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in value.keywords
    )


def _model_fields(package_dir: Path, model: str) -> list[str]:
    """The attrs fields of a generated model class (its annotated class attributes)."""
    for source in sorted((package_dir / "models").glob("*.py")):
        for node in ast.parse(source.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name == model:
                return sorted(
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign)
                    and isinstance(item.target, ast.Name)
                    and not item.target.id.startswith("_")
                    and not _init_false(item.value)
                )
    raise SurfaceError(f"no generated model {model}")


INIT = '''\
"""The generated methods of each provider's clients (scripts/generate.py; do not edit)."""
'''


# -- the API reference (docs/api.md) ----------------------------------------------------------

REFERENCE_HEADER = """\
# API reference

Generated by `scripts/generate.py` from the specs in `specs/`; do not edit: change a spec and
run `make generate` (`make check-generated` fails when this file is stale). Every method of
every client, with its signature and its summary. `AsyncClient` has the same methods (its
calls are awaited; its list methods return an `AsyncPaginator` for `async for`), and every
method also takes `timeout=`, `max_retries=`, `extra_headers=`, `extra_query=` (and, where the
operation has a body, `extra_body=`), and has a twin under `client.with_raw_response`. `help()`
on a client or a method shows the whole docstring.
"""


def _reference_signature(method: Method) -> str:
    """The method's signature as a user calls it (no ``self``), one parameter a line if long."""
    # Every method takes these (the header says so): the reference shows the operation's own.
    common = ("timeout:", "max_retries:", "extra_headers:", "extra_query:", "extra_body:")
    parameters = [p for p in _parameter_lines(method, sync=True) if not p.startswith(common)]
    if parameters and parameters[-1] == "*":
        parameters = parameters[:-1]
    one_line = f"{method.name}({', '.join(parameters)}) -> {_returns(method, sync=True)}"
    if len(one_line) <= _LINE:
        return one_line
    inner = "".join(f"    {p},\n" for p in parameters)
    return f"{method.name}(\n{inner}) -> {_returns(method, sync=True)}"


def _reference_constructor(constructor: Constructor) -> str:
    names = [*constructor.credentials, *constructor.variables, "base_url"]
    if constructor.auth:
        names.append("auth")
    names += ["timeout", "max_retries", "retry_policy", "http_client"]
    names += ["default_headers", "default_query", "strict", "on_deviation", "max_response_size"]
    names.append("record_to")
    return ", ".join(names)


def _reference_waiter(waiter: WaiterMethod) -> list[str]:
    """A waiter's entry in the reference: its signature and what it polls."""
    parameters = [f"{p.name}: {p.type.text}" for p in waiter.path_params]
    if waiter.found is not None:
        parameters.append(f"{waiter.found.name}: {waiter.found.type.text}")
    parameters += [
        "*",
        "timeout: float = DEFAULT_WAIT_TIMEOUT",
        "poll_interval: float = DEFAULT_POLL_INTERVAL",
        f"on_poll: Callable[[{waiter.returns.text}], object] | None = None",
        "poll_policy: PollPolicy | None = None",
    ]
    inner = "".join(f"    {p},\n" for p in parameters)
    signature = f"{waiter.name}(\n{inner}) -> {waiter.returns.text}"
    finals = ", ".join(f"`{value}` ({state})" for value, state in waiter.finals)
    how = (
        f"finds the run in `{waiter.operation.name}`, newest first, within {waiter.max_pages} "
        f"pages of {waiter.page_size}"
        if waiter.found is not None
        else f"polls `{waiter.operation.name}`"
    )
    return [
        "```python",
        signature,
        "```",
        "",
        f"Waits until the run is final and returns it: {how} (`x-modelruns-wait`). Final: "
        f"{finals}; any other status, one the spec does not list included, is not. "
        "`WaitTimeoutError` (with `.last`) when `timeout` passes first.",
        "",
    ]


def render_reference(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """``docs/api.md``: for each (provider, spec), the clients' keywords and every method."""
    lines = [REFERENCE_HEADER]
    for provider, spec in documents:
        title = _clean(str((spec.get("info") or {}).get("title", provider)))
        constructor = describe_constructor(spec)
        methods = describe(spec)
        waiters = describe_waiters(spec, methods)
        lines += [
            f"## `modelruns.{provider}`: {title}",
            "",
            f"`Client(*, {_reference_constructor(constructor)})` and `AsyncClient` (the same "
            "keywords). Credentials and server keywords:",
            "",
        ]
        lines += [f"- `{name}`: {_clean(text)}" for name, text in constructor.docs]
        lines += ["", "| method | request | summary |", "|---|---|---|"]
        for method in methods:
            summary = _clean(method.summary or method.operation_id).rstrip(".").replace("|", "\\|")
            request = f"`{method.http_method} {_clean(method.path)}`"
            lines.append(
                f"| [`{method.name}`](#{provider}-{method.name}) | {request} | {summary} |"
            )
        for waiter in waiters:
            request = f"polls `{waiter.operation.http_method} {_clean(waiter.operation.path)}`"
            lines.append(
                f"| [`{waiter.name}`](#{provider}-{waiter.name}) | {request} | "
                "Wait until a run is final |"
            )
        lines.append("")
        for method in methods:
            lines += [
                f'<a id="{provider}-{method.name}"></a>',
                f"### `{provider}.{method.name}`",
                "",
            ]
            lines += ["```python", _reference_signature(method), "```", ""]
            summary = _clean(method.summary or method.operation_id).rstrip(".") + "."
            retried = (
                "Idempotent: failed attempts are retried."
                if method.idempotent
                else "Not idempotent: retried only when the request cannot have been sent."
            )
            if method.paginated:
                item = method.item_type.text if method.item_type else "item"
                returns = f"Returns a lazy paginator of `{item}` (every page, on iteration)."
            else:
                returns = f"Returns `{method.returns.text}`."
            deprecated = "Deprecated by the provider. " if method.deprecated else ""
            lines += [
                f"{deprecated}{summary} `{method.http_method} {_clean(method.path)}` "
                f"(`{method.operation_id}`). {returns} {retried}",
                "",
            ]
        for waiter in waiters:
            lines += [
                f'<a id="{provider}-{waiter.name}"></a>',
                f"### `{provider}.{waiter.name}`",
                "",
            ]
            lines += _reference_waiter(waiter)
    return "\n".join(lines).rstrip("\n") + "\n"
