"""Palantir Foundry Model Studio runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` or ``FOUNDRY_TOKEN``; the stack's ``hostname=`` or ``FOUNDRY_HOSTNAME``
(or a full ``base_url=``). Every call sends ``preview=true`` (both endpoints are in preview).
"""

# The named errors carry the spec's errorName values verbatim, without an "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

from typing import Any

import httpx

from foundry_models_client.api.model_studios import launch_model_studio, list_model_studio_runs
from foundry_models_client.models import ListModelStudioRunsResponse, ModelStudioRun
from modelruns._auth import BearerAuth
from modelruns._base import (
    NOT_GIVEN,
    AsyncAPIClient,
    Connection,
    Credential,
    NotGiven,
    SyncAPIClient,
    Timeout,
    default_base_url,
    operation,
    resolve_credentials,
)
from modelruns._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from modelruns._pagination import AsyncPaginator, SyncPaginator
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

_LIST = operation("foundry", list_model_studio_runs, named_errors=NAMED_ERRORS)
_LAUNCH = operation("foundry", launch_model_studio, named_errors=NAMED_ERRORS)
_CREDENTIALS = (Credential("token", ("FOUNDRY_TOKEN",)),)
_PREVIEW = {"preview": True}


def _connection(token: str | None, hostname: str | None, base_url: str | None) -> Connection:
    found = resolve_credentials("modelruns.foundry", {"token": token}, _CREDENTIALS)
    if base_url is None:
        host = resolve_credentials(
            "modelruns.foundry",
            {"hostname": hostname},
            (Credential("hostname", ("FOUNDRY_HOSTNAME",)),),
        )["hostname"]
        base_url = default_base_url("foundry", {"hostname": host})
    auth = BearerAuth(found["token"])
    return Connection("foundry", base_url, auth, auth.secrets(), _PREVIEW)


class Client(SyncAPIClient):
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
    ) -> None:
        connection = _connection(token, hostname, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client)

    def list_model_studio_runs(
        self,
        model_studio_rid: str,
        *,
        config_version: int | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[ModelStudioRun, ListModelStudioRunsResponse]:
        """List the runs of a Model Studio, lazily; ``prefetch=1`` reads the next page ahead."""
        given = {"config_version": config_version, "page_size": page_size, "page_token": page_token}
        return SyncPaginator(
            self,
            _LIST,
            given,
            model_studio_rid,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    def launch_model_studio(
        self,
        model_studio_rid: str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelStudioRun:
        """Launch a run with the latest configuration version."""
        run: ModelStudioRun = self._call(
            _LAUNCH, model_studio_rid, timeout=timeout, max_retries=max_retries
        )
        return run


class AsyncClient(AsyncAPIClient):
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
    ) -> None:
        connection = _connection(token, hostname, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client)

    def list_model_studio_runs(
        self,
        model_studio_rid: str,
        *,
        config_version: int | None = None,
        page_size: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[ModelStudioRun, ListModelStudioRunsResponse]:
        """List the runs of a Model Studio lazily (``async for``); ``prefetch=1`` reads ahead."""
        given = {"config_version": config_version, "page_size": page_size, "page_token": page_token}
        return AsyncPaginator(
            self,
            _LIST,
            given,
            model_studio_rid,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def launch_model_studio(
        self,
        model_studio_rid: str,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelStudioRun:
        """Launch a run with the latest configuration version."""
        run: ModelStudioRun = await self._call(
            _LAUNCH, model_studio_rid, timeout=timeout, max_retries=max_retries
        )
        return run
