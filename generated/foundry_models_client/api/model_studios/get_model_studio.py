from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.model_studio import ModelStudio
from ...types import UNSET, Response


def _get_kwargs(
    model_studio_rid: str,
    *,
    preview: bool,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["preview"] = preview

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/models/modelStudios/{model_studio_rid}".format(
            model_studio_rid=quote(str(model_studio_rid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FoundryError | ModelStudio | None:
    if response.status_code == 200:
        response_200 = ModelStudio.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = FoundryError.from_dict(response.json())

        return response_404

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
) -> Response[FoundryError | ModelStudio]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_studio_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[FoundryError | ModelStudio]:
    """Get Model Studio

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Gets details about a Model Studio by its RID.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_studio_rid (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | ModelStudio]
    """

    kwargs = _get_kwargs(
        model_studio_rid=model_studio_rid,
        preview=preview,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_studio_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> FoundryError | ModelStudio | None:
    """Get Model Studio

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Gets details about a Model Studio by its RID.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_studio_rid (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | ModelStudio
    """

    return sync_detailed(
        model_studio_rid=model_studio_rid,
        client=client,
        preview=preview,
    ).parsed


async def asyncio_detailed(
    model_studio_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[FoundryError | ModelStudio]:
    """Get Model Studio

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Gets details about a Model Studio by its RID.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_studio_rid (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FoundryError | ModelStudio]
    """

    kwargs = _get_kwargs(
        model_studio_rid=model_studio_rid,
        preview=preview,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_studio_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> FoundryError | ModelStudio | None:
    """Get Model Studio

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Gets details about a Model Studio by its RID.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_studio_rid (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FoundryError | ModelStudio
    """

    return (
        await asyncio_detailed(
            model_studio_rid=model_studio_rid,
            client=client,
            preview=preview,
        )
    ).parsed
