"""NAVER Cloud CLOVA NSML runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key=``/``secret_key=``/``api_key=`` or ``NCP_ACCESS_KEY``/
``NCP_SECRET_KEY``/``NCP_APIGW_API_KEY``; requests carry the API Gateway signature v2.
"""

from __future__ import annotations

from typing import Unpack

import httpx

from clova_nsml_client.api.runs import get_run_list
from clova_nsml_client.models import NsmlRun, RunListResponse
from modelruns._auth import NcpSignatureV2Auth
from modelruns._base import (
    NOT_GIVEN,
    AsyncAPIClient,
    ClientOptions,
    Connection,
    Credential,
    NotGiven,
    SyncAPIClient,
    Timeout,
    default_base_url,
    operation,
    resolve_credentials,
)
from modelruns._pagination import AsyncPaginator, SyncPaginator
from modelruns._retry import RetryPolicy

__all__ = ["AsyncClient", "Client"]

_LIST = operation("nsml", get_run_list)
_CREDENTIALS = (
    Credential("access_key", ("NCP_ACCESS_KEY",)),
    Credential("secret_key", ("NCP_SECRET_KEY",)),
    Credential("api_key", ("NCP_APIGW_API_KEY",)),
)


def _connection(
    access_key: str | None,
    secret_key: str | None,
    api_key: str | None,
    base_url: str | None,
    auth: NcpSignatureV2Auth | None,
) -> Connection:
    url = base_url or default_base_url("nsml", {})
    if auth is None:
        found = resolve_credentials(
            "modelruns.nsml",
            {"access_key": access_key, "secret_key": secret_key, "api_key": api_key},
            _CREDENTIALS,
        )
        auth = NcpSignatureV2Auth(found["access_key"], found["secret_key"], found["api_key"])
    return Connection("nsml", url, auth, auth.secrets())


class Client(SyncAPIClient):
    """Synchronous NSML client (``auth=`` takes a preconfigured ``NcpSignatureV2Auth``)."""

    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        auth: NcpSignatureV2Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key, secret_key, api_key, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def get_run_list(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[NsmlRun, RunListResponse]:
        """List runs lazily; ``page=`` resumes, ``prefetch=N`` fetches pages ahead in threads."""
        given = {"page": page, "page_size": page_size}
        return SyncPaginator(
            self,
            _LIST,
            given,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )


class AsyncClient(AsyncAPIClient):
    """Asynchronous NSML client."""

    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: NcpSignatureV2Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key, secret_key, api_key, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def get_run_list(
        self,
        *,
        page: int | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[NsmlRun, RunListResponse]:
        """List runs lazily (``async for``); ``prefetch=N`` runs page fetches as tasks."""
        given = {"page": page, "page_size": page_size}
        return AsyncPaginator(
            self,
            _LIST,
            given,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )
