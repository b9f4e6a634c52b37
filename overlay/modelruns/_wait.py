"""Waiting for a run to finish: one engine, driven by the specs.

botocore keeps its waiters as data and one engine that reads them; here the data is the spec.
``x-modelruns-wait`` names the operation that reads one run (``modelruns._specs.Waiter``): the
generator writes one small method per entry on both clients (``wait_for_model_run``,
``wait_for_model_studio_run``) that hands this engine a call of that operation.
``x-modelruns-run-states`` says which status values are final (``modelruns._states``).

How a wait polls (``PollPolicy``):

- The first poll is at once; then the interval grows from ``poll_interval`` by ``factor`` to
  ``max_interval``, each interval shortened by up to ``jitter`` (a fraction, so many waiters
  started together spread out).
- A poll that fails in a way worth another try is retried within the wait's time (reads are
  idempotent): a connection error or a request timeout, 429, every 5xx and a ``Throttling``
  code (the client's ``RetryPolicy`` rules), waiting what ``Retry-After`` asks when the server
  says (up to the policy's ``max_retry_after``). Any other error ends the wait at once.
- A 404 (or, for a run found in a list, a run not listed) within ``not_found_grace`` seconds of
  the start is polled again: a run just started may not be readable yet from every replica.
- The whole wait never lasts longer than ``timeout``: each request's own timeout is what is
  left of it, and no sleep outlasts it. When it passes, ``WaitTimeoutError`` (with ``last``,
  the last run seen); when it passes while the API could not be reached, the
  ``APIConnectionError`` of the last poll, which names how long the API has been unreachable.
- A status the spec does not list is never final: the wait goes on (the client reports the
  value once as a deviation, as for any response, unless ``strict``, where it is an error).
"""

from __future__ import annotations

import asyncio
import enum
import random as _random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from modelruns._deadline import total_seconds
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    RunNotFoundError,
    WaitTimeoutError,
)
from modelruns._log import LOGGER
from modelruns._names import snake_case
from modelruns._specs import Provider, find_operation, load_spec, read_waiters
from modelruns._states import STATES, RunStatus

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "PollPolicy",
    "WaitTarget",
    "async_wait",
    "wait",
    "wait_target",
]

#: A wait's bound when none is given (seconds).
DEFAULT_WAIT_TIMEOUT = 600.0
#: The first interval between polls when none is given (seconds).
DEFAULT_POLL_INTERVAL = 1.0

ModelT = TypeVar("ModelT")
# Less than this left of a wait is no time for another poll.
_MIN_POLL = 0.01


@dataclass(frozen=True)
class PollPolicy:
    """How a wait spaces its polls; the clock and sleeps are injectable for tests.

    ``max_interval`` caps the interval (a ``poll_interval`` above it is kept as given);
    ``factor`` is its growth per poll; ``jitter`` the largest fraction taken off an interval;
    ``not_found_grace`` the seconds after the start during which a 404 (a run not yet
    readable) is polled again rather than raised. ``clock`` is monotonic seconds.
    """

    max_interval: float = 15.0
    factor: float = 1.5
    jitter: float = 0.2
    not_found_grace: float = 5.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    random: Callable[[], float] = field(default=_random.random, repr=False)

    def __post_init__(self) -> None:
        if not (self.max_interval > 0 and self.factor >= 1 and 0 <= self.jitter < 1):
            raise ValueError(
                "PollPolicy needs max_interval > 0, factor >= 1 and 0 <= jitter < 1, got "
                f"{self.max_interval}, {self.factor}, {self.jitter}"
            )
        if self.not_found_grace < 0:
            raise ValueError(f"not_found_grace must not be negative, got {self.not_found_grace}")

    def interval(self, poll: int, first: float) -> float:
        """Seconds before poll number ``poll + 1`` (0-based), jitter included."""
        cap = max(first, self.max_interval)
        base = min(cap, first * self.factor ** min(poll, 64))
        return base * (1.0 - self.jitter * self.random())


@dataclass(frozen=True)
class WaitTarget:
    """One ``x-modelruns-wait`` entry, resolved for the engine.

    ``find`` is the attribute of a listed item that holds the run id (``None``: the operation
    reads the run itself); ``page_size_keyword`` and ``page_token_keyword`` are the list
    method's keywords, ``page_size`` and ``max_pages`` bound the search.
    """

    provider: Provider
    operation_id: str
    method: str
    find: str | None = None
    page_size_keyword: str | None = None
    page_token_keyword: str | None = None
    page_size: int = 0
    max_pages: int = 0


def wait_target(provider: Provider, operation_id: str) -> WaitTarget:
    """The ``WaitTarget`` of an operation's ``x-modelruns-wait`` (the facades build these)."""
    spec = load_spec(provider)
    for waiter in read_waiters(spec):
        if waiter.operation_id != operation_id:
            continue
        if STATES[provider].attribute is None:
            raise ValueError(
                f"{provider}: x-modelruns-wait on {operation_id}, but runs have no status"
            )
        if waiter.find is None:
            return WaitTarget(provider, operation_id, waiter.method)
        paging = find_operation(spec, operation_id).operation["x-modelruns-pagination"][0]
        return WaitTarget(
            provider,
            operation_id,
            waiter.method,
            find=snake_case(waiter.find),
            page_size_keyword=snake_case(paging["page_size"]),
            page_token_keyword=snake_case(paging["request_token"]),
            page_size=int(waiter.page_size or 0),
            max_pages=int(waiter.max_pages or 0),
        )
    raise LookupError(f"{provider} operation {operation_id} has no x-modelruns-wait")


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise TypeError(f"{name} must be a number of seconds, got {value!r}")
    if value <= 0 or value == float("inf"):
        raise ValueError(f"{name} must be a positive, finite number of seconds, got {value!r}")
    return float(value)


class _Wait:
    """The state of one wait, without I/O: what the sync and async loops share."""

    def __init__(
        self,
        client: Any,
        target: WaitTarget,
        run_id: Any,
        timeout: Any,
        poll_interval: Any,
        on_poll: Any,
        policy: PollPolicy | None,
    ) -> None:
        self.timeout = _number("timeout", timeout)
        self.first = _number("poll_interval", poll_interval)
        if on_poll is not None and not callable(on_poll):
            raise TypeError(f"on_poll must be callable, got {type(on_poll).__name__}")
        if policy is not None and not isinstance(policy, PollPolicy):
            raise TypeError(f"poll_policy must be a PollPolicy, got {type(policy).__name__}")
        self.client = client
        self.target = target
        self.run_id = str(run_id)
        self.on_poll = on_poll
        self.policy = policy or PollPolicy()
        self.retry = client._retry  # the client's RetryPolicy: which errors are transient
        self.states = STATES[target.provider]
        self.started = self.policy.clock()
        self.polls = 0
        self.last: Any = None
        self.last_status: RunStatus | None = None
        self.error: APIError | None = None
        self.unreachable_since: float | None = None
        self.told_unknown = False
        self.request_timeout = total_seconds(client._timeout)

    @property
    def what(self) -> str:
        return f"{self.target.provider} run {self.run_id!r}"

    def left(self) -> float:
        return self.timeout - (self.policy.clock() - self.started)

    def budget(self) -> float:
        """A request's timeout: what is left of the wait, at most the client's own timeout."""
        left = max(self.left(), 0.001)
        return left if self.request_timeout is None else min(left, self.request_timeout)

    def call_options(self) -> dict[str, Any]:
        return {"timeout": self.budget(), "max_retries": 0}

    def page_options(self, token: Any) -> dict[str, Any]:
        target = self.target
        assert target.page_size_keyword is not None
        assert target.page_token_keyword is not None
        return {
            target.page_size_keyword: target.page_size,
            target.page_token_keyword: token,
            # One page per call, the tokens driven here: a page read ahead would be thrown away.
            "prefetch": 0,
            **self.call_options(),
        }

    def match(self, items: list[Any]) -> Any:
        assert self.target.find is not None
        for item in items:
            if str(getattr(item, self.target.find, None)) == self.run_id:
                return item
        return None

    def not_listed(self, searched: int, pages: int, more: bool) -> RunNotFoundError:
        target = self.target
        scope = (
            f"the first {pages} pages of {target.page_size} (the waiter reads at most "
            f"{target.max_pages}, newest first)"
            if more
            else ("the only page" if pages == 1 else f"all {pages} pages")
        )
        return RunNotFoundError(
            f"{target.operation_id} lists no run with id {self.run_id!r}: {searched} runs on "
            f"{scope} searched",
            run_id=self.run_id,
        )

    def seen(self, run: Any) -> bool:
        """Record a run read; whether its state is final."""
        self.polls += 1
        self.last = run
        self.error = None
        self.unreachable_since = None
        attribute = self.states.attribute
        value = None if attribute is None else getattr(run, attribute, None)
        status = self.states.status(value)
        if status is not self.last_status:
            LOGGER.info("%s: %s (%s)", self.what, status.value, _shown(value))
        self.last_status = status
        if status is RunStatus.UNKNOWN and not self.told_unknown:
            self.told_unknown = True
            LOGGER.info(
                "%s: status %s is not a state the spec lists; not final, still waiting",
                self.what,
                _shown(value),
            )
        return status.is_terminal

    def failed(self, error: APIError) -> float:
        """A poll failed: the seconds before the next one, or raise when it is not transient."""
        self.polls += 1
        now = self.policy.clock()
        unreachable = isinstance(error, APIConnectionError) and not isinstance(
            error, APITimeoutError
        )
        if not unreachable:
            self.unreachable_since = None
        elif self.unreachable_since is None:
            self.unreachable_since = now
        if isinstance(error, APIConnectionError):
            transient = True  # refused, reset, or a request that ran out of time
        elif isinstance(error, RunNotFoundError) or (
            isinstance(error, APIStatusError) and error.status == 404
        ):
            transient = now - self.started < self.policy.not_found_grace
        elif isinstance(error, APIStatusError):
            transient = self.retry.should_retry_status(
                error.status, idempotent=True, code=error.code
            )
        else:
            transient = False
        if not transient:
            raise error
        self.error = error
        LOGGER.info("%s: poll failed (%s); polling again", self.what, error)
        asked = (
            self.retry.retry_after(error.response.headers)
            if isinstance(error, APIStatusError)
            else None
        )
        return asked if asked is not None else self.next_interval()

    def next_interval(self) -> float:
        return self.policy.interval(max(self.polls - 1, 0), self.first)

    def pause(self, seconds: float) -> float:
        """The part of ``seconds`` to sleep: none of it past the wait's end."""
        return max(0.0, min(seconds, self.left()))

    def ended(self) -> APIError:
        """The error a wait whose time has run out raises."""
        error = self.error
        # Unreachable (refused, reset) at the end: that, not a timeout. A read the wait's end
        # cut short is a timeout like any other.
        if isinstance(error, APIConnectionError) and self.unreachable_since is not None:
            down = self.policy.clock() - self.unreachable_since
            failed = APIConnectionError(
                f"waiting for {self.what}: the {self.target.provider} API could not be reached "
                f"for the last {down:.1f} s of the {self.timeout:g} s wait ({error})",
                request=error.request,
            )
            failed.__cause__ = error
            return failed
        if isinstance(error, (RunNotFoundError, APIStatusError)) and self.last is None:
            return error  # never found: the 404 (or "not listed") itself, past its grace
        status = "no poll succeeded" if self.last_status is None else self.last_status.value
        timed_out = WaitTimeoutError(
            f"{self.what} did not finish within {self.timeout:g} s ({self.polls} polls; "
            f"last status: {status})",
            run_id=self.run_id,
            timeout=self.timeout,
            last=self.last,
        )
        timed_out.__cause__ = error  # the last poll's failure, if it failed
        return timed_out


def _shown(value: Any) -> str:
    if not isinstance(value, (str, enum.Enum)):
        return "absent"  # None, or the generated packages' Unset
    return repr(value.value if isinstance(value, enum.Enum) else value)


def wait(
    client: Any,
    target: WaitTarget,
    call: Callable[..., Any],
    run_id: Any,
    *,
    timeout: float,
    poll_interval: float,
    on_poll: Callable[[Any], object] | None,
    poll_policy: PollPolicy | None,
) -> Any:
    """Poll ``call`` (the operation of ``target``, its path filled) until the run is final.

    Returns the run in its final state, whatever it is; raises as the module says.
    """
    state = _Wait(client, target, run_id, timeout, poll_interval, on_poll, poll_policy)
    while True:
        if state.left() <= _MIN_POLL:
            raise state.ended()
        try:
            run = _read(state, call)
        except APIError as error:
            delay = state.failed(error)
        else:
            final = state.seen(run)
            if state.on_poll is not None:
                state.on_poll(run)
            if final:
                return run
            delay = state.next_interval()
        state.policy.sleep(state.pause(delay))


def _read(state: _Wait, call: Callable[..., Any]) -> Any:
    if state.target.find is None:
        return call(**state.call_options())
    token, searched = None, 0
    for number in range(1, state.target.max_pages + 1):
        pages = call(**state.page_options(token)).pages()
        try:
            page = next(pages)
        finally:
            pages.close()
        found = state.match(page.items)
        if found is not None:
            return found
        searched += len(page.items)
        token = page.next_page_token
        if not page.has_next_page():
            raise state.not_listed(searched, number, more=False)
        if state.left() <= 0:
            break
    raise state.not_listed(searched, state.target.max_pages, more=True)


# Twin of ``wait`` (as the clients are twins): the same steps, awaited.
async def async_wait(
    client: Any,
    target: WaitTarget,
    call: Callable[..., Any],
    run_id: Any,
    *,
    timeout: float,
    poll_interval: float,
    on_poll: Callable[[Any], object] | None,
    poll_policy: PollPolicy | None,
) -> Any:
    """``wait`` for an ``AsyncClient``: ``call`` returns a coroutine or an async paginator."""
    state = _Wait(client, target, run_id, timeout, poll_interval, on_poll, poll_policy)
    while True:
        if state.left() <= _MIN_POLL:
            raise state.ended()
        try:
            run = await _async_read(state, call)
        except APIError as error:
            delay = state.failed(error)
        else:
            final = state.seen(run)
            if state.on_poll is not None:
                state.on_poll(run)
            if final:
                return run
            delay = state.next_interval()
        await state.policy.async_sleep(state.pause(delay))


async def _async_read(state: _Wait, call: Callable[..., Any]) -> Any:
    if state.target.find is None:
        return await call(**state.call_options())
    token, searched = None, 0
    for number in range(1, state.target.max_pages + 1):
        pages = call(**state.page_options(token)).pages()
        try:
            page = await anext(pages)
        finally:
            await pages.aclose()
        found = state.match(page.items)
        if found is not None:
            return found
        searched += len(page.items)
        token = page.next_page_token
        if not page.has_next_page():
            raise state.not_listed(searched, number, more=False)
        if state.left() <= 0:
            break
    raise state.not_listed(searched, state.target.max_pages, more=True)
