"""Every operation of the SDK clients, driven against the stub servers over loopback HTTP."""

from __future__ import annotations

import pytest

from modelruns import dataplatform, foundry, nsml, pai
from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import DP_RUN_ID, DP_STEP_ID, FOUNDRY_RID, Serve


def test_foundry_client_lists_and_launches(serve: Serve) -> None:
    server = serve("foundry", runs=5)
    client = foundry.Client(token=demo.DEMO_FOUNDRY_TOKEN, base_url=server.base_url)
    runs = list(client.list_model_studio_runs(FOUNDRY_RID, page_size=2))
    assert len(runs) == 5
    launched = client.launch_model_studio(FOUNDRY_RID)
    version = launched.config_version
    listed = list(client.list_model_studio_runs(FOUNDRY_RID, config_version=version))
    assert launched.run_id in {run.run_id for run in listed}


def test_foundry_client_raises_the_named_error(serve: Serve) -> None:
    server = serve("foundry")
    client = foundry.Client(token=demo.DEMO_FOUNDRY_TOKEN, base_url=server.base_url)
    missing = "ri.models.main.model-studio.00000000-0000-0000-0000-000000000000"
    with pytest.raises(foundry.ModelStudioNotFound):
        client.launch_model_studio(missing)
    wrong = foundry.Client(token="wrong", base_url=server.base_url, max_retries=0)
    with pytest.raises(foundry.Unauthorized):
        list(wrong.list_model_studio_runs(FOUNDRY_RID))


def test_dataplatform_client_runs_every_operation(serve: Serve) -> None:
    server = serve("dataplatform", runs=6)
    client = dataplatform.Client(api_key=demo.DEMO_DATAPLATFORM_API_KEY, base_url=server.base_url)
    assert len(list(client.list_model_runs(max_results=4))) == 6
    run = client.trigger_model_run(project_name="analytics", model_names=["stg_orders"])
    assert client.get_model_run(str(run.id)).status.value == "RUNNING"
    steps = list(client.list_model_run_steps(DP_RUN_ID))
    assert DP_STEP_ID in {str(step.id) for step in steps}
    assert client.list_model_test_results(DP_RUN_ID, DP_STEP_ID)
    assert client.cancel_model_run(DP_RUN_ID).status.value == "CANCELLED"


def test_dataplatform_client_gets_every_step_of_a_wide_run_in_one_walk(serve: Serve) -> None:
    server = serve("dataplatform", runs=1)
    client = dataplatform.Client(api_key=demo.DEMO_DATAPLATFORM_API_KEY, base_url=server.base_url)
    models = [f"model_{n:03d}" for n in range(150)]
    run = client.trigger_model_run(project_name="wide", model_names=models)
    pages = list(client.list_model_run_steps(str(run.id)).pages())
    assert len(pages) == 1
    assert [step.model_name for step in pages[0].items] == models


def test_pai_client_lists_with_both_paging_styles(serve: Serve) -> None:
    server = serve("pai", runs=13)
    client = pai.Client(
        access_key_id=demo.DEMO_ACCESS_KEY_ID,
        access_key_secret=demo.DEMO_ACCESS_KEY_SECRET,
        base_url=server.base_url,
    )
    assert len(list(client.list_runs(max_results=4))) == 13
    assert len(list(client.list_runs(page_number=1, page_size=5))) == 13


def test_nsml_client_lists_every_run(serve: Serve) -> None:
    server = serve("nsml", runs=12)
    client = nsml.Client(
        access_key=demo.DEMO_NCP_ACCESS_KEY,
        secret_key=demo.DEMO_NCP_SECRET_KEY,
        api_key=demo.DEMO_NCP_API_KEY,
        base_url=server.base_url,
    )
    runs = list(client.get_run_list(page_size=5))
    assert [run.run_name for run in runs] == [str(n) for n in range(12, 0, -1)]
