"""Alibaba Cloud PAI AI Workspace runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key_id=``/``access_key_secret=`` or ``ALIBABA_CLOUD_ACCESS_KEY_ID``/
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``; requests are signed with ACS3-HMAC-SHA256. ``region=``
picks the regional endpoint (the spec's default otherwise). ``list_runs`` pages by integer
token, or by page number when ``page_number=``/``page_size=`` is given. The methods are
generated from the spec (``modelruns._facades.pai``); this module adds the credentials.
"""

from __future__ import annotations

from typing import Unpack

import httpx

from modelruns._auth import AcsV3Auth
from modelruns._base import (
    ClientOptions,
    Connection,
    default_base_url,
    resolve_credentials,
    spec_credentials,
)
from modelruns._facades.pai import AsyncClientMethods, ClientMethods
from modelruns._retry import RetryPolicy

__all__ = ["AsyncClient", "Client"]

_CREDENTIALS, _ = spec_credentials("pai")


def _connection(
    access_key_id: str | None,
    access_key_secret: str | None,
    region: str | None,
    base_url: str | None,
    auth: AcsV3Auth | None,
) -> Connection:
    url = base_url or default_base_url("pai", {"region": region})
    if auth is None:
        found = resolve_credentials(
            "modelruns.pai",
            {"access_key_id": access_key_id, "access_key_secret": access_key_secret},
            _CREDENTIALS,
        )
        auth = AcsV3Auth(found["access_key_id"], found["access_key_secret"])
    return Connection("pai", url, auth, auth.secrets())


class Client(ClientMethods):
    """Synchronous PAI client (``auth=`` takes a preconfigured ``AcsV3Auth``, e.g. for tests)."""

    def __init__(
        self,
        *,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        auth: AcsV3Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key_id, access_key_secret, region, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)


class AsyncClient(AsyncClientMethods):
    """Asynchronous PAI client."""

    def __init__(
        self,
        *,
        access_key_id: str | None = None,
        access_key_secret: str | None = None,
        region: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        auth: AcsV3Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        connection = _connection(access_key_id, access_key_secret, region, base_url, auth)
        super().__init__(connection, timeout, max_retries, retry_policy, http_client, **options)
