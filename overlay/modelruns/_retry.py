"""When to retry a request and how long to wait: capped exponential backoff with jitter.

The policy is pure data plus two injectable hooks (``sleep``/``async_sleep`` and ``random``)
and a clock, so tests assert the computed delays without waiting.
"""

from __future__ import annotations

import asyncio
import email.utils
import random as _random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

__all__ = ["RetryPolicy"]

# Connection failures after which the server certainly never saw the request.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)

# Provider error codes that mean "throttled, try again" whatever the status.
_THROTTLING_PREFIX = "Throttling"


def _uniform() -> float:
    """The default jitter draw: the process's own generator, also in a policy unpickled in
    another process (``random.random`` would pickle a copy of this one's generator state, and
    every worker would then draw the same jitter)."""
    return _random.random()  # noqa: S311 - jitter, not cryptography (as the default was)


@dataclass(frozen=True)
class RetryPolicy:
    """Retry rules shared by every client.

    What is retried, up to ``max_retries`` more attempts, all within the call's ``timeout``:

    - a connection that could not be made (connect error, connect timeout): always, for every
      operation, since the server certainly never saw the request;
    - for idempotent operations only (the spec's ``x-modelruns-idempotent``: every list and
      get, and Data Platform's cancel): any other transport error (a dropped connection, a
      read timeout), status 429, every 5xx (500, 502, 503, 504, 520, ...), and a 4xx whose
      provider code starts with ``Throttling`` (PAI);
    - nothing else. Non-idempotent operations (Foundry's ``launch_model_studio``, Data
      Platform's ``trigger_model_run``) are never retried after the request may have reached
      the server, not even on 429 or 503: a second launch could start a second run.

    A wait that would outlast the call's ``timeout`` is not taken: the last error is raised.
    Each retry is logged at INFO on the ``modelruns`` logger (why, and the wait). The wait is
    ``min(max_delay, initial_delay * 2**attempt)`` reduced by up to ``jitter`` (a fraction),
    unless the server sent ``Retry-After`` (seconds or an HTTP date), which is honoured up to
    ``max_retry_after``.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.25
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    random: Callable[[], float] = field(default=_uniform, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)

    def should_retry_error(self, error: BaseException, *, idempotent: bool) -> bool:
        """Whether a transport error is worth another attempt."""
        if isinstance(error, _NOT_SENT):
            return True
        return idempotent and isinstance(error, httpx.TransportError)

    def should_retry_status(
        self, status: int, *, idempotent: bool, code: str | None = None
    ) -> bool:
        """Whether an error answer is worth another attempt."""
        if not idempotent:
            return False
        if status == 429 or status >= 500:
            return True
        return code is not None and code.startswith(_THROTTLING_PREFIX)

    def retry_after(self, headers: httpx.Headers | None) -> float | None:
        """Seconds the server asked to wait (capped), or ``None`` when it did not say."""
        if headers is None:
            return None
        value = headers.get("retry-after")
        if value is None:
            return None
        value = value.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
            seconds = parsed.timestamp() - self.clock()
        if seconds != seconds:  # NaN
            return None
        return min(max(seconds, 0.0), self.max_retry_after)

    def delay(self, attempt: int, headers: httpx.Headers | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        asked = self.retry_after(headers)
        if asked is not None:
            return asked
        base = min(self.max_delay, self.initial_delay * (2.0**attempt))
        return base * (1.0 - self.jitter * self.random())
