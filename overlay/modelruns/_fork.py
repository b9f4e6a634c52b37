"""A forked child gets its own connections: one at-fork hook over every live client.

Both processes reading and writing the parent's sockets could each read the other's answer, so in
the child every client drops its pool (never closing it: that could write on the parent's
sockets) for one opened on first use; a caller's ``http_client=`` cannot be remade, so it stands
as an error saying what to do.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any, Protocol

from modelruns._exceptions import APIConnectionError

__all__ = ["InheritedHTTPClient", "OpenedOnFirstUse", "track"]


class _Forkable(Protocol):
    """A client as the at-fork hook sees it (``_core.ClientCore``)."""

    _http: Any

    def _after_fork(self) -> None: ...

    def _new_http(self) -> Any: ...


#: Every client of this process, so that a forked child can give each its own connections.
_CLIENTS: weakref.WeakSet[_Forkable] = weakref.WeakSet()
_CLIENTS_LOCK = threading.Lock()


def track(client: _Forkable) -> None:
    with _CLIENTS_LOCK:
        _CLIENTS.add(client)


def _after_fork_in_child() -> None:
    """In a forked child: nothing of the parent's threads, locks or connections is used again.

    (The clock thread of ``_watchdog`` restarts on its own.) Every client's pool holds the
    parent's sockets, which both processes would read and write at once (each could read the
    other's answer). Each client gets fresh locks and connections (``ClientCore._after_fork``).
    """
    global _CLIENTS_LOCK  # a lock a parent's thread held stays held: renew it
    _CLIENTS_LOCK = threading.Lock()
    for client in list(_CLIENTS):
        client._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class OpenedOnFirstUse:
    """Stands in a forked child for the httpx client a client made itself, until first used.

    Then it makes the client's new one (``_new_http``): a child that never calls does not pay
    for an httpx client (its TLS context) per client it inherited. A ``with_options`` copy
    (``pool_owner``) takes the new client of the client whose pool it shares, so the two still
    share one pool in the child.
    """

    #: One lock for every stand-in: a copy and its pool's owner may open the pool at once.
    _lock = threading.Lock()

    def __init__(self, owner: _Forkable, pool_owner: _Forkable | None = None) -> None:
        self._owner = owner
        self._pool_owner = pool_owner or owner

    def __getattr__(self, name: str) -> Any:
        with OpenedOnFirstUse._lock:
            http = self._owner._http
            if http is self:
                source = self._pool_owner
                http = source._http
                if isinstance(http, OpenedOnFirstUse):
                    http = source._http = source._new_http()
                self._owner._http = http
        return getattr(http, name)

    def close(self) -> None:
        """Nothing opened yet: nothing to close."""

    async def aclose(self) -> None:
        """Nothing opened yet: nothing to close."""


class InheritedHTTPClient:
    """Stands in a forked child for the ``http_client=`` a caller gave to the parent's client.

    That client's pool holds the parent's connections and the SDK cannot make a fresh one like
    it (its transport is the caller's), so any use is an ``APIConnectionError`` saying what to
    do, before anything is sent; sharing the connections could return another request's answer.
    """

    follow_redirects = False

    def __init__(self, client_name: str, parent_pid: int) -> None:
        self._message = (
            f"{client_name} was built with http_client= in process {parent_pid} and this "
            f"process ({os.getpid()}) is a fork of it: the httpx client's connections are the "
            "parent's. Build the client (and its http_client) in this process, or build it "
            "without http_client= (it then opens its own connections after a fork)"
        )

    def build_request(self, *args: Any, **kwargs: Any) -> Any:
        raise APIConnectionError(self._message)

    def send(self, *args: Any, **kwargs: Any) -> Any:
        raise APIConnectionError(self._message)
