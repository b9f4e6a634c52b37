from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_platform_error import DataPlatformError
from ...models.list_model_runs_response import ListModelRunsResponse
from ...models.model_run_status import ModelRunStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ModelRunStatus | Unset = UNSET,
    max_results: int | Unset = 100,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["max_results"] = max_results

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/model-runs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPlatformError | ListModelRunsResponse | None:
    if response.status_code == 200:
        response_200 = ListModelRunsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = DataPlatformError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DataPlatformError.from_dict(response.json())

        return response_401

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
) -> Response[DataPlatformError | ListModelRunsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ModelRunStatus | Unset = UNSET,
    max_results: int | Unset = 100,
    page_token: str | Unset = UNSET,
) -> Response[DataPlatformError | ListModelRunsResponse]:
    """List model runs

     Returns a paginated list of model runs, optionally filtered by status. Send `page_token` set to the
    previous page's `next_page_token` until `next_page_token` is absent (the last page).

    Args:
        status (ModelRunStatus | Unset): Status of a model run.
        max_results (int | Unset):  Default: 100.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelRunsResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        max_results=max_results,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: ModelRunStatus | Unset = UNSET,
    max_results: int | Unset = 100,
    page_token: str | Unset = UNSET,
) -> DataPlatformError | ListModelRunsResponse | None:
    """List model runs

     Returns a paginated list of model runs, optionally filtered by status. Send `page_token` set to the
    previous page's `next_page_token` until `next_page_token` is absent (the last page).

    Args:
        status (ModelRunStatus | Unset): Status of a model run.
        max_results (int | Unset):  Default: 100.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelRunsResponse
    """

    return sync_detailed(
        client=client,
        status=status,
        max_results=max_results,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: ModelRunStatus | Unset = UNSET,
    max_results: int | Unset = 100,
    page_token: str | Unset = UNSET,
) -> Response[DataPlatformError | ListModelRunsResponse]:
    """List model runs

     Returns a paginated list of model runs, optionally filtered by status. Send `page_token` set to the
    previous page's `next_page_token` until `next_page_token` is absent (the last page).

    Args:
        status (ModelRunStatus | Unset): Status of a model run.
        max_results (int | Unset):  Default: 100.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelRunsResponse]
    """

    kwargs = _get_kwargs(
        status=status,
        max_results=max_results,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: ModelRunStatus | Unset = UNSET,
    max_results: int | Unset = 100,
    page_token: str | Unset = UNSET,
) -> DataPlatformError | ListModelRunsResponse | None:
    """List model runs

     Returns a paginated list of model runs, optionally filtered by status. Send `page_token` set to the
    previous page's `next_page_token` until `next_page_token` is absent (the last page).

    Args:
        status (ModelRunStatus | Unset): Status of a model run.
        max_results (int | Unset):  Default: 100.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelRunsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            max_results=max_results,
            page_token=page_token,
        )
    ).parsed
