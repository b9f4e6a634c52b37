"""The ``modelruns_stub`` fixture, as the installed ``pytest11`` plugin provides it here."""

from __future__ import annotations

import importlib.metadata

import pytest

from modelruns import APIStatusError, foundry, nsml
from modelruns.pytest_plugin import StubFactory
from modelruns.stubs import StubServer

STARTED: list[StubServer] = []


def test_plugin_is_registered_through_pytest11() -> None:
    (entry,) = [
        e for e in importlib.metadata.entry_points(group="pytest11") if e.name == "modelruns"
    ]
    assert entry.value == "modelruns.pytest_plugin"


def test_factory_starts_a_server_with_the_runs_asked_for(modelruns_stub: StubFactory) -> None:
    server = modelruns_stub("nsml", runs=7)
    STARTED.append(server)
    with nsml.Client(**server.client_options()) as client:
        assert len(list(client.get_run_list())) == 7


def test_factory_takes_seed_deviations_and_in_process(modelruns_stub: StubFactory) -> None:
    first = modelruns_stub("foundry", runs=3, seed=5, in_process=True)
    second = modelruns_stub("foundry", runs=3, seed=5, in_process=True)
    STARTED.extend([first, second])
    rid = first.app.stub.describe()["modelStudioRid"]
    with (
        foundry.Client(**first.client_options()) as one,
        foundry.Client(**second.client_options()) as two,
    ):
        ids = [run.run_id for run in one.list_model_studio_runs(rid)]
        assert ids == [run.run_id for run in two.list_model_studio_runs(rid)]
    broken = modelruns_stub("nsml", deviations=["wrong-content-type"], faults="503=1")
    STARTED.append(broken)
    with (
        nsml.Client(**broken.client_options(), max_retries=0) as client,
        pytest.raises(APIStatusError) as raised,
    ):
        list(client.get_run_list())
    assert raised.value.status_code == 503


def test_servers_of_earlier_tests_were_stopped() -> None:
    assert len(STARTED) == 4
    assert not any(server.running for server in STARTED)
