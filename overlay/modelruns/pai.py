"""Alibaba Cloud PAI AI Workspace runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key_id=``/``access_key_secret=`` or ``ALIBABA_CLOUD_ACCESS_KEY_ID``/
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``; requests are signed with ACS3-HMAC-SHA256. ``region=``
picks the regional endpoint (the spec's default otherwise). ``list_runs`` pages by integer
token, or by page number when ``page_number=``/``page_size=`` is given.
"""

from __future__ import annotations

from typing import Unpack

import httpx

from modelruns._auth import AcsV3Auth
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
from pai_aiworkspace_client.api.runs import list_runs
from pai_aiworkspace_client.models import ListRunsOrder, ListRunsResponse, ListRunsSortBy, Run

__all__ = ["AsyncClient", "Client"]

_LIST = operation("pai", list_runs)
_CREDENTIALS = (
    Credential("access_key_id", ("ALIBABA_CLOUD_ACCESS_KEY_ID",)),
    Credential("access_key_secret", ("ALIBABA_CLOUD_ACCESS_KEY_SECRET",)),
)


def _connection(
    access_key_id: str | None,
    access_key_secret: str | None,
    region: str | None,
    base_url: str | None,
    auth: AcsV3Auth | None,
) -> Connection:
    url = base_url or default_base_url("pai", {"region": region})
    if auth is None:
        found = resolve_credentials(
            "modelruns.pai",
            {"access_key_id": access_key_id, "access_key_secret": access_key_secret},
            _CREDENTIALS,
        )
        auth = AcsV3Auth(found["access_key_id"], found["access_key_secret"])
    return Connection("pai", url, auth, auth.secrets())


class Client(SyncAPIClient):
    """Synchronous PAI client (``auth=`` takes a preconfigured ``AcsV3Auth``, e.g. for tests)."""

    def __init__(
        self,
        *,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        auth: AcsV3Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key_id, access_key_secret, region, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def list_runs(
        self,
        *,
        name: str | None = None,
        workspace_id: str | None = None,
        experiment_id: str | None = None,
        source_type: str | None = None,
        source_id: str | None = None,
        labels: str | None = None,
        verbose: bool | None = None,
        gmt_create_time: str | None = None,
        order_by: str | None = None,
        page_token: int | None = None,
        max_results: int | None = None,
        page_number: int | None = None,
        page_size: int | None = None,
        sort_by: ListRunsSortBy | str | None = None,
        order: ListRunsOrder | str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[Run, ListRunsResponse]:
        """List runs lazily; ``prefetch=N`` fetches page-number pages ahead (token paging: 1)."""
        given = {
            "name": name,
            "workspace_id": workspace_id,
            "experiment_id": experiment_id,
            "source_type": source_type,
            "source_id": source_id,
            "labels": labels,
            "verbose": verbose,
            "gmt_create_time": gmt_create_time,
            "order_by": order_by,
            "page_token": page_token,
            "max_results": max_results,
            "page_number": page_number,
            "page_size": page_size,
            "sort_by": sort_by,
            "order": order,
        }
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
    """Asynchronous PAI client."""

    def __init__(
        self,
        *,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: AcsV3Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key_id, access_key_secret, region, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def list_runs(
        self,
        *,
        name: str | None = None,
        workspace_id: str | None = None,
        experiment_id: str | None = None,
        source_type: str | None = None,
        source_id: str | None = None,
        labels: str | None = None,
        verbose: bool | None = None,
        gmt_create_time: str | None = None,
        order_by: str | None = None,
        page_token: int | None = None,
        max_results: int | None = None,
        page_number: int | None = None,
        page_size: int | None = None,
        sort_by: ListRunsSortBy | str | None = None,
        order: ListRunsOrder | str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[Run, ListRunsResponse]:
        """List runs lazily (``async for``); ``prefetch=N`` fetches ahead (token paging: 1)."""
        given = {
            "name": name,
            "workspace_id": workspace_id,
            "experiment_id": experiment_id,
            "source_type": source_type,
            "source_id": source_id,
            "labels": labels,
            "verbose": verbose,
            "gmt_create_time": gmt_create_time,
            "order_by": order_by,
            "page_token": page_token,
            "max_results": max_results,
            "page_number": page_number,
            "page_size": page_size,
            "sort_by": sort_by,
            "order": order,
        }
        return AsyncPaginator(
            self,
            _LIST,
            given,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )
