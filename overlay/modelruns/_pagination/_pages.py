"""The page protocol every style shares: what a page is, and what a style's strategy answers.

A style is a ``_Walk`` subclass without I/O (one module each, as openai-python has one page class
per style): the requests it makes and how it reads a page. The paginators drive any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from modelruns._operations import Operation, PaginationStyle, attribute_for

ItemT = TypeVar("ItemT")
ResponseT = TypeVar("ResponseT")


@dataclass
class BasePage(Generic[ItemT, ResponseT]):
    """One page: its items, the decoded response, and where the next page is."""

    items: list[ItemT]
    response: ResponseT
    next_page_token: Any = None
    total_count: int | None = None
    page_number: int | None = None
    _next_params: Mapping[str, Any] | None = None

    def has_next_page(self) -> bool:
        """Whether another page follows this one."""
        return self._next_params is not None

    def next_page_info(self) -> Mapping[str, Any] | None:
        """The query parameters (wire names) that fetch the next page, or ``None``."""
        return self._next_params


class SyncPage(BasePage[ItemT, ResponseT]):
    """A page fetched by a synchronous client."""


class AsyncPage(BasePage[ItemT, ResponseT]):
    """A page fetched by an asynchronous client."""


PageT = TypeVar("PageT", bound=BasePage[Any, Any])


class _Walk:
    """How one pagination style walks, with no I/O: the requests it makes and the pages it reads.

    The defaults are those of a walk of one page; each style's module overrides what differs.
    """

    #: Whether the next request is known as soon as a page is parsed (reading one ahead).
    reads_ahead = False
    #: Whether pages can be requested by number, several at once (prefetching a window).
    numbered = False

    def __init__(
        self, op: Operation[Any], style: PaginationStyle, params: Mapping[str, Any]
    ) -> None:
        self.op = op
        self.style = style
        self.params = dict(params)
        self.items_attr = attribute_for(op.response_model, style.items)

    @property
    def number(self) -> int:
        """The number of the page the next request fetches (0: pages have no number)."""
        return 0

    def request_params(self, page: int | None = None) -> dict[str, Any]:
        """The query parameters of the next request (or of page ``page``)."""
        return dict(self.params)

    def next_token(self, model: Any, raw: Any) -> Any:
        """The token a decoded page leads to, if following it cannot fail (else ``None``)."""
        return None

    def token_params(self, token: Any) -> dict[str, Any]:
        """The request parameters for the page that ``token`` names."""
        return {**self.params, self.style.request_token or "": token}

    def page_from(
        self, page_cls: type[PageT], model: Any, raw: Mapping[str, Any], number: int
    ) -> tuple[PageT, bool]:
        """Build the page and advance; returns ``(page, more)``."""
        return page_cls(getattr(model, self.items_attr), model, None, None, None, None), False

    def items_and_total(self, model: Any, raw: Mapping[str, Any]) -> tuple[list[Any], Any]:
        """A page's decoded items, and the total its raw body announces (``None``: none)."""
        total = raw.get(self.style.total) if self.style.total else None
        return getattr(model, self.items_attr), total
