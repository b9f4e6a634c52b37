"""Palantir Foundry Model Studio runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` or ``FOUNDRY_TOKEN``; the stack's ``hostname=`` or ``FOUNDRY_HOSTNAME``
(or a full ``base_url=``). Every call sends ``preview=true`` (both endpoints are in preview;
the spec marks the parameter ``x-modelruns-fixed``). The methods are generated from the spec
(``modelruns._facades.foundry``); this module adds the credentials and the named errors.
"""

# The named errors carry the spec's errorName values verbatim, without an "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

from typing import Any, Unpack

import httpx

from modelruns._auth import BearerAuth
from modelruns._base import (
    ClientOptions,
    Connection,
    default_base_url,
    resolve_credentials,
    server_variable_credential,
    spec_credentials,
)
from modelruns._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from modelruns._facades.foundry import AsyncClientMethods, ClientMethods
from modelruns._retry import RetryPolicy

__all__ = [
    "ApiFeaturePreviewUsageOnly",
    "ApiUsageDenied",
    "AsyncClient",
    "Client",
    "FoundryAPIError",
    "InvalidPageSize",
    "InvalidPageToken",
    "LaunchModelStudioPermissionDenied",
    "ModelStudioConfigVersionNotFound",
    "ModelStudioNotFound",
    "Unauthorized",
]


class FoundryAPIError(APIStatusError):
    """Mixin-free marker base of Foundry's named errors (``errorName`` in the body)."""

    def _parameter(self, *names: str) -> Any:
        for name in names:
            if name in self.parameters:
                return self.parameters[name]
        return None


class ModelStudioNotFound(NotFoundError, FoundryAPIError):
    """The requested Model Studio was not found."""

    @property
    def studio_rid(self) -> str | None:
        """The RID of the Model Studio."""
        return self._parameter("studioRid")  # type: ignore[no-any-return]


class ModelStudioConfigVersionNotFound(NotFoundError, FoundryAPIError):
    """The requested Model Studio configuration version was not found."""

    @property
    def studio_rid(self) -> str | None:
        """The RID of the Model Studio."""
        return self._parameter("studioRid")  # type: ignore[no-any-return]

    @property
    def config_version(self) -> int | None:
        """The configuration version that was not found."""
        return self._parameter("configVersion")  # type: ignore[no-any-return]


class LaunchModelStudioPermissionDenied(PermissionDeniedError, FoundryAPIError):
    """Could not launch the Model Studio."""

    @property
    def studio_rid(self) -> str | None:
        """The Model Studio's RID (``modelStudioRid`` in the docs, ``studioRid`` in the SDK)."""
        return self._parameter("modelStudioRid", "studioRid")  # type: ignore[no-any-return]


class ApiFeaturePreviewUsageOnly(BadRequestError, FoundryAPIError):
    """The endpoint is in preview and the request did not set ``preview=true``."""


class ApiUsageDenied(PermissionDeniedError, FoundryAPIError):
    """The caller may not use Palantir APIs, e.g. the token lacks the operation's scope."""

    @property
    def missing_scope(self) -> str | None:
        """The OAuth scope the token lacks, when the server names it."""
        return self._parameter("missingScope")  # type: ignore[no-any-return]


class InvalidPageSize(BadRequestError, FoundryAPIError):
    """The page size was zero or negative."""

    @property
    def page_size(self) -> int | None:
        """The rejected page size."""
        return self._parameter("pageSize")  # type: ignore[no-any-return]


class InvalidPageToken(BadRequestError, FoundryAPIError):
    """The page token is invalid."""

    @property
    def page_token(self) -> str | None:
        """The rejected page token."""
        return self._parameter("pageToken")  # type: ignore[no-any-return]


class Unauthorized(AuthenticationError, FoundryAPIError):
    """The credentials are missing, invalid or expired."""


NAMED_ERRORS: dict[str, type[APIStatusError]] = {
    cls.__name__: cls
    for cls in (
        ApiFeaturePreviewUsageOnly,
        ApiUsageDenied,
        InvalidPageSize,
        InvalidPageToken,
        LaunchModelStudioPermissionDenied,
        ModelStudioConfigVersionNotFound,
        ModelStudioNotFound,
        Unauthorized,
    )
}

_CREDENTIALS, _ = spec_credentials("foundry")
# Every Foundry API error has a JSON body; an empty 404 comes from the host, not the API.
_NOT_HERE = (
    "no Foundry API answers at this URL; the base URL must end with /api (https://<hostname>/api)"
)


def _connection(token: str | None, hostname: str | None, base_url: str | None) -> Connection:
    found = resolve_credentials("modelruns.foundry", {"token": token}, _CREDENTIALS)
    if base_url is None:
        host = resolve_credentials(
            "modelruns.foundry",
            {"hostname": hostname},
            (server_variable_credential("foundry", "hostname"),),
        )["hostname"]
        base_url = default_base_url("foundry", {"hostname": host})
    auth = BearerAuth(found["token"])
    return Connection(
        "foundry",
        base_url,
        auth,
        auth.secrets(),
        named_errors=NAMED_ERRORS,
        empty_not_found=_NOT_HERE,
    )


class Client(ClientMethods):
    """Synchronous Foundry client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        hostname: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, hostname, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)


class AsyncClient(AsyncClientMethods):
    """Asynchronous Foundry client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        hostname: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, hostname, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)
