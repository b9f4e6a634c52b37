"""Palantir's ``foundry-platform-sdk``, where the tests read what it does not publish.

Each resource of the SDK (``client.models.ModelStudio``, ...) hands every request it builds to
its API client's ``call_api`` as a ``RequestInfo`` (method, path and query parameters, the body
model, the answer's type, the named errors the method may raise); the SDK offers no public hook
on that hand-over (its ``Config`` takes no transport or middleware). The reference facts read
those requests without sending them, and one stub test sends a request the SDK builds but cannot
send itself (`handed_over`, `send`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from modelruns._compat import require

require("foundry-platform-sdk", "1.111.0", "1.112")

__all__ = ["handed_over", "send"]


@contextlib.contextmanager
def handed_over(*resources: Any) -> Iterator[list[Any]]:
    """Within the block, each of ``resources`` hands its requests (``RequestInfo``) to the list
    this yields instead of sending them (a method then returns an empty iterator); after it,
    each resource sends again."""
    captured: list[Any] = []

    def capture(info: Any) -> Any:
        captured.append(info)
        return iter(())

    clients = [resource._api_client for resource in resources]
    for client in clients:
        client.call_api = capture  # an instance attribute over the class's method
    try:
        yield captured
    finally:
        for client in clients:
            vars(client).pop("call_api", None)


def send(resource: Any, info: Any) -> Any:
    """Send ``info`` (a ``RequestInfo``) through ``resource``'s own API client: its auth,
    retries and decoding, as the resource's methods send theirs."""
    return resource._api_client.call_api(info)
