"""``page-number``: count pages from ``first_page`` until the ``total`` or a short page.

Pages are requested by number, so several can be in flight at once (``prefetch=N``, see
``_window``). A walk that meets an empty page before the ``total`` it was promised raises
``PaginationError`` rather than end short.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from modelruns._exceptions import PaginationError
from modelruns._operations import Operation, PaginationStyle
from modelruns._pagination._pages import BasePage, PageT, _Walk


class _PageNumberWalk(_Walk):
    """``page-number``: count pages from ``first_page`` until the ``total`` or a short page."""

    numbered = True

    def __init__(
        self, op: Operation[Any], style: PaginationStyle, params: Mapping[str, Any]
    ) -> None:
        super().__init__(op, style, params)
        self.page = int(self.params.get(style.page or "", style.first_page))
        size = self.params.get(style.page_size or "")
        self.page_size: int | None = int(size) if size is not None else None

    @property
    def number(self) -> int:
        return self.page

    def request_params(self, page: int | None = None) -> dict[str, Any]:
        return {**self.params, self.style.page or "": self.page if page is None else page}

    def last_page(self, page: BasePage[Any, Any]) -> int | None:
        """The last page number a page's total implies (``None``: unknown)."""
        total = page.total_count
        size = self.page_size or 1
        return (self.style.first_page + math.ceil(total / size) - 1) if total else None

    def page_from(
        self, page_cls: type[PageT], model: Any, raw: Mapping[str, Any], number: int
    ) -> tuple[PageT, bool]:
        style = self.style
        items, total = self.items_and_total(model, raw)
        if self.page_size is None and items:
            self.page_size = len(items)
        size = self.page_size or len(items) or 1
        if total is not None and items:
            last = style.first_page + max(math.ceil(total / size), 1) - 1
            if number > last:
                raise PaginationError(
                    f"{self.op.operation_id}: page {number} is beyond the total of {total} "
                    f"({last} pages of {size}) yet the server keeps returning items"
                )
        done_before = (number - style.first_page) * size
        if not items and total is not None and done_before < total:
            raise PaginationError(
                f"{self.op.operation_id}: page {number} is empty, yet the total is {total} "
                f"and only {done_before} items came before it; the walk would end short"
            )
        more = bool(items) and (
            done_before + len(items) < total if total is not None else len(items) >= size
        )
        next_params = {style.page: number + 1} if more and style.page else None
        self.page = number + 1
        return page_cls(items, model, None, total, number, next_params), more
