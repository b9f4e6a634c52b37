"""Walks over faulty stub servers: every run exactly once, in order; nothing left open."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from modelruns import dataplatform, foundry, nsml, pai
from modelruns._retry import RetryPolicy
from modelruns._run import to_run
from modelruns._specs import Provider, load_spec
from modelruns.stubs import Faults, StubServer, create_app

RUNS = 10_000
PAGE = 100
FOUNDRY_RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]
# 30% of requests fail: throttled, unavailable, or the connection dropped mid-response.
FAULTS = Faults(throttle=0.1, unavailable=0.1, drop=0.1)


async def _no_wait(seconds: float) -> None:
    return None


NO_WAIT = RetryPolicy(max_retries=15, sleep=lambda seconds: None, async_sleep=_no_wait)


MODULES = {"foundry": foundry, "dataplatform": dataplatform, "pai": pai, "nsml": nsml}


def _sync_client(provider: Provider, server: StubServer, **options: Any) -> Any:
    return MODULES[provider].Client(**server.client_options(), **options)


def _async_client(provider: Provider, server: StubServer, **options: Any) -> Any:
    return MODULES[provider].AsyncClient(**server.client_options(), **options)


def _walk(client: Any, provider: Provider, **paging: Any) -> Any:
    """The provider's run-list paginator, pages of `PAGE` runs."""
    if provider == "foundry":
        return client.list_model_studio_runs(FOUNDRY_RID, page_size=PAGE, **paging)
    if provider == "dataplatform":
        return client.list_model_runs(max_results=PAGE, **paging)
    if provider == "pai":
        if paging.get("prefetch", 0) > 1:  # page-number paging; prefetch=1 reads tokens ahead
            return client.list_runs(page_size=PAGE, **paging)
        return client.list_runs(max_results=PAGE, **paging)
    return client.get_run_list(page_size=PAGE, **paging)


def _run_id(run: Any) -> str:
    return to_run(run).id


def _counting_faults(app: Any, monkeypatch: pytest.MonkeyPatch) -> Counter[str | None]:
    """Count the stub's fault decisions, so a test can show the faults really hit."""
    counts: Counter[str | None] = Counter()
    draw: Callable[[], str | None] = app._draw_fault

    def counted() -> str | None:
        fault = draw()
        counts[fault] += 1
        return fault

    monkeypatch.setattr(app, "_draw_fault", counted)
    return counts


@pytest.fixture(scope="module")
def expected() -> dict[Provider, list[str]]:
    """Each provider's run ids in walk order, from a fault-free stub with the same seed."""
    found: dict[Provider, list[str]] = {}
    for provider in ("foundry", "dataplatform", "pai", "nsml"):
        with StubServer(provider, runs=RUNS) as server, _sync_client(provider, server) as client:
            found[provider] = [_run_id(run) for run in _walk(client, provider)]
    return found


PROVIDERS: list[Provider] = ["foundry", "dataplatform", "pai", "nsml"]


@pytest.mark.slow
@pytest.mark.parametrize("provider", PROVIDERS)
def test_sync_walk_through_faults_yields_every_run_once_in_order(
    provider: Provider, expected: dict[Provider, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(provider, runs=RUNS, faults=FAULTS)
    faults = _counting_faults(app, monkeypatch)
    with (
        StubServer(provider, app=app) as server,
        _sync_client(provider, server, retry_policy=NO_WAIT) as client,
    ):
        ids = [_run_id(run) for run in _walk(client, provider)]
    assert len(set(expected[provider])) == RUNS
    assert ids == expected[provider]
    assert min(faults["throttle"], faults["unavailable"], faults["drop"]) > 0


@pytest.mark.slow
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_async_walk_through_faults_yields_every_run_once_in_order(
    provider: Provider, expected: dict[Provider, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(provider, runs=RUNS, faults=FAULTS)
    faults = _counting_faults(app, monkeypatch)
    with StubServer(provider, app=app) as server:
        async with _async_client(provider, server, retry_policy=NO_WAIT) as client:
            ids = [_run_id(run) async for run in _walk(client, provider)]
    assert ids == expected[provider]
    assert min(faults["throttle"], faults["unavailable"], faults["drop"]) > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("provider", "prefetch"), [("pai", 4), ("nsml", 4), ("foundry", 1), ("dataplatform", 1)]
)
def test_prefetched_walk_through_faults_yields_every_run_once_in_order(
    provider: Provider,
    prefetch: int,
    expected: dict[Provider, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(provider, runs=RUNS, faults=FAULTS)
    faults = _counting_faults(app, monkeypatch)
    with (
        StubServer(provider, app=app) as server,
        _sync_client(provider, server, retry_policy=NO_WAIT) as client,
    ):
        ids = [_run_id(run) for run in _walk(client, provider, prefetch=prefetch)]
    assert ids == expected[provider]
    assert sum(n for fault, n in faults.items() if fault) > 0


def _busy(client: Any) -> list[Any]:
    """The client's pooled connections that are still in use (not idle, not closed)."""
    pool = client._transport.pool
    return [c for c in pool.connections if not c.is_idle() and not c.is_closed()]


def _others() -> list[asyncio.Task[Any]]:
    """The loop's tasks but this one: an abandoned walk's finaliser and its requests."""
    return [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]


async def _settled(client: Any, rounds: int = 1000) -> list[Any]:
    """What is still busy once the walk's finaliser and its requests have all finished.

    An abandoned walk is closed by the loop's finaliser, and its close waits for the requests
    already on the wire (the stub answers each after its injected latency). No connection in
    use is not enough to call it done: a request of the walk can sit between the pool and an
    idle connection for a turn of the loop. So wait for every other task too: poll, bounded.
    """
    for _ in range(rounds):
        if not _busy(client) and not _others():
            break
        await asyncio.sleep(0.01)
    return _busy(client)


async def _in_flight(client: Any, rounds: int = 1000) -> list[Any]:
    """The connections in use once a request the gate holds has reached one (bounded poll)."""
    for _ in range(rounds):
        if _busy(client):
            break
        await asyncio.sleep(0.01)
    return _busy(client)


class _Gate:
    """Holds a stub's answers while closed, and counts the requests that reached it.

    An explicit event, so "requests are in flight" does not depend on the machine answering
    within the injected latency. Each held answer waits at most `HOLD_SECONDS`, so a test that
    fails to open the gate fails rather than hangs.
    """

    HOLD_SECONDS = 20.0

    def __init__(self, app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.arrived = 0
        self._lock = threading.Lock()
        dispatch = app._dispatch

        async def held(scope: Any, receive: Any, send: Any) -> None:
            with self._lock:
                self.arrived += 1

            async def send_when_open(message: Any) -> None:
                ends = time.monotonic() + self.HOLD_SECONDS
                while not self.open.is_set() and time.monotonic() < ends:
                    await asyncio.sleep(0.005)
                await send(message)

            await dispatch(scope, receive, send_when_open)

        monkeypatch.setattr(app, "_dispatch", held)


def _pool_size(client: Any) -> int:
    return len(client._transport.pool.connections)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_breaking_out_of_a_sync_walk_leaves_no_connection_in_use(provider: Provider) -> None:
    with StubServer(provider, runs=5 * PAGE) as server:
        client = _sync_client(provider, server)
        for _ in _walk(client, provider):
            break
        assert _busy(client) == []
        client.close()
        assert _pool_size(client) == 0


# Past the first two pages the prefetch window is refilled, so requests are in flight.
INTO_THIRD_PAGE = 2 * PAGE + 1
# Requests stay on the wire for a while. The sync tests rely on it; the async ones close a
# `_Gate` at the page they stop at, which holds every answer not yet sent, so requests are
# certainly in flight when they check (they assert that first, so they cannot pass vacuously).
SLOW = Faults(latency_ms=400)


# Page-number walks keep 8 pages in flight; token walks read one page ahead.
PREFETCHED: list[tuple[Provider, int]] = [
    ("pai", 8),
    ("nsml", 8),
    ("foundry", 1),
    ("dataplatform", 1),
    ("pai", 1),
]


@pytest.mark.parametrize(("provider", "prefetch"), PREFETCHED)
def test_breaking_out_of_a_prefetched_sync_walk_leaves_no_connection_in_use(
    provider: Provider, prefetch: int
) -> None:
    with StubServer(provider, runs=20 * PAGE, faults=SLOW) as server:
        client = _sync_client(provider, server)
        for count, _ in enumerate(_walk(client, provider, prefetch=prefetch), 1):
            if count == INTO_THIRD_PAGE:
                break
        assert _busy(client) == []
        client.close()
        assert _pool_size(client) == 0


@pytest.mark.parametrize(("provider", "prefetch"), [(p, 0) for p in PROVIDERS] + PREFETCHED)
async def test_cancelling_an_async_walk_leaves_no_connection_in_use(
    provider: Provider, prefetch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(provider, runs=20 * PAGE, faults=SLOW)
    gate = _Gate(app, monkeypatch)
    with StubServer(provider, app=app) as server:
        client = _async_client(provider, server)
        reached = asyncio.Event()
        paging = {"prefetch": prefetch} if prefetch else {}

        async def consume() -> None:
            async for count, _ in _aenumerate(_walk(client, provider, **paging)):
                if count == INTO_THIRD_PAGE:
                    gate.open.clear()  # answers from here on are held: requests stay in flight
                    reached.set()

        task = asyncio.create_task(consume())
        await reached.wait()
        assert await _in_flight(client), "nothing was in flight: the test would prove nothing"
        task.cancel()
        gate.open.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert _busy(client) == []
        await client.close()
        assert _pool_size(client) == 0


@pytest.mark.parametrize(("provider", "prefetch"), PREFETCHED)
async def test_closing_a_prefetched_async_walk_leaves_no_connection_in_use(
    provider: Provider, prefetch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(provider, runs=20 * PAGE, faults=SLOW)
    gate = _Gate(app, monkeypatch)
    with StubServer(provider, app=app) as server:
        client = _async_client(provider, server)
        runs = aiter(_walk(client, provider, prefetch=prefetch))
        async with contextlib.aclosing(runs):
            for _ in range(INTO_THIRD_PAGE):
                await anext(runs)
            gate.open.clear()
            assert await _in_flight(client), "nothing was in flight: the test would prove nothing"
            gate.open.set()  # the close below starts before any held answer can be read
        assert _busy(client) == []
        await client.close()
        assert _pool_size(client) == 0


@pytest.mark.parametrize(("provider", "prefetch"), PREFETCHED)
async def test_breaking_out_of_a_prefetched_async_walk_leaves_no_connection_in_use(
    provider: Provider, prefetch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(provider, runs=20 * PAGE, faults=SLOW)
    gate = _Gate(app, monkeypatch)
    with StubServer(provider, app=app) as server:
        client = _async_client(provider, server)
        async for count, _ in _aenumerate(_walk(client, provider, prefetch=prefetch)):
            if count == INTO_THIRD_PAGE:
                gate.open.clear()
                break
        assert await _in_flight(client), "nothing was in flight: the test would prove nothing"
        gate.open.set()
        # The abandoned walk is closed by the event loop's finaliser, after the break.
        assert await _settled(client) == []
        assert _others() == []
        await client.close()
        assert _pool_size(client) == 0


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
@pytest.mark.parametrize(("provider", "prefetch"), PREFETCHED)
async def test_closing_the_client_right_after_breaking_out_leaves_no_connection_behind(
    provider: Provider, prefetch: int, turns: int
) -> None:
    # The walk is abandoned and the client closed before the loop's finaliser closes the walk:
    # a request the walk had started must not be given a connection in the closed pool
    # (httpcore does that for a request still between the pool and a connection). The few
    # turns of the loop let such a request get that far, if the walk left one there.
    with StubServer(provider, runs=20 * PAGE, faults=SLOW) as server:
        client = _async_client(provider, server, retry_policy=NO_WAIT)
        async for count, _ in _aenumerate(_walk(client, provider, prefetch=prefetch)):
            if count == INTO_THIRD_PAGE:
                break
        await _turns(turns)
        await client.close()
        # The finaliser then ends the walk: its requests fail (the client is closed).
        assert await _settled(client) == []
        assert _others() == []
        assert _pool_size(client) == 0


@pytest.mark.parametrize("provider", ["pai", "nsml"])
async def test_async_page_number_prefetch_sends_n_requests_from_the_first(
    provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same promise as the sync walk: before the first page is answered, N are in flight.
    prefetch = 6
    app = create_app(provider, runs=20 * PAGE, faults=SLOW)
    gate = _Gate(app, monkeypatch)
    gate.open.clear()  # no page is answered until the test has counted
    with StubServer(provider, app=app) as server:
        async with _async_client(provider, server) as client:
            runs = aiter(_walk(client, provider, prefetch=prefetch))
            first = asyncio.ensure_future(anext(runs))
            try:
                in_flight = await _in_flight_count(gate, prefetch)
                answered = first.done()
                busy = len(_busy(client))
            finally:
                gate.open.set()  # the walk then ends in any case, so nothing is left running
                ids = [_run_id(await first)] + [_run_id(run) async for run in runs]
        assert not answered, "the first page was answered: the gate did not hold"
        assert in_flight == prefetch
        assert busy == prefetch
        assert gate.arrived == 20  # every page once: none past the total
    # The same runs in the same order as a plain walk (a stub without latency, same seed).
    with StubServer(provider, runs=20 * PAGE) as plain, _sync_client(provider, plain) as sync:
        assert ids == [_run_id(run) for run in _walk(sync, provider)]
    assert len(ids) == 20 * PAGE


async def _in_flight_count(gate: _Gate, expected: int, rounds: int = 1000) -> int:
    """How many requests reached the held stub, once ``expected`` have (or the poll ends)."""
    for _ in range(rounds):
        if gate.arrived >= expected:
            break
        await asyncio.sleep(0.01)
    await _turns(20)  # a request past `expected` would have reached the stub by now too
    await asyncio.sleep(0.1)
    return gate.arrived


async def _aenumerate(items: Any) -> Any:
    count = 0
    async for item in items:
        count += 1
        yield count, item


async def _turns(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)
