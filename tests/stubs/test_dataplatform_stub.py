"""The Data Platform stub over HTTP: runs that progress, cancel, steps, tests, rate limits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import DP_RUN_ID, DP_STEP_ID, Serve, client

TRIGGER = {"project_name": "analytics", "model_names": ["stg_orders", "fct_orders"]}


def walk(http: httpx.Client, path: str = "/model-runs", **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    query = dict(params)
    while True:
        page = http.get(path, params=query).json()
        items.extend(page["data"])
        if "next_page_token" not in page:
            return items
        query["page_token"] = page["next_page_token"]


def test_list_walks_every_run_once(serve: Serve) -> None:
    runs = walk(client(serve("dataplatform", runs=11)), max_results=4)
    assert len({run["id"] for run in runs}) == 11


def test_status_filter_returns_only_that_status(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=30))
    everything = walk(http)
    succeeded = walk(http, status="SUCCESS")
    assert succeeded
    assert all(run["status"] == "SUCCESS" for run in succeeded)
    assert len(succeeded) == sum(run["status"] == "SUCCESS" for run in everything)


def test_example_run_step_and_test_results_exist(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=3))
    run = http.get(f"/model-runs/{DP_RUN_ID}").json()
    assert run["status"] == "RUNNING"
    steps = http.get(f"/model-runs/{DP_RUN_ID}/steps").json()["data"]
    assert DP_STEP_ID in {step["id"] for step in steps}
    tests = http.get(f"/model-runs/{DP_RUN_ID}/steps/{DP_STEP_ID}/test-results").json()["data"]
    assert tests
    assert {test["run_step_id"] for test in tests} == {DP_STEP_ID}


def test_cancel_example_run_then_cancel_again_is_400_as_the_server_answers(serve: Serve) -> None:
    http = client(serve("dataplatform"))
    first = http.post(f"/model-runs/{DP_RUN_ID}/cancel")
    assert first.status_code == 200
    assert first.json()["status"] == "CANCELLED"
    again = http.post(f"/model-runs/{DP_RUN_ID}/cancel")
    # The server's validation error (internal/service/model/service.go:429-431), not 409.
    assert again.status_code == 400
    assert again.json() == {"code": 400, "message": "cannot cancel run in status CANCELLED"}
    assert http.get(f"/model-runs/{DP_RUN_ID}").json()["status"] == "CANCELLED"


def test_triggered_run_appears_first_and_progresses_when_polled(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=2))
    created = http.post("/model-runs", json=TRIGGER)
    assert created.status_code == 201
    run = created.json()
    assert run["status"] == "PENDING"
    assert walk(http)[0]["id"] == run["id"]
    statuses = [http.get(f"/model-runs/{run['id']}").json()["status"] for _ in range(3)]
    assert statuses == ["RUNNING", "SUCCESS", "SUCCESS"]
    steps = walk(http, f"/model-runs/{run['id']}/steps")
    assert [step["model_name"] for step in steps] == TRIGGER["model_names"]
    assert {step["status"] for step in steps} == {"SUCCESS"}
    assert http.post(f"/model-runs/{run['id']}/cancel").status_code == 400


def test_triggered_run_can_be_cancelled_while_pending(serve: Serve) -> None:
    http = client(serve("dataplatform", runs=1))
    run = http.post("/model-runs", json=TRIGGER).json()
    cancelled = http.post(f"/model-runs/{run['id']}/cancel").json()
    assert cancelled["status"] == "CANCELLED"
    assert http.get(f"/model-runs/{run['id']}").json()["status"] == "CANCELLED"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"project_name": "has space"},
        {"project_name": "a", "full_refresh": "yes"},
        {"project_name": 5},
    ],
)
def test_invalid_trigger_body_is_a_400_error_body(serve: Serve, body: dict[str, Any]) -> None:
    response = client(serve("dataplatform")).post("/model-runs", json=body)
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message"}


def test_malformed_json_body_is_a_400(serve: Serve) -> None:
    http = client(serve("dataplatform"))
    response = http.post("/model-runs", content=b"{", headers={"content-type": "application/json"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/model-runs", {"status": "DONE"}),
        ("/model-runs", {"max_results": "ten"}),
        ("/model-runs/NOT-A-UUID", {}),
    ],
)
def test_invalid_parameters_are_400(serve: Serve, path: str, params: dict[str, str]) -> None:
    response = client(serve("dataplatform")).get(path, params=params)
    assert response.status_code == 400
    assert response.json()["code"] == 400


def test_unknown_run_and_step_are_404(serve: Serve) -> None:
    http = client(serve("dataplatform"))
    missing = "00000000-0000-4000-8000-000000000000"
    for response in (
        http.get(f"/model-runs/{missing}"),
        http.post(f"/model-runs/{missing}/cancel"),
        http.get(f"/model-runs/{missing}/steps"),
        http.get(f"/model-runs/{DP_RUN_ID}/steps/{missing}/test-results"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == 404


def test_api_key_is_accepted_and_wrong_credentials_are_401(serve: Serve) -> None:
    server = serve("dataplatform")
    url = server.base_url + "/model-runs"
    assert httpx.get(url, headers={"X-API-Key": demo.DEMO_DATAPLATFORM_API_KEY}).status_code == 200
    for headers in ({}, {"X-API-Key": "nope"}, {"Authorization": "Bearer nope"}):
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == 401


def test_every_response_carries_rate_limit_headers(serve: Serve) -> None:
    http = client(serve("dataplatform", rate_limit=50))
    for response in (http.get("/model-runs"), http.get("/nowhere")):
        assert response.headers["X-RateLimit-Limit"] == "50"
        assert int(response.headers["X-RateLimit-Remaining"]) < 50
        assert int(response.headers["X-RateLimit-Reset"]) > 0


def test_rate_limit_answers_429_with_retry_after_until_the_window_resets(serve: Serve) -> None:
    now = [1_700_000_000.0]
    http = client(serve("dataplatform", rate_limit=2, clock=lambda: now[0]))
    assert [http.get("/model-runs").status_code for _ in range(2)] == [200, 200]
    throttled = http.get("/model-runs")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == 429
    assert int(throttled.headers["Retry-After"]) >= 1
    assert throttled.headers["X-RateLimit-Remaining"] == "0"
    now[0] += 60
    assert http.get("/model-runs").status_code == 200


def test_page_size_is_clamped_and_a_bad_token_restarts_as_the_server_does(serve: Serve) -> None:
    # internal/domain/pagination.go: below 1 -> the default 100, above 1000 -> 1000, and a
    # token that does not decode reads as the first page; none of them is an error.
    http = client(serve("dataplatform", runs=1005))
    assert len(http.get("/model-runs", params={"max_results": "0"}).json()["data"]) == 100
    assert len(http.get("/model-runs", params={"max_results": "5000"}).json()["data"]) == 1000
    first = http.get("/model-runs", params={"max_results": "3"}).json()["data"]
    bad = http.get("/model-runs", params={"max_results": "3", "page_token": "@@@"}).json()
    assert bad["data"] == first


def test_trigger_without_project_takes_the_target_schema_as_the_server_does(
    serve: Serve,
) -> None:
    http = client(serve("dataplatform"))
    run = http.post("/model-runs", json={"target_schema": "staging", "extra": 1})
    assert run.status_code == 201
    assert run.json()["project_name"] == "staging"
    neither = http.post("/model-runs", json={"model_names": ["stg_orders"]})
    assert neither.status_code == 400
    assert neither.json() == {"code": 400, "message": "target_schema is required"}


def test_seeded_runs_include_every_trigger_type_the_server_stores(serve: Serve) -> None:
    runs = client(serve("dataplatform", runs=8)).get("/model-runs").json()["data"]
    assert {run["trigger_type"] for run in runs} == {"MANUAL", "SCHEDULED", "PIPELINE"}


@pytest.mark.parametrize(
    ("request_args", "status", "text"),
    [
        (("GET", "/model-runs", {"params": {"max_results": "ten"}}), 400, "Invalid format for"),
        (("POST", "/model-runs", {"content": b"{"}), 400, "can't decode JSON body"),
        (("POST", "/model-runs", {"json": {"project_name": 5}}), 400, "can't decode JSON body"),
    ],
)
def test_realism_answers_the_servers_plain_text_errors(
    serve: Serve, request_args: tuple[str, str, dict[str, Any]], status: int, text: str
) -> None:
    method, path, options = request_args
    response = client(serve("dataplatform", realism=True)).request(method, path, **options)
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text.startswith(text)
    # Without the switch the same request gets the spec's JSON error body.
    plain = client(serve("dataplatform")).request(method, path, **options)
    assert plain.status_code == status
    assert set(plain.json()) == {"code", "message"}


def test_realism_keeps_the_servers_json_errors(serve: Serve) -> None:
    http = client(serve("dataplatform", realism=True))
    bad_status = http.get("/model-runs", params={"status": "DONE"})
    assert (bad_status.status_code, bad_status.json()["code"]) == (400, 400)
    # Path ids are plain strings to the server: a malformed one finds no run.
    malformed = http.get("/model-runs/NOT-A-UUID")
    assert (malformed.status_code, malformed.json()["code"]) == (404, 404)
    missing = http.post("/model-runs", json={})
    assert missing.json() == {"code": 400, "message": "target_schema is required"}


def test_a_runs_steps_come_in_one_answer_without_a_token_as_the_server_sends_them(
    serve: Serve,
) -> None:
    # internal/api/handler_models.go:302-321: every step, no next_page_token, paging
    # parameters ignored.
    http = client(serve("dataplatform", runs=1))
    models = [f"model_{n:03d}" for n in range(150)]
    run = http.post("/model-runs", json={"project_name": "wide", "model_names": models}).json()
    for params in ({}, {"max_results": "10", "page_token": "MTA="}):
        page = http.get(f"/model-runs/{run['id']}/steps", params=params).json()
        assert [step["model_name"] for step in page["data"]] == models
        assert "next_page_token" not in page


def test_page_tokens_are_base64_of_the_decimal_offset_as_the_server_makes_them(
    serve: Serve,
) -> None:
    # internal/domain/pagination.go:49-66: next offset in decimal, standard padded base64.
    http = client(serve("dataplatform", runs=250))
    first = http.get("/model-runs").json()
    assert first["next_page_token"] == "MTAw"  # "100"
    second = http.get("/model-runs", params={"page_token": "MTAw"}).json()
    assert second["next_page_token"] == "MjAw"  # "200"
    wide = http.get("/model-runs", params={"max_results": "101"}).json()["data"]
    assert second["data"][0] == wide[100]
    # Go's decoder skips line breaks inside a token.
    assert http.get("/model-runs", params={"page_token": "MT\r\nAw"}).json() == second
    small = http.get("/model-runs", params={"max_results": "7"}).json()
    assert small["next_page_token"] == "Nw=="  # "7", padded
    last = http.get("/model-runs", params={"page_token": "MjAw"}).json()
    assert len(last["data"]) == 50
    assert "next_page_token" not in last
    assert len({run["id"] for run in walk(http, max_results=30)}) == 250


@pytest.mark.parametrize(
    "token",
    [
        "eyJpZCI6MTB9",  # the documentation's example: base64 of {"id":10}, not a number
        "MTAw_",  # outside the standard alphabet
        "MTA",  # unpadded
        "IDEw",  # " 10": Go's Atoi takes no blanks
    ],
)
def test_a_token_the_server_cannot_read_is_the_first_page(serve: Serve, token: str) -> None:
    http = client(serve("dataplatform", runs=12))
    first = http.get("/model-runs", params={"max_results": "5"}).json()
    page = http.get("/model-runs", params={"max_results": "5", "page_token": token}).json()
    assert page == first


def test_a_negative_offset_pages_from_the_start_and_points_past_it_as_the_server_does(
    serve: Serve,
) -> None:
    # Offset() returns -3 for base64("-3"), SQL's OFFSET reads it as 0, and the next token
    # is still offset + limit (pagination.go:58-66).
    http = client(serve("dataplatform", runs=12))
    first = http.get("/model-runs", params={"max_results": "5"}).json()
    page = http.get("/model-runs", params={"max_results": "5", "page_token": "LTM="}).json()
    assert page["data"] == first["data"]
    assert page["next_page_token"] == "Mg=="  # "2"


def test_realism_answers_an_unexpected_failure_as_the_servers_plain_text_500(
    serve: Serve,
) -> None:
    def fail(request: object) -> Any:
        raise RuntimeError("stub bug")

    realistic = serve("dataplatform", realism=True)
    realistic.app.stub.handlers["getModelRun"] = fail
    response = client(realistic).get(f"/model-runs/{DP_RUN_ID}")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "Internal error.\n"
    # Without the switch the spec's JSON error body.
    default = serve("dataplatform")
    default.app.stub.handlers["getModelRun"] = fail
    plain = client(default).get(f"/model-runs/{DP_RUN_ID}")
    assert plain.status_code == 500
    assert plain.json() == {"code": 500, "message": "Internal error."}
