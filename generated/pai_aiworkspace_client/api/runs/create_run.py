from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_run_request import CreateRunRequest
from ...models.create_run_response import CreateRunResponse
from ...models.pai_error import PaiError
from ...types import Response


def _get_kwargs(
    *,
    body: CreateRunRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/runs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateRunResponse | PaiError | None:
    if response.status_code == 200:
        response_200 = CreateRunResponse.from_dict(response.json())

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
) -> Response[CreateRunResponse | PaiError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRunRequest,
) -> Response[CreateRunResponse | PaiError]:
    """Create a run

     Creates a run in an experiment. The run belongs to the experiment's workspace; when no Name is given
    the service names the run after its RunId.

    Args:
        body (CreateRunRequest): The body of CreateRun.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateRunResponse | PaiError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRunRequest,
) -> CreateRunResponse | PaiError | None:
    """Create a run

     Creates a run in an experiment. The run belongs to the experiment's workspace; when no Name is given
    the service names the run after its RunId.

    Args:
        body (CreateRunRequest): The body of CreateRun.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateRunResponse | PaiError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRunRequest,
) -> Response[CreateRunResponse | PaiError]:
    """Create a run

     Creates a run in an experiment. The run belongs to the experiment's workspace; when no Name is given
    the service names the run after its RunId.

    Args:
        body (CreateRunRequest): The body of CreateRun.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateRunResponse | PaiError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateRunRequest,
) -> CreateRunResponse | PaiError | None:
    """Create a run

     Creates a run in an experiment. The run belongs to the experiment's workspace; when no Name is given
    the service names the run after its RunId.

    Args:
        body (CreateRunRequest): The body of CreateRun.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateRunResponse | PaiError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
