"""DuckDB Data Platform model runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` (``DATAPLATFORM_TOKEN``, sent as a bearer JWT) or ``api_key=``
(``DATAPLATFORM_API_KEY``, sent as ``X-API-Key``); either one is enough. The methods are
generated from the spec (``modelruns._facades.dataplatform``); this module adds the
credentials.
"""

from __future__ import annotations

from typing import Unpack

import httpx

from modelruns._auth import ApiKeyAuth, BearerAuth
from modelruns._base import (
    ClientOptions,
    Connection,
    default_base_url,
    resolve_credentials,
    spec_credentials,
)
from modelruns._facades.dataplatform import AsyncClientMethods, ClientMethods
from modelruns._retry import RetryPolicy

__all__ = ["AsyncClient", "Client"]

_CREDENTIALS, _ANY_OF = spec_credentials("dataplatform")


def _connection(
    token: str | None, api_key: str | None, host: str | None, base_url: str | None
) -> Connection:
    found = resolve_credentials(
        "modelruns.dataplatform",
        {"token": token, "api_key": api_key},
        _CREDENTIALS,
        any_of=_ANY_OF,
    )
    url = base_url or default_base_url("dataplatform", {"host": host})
    if "token" in found:
        return Connection("dataplatform", url, BearerAuth(found["token"]), (found["token"],))
    return Connection("dataplatform", url, ApiKeyAuth(found["api_key"]), (found["api_key"],))


class Client(ClientMethods):
    """Synchronous Data Platform client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        host: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, api_key, host, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)


class AsyncClient(AsyncClientMethods):
    """Asynchronous Data Platform client."""

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        host: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(token, api_key, host, base_url)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)
