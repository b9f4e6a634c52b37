"""Paging as the specs describe it: opaque tokens, integer tokens and page numbers.

Handlers build their list answers with ``token_page``, ``integer_token_page`` or
``page_number_page``; parameter names come from the operation's ``x-modelruns-pagination``,
and so does a token style's ``token_encoding`` when the real server's tokens have a known
format (the stubs' own format otherwise).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
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

#: The Data Platform server's tokens: base64 (standard alphabet, padded) of the decimal
#: offset; one it cannot read is offset 0, never an error (its internal/domain/pagination.go).
BASE64_DECIMAL_OFFSET = "base64-decimal-offset"
#: What Go's ``strconv.Atoi`` reads: an optional sign and ASCII digits, within 64 bits.
_GO_INT = re.compile(rb"[+-]?[0-9]+")
_GO_INT_RANGE = range(-(2**63), 2**63)


def _check_encoding(encoding: str | None) -> None:
    if encoding not in (None, BASE64_DECIMAL_OFFSET):
        raise ValueError(f"unknown token_encoding {encoding!r} in x-modelruns-pagination")


def encode_token(offset: int, encoding: str | None = None) -> str:
    """The page token for an offset, in the spec's `token_encoding` (the stubs' own if None)."""
    _check_encoding(encoding)
    if encoding == BASE64_DECIMAL_OFFSET:
        return base64.standard_b64encode(b"%d" % offset).decode()
    return base64.urlsafe_b64encode(b'{"id":%d}' % offset).decode().rstrip("=")


def _decode_decimal_offset(token: str) -> int:
    """The offset as the Data Platform server reads it: 0 for what does not decode."""
    # Go's base64 decoder skips CR and LF; everything else must be the padded alphabet.
    compact = token.replace("\r", "").replace("\n", "")
    try:
        decoded = base64.b64decode(compact.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return 0
    if _GO_INT.fullmatch(decoded) is None or int(decoded) not in _GO_INT_RANGE:
        return 0
    return int(decoded)


def decode_token(token: str, parameter: str, encoding: str | None = None) -> int:
    """The offset inside a page token.

    In the stubs' own format a token that does not decode is a `StubError` naming the
    parameter; in ``base64-decimal-offset`` it is offset 0 and the offset may be negative,
    as the server reads it.
    """
    _check_encoding(encoding)
    if encoding == BASE64_DECIMAL_OFFSET:
        return _decode_decimal_offset(token)
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
    """A string-token page body: items, and the next token unless this is the last page.

    A negative offset (only ``base64-decimal-offset`` reads one) pages from the start, as
    SQL's ``OFFSET`` does, while the next token is still offset plus size, as the Data
    Platform server computes it; a next offset of 0 or less sends no token.
    """
    operation = request.operation
    assert operation is not None
    paging = operation.paging("token")
    encoding = paging.get("token_encoding")
    # `in: body`: the page size and token travel in the JSON body, not the query.
    source = (request.json or {}) if paging.get("in") == "body" else request.params
    size = page_size(operation, request, paging["page_size"], source)
    token = source.get(paging["request_token"])
    offset = decode_token(token, paging["request_token"], encoding) if token else 0
    start = max(offset, 0)
    end = offset + size
    body: dict[str, Any] = {paging["items"]: list(items[start : start + size])}
    if 0 < end < len(items):
        body[paging["response_token"]] = encode_token(end, encoding)
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
