"""Run as a program: the peak memory of one call, against bodies that amplify when decoded.

Each body is at most ``max_response_size`` (``LIMIT``, small so it runs quickly) and is built to
cost as much memory as it can once decoded: empty objects and lists, a big object, short
strings, a string that must be held four bytes a character, integers, a page of real runs; as
a 2xx and as a 5xx. Prints one JSON line per body: the peak memory the call allocated
(``tracemalloc``) as a multiple of ``LIMIT``, and the error it ended in, if any.
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from collections.abc import Callable

import httpx

from modelruns import APIError, dataplatform
from tests.unit.test_clients import example

LIMIT = 2 * 1024 * 1024


def _items(item: bytes, size: int) -> bytes:
    """``{"data": [item, item, ...]}`` of at most ``size`` bytes."""
    count = (size - 12) // (len(item) + 1)
    return b'{"data":[' + b",".join([item] * count) + b"]}"


def _runs(size: int) -> bytes:
    return _items(json.dumps(example("dataplatform", "listModelRuns")["data"][0]).encode(), size)


def _big_object(size: int) -> bytes:
    members = b",".join(b'"%07d":0' % i for i in range((size - 40) // 12))
    return b'{"data":[],"extra":{' + members + b"}}"


def _wide_string(size: int) -> bytes:
    # One character beyond Latin-1 makes Python hold the whole string at four bytes each.
    return b'{"data":["' + b"a" * (size - 40) + "\U0001f600".encode() + b'"]}'


def _densest(size: int) -> bytes:
    """As many short strings as a body may hold values, then one wide string to fill it."""
    values = size // 16 - 10
    strings = b",".join([b'"ab"'] * values)
    head = b'{"data":[],"x":[' + strings + b'],"y":"'
    tail = "\U0001f600".encode() + b'"}'
    return head + b"a" * (size - len(head) - len(tail)) + tail


BODIES: dict[str, Callable[[int], bytes]] = {
    "empty objects": lambda size: _items(b"{}", size),
    "empty lists": lambda size: _items(b"[]", size),
    "short strings": lambda size: _items(b'"ab"', size),
    "integers": lambda size: _items(b"1000", size),
    "a big object": _big_object,
    "a wide string": _wide_string,
    "real runs": _runs,
    "real runs, half the limit": lambda size: _runs(size // 2),
    # As dense as a body may be: as many values as it may hold, and as long a string.
    "short strings at the value limit and a wide string": _densest,
    "empty objects at the value limit": lambda size: _items(b"{}", 3 * (size // 32) - 100),
}


def peak(body: bytes, status: int) -> tuple[float, str | None]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    client = dataplatform.Client(
        base_url="http://h.example/v1",
        api_key="dp-key",
        max_retries=0,
        max_response_size=LIMIT,
        strict=False,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    error = None
    try:
        next(iter(client.list_model_runs().pages()))
    except APIError as caught:
        error = type(caught).__name__
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (top - start) / LIMIT, error


def main() -> None:
    for name, build in BODIES.items():
        body = build(LIMIT)
        assert len(body) <= LIMIT, (name, len(body))
        for status in (200, 500):
            multiple, error = peak(body, status)
            line = {"body": name, "status": status, "multiple": round(multiple, 2), "error": error}
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
