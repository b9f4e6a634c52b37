"""The Foundry stub over HTTP: listing, launching, pagination, errors and credentials."""

from __future__ import annotations

from typing import Any

import httpx

from tests.stubs.conftest import FOUNDRY_RID, Serve, client

RUNS = f"/v2/models/modelStudios/{FOUNDRY_RID}/runs"
LAUNCH = f"/v2/models/modelStudios/{FOUNDRY_RID}/launch"
PREVIEW = {"preview": "true"}


def walk(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    query: dict[str, Any] = {**PREVIEW, **params}
    while True:
        page = http.get(RUNS, params=query).json()
        runs.extend(page["data"])
        if "nextPageToken" not in page:
            return runs
        query["pageToken"] = page["nextPageToken"]


def test_list_walks_every_seeded_run_once(serve: Serve) -> None:
    http = client(serve("foundry", runs=7))
    runs = walk(http, pageSize=3)
    assert len(runs) == 7
    assert len({run["runId"] for run in runs}) == 7


def test_same_seed_gives_same_runs(serve: Serve) -> None:
    first = walk(client(serve("foundry", runs=3, seed=5)))
    second = walk(client(serve("foundry", runs=3, seed=5)))
    other = walk(client(serve("foundry", runs=3, seed=6)))
    assert first == second
    assert first != other


def test_config_version_filters_runs(serve: Serve) -> None:
    http = client(serve("foundry", runs=9))
    runs = walk(http, configVersion=2)
    assert runs
    assert {run["configVersion"] for run in runs} == {2}


def test_launch_adds_a_running_run_on_the_latest_config_version(serve: Serve) -> None:
    http = client(serve("foundry", runs=2))
    response = http.post(LAUNCH, params=PREVIEW)
    assert response.status_code == 200
    run = response.json()
    assert run["buildStatus"] == "RUNNING"
    assert run in walk(http, configVersion=run["configVersion"])
    assert len(walk(http)) == 3


def test_missing_preview_is_api_feature_preview_usage_only(serve: Serve) -> None:
    response = client(serve("foundry")).get(RUNS)
    assert response.status_code == 400
    assert response.json()["errorName"] == "ApiFeaturePreviewUsageOnly"


def test_unknown_studio_is_model_studio_not_found(serve: Serve) -> None:
    other = "ri.models.main.model-studio.00000000-0000-0000-0000-000000000000"
    http = client(serve("foundry"))
    for response in (
        http.get(f"/v2/models/modelStudios/{other}/runs", params=PREVIEW),
        http.post(f"/v2/models/modelStudios/{other}/launch", params=PREVIEW),
    ):
        body = response.json()
        assert response.status_code == 404
        assert body["errorName"] == "ModelStudioNotFound"
        assert body["errorCode"] == "NOT_FOUND"
        assert body["parameters"] == {"studioRid": other}


def test_unknown_config_version_is_config_version_not_found(serve: Serve) -> None:
    response = client(serve("foundry")).get(RUNS, params={**PREVIEW, "configVersion": 99})
    assert response.status_code == 404
    assert response.json()["errorName"] == "ModelStudioConfigVersionNotFound"


def test_invalid_page_size_and_token_get_their_error_names(serve: Serve) -> None:
    http = client(serve("foundry"))
    for params, name in (
        ({"pageSize": "0"}, "InvalidPageSize"),
        ({"pageSize": "ten"}, "InvalidPageSize"),
        ({"pageToken": "not-a-token"}, "InvalidPageToken"),
    ):
        response = http.get(RUNS, params={**PREVIEW, **params})
        assert response.status_code == 400
        assert response.json()["errorName"] == name


def test_invalid_rid_is_an_invalid_argument(serve: Serve) -> None:
    response = client(serve("foundry")).get("/v2/models/modelStudios/not-a-rid/runs")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "INVALID_ARGUMENT"


def test_missing_and_wrong_tokens_are_unauthorized(serve: Serve) -> None:
    server = serve("foundry")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        response = httpx.get(server.base_url + RUNS, params=PREVIEW, headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert body["errorName"] == "Unauthorized"
        assert set(body) == {"errorCode", "errorName", "errorInstanceId", "parameters"}
