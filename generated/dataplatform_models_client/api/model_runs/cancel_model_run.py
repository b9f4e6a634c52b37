from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_platform_error import DataPlatformError
from ...models.model_run import ModelRun
from ...types import Response


def _get_kwargs(
    run_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/model-runs/{run_id}/cancel".format(
            run_id=quote(str(run_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataPlatformError | ModelRun | None:
    if response.status_code == 200:
        response_200 = ModelRun.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = DataPlatformError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = DataPlatformError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = DataPlatformError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = DataPlatformError.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = DataPlatformError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = DataPlatformError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = DataPlatformError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DataPlatformError | ModelRun]:
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
) -> Response[DataPlatformError | ModelRun]:
    """Cancel model run

     Cancels a pending or running model run and returns it. Takes no request body. Answers 404 when the
    run does not exist. A run that has already finished is refused with 400 (`cannot cancel run in
    status SUCCESS`): the service returns a validation error for it
    (internal/service/model/service.go:429-431, mapped to 400 by
    internal/api/handler_models.go:332-333), not the 409 an earlier reading of the documentation
    assumed; 409 stays listed because the handler maps a conflict error to it.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ModelRun]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ModelRun | None:
    """Cancel model run

     Cancels a pending or running model run and returns it. Takes no request body. Answers 404 when the
    run does not exist. A run that has already finished is refused with 400 (`cannot cancel run in
    status SUCCESS`): the service returns a validation error for it
    (internal/service/model/service.go:429-431, mapped to 400 by
    internal/api/handler_models.go:332-333), not the 409 an earlier reading of the documentation
    assumed; 409 stays listed because the handler maps a conflict error to it.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ModelRun
    """

    return sync_detailed(
        run_id=run_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DataPlatformError | ModelRun]:
    """Cancel model run

     Cancels a pending or running model run and returns it. Takes no request body. Answers 404 when the
    run does not exist. A run that has already finished is refused with 400 (`cannot cancel run in
    status SUCCESS`): the service returns a validation error for it
    (internal/service/model/service.go:429-431, mapped to 400 by
    internal/api/handler_models.go:332-333), not the 409 an earlier reading of the documentation
    assumed; 409 stays listed because the handler maps a conflict error to it.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataPlatformError | ModelRun]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> DataPlatformError | ModelRun | None:
    """Cancel model run

     Cancels a pending or running model run and returns it. Takes no request body. Answers 404 when the
    run does not exist. A run that has already finished is refused with 400 (`cannot cancel run in
    status SUCCESS`): the service returns a validation error for it
    (internal/service/model/service.go:429-431, mapped to 400 by
    internal/api/handler_models.go:332-333), not the 409 an earlier reading of the documentation
    assumed; 409 stays listed because the handler maps a conflict error to it.

    Args:
        run_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataPlatformError | ModelRun
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            client=client,
        )
    ).parsed
