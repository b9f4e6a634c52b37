"""httpx's private names the engine still reads (httpx 0.28), behind the version check.

Only for an ``http_client=`` a caller passed (and a client made where environment proxies
apply), whose transport is httpx's own: the SDK's own clients use ``_transport``'s public
interfaces instead.
"""

from __future__ import annotations

from typing import Any

import httpx

from modelruns._compat import require

require("httpx", "0.28", "0.29")

__all__ = ["httpcore_pool", "httpcore_response_stream"]


def httpcore_pool(http: httpx.Client | httpx.AsyncClient, url: httpx.URL) -> Any:
    """The httpcore pool of the httpx transport ``http`` sends ``url`` through, or ``None``."""
    transport = http._transport_for_url(url)
    return getattr(transport, "_pool", None)


def httpcore_response_stream(response: httpx.Response) -> Any:
    """The httpcore byte stream under an httpx response (httpx's or our transport's), or ``None``.

    httpx wraps a transport's stream in its client's ``BoundSyncStream``/``BoundAsyncStream``
    (``_stream``), and its own transport (as ours, named alike) keeps httpcore's in
    ``_httpcore_stream``.
    """
    bound = getattr(response.stream, "_stream", None)
    return getattr(bound, "_httpcore_stream", None)
