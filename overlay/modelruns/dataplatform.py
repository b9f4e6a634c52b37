"""DuckDB Data Platform model runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` (``DATAPLATFORM_TOKEN``, sent as a bearer JWT) or ``api_key=``
(``DATAPLATFORM_API_KEY``, sent as ``X-API-Key``); either one is enough.
"""

from __future__ import annotations

from typing import Any, Unpack
from uuid import UUID

import httpx

from dataplatform_models_client.api.model_runs import (
    cancel_model_run,
    get_model_run,
    list_model_run_steps,
    list_model_runs,
    list_model_test_results,
    trigger_model_run,
)
from dataplatform_models_client.models import (
    ListModelRunsResponse,
    ListModelRunStepsResponse,
    ListModelTestResultsResponse,
    ModelRun,
    ModelRunStatus,
    ModelRunStep,
    ModelTestResult,
    TriggerModelRunRequest,
)
from dataplatform_models_client.types import UNSET
from modelruns._auth import ApiKeyAuth, BearerAuth
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

_LIST = operation("dataplatform", list_model_runs)
_TRIGGER = operation("dataplatform", trigger_model_run)
_GET = operation("dataplatform", get_model_run)
_CANCEL = operation("dataplatform", cancel_model_run)
_STEPS = operation("dataplatform", list_model_run_steps)
_TESTS = operation("dataplatform", list_model_test_results)
_CREDENTIALS = (
    Credential("token", ("DATAPLATFORM_TOKEN",)),
    Credential("api_key", ("DATAPLATFORM_API_KEY",)),
)


def _connection(
    token: str | None, api_key: str | None, host: str | None, base_url: str | None
) -> Connection:
    found = resolve_credentials(
        "modelruns.dataplatform", {"token": token, "api_key": api_key}, _CREDENTIALS, any_of=True
    )
    url = base_url or default_base_url("dataplatform", {"host": host})
    if "token" in found:
        return Connection("dataplatform", url, BearerAuth(found["token"]), (found["token"],))
    return Connection("dataplatform", url, ApiKeyAuth(found["api_key"]), (found["api_key"],))


def _body(body: TriggerModelRunRequest | None, fields: dict[str, Any]) -> TriggerModelRunRequest:
    """The request model, given whole or built from keyword arguments."""
    given = {key: value for key, value in fields.items() if value is not None}
    if body is not None:
        if given:
            raise TypeError("pass either a TriggerModelRunRequest or keyword fields, not both")
        return body
    if "project_name" not in given:
        raise TypeError("trigger_model_run() needs project_name= (or a TriggerModelRunRequest)")
    return TriggerModelRunRequest(**{k: given.get(k, UNSET) for k in fields if k in given})


class Client(SyncAPIClient):
    """Synchronous Data Platform client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        host: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, api_key, host, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def list_model_runs(
        self,
        *,
        status: ModelRunStatus | str | None = None,
        max_results: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[ModelRun, ListModelRunsResponse]:
        """List model runs lazily, optionally filtered by status; ``prefetch=1`` reads ahead."""
        given = {"status": status, "max_results": max_results, "page_token": page_token}
        return SyncPaginator(
            self,
            _LIST,
            given,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    def trigger_model_run(
        self,
        body: TriggerModelRunRequest | None = None,
        *,
        project_name: str | None = None,
        model_names: list[str] | None = None,
        target_catalog: str | None = None,
        target_schema: str | None = None,
        full_refresh: bool | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Trigger a run of a project's models (the body as a model or as keywords)."""
        request = _body(
            body,
            {
                "project_name": project_name,
                "model_names": model_names,
                "target_catalog": target_catalog,
                "target_schema": target_schema,
                "full_refresh": full_refresh,
            },
        )
        run: ModelRun = self._call(_TRIGGER, body=request, timeout=timeout, max_retries=max_retries)
        return run

    def get_model_run(
        self,
        run_id: str | UUID,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Get one model run."""
        run: ModelRun = self._call(_GET, run_id, timeout=timeout, max_retries=max_retries)
        return run

    def cancel_model_run(
        self,
        run_id: str | UUID,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Cancel a pending or running model run."""
        run: ModelRun = self._call(_CANCEL, run_id, timeout=timeout, max_retries=max_retries)
        return run

    def list_model_run_steps(
        self,
        run_id: str | UUID,
        *,
        max_results: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[ModelRunStep, ListModelRunStepsResponse]:
        """List the steps of a model run lazily; ``prefetch=1`` reads the next page ahead."""
        given = {"max_results": max_results, "page_token": page_token}
        return SyncPaginator(
            self,
            _STEPS,
            given,
            run_id,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    def list_model_test_results(
        self,
        run_id: str | UUID,
        step_id: str | UUID,
        *,
        limit: int | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> SyncPaginator[ModelTestResult, ListModelTestResultsResponse]:
        """The test results of one step, lazily (the spec's single-page style: one request)."""
        return SyncPaginator(
            self, _TESTS, {}, run_id, step_id, limit=limit, timeout=timeout, max_retries=max_retries
        )


class AsyncClient(AsyncAPIClient):
    """Asynchronous Data Platform client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        host: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, api_key, host, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)

    def list_model_runs(
        self,
        *,
        status: ModelRunStatus | str | None = None,
        max_results: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[ModelRun, ListModelRunsResponse]:
        """List model runs lazily (``async for``), by status; ``prefetch=1`` reads ahead."""
        given = {"status": status, "max_results": max_results, "page_token": page_token}
        return AsyncPaginator(
            self,
            _LIST,
            given,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    async def trigger_model_run(
        self,
        body: TriggerModelRunRequest | None = None,
        *,
        project_name: str | None = None,
        model_names: list[str] | None = None,
        target_catalog: str | None = None,
        target_schema: str | None = None,
        full_refresh: bool | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Trigger a run of a project's models (the body as a model or as keywords)."""
        request = _body(
            body,
            {
                "project_name": project_name,
                "model_names": model_names,
                "target_catalog": target_catalog,
                "target_schema": target_schema,
                "full_refresh": full_refresh,
            },
        )
        run: ModelRun = await self._call(
            _TRIGGER, body=request, timeout=timeout, max_retries=max_retries
        )
        return run

    async def get_model_run(
        self,
        run_id: str | UUID,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Get one model run."""
        run: ModelRun = await self._call(_GET, run_id, timeout=timeout, max_retries=max_retries)
        return run

    async def cancel_model_run(
        self,
        run_id: str | UUID,
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> ModelRun:
        """Cancel a pending or running model run."""
        run: ModelRun = await self._call(_CANCEL, run_id, timeout=timeout, max_retries=max_retries)
        return run

    def list_model_run_steps(
        self,
        run_id: str | UUID,
        *,
        max_results: int | None = None,
        page_token: str | None = None,
        limit: int | None = None,
        prefetch: int = 0,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[ModelRunStep, ListModelRunStepsResponse]:
        """List the steps of a model run lazily (``async for``); ``prefetch=1`` reads ahead."""
        given = {"max_results": max_results, "page_token": page_token}
        return AsyncPaginator(
            self,
            _STEPS,
            given,
            run_id,
            limit=limit,
            prefetch=prefetch,
            timeout=timeout,
            max_retries=max_retries,
        )

    def list_model_test_results(
        self,
        run_id: str | UUID,
        step_id: str | UUID,
        *,
        limit: int | None = None,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> AsyncPaginator[ModelTestResult, ListModelTestResultsResponse]:
        """The test results of one step, lazily (``async for``; one request)."""
        return AsyncPaginator(
            self, _TESTS, {}, run_id, step_id, limit=limit, timeout=timeout, max_retries=max_retries
        )
