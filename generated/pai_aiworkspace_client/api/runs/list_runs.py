from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_runs_order import ListRunsOrder
from ...models.list_runs_response import ListRunsResponse
from ...models.list_runs_sort_by import ListRunsSortBy
from ...models.pai_error import PaiError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    name: str | Unset = UNSET,
    workspace_id: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    source_type: str | Unset = UNSET,
    source_id: str | Unset = UNSET,
    labels: str | Unset = UNSET,
    verbose: bool | Unset = False,
    gmt_create_time: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    page_token: int | Unset = 0,
    max_results: int | Unset = 10,
    page_number: int | Unset = 1,
    page_size: int | Unset = UNSET,
    sort_by: ListRunsSortBy | Unset = UNSET,
    order: ListRunsOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["Name"] = name

    params["WorkspaceId"] = workspace_id

    params["ExperimentId"] = experiment_id

    params["SourceType"] = source_type

    params["SourceId"] = source_id

    params["Labels"] = labels

    params["Verbose"] = verbose

    params["GmtCreateTime"] = gmt_create_time

    params["OrderBy"] = order_by

    params["PageToken"] = page_token

    params["MaxResults"] = max_results

    params["PageNumber"] = page_number

    params["PageSize"] = page_size

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["SortBy"] = json_sort_by

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["Order"] = json_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/runs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListRunsResponse | PaiError | None:
    if response.status_code == 200:
        response_200 = ListRunsResponse.from_dict(response.json())

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
) -> Response[ListRunsResponse | PaiError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str | Unset = UNSET,
    workspace_id: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    source_type: str | Unset = UNSET,
    source_id: str | Unset = UNSET,
    labels: str | Unset = UNSET,
    verbose: bool | Unset = False,
    gmt_create_time: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    page_token: int | Unset = 0,
    max_results: int | Unset = 10,
    page_number: int | Unset = 1,
    page_size: int | Unset = UNSET,
    sort_by: ListRunsSortBy | Unset = UNSET,
    order: ListRunsOrder | Unset = UNSET,
) -> Response[ListRunsResponse | PaiError]:
    """List runs

     Retrieves a list of runs.

    Args:
        name (str | Unset):
        workspace_id (str | Unset):
        experiment_id (str | Unset):
        source_type (str | Unset):
        source_id (str | Unset):
        labels (str | Unset):
        verbose (bool | Unset):  Default: False.
        gmt_create_time (str | Unset):
        order_by (str | Unset):
        page_token (int | Unset):  Default: 0.
        max_results (int | Unset):  Default: 10.
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):
        sort_by (ListRunsSortBy | Unset):
        order (ListRunsOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListRunsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        name=name,
        workspace_id=workspace_id,
        experiment_id=experiment_id,
        source_type=source_type,
        source_id=source_id,
        labels=labels,
        verbose=verbose,
        gmt_create_time=gmt_create_time,
        order_by=order_by,
        page_token=page_token,
        max_results=max_results,
        page_number=page_number,
        page_size=page_size,
        sort_by=sort_by,
        order=order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: str | Unset = UNSET,
    workspace_id: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    source_type: str | Unset = UNSET,
    source_id: str | Unset = UNSET,
    labels: str | Unset = UNSET,
    verbose: bool | Unset = False,
    gmt_create_time: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    page_token: int | Unset = 0,
    max_results: int | Unset = 10,
    page_number: int | Unset = 1,
    page_size: int | Unset = UNSET,
    sort_by: ListRunsSortBy | Unset = UNSET,
    order: ListRunsOrder | Unset = UNSET,
) -> ListRunsResponse | PaiError | None:
    """List runs

     Retrieves a list of runs.

    Args:
        name (str | Unset):
        workspace_id (str | Unset):
        experiment_id (str | Unset):
        source_type (str | Unset):
        source_id (str | Unset):
        labels (str | Unset):
        verbose (bool | Unset):  Default: False.
        gmt_create_time (str | Unset):
        order_by (str | Unset):
        page_token (int | Unset):  Default: 0.
        max_results (int | Unset):  Default: 10.
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):
        sort_by (ListRunsSortBy | Unset):
        order (ListRunsOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListRunsResponse | PaiError
    """

    return sync_detailed(
        client=client,
        name=name,
        workspace_id=workspace_id,
        experiment_id=experiment_id,
        source_type=source_type,
        source_id=source_id,
        labels=labels,
        verbose=verbose,
        gmt_create_time=gmt_create_time,
        order_by=order_by,
        page_token=page_token,
        max_results=max_results,
        page_number=page_number,
        page_size=page_size,
        sort_by=sort_by,
        order=order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str | Unset = UNSET,
    workspace_id: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    source_type: str | Unset = UNSET,
    source_id: str | Unset = UNSET,
    labels: str | Unset = UNSET,
    verbose: bool | Unset = False,
    gmt_create_time: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    page_token: int | Unset = 0,
    max_results: int | Unset = 10,
    page_number: int | Unset = 1,
    page_size: int | Unset = UNSET,
    sort_by: ListRunsSortBy | Unset = UNSET,
    order: ListRunsOrder | Unset = UNSET,
) -> Response[ListRunsResponse | PaiError]:
    """List runs

     Retrieves a list of runs.

    Args:
        name (str | Unset):
        workspace_id (str | Unset):
        experiment_id (str | Unset):
        source_type (str | Unset):
        source_id (str | Unset):
        labels (str | Unset):
        verbose (bool | Unset):  Default: False.
        gmt_create_time (str | Unset):
        order_by (str | Unset):
        page_token (int | Unset):  Default: 0.
        max_results (int | Unset):  Default: 10.
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):
        sort_by (ListRunsSortBy | Unset):
        order (ListRunsOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListRunsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        name=name,
        workspace_id=workspace_id,
        experiment_id=experiment_id,
        source_type=source_type,
        source_id=source_id,
        labels=labels,
        verbose=verbose,
        gmt_create_time=gmt_create_time,
        order_by=order_by,
        page_token=page_token,
        max_results=max_results,
        page_number=page_number,
        page_size=page_size,
        sort_by=sort_by,
        order=order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: str | Unset = UNSET,
    workspace_id: str | Unset = UNSET,
    experiment_id: str | Unset = UNSET,
    source_type: str | Unset = UNSET,
    source_id: str | Unset = UNSET,
    labels: str | Unset = UNSET,
    verbose: bool | Unset = False,
    gmt_create_time: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    page_token: int | Unset = 0,
    max_results: int | Unset = 10,
    page_number: int | Unset = 1,
    page_size: int | Unset = UNSET,
    sort_by: ListRunsSortBy | Unset = UNSET,
    order: ListRunsOrder | Unset = UNSET,
) -> ListRunsResponse | PaiError | None:
    """List runs

     Retrieves a list of runs.

    Args:
        name (str | Unset):
        workspace_id (str | Unset):
        experiment_id (str | Unset):
        source_type (str | Unset):
        source_id (str | Unset):
        labels (str | Unset):
        verbose (bool | Unset):  Default: False.
        gmt_create_time (str | Unset):
        order_by (str | Unset):
        page_token (int | Unset):  Default: 0.
        max_results (int | Unset):  Default: 10.
        page_number (int | Unset):  Default: 1.
        page_size (int | Unset):
        sort_by (ListRunsSortBy | Unset):
        order (ListRunsOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListRunsResponse | PaiError
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
            workspace_id=workspace_id,
            experiment_id=experiment_id,
            source_type=source_type,
            source_id=source_id,
            labels=labels,
            verbose=verbose,
            gmt_create_time=gmt_create_time,
            order_by=order_by,
            page_token=page_token,
            max_results=max_results,
            page_number=page_number,
            page_size=page_size,
            sort_by=sort_by,
            order=order,
        )
    ).parsed
