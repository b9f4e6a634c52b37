"""``token``: send the response token back until it is absent (cycles are caught)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelruns._exceptions import PaginationError
from modelruns._operations import Operation, PaginationStyle
from modelruns._pagination._cycles import _TokenMemory
from modelruns._pagination._pages import PageT, _Walk


class _TokenWalk(_Walk):
    """``token``: send the response token back until it is absent (cycles are caught).

    The token is known as soon as a page is decoded, so the next request can go out while this
    page is used (``reads_ahead``); only one page can be ahead.
    """

    reads_ahead = True

    def __init__(
        self, op: Operation[Any], style: PaginationStyle, params: Mapping[str, Any]
    ) -> None:
        super().__init__(op, style, params)
        self.memory = _TokenMemory()
        self.token = self._token_or_none(self.params.get(style.request_token or ""))
        if self.token is not None:
            self.memory.remember(self.token)

    def _token_or_none(self, token: Any) -> Any:
        """``token``, or ``None`` where it says there is no next page."""
        return token

    def request_params(self, page: int | None = None) -> dict[str, Any]:
        params = dict(self.params)
        if self.token is None:
            params.pop(self.style.request_token or "", None)
        else:
            params[self.style.request_token or ""] = self.token
        return params

    def next_token(self, model: Any, raw: Any) -> Any:
        """The token a decoded page leads to, if following it cannot fail (else ``None``).

        A page that ends the walk, cannot advance, repeats a token or is malformed gives
        ``None``: no request is read ahead for it, and ``page_from`` decides as it always does.
        The items are the model's (the JSON's token is a value the model holds as it came, so
        a typed decode's ``LazyJSON`` answers it without parsing the text).
        """
        if not isinstance(raw, Mapping):
            return None
        token = self._token_or_none(raw.get(self.style.response_token or ""))
        if (
            not isinstance(token, str | int)
            or isinstance(token, bool)
            or self.memory.seen_before(token)
        ):
            return None
        items = getattr(model, self.items_attr, None)
        return token if isinstance(items, list) and items else None

    def page_from(
        self, page_cls: type[PageT], model: Any, raw: Mapping[str, Any], number: int
    ) -> tuple[PageT, bool]:
        style = self.style
        items, total = self.items_and_total(model, raw)
        token = self._token_or_none(raw.get(style.response_token or ""))
        if token is not None:
            if not items:
                raise PaginationError(
                    f"{self.op.operation_id}: an empty page carried next token {token!r}; "
                    "pagination cannot advance"
                )
            if self.memory.seen_before(token):
                raise PaginationError(
                    f"{self.op.operation_id}: the server repeated page token {token!r}"
                )
            self.memory.remember(token)
        self.token = token
        next_params = (
            {style.request_token: token} if token is not None and style.request_token else None
        )
        return page_cls(items, model, token, total, None, next_params), token is not None
