"""httpcore's private names the engine still reads (httpcore 1.0), behind the version check.

- ``unread_bytes``: what a read brought beyond an answer stays in the HTTP/1.1 connection's h11
  state, which httpcore exposes nowhere public (h11's ``trailing_data`` is public).
- ``pooled_stream``: the network stream of the pooled connection serving a request, for a
  caller's ``http_client=`` only (the SDK's own transport is told it by its streams).
"""

from __future__ import annotations

from typing import Any

from modelruns._compat import require

require("httpcore", "1.0", "1.1")

__all__ = ["pooled_stream", "unread_bytes"]

# httpcore 1.x: PoolByteStream (``_stream``), HTTP11ConnectionByteStream (``_connection``),
# HTTP11Connection (``_h11_state``).
_TO_H11_STATE = ("_stream", "_connection", "_h11_state")


def unread_bytes(httpcore_stream: Any) -> bool:
    """Whether the connection behind ``httpcore_stream`` holds bytes past its answer's end.

    Any other layout (another transport, a proxy, HTTP/2) answers ``False``: bytes that arrive
    on the socket after the answer are still caught by httpcore's own readability check before
    the connection is reused.
    """
    state = httpcore_stream
    for name in _TO_H11_STATE:
        state = getattr(state, name, None)
    trailing = getattr(state, "trailing_data", None)
    return bool(trailing and trailing[0])


def pooled_stream(pool: Any, trace: object) -> Any:
    """The network stream of the connection ``pool`` gave the request carrying ``trace``.

    httpcore's ``ConnectionPool`` keeps each request in flight (``_requests``) with the
    connection it was given; ``HTTPConnection`` (and the proxy ones) wrap the HTTP/1.1 or HTTP/2
    connection (``_connection``), which holds its stream (``_network_stream``).
    """
    for pool_request in list(getattr(pool, "_requests", ())):
        if pool_request.request.extensions.get("trace") is trace:
            connection = pool_request.connection
            inner = getattr(connection, "_connection", connection)
            return getattr(inner, "_network_stream", None)
    return None
