"""``SyncAPIClient``: the blocking engine behind every provider's ``Client``.

A call is ``exchange`` (attempts until ``_steps.decide`` says done or fail, sleeping between
retries), each attempt ``_read`` (send and read the body within the deadline and the size
limit); the rest is ``ClientCore``'s, shared with the async engine.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from modelruns._connect import Connection
from modelruns._core import Attempted, Call, ClientCore, environment_proxies
from modelruns._deadline import CALL_DEADLINE, Cancellation, Deadline
from modelruns._exceptions import APIError
from modelruns._operations import ModelT, Operation
from modelruns._options import NOT_GIVEN, NotGiven, Timeout
from modelruns._reading import retire_if_broken, with_content
from modelruns._response import RawResponse
from modelruns._retry import RetryPolicy
from modelruns._steps import Redirect, Retry
from modelruns._transport import DeadlineTransport
from modelruns._watchdog import ALARMS, Alarm

__all__ = ["SyncAPIClient"]


class SyncAPIClient(ClientCore):
    """The synchronous engine (an ``httpx.Client``, owned unless the caller passed one)."""

    _http: httpx.Client

    def __init__(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        http_client: httpx.Client | None,
        /,
        **options: Any,
    ) -> None:
        self._init_engine(connection, timeout, max_retries, retry_policy, http_client, options)

    def _new_http(self) -> httpx.Client:
        if environment_proxies():
            # httpx reads the proxies from the environment only for a transport of its own.
            self._transport = None
            return httpx.Client(timeout=self._timeout)
        self._transport = DeadlineTransport()
        return httpx.Client(timeout=self._timeout, transport=self._transport)

    def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> tuple[Any, Any]:
        """Send the request ``kwargs`` describe (``request_kwargs``): ``(model, raw JSON)``."""
        response = self.exchange(
            op,
            kwargs,
            timeout=timeout,
            max_retries=max_retries,
            extensions=extensions,
            cancellation=cancellation,
        )
        return self.decode(op, response)

    def exchange(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        *,
        timeout: Timeout = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extensions: Mapping[str, Any] | None = None,
        cancellation: Cancellation | None = None,
    ) -> httpx.Response:
        """Send with retries and redirects: the 2xx response (body read, not parsed), or the
        modelruns error of the last attempt."""
        call = self._begin(op, kwargs, timeout, max_retries, extensions, cancellation)
        while True:
            attempted = self._attempt(call)
            step = self._next(call, attempted.outcome)
            if isinstance(step, Retry):
                self._retry.sleep(step.wait)
                self._after_wait(call)
            elif not isinstance(step, Redirect):
                return attempted.result()

    def _attempt(self, call: Call) -> Attempted:
        """One attempt: sent and read within the deadline, logged, its error mapped."""
        started = time.monotonic()
        try:
            response = self._read(call.request, call.deadline)
        except httpx.HTTPError as error:
            return self._failed(call, error, started)
        except APIError:
            self._log.request(call.request, "aborted", started)
            raise
        return self._answered(call, response, started)

    def _read(self, request: httpx.Request, deadline: Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        deadline.stream = None
        cancellation = deadline.cancellation
        if cancellation is not None and not cancellation.enter(deadline):
            raise self._errors.cancelled(request)
        token = CALL_DEADLINE.set(deadline)  # what the SDK's transport bounds each read by
        timer = None if self._transport is not None else self._watch(request, deadline)
        try:
            response = self._http.send(
                request, auth=self._auth, stream=True, follow_redirects=False
            )
            try:
                deadline.seen(response)
                content = self._read_body(request, response, deadline)
            finally:
                response.close()
            read = with_content(response, content)
            self._limits.check_values(request, read, content)
            return read
        finally:
            CALL_DEADLINE.reset(token)
            if timer is not None:
                timer.cancel()
            if cancellation is not None:
                cancellation.leave(deadline)

    def _watch(self, request: httpx.Request, deadline: Deadline) -> Alarm | None:
        """For a caller's ``http_client=`` (a transport not the SDK's): the watchdog's alarm
        that cuts the attempt's connection when the time is up, if the call is bounded."""
        left = deadline.remaining()
        if left is not None or deadline.cancellation is not None:
            deadline.watch(request, self._http)
        return None if left is None else ALARMS.schedule(left, deadline.cut)

    def _read_body(
        self, request: httpx.Request, response: httpx.Response, deadline: Deadline
    ) -> bytes:
        limits = self._limits
        limits.check_declared_size(request, response)
        body = limits.body_for(response)
        try:
            for chunk in response.iter_bytes():
                if not body.add(chunk):
                    raise limits.too_large(request, response)
                if deadline.expired():
                    raise self._errors.timed_out(request, deadline)
        except httpx.DecodingError as error:
            raise self._errors.undecodable(request, response, error) from None
        retire_if_broken(response)
        return body.content()

    def _call(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> ModelT:
        kwargs = self.request_kwargs(op, *args, **params)
        model: ModelT = self.send(op, kwargs, timeout=timeout, max_retries=max_retries)[0]
        return model

    def _call_raw(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> RawResponse[ModelT]:
        """``with_raw_response``'s call: the 2xx answer undecoded; ``parse()`` decodes it."""
        kwargs = self.request_kwargs(op, *args, **params)
        response = self.exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return self.raw_response(response, lambda: self._decoded(op, response))
