"""Runs started on the stubs take time: one status per poll by default, or `run_seconds` by the
clock, and the `fail_rate` share of them fail, deterministically with the seed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from modelruns.stubs import create_app
from tests.stubs.conftest import FOUNDRY_RID, Serve, client

TRIGGER = {"project_name": "analytics"}
LAUNCH = f"/v2/models/modelStudios/{FOUNDRY_RID}/launch"
RUNS = f"/v2/models/modelStudios/{FOUNDRY_RID}/runs"
PREVIEW = {"preview": "true"}


class Clock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


def _dp_status(http: httpx.Client, run_id: str) -> str:
    status: str = http.get(f"/model-runs/{run_id}").json()["status"]
    return status


def _foundry_status(http: httpx.Client, run_id: str) -> str:
    runs = http.get(RUNS, params={**PREVIEW, "pageSize": 500}).json()["data"]
    return str(next(run["buildStatus"] for run in runs if run["runId"] == run_id))


def test_a_dataplatform_run_moves_one_status_per_poll_by_default(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=1))
    run = http.post("/model-runs", json=TRIGGER).json()
    assert run["status"] == "PENDING"
    seen = [_dp_status(http, run["id"]) for _ in range(3)]
    assert seen == ["RUNNING", "SUCCESS", "SUCCESS"]


def test_a_dataplatform_run_follows_the_clock_with_run_seconds(serve: Serve) -> None:
    clock = Clock()
    http = client(serve("dataplatform", runs=1, run_seconds=10, clock=clock))
    run = http.post("/model-runs", json=TRIGGER).json()
    seen = []
    for at in (0, 1, 1.9, 2.1, 5, 9.9, 10, 30):
        clock.now = 1_750_000_000.0 + at
        seen.append(_dp_status(http, run["id"]))
    # Polled as often as one likes, it is PENDING for a fifth, RUNNING, then final at 10 s.
    assert seen == ["PENDING"] * 3 + ["RUNNING"] * 3 + ["SUCCESS"] * 2
    final = http.get(f"/model-runs/{run['id']}").json()
    assert final["started_at"] is not None
    assert final["finished_at"] is not None
    # The list reads the same clock.
    listed = http.get("/model-runs", params={"status": "SUCCESS"}).json()["data"]
    assert run["id"] in {item["id"] for item in listed}


def test_a_cancelled_run_stays_cancelled_when_its_time_is_up(serve: Serve) -> None:
    clock = Clock()
    http = client(serve("dataplatform", runs=1, run_seconds=10, clock=clock))
    run = http.post("/model-runs", json=TRIGGER).json()
    clock.now += 3
    assert http.post(f"/model-runs/{run['id']}/cancel").json()["status"] == "CANCELLED"
    clock.now += 30
    assert _dp_status(http, run["id"]) == "CANCELLED"


def test_a_run_past_its_time_can_no_longer_be_cancelled(serve: Serve) -> None:
    clock = Clock()
    http = client(serve("dataplatform", runs=1, run_seconds=1, clock=clock))
    run = http.post("/model-runs", json=TRIGGER).json()
    clock.now += 2
    response = http.post(f"/model-runs/{run['id']}/cancel")
    assert response.status_code == 400
    assert "SUCCESS" in response.json()["message"]


def _outcomes(serve: Serve, provider: str, seed: int, fail_rate: float, count: int) -> list[str]:
    clock = Clock()
    http = client(
        serve(provider, runs=1, seed=seed, fail_rate=fail_rate, run_seconds=1, clock=clock)
    )
    started = []
    for _ in range(count):
        if provider == "dataplatform":
            started.append(http.post("/model-runs", json=TRIGGER).json()["id"])
        else:
            started.append(http.post(LAUNCH, params=PREVIEW).json()["runId"])
    clock.now += 5
    read = _dp_status if provider == "dataplatform" else _foundry_status
    return [read(http, run_id) for run_id in started]


@pytest.mark.parametrize("provider", ["dataplatform", "foundry"])
def test_the_fail_rate_share_of_started_runs_fail_the_same_way_for_a_seed(
    serve: Serve, provider: str
) -> None:
    failed = "FAILED"
    first = _outcomes(serve, provider, seed=3, fail_rate=0.5, count=16)
    assert first == _outcomes(serve, provider, seed=3, fail_rate=0.5, count=16)
    assert 0 < first.count(failed) < 16
    assert first != _outcomes(serve, provider, seed=4, fail_rate=0.5, count=16)
    assert _outcomes(serve, provider, seed=3, fail_rate=1.0, count=4) == [failed] * 4
    assert failed not in _outcomes(serve, provider, seed=3, fail_rate=0.0, count=4)


def test_a_failed_dataplatform_run_says_why(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=1, fail_rate=1.0))
    run = http.post("/model-runs", json=TRIGGER).json()
    assert [_dp_status(http, run["id"]) for _ in range(2)] == ["RUNNING", "FAILED"]
    assert "failed" in http.get(f"/model-runs/{run['id']}").json()["error_message"]


def test_a_foundry_launch_is_final_after_the_list_that_shows_it_running(serve: Serve) -> None:
    http = client(serve("foundry", runs=2))
    run = http.post(LAUNCH, params=PREVIEW).json()
    assert run["buildStatus"] == "RUNNING"
    assert [_foundry_status(http, run["runId"]) for _ in range(3)] == [
        "RUNNING",
        "SUCCEEDED",
        "SUCCEEDED",
    ]


def test_a_foundry_launch_follows_the_clock_with_run_seconds(serve: Serve) -> None:
    clock = Clock()
    http = client(serve("foundry", runs=2, run_seconds=4, clock=clock))
    run = http.post(LAUNCH, params=PREVIEW).json()
    seen = []
    for at in (0, 1, 3.9, 4, 9):
        clock.now = 1_750_000_000.0 + at
        seen.append(_foundry_status(http, run["runId"]))
    assert seen == ["RUNNING"] * 3 + ["SUCCEEDED"] * 2


def test_foundry_lists_newest_first(serve: Serve) -> None:
    http = client(serve("foundry", runs=4))
    run = http.post(LAUNCH, params=PREVIEW).json()
    listed = http.get(RUNS, params=PREVIEW).json()["data"]
    assert listed[0]["runId"] == run["runId"]
    times = [item["startedTime"] for item in listed]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"run_seconds": 0}, "run_seconds must be a positive"),
        ({"run_seconds": float("inf")}, "run_seconds must be a positive"),
        ({"fail_rate": -0.1}, r"fail_rate must be in \[0, 1\]"),
    ],
)
def test_bad_run_life_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create_app("dataplatform", **options)
