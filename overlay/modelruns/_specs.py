"""Where the specs live at run time, and loading them once.

The specs are hand-written in the repository's top-level ``specs/`` folder. A wheel ships them
as package data in ``modelruns/specs/`` (pyproject maps that package to ``specs/``, no link); a
checkout or an editable install reads ``specs/`` itself. Either way the stubs and conformance
checks read the same files the generator read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

Provider = Literal["foundry", "dataplatform", "pai", "nsml"]

#: The spec file of each provider, by the provider's short name.
SPEC_FILES: dict[Provider, str] = {
    "foundry": "foundry-model-studio.yaml",
    "dataplatform": "dataplatform-models.yaml",
    "pai": "pai-aiworkspace.yaml",
    "nsml": "clova-nsml.yaml",
}

PROVIDERS: tuple[Provider, ...] = tuple(SPEC_FILES)

#: The HTTP methods a path item can hold an operation under (OpenAPI's fixed fields).
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
#: Methods whose request may be repeated (RFC 9110), unless ``x-modelruns-idempotent`` says.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class SpecOperation:
    """One operation of a spec with where it sits: path, method (upper case) and path item."""

    path: str
    method: str
    operation: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.operation.get("operationId", ""))


def iter_operations(spec: Mapping[str, Any]) -> Iterator[SpecOperation]:
    """Every operation of ``spec``, in spec order (path, then ``HTTP_METHODS`` order)."""
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield SpecOperation(path, method.upper(), op, item)


def find_operation(
    spec: Mapping[str, Any], name: str, *, key: Callable[[str], str] = str
) -> SpecOperation:
    """The operation whose ``key(operationId)`` is ``name``; a ``LookupError`` naming it if none."""
    for found in iter_operations(spec):
        if key(found.operation_id) == name:
            return found
    raise LookupError(f"no operation named {name!r} in the spec")


def spec_path(provider: Provider) -> Path:
    """The path of a provider's spec file (see ``specs_dir``)."""
    try:
        name = SPEC_FILES[provider]
    except KeyError:
        known = ", ".join(PROVIDERS)
        raise ValueError(f"unknown provider {provider!r}; expected one of: {known}") from None
    return specs_dir() / name


@functools.cache
def specs_dir() -> Path:
    """The folder of the spec files: inside an installed wheel, else the checkout's ``specs/``."""
    packaged = Path(str(resources.files("modelruns"))) / "specs"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "specs"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the specs are neither in {packaged} nor in {checkout}")


@functools.cache
def load_spec(provider: Provider) -> dict[str, Any]:
    """The parsed spec of a provider (parsed once per process; treat it as read-only)."""
    with spec_path(provider).open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise ValueError(f"{spec_path(provider)} is not an OpenAPI document")
    return document


class RefError(LookupError):
    """A ``$ref`` that cannot be followed: its target is missing, or its chain is a cycle."""


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (``#/a/b``) through ``spec`` until a node that is not a reference.

    A ``$ref`` is a JSON pointer into ``spec`` (``~1`` is ``/``, ``~0`` is ``~``, percent
    escapes decoded), read by the ``referencing`` library. A ``RefError`` names the ``$ref``
    whose target is missing, or the chain of ``$ref``s that leads back to itself.
    """
    if not (isinstance(node, Mapping) and "$ref" in node):
        return node
    resolver = Registry().resolver_with_root(Resource.opaque(spec))
    chain: list[str] = []
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise RefError(f"$ref {ref!r} is not a local reference (#/...)")
        if ref in chain:
            raise RefError(f"$ref cycle: {' -> '.join([*chain, ref])}")
        chain.append(ref)
        try:
            node = resolver.lookup(ref).contents
        except (Unresolvable, ValueError, TypeError):  # a list index not a number, a scalar
            raise RefError(f"$ref {ref!r} points at nothing") from None
    return node


@dataclass(frozen=True)
class Credential:
    """One credential keyword of a client and the environment variables that can supply it."""

    keyword: str
    env: tuple[str, ...]


@dataclass(frozen=True)
class Credentials:
    """A spec's ``x-modelruns-credentials``: what a client's constructor takes to sign requests."""

    keywords: tuple[Credential, ...]
    #: Whether any one keyword is enough (Data Platform: a token or an API key).
    any_of: bool
    #: The ``modelruns._auth`` class the client's ``auth=`` takes preconfigured, if it has one.
    auth: str | None


def read_credentials(spec: Mapping[str, Any]) -> Credentials:
    """The ``x-modelruns-credentials`` of a parsed spec."""
    declared = spec.get("x-modelruns-credentials", {})
    return Credentials(
        tuple(
            Credential(entry["keyword"], tuple(entry["env"]))
            for entry in declared.get("keywords", [])
        ),
        bool(declared.get("any-of", False)),
        declared.get("auth"),
    )


def spec_credentials(provider: Provider) -> tuple[tuple[Credential, ...], bool]:
    """The spec's ``x-modelruns-credentials``: the keywords, and whether any one is enough."""
    found = read_credentials(load_spec(provider))
    return found.keywords, found.any_of


def server_variable_credential(provider: Provider, name: str) -> Credential:
    """A server variable as a client keyword, with the spec's ``x-modelruns-env`` variables."""
    variable = load_spec(provider)["servers"][0]["variables"][name]
    return Credential(name, tuple(variable.get("x-modelruns-env", ())))


def credential_environment(provider: Provider) -> tuple[str, ...]:
    """Every environment variable that can hold one of ``provider``'s credentials."""
    credentials, _any_of = spec_credentials(provider)
    return tuple(name for credential in credentials for name in credential.env)


@dataclass(frozen=True)
class RequestIdPlace:
    """Where a provider puts the id of a request in its answer (``x-modelruns-request-id``)."""

    #: ``header`` (a response header) or ``body`` (a top-level field of the JSON body).
    location: Literal["header", "body"]
    name: str


def read_request_id_places(spec: Mapping[str, Any]) -> tuple[RequestIdPlace, ...]:
    """The spec's ``x-modelruns-request-id`` places, in the order they are looked up.

    Each entry is ``{in: header|body, name: ...}``; anything else is a ``ValueError`` naming the
    entry, so a typo in a spec fails where it is read rather than hiding every request id.
    """
    places = []
    for entry in spec.get("x-modelruns-request-id") or ():
        location = entry.get("in") if isinstance(entry, Mapping) else None
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if location not in ("header", "body") or not isinstance(name, str) or not name:
            raise ValueError(f"x-modelruns-request-id entry {entry!r} needs in: header|body, name:")
        places.append(RequestIdPlace(location, name))
    return tuple(places)


def request_id_places(provider: Provider) -> tuple[RequestIdPlace, ...]:
    """Where ``provider``'s answers carry their request id (``x-modelruns-request-id``)."""
    return read_request_id_places(load_spec(provider))


def find_request_id(
    places: Iterable[RequestIdPlace], headers: Mapping[str, str], fields: Mapping[str, Any] | None
) -> str | None:
    """The request id at the first of ``places`` that holds one, else ``None``: a header place
    in ``headers``, a body place in ``fields`` (the answer's JSON object; ``None`` if none)."""
    for place in places:
        if place.location == "header":
            header = headers.get(place.name)
            if header:
                return header
        elif fields is not None:
            value = fields.get(place.name)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return None


#: The states ``x-modelruns-run-states`` may give a status value: ``pending`` and ``running``
#: are active (a wait goes on); ``succeeded``, ``failed`` and ``cancelled`` are final.
RUN_STATE_NAMES = ("pending", "running", "succeeded", "failed", "cancelled")


@dataclass(frozen=True)
class RunStates:
    """Where a spec's run model holds its status and what each status value means.

    ``schema`` is the run model's component name (the schema carrying
    ``x-modelruns-run-status``), ``property`` the wire name of its status property (``None``
    when the run has no status: every run is UNKNOWN), ``states`` each declared value's state
    (``RUN_STATE_NAMES``) from ``x-modelruns-run-states`` beside the status schema, and
    ``closed`` whether the status is an enum (an open string has only the values it documents).
    """

    schema: str
    property: str | None
    states: Mapping[str, str]
    closed: bool


def read_run_states(spec: Mapping[str, Any]) -> RunStates:
    """The spec's ``RunStates``; ``ValueError`` naming what is missing or wrong.

    Exactly one component schema carries ``x-modelruns-run-status``; the status property's
    schema (after ``$ref``) carries ``x-modelruns-run-states``, which gives a state to every
    value of its ``enum`` and to no other value.
    """
    schemas = (spec.get("components") or {}).get("schemas") or {}
    runs = [name for name, schema in schemas.items() if "x-modelruns-run-status" in (schema or {})]
    if len(runs) != 1:
        raise ValueError(f"expected one schema with x-modelruns-run-status, found {runs}")
    name = runs[0]
    wire = schemas[name]["x-modelruns-run-status"]
    if wire is None:
        return RunStates(name, None, {}, closed=True)
    prop = (schemas[name].get("properties") or {}).get(wire)
    if prop is None:
        raise ValueError(f"{name}: x-modelruns-run-status names no property {wire!r}")
    target = resolve(spec, prop)
    states = target.get("x-modelruns-run-states")
    if not isinstance(states, Mapping) or not states:
        raise ValueError(f"{name}.{wire}: its schema has no x-modelruns-run-states")
    wrong = {value: state for value, state in states.items() if state not in RUN_STATE_NAMES}
    if wrong:
        raise ValueError(f"{name}.{wire}: states must be one of {RUN_STATE_NAMES}, got {wrong}")
    if "enum" in target:
        declared, given = set(target["enum"]), set(states)
        if declared != given:
            raise ValueError(
                f"{name}.{wire}: x-modelruns-run-states must give every enum value a state and "
                f"no other value: missing {sorted(declared - given)}, "
                f"extra {sorted(given - declared)}"
            )
    return RunStates(name, str(wire), {str(k): str(v) for k, v in states.items()}, "enum" in target)


@dataclass(frozen=True)
class Waiter:
    """``x-modelruns-wait`` on the operation that reads one run: the waiter it gets.

    ``method`` is the clients' method name; ``find`` the wire name of the run item's id field
    when the operation is a list the run is found in (``None``: the operation reads the run
    itself); ``page_size`` and ``max_pages`` bound that search.
    """

    method: str
    operation_id: str
    find: str | None = None
    page_size: int | None = None
    max_pages: int | None = None


def read_waiters(spec: Mapping[str, Any]) -> list[Waiter]:
    """Every ``x-modelruns-wait`` of the spec, in spec order; ``ValueError`` naming a bad one."""
    waiters = []
    for found in iter_operations(spec):
        entry = found.operation.get("x-modelruns-wait")
        if entry is None:
            continue
        where = f"{found.operation_id}: x-modelruns-wait"
        if not isinstance(entry, Mapping) or not str(entry.get("method", "")).isidentifier():
            raise ValueError(f"{where} needs a method name")
        find = entry.get("find")
        paged = bool(found.operation.get("x-modelruns-pagination"))
        if paged != (find is not None):
            raise ValueError(f"{where}: `find` is for a list operation (and needed there)")
        sizes = {key: entry.get(key) for key in ("page_size", "max_pages")}
        if paged and not all(isinstance(v, int) and v >= 1 for v in sizes.values()):
            raise ValueError(f"{where}: a list needs page_size and max_pages >= 1, got {sizes}")
        waiters.append(
            Waiter(
                str(entry["method"]),
                found.operation_id,
                None if find is None else str(find),
                sizes["page_size"],
                sizes["max_pages"],
            )
        )
    return waiters


def server_base_path(spec: Mapping[str, Any]) -> str:
    """The path ``spec``'s server URL puts before every operation's (``/api``, or ``""``)."""
    servers = spec.get("servers") or [{}]
    return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")


def base_path(provider: Provider) -> str:
    """The path the provider's server URL puts before every operation's (``server_base_path``)."""
    return server_base_path(load_spec(provider))


def base_path_mismatch(provider: Provider, base_url: str) -> str | None:
    """Why `base_url` cannot be the provider's API: its path lacks the spec's base path."""
    return spec_base_path_mismatch(load_spec(provider), provider, base_url)


def spec_base_path_mismatch(spec: Mapping[str, Any], name: str, base_url: str) -> str | None:
    """Why `base_url` cannot be the API of ``spec`` (``name``'s): its path lacks the base path."""
    prefix = server_base_path(spec)
    if prefix and not urlsplit(base_url).path.rstrip("/").endswith(prefix):
        return f"{name}'s paths sit under {prefix}, and {base_url} does not end with {prefix}"
    return None


def credential_variable(provider: Provider, keyword: str) -> str:
    """The first environment variable the spec's ``x-modelruns-credentials`` gives a keyword.

    Raises `KeyError` naming the keyword when the spec has no credential of that name.
    """
    credentials, _any_of = spec_credentials(provider)
    for credential in credentials:
        if credential.keyword == keyword and credential.env:
            return credential.env[0]
    raise KeyError(f"{provider}'s x-modelruns-credentials has no keyword {keyword!r} with env")
