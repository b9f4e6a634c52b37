"""Token-style read-ahead (``prefetch=1``): same walk, next request out while a page is used."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncGenerator, Callable
from typing import Any, cast

import httpx
import pytest

from modelruns import foundry
from modelruns._exceptions import InternalServerError, PaginationError, ResponseValidationError
from modelruns._specs import load_spec
from modelruns._transport import AsyncDeadlineTransport, DeadlineTransport
from modelruns.stubs import StubServer, create_app
from tests.unit.test_clients import RID, ahttp, example, fdry, pai_client

PAGES = 4
RID_STUB: str = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]
SIZE = 3


def runs_handler(
    seen: list[str | None], pages: int = PAGES, answer: Callable[[int], Any] | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    """Foundry pages ``0..pages-1`` of SIZE runs named ``{page}-{i}``, tokens ``t{page}``."""
    template = example("foundry", "listModelStudioRuns")["data"][0]

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        seen.append(token)
        number = int(token[1:]) if token else 0
        if answer is not None and (special := answer(number)) is not None:
            return cast(httpx.Response, special)
        body: dict[str, Any] = {
            "data": [{**template, "runId": f"{number}-{i}"} for i in range(SIZE)]
        }
        if number + 1 < pages:
            body["nextPageToken"] = f"t{number + 1}"
        return httpx.Response(200, json=body)

    return handler


def ids(runs: Any) -> list[str]:
    return [run.run_id for run in runs]


def until_error(walk: Any) -> tuple[list[str], Exception | None]:
    """The run ids a walk yields before it raises, and what it raised."""
    got: list[str] = []
    try:
        for run in walk:
            got.append(run.run_id)
    except Exception as error:
        return got, error
    return got, None


async def until_error_async(walk: Any) -> tuple[list[str], Exception | None]:
    """The run ids an async walk yields before it raises, and what it raised."""
    got: list[str] = []
    try:
        async for run in walk:
            got.append(run.run_id)
    except Exception as error:
        return got, error
    return got, None


ALL = [f"{p}-{i}" for p in range(PAGES) for i in range(SIZE)]


def test_read_ahead_yields_the_same_runs_in_the_same_order() -> None:
    plain: list[str | None] = []
    ahead: list[str | None] = []
    assert ids(fdry(runs_handler(plain)).list_model_studio_runs(RID)) == ALL
    assert ids(fdry(runs_handler(ahead)).list_model_studio_runs(RID, prefetch=1)) == ALL
    assert ahead == plain == [None, "t1", "t2", "t3"]


def test_the_next_page_is_requested_before_this_page_is_consumed() -> None:
    for prefetch, ahead in ((0, 0), (1, 1)):
        seen: list[str | None] = []
        walk = fdry(runs_handler(seen)).list_model_studio_runs(RID, prefetch=prefetch)
        for count, _ in enumerate(walk):
            if count % SIZE == 0:  # the first run of each page
                page = count // SIZE
                assert len(seen) == page + 1 + min(ahead, PAGES - 1 - page), (prefetch, count)


def test_pages_read_ahead_keep_their_tokens() -> None:
    seen: list[str | None] = []
    pages = list(fdry(runs_handler(seen)).list_model_studio_runs(RID, prefetch=1).pages())
    assert [page.next_page_token for page in pages] == ["t1", "t2", "t3", None]
    assert [ids(page.items) for page in pages] == [ALL[i : i + SIZE] for i in range(0, 12, SIZE)]


@pytest.mark.parametrize(("limit", "requests"), [(1, 1), (SIZE, 1), (SIZE + 1, 2), (2 * SIZE, 2)])
def test_limit_never_reads_past_the_page_that_satisfies_it(limit: int, requests: int) -> None:
    seen: list[str | None] = []
    runs = fdry(runs_handler(seen)).list_model_studio_runs(RID, limit=limit, prefetch=1)
    assert ids(runs) == ALL[:limit]
    assert len(seen) == requests


def test_an_error_on_the_page_read_ahead_surfaces_when_that_page_is_reached() -> None:
    def answer(number: int) -> httpx.Response | None:
        return httpx.Response(500, json={"errorCode": "INTERNAL"}) if number == 2 else None

    walk = fdry(runs_handler([], answer=answer), max_retries=0).list_model_studio_runs(
        RID, prefetch=1
    )
    got, error = until_error(walk)
    assert isinstance(error, InternalServerError)
    assert got == ALL[: 2 * SIZE]


def test_a_page_that_breaks_the_spec_fails_at_that_page_with_read_ahead() -> None:
    def answer(number: int) -> httpx.Response | None:
        bad = {"data": [{"runId": 5}], "nextPageToken": "t2"}
        return httpx.Response(200, json=bad) if number == 1 else None

    got, error = until_error(
        fdry(runs_handler([], answer=answer)).list_model_studio_runs(RID, prefetch=1)
    )
    assert isinstance(error, ResponseValidationError)
    assert got == ALL[:SIZE]


def test_a_repeated_token_still_raises_without_reading_ahead_for_it() -> None:
    seen: list[str | None] = []

    def answer(number: int) -> httpx.Response | None:
        body = {"data": [example("foundry", "listModelStudioRuns")["data"][0]]}
        return httpx.Response(200, json={**body, "nextPageToken": "t1"}) if number == 1 else None

    with pytest.raises(PaginationError, match="repeated"):
        list(fdry(runs_handler(seen, answer=answer)).list_model_studio_runs(RID, prefetch=1))
    assert seen == [None, "t1"]


def test_integer_tokens_are_read_ahead_too() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = example("pai", "ListRuns")
        token = int(request.url.params.get("PageToken", "0"))
        seen.append(str(token))
        body["NextPageToken"] = 0 if token == 2 else token + 1
        return httpx.Response(200, json=body)

    assert len(list(pai_client(handler).list_runs(prefetch=1))) == 3
    assert seen == ["0", "1", "2"]


@pytest.mark.parametrize("prefetch", [2, 8])
def test_prefetch_above_one_is_refused_for_token_paging(prefetch: int) -> None:
    with pytest.raises(ValueError, match=f"prefetch must be 0 or 1 .* got {prefetch}"):
        fdry(runs_handler([])).list_model_studio_runs(RID, prefetch=prefetch)
    with pytest.raises(ValueError, match="prefetch must be 0 or 1"):
        pai_client(runs_handler([])).list_runs(max_results=10, prefetch=prefetch)


def test_page_number_paging_still_takes_any_prefetch() -> None:
    run = example("pai", "ListRuns")["Runs"][0]
    total, size = 25, 10
    requested: list[dict[str, str]] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            requested.append(dict(request.url.params))
        start = (int(request.url.params["PageNumber"]) - 1) * size
        runs = [{**run, "RunId": f"r{i}"} for i in range(start, min(start + size, total))]
        return httpx.Response(200, json={"Runs": runs, "TotalCount": total})

    walk = pai_client(handler).list_runs(page_size=size, prefetch=4)
    assert [r.run_id for r in walk] == [f"r{i}" for i in range(total)]
    numbers = sorted(int(params["PageNumber"]) for params in requested)
    # Four pages go out with the first; the total then says the fourth was not needed.
    assert numbers[:3] == [1, 2, 3]
    assert set(numbers) <= {1, 2, 3, 4}
    assert all("PageToken" not in params and "MaxResults" not in params for params in requested)


async def test_async_read_ahead_requests_the_next_page_before_this_one_is_consumed() -> None:
    for prefetch, ahead in ((0, 0), (1, 1)):
        seen: list[str | None] = []
        client = foundry.AsyncClient(
            token="t", hostname="h.example", http_client=ahttp(runs_handler(seen))
        )
        got: list[str] = []
        async for run in client.list_model_studio_runs(RID, prefetch=prefetch):
            if len(got) % SIZE == 0:
                page = len(got) // SIZE
                assert len(seen) == page + 1 + min(ahead, PAGES - 1 - page), (prefetch, page)
            got.append(run.run_id)
        assert got == ALL


async def test_async_read_ahead_error_and_limit() -> None:
    def answer(number: int) -> httpx.Response | None:
        return httpx.Response(500, json={"errorCode": "INTERNAL"}) if number == 2 else None

    seen: list[str | None] = []
    client = foundry.AsyncClient(
        token="t",
        hostname="h.example",
        max_retries=0,
        http_client=ahttp(runs_handler(seen, answer=answer)),
    )
    got, error = await until_error_async(client.list_model_studio_runs(RID, prefetch=1))
    assert isinstance(error, InternalServerError)
    assert got == ALL[: 2 * SIZE]
    seen.clear()
    limited = client.list_model_studio_runs(RID, limit=SIZE, prefetch=1)
    assert [run.run_id async for run in limited] == ALL[:SIZE]
    assert seen == [None]


class _HoldSecondPage:
    """An ASGI wrapper around a stub app: the second page is answered only once released."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stub = app.stub
        self.released = threading.Event()
        self.held: list[bool] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        second = scope["type"] == "http" and b"pageToken" in scope.get("query_string", b"")
        if second and not self.held:
            # A generous guard: a walk that waits for this answer first fails, never hangs.
            self.held.append(await asyncio.to_thread(self.released.wait, 30))
        await self.app(scope, receive, send)


def test_over_http_the_next_page_is_on_the_server_while_this_page_is_consumed() -> None:
    hold = _HoldSecondPage(create_app("foundry", runs=40))
    with StubServer("foundry", app=cast(Any, hold)) as server:
        client = foundry.Client(**cast(Any, server.client_options()))
        walk = client.list_model_studio_runs(RID_STUB, page_size=20, prefetch=1)
        got = []
        for run in walk:
            hold.released.set()  # page 1 in hand; page 2 is only answered now
            got.append(run)
        client.close()
    assert len(got) == 40
    assert hold.held == [True]


async def test_async_over_http_the_next_page_is_on_the_server_while_this_page_is_consumed() -> None:
    hold = _HoldSecondPage(create_app("foundry", runs=40))
    with StubServer("foundry", app=cast(Any, hold)) as server:
        async with foundry.AsyncClient(**cast(Any, server.client_options())) as client:
            walk = client.list_model_studio_runs(RID_STUB, page_size=20, prefetch=1)
            got = []
            async for run in walk:
                hold.released.set()
                got.append(run)
    assert len(got) == 40
    assert hold.held == [True]


# --- the default: a token walk reads one page ahead ------------------------------------------


def test_by_default_a_token_walk_reads_one_page_ahead_and_prefetch_0_does_not() -> None:
    for prefetch, ahead in ((None, 1), (0, 0)):  # None: the keyword's default
        seen: list[str | None] = []
        walk = fdry(runs_handler(seen)).list_model_studio_runs(RID, prefetch=prefetch)
        for count, _ in enumerate(walk):
            if count % SIZE == 0:
                page = count // SIZE
                assert len(seen) == page + 1 + min(ahead, PAGES - 1 - page), (prefetch, count)
        assert seen == [None, "t1", "t2", "t3"]


def test_by_default_a_page_number_walk_prefetches_nothing() -> None:
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params["PageNumber"])
        number = int(request.url.params["PageNumber"])
        runs = [{"RunId": f"run-{number}-{i}", "Name": "n"} for i in range(2)]
        return httpx.Response(200, json={"Runs": runs, "TotalCount": 6, "RequestId": "r"})

    walk = iter(pai_client(handler).list_runs(page_number=1, page_size=2))
    next(walk)
    assert seen == ["1"]


class _Counting:
    """An ASGI wrapper around a stub app that counts the list requests reaching it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stub = app.stub
        self.requests = 0
        #: The ``x-test-phase`` header of each request (a request cut on the wire may arrive late,
        #: after the phase that sent it: the header tells whose it is).
        self.phases: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.requests += 1
            self.phases.append(dict(scope["headers"]).get(b"x-test-phase", b"").decode())
        await self.app(scope, receive, send)


def _in_use(transport: DeadlineTransport | AsyncDeadlineTransport) -> list[Any]:
    """The transport's pooled connections still in use (neither idle nor closed)."""
    pool = transport.pool  # httpcore's public pool
    return [c for c in pool.connections if not c.is_idle() and not c.is_closed()]


def test_a_walk_stopped_early_sends_one_page_ahead_at_most_and_frees_its_connection() -> None:
    counting = _Counting(create_app("foundry", runs=100))
    sent: list[httpx.Request] = []
    with StubServer("foundry", app=cast(Any, counting)) as server:
        options = {**server.client_options(), "max_retries": 0}
        hooks = {"request": [sent.append]}
        transport = DeadlineTransport()  # the SDK's own, so the test can see its pool
        http = httpx.Client(event_hooks=hooks, transport=transport)
        with foundry.Client(**options, http_client=http) as client:
            for count, _ in enumerate(client.list_model_studio_runs(RID_STUB, page_size=10), 1):
                if count == 15:  # on the second page of ten
                    break
            assert _in_use(transport) == []
            # Two pages used, and the third sent ahead (on the wire before the second was
            # handed over): never more. The server may not have read that last one.
            assert len(sent) == 3
            assert 2 <= counting.requests <= 3
            sent.clear()
            walk = client.list_model_studio_runs(
                RID_STUB, page_size=10, prefetch=0, extra_headers={"x-test-phase": "2"}
            )
            assert len([run for _, run in zip(range(15), walk, strict=False)]) == 15
            assert _in_use(transport) == []
            assert len(sent) == 2
            assert counting.phases.count("2") == 2


async def test_an_async_default_walk_stopped_early_sends_one_page_ahead_at_most() -> None:
    counting = _Counting(create_app("foundry", runs=100))
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    with StubServer("foundry", app=cast(Any, counting)) as server:
        options = {**server.async_client_options(), "max_retries": 0}
        transport = AsyncDeadlineTransport()
        http = httpx.AsyncClient(event_hooks={"request": [record]}, transport=transport)
        async with foundry.AsyncClient(**options, http_client=http) as client:
            walk = client.list_model_studio_runs(RID_STUB, page_size=10)
            runs = cast(AsyncGenerator[Any], walk.__aiter__())
            async with contextlib.aclosing(runs):
                count = 0
                async for _ in runs:
                    count += 1
                    if count == 15:
                        break
            assert _in_use(transport) == []
            assert len(sent) == 3
            assert 2 <= counting.requests <= 3
