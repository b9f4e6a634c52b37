"""``AsyncAPIClient``: the awaiting engine behind every provider's ``AsyncClient``.

Twin of ``_engine_sync`` (openai-python keeps the same pair): the steps are the same, but one
blocks and one awaits, and sharing them would cost a coroutine per sync call. Everything but
the sending, the reading and the sleeping is ``ClientCore``'s, shared with the sync engine.
"""

from __future__ import annotations

import asyncio
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
from modelruns._transport import AsyncDeadlineTransport

__all__ = ["AsyncAPIClient"]


class AsyncAPIClient(ClientCore):
    """The asynchronous engine (an ``httpx.AsyncClient``, owned unless the caller passed one)."""

    _http: httpx.AsyncClient

    def __init__(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        http_client: httpx.AsyncClient | None,
        /,
        **options: Any,
    ) -> None:
        self._init_engine(connection, timeout, max_retries, retry_policy, http_client, options)

    # Twin of SyncAPIClient._new_http.
    def _new_http(self) -> httpx.AsyncClient:
        if environment_proxies():
            self._transport = None
            return httpx.AsyncClient(timeout=self._timeout)
        self._transport = AsyncDeadlineTransport()
        return httpx.AsyncClient(timeout=self._timeout, transport=self._transport)

    async def close(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # Twin of SyncAPIClient.send.
    async def send(
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
        response = await self.exchange(
            op,
            kwargs,
            timeout=timeout,
            max_retries=max_retries,
            extensions=extensions,
            cancellation=cancellation,
        )
        return self.decode(op, response)

    # Twin of SyncAPIClient.exchange: await where it blocks.
    async def exchange(
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
            attempted = await self._attempt(call)
            step = self._next(call, attempted.outcome)
            if isinstance(step, Retry):
                await self._retry.async_sleep(step.wait)
                self._after_wait(call)
            elif not isinstance(step, Redirect):
                return attempted.result()

    # Twin of SyncAPIClient._attempt.
    async def _attempt(self, call: Call) -> Attempted:
        """One attempt: sent and read within the deadline, logged, its error mapped."""
        started = time.monotonic()
        try:
            response = await self._read(call.request, call.deadline)
        except httpx.HTTPError as error:
            return self._failed(call, error, started)
        except APIError:
            self._log.request(call.request, "aborted", started)
            raise
        return self._answered(call, response, started)

    async def _read(self, request: httpx.Request, deadline: Deadline) -> httpx.Response:
        """Send ``request`` and read its body within the deadline and the size limit."""
        deadline.stream = None
        cancellation = deadline.cancellation
        if cancellation is not None:
            # A walk's request: its connection is cut if the walk is interrupted (not the task
            # cancelled: cancelling an httpx request mid-flight can leave its connection active).
            if not cancellation.enter(deadline):
                raise self._errors.cancelled(request)
            if self._transport is None:  # a caller's http_client=: found through its pool
                deadline.watch_async(request, self._http)
        token = CALL_DEADLINE.set(deadline)  # what the SDK's transport bounds each read by
        try:
            return await self._read_within(request, deadline)
        finally:
            CALL_DEADLINE.reset(token)
            if cancellation is not None:
                cancellation.leave(deadline)

    async def _read_within(self, request: httpx.Request, deadline: Deadline) -> httpx.Response:
        # One timeout over the attempt (a cancel scope): it ends whatever the attempt awaits,
        # on a new connection or a pooled one, in the head or in the body.
        scope = asyncio.timeout(deadline.remaining())
        try:
            async with scope:
                response = await self._http.send(
                    request, auth=self._auth, stream=True, follow_redirects=False
                )
                deadline.seen(response)
                try:
                    content = await self._read_body(request, response)
                finally:
                    await response.aclose()
        except TimeoutError:
            if not scope.expired():
                raise
            deadline.passed = True
            raise self._errors.timed_out(request, deadline) from None
        read = with_content(response, content)
        self._limits.check_values(request, read, content)
        return read

    # Twin of SyncAPIClient._read_body (the deadline is the cancel scope around it here).
    async def _read_body(self, request: httpx.Request, response: httpx.Response) -> bytes:
        limits = self._limits
        limits.check_declared_size(request, response)
        body = limits.body_for(response)
        try:
            async for chunk in response.aiter_bytes():
                if not body.add(chunk):
                    raise limits.too_large(request, response)
        except httpx.DecodingError as error:
            raise self._errors.undecodable(request, response, error) from None
        retire_if_broken(response)
        return body.content()

    async def _call(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> ModelT:
        kwargs = self.request_kwargs(op, *args, **params)
        model: ModelT = (await self.send(op, kwargs, timeout=timeout, max_retries=max_retries))[0]
        return model

    async def _call_raw(
        self, op: Operation[ModelT], *args: Any, timeout: Any, max_retries: Any, **params: Any
    ) -> RawResponse[ModelT]:
        """``with_raw_response``'s call: the 2xx answer undecoded; ``parse()`` decodes it."""
        kwargs = self.request_kwargs(op, *args, **params)
        response = await self.exchange(op, kwargs, timeout=timeout, max_retries=max_retries)
        return self.raw_response(response, lambda: self._decoded(op, response))
