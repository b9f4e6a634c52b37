"""A forked child's clients (``_fork``): fresh connections, a caller's http_client refused."""

from __future__ import annotations

import httpx
import pytest

from modelruns import APIConnectionError, dataplatform


def _client(**options: object) -> dataplatform.Client:
    return dataplatform.Client(base_url="https://dp.example", api_key="k", **options)  # type: ignore[arg-type]


def test_after_a_fork_a_client_opens_a_new_httpx_client_on_first_use() -> None:
    client = _client()
    parents = client._http
    client._after_fork()  # what the at-fork hook runs in the child
    assert client._http is not parents
    assert client._http.timeout is not None  # first use opens the new one
    assert isinstance(client._http, httpx.Client)
    assert client._http is not parents


def test_a_copy_shares_its_owners_new_pool_after_a_fork() -> None:
    client = _client()
    copy = client.with_options(timeout=2.0)
    client._after_fork()
    copy._after_fork()
    assert copy._http.timeout is not None
    assert copy._http is client._http


def test_a_callers_http_client_is_refused_in_the_child_saying_what_to_do() -> None:
    client = _client(http_client=httpx.Client())
    client._after_fork()
    with pytest.raises(APIConnectionError, match="built with http_client= in process"):
        client.get_model_run("3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f")
