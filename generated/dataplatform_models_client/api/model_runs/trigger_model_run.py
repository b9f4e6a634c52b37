from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_platform_error import DataPlatformError
from ...models.model_run import ModelRun
from ...models.trigger_model_run_request import TriggerModelRunRequest
from ...types import Response


def _get_kwargs(
    *,
    body: TriggerModelRunRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/model-runs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPlatformError | ModelRun | None:
    if response.status_code == 201:
        response_201 = ModelRun.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = DataPlatformError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DataPlatformError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = DataPlatformError.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = DataPlatformError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = DataPlatformError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = DataPlatformError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DataPlatformError | ModelRun]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TriggerModelRunRequest,
) -> Response[DataPlatformError | ModelRun]:
    """Trigger model run

     Manually triggers a new model run for a project (all of its models, or the named ones). The run is
    created in status `PENDING`. Answers 409 when the run conflicts with the current state (for example
    a run of the same project already in progress).

    Args:
        body (TriggerModelRunRequest): Request payload for triggering a model run. The
            documentation marks `project_name` required and closes the object; the server requires
            neither: its JSON decoder ignores unknown fields, `target_schema` defaults to
            `project_name`, and only a request with neither is refused (400 `target_schema is
            required`, internal/api/handler_models.go:215-232, internal/domain/model.go:224-232). The
            body must name at least one of the two (this spec's `x-modelruns-refusals` on
            triggerModelRun: the generator cannot express the rule as `anyOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ModelRun]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TriggerModelRunRequest,
) -> DataPlatformError | ModelRun | None:
    """Trigger model run

     Manually triggers a new model run for a project (all of its models, or the named ones). The run is
    created in status `PENDING`. Answers 409 when the run conflicts with the current state (for example
    a run of the same project already in progress).

    Args:
        body (TriggerModelRunRequest): Request payload for triggering a model run. The
            documentation marks `project_name` required and closes the object; the server requires
            neither: its JSON decoder ignores unknown fields, `target_schema` defaults to
            `project_name`, and only a request with neither is refused (400 `target_schema is
            required`, internal/api/handler_models.go:215-232, internal/domain/model.go:224-232). The
            body must name at least one of the two (this spec's `x-modelruns-refusals` on
            triggerModelRun: the generator cannot express the rule as `anyOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ModelRun
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TriggerModelRunRequest,
) -> Response[DataPlatformError | ModelRun]:
    """Trigger model run

     Manually triggers a new model run for a project (all of its models, or the named ones). The run is
    created in status `PENDING`. Answers 409 when the run conflicts with the current state (for example
    a run of the same project already in progress).

    Args:
        body (TriggerModelRunRequest): Request payload for triggering a model run. The
            documentation marks `project_name` required and closes the object; the server requires
            neither: its JSON decoder ignores unknown fields, `target_schema` defaults to
            `project_name`, and only a request with neither is refused (400 `target_schema is
            required`, internal/api/handler_models.go:215-232, internal/domain/model.go:224-232). The
            body must name at least one of the two (this spec's `x-modelruns-refusals` on
            triggerModelRun: the generator cannot express the rule as `anyOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ModelRun]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TriggerModelRunRequest,
) -> DataPlatformError | ModelRun | None:
    """Trigger model run

     Manually triggers a new model run for a project (all of its models, or the named ones). The run is
    created in status `PENDING`. Answers 409 when the run conflicts with the current state (for example
    a run of the same project already in progress).

    Args:
        body (TriggerModelRunRequest): Request payload for triggering a model run. The
            documentation marks `project_name` required and closes the object; the server requires
            neither: its JSON decoder ignores unknown fields, `target_schema` defaults to
            `project_name`, and only a request with neither is refused (400 `target_schema is
            required`, internal/api/handler_models.go:215-232, internal/domain/model.go:224-232). The
            body must name at least one of the two (this spec's `x-modelruns-refusals` on
            triggerModelRun: the generator cannot express the rule as `anyOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ModelRun
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
