"""What ``client.with_raw_response.<method>(...)`` answers: the response as it came, then typed.

A ``RawResponse`` holds the status, the headers, the request id (read where the provider's spec
says, ``x-modelruns-request-id``: a response header or a top-level body field), the time the
answer took and the request as sent, with credentials masked (by ``_masking``, the one masking);
``parse()`` gives what the plain method gives (the typed model, or for a list method the
paginator that starts from this page).
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import httpx

from modelruns._masking import masked_request
from modelruns._specs import RequestIdPlace, find_request_id

__all__ = ["RawResponse", "request_id_from"]

# Covariant: a RawResponse[Model] is a RawResponse[Model | None] (an answer that may be empty).
T_co = TypeVar("T_co", covariant=True)


def request_id_from(response: httpx.Response, places: Sequence[RequestIdPlace]) -> str | None:
    """The request id of ``response`` at the first of ``places`` that holds one, else ``None``.

    A body place is a top-level field of a JSON object body; a body that is not one has none
    (the body is parsed only when a body place is reached).
    """
    fields: Any = None
    if any(place.location == "body" for place in places):
        try:
            fields = json.loads(response.content) if response.content else None
        except (ValueError, UnicodeDecodeError, RecursionError):
            fields = None
    return find_request_id(places, response.headers, fields if isinstance(fields, dict) else None)


class RawResponse(Generic[T_co]):
    """One answer as it came: ``status_code``, ``headers``, ``request_id``, ``elapsed``,
    ``http_request`` (credentials masked), the body (``content``, ``text``, ``json()``), and
    ``parse()``, what the method without ``with_raw_response`` returns (decoded once).
    """

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[], T_co],
        *,
        request_id_places: Sequence[RequestIdPlace],
        http_request: httpx.Request,
    ) -> None:
        self._response = response
        self._parse = parse
        self._places = tuple(request_id_places)
        self._request_id: str | None = None
        self._request_id_read = False
        self._parsed: list[T_co] = []
        self._lock = threading.Lock()
        #: The request as sent, with credentials masked (``Authorization``, signatures, keys);
        #: masked here too, so no caller can hand over a request that still holds one.
        self.http_request = masked_request(http_request)

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self._response.headers

    @property
    def request_id(self) -> str | None:
        """The provider's id of this request, where its spec says it is (``None``: not sent)."""
        if not self._request_id_read:
            self._request_id = request_id_from(self._response, self._places)
            self._request_id_read = True
        return self._request_id

    @property
    def elapsed(self) -> datetime.timedelta:
        """The time from sending the request to the end of the answer's body."""
        return self._response.elapsed

    @property
    def content(self) -> bytes:
        """The body, decompressed."""
        return self._response.content

    @property
    def text(self) -> str:
        """The body as text."""
        return self._response.text

    def json(self) -> Any:
        """The body as JSON, not checked against the spec."""
        return json.loads(self._response.content)

    def parse(self) -> T_co:
        """What the method returns without ``with_raw_response``: decoded (and checked) once."""
        with self._lock:
            if not self._parsed:
                self._parsed.append(self._parse())
            return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_request
        return (
            f"<RawResponse {self.status_code} {request.method} {request.url} "
            f"request_id={self.request_id!r}>"
        )
