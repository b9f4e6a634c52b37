from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_platform_error import DataPlatformError
from ...models.list_model_test_results_response import ListModelTestResultsResponse
from ...types import Response


def _get_kwargs(
    run_id: str,
    step_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/model-runs/{run_id}/steps/{step_id}/test-results".format(
            run_id=quote(str(run_id), safe=""),
            step_id=quote(str(step_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPlatformError | ListModelTestResultsResponse | None:
    if response.status_code == 200:
        response_200 = ListModelTestResultsResponse.from_dict(response.json())

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
) -> Response[DataPlatformError | ListModelTestResultsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPlatformError | ListModelTestResultsResponse]:
    """List model test results

     Returns all test results for a specific step of a model run, in one response (the reference declares
    no paging parameters).

    Args:
        run_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelTestResultsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        step_id=step_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ListModelTestResultsResponse | None:
    """List model test results

     Returns all test results for a specific step of a model run, in one response (the reference declares
    no paging parameters).

    Args:
        run_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelTestResultsResponse
    """

    return sync_detailed(
        run_id=run_id,
        step_id=step_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPlatformError | ListModelTestResultsResponse]:
    """List model test results

     Returns all test results for a specific step of a model run, in one response (the reference declares
    no paging parameters).

    Args:
        run_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ListModelTestResultsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        step_id=step_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ListModelTestResultsResponse | None:
    """List model test results

     Returns all test results for a specific step of a model run, in one response (the reference declares
    no paging parameters).

    Args:
        run_id (str):
        step_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ListModelTestResultsResponse
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            step_id=step_id,
            client=client,
        )
    ).parsed
