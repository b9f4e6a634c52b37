"""uvicorn's HTTP protocols, extended where uvicorn has no public hook (the stubs' server).

uvicorn times out idle keep-alive connections only after a response, and any byte received
cancels that timer, so a client sending headers slowly (or never finishing them) would hold
its connection forever; and it answers bytes that are not HTTP with its own plain-text 400.
No configuration covers either, so `bounded_protocol` subclasses uvicorn's protocol for the
parser asked for (``HttpToolsProtocol``, the fast one, or ``H11Protocol``): it reads the
request cycle (``cycle``), replaces the parser (``parser``, ``conn``), hooks the parser's
callbacks and overrides ``send_400_response``, all uvicorn internals, checked against the
tested releases here. Both refuse a request framed by both ``Transfer-Encoding`` and
``Content-Length`` (llhttp, under httptools, does so itself; h11 is taught to) and bound an
incomplete request head to h11's default event size (16 KiB).
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import http
from collections.abc import Callable
from typing import Any, Literal

import h11
import httptools
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from modelruns._compat import require

require("uvicorn", "0.54", "0.55")
require("h11", "0.16", "0.17")
require("httptools", "0.9", "0.10")

__all__ = ["PARSERS", "MalformedReply", "Parser", "bounded_protocol"]

#: What a server answers bytes that are not HTTP: a message (or None) -> (status, JSON payload).
MalformedReply = Callable[[str | None], tuple[int, bytes]]
#: uvicorn's HTTP parsers the stubs serve with: httptools (llhttp, in C) or h11 (pure Python).
Parser = Literal["httptools", "h11"]
PARSERS: tuple[Parser, ...] = ("httptools", "h11")
_BOTH_FRAMINGS = "The request gives both Transfer-Encoding and Content-Length."
#: The most an incomplete request head may take: h11's default event size, for either parser.
_MAX_HEAD_BYTES = 16 * 1024


class _SingleFramingConnection(h11.Connection):
    """h11's server side, refusing a request framed both by ``Transfer-Encoding`` and by
    ``Content-Length`` (RFC 9112 §6.3: an error, a possible smuggling attempt).

    h11 lets ``Transfer-Encoding`` win and reads on, so a proxy in front that trusted
    ``Content-Length`` would see other request boundaries than the stub. The refusal is
    h11's ``RemoteProtocolError``, which uvicorn answers with ``send_400_response`` (the
    provider's error body, then the connection is closed); ``refusal`` says why.
    """

    refusal: str | None = None

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request):
            names = {name.lower() for name, _ in event.headers}
            if b"transfer-encoding" in names and b"content-length" in names:
                self.refusal = _BOTH_FRAMINGS
                raise h11.RemoteProtocolError(self.refusal, error_status_hint=400)
        return event


class _HeaderDeadline:
    """The timer that closes a connection whose next request's headers do not arrive in time.

    Armed when the connection opens and after each response; disarmed once a request's
    headers are complete. Mixed into uvicorn's protocols, whose ``loop``, ``transport`` and
    ``cycle`` it reads.
    """

    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    cycle: Any
    header_seconds: float
    _header_timer: asyncio.TimerHandle | None = None

    def _await_headers(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_seconds, self._headers_timed_out)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _headers_timed_out(self) -> None:
        self._header_timer = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()


def _refusal_bytes(malformed: MalformedReply, refusal: str | None) -> bytes:
    """The whole answer to bytes that are not HTTP: the provider's error body, then close."""
    status, payload = malformed(refusal)
    reason = http.HTTPStatus(status).phrase.encode()
    head = b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n" % (status, reason)
    return head + b"content-length: %d\r\nconnection: close\r\n\r\n" % len(payload) + payload


class _RefusingParser(httptools.HttpRequestParser):
    """llhttp's parser, keeping why it refused: a request framed two ways, or None."""

    refusal: str | None = None

    def feed_data(self, data: bytes | bytearray | memoryview[int] | array.array[int]) -> None:
        try:
            super().feed_data(data)
        except httptools.HttpParserError as error:
            text = str(error)
            both = "Transfer-Encoding" in text and "Content-Length" in text
            self.refusal = _BOTH_FRAMINGS if both else None
            raise


def bounded_protocol(
    parser: Parser, malformed: MalformedReply, seconds: float
) -> type[asyncio.Protocol]:
    """uvicorn's protocol for `parser`, closing connections whose request headers do not
    arrive within `seconds` and answering bytes that are not HTTP (among them a request
    framed two ways) with `malformed`'s reply."""
    if parser == "httptools":
        return _bounded_httptools_protocol(malformed, seconds)
    return _bounded_h11_protocol(malformed, seconds)


def _bounded_httptools_protocol(
    malformed: MalformedReply, seconds: float
) -> type[HttpToolsProtocol]:
    class BoundedHttpToolsProtocol(_HeaderDeadline, HttpToolsProtocol):
        header_seconds = seconds
        _head_bytes = 0

        def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
            super().__init__(config, *args, **kwargs)
            self.parser = _RefusingParser(self)

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            self._await_headers()

        def data_received(self, data: bytes) -> None:
            # Bytes of a head that is still incomplete after they are parsed (httptools keeps
            # them, as h11 does up to its event size): past the bound, refused like h11.
            in_head = self._waiting_for_headers()
            super().data_received(data)
            if in_head and self._waiting_for_headers() and not self.transport.is_closing():
                self._head_bytes += len(data)
                if self._head_bytes > _MAX_HEAD_BYTES:
                    self.send_400_response("")

        def on_headers_complete(self) -> None:
            self._cancel_header_timer()
            self._head_bytes = 0
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self._waiting_for_headers():
                self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self._cancel_header_timer()
            refusal = getattr(self.parser, "refusal", None)
            self.transport.write(_refusal_bytes(malformed, refusal))
            self.transport.close()

    return BoundedHttpToolsProtocol


def _bounded_h11_protocol(malformed: MalformedReply, seconds: float) -> type[H11Protocol]:
    class BoundedH11Protocol(_HeaderDeadline, H11Protocol):
        header_seconds = seconds

        def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
            super().__init__(config, *args, **kwargs)
            # The same connection uvicorn builds (h11's own default event size when unset).
            size = config.h11_max_incomplete_event_size
            self.conn = (
                _SingleFramingConnection(h11.SERVER)
                if size is None
                else _SingleFramingConnection(h11.SERVER, size)
            )

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            self._await_headers()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if not self._waiting_for_headers():
                self._cancel_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self._waiting_for_headers():
                self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            status, payload = malformed(getattr(self.conn, "refusal", None))
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(payload)),
                (b"connection", b"close"),
            ]
            with contextlib.suppress(h11.LocalProtocolError):
                for event in (
                    h11.Response(status_code=status, headers=headers, reason=b"Bad Request"),
                    h11.Data(data=payload),
                    h11.EndOfMessage(),
                ):
                    self.transport.write(self.conn.send(event))
            self.transport.close()

    return BoundedH11Protocol
