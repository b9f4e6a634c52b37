"""What went wrong, as a modelruns error: an answer's status, a transport's failure, the deadline.

``ErrorMapper`` holds what a client's errors need (its secrets to mask, its named errors, what an
empty 404 means); every message it writes is masked, and the httpx error a mapped error replaces
has its request masked too (it stays reachable as the new error's ``__context__``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from modelruns._deadline import Deadline
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ResponseDecodingError,
    mask_secrets,
    masked_request,
    status_error_from_response,
)
from modelruns._specs import RequestIdPlace

__all__ = ["ErrorMapper", "forget_credentials"]


def forget_credentials(error: BaseException) -> None:
    """Mask the request an httpx error holds: it becomes the context of the error raised for
    it (``raise ... from None`` hides it from tracebacks, not from ``__context__``)."""
    if isinstance(error, httpx.HTTPError):
        with contextlib.suppress(RuntimeError):  # an error without a request
            error.request = masked_request(error.request)


@dataclass(frozen=True)
class ErrorMapper:
    """A client's errors: a non-2xx answer, a transport error, a deadline passed, a cancel."""

    secrets: tuple[str, ...]
    #: The provider's named errors (``errorName`` -> class), for every operation.
    named_errors: Mapping[str, type[APIStatusError]] = field(default_factory=dict)
    #: What a 404 with an empty body means for this provider (Foundry: not its API's URL).
    empty_not_found: str | None = None
    #: Where the provider's answers carry their request id (the spec's
    #: ``x-modelruns-request-id``), read into every status error.
    request_id_places: tuple[RequestIdPlace, ...] = ()

    def mask(self, text: str) -> str:
        """``text`` with the client's secrets masked."""
        return mask_secrets(text, self.secrets)

    def _url(self, request: httpx.Request) -> str:
        return self.mask(str(request.url.copy_with(query=None)))

    def status_error(
        self, response: httpx.Response, named: Mapping[str, type[APIStatusError]]
    ) -> APIStatusError:
        """The error of a non-2xx ``response``; ``named``: the operation's own named errors."""
        return status_error_from_response(
            response,
            named={**self.named_errors, **named},
            secrets=self.secrets,
            empty_not_found=self.empty_not_found,
            request_id_places=self.request_id_places,
        )

    def transport_error(
        self, error: httpx.HTTPError, request: httpx.Request, deadline: Deadline
    ) -> APIError:
        """The error of an attempt the transport failed: timed out, undecodable or connection."""
        forget_credentials(error)
        text = self.mask(f"{type(error).__name__}: {error}")
        if deadline.passed or deadline.expired():
            return self.timed_out(request, deadline)
        if isinstance(error, httpx.TimeoutException):
            return APITimeoutError(f"Request timed out ({text})", request=request)
        if isinstance(error, httpx.DecodingError):
            return self.undecodable(request, None, error)
        return APIConnectionError(f"Connection error ({text})", request=request)

    def undecodable(
        self, request: httpx.Request, response: httpx.Response | None, error: Exception
    ) -> ResponseDecodingError:
        """The error of a body its ``Content-Encoding`` does not decode."""
        forget_credentials(error)
        status = f" ({response.status_code})" if response is not None else ""
        encoding = response.headers.get("content-encoding", "") if response is not None else ""
        named = f" as {encoding!r}" if encoding else ""
        return ResponseDecodingError(
            f"The response to {request.method} {self._url(request)}{status} does not decode"
            f"{named}: {self.mask(str(error))}",
            request=request,
            response=response,
        )

    def timed_out(self, request: httpx.Request, deadline: Deadline) -> APITimeoutError:
        """The error of a call whose whole-call timeout passed."""
        return APITimeoutError(
            f"Request timed out: {request.method} {self._url(request)} did not complete within "
            f"the {deadline.seconds:g} s timeout",
            request=request,
        )

    def cancelled(self, request: httpx.Request) -> APIConnectionError:
        """The error of an attempt refused because its walk has ended."""
        return APIConnectionError(
            f"Request cancelled: {request.method} {self._url(request)} was not sent, its walk "
            "has ended",
            request=request,
        )
