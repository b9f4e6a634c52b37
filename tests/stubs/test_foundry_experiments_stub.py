"""The Foundry stub's state beyond runs: config versions, experiments that follow their runs."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pyarrow
import pyarrow.parquet

from modelruns.stubs import StubServer
from modelruns.stubs._foundry import FoundryStub
from modelruns.stubs._parquet import write_table
from tests.stubs.conftest import FOUNDRY_RID

P = "/v2/models"


def _get(client: httpx.Client, path: str, **params: Any) -> httpx.Response:
    return client.get(path, params={"preview": "true", **params})


def _client(server: StubServer) -> httpx.Client:
    options = server.client_options()
    http: httpx.Client = options["http_client"]
    http.base_url = httpx.URL(options["base_url"] + "/")
    http.headers["Authorization"] = f"Bearer {options['token']}"
    return http


def test_series_grow_while_the_run_is_active_then_stop_and_link_the_model_version() -> None:
    with StubServer("foundry", runs=0, in_process=True) as server:
        http = _client(server)
        run = http.post(f"{P}/modelStudios/{FOUNDRY_RID}/launch", params={"preview": "true"}).json()
        output = run["resolvedOutputs"]["model"]
        path = f"{P}/{output['modelRid']}/experiments/{output['experimentRid']}"
        first = _get(http, path).json()
        time.sleep(0.15)
        second = _get(http, path).json()
        assert first["status"] == second["status"] == "RUNNING"
        assert "linkedModelVersion" not in second
        assert second["series"][0]["length"] > first["series"][0]["length"]
        # The run ends (as the run-state progression would end it): the series stop there.
        stub = server.app.stub
        assert isinstance(stub, FoundryStub)
        stub.studios[FOUNDRY_RID][-1]["buildStatus"] = "SUCCEEDED"
        ended = _get(http, path).json()
        time.sleep(0.15)
        later = _get(http, path).json()
        values = _get(http, f"{path}/series/loss/json", pageSize=1000).json()["series"]
    assert ended["status"] == "SUCCEEDED"
    assert ended["linkedModelVersion"] == output["modelVersionRid"]
    assert later["series"] == ended["series"]
    assert len(values) == ended["series"][0]["length"]
    assert [v["step"] for v in values] == list(range(len(values)))
    assert ended["summaryMetrics"][0]["value"] == values[-1]["value"]


def test_a_launch_uses_the_latest_config_version_of_its_own_studio() -> None:
    with StubServer("foundry", runs=3, in_process=True) as server:
        http = _client(server)
        studio = http.post(
            f"{P}/modelStudios",
            params={"preview": "true"},
            json={"name": "s", "parentFolderRid": "ri.compass.main.folder.f"},
        ).json()["rid"]
        assert _get(http, f"{P}/modelStudios/{studio}/configVersions/latest").status_code == 204
        refused = http.post(f"{P}/modelStudios/{studio}/launch", params={"preview": "true"})
        assert refused.status_code == 400
        trainer = _get(http, f"{P}/modelStudioTrainers").json()["data"][0]["trainerId"]
        body = {
            "name": "first",
            "trainerId": trainer,
            "resources": {"memory": "1Gi", "cpu": "1"},
            "workerConfig": {"inputs": {}, "outputs": {}},
        }
        created = http.post(
            f"{P}/modelStudios/{studio}/configVersions", params={"preview": "true"}, json=body
        ).json()
        run = http.post(f"{P}/modelStudios/{studio}/launch", params={"preview": "true"}).json()
        seeded_latest = _get(http, f"{P}/modelStudios/{FOUNDRY_RID}/configVersions/latest").json()
        listed = _get(http, f"{P}/modelStudios/{studio}/runs", configVersion=2)
    assert created["version"] == 1
    assert run["configVersion"] == 1
    assert seeded_latest["version"] == 3
    # The new studio has one version: version 2 is not found there.
    assert listed.status_code == 404
    assert listed.json()["errorName"] == "ModelStudioConfigVersionNotFound"


def test_seeded_runs_carry_experiments_and_the_first_is_the_spec_example() -> None:
    with StubServer("foundry", runs=5, in_process=True) as server:
        http = _client(server)
        runs = _get(http, f"{P}/modelStudios/{FOUNDRY_RID}/runs").json()["data"]
        outputs = [run["resolvedOutputs"]["model"] for run in runs]
        bodies = [
            _get(http, f"{P}/{o['modelRid']}/experiments/{o['experimentRid']}").json()
            for o in outputs
        ]
    # The list is newest first: the first run seeded is the last one listed.
    assert outputs[-1]["experimentRid"].endswith("a1b2c3d4-e5f6-7890-abcd-ef1234567890")
    assert [b["jobRid"] for b in bodies] == [run["jobRid"] for run in runs]
    for run, body in zip(runs, bodies, strict=True):
        assert ("linkedModelVersion" in body) is (run["buildStatus"] == "SUCCEEDED")


def test_the_parquet_writer_is_read_by_pyarrow_at_any_length() -> None:
    for rows in (0, 1, 16, 1000):
        data = write_table(
            [
                ("step", "int64", list(range(rows))),
                ("value", "double", [i / 7 for i in range(rows)]),
                ("timestamp", "int64", [1_700_000_000_000 + i for i in range(rows)]),
            ]
        )
        table = pyarrow.parquet.read_table(pyarrow.BufferReader(data))
        assert table.num_rows == rows
        assert table.column("value").to_pylist() == [i / 7 for i in range(rows)]
        assert (
            table.column("timestamp").to_pylist()[-1:]
            == [1_700_000_000_000 + rows - 1][: min(rows, 1)]
        )
