"""Pagination against servers that never end: the stubs' endless-pagination deviation, and a
loopback server whose page tokens cycle through more tokens than the walk remembers."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from modelruns import PaginationError, dataplatform
from modelruns._specs import Provider
from modelruns.stubs import StubServer
from tests.reliability._servers import answer, serve
from tests.reliability.test_faults import _sync_client, _walk

RUN = {
    "id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
    "status": "SUCCESS",
    "project_name": "p",
    "created_at": "2025-01-15T10:00:00Z",
}


def _count_until_error(items: Any, cap: int) -> tuple[int, Exception | None]:
    count = 0
    try:
        for _ in items:
            count += 1
            assert count <= cap, "the walk did not end"
    except PaginationError as error:
        return count, error
    return count, None


@pytest.mark.parametrize("provider", ["foundry", "dataplatform", "pai", "nsml"])
def test_the_stubs_endless_pagination_ends_in_pagination_error(provider: Provider) -> None:
    server = StubServer(provider, runs=3, deviations=["endless-pagination"])
    with server, _sync_client(provider, server, max_retries=0) as client:
        count, error = _count_until_error(_walk(client, provider), cap=1000)
    assert isinstance(error, PaginationError), f"{provider}: walked {count} items, no error"


def test_a_loopback_server_cycling_through_many_tokens_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("modelruns._pagination._cycles._TOKEN_MEMORY", 16)
    length = 40  # longer than the 16 tokens the walk remembers

    def handler(conn: socket.socket, head: bytes) -> None:
        target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode()
        token = target.split("page_token=", 1)[1].split("&")[0] if "page_token=" in target else "0"
        following = str((int(token) + 1) % length)
        body = json.dumps({"data": [RUN], "next_page_token": following}).encode()
        answer("200 OK", body, {"Content-Type": "application/json"})(conn, head)

    with serve(handler) as url:
        client = dataplatform.Client(base_url=url, api_key="dp-api-key-0123", max_retries=0)
        with client:
            count, error = _count_until_error(client.list_model_runs(), cap=3 * length)
    assert isinstance(error, PaginationError)
    assert "repeated page token" in str(error)
    assert count >= length
