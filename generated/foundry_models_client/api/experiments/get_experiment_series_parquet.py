from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...types import UNSET, File, Response


def _get_kwargs(
    model_rid: str,
    experiment_rid: str,
    experiment_series_name: str,
    *,
    preview: bool,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["preview"] = preview

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/models/{model_rid}/experiments/{experiment_rid}/series/{experiment_series_name}/parquet".format(
            model_rid=quote(str(model_rid), safe=""),
            experiment_rid=quote(str(experiment_rid), safe=""),
            experiment_series_name=quote(str(experiment_series_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | FoundryError | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
) -> Response[File | FoundryError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_rid: str,
    experiment_rid: str,
    experiment_series_name: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[File | FoundryError]:
    """Parquet Experiment Series

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve raw time-series data for a single series as a streamed binary response in Apache Parquet
    format, one row per value. Neither the documentation nor the official SDK (which hands the bytes to
    pyarrow) names the columns; the stub writes `step`, `value` and `timestamp`, the JSON form's fields.
    The method returns the bytes; read them with any Parquet reader.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        experiment_series_name (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | FoundryError]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        experiment_series_name=experiment_series_name,
        preview=preview,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_rid: str,
    experiment_rid: str,
    experiment_series_name: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> File | FoundryError | None:
    """Parquet Experiment Series

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve raw time-series data for a single series as a streamed binary response in Apache Parquet
    format, one row per value. Neither the documentation nor the official SDK (which hands the bytes to
    pyarrow) names the columns; the stub writes `step`, `value` and `timestamp`, the JSON form's fields.
    The method returns the bytes; read them with any Parquet reader.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        experiment_series_name (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | FoundryError
    """

    return sync_detailed(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        experiment_series_name=experiment_series_name,
        client=client,
        preview=preview,
    ).parsed


async def asyncio_detailed(
    model_rid: str,
    experiment_rid: str,
    experiment_series_name: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> Response[File | FoundryError]:
    """Parquet Experiment Series

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve raw time-series data for a single series as a streamed binary response in Apache Parquet
    format, one row per value. Neither the documentation nor the official SDK (which hands the bytes to
    pyarrow) names the columns; the stub writes `step`, `value` and `timestamp`, the JSON form's fields.
    The method returns the bytes; read them with any Parquet reader.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        experiment_series_name (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | FoundryError]
    """

    kwargs = _get_kwargs(
        model_rid=model_rid,
        experiment_rid=experiment_rid,
        experiment_series_name=experiment_series_name,
        preview=preview,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_rid: str,
    experiment_rid: str,
    experiment_series_name: str,
    *,
    client: AuthenticatedClient | Client,
    preview: bool,
) -> File | FoundryError | None:
    """Parquet Experiment Series

     This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add
    preview=true to the request query parameters.

    Retrieve raw time-series data for a single series as a streamed binary response in Apache Parquet
    format, one row per value. Neither the documentation nor the official SDK (which hands the bytes to
    pyarrow) names the columns; the stub writes `step`, `value` and `timestamp`, the JSON form's fields.
    The method returns the bytes; read them with any Parquet reader.

    Third-party applications using this endpoint via OAuth2 must request the following operation scope:
    api:models-read.

    Args:
        model_rid (str): A resource identifier (RID).
        experiment_rid (str): A resource identifier (RID).
        experiment_series_name (str):
        preview (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | FoundryError
    """

    return (
        await asyncio_detailed(
            model_rid=model_rid,
            experiment_rid=experiment_rid,
            experiment_series_name=experiment_series_name,
            client=client,
            preview=preview,
        )
    ).parsed
