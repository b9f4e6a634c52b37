"""Each provider's authentication applied to schemathesis' requests, by the SDK's own signers.

Signing happens on the final ``requests`` request (URL encoded, body serialised), through the
``httpx.Auth`` the provider module's auth hook (``Client._auth_from``, the one the clients call
through ``_connect.connect``) makes from the credentials: there is one implementation of every
scheme. What a provider takes is the spec's ``x-modelruns-credentials`` (``_specs``).

schemathesis carries the signer with each case it generates (``schema.auth.set_from_requests``);
its ``before_call`` hook adds the operation's pre-signing headers, and leaves unsigned a case
whose headers were generated to break the schema.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.schemas import BaseSchema

from modelruns import dataplatform, foundry, nsml, pai
from modelruns._specs import Provider, spec_credentials
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, FIELDS, Credentials

from ._types import ConformanceUsageError

__all__ = [
    "HttpxAuthAdapter",
    "auth_options",
    "build_auth",
    "credential_field",
    "credential_values",
    "install_auth",
    "resolve_credentials",
    "signed_call_kwargs",
]

#: Each provider module's auth hook: the credentials by client keyword -> the request signer.
_AUTH_HOOKS: dict[Provider, Callable[[Mapping[str, str]], httpx.Auth]] = {
    "foundry": foundry.Client._auth_from,
    "dataplatform": dataplatform.Client._auth_from,
    "pai": pai.Client._auth_from,
    "nsml": nsml.Client._auth_from,
}


def credential_field(provider: Provider, keyword: str) -> str:
    """The `Credentials` field of one of ``provider``'s client keywords."""
    return next(field for field, owner in FIELDS.items() if owner == (provider, keyword))


def auth_options(provider: Provider) -> tuple[tuple[str, ...], ...]:
    """The ways to authenticate to ``provider``, as `Credentials` fields; the first complete wins.

    From the spec's ``x-modelruns-credentials``: every keyword together, or (``any-of``) any one.
    """
    keywords, any_of = spec_credentials(provider)
    fields = tuple(credential_field(provider, credential.keyword) for credential in keywords)
    return tuple((field,) for field in fields) if any_of else (fields,)


def resolve_credentials(
    provider: Provider,
    given: Mapping[str, str | None],
    environ: Mapping[str, str] | None = None,
    *,
    flags: Mapping[str, str] | None = None,
) -> Credentials:
    """Credentials for a real server: flags (``given``, by field) first, then the environment.

    Raises `ConformanceUsageError` naming the flag and environment variable of every missing
    credential when no way of authenticating to ``provider`` is complete.
    """
    env = os.environ if environ is None else environ
    values: dict[str, str] = {}
    for field, variable in ENVIRONMENT_VARIABLES.items():
        value = given.get(field) or env.get(variable)
        if value:
            values[field] = value
    options = auth_options(provider)
    if not any(all(field in values for field in fields) for fields in options):
        flag_names = flags or {}

        def describe(field: str) -> str:
            flag = flag_names.get(field)
            variable = ENVIRONMENT_VARIABLES[field]
            return f"{flag} or {variable}" if flag else variable

        wanted = " | ".join(
            " + ".join(describe(field) for field in fields if field not in values)
            for fields in options
        )
        raise ConformanceUsageError(f"missing credentials for {provider}: give {wanted}")
    return Credentials(**values)


def build_auth(provider: Provider, credentials: Credentials) -> httpx.Auth:
    """The SDK's signer for ``provider``, from the first complete way of authenticating."""
    for fields in auth_options(provider):
        if all(getattr(credentials, field) for field in fields):
            keywords = {FIELDS[field][1]: getattr(credentials, field) for field in fields}
            return _AUTH_HOOKS[provider](keywords)
    raise ConformanceUsageError(f"no complete credentials for {provider}")


def credential_values(provider: Provider, credentials: Credentials) -> list[str]:
    """Every credential value ``provider`` may send, for masking."""
    fields = {field for option in auth_options(provider) for field in option}
    return [getattr(credentials, field) for field in sorted(fields) if getattr(credentials, field)]


@dataclasses.dataclass(repr=False)
class HttpxAuthAdapter(requests.auth.AuthBase):
    """Runs an ``httpx.Auth`` over a prepared ``requests`` request and copies what it added.

    The URL sent is the URL signed: the request's URL is replaced by httpx's form of it, so a
    signature over the path and query always matches the bytes on the wire.
    """

    auth: httpx.Auth

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Sign ``request`` in place."""
        body = request.body
        content = body.encode("utf-8") if isinstance(body, str) else (body or b"")
        if not isinstance(content, bytes):
            raise TypeError("streamed request bodies cannot be signed")
        outgoing = httpx.Request(
            str(request.method),
            str(request.url),
            headers=[(name, str(value)) for name, value in request.headers.items()],
            content=content,
        )
        before = dict(outgoing.headers.items())
        flow = self.auth.sync_auth_flow(outgoing)
        signed = next(flow)
        flow.close()
        for name, value in signed.headers.items():
            if before.get(name) != value:
                request.headers[name] = value
        request.url = str(signed.url)
        return request

    def __repr__(self) -> str:
        return f"HttpxAuthAdapter({self.auth!r})"


def operation_headers(operation: Any) -> dict[str, str]:
    """Headers an operation needs before signing: the spec's ``x-acs-action``/``x-acs-version``."""
    action = operation.definition.raw.get("x-acs-action")
    version = operation.schema.raw_schema.get("x-acs-version")
    headers: dict[str, str] = {}
    if action:
        headers["x-acs-action"] = str(action)
    if version:
        headers["x-acs-version"] = str(version)
    return headers


# The schemas whose cases are signed, by the id of their config (schemas are not hashable).
_signed: dict[int, HttpxAuthAdapter] = {}
_lock = threading.Lock()
_hooked = False


def install_auth(schema: BaseSchema, auth: httpx.Auth) -> HttpxAuthAdapter:
    """Make every case ``schema`` generates carry ``auth`` (applied when the request is sent).

    Probes that test authentication itself (``ignored_auth``) send copies without it.
    """
    global _hooked
    adapter = HttpxAuthAdapter(auth)
    schema.auth.set_from_requests(adapter)
    key = id(schema.config)
    with _lock:
        if not _hooked:
            schemathesis.hook("before_call")(_before_call)
            _hooked = True
        _signed[key] = adapter
    weakref.finalize(schema, _signed.pop, key, None)
    return adapter


def _before_call(
    context: schemathesis.HookContext, case: schemathesis.Case[Any], kwargs: dict[str, Any]
) -> None:
    if id(case.operation.schema.config) in _signed:
        signed_call_kwargs(case, kwargs)


def signed_call_kwargs(case: schemathesis.Case[Any], kwargs: dict[str, Any]) -> None:
    """Ready ``case`` to be signed: the operation's pre-signing headers, or no signature at all.

    A case whose headers were generated to break the schema is sent unsigned (``kwargs`` get
    ``auth=None``): every provider's credentials are headers, and signing would put back the
    ones the case left out on purpose.
    """
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        kwargs["auth"] = None
        return
    for name, value in operation_headers(case.operation).items():
        case.headers[name] = value
