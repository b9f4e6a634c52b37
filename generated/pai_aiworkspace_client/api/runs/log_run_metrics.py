from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.log_run_metrics_request import LogRunMetricsRequest
from ...models.log_run_metrics_response import LogRunMetricsResponse
from ...models.pai_error import PaiError
from ...types import Response


def _get_kwargs(
    run_id: str,
    *,
    body: LogRunMetricsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/runs/{run_id}/metrics/action/log".format(
            run_id=quote(str(run_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LogRunMetricsResponse | PaiError | None:
    if response.status_code == 200:
        response_200 = LogRunMetricsResponse.from_dict(response.json())

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
) -> Response[LogRunMetricsResponse | PaiError]:
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
    body: LogRunMetricsRequest,
) -> Response[LogRunMetricsResponse | PaiError]:
    """Log metrics of a run

     Records metric values for a run. Logging is not idempotent: a repeated request records its values
    again.

    Args:
        run_id (str):
        body (LogRunMetricsRequest): The body of LogRunMetrics.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LogRunMetricsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogRunMetricsRequest,
) -> LogRunMetricsResponse | PaiError | None:
    """Log metrics of a run

     Records metric values for a run. Logging is not idempotent: a repeated request records its values
    again.

    Args:
        run_id (str):
        body (LogRunMetricsRequest): The body of LogRunMetrics.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LogRunMetricsResponse | PaiError
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogRunMetricsRequest,
) -> Response[LogRunMetricsResponse | PaiError]:
    """Log metrics of a run

     Records metric values for a run. Logging is not idempotent: a repeated request records its values
    again.

    Args:
        run_id (str):
        body (LogRunMetricsRequest): The body of LogRunMetrics.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LogRunMetricsResponse | PaiError]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogRunMetricsRequest,
) -> LogRunMetricsResponse | PaiError | None:
    """Log metrics of a run

     Records metric values for a run. Logging is not idempotent: a repeated request records its values
    again.

    Args:
        run_id (str):
        body (LogRunMetricsRequest): The body of LogRunMetrics.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LogRunMetricsResponse | PaiError
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
            body=body,
        )
    ).parsed
