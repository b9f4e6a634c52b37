"""Paging as the specs describe it: opaque tokens, integer tokens and page numbers.

Handlers build their list answers with ``token_page``, ``integer_token_page`` or
``page_number_page``; parameter names come from the operation's ``x-modelruns-pagination``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from modelruns.stubs._routing import Operation, StubError, StubRequest

__all__ = [
    "FALLBACK_PAGE_SIZE",
    "decode_token",
    "encode_token",
    "integer_token_page",
    "offset_page",
    "page_number_page",
    "page_size",
    "token_page",
]

T = TypeVar("T")

#: Page size when the spec gives its page-size parameter no default.
FALLBACK_PAGE_SIZE = 100


def encode_token(offset: int) -> str:
    """An opaque page token for an offset."""
    return base64.urlsafe_b64encode(b'{"id":%d}' % offset).decode().rstrip("=")


def decode_token(token: str, parameter: str) -> int:
    """The offset inside a page token, or a `StubError` naming the parameter."""
    try:
        padded = token + "=" * (-len(token) % 4)
        offset = json.loads(base64.urlsafe_b64decode(padded.encode()))["id"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        offset = None
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise StubError(
            "invalid", f"The page token {token!r} is invalid.", parameter=parameter, value=token
        )
    return offset


def page_size(operation: Operation, request: StubRequest, name: str, source: Any = None) -> int:
    """The requested page size (in ``source``, the query by default), or the spec's default."""
    size = (request.params if source is None else source).get(name)
    if size is None:
        for parameter in operation.parameters:
            if parameter.name == name and parameter.default is not None:
                return int(parameter.default)
        return FALLBACK_PAGE_SIZE
    if size < 1:
        message = f"The page size {size} must be greater than zero."
        raise StubError("invalid", message, parameter=name, value=size)
    return int(size)


def token_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """A string-token page body: items, and the next token unless this is the last page."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("token")
    # `in: body`: the page size and token travel in the JSON body, not the query.
    source = (request.json or {}) if paging.get("in") == "body" else request.params
    size = page_size(operation, request, paging["page_size"], source)
    token = source.get(paging["request_token"])
    offset = decode_token(token, paging["request_token"]) if token else 0
    end = offset + size
    body: dict[str, Any] = {paging["items"]: list(items[offset:end])}
    if end < len(items):
        body[paging["response_token"]] = encode_token(end)
    return body


def integer_token_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """An integer-token page body: the next offset, or the spec's end value on the last page."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("integer-token")
    size = page_size(operation, request, paging["page_size"])
    offset = int(request.params.get(paging["request_token"]) or 0)
    end = offset + size
    return {
        paging["items"]: list(items[offset:end]),
        paging["response_token"]: end if end < len(items) else paging.get("end", 0),
    }


def offset_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """An offset page body: the items from ``offset``, as many as the page size (no token)."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("offset")
    size = page_size(operation, request, paging["page_size"])
    offset = int(request.params.get(paging["offset"]) or 0)
    return {paging["items"]: list(items[offset : offset + size])}


def page_number_page(request: StubRequest, items: Sequence[T]) -> dict[str, Any]:
    """A page-number page body: the page's items and the total count."""
    operation = request.operation
    assert operation is not None
    paging = operation.paging("page-number")
    size = page_size(operation, request, paging["page_size"])
    first = int(paging.get("first_page", 1))
    page = request.params.get(paging["page"]) or first
    offset = (page - first) * size
    return {paging["items"]: list(items[offset : offset + size]), paging["total"]: len(items)}
