"""Where the specs live at run time, and loading them once.

The specs are hand-written in the repository's top-level ``specs/`` folder. A wheel ships them
as package data in ``modelruns/specs/`` (pyproject maps that package to ``specs/``, no link); a
checkout or an editable install reads ``specs/`` itself. Either way the stubs and conformance
checks read the same files the generator read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

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


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (``#/a/b``) through ``spec`` until a node that is not a reference."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
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


def base_path(provider: Provider) -> str:
    """The path the spec's server URL puts before every operation's (``/api``, or ``""``)."""
    servers = load_spec(provider).get("servers") or [{}]
    return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")


def base_path_mismatch(provider: Provider, base_url: str) -> str | None:
    """Why `base_url` cannot be the provider's API: its path lacks the spec's base path."""
    prefix = base_path(provider)
    if prefix and not urlsplit(base_url).path.rstrip("/").endswith(prefix):
        return f"{provider}'s paths sit under {prefix}, and {base_url} does not end with {prefix}"
    return None
