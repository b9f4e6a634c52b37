from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.search_experiments_request import SearchExperimentsRequest
from ...models.search_experiments_response import SearchExperimentsResponse
from ...types import UNSET, Response


def _get_kwargs(
    model_rid: str,
    *,
    body: SearchExperimentsRequest,
    preview: bool,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["preview"] = preview

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/models/{model_rid}/experiments/search".format(
            model_rid=quote(str(model_rid), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoundryError | SearchExperimentsResponse | None:
    if response.status_code == 200:
        response_200 = SearchExperimentsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = FoundryError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = FoundryError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = FoundryError.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = FoundryError.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = FoundryError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[FoundryError | SearchExperimentsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_rid: str,
    *,
    client: AuthenticatedClient | Client,
    body: SearchExperimentsRequest,
    preview: bool,
) -> Response[FoundryError | SearchExperimentsResponse]:
    """Search Experiments

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Search experiments using complex nested queries on experiment metadata, parameters, series, and
    summary metrics. Supports AND/OR/NOT combinations and various predicates. Returns a maximum of 100
    results per page. A POST that changes nothing: the filter travels in the body, and so do the page
    size and token.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        preview (bool):
        body (SearchExperimentsRequest): A search: the filter (all of the model's experiments
            without one), the order, and the page (size and token travel in the body, not the query).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | SearchExperimentsResponse]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        body=body,
        preview=preview,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_rid: str,
    *,
    client: AuthenticatedClient | Client,
    body: SearchExperimentsRequest,
    preview: bool,
) -> FoundryError | SearchExperimentsResponse | None:
    """Search Experiments

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Search experiments using complex nested queries on experiment metadata, parameters, series, and
    summary metrics. Supports AND/OR/NOT combinations and various predicates. Returns a maximum of 100
    results per page. A POST that changes nothing: the filter travels in the body, and so do the page
    size and token.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        preview (bool):
        body (SearchExperimentsRequest): A search: the filter (all of the model's experiments
            without one), the order, and the page (size and token travel in the body, not the query).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | SearchExperimentsResponse
    """

    return sync_detailed(
        model_rid=model_rid,
        client=client,
        body=body,
        preview=preview,
    ).parsed


async def asyncio_detailed(
    model_rid: str,
    *,
    client: AuthenticatedClient | Client,
    body: SearchExperimentsRequest,
    preview: bool,
) -> Response[FoundryError | SearchExperimentsResponse]:
    """Search Experiments

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Search experiments using complex nested queries on experiment metadata, parameters, series, and
    summary metrics. Supports AND/OR/NOT combinations and various predicates. Returns a maximum of 100
    results per page. A POST that changes nothing: the filter travels in the body, and so do the page
    size and token.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        preview (bool):
        body (SearchExperimentsRequest): A search: the filter (all of the model's experiments
            without one), the order, and the page (size and token travel in the body, not the query).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | SearchExperimentsResponse]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        body=body,
        preview=preview,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_rid: str,
    *,
    client: AuthenticatedClient | Client,
    body: SearchExperimentsRequest,
    preview: bool,
) -> FoundryError | SearchExperimentsResponse | None:
    """Search Experiments

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Search experiments using complex nested queries on experiment metadata, parameters, series, and
    summary metrics. Supports AND/OR/NOT combinations and various predicates. Returns a maximum of 100
    results per page. A POST that changes nothing: the filter travels in the body, and so do the page
    size and token.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        preview (bool):
        body (SearchExperimentsRequest): A search: the filter (all of the model's experiments
            without one), the order, and the page (size and token travel in the body, not the query).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | SearchExperimentsResponse
    """

    return (
        await asyncio_detailed(
            model_rid=model_rid,
            client=client,
            body=body,
            preview=preview,
        )
    ).parsed
