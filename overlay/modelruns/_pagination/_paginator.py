"""What both paginators share: the style registry, the call's checks, and one page's handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import httpx

from modelruns._engine_async import AsyncAPIClient
from modelruns._engine_sync import SyncAPIClient
from modelruns._exceptions import PaginationError
from modelruns._names import squash
from modelruns._operations import Operation, PaginationStyle
from modelruns._options import NOT_GIVEN, Body, Headers, Query
from modelruns._pagination._integer_token import _IntegerTokenWalk
from modelruns._pagination._offset import _OffsetWalk
from modelruns._pagination._page_number import _PageNumberWalk
from modelruns._pagination._pages import PageT, _Walk
from modelruns._pagination._single_page import _SinglePageWalk
from modelruns._pagination._token import _TokenWalk
from modelruns._pagination._window import _Budget, _check_bounds, _opening

ClientT = TypeVar("ClientT", SyncAPIClient, AsyncAPIClient)

#: The strategy of each ``x-modelruns-pagination`` style.
_WALKS: dict[str, type[_Walk]] = {
    "token": _TokenWalk,
    "integer-token": _IntegerTokenWalk,
    "page-number": _PageNumberWalk,
    "single-page": _SinglePageWalk,
    "offset": _OffsetWalk,
}


def _walk(op: Operation[Any], style: PaginationStyle, params: Mapping[str, Any]) -> _Walk:
    """A fresh walk of ``op`` in ``style`` from the caller's ``params``."""
    return _WALKS[style.style](op, style, params)


def _select_style(op: Operation[Any], given: Mapping[str, Any]) -> PaginationStyle:
    """The first style whose own paging parameters the caller passed, else the first style."""
    # `given` holds Python names (page_size), the spec wire names (PageSize): compare squashed.
    passed = {squash(key) for key, value in given.items() if value is not None}
    for style in op.pagination[1:]:
        names = (squash(n) for n in (style.page, style.page_size) if n)
        if any(name in passed for name in names):
            return style
    return op.pagination[0]


class _PaginatorBase(Generic[ClientT]):
    def __init__(
        self,
        client: ClientT,
        op: Operation[Any],
        given: Mapping[str, Any],
        *args: Any,
        limit: int | None = None,
        prefetch: int | None = None,
        timeout: Any = NOT_GIVEN,
        max_retries: Any = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> None:
        """Walk ``op`` called with path ``args`` and the keywords the caller ``given``.

        The extras go with every page's request (``extra_query`` under the paging parameters).
        """
        # The call's own arguments are checked first, as a direct call would check them.
        self._kwargs = client.request_kwargs(
            op,
            *args,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            **given,
        )
        self._client: ClientT = client
        self._op = op
        self._style = _select_style(op, given)
        if prefetch is None:  # by default a token walk reads one page ahead (see the package)
            prefetch = int(_WALKS[self._style.style].reads_ahead)
        _check_bounds(limit, prefetch)
        # The paging parameters travel in the query, or in the JSON body (`in: body`).
        self._place = "json" if self._style.location == "body" else "params"
        params = dict(self._kwargs.get(self._place) or {})
        # Parameters of the styles not used would confuse the server (PAI accepts both).
        for other in op.pagination:
            if other is not self._style:
                for name in other.request_names():
                    if name not in self._style.request_names():
                        params.pop(name, None)
        self._params = params
        self._limit = limit
        if prefetch > 1 and _WALKS[self._style.style].reads_ahead:
            raise ValueError(
                f"prefetch must be 0 or 1 when {op.operation_id} pages by token (each token "
                f"comes with the page before, so only one page can be read ahead), got {prefetch}"
            )
        self._prefetch = prefetch if self._style.style != "single-page" else 0
        self._timeout = timeout
        self._max_retries = max_retries
        #: The first page's request parameters and answer, already fetched (``with_raw_response``).
        self._seed: list[tuple[Any, httpx.Response]] = []

    def _first_request(self) -> dict[str, Any]:
        """The request of a walk's first page."""
        return self._request(self._new_walk())

    def _plant(self, kwargs: Mapping[str, Any], response: httpx.Response) -> None:
        """Keep the first page's answer, so the walk that ``parse()`` starts does not fetch it."""
        self._seed[:] = [(kwargs.get("params"), response)]

    def _seeded(self, kwargs: Mapping[str, Any]) -> httpx.Response | None:
        """The kept first page's answer, once, if ``kwargs`` is its request (else ``None``)."""
        if self._seed and self._seed[0][0] == kwargs.get("params"):
            try:
                return self._seed.pop()[1]
            except IndexError:  # another thread of a prefetched walk took it first
                return None
        return None

    def _new_walk(self) -> _Walk:
        return _walk(self._op, self._style, self._params)

    def _request(self, walk: _Walk, page: int | None = None) -> dict[str, Any]:
        kwargs = {**self._kwargs, self._place: walk.request_params(page)}
        # The caller's arguments were checked with the call: what fails now is the server's.
        problem = self._client.unsendable(kwargs)
        if problem is not None:
            field = walk.style.response_token or "page"
            raise PaginationError(
                f"{self._op.operation_id}: the server's {field} cannot be sent back: {problem}"
            )
        return kwargs

    def _ahead(self, walk: _Walk, model: Any, raw: Any, budget: _Budget) -> dict[str, Any] | None:
        """The request to read ahead after a decoded page, or ``None`` (no need, or unsafe).

        A page that reaches ``limit`` ends the walk, so nothing is requested past it.
        """
        token = walk.next_token(model, raw)
        if token is None or budget.reached_by(len(getattr(model, walk.items_attr))):
            return None
        ahead = {**self._kwargs, self._place: walk.token_params(token)}
        # A token that cannot be sent is not read ahead: the walk's next request says why.
        return ahead if self._client.unsendable(ahead) is None else None

    def _opening_window(self, walk: _PageNumberWalk) -> list[int]:
        """The page numbers requested together at the start of a prefetched walk."""
        return _opening(walk.page, walk.page_size, self._prefetch, self._limit)

    @staticmethod
    def _take(
        walk: _Walk,
        page_cls: type[PageT],
        answer: tuple[Any, Any],
        number: int,
        budget: _Budget,
    ) -> tuple[PageT, bool]:
        """Read one answered page ``(model, raw)``, cut at the limit; ``(page, last)``."""
        model, raw = answer
        page, more = walk.page_from(page_cls, model, raw, number)
        stop = budget.cut(page)
        return page, stop or not more
