"""Checks of our own, registered with schemathesis next to its defaults.

``pagination_terminates`` walks a list operation the way the spec's ``x-modelruns-pagination``
says a client walks it, and fails when the walk does not end: a repeated token, a page that
cannot advance, more items than the announced total, or no end within the page limit.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import schemathesis
from schemathesis.core.failures import Failure
from schemathesis.generation import GenerationMode

__all__ = ["DEFAULT_MAX_PAGES", "PaginationDoesNotEnd", "pagination_terminates", "set_max_pages"]

#: Pages walked before a walk that keeps going counts as endless.
DEFAULT_MAX_PAGES = 200

# Per loaded schema (one per run), by id: schemas are unhashable, and a finalizer drops the entry.
_max_pages: dict[int, int] = {}
# Operations already walked, per loaded schema: one walk per operation and run.
_walked: dict[int, set[str]] = {}
_lock = threading.Lock()


class PaginationDoesNotEnd(Failure):
    """A list operation's pagination did not end."""

    kind_title = "Pagination does not end"


def set_max_pages(schema: Any, pages: int) -> None:
    """Walk at most ``pages`` pages of each list operation of ``schema``."""
    key = id(schema)
    with _lock:
        _max_pages[key] = pages
        _walked[key] = set()
    weakref.finalize(schema, _forget, key)


def _forget(key: int) -> None:
    with _lock:
        _max_pages.pop(key, None)
        _walked.pop(key, None)


def _first_walk(case: schemathesis.Case[Any]) -> bool:
    schema = case.operation.schema
    with _lock:
        walked = _walked.setdefault(id(schema), set())
        if case.operation.label in walked:
            return False
        walked.add(case.operation.label)
        return True


def _page_size_maximum(case: schemathesis.Case[Any], name: str) -> int | None:
    for parameter in case.operation.definition.raw.get("parameters", []):
        if isinstance(parameter, Mapping) and parameter.get("name") == name:
            maximum = parameter.get("schema", {}).get("maximum")
            return int(maximum) if isinstance(maximum, int) else None
    # Shared parameters are `$ref`s: read the resolved ones from schemathesis.
    for parameter in case.operation.query:
        if parameter.name == name:
            maximum = parameter.definition.get("schema", {}).get("maximum")
            return int(maximum) if isinstance(maximum, int) else None
    return None


class _Walk:
    """Sends the pages of one walk, recording them as children of the case that started it."""

    def __init__(self, ctx: schemathesis.CheckContext, case: schemathesis.Case[Any]) -> None:
        self.ctx = ctx
        self.case = case
        self.kwargs = dict(ctx.internals.transport_kwargs or {})

    def fetch(self, query: dict[str, Any], body: Any = None) -> tuple[Any, Any] | None:
        """The decoded body of one page and its response; `None` when the page is not a 2xx JSON.

        ``body``, when given, replaces the case's JSON body (paging parameters `in: body`).
        """
        page = self.case.derive(query=query, keep_auth=True)
        if body is not None:
            page.body = body
        self.ctx.internals.record_case(parent_id=self.case.id, case=page)
        response = page.call(**self.kwargs)
        self.ctx.internals.record_response(case_id=page.id, response=response)
        if not 200 <= response.status_code < 300:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        return (body, page) if isinstance(body, dict) else None

    def fail(self, page: schemathesis.Case[Any], message: str) -> PaginationDoesNotEnd:
        return PaginationDoesNotEnd(
            operation=self.case.operation.label, message=message, case_id=page.id
        )


def _walk_tokens(
    walk: _Walk,
    style: Mapping[str, Any],
    query: dict[str, Any],
    limit: int,
    fetch: Callable[[dict[str, Any]], tuple[Any, Any] | None] | None = None,
) -> None:
    """Follow the response token; ``fetch`` sends one page's paging values (the query's)."""
    request_token, response_token = style["request_token"], style["response_token"]
    end = style.get("end")
    seen: dict[Any, int] = {}
    fetch = fetch or walk.fetch
    for number in range(1, limit + 1):
        fetched = fetch(query)
        if fetched is None:
            return
        body, page = fetched
        token = body.get(response_token)
        if token is None or token == end or token == "":
            return
        if token in seen:
            raise walk.fail(
                page,
                f"Page {number} returned `{response_token}` {token!r}, already returned by page "
                f"{seen[token]}: a client following it loops forever.",
            )
        items = body.get(style["items"])
        if isinstance(items, list) and not items:
            raise walk.fail(
                page,
                f"Page {number} has no items in `{style['items']}` but a `{response_token}`: "
                "the walk cannot advance.",
            )
        seen[token] = number
        query = {**query, request_token: token}
    raise walk.fail(
        page,
        f"`{response_token}` was still present after {limit} pages; the walk does not end "
        "(raise the page limit if the server really holds that many pages).",
    )


def _walk_offsets(walk: _Walk, style: Mapping[str, Any], query: dict[str, Any], limit: int) -> None:
    """Advance ``offset`` by each page's length until an empty page; a page that repeats fails."""
    offset_param, items_field = style["offset"], style["items"]
    offset = int(query.get(offset_param) or 0)
    previous: Any = None
    for number in range(1, limit + 1):
        fetched = walk.fetch({**query, offset_param: offset})
        if fetched is None:
            return
        body, page = fetched
        items = body.get(items_field)
        if not isinstance(items, list) or not items:
            return
        if items == previous:
            raise walk.fail(
                page,
                f"Page {number} at `{offset_param}` = {offset} repeats the page before: the "
                "server ignores the offset, and a client following it never finishes.",
            )
        previous = items
        offset += len(items)
    raise walk.fail(page, f"Items kept coming after {limit} pages; the walk does not end.")


def _walk_pages(walk: _Walk, style: Mapping[str, Any], query: dict[str, Any], limit: int) -> None:
    page_param, total_field, items_field = style["page"], style["total"], style["items"]
    number = int(style.get("first_page", 1))
    received = 0
    for walked in range(1, limit + 1):
        fetched = walk.fetch({**query, page_param: number})
        if fetched is None:
            return
        body, page = fetched
        items = body.get(items_field)
        total = body.get(total_field)
        if not isinstance(items, list):
            return
        if not items:
            if isinstance(total, int) and received < total:
                raise walk.fail(
                    page,
                    f"Page {number} is empty, but `{total_field}` = {total} says "
                    f"{total - received} more items remain: a client following the total "
                    "never finishes.",
                )
            return
        received += len(items)
        if isinstance(total, int):
            if received > total:
                raise walk.fail(
                    page,
                    f"{received} items received by page {number}, more than `{total_field}` "
                    f"= {total}: the pages do not end where the total says.",
                )
            if received >= total:
                return
            expected_pages = math.ceil(total / len(items)) if walked == 1 else None
            if expected_pages is not None and expected_pages > limit:
                return
        number += 1
    raise walk.fail(page, f"Items kept coming after {limit} pages; the walk does not end.")


@schemathesis.check
def pagination_terminates(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    """Walking a list operation's pages as its ``x-modelruns-pagination`` says must end."""
    styles = case.operation.definition.raw.get("x-modelruns-pagination")
    if not styles or not 200 <= response.status_code < 300:
        return None
    meta = case.meta
    if meta is not None and meta.generation.mode != GenerationMode.POSITIVE:
        return None
    if not _first_walk(case):
        return None
    style = styles[0]
    paging_names = {
        str(value)
        for entry in styles
        for key, value in entry.items()
        if key in {"request_token", "page", "page_size"}
    }
    paging_names |= {str(entry["offset"]) for entry in styles if "offset" in entry}
    in_body = style.get("in") == "body"
    source = (case.body if isinstance(case.body, dict) else {}) if in_body else case.query or {}
    values = {key: value for key, value in source.items() if key not in paging_names}
    size_name = style.get("page_size")
    if size_name and not in_body:
        maximum = _page_size_maximum(case, str(size_name))
        if maximum is not None:
            values[str(size_name)] = maximum
    limit = _max_pages.get(id(case.operation.schema), DEFAULT_MAX_PAGES)
    walk = _Walk(ctx, case)
    if style["style"] in {"token", "integer-token"}:
        query = dict(case.query or {})
        fetch = (lambda body: walk.fetch(query, body)) if in_body else None
        _walk_tokens(walk, style, values, limit, fetch)
    elif style["style"] == "page-number":
        _walk_pages(walk, style, values, limit)
    elif style["style"] == "offset":
        _walk_offsets(walk, style, values, limit)
    return None
