"""``SyncPaginator``: drives any style's walk with blocking calls (and threads to prefetch)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Generator, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, Self

import httpx

from modelruns._deadline import Cancellation
from modelruns._engine_sync import SyncAPIClient
from modelruns._pagination._page_number import _PageNumberWalk
from modelruns._pagination._pages import ItemT, ResponseT, SyncPage, _Walk
from modelruns._pagination._paginator import _PaginatorBase
from modelruns._pagination._window import _ON_THE_WIRE, _Budget, _Window
from modelruns._response import RawResponse


class SyncPaginator(_PaginatorBase[SyncAPIClient], Generic[ItemT, ResponseT]):
    """Iterate to walk every item of every page; ``.pages()`` yields whole pages."""

    def _fetch(
        self, walk: _Walk, page: int | None = None, cancellation: Cancellation | None = None
    ) -> tuple[Any, Any]:
        kwargs = self._request(walk, page)
        seeded = self._seeded(kwargs)
        if seeded is not None:
            return self._client.decode(self._op, seeded)
        return self._client.send(
            self._op,
            kwargs,
            timeout=self._timeout,
            max_retries=self._max_retries,
            cancellation=cancellation,
        )

    def first_page_raw(self) -> RawResponse[Self]:
        """Fetch the first page as a ``RawResponse``; its ``parse()`` is this paginator, whose
        walk starts from that page instead of fetching it again."""
        kwargs = self._first_request()
        response = self._client.exchange(
            self._op, kwargs, timeout=self._timeout, max_retries=self._max_retries
        )
        self._plant(kwargs, response)
        return self._client.raw_response(response, lambda: self)

    def pages(self) -> Generator[SyncPage[ItemT, ResponseT]]:
        """Yield pages lazily until the last one (or ``limit`` items)."""
        if self._limit == 0:
            return
        walk = self._new_walk()
        budget = _Budget(self._limit)
        if self._prefetch and isinstance(walk, _PageNumberWalk):
            yield from self._prefetched(walk, budget)
            return
        if self._prefetch:
            yield from self._read_ahead(walk, budget)
            return
        while True:
            number = walk.number
            page, last = self._take(walk, SyncPage, self._fetch(walk), number, budget)
            yield page
            if last:
                return

    # Twin of AsyncPaginator._exchange: this one blocks (a sync trace), that one awaits.
    def _exchange(
        self,
        kwargs: Mapping[str, Any],
        sent: threading.Event | None = None,
        cancellation: Cancellation | None = None,
    ) -> httpx.Response:
        """Send and read the answer, not parse it; ``sent`` is set once it is on the wire."""

        def trace(name: str, info: Mapping[str, Any]) -> None:
            if sent is not None and name.endswith(_ON_THE_WIRE):
                sent.set()

        try:
            return self._seeded(kwargs) or self._client.exchange(
                self._op,
                kwargs,
                timeout=self._timeout,
                max_retries=self._max_retries,
                extensions={"trace": trace} if sent is not None else None,
                cancellation=cancellation,
            )
        finally:
            if sent is not None:
                sent.set()  # a transport without tracing: answered (or failed) counts as sent

    # Twin of AsyncPaginator._read_ahead: a thread where it has a task and asyncio.shield.
    def _read_ahead(self, walk: _Walk, budget: _Budget) -> Iterator[SyncPage[ItemT, ResponseT]]:
        # One request on a thread at most, which only sends and reads: each page is parsed and
        # decoded here, on the walk's thread, under one collector pause (a second thread
        # parsing would hold the GIL against it for nothing). Leaving the `with` waits for the
        # request, so an abandoned walk leaves no connection in use, and cuts it first (its
        # answer is never read), so the walk ends at once (Ctrl-C, an error, a break), not at
        # the call's timeout.
        cancellation = Cancellation()
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: Future[httpx.Response] | None = None
            response = self._exchange(self._request(walk))
            try:
                while True:
                    model, raw = self._client.decode(self._op, response)
                    ahead = self._ahead(walk, model, raw, budget)
                    if ahead is not None:
                        sent = threading.Event()
                        pending = pool.submit(self._exchange, ahead, sent, cancellation)
                        # The consumer holds the GIL: let the request reach the server first.
                        sent.wait()
                    page, last = self._take(walk, SyncPage, (model, raw), 0, budget)
                    yield page
                    if last:
                        return
                    if pending is None:
                        response = self._exchange(self._request(walk))
                    else:
                        response = pending.result()
                        pending = None
            finally:
                if pending is not None:
                    pending.cancel()
                    cancellation.cancel()

    # Twin of AsyncPaginator._prefetched: threads and futures where it has tasks.
    def _prefetched(
        self, walk: _PageNumberWalk, budget: _Budget
    ) -> Iterator[SyncPage[ItemT, ResponseT]]:
        # `prefetch` pages are in flight from the start; the first page's total then bounds them.
        cancellation = Cancellation()
        with ThreadPoolExecutor(max_workers=self._prefetch) as pool:
            window: _Window[Future[tuple[Any, Any]]] = _Window(
                self._opening_window(walk),
                self._prefetch,
                lambda number: pool.submit(self._fetch, walk, number, cancellation),
            )
            ended = False
            try:
                while window.pending:
                    number, future = window.pending.popleft()
                    page, last = self._take(walk, SyncPage, future.result(), number, budget)
                    if number == window.first:
                        for _, beyond in window.bound(walk.last_page(page)):
                            beyond.cancel()  # past the end: never read
                    yield page
                    if last:
                        break
                    window.refill()
                ended = True
            finally:
                # Leaving the pool's `with` then waits for those already running: a walk that
                # ends early (Ctrl-C, an error, a break) first cuts them, never to be read.
                for _, pending in window.left():
                    pending.cancel()
                if not ended:
                    cancellation.cancel()

    def __iter__(self) -> Iterator[ItemT]:
        with contextlib.closing(self.pages()) as pages:
            for page in pages:
                yield from page.items
