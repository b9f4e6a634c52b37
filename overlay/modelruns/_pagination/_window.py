"""What bounds a walk, whatever its style: the ``limit`` on items and the prefetch window.

No I/O here: ``_Window`` is told how to start a page's request (a thread's future or a task) and
keeps the order, the size and the end of the pages in flight; the paginators wait on them.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from modelruns._pagination._pages import BasePage

# More pages in flight than this only adds load on the server, never speed.
_MAX_PREFETCH = 64

# httpcore's trace event once a request is fully sent and the server's answer is awaited.
_ON_THE_WIRE = "receive_response_headers.started"

PendingT = TypeVar("PendingT")


def _check_bounds(limit: Any, prefetch: Any) -> None:
    """Raise ``TypeError`` or ``ValueError`` naming a ``limit`` or ``prefetch`` out of range."""
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
        raise TypeError(f"limit must be an integer or None, got {type(limit).__name__}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    if not isinstance(prefetch, int) or isinstance(prefetch, bool):
        raise TypeError(f"prefetch must be an integer, got {type(prefetch).__name__}")
    if not 0 <= prefetch <= _MAX_PREFETCH:
        raise ValueError(f"prefetch must be between 0 and {_MAX_PREFETCH}, got {prefetch}")


class _Budget:
    """What ``limit`` leaves of one walk: pages are cut at it, nothing is requested past it."""

    __slots__ = ("limit", "yielded")

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.yielded = 0

    def reached_by(self, count: int) -> bool:
        """Whether ``count`` more items reach the limit."""
        return self.limit is not None and self.yielded + count >= self.limit

    def cut(self, page: BasePage[Any, Any]) -> bool:
        """Cut ``page`` at the limit and count its items; whether the walk stops with it."""
        stop = False
        if self.limit is not None and len(page.items) >= self.limit - self.yielded:
            page.items = page.items[: self.limit - self.yielded]
            stop = True
        self.yielded += len(page.items)
        return stop


def _opening(first: int, page_size: int | None, prefetch: int, limit: int | None) -> list[int]:
    """The page numbers requested together at the start of a prefetched walk.

    The total is unknown until the first page answers, so the next ``prefetch - 1`` pages go
    out alongside it (a short walk wastes at most those); a ``limit`` that the known page size
    covers with fewer pages trims them.
    """
    count = prefetch
    if limit is not None:
        if not page_size:
            return [first]
        count = min(count, max(math.ceil(limit / page_size), 1))
    return list(range(first, first + max(count, 1)))


class _Window(Generic[PendingT]):
    """The pages of a page-number walk in flight, in page order, at most ``size`` of them.

    ``start(number)`` sends page ``number``'s request and returns what to wait on. Once the
    first page tells the last (``bound``), pages past it are dropped unread and none is
    started past it.
    """

    def __init__(self, opening: list[int], size: int, start: Callable[[int], PendingT]) -> None:
        self._start = start
        self.size = size
        self.first = opening[0]
        self.last: int | None = None
        self.pending: deque[tuple[int, PendingT]] = deque((n, start(n)) for n in opening)
        #: Pages started but past the end: never read, only cleaned up.
        self.dropped: list[tuple[int, PendingT]] = []
        self._next = opening[-1] + 1

    def bound(self, last: int | None) -> list[tuple[int, PendingT]]:
        """Note the last page (``None``: unknown); the pages dropped as past it."""
        self.last = last
        dropped: list[tuple[int, PendingT]] = []
        while self.pending and last is not None and self.pending[-1][0] > last:
            dropped.append(self.pending.pop())
        self.dropped.extend(dropped)
        return dropped

    def refill(self) -> None:
        """Start pages until ``size`` are in flight or the last page is."""
        while len(self.pending) < self.size and (self.last is None or self._next <= self.last):
            self.pending.append((self._next, self._start(self._next)))
            self._next += 1

    def left(self) -> list[tuple[int, PendingT]]:
        """Every page started and not yet read: to cancel or wait for when the walk ends."""
        return [*self.pending, *self.dropped]
