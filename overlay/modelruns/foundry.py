"""Palantir Foundry Model Studio runs: ``Client`` and ``AsyncClient``.

Credentials: ``token=`` or ``FOUNDRY_TOKEN``; the stack's ``hostname=`` or ``FOUNDRY_HOSTNAME``
(or a full ``base_url=``). Every call sends ``preview=true`` (both endpoints are in preview;
the spec marks the parameter ``x-modelruns-fixed``). The constructors, methods and named errors
are generated from the spec (``modelruns._facades.foundry``); this module adds the auth hook
and what an empty 404 means.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelruns._auth import BearerAuth
from modelruns._facades import foundry as _generated
from modelruns._facades.foundry import *  # noqa: F403  (the named errors, one per spec entry)
from modelruns._facades.foundry import NAMED_ERRORS as NAMED_ERRORS  # errorName -> class
from modelruns._facades.foundry import AsyncClientBase, ClientBase

# The named errors are generated from the spec's x-modelruns-errors: a new one needs no edit here.
__all__ = sorted(["AsyncClient", "Client", "FoundryAPIError", *_generated.NAMED_ERRORS])

# Every Foundry API error has a JSON body; an empty 404 comes from the host, not the API.
_NOT_HERE = (
    "no Foundry API answers at this URL; the base URL must end with /api (https://<hostname>/api)"
)


def _auth(credentials: Mapping[str, str]) -> BearerAuth:
    """Foundry takes the token as a bearer token."""
    return BearerAuth(credentials["token"])


class Client(ClientBase):
    """Synchronous Foundry client."""

    _auth_from = staticmethod(_auth)
    _empty_not_found_hint = _NOT_HERE


class AsyncClient(AsyncClientBase):
    """Asynchronous Foundry client."""

    _auth_from = staticmethod(_auth)
    _empty_not_found_hint = _NOT_HERE
