"""NAVER Cloud CLOVA NSML runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key=``/``secret_key=``/``api_key=`` or ``NCP_ACCESS_KEY``/
``NCP_SECRET_KEY``/``NCP_APIGW_API_KEY``; requests carry the API Gateway signature v2.
The methods are generated from the spec (``modelruns._facades.nsml``); this module adds the
credentials.
"""

from __future__ import annotations

from typing import Unpack

import httpx

from modelruns._auth import NcpSignatureV2Auth
from modelruns._base import (
    ClientOptions,
    Connection,
    default_base_url,
    resolve_credentials,
    spec_credentials,
)
from modelruns._facades.nsml import AsyncClientMethods, ClientMethods
from modelruns._retry import RetryPolicy

__all__ = ["AsyncClient", "Client"]

_CREDENTIALS, _ = spec_credentials("nsml")


def _connection(
    access_key: str | None,
    secret_key: str | None,
    api_key: str | None,
    base_url: str | None,
    auth: NcpSignatureV2Auth | None,
) -> Connection:
    url = base_url or default_base_url("nsml", {})
    if auth is None:
        found = resolve_credentials(
            "modelruns.nsml",
            {"access_key": access_key, "secret_key": secret_key, "api_key": api_key},
            _CREDENTIALS,
        )
        auth = NcpSignatureV2Auth(found["access_key"], found["secret_key"], found["api_key"])
    return Connection("nsml", url, auth, auth.secrets())


class Client(ClientMethods):
    """Synchronous NSML client (``auth=`` takes a preconfigured ``NcpSignatureV2Auth``)."""

    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        auth: NcpSignatureV2Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key, secret_key, api_key, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)


class AsyncClient(AsyncClientMethods):
    """Asynchronous NSML client."""

    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: NcpSignatureV2Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key, secret_key, api_key, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)
