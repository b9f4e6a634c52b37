"""The providers' own SDKs, unmodified, against the stubs (loopback only).

Palantir's `foundry_sdk` and Alibaba's `alibabacloud_aiworkspace20210204` are the clients
real users point at these APIs; the stubs must serve them as the real servers do, or every
other check here only proves that the project agrees with itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import foundry_sdk
import pytest
from alibabacloud_aiworkspace20210204 import models as pai_models
from alibabacloud_aiworkspace20210204.client import Client as PaiClient
from alibabacloud_tea_openapi import utils_models as tea_models
from alibabacloud_tea_openapi.exceptions import ClientException
from foundry_sdk import (
    ApiNotFoundError,
    NotFoundError,
    RateLimitError,
    ServiceUnavailable,
)
from foundry_sdk.v2.models.errors import ModelStudioConfigVersionNotFound, ModelStudioNotFound

from modelruns.stubs import StubServer, create_app
from modelruns.stubs._config import Faults
from tests.stubs.conftest import FOUNDRY_RID, Serve

UNKNOWN_RID = "ri.models.main.model-studio.00000000-0000-0000-0000-000000000000"


# --- Palantir foundry-platform-sdk ---------------------------------------------------------


def foundry_client(server: StubServer, **config: Any) -> Any:
    host = urlsplit(server.base_url).netloc
    token = server.client_options()["token"]
    return foundry_sdk.FoundryClient(
        auth=foundry_sdk.UserTokenAuth(token),
        hostname=host,
        config=foundry_sdk.Config(scheme="http", timeout=10, **config),
    )


def test_foundry_sdk_lists_every_run_page_by_page(serve: Serve) -> None:
    server = serve("foundry", runs=12)
    client = foundry_client(server)
    runs = client.models.ModelStudio.Run.list(FOUNDRY_RID, page_size=5, preview=True)
    # The first page is five runs and points at the next one: the walk really pages.
    assert len(runs.data) == 5
    assert runs.next_page_token is not None
    walked = list(runs)
    assert len(walked) == 12
    assert len({run.run_id for run in walked}) == 12
    assert all(run.resolved_outputs for run in walked)


def test_foundry_sdk_launches_a_run_that_the_list_then_shows(serve: Serve) -> None:
    server = serve("foundry", runs=3)
    client = foundry_client(server)
    run = client.models.ModelStudio.launch(FOUNDRY_RID, preview=True)
    assert run.build_status == "RUNNING"
    listed = client.models.ModelStudio.Run.list(
        FOUNDRY_RID, config_version=run.config_version, preview=True
    )
    assert run.run_id in {item.run_id for item in listed}


def test_foundry_sdk_raises_its_named_errors_with_their_parameters(serve: Serve) -> None:
    client = foundry_client(serve("foundry"))
    with pytest.raises(ModelStudioNotFound) as launch:
        client.models.ModelStudio.launch(UNKNOWN_RID, preview=True)
    assert launch.value.parameters["studioRid"] == UNKNOWN_RID
    with pytest.raises(ModelStudioConfigVersionNotFound) as listing:
        list(client.models.ModelStudio.Run.list(FOUNDRY_RID, config_version=99, preview=True))
    assert listing.value.parameters["configVersion"] == 99


@pytest.mark.parametrize(("realism", "raised"), [(True, ApiNotFoundError), (False, NotFoundError)])
def test_foundry_sdk_reads_an_empty_404_as_an_api_not_on_the_stack(
    serve: Serve, realism: bool, raised: type[Exception]
) -> None:
    # A Foundry API the stub does not serve: with realism it answers as Foundry does for an
    # API that is not on the stack (404, no body), which the SDK reports as ApiNotFoundError.
    client = foundry_client(serve("foundry", realism=realism))
    with pytest.raises(raised) as info:
        client.models.Model.get("ri.models.main.model.00000000-0000-0000-0000-000000000000")
    assert type(info.value) is raised


@pytest.mark.parametrize("realism", [True, False])
@pytest.mark.parametrize(
    ("faults", "raised"),
    [
        (Faults(throttle=1.0, retry_after=0), RateLimitError),
        (Faults(unavailable=1.0), ServiceUnavailable),
    ],
)
def test_foundry_sdk_retries_429_and_503_then_raises_its_qos_errors(
    serve: Serve, realism: bool, faults: Faults, raised: type[Exception]
) -> None:
    server = serve("foundry", realism=realism, faults=faults)
    client = foundry_client(server, max_retries=2)
    with pytest.raises(raised) as info:
        client.models.ModelStudio.launch(FOUNDRY_RID, preview=True)
    # The SDK keeps the body as its message: with realism there is none, as from Foundry.
    assert (str(info.value) == "") is realism


# --- Alibaba Cloud alibabacloud-aiworkspace20210204 ----------------------------------------


def pai_client(server: StubServer, secret: str | None = None) -> Any:
    options = server.client_options()
    config = tea_models.Config(
        access_key_id=options["access_key_id"],
        access_key_secret=secret or options["access_key_secret"],
        endpoint=urlsplit(server.base_url).netloc,
        protocol="http",
        region_id="cn-hangzhou",
        read_timeout=10_000,
        connect_timeout=10_000,
    )
    return PaiClient(config)


def test_alibaba_sdk_pages_runs_by_token(serve: Serve) -> None:
    client = pai_client(serve("pai", runs=12))
    seen: list[str] = []
    token = 0
    for _ in range(10):
        body = client.list_runs(pai_models.ListRunsRequest(max_results=5, page_token=token)).body
        seen.extend(run.run_id for run in body.runs)
        token = body.next_page_token
        if token == 0:
            break
    assert token == 0
    assert len(seen) == len(set(seen)) == 12


def test_alibaba_sdk_pages_runs_by_page_number(serve: Serve) -> None:
    client = pai_client(serve("pai", runs=12))
    pages = [
        client.list_runs(pai_models.ListRunsRequest(page_number=number, page_size=5)).body
        for number in (1, 2, 3)
    ]
    assert [len(page.runs) for page in pages] == [5, 5, 2]
    assert {page.total_count for page in pages} == {12}
    assert len({run.run_id for page in pages for run in page.runs}) == 12


def test_alibaba_sdk_verbose_true_brings_params_metrics_and_labels(serve: Serve) -> None:
    client = pai_client(serve("pai", runs=3))
    # The SDK sends Verbose as Python's `True`; the service takes it as true.
    verbose = client.list_runs(pai_models.ListRunsRequest(verbose=True)).body.runs
    assert all(run.params and run.metrics and run.labels for run in verbose)
    assert all(run.labels[0].run_id == run.run_id for run in verbose)
    brief = client.list_runs(pai_models.ListRunsRequest(verbose=False)).body.runs
    assert not any(run.params or run.metrics or run.labels for run in brief)
    assert [run.run_id for run in brief] == [run.run_id for run in verbose]


def test_alibaba_sdk_wrong_secret_is_refused_in_alibabas_error_shape(serve: Serve) -> None:
    client = pai_client(serve("pai"), secret="not-the-secret")
    with pytest.raises(ClientException) as info:
        client.list_runs(pai_models.ListRunsRequest())
    error = info.value
    assert error.status_code == 401
    assert error.code == "SignatureDoesNotMatch"
    assert error.request_id
    assert error.request_id != "None"
    assert "not-the-secret" not in str(error)


def test_alibaba_sdk_drives_a_runs_whole_life(serve: Serve) -> None:
    server = serve("pai", runs=4)
    client = pai_client(server)
    experiment = server.app.stub.describe()["ExperimentIds"].split(",")[0]

    created = client.create_run(
        pai_models.CreateRunRequest(
            experiment_id=experiment,
            name="sdk-run",
            source_type="DLC",
            source_id="dlc-1",
            params=[pai_models.RunParam(key="lr", value="0.1")],
            labels=[
                pai_models.Label(key="stage", value="draft"),
                pai_models.Label(key="owner", value="ml"),
            ],
        )
    ).body
    run_id = created.run_id
    assert run_id
    assert created.request_id
    listed = client.list_runs(pai_models.ListRunsRequest(experiment_id=experiment)).body.runs
    assert run_id in {run.run_id for run in listed}

    run = client.get_run(run_id, pai_models.GetRunRequest(verbose=True)).body
    assert (run.run_id, run.name, run.source_type, run.source_id) == (
        run_id,
        "sdk-run",
        "DLC",
        "dlc-1",
    )
    assert [(p.key, p.value) for p in run.params] == [("lr", "0.1")]
    assert {(label.key, label.value) for label in run.labels} == {
        ("stage", "draft"),
        ("owner", "ml"),
    }
    brief = client.get_run(run_id, pai_models.GetRunRequest(verbose=False)).body
    assert brief.name == "sdk-run"
    assert (brief.params, brief.labels, brief.metrics) == ([], [], [])

    client.update_run(
        run_id,
        pai_models.UpdateRunRequest(
            name="sdk-run-2",
            labels=[pai_models.Label(key="stage", value="final")],
            params=[pai_models.RunParam(key="epochs", value="3")],
        ),
    )
    run = client.get_run(run_id, pai_models.GetRunRequest(verbose=True)).body
    assert run.name == "sdk-run-2"
    assert {(label.key, label.value) for label in run.labels} == {
        ("stage", "final"),
        ("owner", "ml"),
    }
    assert {p.key for p in run.params} == {"lr", "epochs"}

    assert client.delete_run_label(
        run_id, "owner", pai_models.DeleteRunLabelRequest()
    ).body.request_id
    run = client.get_run(run_id, pai_models.GetRunRequest(verbose=True)).body
    assert [label.key for label in run.labels] == ["stage"]

    steps = [4, 1, 3, 0, 2, 6, 5]
    logged = client.log_run_metrics(
        run_id,
        pai_models.LogRunMetricsRequest(
            metrics=[
                pai_models.RunMetric(key="loss", value=1 / (s + 1), step=s, timestamp=1000 + s)
                for s in steps
            ]
        ),
    ).body
    assert logged.request_id
    values: list[Any] = []
    token = 0
    for _ in range(10):
        page = client.list_run_metrics(
            run_id, pai_models.ListRunMetricsRequest(key="loss", max_results=3, page_token=token)
        ).body
        values.extend(page.metrics)
        token = page.next_page_token
        if token == 0:
            break
    assert token == 0
    assert [(m.key, m.step, m.value, m.timestamp) for m in values] == [
        ("loss", s, 1 / (s + 1), 1000 + s) for s in range(7)
    ]

    assert client.delete_run(run_id, pai_models.DeleteRunRequest()).body.request_id
    with pytest.raises(ClientException) as info:
        client.get_run(run_id, pai_models.GetRunRequest())
    assert info.value.status_code == 404
    assert info.value.code == "RunNotFound"
    assert info.value.request_id not in (None, "None")
    listed = client.list_runs(pai_models.ListRunsRequest(experiment_id=experiment)).body.runs
    assert run_id not in {run.run_id for run in listed}


def test_alibaba_sdk_bad_input_is_refused_in_alibabas_error_shape(serve: Serve) -> None:
    server = serve("pai", runs=1)
    client = pai_client(server)
    experiment = server.app.stub.describe()["ExperimentIds"].split(",")[0]
    with pytest.raises(ClientException) as info:
        client.create_run(pai_models.CreateRunRequest(experiment_id=experiment, name="1-bad"))
    assert info.value.status_code == 400
    assert "Name" in str(info.value)
    with pytest.raises(ClientException) as info:
        client.create_run(pai_models.CreateRunRequest(name="no-experiment"))
    assert info.value.status_code == 400
    assert "ExperimentId" in str(info.value)


def test_stub_apps_take_the_realism_switch() -> None:
    assert create_app("foundry", realism=True).realism is True
    assert create_app("pai").realism is False
