"""uvicorn's h11 protocol, extended where uvicorn has no public hook (the stubs' server).

uvicorn times out idle keep-alive connections only after a response, and any byte received
cancels that timer, so a client sending headers slowly (or never finishing them) would hold
its connection forever; and it answers bytes that are not HTTP with its own plain-text 400.
No configuration covers either, so `bounded_h11_protocol` subclasses ``H11Protocol``: it
reads the request cycle (``cycle``), replaces the h11 connection (``conn``) and overrides
``send_400_response``, all uvicorn internals, checked against the tested releases here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from modelruns._compat import require

require("uvicorn", "0.54", "0.55")
require("h11", "0.16", "0.17")

__all__ = ["MalformedReply", "bounded_h11_protocol"]

#: What a server answers bytes that are not HTTP: a message (or None) -> (status, JSON payload).
MalformedReply = Callable[[str | None], tuple[int, bytes]]


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
                self.refusal = "The request gives both Transfer-Encoding and Content-Length."
                raise h11.RemoteProtocolError(self.refusal, error_status_hint=400)
        return event


def bounded_h11_protocol(malformed: MalformedReply, seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, closing connections whose request headers do not arrive within
    `seconds`, answering bytes that are not HTTP with `malformed`'s reply, and refusing a
    request framed two ways (`_SingleFramingConnection`)."""

    class BoundedProtocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

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
            if self.cycle is not None and not self.cycle.response_complete:
                self._cancel_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and (
                self.cycle is None or self.cycle.response_complete
            ):
                self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def _await_headers(self) -> None:
            self._cancel_header_timer()
            self._header_timer = self.loop.call_later(seconds, self._headers_timed_out)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_timed_out(self) -> None:
            self._header_timer = None
            waiting = self.cycle is None or self.cycle.response_complete
            if waiting and not self.transport.is_closing():
                self.transport.close()

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

    return BoundedProtocol
