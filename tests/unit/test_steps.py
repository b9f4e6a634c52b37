"""The one retry-or-redirect decision both engines share (``_steps.decide``), without I/O."""

from __future__ import annotations

import httpx
import pytest

from modelruns._retry import RetryPolicy
from modelruns._steps import MAX_REDIRECTS, Attempts, Done, Fail, Outcome, Redirect, Retry, decide

REQUEST = httpx.Request("GET", "https://api.example/runs")
#: Backoff without jitter: 0.5 s, then 1 s, then 2 s.
POLICY = RetryPolicy(random=lambda: 0.5, initial_delay=0.5, max_delay=8.0, jitter=0.0)


def _decide(
    outcome: Outcome,
    *,
    attempt: int = 0,
    retries: int = 2,
    redirects: int = 0,
    idempotent: bool = True,
    left: float | None = None,
    expired: bool = False,
) -> object:
    attempts = Attempts(retries, attempt, redirects)
    return decide(outcome, attempts, POLICY, idempotent=idempotent, left=left, expired=expired)


def test_a_2xx_is_done() -> None:
    assert _decide(Outcome(status=200)) == Done()
    assert _decide(Outcome(status=204), attempt=2) == Done()


def test_a_lost_answer_of_an_idempotent_call_is_retried_after_the_backoff() -> None:
    lost = Outcome(error=httpx.ReadTimeout("slow", request=REQUEST))
    assert _decide(lost) == Retry(0.5, "ReadTimeout")
    assert _decide(lost, attempt=1) == Retry(1.0, "ReadTimeout")


def test_a_lost_answer_of_a_write_is_not_retried_but_an_unsent_request_is() -> None:
    lost = Outcome(error=httpx.ReadTimeout("slow", request=REQUEST))
    assert _decide(lost, idempotent=False) == Fail()
    never_sent = Outcome(error=httpx.ConnectError("refused", request=REQUEST))
    assert _decide(never_sent, idempotent=False) == Retry(0.5, "ConnectError")


def test_no_retry_once_the_retries_are_spent() -> None:
    lost = Outcome(error=httpx.ConnectError("refused", request=REQUEST))
    assert _decide(lost, attempt=2, retries=2) == Fail()
    assert _decide(Outcome(status=503), attempt=2, retries=2) == Fail()
    assert _decide(Outcome(status=503), retries=0) == Fail()


def test_no_retry_past_the_deadline_or_when_the_wait_would_outlast_it() -> None:
    lost = Outcome(error=httpx.ConnectError("refused", request=REQUEST))
    assert _decide(lost, expired=True) == Fail()
    assert _decide(lost, left=0.4) == Fail()  # the 0.5 s wait would end past it
    assert _decide(lost, left=0.6) == Retry(0.5, "ConnectError")
    assert _decide(Outcome(status=503), left=0.4) == Fail()


def test_an_error_status_is_retried_by_the_policys_rule_honouring_retry_after() -> None:
    assert _decide(Outcome(status=503)) == Retry(0.5, "status 503")
    assert _decide(Outcome(status=404)) == Fail()
    throttled = Outcome(status=400, code="Throttling.User")
    assert _decide(throttled) == Retry(0.5, "status 400")
    later = Outcome(status=429, headers=httpx.Headers({"Retry-After": "3"}))
    assert _decide(later) == Retry(3.0, "status 429")
    assert _decide(later, idempotent=False) == Fail()


def test_a_same_origin_redirect_is_followed_up_to_the_limit() -> None:
    target = httpx.URL("https://api.example/v2/runs")
    moved = Outcome(status=307, redirect=target)
    assert _decide(moved) == Redirect(target)
    assert _decide(moved, redirects=MAX_REDIRECTS - 1) == Redirect(target)
    assert _decide(moved, redirects=MAX_REDIRECTS) == Fail()
    # A 3xx not to follow (another origin, or a client that does not follow) is its error.
    assert _decide(Outcome(status=307)) == Fail()


@pytest.mark.parametrize("status", [200, 307, 404, 503])
def test_the_decision_reads_nothing_but_its_arguments(status: int) -> None:
    outcome = Outcome(status=status, redirect=httpx.URL("https://api.example/x"))
    assert _decide(outcome, left=5.0) == _decide(outcome, left=5.0)
