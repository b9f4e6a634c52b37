"""DuckDB Data Platform model runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` (``DATAPLATFORM_TOKEN``, sent as a bearer JWT) or ``api_key=``
(``DATAPLATFORM_API_KEY``, sent as ``X-API-Key``); either one is enough. The constructors and
methods are generated from the spec (``modelruns._facades.dataplatform``); this module adds
the auth hook.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelruns._auth import ApiKeyAuth, BearerAuth
from modelruns._facades.dataplatform import AsyncClientBase, ClientBase

__all__ = ["AsyncClient", "Client"]


def _auth(credentials: Mapping[str, str]) -> BearerAuth | ApiKeyAuth:
    """The token when given (a bearer JWT), else the API key (``X-API-Key``)."""
    if "token" in credentials:
        return BearerAuth(credentials["token"])
    return ApiKeyAuth(credentials["api_key"])


class Client(ClientBase):
    """Synchronous Data Platform client."""

    _auth_from = staticmethod(_auth)


class AsyncClient(AsyncClientBase):
    """Asynchronous Data Platform client."""

    _auth_from = staticmethod(_auth)
