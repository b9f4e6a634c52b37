"""Each provider's authentication applied to schemathesis' requests, by the SDK's own auth classes.

Signing happens on the final ``requests`` request (URL encoded, body serialised), through the
``httpx.Auth`` classes of ``modelruns._auth``: there is one implementation of every scheme.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.schemas import BaseSchema

from modelruns import _auth
from modelruns._specs import Provider
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

from ._types import ConformanceUsageError

__all__ = [
    "AUTH_OPTIONS",
    "HttpxAuthAdapter",
    "apply_auth",
    "build_auth",
    "credential_values",
    "install_auth",
    "resolve_credentials",
]

AuthFactory = Callable[[Credentials], httpx.Auth]

#: Per provider, the ways to authenticate and the fields each needs; the first complete wins.
AUTH_OPTIONS: dict[Provider, tuple[tuple[tuple[str, ...], AuthFactory], ...]] = {
    "foundry": ((("foundry_token",), lambda c: _auth.BearerAuth(c.foundry_token)),),
    "dataplatform": (
        (("dataplatform_token",), lambda c: _auth.BearerAuth(c.dataplatform_token)),
        (("dataplatform_api_key",), lambda c: _auth.ApiKeyAuth(c.dataplatform_api_key)),
    ),
    "pai": (
        (
            ("access_key_id", "access_key_secret"),
            lambda c: _auth.AcsV3Auth(c.access_key_id, c.access_key_secret),
        ),
    ),
    "nsml": (
        (
            ("ncp_access_key", "ncp_secret_key", "ncp_api_key"),
            lambda c: _auth.NcpSignatureV2Auth(c.ncp_access_key, c.ncp_secret_key, c.ncp_api_key),
        ),
    ),
}


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
    options = AUTH_OPTIONS[provider]
    if not any(all(field in values for field in fields) for fields, _ in options):
        flag_names = flags or {}

        def describe(field: str) -> str:
            flag = flag_names.get(field)
            variable = ENVIRONMENT_VARIABLES[field]
            return f"{flag} or {variable}" if flag else variable

        wanted = " | ".join(
            " + ".join(describe(field) for field in fields if field not in values)
            for fields, _ in options
        )
        raise ConformanceUsageError(f"missing credentials for {provider}: give {wanted}")
    return Credentials(**values)


def build_auth(provider: Provider, credentials: Credentials) -> httpx.Auth:
    """The SDK's auth object for ``provider``, from the first complete credential option."""
    for fields, factory in AUTH_OPTIONS[provider]:
        if all(getattr(credentials, field) for field in fields):
            return factory(credentials)
    raise ConformanceUsageError(f"no complete credentials for {provider}")


def credential_values(provider: Provider, credentials: Credentials) -> list[str]:
    """Every credential value ``provider`` may send, for masking."""
    fields = {field for option, _ in AUTH_OPTIONS[provider] for field in option}
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


def install_auth(schema: BaseSchema, auth: httpx.Auth) -> HttpxAuthAdapter:
    """Make every case ``schema`` generates carry ``auth`` (applied when the request is sent)."""
    adapter = HttpxAuthAdapter(auth)

    class ProviderAuth:
        """Signs each case with the provider's scheme; dropped by probes that test auth itself."""

        def get(self, case: schemathesis.Case[Any], context: schemathesis.AuthContext) -> object:
            return adapter

        def set(
            self, case: schemathesis.Case[Any], data: object, context: schemathesis.AuthContext
        ) -> None:
            apply_auth(case, adapter)

    schema.auth(refresh_interval=None)(ProviderAuth)
    return adapter


def apply_auth(case: schemathesis.Case[Any], adapter: HttpxAuthAdapter) -> None:
    """Give one case the operation's pre-signing headers and the signing adapter.

    A case whose headers were generated to break the schema is sent unsigned: every provider's
    credentials are headers, and signing would put back the ones the case left out on purpose.
    """
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        return
    for name, value in operation_headers(case.operation).items():
        case.headers[name] = value
    case._auth = adapter
