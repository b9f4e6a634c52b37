"""`modelruns.iter_metrics` / `aiter_metrics`: one metric view over Foundry and PAI runs."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest

import modelruns
from modelruns import Metric, aiter_metrics, dataplatform, foundry, iter_metrics, iter_runs, pai
from modelruns.stubs import StubServer


def _launched(client: foundry.Client, server: StubServer) -> Any:
    studio = server.app.stub.describe()["modelStudioRid"]
    run = client.launch_model_studio(studio)
    time.sleep(0.2)  # the stub's series grow while the run is active
    return run


def test_foundry_metrics_are_every_series_of_the_runs_experiment_in_step_order() -> None:
    with (
        StubServer("foundry", runs=0, in_process=True) as server,
        foundry.Client(**server.client_options(), strict=True) as client,
    ):
        run = _launched(client, server)
        (found,) = iter_runs([run])
        metrics = list(iter_metrics(client, found))
        output = run.resolved_outputs["model"]
        experiment = client.get_experiment(output.model_rid, output.experiment_rid)
        series = {
            s.name: list(
                client.get_experiment_series_json(output.model_rid, output.experiment_rid, s.name)
            )
            for s in experiment.series
        }
    keys = list(dict.fromkeys(m.key for m in metrics))
    assert keys == [s.name for s in experiment.series] == ["loss", "accuracy"]
    for key, values in series.items():
        mine = [m for m in metrics if m.key == key]
        # Read after the metrics: the series only grew, so the metrics are its prefix.
        assert [(m.step, m.value) for m in mine] == [(v.step, v.value) for v in values][: len(mine)]
        assert [m.step for m in mine] == list(range(len(mine)))
        assert len(mine) > 1
    first = metrics[0]
    assert (first.provider, first.run_id) == ("foundry", run.run_id)
    # Epoch milliseconds become aware UTC datetimes, to the millisecond.
    assert isinstance(first.timestamp, datetime.datetime)
    assert first.timestamp.tzinfo is datetime.UTC
    assert int(first.timestamp.timestamp() * 1000) == first.raw.timestamp


async def test_foundry_async_metrics_equal_the_sync_ones_for_a_finished_seeded_run() -> None:
    with StubServer("foundry", runs=8, seed=3, in_process=True) as server:
        studio = server.app.stub.describe()["modelStudioRid"]
        with foundry.Client(**server.client_options()) as client:
            run = next(
                r for r in client.list_model_studio_runs(studio) if r.build_status != "RUNNING"
            )
            expected = list(iter_metrics(client, run))
        async with foundry.AsyncClient(**server.async_client_options()) as aclient:
            got = [metric async for metric in aiter_metrics(aclient, run)]
    assert got == expected
    assert len(expected) > 2


def _pai_run(client: pai.Client, experiment: str) -> str:
    run_id = client.create_run(experiment_id=experiment, name="bert").run_id
    assert isinstance(run_id, str)
    client.log_run_metrics(
        run_id,
        metrics=[
            {"Key": "loss", "Value": 0.9, "Step": 1, "Timestamp": 1700000000000},
            {"Key": "loss", "Value": 0.5, "Step": 2, "Timestamp": 1700000060000},
            {"Key": "acc", "Value": 0.7, "Step": 1},
        ],
    )
    return run_id


async def test_pai_metrics_read_each_key_of_the_run_then_its_values() -> None:
    with StubServer("pai", runs=0, in_process=True) as server:
        experiment = server.app.stub.describe()["ExperimentIds"].split(",")[0]
        with pai.Client(**server.client_options(), strict=True) as client:
            run_id = _pai_run(client, experiment)
            by_id = list(iter_metrics(client, run_id))
            by_run = list(iter_metrics(client, next(iter_runs([client.get_run(run_id)]))))
        async with pai.AsyncClient(**server.async_client_options()) as aclient:
            by_async = [m async for m in aiter_metrics(aclient, run_id)]
    assert by_id == by_run == by_async
    assert [(m.key, m.step, m.value) for m in by_id] == [
        ("loss", 1, 0.9),
        ("loss", 2, 0.5),
        ("acc", 1, 0.7),
    ]
    # PAI documents no unit for Timestamp: the integer is kept as sent.
    assert [m.timestamp for m in by_id if m.key == "loss"] == [1700000000000, 1700000060000]
    assert all(m.provider == "pai" and m.run_id == run_id for m in by_id)
    assert by_id[0].to_dict() == {
        "provider": "pai",
        "run_id": run_id,
        "key": "loss",
        "step": 1,
        "value": 0.9,
        "timestamp": 1700000000000,
    }


def test_a_wrong_client_or_run_is_refused_before_any_request() -> None:
    other = dataplatform.Client(token="t", base_url="http://127.0.0.1:1/v1")
    fdry = foundry.Client(token="t", base_url="http://127.0.0.1:1/api")
    p = pai.Client(access_key_id="a", access_key_secret="s", base_url="http://127.0.0.1:1")
    with other, fdry, p:
        with pytest.raises(TypeError, match="foundry or pai client"):
            iter_metrics(other, "run")
        # A Foundry run's experiment is in its outputs: an id alone cannot name it.
        with pytest.raises(TypeError, match="ModelStudioRun"):
            iter_metrics(fdry, "a1b2c3d4e5f6")
        with pytest.raises(TypeError, match="PAI run"):
            iter_metrics(p, 42)


def test_metric_is_public_and_keeps_raw_out_of_equality_and_repr() -> None:
    stamp = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    one = Metric("foundry", "r", "loss", 1, 0.5, stamp, raw={"x": 1})
    assert one == Metric("foundry", "r", "loss", 1, 0.5, stamp, raw=None)
    assert "raw" not in repr(one)
    assert one.to_dict()["timestamp"] == "2025-01-01T00:00:00+00:00"
    assert {"Metric", "iter_metrics", "aiter_metrics"} <= set(modelruns.__all__)
