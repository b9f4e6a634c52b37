"""The sequences the specs' links describe, walked in order with every check on every response.

Each step takes its parameters from the previous responses through the link's runtime
expressions, exactly as the spec declares them; the state machine in ``test_contract.py``
explores the same links in random orders.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ._links import Scenario, pagination

pytestmark = pytest.mark.slow

#: Pages after which a walk counts as endless (the stubs hold 25 runs).
MAX_PAGES = 50
#: A page size that spreads the stubs' runs over several pages.
SMALL_PAGE = 4


def _body(output: Any) -> Any:
    return output.response.json()


def _style(operation: Any, name: str) -> Any:
    return next(style for style in pagination(operation) if style["style"] == name)


def test_dataplatform_trigger_get_steps_test_results_cancel() -> None:
    scenario = Scenario("dataplatform")
    trigger = scenario.start("triggerModelRun")
    assert trigger.response.status_code == 201
    run_id = _body(trigger)["id"]

    fetched = scenario.follow(trigger, "getModelRun")
    assert fetched.response.status_code == 200
    assert _body(fetched)["id"] == run_id

    steps = scenario.follow(trigger, "listModelRunSteps")
    assert steps.response.status_code == 200
    step_items = _body(steps)["data"]
    assert step_items
    assert {step["run_id"] for step in step_items} == {run_id}

    results = scenario.follow(steps, "listModelTestResults")
    assert results.response.status_code == 200
    assert results.case.path_parameters == {"runId": run_id, "stepId": step_items[0]["id"]}
    assert all(result["run_step_id"] == step_items[0]["id"] for result in _body(results)["data"])

    cancelled = scenario.follow(trigger, "cancelModelRun")
    assert cancelled.response.status_code == 200
    assert _body(cancelled)["id"] == run_id
    assert _body(cancelled)["status"] == "CANCELLED"


def test_dataplatform_test_results_of_a_finished_run_belong_to_its_step() -> None:
    scenario = Scenario("dataplatform")
    trigger = scenario.start("triggerModelRun")
    # The stub moves a triggered run one status forward per fetch; poll until it finishes.
    for _ in range(MAX_PAGES):
        if _body(scenario.follow(trigger, "getModelRun"))["finished_at"] is not None:
            break
    steps = scenario.follow(trigger, "listModelRunSteps")
    results = scenario.follow(steps, "listModelTestResults")
    step_id = _body(steps)["data"][0]["id"]
    assert _body(results)["data"]
    assert {result["run_step_id"] for result in _body(results)["data"]} == {step_id}
    # A finished run cannot be cancelled: the server's 400, which passes every check.
    assert scenario.follow(trigger, "cancelModelRun").response.status_code == 400


def test_foundry_launched_run_appears_in_the_list() -> None:
    scenario = Scenario("foundry")
    launch = scenario.start("launchModelStudio")
    assert launch.response.status_code == 200
    launched = _body(launch)
    # `preview` is no link parameter: the spec requires it, so every call carries its example.
    assert launch.case.query == {"preview": "true"}

    page_size = _style(scenario.operations["listModelStudioRuns"], "token")["page_size"]
    listed = scenario.follow(launch, "listRuns", query={page_size: SMALL_PAGE})
    assert listed.case.query is not None
    assert listed.case.query["configVersion"] == launched["configVersion"]
    pages = list(scenario.walk(listed, "nextPage", max_pages=MAX_PAGES))
    runs = [run for page in pages for run in _body(page)["data"]]

    assert len(pages) > 1
    assert launched in runs
    assert {run["configVersion"] for run in runs} == {launched["configVersion"]}
    assert len({run["runId"] for run in runs}) == len(runs)


def test_pai_next_page_walk_ends_with_every_run_once() -> None:
    scenario = Scenario("pai")
    operation = scenario.operations["ListRuns"]
    tokens, numbers = _style(operation, "integer-token"), _style(operation, "page-number")
    first = scenario.start("ListRuns", query={tokens["page_size"]: SMALL_PAGE})
    pages = list(scenario.walk(first, "NextPage", max_pages=MAX_PAGES, end=tokens["end"]))
    runs = [json.dumps(run, sort_keys=True) for page in pages for run in _body(page)["Runs"]]

    assert len(pages) > 1
    assert _body(pages[-1])[tokens["response_token"]] == tokens["end"]
    assert len(set(runs)) == len(runs) == _body(first)[numbers["total"]]


def test_nsml_page_number_walk_ends_with_every_run_once() -> None:
    # NSML pages by number, which no link expression can compute: the walk follows the
    # spec's `x-modelruns-pagination` instead.
    scenario = Scenario("nsml")
    style = _style(scenario.operations["getRunList"], "page-number")
    runs: list[str] = []
    total = None
    for number in range(style["first_page"], style["first_page"] + MAX_PAGES):
        page = scenario.start("getRunList", query={style["page"]: number, style["page_size"]: 4})
        assert page.response.status_code == 200
        items, total = _body(page)[style["items"]], _body(page)[style["total"]]
        runs.extend(json.dumps(run, sort_keys=True) for run in items)
        if not items or len(runs) >= total:
            break
    else:
        pytest.fail(f"no end after {MAX_PAGES} pages")

    assert number > style["first_page"]
    assert len(set(runs)) == len(runs) == total


def test_pai_run_life_create_get_update_label_log_metrics_delete() -> None:
    scenario = Scenario("pai")
    created = scenario.start("CreateRun")
    assert created.response.status_code == 200
    request: Any = created.case.body
    run_id = _body(created)["RunId"]

    listed = scenario.start("ListRuns", query={"ExperimentId": request["ExperimentId"]})
    assert [run["RunId"] for run in _body(listed)["Runs"]] == [run_id]

    fetched = _body(scenario.follow(created, "GetRun", query={"Verbose": "true"}))
    assert (fetched["RunId"], fetched["Name"]) == (run_id, request["Name"])
    assert {(label["Key"], label["Value"]) for label in fetched["Labels"]} == {
        (label["Key"], label["Value"]) for label in request["Labels"]
    }

    updated = scenario.follow(created, "UpdateRun")
    assert updated.response.status_code == 200
    change: Any = updated.case.body
    shown = _body(scenario.follow(updated, "GetRun", query={"Verbose": "true"}))
    assert shown["Name"] == change["Name"]
    assert {label["Key"] for label in shown["Labels"]} == {
        label["Key"] for label in [*request["Labels"], *change["Labels"]]
    }
    assert {param["Key"] for param in shown["Params"]} == {
        param["Key"] for param in [*request["Params"], *change["Params"]]
    }

    removed = scenario.follow(created, "DeleteRunLabel")
    assert removed.response.status_code == 200
    gone = request["Labels"][0]["Key"]
    assert removed.case.path_parameters == {"RunId": run_id, "Key": gone}
    after = _body(scenario.follow(created, "GetRun", query={"Verbose": "true"}))
    assert gone not in {label["Key"] for label in after["Labels"]}
    assert scenario.follow(created, "DeleteRunLabel").response.status_code == 404

    # Fifteen values of one metric, logged out of step order.
    steps = [7, 3, 11, 0, 14, 1, 9, 5, 13, 2, 8, 12, 4, 10, 6]
    metrics: list[dict[str, Any]] = [
        {"Key": "loss", "Value": 1 / (step + 1), "Step": step, "Timestamp": 1_700_000_000_000 + i}
        for i, step in enumerate(steps)
    ]
    logged = scenario.follow(created, "LogRunMetrics", body={"Metrics": metrics})
    assert logged.response.status_code == 200
    first = scenario.follow(logged, "ListRunMetrics", query={"MaxResults": SMALL_PAGE})
    assert first.case.query is not None
    assert first.case.query["Key"] == "loss"
    tokens = _style(scenario.operations["ListRunMetrics"], "integer-token")
    pages = list(scenario.walk(first, "NextPage", max_pages=MAX_PAGES, end=tokens["end"]))
    values = [metric for page in pages for metric in _body(page)["Metrics"]]
    assert len(pages) == 4
    assert _body(pages[-1])[tokens["response_token"]] == tokens["end"]
    assert values == sorted(metrics, key=lambda metric: metric["Step"])

    deleted = scenario.follow(pages[-1], "DeleteRun")
    assert deleted.response.status_code == 200
    assert deleted.case.path_parameters == {"RunId": run_id}
    missing = scenario.follow(created, "GetRun")
    assert missing.response.status_code == 404
    assert {"RequestId", "HostId", "Code", "Message"} <= set(_body(missing))
    relisted = scenario.start("ListRuns", query={"ExperimentId": request["ExperimentId"]})
    assert _body(relisted)["Runs"] == []
