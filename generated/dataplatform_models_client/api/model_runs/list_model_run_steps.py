from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_platform_error import DataPlatformError
from ...models.list_model_run_steps_response import ListModelRunStepsResponse
from ...types import Response


def _get_kwargs(
    run_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/model-runs/{run_id}/steps".format(
            run_id=quote(str(run_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPlatformError | ListModelRunStepsResponse | None:
    if response.status_code == 200:
        response_200 = ListModelRunStepsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = DataPlatformError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DataPlatformError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = DataPlatformError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = DataPlatformError.from_dict(response.json())

        return response_404

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
) -> Response[DataPlatformError | ListModelRunStepsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPlatformError | ListModelRunStepsResponse]:
    """List model run steps

     Returns every model execution step of a model run in one response, in execution order. The server
    takes no paging parameters here and never sends `next_page_token`: the handler answers the
    repository's whole list with `data` alone (internal/api/handler_models.go:302-321;
    internal/db/repository/model_run.go:144-156 and internal/db/queries/models.sql:73-74, no LIMIT),
    although the upstream's schema declares the token (internal/api/schemas/models.yaml:498-500). A run
    with more steps than a page of runs still answers them all.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelRunStepsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ListModelRunStepsResponse | None:
    """List model run steps

     Returns every model execution step of a model run in one response, in execution order. The server
    takes no paging parameters here and never sends `next_page_token`: the handler answers the
    repository's whole list with `data` alone (internal/api/handler_models.go:302-321;
    internal/db/repository/model_run.go:144-156 and internal/db/queries/models.sql:73-74, no LIMIT),
    although the upstream's schema declares the token (internal/api/schemas/models.yaml:498-500). A run
    with more steps than a page of runs still answers them all.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelRunStepsResponse
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPlatformError | ListModelRunStepsResponse]:
    """List model run steps

     Returns every model execution step of a model run in one response, in execution order. The server
    takes no paging parameters here and never sends `next_page_token`: the handler answers the
    repository's whole list with `data` alone (internal/api/handler_models.go:302-321;
    internal/db/repository/model_run.go:144-156 and internal/db/queries/models.sql:73-74, no LIMIT),
    although the upstream's schema declares the token (internal/api/schemas/models.yaml:498-500). A run
    with more steps than a page of runs still answers them all.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelRunStepsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ListModelRunStepsResponse | None:
    """List model run steps

     Returns every model execution step of a model run in one response, in execution order. The server
    takes no paging parameters here and never sends `next_page_token`: the handler answers the
    repository's whole list with `data` alone (internal/api/handler_models.go:302-321;
    internal/db/repository/model_run.go:144-156 and internal/db/queries/models.sql:73-74, no LIMIT),
    although the upstream's schema declares the token (internal/api/schemas/models.yaml:498-500). A run
    with more steps than a page of runs still answers them all.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelRunStepsResponse
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
        )
    ).parsed
