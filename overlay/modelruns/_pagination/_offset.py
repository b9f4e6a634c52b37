"""``offset``: skip the items already read (``offset`` += the page's length) until a page is empty.

The answer carries no token and no total, so only an empty page ends the walk. The next offset
is known as soon as a page is parsed, so one page can be read ahead. A server that ignores the
offset would answer the same page for ever: two consecutive identical pages raise
``PaginationError`` instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelruns._exceptions import PaginationError
from modelruns._operations import Operation, PaginationStyle
from modelruns._pagination._pages import PageT, _Walk


class _OffsetWalk(_Walk):
    """``offset``: skip the items already read until a page is empty."""

    reads_ahead = True

    def __init__(
        self, op: Operation[Any], style: PaginationStyle, params: Mapping[str, Any]
    ) -> None:
        super().__init__(op, style, params)
        self.offset = int(self.params.get(style.offset or "") or 0)
        self.previous: Any = None

    def request_params(self, page: int | None = None) -> dict[str, Any]:
        return {**self.params, self.style.offset or "": self.offset}

    def next_token(self, model: Any, raw: Any) -> Any:
        """The offset after page ``raw`` (``None``: the page ends the walk)."""
        items = raw.get(self.style.items) if isinstance(raw, Mapping) else None
        if not isinstance(items, list) or not items or items == self.previous:
            return None
        return self.offset + len(items)

    def token_params(self, token: Any) -> dict[str, Any]:
        return {**self.params, self.style.offset or "": token}

    def page_from(
        self, page_cls: type[PageT], model: Any, raw: Mapping[str, Any], number: int
    ) -> tuple[PageT, bool]:
        items, _ = self.items_and_total(model, raw)
        wire = raw.get(self.style.items)
        if items and wire == self.previous:
            raise PaginationError(
                f"{self.op.operation_id}: the server answered the same page at offset "
                f"{self.offset} as before; it does not advance"
            )
        self.previous = wire
        self.offset += len(items)
        next_params = {self.style.offset or "": self.offset} if items else None
        return page_cls(items, model, None, None, None, next_params), bool(items)
