from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_run_label_response import DeleteRunLabelResponse
from ...models.pai_error import PaiError
from ...types import Response


def _get_kwargs(
    run_id: str,
    key: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/runs/{run_id}/labels/{key}".format(
            run_id=quote(str(run_id), safe=""),
            key=quote(str(key), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteRunLabelResponse | PaiError | None:
    if response.status_code == 200:
        response_200 = DeleteRunLabelResponse.from_dict(response.json())

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
) -> Response[DeleteRunLabelResponse | PaiError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteRunLabelResponse | PaiError]:
    """Delete a label of a run

     Removes the label with the given key from a run.

    Args:
        run_id (str):
        key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteRunLabelResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        key=key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteRunLabelResponse | PaiError | None:
    """Delete a label of a run

     Removes the label with the given key from a run.

    Args:
        run_id (str):
        key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteRunLabelResponse | PaiError
    """

    return sync_detailed(
        run_id=run_id,
        key=key,
        client=client,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DeleteRunLabelResponse | PaiError]:
    """Delete a label of a run

     Removes the label with the given key from a run.

    Args:
        run_id (str):
        key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteRunLabelResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        key=key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
) -> DeleteRunLabelResponse | PaiError | None:
    """Delete a label of a run

     Removes the label with the given key from a run.

    Args:
        run_id (str):
        key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteRunLabelResponse | PaiError
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            key=key,
            client=client,
        )
    ).parsed
