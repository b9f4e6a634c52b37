"""Each exchange as the ``modelruns`` logger and the client's recorder see it.

A DEBUG line per attempt (method, masked URL, status or error, time, request id), an INFO line
per retry, and each exchange handed to the client's HAR recorder (``record_to=``), credentials
masked, in this one place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from modelruns._exceptions import mask_secrets
from modelruns._log import LOGGER
from modelruns._operations import Operation
from modelruns._record import Recorder
from modelruns._requests import AUTH_HEADERS
from modelruns._response import request_id_from
from modelruns._specs import RequestIdPlace

__all__ = ["ExchangeLog"]


@dataclass(frozen=True)
class ExchangeLog:
    """One client's log lines and recording of its exchanges."""

    secrets: tuple[str, ...]
    #: Where an answer carries its request id (the spec's ``x-modelruns-request-id``).
    request_id_places: Sequence[RequestIdPlace]
    recorder: Recorder | None

    def _mask(self, text: str) -> str:
        return mask_secrets(text, self.secrets)

    def request(
        self,
        request: httpx.Request,
        status: Any,
        started: float,
        response: httpx.Response | None = None,
    ) -> None:
        """The DEBUG line of one attempt: its status, or what ended it."""
        if LOGGER.isEnabledFor(logging.DEBUG):
            elapsed = (time.monotonic() - started) * 1000
            url = self._mask(str(request.url))
            found = request_id_from(response, self.request_id_places) if response else None
            shown = f" (request id {self._mask(found)})" if found else ""
            LOGGER.debug("%s %s -> %s in %.1f ms%s", request.method, url, status, elapsed, shown)

    def exchange(
        self, op: Operation[Any], request: httpx.Request, response: httpx.Response, started: float
    ) -> None:
        """An answered attempt: its DEBUG line and, if recording, its HAR entry."""
        self.request(request, response.status_code, started, response)
        if self.recorder is not None:
            elapsed = time.monotonic() - started
            recorded = (op.operation_id, request, response, elapsed, self.secrets, AUTH_HEADERS)
            self.recorder.record(*recorded)

    def retry(
        self, request: httpx.Request, reason: str, attempt: int, retries: int, wait: float
    ) -> None:
        """The INFO line of a retry about to wait ``wait`` seconds."""
        url = self._mask(str(request.url.copy_with(query=None)))
        LOGGER.info(
            "retrying %s %s after %s (retry %d of %d) in %.2f s",
            request.method,
            url,
            reason,
            attempt + 1,
            retries,
            wait,
        )
