from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.experiment import Experiment
from ...models.foundry_error import FoundryError
from ...types import UNSET, Response


def _get_kwargs(
    model_rid: str,
    experiment_rid: str,
    *,
    preview: bool,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["preview"] = preview

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/models/{model_rid}/experiments/{experiment_rid}".format(
            model_rid=quote(str(model_rid), safe=""),
            experiment_rid=quote(str(experiment_rid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Experiment | FoundryError | None:
    if response.status_code == 200:
        response_200 = Experiment.from_dict(response.json())

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
) -> Response[Experiment | FoundryError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_rid: str,
    experiment_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[Experiment | FoundryError]:
    """Get Experiment

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve a single experiment with all metadata, parameters, series metadata, and summary metrics. A
    Model Studio run's experiment is its `resolvedOutputs.<alias>.experimentRid`, under that output's
    `modelRid`.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Experiment | FoundryError]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        preview=preview,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_rid: str,
    experiment_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Experiment | FoundryError | None:
    """Get Experiment

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve a single experiment with all metadata, parameters, series metadata, and summary metrics. A
    Model Studio run's experiment is its `resolvedOutputs.<alias>.experimentRid`, under that output's
    `modelRid`.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Experiment | FoundryError
    """

    return sync_detailed(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        client=client,
        preview=preview,
    ).parsed


async def asyncio_detailed(
    model_rid: str,
    experiment_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[Experiment | FoundryError]:
    """Get Experiment

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve a single experiment with all metadata, parameters, series metadata, and summary metrics. A
    Model Studio run's experiment is its `resolvedOutputs.<alias>.experimentRid`, under that output's
    `modelRid`.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Experiment | FoundryError]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        preview=preview,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_rid: str,
    experiment_rid: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Experiment | FoundryError | None:
    """Get Experiment

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve a single experiment with all metadata, parameters, series metadata, and summary metrics. A
    Model Studio run's experiment is its `resolvedOutputs.<alias>.experimentRid`, under that output's
    `modelRid`.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Experiment | FoundryError
    """

    return (
        await asyncio_detailed(
            model_rid=model_rid,
            experiment_rid=experiment_rid,
            client=client,
            preview=preview,
        )
    ).parsed
