"""Palantir's `foundry_sdk`, unmodified, over every Model Studio operation beyond list/launch.

Studios, config versions, trainers, experiments and their series (JSON and Parquet), against
the stub on a loopback port: a launch uses the latest config version, its run's experiment
grows series while it runs, and the SDK's own models, pages and named errors read it all.
"""

from __future__ import annotations

import time
from typing import Any

import pyarrow
import pytest
from foundry_sdk import SDKInternalError
from foundry_sdk.v2.models import errors as sdk_errors
from foundry_sdk.v2.models import models as sdk_models

from modelruns._compat.foundry_sdk import handed_over, send
from modelruns.stubs import StubServer
from tests.stubs.conftest import FOUNDRY_RID, Serve
from tests.stubs.test_official_sdks import foundry_client

FOLDER = "ri.compass.main.folder.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def _get_config_version(versions: Any, number: int) -> Any:
    """ConfigVersion.get as the SDK sends it, with the version number quoted as text.

    foundry-platform-sdk 1.111 cannot send this request itself: its URL building quotes each
    path value with `urllib.parse.quote`, which refuses the integer the method takes (the
    first assertion pins that defect, so a fixed SDK shows up here). The request is then the
    one the method builds, sent through the same client (`_compat.foundry_sdk`: the SDK has no
    public hook on the request a method hands its transport).
    """
    with pytest.raises(SDKInternalError, match="quote_from_bytes"):
        versions.get(FOUNDRY_RID, number, preview=True)
    with handed_over(versions) as sent:
        versions.get(FOUNDRY_RID, number, preview=True)
    (info,) = sent
    info.path_params["modelStudioConfigVersionVersion"] = str(number)
    return send(versions, info)


def _launched(server: StubServer) -> tuple[Any, Any, str, str]:
    client = foundry_client(server)
    run = client.models.ModelStudio.launch(FOUNDRY_RID, preview=True)
    output = run.resolved_outputs["model"]
    assert output.experiment_rid is not None
    return client, run, output.model_rid, output.experiment_rid


def test_foundry_sdk_creates_a_studio_and_reads_it_back(serve: Serve) -> None:
    client = foundry_client(serve("foundry", runs=0))
    studio = client.models.ModelStudio.create(name="churn", parent_folder_rid=FOLDER, preview=True)
    assert isinstance(studio, sdk_models.ModelStudio)
    assert client.models.ModelStudio.get(studio.rid, preview=True) == studio
    # A new studio has no configuration version yet: the SDK reads the 204 as None.
    assert client.models.ModelStudio.ConfigVersion.latest(studio.rid, preview=True) is None
    with pytest.raises(sdk_errors.ModelStudioNotFound):
        client.models.ModelStudio.get(FOUNDRY_RID.replace("a1b2", "0000"), preview=True)


def test_foundry_sdk_config_versions_and_a_launch_on_the_latest(serve: Serve) -> None:
    client = foundry_client(serve("foundry", runs=2))
    versions = client.models.ModelStudio.ConfigVersion
    trainers = client.models.ModelStudioTrainer.list(preview=True).data
    assert trainers
    assert all(isinstance(t, sdk_models.ModelStudioTrainer) for t in trainers)
    trainer = client.models.ModelStudioTrainer.get(trainers[0].trainer_id, preview=True)
    assert trainer == trainers[0]
    created = versions.create(
        FOUNDRY_RID,
        name="wider",
        trainer_id=trainer.trainer_id,
        resources={"memory": "32Gi", "cpu": "8", "gpu": "A10G"},
        worker_config={"inputs": {}, "outputs": {}},
        changelog="more memory",
        preview=True,
    )
    # Pages of two: the SDK's iterator follows the tokens through all four versions.
    walked = list(versions.list(FOUNDRY_RID, page_size=2, preview=True))
    assert [v.version for v in walked] == [1, 2, 3, created.version]
    assert versions.latest(FOUNDRY_RID, preview=True) == created
    assert _get_config_version(versions, created.version) == created
    run = client.models.ModelStudio.launch(FOUNDRY_RID, preview=True)
    assert run.config_version == created.version
    with pytest.raises(sdk_errors.ModelStudioConfigVersionNotFound) as missing:
        _get_config_version(versions, 99)
    assert missing.value.parameters["configVersion"] == 99
    with pytest.raises(sdk_errors.TrainerNotFound):
        versions.create(
            FOUNDRY_RID,
            name="x",
            trainer_id="ri.models.main.trainer.00000000-0000-0000-0000-000000000000",
            resources={"memory": "1Gi", "cpu": "1"},
            worker_config={"inputs": {}, "outputs": {}},
            preview=True,
        )
    with pytest.raises(sdk_errors.ModelStudioTrainerNotFound):
        client.models.ModelStudioTrainer.get(
            "ri.models.main.trainer.00000000-0000-0000-0000-000000000000", preview=True
        )


def test_foundry_sdk_reads_a_launched_runs_growing_experiment(serve: Serve) -> None:
    client, run, model_rid, experiment_rid = _launched(serve("foundry", runs=1))
    experiments = client.models.Model.Experiment
    first = experiments.get(model_rid, experiment_rid, preview=True)
    assert isinstance(first, sdk_models.Experiment)
    assert first.status == "RUNNING"
    assert first.job_rid == run.job_rid
    time.sleep(0.3)
    later = experiments.get(model_rid, experiment_rid, preview=True)
    assert {s.name for s in later.series} == {"loss", "accuracy"}
    grown = {s.name: s.length for s in later.series}
    assert grown["loss"] > {s.name: s.length for s in first.series}["loss"]
    page = experiments.Series.json(model_rid, experiment_rid, "loss", page_size=1000, preview=True)
    assert isinstance(page, sdk_models.DoubleSeriesV1)
    steps = [value.step for value in page.series]
    assert steps[: grown["loss"]] == list(range(grown["loss"]))
    # Offsets page through the series: the second value on is what offset=1 answers.
    rest = experiments.Series.json(model_rid, experiment_rid, "loss", offset=1, preview=True)
    assert [v.step for v in rest.series][:3] == steps[1:4]
    table = experiments.Series.parquet(model_rid, experiment_rid, "loss", preview=True)
    arrow = table.to_pyarrow()
    assert isinstance(arrow, pyarrow.Table)
    assert arrow.column_names == ["step", "value", "timestamp"]
    assert arrow.column("step").to_pylist()[: len(steps)] == steps
    with pytest.raises(sdk_errors.ExperimentSeriesNotFound) as missing:
        experiments.Series.json(model_rid, experiment_rid, "perplexity", preview=True)
    assert missing.value.parameters["seriesName"] == "perplexity"


def test_foundry_sdk_searches_seeded_experiments_page_by_page(serve: Serve) -> None:
    server = serve("foundry", runs=1)
    client = foundry_client(server)
    (seeded,) = list(client.models.ModelStudio.Run.list(FOUNDRY_RID, preview=True))
    model_rid = seeded.resolved_outputs["model"].model_rid
    experiments = client.models.Model.Experiment
    found = experiments.search(model_rid, page_size=1, preview=True)
    assert [e.rid for e in found.data] == [seeded.resolved_outputs["model"].experiment_rid]
    assert found.next_page_token is None
    none = experiments.search(
        model_rid,
        where={"type": "eq", "field": "STATUS", "value": "NOT-A-STATUS"},
        preview=True,
    )
    assert none.data == []
    with pytest.raises(sdk_errors.InvalidExperimentSearchFilter):
        experiments.search(
            model_rid,
            where={
                "type": "seriesFilter",
                "seriesName": "loss",
                "field": "LENGTH",
                "operator": "GT",
                "value": "long",
            },
            preview=True,
        )
    with pytest.raises(sdk_errors.ModelExperimentNotFound):
        experiments.get(model_rid, "ri.models.main.experiment.0000", preview=True)
