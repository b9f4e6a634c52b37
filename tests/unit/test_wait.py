"""The waiting engine on a fake clock: backoff with jitter, Retry-After, transient errors, the
404 grace, statuses the spec lacks, the timeout bound and the Foundry list search."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import httpx
import pytest

from modelruns import (
    APIConnectionError,
    AuthenticationError,
    Deviation,
    NotFoundError,
    PollPolicy,
    RunNotFoundError,
    WaitTimeoutError,
    dataplatform,
    foundry,
)
from modelruns._specs import load_spec

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
RID = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
Answer = httpx.Response | Exception


class FakeTime:
    """A monotonic clock that only sleeps move; sleeps are recorded."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, **options: Any) -> PollPolicy:
        defaults: dict[str, Any] = {"random": lambda: 0.0}
        return PollPolicy(
            clock=self.clock,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            **{**defaults, **options},
        )


def _run(status: str) -> dict[str, Any]:
    body = load_spec("dataplatform")["paths"]["/model-runs/{runId}"]["get"]["responses"]["200"]
    run: dict[str, Any] = copy.deepcopy(body["content"]["application/json"]["example"])
    run["status"] = status
    return run


def ok(status: str) -> httpx.Response:
    return httpx.Response(200, json=_run(status))


def error(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"code": status, "message": "no"}, headers=headers)


def answers(items: Sequence[Answer]) -> Callable[[httpx.Request], httpx.Response]:
    """A handler giving each answer in turn (the last one again once they run out)."""
    queue: Iterator[Answer] = iter(items)
    last: list[Answer] = [items[-1]]

    def handle(request: httpx.Request) -> httpx.Response:
        answer = next(queue, last[0])
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handle


def dp(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> dataplatform.Client:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return dataplatform.Client(
        token="t", base_url="http://dp.test/v1", http_client=http, max_retries=0, **options
    )


def test_polls_grow_from_the_first_interval_to_the_cap_and_return_the_final_run() -> None:
    time = FakeTime()
    seen: list[str] = []
    client = dp(answers([ok("PENDING")] * 6 + [ok("RUNNING"), ok("FAILED")]))
    run = client.wait_for_model_run(
        RUN_ID,
        poll_interval=1.0,
        on_poll=lambda r: seen.append(str(r.status)),
        poll_policy=time.policy(max_interval=4.0),
    )
    assert str(run.status) == "FAILED"  # a final run is returned whatever its state
    assert seen == ["PENDING"] * 6 + ["RUNNING", "FAILED"]
    assert time.slept == [1.0, 1.5, 2.25, 3.375, 4.0, 4.0, 4.0]


def test_jitter_shortens_each_interval_by_up_to_its_share() -> None:
    time = FakeTime()
    client = dp(answers([ok("RUNNING")] * 3 + [ok("SUCCESS")]))
    client.wait_for_model_run(
        RUN_ID, poll_interval=2.0, poll_policy=time.policy(jitter=0.25, random=lambda: 1.0)
    )
    assert time.slept == [1.5, 2.25, 3.375]


def test_retry_after_is_honoured_and_transient_errors_are_polled_again() -> None:
    time = FakeTime()
    connect = httpx.ConnectError("refused")
    client = dp(
        answers(
            [error(429, **{"Retry-After": "7"}), error(503), connect, error(500), ok("SUCCESS")]
        )
    )
    polls: list[Any] = []
    run = client.wait_for_model_run(RUN_ID, on_poll=polls.append, poll_policy=time.policy())
    assert str(run.status) == "SUCCESS"
    assert len(polls) == 1  # on_poll sees each run read; failed polls read none
    assert time.slept[0] == 7.0
    assert len(time.slept) == 4


def test_a_404_just_after_the_start_is_polled_again_within_the_grace() -> None:
    time = FakeTime()
    client = dp(answers([error(404), error(404), ok("RUNNING"), ok("SUCCESS")]))
    run = client.wait_for_model_run(RUN_ID, poll_policy=time.policy(not_found_grace=5.0))
    assert str(run.status) == "SUCCESS"


def test_a_404_past_the_grace_is_raised() -> None:
    time = FakeTime()
    client = dp(answers([error(404)]))
    with pytest.raises(NotFoundError):
        client.wait_for_model_run(RUN_ID, poll_policy=time.policy(not_found_grace=3.0))
    assert time.now - 100.0 < 3.0 + 4.0  # given up right after the grace


def test_an_error_that_is_not_transient_ends_the_wait_at_once() -> None:
    time = FakeTime()
    client = dp(answers([error(401)]))
    with pytest.raises(AuthenticationError):
        client.wait_for_model_run(RUN_ID, poll_policy=time.policy())
    assert time.slept == []


def test_the_wait_never_outlasts_its_timeout_and_keeps_the_last_run() -> None:
    time = FakeTime()
    polls: list[Any] = []
    client = dp(answers([ok("RUNNING")]))
    with pytest.raises(WaitTimeoutError) as raised:
        client.wait_for_model_run(
            RUN_ID, timeout=30.0, on_poll=polls.append, poll_policy=time.policy()
        )
    assert sum(time.slept) <= 30.0
    assert time.now - 100.0 == pytest.approx(30.0)
    assert str(raised.value.last.status) == "RUNNING"
    assert raised.value.run_id == RUN_ID
    assert polls
    assert polls[-1] is raised.value.last
    assert "within 30 s" in str(raised.value)


def test_each_request_gets_only_what_is_left_of_the_wait() -> None:
    time = FakeTime()
    budgets: list[float] = []

    def handle(request: httpx.Request) -> httpx.Response:
        budgets.append(request.extensions["timeout"]["read"])
        return ok("RUNNING")

    client = dp(handle)
    with pytest.raises(WaitTimeoutError):
        client.wait_for_model_run(RUN_ID, timeout=5.0, poll_policy=time.policy())
    assert budgets[0] == pytest.approx(5.0)
    assert budgets == sorted(budgets, reverse=True)
    assert budgets[-1] < 2.0


def test_a_status_the_spec_lacks_is_not_final_and_reported_once() -> None:
    time = FakeTime()
    reported: list[Deviation] = []
    client = dp(
        answers([ok("QUEUED")] * 4 + [ok("SUCCESS")]), on_deviation=reported.append, strict=False
    )
    run = client.wait_for_model_run(RUN_ID, poll_policy=time.policy())
    assert str(run.status) == "SUCCESS"
    assert len(time.slept) == 4  # QUEUED was polled past, four times
    assert [(d.path, d.kind) for d in reported] == [("$.status", "enum")]


def test_an_unreachable_api_at_the_end_is_a_connection_error_naming_how_long() -> None:
    time = FakeTime()
    client = dp(answers([ok("RUNNING"), httpx.ConnectError("refused")]))
    with pytest.raises(APIConnectionError, match="could not be reached for the last") as raised:
        client.wait_for_model_run(RUN_ID, timeout=20.0, poll_policy=time.policy())
    assert not isinstance(raised.value, WaitTimeoutError)
    assert time.now - 100.0 == pytest.approx(20.0)


@pytest.mark.parametrize(
    ("options", "kind", "message"),
    [
        ({"timeout": 0}, ValueError, "timeout must be a positive"),
        ({"timeout": float("inf")}, ValueError, "timeout must be a positive"),
        ({"poll_interval": "1"}, TypeError, "poll_interval must be a number"),
        ({"on_poll": 3}, TypeError, "on_poll must be callable"),
        ({"poll_policy": {}}, TypeError, "poll_policy must be a PollPolicy"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    options: dict[str, Any], kind: type[Exception], message: str
) -> None:
    requests: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return ok("SUCCESS")

    client = dp(handle)
    with pytest.raises(kind, match=message):
        client.wait_for_model_run(RUN_ID, **options)
    assert requests == []


# -- Foundry: the run found in the list ---------------------------------------------------------


def _foundry_run(run_id: str, status: str) -> dict[str, Any]:
    path = load_spec("foundry")["paths"]["/v2/models/modelStudios/{modelStudioRid}/runs"]
    page = path["get"]["responses"]["200"]["content"]["application/json"]["example"]
    run: dict[str, Any] = copy.deepcopy(page["data"][0])
    run["runId"], run["buildStatus"] = run_id, status
    return run


def foundry_lister(pages: int, target: str, statuses: list[str]) -> tuple[Any, list[str]]:
    """A Foundry list of `pages` pages, the target run on the last; its status moves on."""
    tokens: list[str] = []
    progress = iter(statuses)
    current = [statuses[0]]

    def handle(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        tokens.append(token or "")
        number = int(token or 0)
        if number == pages - 1:
            current[0] = next(progress, current[0])
            data = [_foundry_run(target, current[0])]
        else:
            data = [_foundry_run(f"other{number}", "SUCCEEDED")]
        body: dict[str, Any] = {"data": data}
        if number < pages - 1:
            body["nextPageToken"] = str(number + 1)
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return foundry.Client(token="t", hostname="h.test", http_client=http, max_retries=0), tokens


def test_a_foundry_run_is_found_in_the_list_pages() -> None:
    time = FakeTime()
    client, tokens = foundry_lister(3, "target", ["RUNNING", "CANCELED"])
    run = client.wait_for_model_studio_run(RID, "target", poll_policy=time.policy())
    assert (run.run_id, str(run.build_status)) == ("target", "CANCELED")
    assert tokens == ["", "1", "2", "", "1", "2"]


def test_a_foundry_run_beyond_the_pages_read_is_not_found_and_says_so() -> None:
    time = FakeTime()
    client, tokens = foundry_lister(50, "target", ["RUNNING"])
    with pytest.raises(RunNotFoundError, match="first 10 pages of 100") as raised:
        client.wait_for_model_studio_run(RID, "target", poll_policy=time.policy())
    assert raised.value.run_id == "target"
    assert set(tokens) == {"", *(str(n) for n in range(1, 10))}  # never past page 10


def test_a_foundry_run_missing_from_a_short_list_is_not_found() -> None:
    time = FakeTime()
    client, _ = foundry_lister(2, "target", ["RUNNING"])
    with pytest.raises(RunNotFoundError, match="all 2 pages"):
        client.wait_for_model_studio_run(RID, "elsewhere", poll_policy=time.policy())


async def test_the_async_waiter_polls_the_same_way() -> None:
    time = FakeTime()
    transport = httpx.MockTransport(
        answers([error(503), ok("PENDING"), ok("RUNNING"), ok("CANCELLED")])
    )
    async with dataplatform.AsyncClient(
        token="t",
        base_url="http://dp.test/v1",
        http_client=httpx.AsyncClient(transport=transport),
        max_retries=0,
    ) as client:
        run = await client.wait_for_model_run(RUN_ID, poll_policy=time.policy())
    assert str(run.status) == "CANCELLED"
    assert time.slept == [1.0, 1.5, 2.25]


async def test_the_async_foundry_waiter_searches_the_list_and_times_out() -> None:
    time = FakeTime()

    async def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [_foundry_run("target", "RUNNING")]})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    async with foundry.AsyncClient(token="t", hostname="h.test", http_client=http) as client:
        with pytest.raises(WaitTimeoutError) as raised:
            await client.wait_for_model_studio_run(
                RID, "target", timeout=10.0, poll_policy=time.policy()
            )
    assert raised.value.last.run_id == "target"
    assert sum(time.slept) == pytest.approx(10.0)


def test_an_exception_from_on_poll_ends_the_wait() -> None:
    time = FakeTime()
    client = dp(answers([ok("RUNNING")]))

    def stop(run: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        client.wait_for_model_run(RUN_ID, on_poll=stop, poll_policy=time.policy())
    assert time.slept == []


def test_a_read_cut_short_by_the_wait_s_end_is_a_timeout_not_unreachable() -> None:
    time = FakeTime()
    client = dp(answers([ok("RUNNING"), httpx.ReadTimeout("slow")]))
    with pytest.raises(WaitTimeoutError, match="last status: RUNNING") as raised:
        client.wait_for_model_run(RUN_ID, timeout=10.0, poll_policy=time.policy())
    assert isinstance(raised.value.__cause__, APIConnectionError)
    assert str(raised.value.last.status) == "RUNNING"


def test_wait_errors_survive_pickling_with_the_last_run() -> None:
    import pickle

    time = FakeTime()
    client = dp(answers([ok("RUNNING")]))
    with pytest.raises(WaitTimeoutError) as raised:
        client.wait_for_model_run(RUN_ID, timeout=3.0, poll_policy=time.policy())
    copy_ = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own object
    assert (copy_.run_id, copy_.timeout, str(copy_)) == (RUN_ID, 3.0, str(raised.value))
    assert str(copy_.last.status) == "RUNNING"
    missing = pickle.loads(pickle.dumps(RunNotFoundError("not there", run_id="r1")))  # noqa: S301
    assert (missing.run_id, str(missing)) == ("r1", "not there")
