"""NAVER Cloud CLOVA NSML runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key=``/``secret_key=``/``api_key=`` or ``NCP_ACCESS_KEY``/
``NCP_SECRET_KEY``/``NCP_APIGW_API_KEY``; requests carry the API Gateway signature v2.
The constructors and methods are generated from the spec (``modelruns._facades.nsml``); this
module adds the auth hook.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelruns._auth import NcpSignatureV2Auth
from modelruns._facades.nsml import AsyncClientBase, ClientBase

__all__ = ["AsyncClient", "Client"]


def _auth(credentials: Mapping[str, str]) -> NcpSignatureV2Auth:
    """The key pair signs each request (signature v2); the API key goes alongside."""
    return NcpSignatureV2Auth(
        credentials["access_key"], credentials["secret_key"], credentials["api_key"]
    )


class Client(ClientBase):
    """Synchronous NSML client (``auth=`` takes a preconfigured ``NcpSignatureV2Auth``)."""

    _auth_from = staticmethod(_auth)


class AsyncClient(AsyncClientBase):
    """Asynchronous NSML client."""

    _auth_from = staticmethod(_auth)
