"""Pagination edges: token cycles of any length, and page-number walks that end short."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx
import pytest

from modelruns import PaginationError, _facades, foundry
from modelruns._pagination._cycles import _TOKEN_MEMORY
from modelruns._pagination._token import _TokenWalk
from tests.unit.test_clients import RID, example, fdry, nsml_client

LIST_OP = _facades.foundry._LIST_MODEL_STUDIO_RUNS


def walk_until_error(items: Iterable[Any], cap: int) -> tuple[list[Any], Exception | None]:
    """The items a walk yields before it raises (at most ``cap``: a walk past it fails)."""
    got: list[Any] = []
    try:
        for item in items:
            got.append(item)
            assert len(got) <= cap, "walked on: the walk did not stop"
    except PaginationError as error:
        return got, error
    return got, None


def cycling(length: int) -> foundry.Client:
    """A Foundry server whose tokens go t0 -> t1 -> ... -> t{length-1} -> t0, one run a page."""
    run = example("foundry", "listModelStudioRuns")["data"][0]

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken", "t0")
        following = f"t{(int(token[1:]) + 1) % length}"
        return httpx.Response(200, json={"data": [run], "nextPageToken": following})

    return fdry(handler)


@pytest.mark.parametrize("prefetch", [0, 1])
def test_a_cycle_longer_than_the_token_memory_is_caught(
    prefetch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small memory keeps the test fast; the cycle is still longer than what is remembered.
    monkeypatch.setattr("modelruns._pagination._cycles._TOKEN_MEMORY", 64)
    length = 64 + 37
    walk = cycling(length).list_model_studio_runs(RID, prefetch=prefetch)
    got, error = walk_until_error(walk, cap=3 * length)
    assert error is not None
    assert "repeated page token" in str(error)
    # Caught within about twice the cycle: never walked forever.
    assert len(got) >= length


@pytest.mark.parametrize("length", [1, 2, 3, 17])
def test_short_cycles_are_caught_at_once(length: int) -> None:
    got, error = walk_until_error(cycling(length).list_model_studio_runs(RID), cap=3 * length)
    assert error is not None
    assert "repeated page token" in str(error)
    assert len(got) == length  # every run once, none twice


def test_cycle_detection_memory_is_bounded_for_any_cycle_length() -> None:
    walk = _TokenWalk(LIST_OP, LIST_OP.pagination[0], {})
    length = 100_000
    steps = 0
    token = 0
    while not walk.memory.seen_before(f"t{token}"):
        walk.memory.remember(f"t{token}")
        token = (token + 1) % length
        steps += 1
        assert steps <= 3 * length
    assert len(walk.memory.seen) <= _TOKEN_MEMORY
    assert len(walk.memory.seen_set) <= _TOKEN_MEMORY
    assert steps >= length


def test_a_walk_without_cycles_is_never_flagged() -> None:
    walk = _TokenWalk(LIST_OP, LIST_OP.pagination[0], {})
    for token in range(50_000):
        assert not walk.memory.seen_before(f"t{token}")
        walk.memory.remember(f"t{token}")


def nsml_short(total: int, empty_from: int) -> httpx.MockTransport:
    run = example("nsml", "getRunList")["runList"][0]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        size = int(request.url.params["pageSize"])
        start = (page - 1) * size
        count = 0 if page >= empty_from else max(0, min(size, total - start))
        items = [{**run, "runName": str(start + i)} for i in range(count)]
        return httpx.Response(200, json={"runList": items, "totalCount": total})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("prefetch", [0, 3])
def test_an_empty_page_before_the_total_raises(prefetch: int) -> None:
    transport = nsml_short(total=100, empty_from=3)
    client = nsml_client(lambda request: transport.handle_request(request))
    got, error = walk_until_error(client.get_run_list(page_size=10, prefetch=prefetch), cap=100)
    assert error is not None
    assert "page 3 is empty, yet the total is 100" in str(error)
    assert [run.run_name for run in got] == [str(i) for i in range(20)]


def test_a_walk_that_reaches_its_total_ends_quietly() -> None:
    transport = nsml_short(total=30, empty_from=99)
    client = nsml_client(lambda request: transport.handle_request(request))
    assert len(list(client.get_run_list(page_size=10))) == 30


def test_an_empty_first_page_with_a_total_of_zero_is_an_empty_walk() -> None:
    transport = nsml_short(total=0, empty_from=1)
    client = nsml_client(lambda request: transport.handle_request(request))
    assert list(client.get_run_list()) == []
