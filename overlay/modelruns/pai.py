"""Alibaba Cloud PAI AI Workspace runs: ``Client`` and ``AsyncClient``.

Credentials: ``access_key_id=``/``access_key_secret=`` or ``ALIBABA_CLOUD_ACCESS_KEY_ID``/
``ALIBABA_CLOUD_ACCESS_KEY_SECRET``; requests are signed with ACS3-HMAC-SHA256. ``region=``
picks the regional endpoint (the spec's default otherwise). ``list_runs`` pages by integer
token, or by page number when ``page_number=``/``page_size=`` is given. The constructors and
methods are generated from the spec (``modelruns._facades.pai``); this module adds the auth
hook.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelruns._auth import AcsV3Auth
from modelruns._facades.pai import AsyncClientBase, ClientBase

__all__ = ["AsyncClient", "Client"]


def _auth(credentials: Mapping[str, str]) -> AcsV3Auth:
    """The access key pair signs each request (ACS3-HMAC-SHA256)."""
    return AcsV3Auth(credentials["access_key_id"], credentials["access_key_secret"])


class Client(ClientBase):
    """Synchronous PAI client (``auth=`` takes a preconfigured ``AcsV3Auth``, e.g. for tests)."""

    _auth_from = staticmethod(_auth)


class AsyncClient(AsyncClientBase):
    """Asynchronous PAI client."""

    _auth_from = staticmethod(_auth)
