"""What to do after an attempt: done, retry after a wait, follow a redirect, or fail.

``decide`` is the one decision the sync and async engines share, and does no I/O: it reads the
attempt's outcome, how many attempts and redirects the call has had, the time left on its
deadline and the client's ``RetryPolicy``. A lost answer is retried only where the policy
allows (an idempotent operation, or an error that shows the request never left); an error
status by the policy's rule, its ``Retry-After`` honoured; never past the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from modelruns._retry import RetryPolicy

__all__ = [
    "MAX_REDIRECTS",
    "Attempts",
    "Done",
    "Fail",
    "Outcome",
    "Redirect",
    "Retry",
    "Step",
    "decide",
]

#: Same-origin redirects followed at most (when the caller's httpx client follows redirects).
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: a transport error, or an answer's status."""

    #: The transport's error (no answer came), else ``None``.
    error: httpx.HTTPError | None = None
    status: int | None = None
    headers: httpx.Headers | None = None
    #: The provider's error code of an error answer (``Throttling.User``), if any.
    code: str | None = None
    #: The same-origin URL a 3xx leads to, when the client follows redirects.
    redirect: httpx.URL | None = None


@dataclass
class Attempts:
    """How far one call has got: attempts made past the first, redirects followed."""

    retries: int
    attempt: int = 0
    redirects: int = 0


@dataclass(frozen=True)
class Done:
    """A 2xx: the answer is the call's."""


@dataclass(frozen=True)
class Fail:
    """The attempt's error is the call's."""


@dataclass(frozen=True)
class Retry:
    """Send again after ``wait`` seconds; ``reason`` names what is retried."""

    wait: float
    reason: str


@dataclass(frozen=True)
class Redirect:
    """Send to ``target`` (a same-origin redirect)."""

    target: httpx.URL


Step = Done | Fail | Retry | Redirect


def _can_wait(left: float | None, wait: float) -> bool:
    return left is None or wait < left


def decide(
    outcome: Outcome,
    attempts: Attempts,
    policy: RetryPolicy,
    *,
    idempotent: bool,
    left: float | None,
    expired: bool,
) -> Step:
    """The step after an attempt (see the module); ``left``: seconds left, ``None`` unbounded."""
    retries_left = attempts.attempt < attempts.retries
    error = outcome.error
    if error is not None:
        wait = policy.delay(attempts.attempt)
        if (
            retries_left
            and not expired
            and policy.should_retry_error(error, idempotent=idempotent)
            and _can_wait(left, wait)
        ):
            return Retry(wait, type(error).__name__)
        return Fail()
    status = outcome.status if outcome.status is not None else 0
    if 200 <= status < 300:
        return Done()
    if outcome.redirect is not None and attempts.redirects < MAX_REDIRECTS:
        return Redirect(outcome.redirect)
    wait = policy.delay(attempts.attempt, outcome.headers)
    if (
        retries_left
        and policy.should_retry_status(status, idempotent=idempotent, code=outcome.code)
        and _can_wait(left, wait)
    ):
        return Retry(wait, f"status {status}")
    return Fail()
