from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.list_model_studio_trainers_response import (
    ListModelStudioTrainersResponse,
)
from ...types import UNSET, Response


def _get_kwargs(
    *,
    preview: bool,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["preview"] = preview

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/models/modelStudioTrainers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoundryError | ListModelStudioTrainersResponse | None:
    if response.status_code == 200:
        response_200 = ListModelStudioTrainersResponse.from_dict(response.json())

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
) -> Response[FoundryError | ListModelStudioTrainersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[FoundryError | ListModelStudioTrainersResponse]:
    """List Model Studio Trainers

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Lists all available trainers for Model Studios, in one answer (no paging parameters).

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | ListModelStudioTrainersResponse]
    """

    kwargs = _get_kwargs(
        preview=preview,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> FoundryError | ListModelStudioTrainersResponse | None:
    """List Model Studio Trainers

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Lists all available trainers for Model Studios, in one answer (no paging parameters).

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | ListModelStudioTrainersResponse
    """

    return sync_detailed(
        client=client,
        preview=preview,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[FoundryError | ListModelStudioTrainersResponse]:
    """List Model Studio Trainers

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Lists all available trainers for Model Studios, in one answer (no paging parameters).

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | ListModelStudioTrainersResponse]
    """

    kwargs = _get_kwargs(
        preview=preview,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> FoundryError | ListModelStudioTrainersResponse | None:
    """List Model Studio Trainers

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Lists all available trainers for Model Studios, in one answer (no paging parameters).

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | ListModelStudioTrainersResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            preview=preview,
        )
    ).parsed
