"""``AsyncPaginator``: drives any style's walk with awaits (and tasks to prefetch).

Prefetching keeps the sync walk's promises: ``prefetch=N`` page-number requests in flight from
the first on, one token page read ahead. One more rule is the async walk's own. A walk that is
abandoned (``break`` without ``aclosing``) is closed later, by the event loop's finaliser, and
the client may be closed first. A request the walk had started and that was still between the
pool and its connection then (assigned an idle connection, not yet sent on it) is given a fresh
connection in the closed pool by httpcore (``ConnectionNotAvailable``, retried inside the
pool): a connection that nothing closes. So the walk hands a page to its consumer only once
every request it has started is on the wire (httpcore's trace) or answered; a pool closed then
shuts those connections, and the requests fail quietly into the walk's clean-up. Two limits: a
transport that does not trace (httpx's ``MockTransport``, ``ASGITransport``) counts a request
as sent once answered, so there a page is handed over once the window's requests are answered
(they still run concurrently); and a request the client retries is, for its new attempt, in
that state again for a turn of the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, Self

import httpx

from modelruns._deadline import Cancellation
from modelruns._engine_async import AsyncAPIClient
from modelruns._pagination._page_number import _PageNumberWalk
from modelruns._pagination._pages import AsyncPage, ItemT, ResponseT, _Walk
from modelruns._pagination._paginator import _PaginatorBase
from modelruns._pagination._window import _ON_THE_WIRE, _Budget, _Window
from modelruns._response import RawResponse


def _tracing(sent: asyncio.Event | None) -> dict[str, Any] | None:
    """Request extensions that set ``sent`` once the request is on the wire (``None``: none)."""
    if sent is None:
        return None

    async def trace(name: str, info: Mapping[str, Any]) -> None:
        if name.endswith(_ON_THE_WIRE):
            sent.set()

    return {"trace": trace}


def _cancelling() -> bool:
    """Whether the running task is being cancelled (as ``asyncio.run`` does on Ctrl-C)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


class _InFlight:
    """One prefetched page's request, as a task, and how far it has gone."""

    __slots__ = ("begun", "sent", "task")

    def __init__(self, fetch: Callable[[asyncio.Event], Awaitable[tuple[Any, Any]]]) -> None:
        self.begun = False
        self.sent = asyncio.Event()
        self.task = asyncio.ensure_future(self._run(fetch))

    async def _run(self, fetch: Callable[[asyncio.Event], Awaitable[tuple[Any, Any]]]) -> Any:
        self.begun = True
        return await fetch(self.sent)


# Twin of SyncPaginator (openai-python keeps the same pair): the steps are the same, but one
# blocks and one awaits, and the waits differ (threads and futures, tasks and shields).
class AsyncPaginator(_PaginatorBase[AsyncAPIClient], Generic[ItemT, ResponseT]):
    """``async for`` walks every item of every page; ``.pages()`` yields whole pages."""

    async def _fetch(
        self,
        walk: _Walk,
        page: int | None = None,
        sent: asyncio.Event | None = None,
        *,
        cancellation: Cancellation | None = None,
    ) -> tuple[Any, Any]:
        kwargs = self._request(walk, page)
        seeded = self._seeded(kwargs)
        if seeded is not None:
            if sent is not None:
                sent.set()
            return self._client.decode(self._op, seeded)
        try:
            return await self._client.send(
                self._op,
                kwargs,
                timeout=self._timeout,
                max_retries=self._max_retries,
                extensions=_tracing(sent),
                cancellation=cancellation,
            )
        finally:
            if sent is not None:
                sent.set()  # a transport without tracing: answered (or failed) counts as sent

    # Twin of SyncPaginator.first_page_raw: this one awaits the first page.
    async def first_page_raw(self) -> RawResponse[Self]:
        """Fetch the first page as a ``RawResponse``; its ``parse()`` is this paginator, whose
        walk starts from that page instead of fetching it again."""
        kwargs = self._first_request()
        response = await self._client.exchange(
            self._op, kwargs, timeout=self._timeout, max_retries=self._max_retries
        )
        self._plant(kwargs, response)
        return self._client.raw_response(response, lambda: self)

    # Twin of SyncPaginator._exchange: this one awaits (an async trace), that one blocks.
    async def _exchange(
        self,
        kwargs: Mapping[str, Any],
        sent: asyncio.Event | None = None,
        cancellation: Cancellation | None = None,
    ) -> httpx.Response:
        """Send and read the answer, not parse it; ``sent`` is set once it is on the wire."""
        try:
            return self._seeded(kwargs) or await self._client.exchange(
                self._op,
                kwargs,
                timeout=self._timeout,
                max_retries=self._max_retries,
                extensions=_tracing(sent),
                cancellation=cancellation,
            )
        finally:
            if sent is not None:
                sent.set()  # a transport without tracing: answered (or failed) counts as sent

    # Twin of SyncPaginator._read_ahead: a task and asyncio.shield where it has a thread.
    async def _read_ahead(
        self, walk: _Walk, budget: _Budget
    ) -> AsyncGenerator[AsyncPage[ItemT, ResponseT]]:
        # The task only sends and reads; each page is parsed and decoded by the walk, as the
        # sync twin's thread leaves it to the walk's own thread.
        pending: asyncio.Task[httpx.Response] | None = None
        begun: list[asyncio.Task[Any] | None] = []
        cancellation = Cancellation()

        async def fetch_ahead(kwargs: Mapping[str, Any], sent: asyncio.Event) -> Any:
            begun.append(asyncio.current_task())
            return await self._exchange(kwargs, sent, cancellation)

        response = await self._exchange(self._request(walk))
        interrupted = False
        try:
            while True:
                model, raw = self._client.decode(self._op, response)
                ahead = self._ahead(walk, model, raw, budget)
                if ahead is not None:
                    sent = asyncio.Event()
                    pending = asyncio.ensure_future(fetch_ahead(ahead, sent))
                    # The consumer blocks the loop: let the request reach the server first
                    # (and the page is handed over only with it on the wire, see the module).
                    await sent.wait()
                page, last = self._take(walk, AsyncPage, (model, raw), 0, budget)
                yield page
                if last:
                    return
                if pending is None:
                    response = await self._exchange(self._request(walk))
                else:
                    # Shielded: cancelling the walk must not cancel a request on the wire.
                    response = await asyncio.shield(pending)
                    pending = None
        except BaseException as error:
            interrupted = not isinstance(error, GeneratorExit)
            raise
        finally:
            # As for page-number prefetch: a request not yet started is cancelled, one on the
            # wire is waited for (within the client's timeout) when the walk is closed, and its
            # connection cut when it is interrupted or closed as its task is cancelled (Ctrl-C);
            # no connection is in use once the walk has ended.
            if pending is not None:
                if pending not in begun:
                    pending.cancel()
                elif interrupted or _cancelling():
                    cancellation.cancel()  # its connection shut: it fails at once
                await asyncio.gather(pending, return_exceptions=True)

    # Twin of SyncPaginator._prefetched: tasks where it has a thread pool.
    async def _prefetched(
        self, walk: _PageNumberWalk, budget: _Budget
    ) -> AsyncGenerator[AsyncPage[ItemT, ResponseT]]:
        # As the sync twin: `prefetch` pages in flight from the first request on, as tasks.
        cancellation = Cancellation()
        window: _Window[_InFlight] = _Window(
            self._opening_window(walk),
            self._prefetch,
            lambda number: _InFlight(
                functools.partial(self._fetch, walk, number, cancellation=cancellation)
            ),
        )
        interrupted = False
        try:
            while window.pending:
                # Shielded and kept in the window while awaited: cancelling the walk must not
                # cancel a request on the wire (see the clean-up below).
                number, flight = window.pending[0]
                answer = await asyncio.shield(flight.task)
                window.pending.popleft()
                page, last = self._take(walk, AsyncPage, answer, number, budget)
                if number == window.first:
                    window.bound(walk.last_page(page))  # past the end: never read
                # The page is handed over only with every request started on the wire (see the
                # module): a walk abandoned now, and closed by the loop's finaliser only after
                # the client, has no request left between the pool and a connection.
                for _, started in window.left():
                    await started.sent.wait()
                yield page
                if last:
                    return
                window.refill()
        except BaseException as error:
            interrupted = not isinstance(error, GeneratorExit)
            raise
        finally:
            # Requests not yet begun are cancelled; those begun are waited for (each within the
            # client's timeout) when the walk is closed: cancelling an httpx request mid-flight
            # can leave its pooled connection marked active for good. A walk interrupted
            # (Ctrl-C, a cancelled task, an error, even in its consumer's loop) cuts their
            # connections instead, so they fail at once. Either way no connection is in use
            # once the walk has ended.
            left = [flight for _, flight in window.left()]
            for flight in left:
                if not flight.begun:
                    flight.task.cancel()
            if interrupted or _cancelling():  # or closed as its consumer's task is cancelled
                cancellation.cancel()  # the connections of those begun shut: they fail at once
            await asyncio.gather(*(flight.task for flight in left), return_exceptions=True)

    async def pages(self) -> AsyncGenerator[AsyncPage[ItemT, ResponseT]]:
        """Yield pages lazily until the last one (or ``limit`` items)."""
        if self._limit == 0:
            return
        walk = self._new_walk()
        budget = _Budget(self._limit)
        if self._prefetch:
            # Closed with this walk (not when the loop finalises it): its requests are waited for.
            ahead = (
                self._prefetched(walk, budget)
                if isinstance(walk, _PageNumberWalk)
                else self._read_ahead(walk, budget)
            )
            async with contextlib.aclosing(ahead) as pages_ahead:
                async for page_ahead in pages_ahead:
                    yield page_ahead
            return
        while True:
            number = walk.number
            page, last = self._take(walk, AsyncPage, await self._fetch(walk), number, budget)
            yield page
            if last:
                return

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        # Closing this walk closes the page walk at once (not when the loop finalises it), so
        # prefetched requests are cancelled and their connections released before it returns.
        async with contextlib.aclosing(self.pages()) as pages:
            async for page in pages:
                for item in page.items:
                    yield item
