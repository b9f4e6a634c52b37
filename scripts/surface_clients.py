"""What a spec's clients have besides its operations: waiters, constructor keywords, errors.

``describe_waiters`` reads ``x-modelruns-wait`` (with the run states), ``describe_constructor``
the client keywords (``x-modelruns-credentials``, server variables) and ``describe_errors``
the named errors (``x-modelruns-errors``, typed by the error schema's
``x-modelruns-parameters``), each on top of ``scripts/surface.py``'s operations.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelruns._exceptions import status_class
from modelruns._names import snake_case as snake
from modelruns._specs import (
    iter_operations,
    read_credentials,
    read_run_states,
    read_waiters,
    resolve,
)
from scripts.surface import (
    Method,
    Param,
    PyType,
    SurfaceError,
    clean,
    keyword_name,
    pascal,
    python_type,
    without_provenance,
)


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
        url = clean(servers[0].get("url", ""))
        env = " or ".join(f"``{e}``" for e in variable.get("x-modelruns-env", ()))
        where = (
            f"Default: the environment variable {env}; required unless ``base_url`` is given."
            if env
            else f"Default: ``{clean(str(variable.get('default', '')))}``."
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
                clean(without_provenance(str(catalog[canonical].get("description", "")))).rstrip(
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
                summary=clean(str(entry["summary"])),
                description=clean(without_provenance(str(entry.get("description", "")))),
                properties=tuple(properties),
            )
        )
    return errors


def error_root(provider: str) -> str:
    """The base class of a provider's named errors (``FoundryAPIError``)."""
    return f"{pascal(provider)}APIError"
