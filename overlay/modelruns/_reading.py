"""An answer's body read within its limits, and a connection whose answer broke framing retired.

``BodyLimits`` holds a client's ``max_response_size``: the declared length checked before any
byte is read, each chunk counted as it comes (an error body kept only in part), a 2xx body's JSON
values bounded before it is parsed. ``retire_if_broken`` keeps a connection whose answer broke
HTTP/1.1 framing from serving another request.
"""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass

import httpx

from modelruns._compat.httpcore import unread_bytes
from modelruns._compat.httpx import httpcore_response_stream
from modelruns._exceptions import ResponseTooLargeError
from modelruns._log import LOGGER
from modelruns._secrets import mask_secrets

__all__ = [
    "BYTES_PER_JSON_VALUE",
    "BodyLimits",
    "ReadBody",
    "json_values_at_most",
    "retire_if_broken",
    "with_content",
]

#: A 2xx body holds at most one JSON value (or object key) per this many bytes of the limit
#: (real pages hold one per 9 to 20 bytes, so one of half the limit passes).
BYTES_PER_JSON_VALUE = 16
#: An error body is kept (and decoded) up to this fraction of the limit, at least 64 KiB; the
#: rest is read and dropped (an error's own handling copies its body, three times over).
_ERROR_BODY_FRACTION = 16
_ERROR_BODY_FLOOR = 64 * 1024


def _unread_bytes(response: httpx.Response) -> bool:
    """Whether the connection holds bytes the server sent past the end of ``response``.

    httpcore keeps what a read brought beyond the answer in the connection's h11 state and
    would read it as the answer to the next request; it exposes that state nowhere public, so
    it is read through ``_compat``.
    """
    stream = httpcore_response_stream(response)
    return stream is not None and unread_bytes(stream)


def _breaks_framing(response: httpx.Response) -> bool:
    """Whether ``response`` broke HTTP/1.1 message framing (RFC 9112 §6), read whole.

    A 1xx or 204 declares no body (RFC 9110 §8.6), a 304 none to send, and both
    ``Transfer-Encoding`` and ``Content-Length`` is the mark of response splitting (RFC 9112
    §6.3); bytes past the end of the answer are the next "answer" of nobody's request.
    """
    if response.http_version not in ("HTTP/1.1", "HTTP/1.0"):
        return False
    headers = response.headers
    chunked = "transfer-encoding" in headers
    if chunked and "content-length" in headers:
        return True
    status = response.status_code
    if status < 200 or status == 204:
        if chunked or headers.get("content-length", "0").strip() != "0":
            return True
    elif status == 304 and chunked:
        return True
    return _unread_bytes(response)


def _retire_connection(response: httpx.Response) -> None:
    """Keep the connection that carried ``response`` from serving another request.

    Its socket is shut (before the response is closed, while no other request can hold the
    connection): httpcore's pool then finds it readable, as a connection the server closed, and
    closes it instead of reusing it.
    """
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None and hasattr(sock, "shutdown"):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def retire_if_broken(response: httpx.Response) -> None:
    """Retire the connection of a wholly read ``response`` that broke HTTP framing."""
    if _breaks_framing(response):
        LOGGER.debug("closing a connection whose answer broke HTTP framing")
        _retire_connection(response)


def json_values_at_most(content: bytes) -> int:
    """An upper bound on the JSON values and object keys ``content`` holds, without parsing.

    A container's first member follows its bracket, each other one a comma, an object's value
    a colon; the same characters in quoted text only add to the count.
    """
    count = content.count
    return count(b",") + count(b":") + count(b"[") + count(b"{") + 1


class ReadBody:
    """The bytes of one body as they come: counted against the limit, kept as its answer needs.

    A 2xx body is kept whole; an error body up to ``keep`` bytes (the rest is read, so the
    connection can serve again, and dropped).
    """

    __slots__ = ("chunks", "keep", "kept", "limit", "size")

    def __init__(self, limit: int, keep: int) -> None:
        self.chunks: list[bytes] = []
        self.limit = limit
        self.keep = keep
        self.kept = 0
        self.size = 0

    def add(self, chunk: bytes) -> bool:
        """Count and keep ``chunk``; ``False`` once the body is larger than the limit."""
        self.size += len(chunk)
        if self.size > self.limit:
            return False
        room = self.keep - self.kept
        if room > 0:
            part = chunk if len(chunk) <= room else chunk[:room]
            self.chunks.append(part)
            self.kept += len(part)
        return True

    def content(self) -> bytes:
        content = b"".join(self.chunks)
        self.chunks = []
        return content


@dataclass(frozen=True)
class BodyLimits:
    """A client's ``max_response_size`` applied to one answer (see ``PEAK_MEMORY_MULTIPLE``)."""

    max_response_size: int
    #: Values masked out of the errors' messages.
    secrets: tuple[str, ...] = ()

    def _url(self, request: httpx.Request) -> str:
        return mask_secrets(str(request.url.copy_with(query=None)), self.secrets)

    def too_large(self, request: httpx.Request, response: httpx.Response) -> ResponseTooLargeError:
        """The error of an answer whose body is larger than the limit."""
        return ResponseTooLargeError(
            f"The response to {request.method} {self._url(request)} ({response.status_code}) is "
            f"larger than max_response_size={self.max_response_size} bytes",
            request=request,
            limit=self.max_response_size,
        )

    def check_declared_size(self, request: httpx.Request, response: httpx.Response) -> None:
        """Refuse an answer whose ``Content-Length`` is over the limit, before reading it."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_response_size:
            raise self.too_large(request, response)

    def body_for(self, response: httpx.Response) -> ReadBody:
        """How much of ``response``'s body to read, and to keep."""
        limit = self.max_response_size
        if 200 <= response.status_code < 300:
            return ReadBody(limit, limit)
        return ReadBody(limit, max(limit // _ERROR_BODY_FRACTION, min(limit, _ERROR_BODY_FLOOR)))

    def check_values(
        self, request: httpx.Request, response: httpx.Response, content: bytes
    ) -> None:
        """Refuse a 2xx body that holds more JSON values than the limit allows (before parsing).

        What Python makes of a body grows with its values, not its bytes (``{},`` is 3 bytes
        and 72 once decoded): so at most one per ``BYTES_PER_JSON_VALUE`` bytes of the limit.
        Counted only for a body long enough to hold that many.
        """
        allowed = self.max_response_size // BYTES_PER_JSON_VALUE
        if not 200 <= response.status_code < 300 or len(content) // 2 < allowed:
            return
        if json_values_at_most(content) > allowed:
            raise ResponseTooLargeError(
                f"The response to {request.method} {self._url(request)} ({response.status_code}) "
                f"holds more than {allowed} JSON values, more than max_response_size="
                f"{self.max_response_size} allows (one per {BYTES_PER_JSON_VALUE} bytes)",
                request=request,
                limit=self.max_response_size,
            )


def with_content(response: httpx.Response, content: bytes) -> httpx.Response:
    """``response`` (streamed, its body read as ``content``) as a new response holding it.

    Its headers are the ones that came (``content`` is already decoded, so the new response is
    built without ``Content-Encoding`` and given them after), its ``elapsed`` the streamed one's,
    which is known once that one is closed.
    """
    read = httpx.Response(
        response.status_code,
        content=content,
        request=response.request,
        extensions=response.extensions,
    )
    read.headers = response.headers
    with contextlib.suppress(RuntimeError):  # a response httpx never timed (a mock's) has none
        read.elapsed = response.elapsed
    return read
