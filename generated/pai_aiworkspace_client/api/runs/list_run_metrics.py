from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_run_metrics_response import ListRunMetricsResponse
from ...models.pai_error import PaiError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: str,
    *,
    key: str,
    max_results: int | Unset = 10,
    page_token: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["Key"] = key

    params["MaxResults"] = max_results

    params["PageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/runs/{run_id}/metrics".format(
            run_id=quote(str(run_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListRunMetricsResponse | PaiError | None:
    if response.status_code == 200:
        response_200 = ListRunMetricsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = PaiError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = PaiError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = PaiError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = PaiError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = PaiError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = PaiError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = PaiError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListRunMetricsResponse | PaiError]:
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
    key: str,
    max_results: int | Unset = 10,
    page_token: int | Unset = 0,
) -> Response[ListRunMetricsResponse | PaiError]:
    """List the values of a metric of a run

     Retrieves the logged values of one metric of a run, in step order.

    Args:
        run_id (str):
        key (str):
        max_results (int | Unset):  Default: 10.
        page_token (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListRunMetricsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        key=key,
        max_results=max_results,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    key: str,
    max_results: int | Unset = 10,
    page_token: int | Unset = 0,
) -> ListRunMetricsResponse | PaiError | None:
    """List the values of a metric of a run

     Retrieves the logged values of one metric of a run, in step order.

    Args:
        run_id (str):
        key (str):
        max_results (int | Unset):  Default: 10.
        page_token (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListRunMetricsResponse | PaiError
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        key=key,
        max_results=max_results,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    key: str,
    max_results: int | Unset = 10,
    page_token: int | Unset = 0,
) -> Response[ListRunMetricsResponse | PaiError]:
    """List the values of a metric of a run

     Retrieves the logged values of one metric of a run, in step order.

    Args:
        run_id (str):
        key (str):
        max_results (int | Unset):  Default: 10.
        page_token (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListRunMetricsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        key=key,
        max_results=max_results,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    key: str,
    max_results: int | Unset = 10,
    page_token: int | Unset = 0,
) -> ListRunMetricsResponse | PaiError | None:
    """List the values of a metric of a run

     Retrieves the logged values of one metric of a run, in step order.

    Args:
        run_id (str):
        key (str):
        max_results (int | Unset):  Default: 10.
        page_token (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListRunMetricsResponse | PaiError
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            key=key,
            max_results=max_results,
            page_token=page_token,
        )
    ).parsed
