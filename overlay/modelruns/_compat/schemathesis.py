"""What conformance needs of schemathesis beyond its public interfaces.

schemathesis lets a caller pass a session to ``Case.call``, but its engine builds its own
sessions, and a check such as ``ignored_auth`` sends requests of its own through the schema's
transport, with a session the transport builds:

- `route_sends` gives one schema object a transport of its own that hands each send to the
  caller first (the guard mounts its adapter on the session there, or gives one); other schemas
  keep the shared transport.
- The engine's capability probes (its first phase) send with a session of their own, built by
  ``schemathesis.engine.context.make_session`` and never handed to a transport or a hook:
  `sessions_built` hands each session that function builds for one config to the caller while
  a run is in progress, and puts the function back when the last run ends.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import requests
from schemathesis import Case
from schemathesis.core.transport import Response
from schemathesis.engine import context as engine_context
from schemathesis.schemas import BaseSchema
from schemathesis.transport import BaseTransport
from schemathesis.transport.requests import RequestsTransport

from . import require

require("schemathesis", "4.32", "4.33")

__all__ = ["Send", "SendThrough", "mark_explicit_auth", "route_sends", "sessions_built"]

#: The transport's own ``send`` (case, session and the rest as keywords).
Send = Callable[..., Response]
#: What a routed schema calls instead: ``(send, case, session, keywords) -> response``.
SendThrough = Callable[[Send, Case[Any], requests.Session | None, dict[str, Any]], Response]


class _RoutedTransport:
    """A requests transport whose every ``send`` goes through ``through`` first."""

    def __init__(self, inner: RequestsTransport, through: SendThrough) -> None:
        self._inner = inner
        self._through = through

    def send(
        self, case: Case[Any], *, session: requests.Session | None = None, **kwargs: Any
    ) -> Any:
        return self._through(self._inner.send, case, session, kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def route_sends(schema: BaseSchema, through: SendThrough) -> None:
    """Every request of ``schema`` sent over HTTP (not in process) goes through ``through``.

    Clones of ``schema`` (the engine makes them) keep the routing; an in-process app's transport
    is left as it is.
    """
    base = type(schema)

    def transport(self: BaseSchema) -> BaseTransport[Any]:
        inner = base.transport.fget(self)  # type: ignore[attr-defined]
        if isinstance(inner, RequestsTransport) and self.app is None:
            return _RoutedTransport(inner, through)  # type: ignore[return-value]
        return inner  # type: ignore[no-any-return]

    routed = type(base.__name__, (base,), {"transport": property(transport)})
    schema.__class__ = routed


_original_make_session = engine_context.make_session
# What to do with each session built for a config, by the id of the config, while its run lasts.
_builders: dict[int, Callable[[requests.Session], object]] = {}
_builders_lock = threading.Lock()


def _make_session(config: Any, *, operation: Any = None) -> requests.Session:
    session = _original_make_session(config, operation=operation)
    with _builders_lock:
        built = _builders.get(id(config))
    if built is not None:
        built(session)
    return session


@contextlib.contextmanager
def sessions_built(config: Any, built: Callable[[requests.Session], object]) -> Iterator[None]:
    """While the block runs, every session the engine builds from ``config`` goes to ``built``."""
    key = id(config)
    with _builders_lock:
        _builders[key] = built
        engine_context.make_session = _make_session
    try:
        yield
    finally:
        with _builders_lock:
            _builders.pop(key, None)
            if not _builders:
                engine_context.make_session = _original_make_session


def mark_explicit_auth(case: Case[Any]) -> None:
    """Mark ``case`` as sent with real credentials, as a generated case the engine signs is.

    ``ignored_auth`` then probes it again without them and with made-up ones; a case a caller
    sends itself through ``Case.call(auth=...)`` is not marked, and the check would skip it.
    """
    case._has_explicit_auth = True
