"""Forward-compatible decoding: evolution is tolerated and reported, broken structure is not."""

from __future__ import annotations

import copy
import logging
import uuid
from typing import Any

import httpx
import pytest

import modelruns
from dataplatform_models_client.models import ModelRunStatus, ModelRunTriggerType
from foundry_models_client.models import ModelStudioRunBuildStatus
from foundry_models_client.types import Unset
from modelruns import (
    Deviation,
    ResponseValidationError,
    RunStatus,
    UnknownEnumValue,
    UnparsedValue,
    dataplatform,
    foundry,
)
from modelruns._run import to_run
from modelruns.stubs import StubServer, create_app
from tests.unit.test_clients import RID, example

RUN_ID = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"


def foundry_page(*edits: tuple[int, str, Any]) -> dict[str, Any]:
    """Foundry's list example, three runs, with ``(index, field, value)`` edits applied."""
    body = example("foundry", "listModelStudioRuns")
    body.pop("nextPageToken", None)
    body["data"] = [copy.deepcopy(body["data"][0]) for _ in range(3)]
    for index, key, value in edits:
        body["data"][index][key] = value
    return body


def fdry(body: dict[str, Any], **options: Any) -> foundry.Client:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return foundry.Client(
        token="tok-secret", hostname="h", http_client=httpx.Client(transport=transport), **options
    )


def lenient(body: dict[str, Any], **options: Any) -> tuple[list[Any], list[Deviation]]:
    seen: list[Deviation] = []
    client = fdry(body, strict=False, on_deviation=seen.append, **options)
    return list(client.list_model_studio_runs(RID)), seen


def test_an_unknown_enum_value_costs_nothing_and_compares_equal_to_its_wire_string() -> None:
    runs, seen = lenient(foundry_page((1, "buildStatus", "QUEUED")))
    assert len(runs) == 3
    status = runs[1].build_status
    assert status == "QUEUED"
    assert isinstance(status, ModelStudioRunBuildStatus)  # the declared type holds
    assert isinstance(status, UnknownEnumValue)
    assert status not in ModelStudioRunBuildStatus  # ... but it is none of the members
    assert not isinstance(runs[0].build_status, UnknownEnumValue)
    assert runs[0].build_status is ModelStudioRunBuildStatus.RUNNING or runs[0].build_status in (
        ModelStudioRunBuildStatus
    )
    assert runs[1].to_dict()["buildStatus"] == "QUEUED"  # round-trips
    assert [(d.operation, d.path, d.kind) for d in seen] == [
        ("listModelStudioRuns", "$.data[*].buildStatus", "enum")
    ]
    assert seen[0].example_path == "$.data[1].buildStatus"
    assert "QUEUED" in seen[0].detail


def test_the_neutral_run_of_an_unknown_status_is_unknown() -> None:
    runs, _ = lenient(foundry_page((0, "buildStatus", "QUEUED")))
    assert to_run(runs[0]).status is RunStatus.UNKNOWN
    assert to_run(runs[1]).status is not RunStatus.UNKNOWN


def test_each_deviation_is_reported_once_per_operation_and_path(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = foundry_page(*((i, "buildStatus", "QUEUED") for i in range(3)))
    seen: list[Deviation] = []
    client = fdry(body, strict=False, on_deviation=seen.append)
    with caplog.at_level(logging.WARNING, logger="modelruns"):
        for _ in range(3):
            assert len(list(client.list_model_studio_runs(RID))) == 3
    assert len(seen) == 1
    warnings = [r for r in caplog.records if r.name == "modelruns"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "$.data[*].buildStatus" in warnings[0].getMessage()


def test_null_in_an_optional_field_leaves_it_unset() -> None:
    runs, seen = lenient(foundry_page((2, "buildStatus", None)))
    assert isinstance(runs[2].build_status, Unset)
    assert [(d.path, d.kind) for d in seen] == [("$.data[*].buildStatus", "null")]


def test_a_required_field_that_breaks_its_format_keeps_the_wire_string() -> None:
    runs, seen = lenient(foundry_page((0, "startedBy", "not-a-uuid")))
    assert runs[0].started_by == "not-a-uuid"
    assert isinstance(runs[0].started_by, UnparsedValue)
    assert isinstance(runs[1].started_by, uuid.UUID)
    assert [(d.path, d.kind) for d in seen] == [("$.data[*].startedBy", "format")]


def test_an_optional_field_that_breaks_its_format_is_unset_and_kept_as_sent() -> None:
    body = example("dataplatform", "getModelRun")
    body["started_at"] = "yesterday"
    body["trigger_type"] = "WEBHOOK"  # a value newer than the spec
    seen: list[Deviation] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = dataplatform.Client(
        token="tok-secret",
        http_client=httpx.Client(transport=transport),
        strict=False,
        on_deviation=seen.append,
    )
    run = client.get_model_run(RUN_ID)
    assert run.started_at.__class__.__name__ == "Unset"
    assert run.additional_properties["started_at"] == "yesterday"
    assert run.to_dict()["started_at"] == "yesterday"
    assert run.trigger_type == "WEBHOOK"
    assert isinstance(run.trigger_type, ModelRunTriggerType)
    assert {(d.path, d.kind) for d in seen} == {
        ("$.started_at", "format"),
        ("$.trigger_type", "enum"),
    }


def test_a_pattern_break_is_kept_and_reported_once_per_path(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = foundry_page((0, "jobRid", "job-42"), (2, "jobRid", "job-43"))
    body["data"][1]["resolvedOutputs"]["model"]["modelRid"] = "RI.UPPER.CASE.rid.x"
    with caplog.at_level(logging.WARNING, logger="modelruns"):
        runs, seen = lenient(body)
    assert [run.job_rid for run in runs][::2] == ["job-42", "job-43"]
    assert runs[1].resolved_outputs["model"].model_rid == "RI.UPPER.CASE.rid.x"
    assert [(d.path, d.kind, d.example_path) for d in seen] == [
        ("$.data[*].jobRid", "string", "$.data[0].jobRid"),
        (
            "$.data[*].resolvedOutputs.model.modelRid",
            "string",
            "$.data[1].resolvedOutputs.model.modelRid",
        ),
    ]
    assert "does not match ^ri" in seen[0].detail
    assert "job-42" in seen[0].detail
    warned = [r.getMessage() for r in caplog.records if r.name == "modelruns"]
    assert len(warned) == 2
    assert "$.data[*].jobRid" in warned[0]


def test_a_pattern_break_beside_a_parsed_format_keeps_the_parsed_value() -> None:
    # Data Platform ids are uuids *and* lowercase by pattern: an uppercase id still parses.
    body = example("dataplatform", "getModelRun")
    body["id"] = RUN_ID.upper()
    seen: list[Deviation] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = dataplatform.Client(
        token="tok-secret",
        http_client=httpx.Client(transport=transport),
        strict=False,
        on_deviation=seen.append,
    )
    assert client.get_model_run(RUN_ID).id == uuid.UUID(RUN_ID)
    assert [(d.path, d.kind) for d in seen] == [("$.id", "string")]
    strict = dataplatform.Client(
        token="tok-secret", http_client=httpx.Client(transport=transport), strict=True
    )
    with pytest.raises(ResponseValidationError, match=r"\$\.id: does not match"):
        strict.get_model_run(RUN_ID)


def test_a_valid_stub_page_reports_no_deviation_and_one_bad_rid_in_it_is_found() -> None:
    stub: Any = create_app("foundry", runs=300).stub
    page = {"data": copy.deepcopy(stub.studios[stub.studio_rid])}
    runs, seen = lenient(page)
    assert len(runs) == 300
    assert seen == []
    page["data"][257]["resolvedOutputs"]["model"]["modelVersionRid"] += " "
    runs, seen = lenient(page)
    assert len(runs) == 300
    assert [d.example_path for d in seen] == ["$.data[257].resolvedOutputs.model.modelVersionRid"]


def test_a_max_length_break_is_kept_and_reported() -> None:
    body = example("dataplatform", "getModelRun")
    body["triggered_by"] = "x" * 300
    seen: list[Deviation] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = dataplatform.Client(
        token="tok-secret",
        http_client=httpx.Client(transport=transport),
        strict=False,
        on_deviation=seen.append,
    )
    assert client.get_model_run(RUN_ID).triggered_by == "x" * 300
    assert [(d.path, d.kind) for d in seen] == [("$.triggered_by", "string")]
    assert "maxLength 255" in seen[0].detail


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        ((1, "configVersion", "one"), "$.data[1].configVersion"),
        ((2, "startedBy", None), "$.data[2].startedBy"),
        ((0, "buildStatus", 5), "$.data[0].buildStatus"),
    ],
)
def test_broken_structure_still_raises_naming_the_path(
    edit: tuple[int, str, Any], path: str
) -> None:
    with pytest.raises(ResponseValidationError) as info:
        lenient(foundry_page(edit))
    assert info.value.path == path


def test_a_missing_required_field_still_raises_naming_it() -> None:
    body = foundry_page()
    del body["data"][1]["runId"]
    with pytest.raises(ResponseValidationError) as info:
        lenient(body)
    assert info.value.path == "$.data[1].runId"


@pytest.mark.parametrize(
    "edit",
    [
        (1, "buildStatus", "QUEUED"),
        (0, "buildStatus", None),
        (0, "startedBy", "not-a-uuid"),
        (0, "jobRid", "job-42"),
        (2, "buildRid", "ri.foundry-build.main.build.ok\nri.foundry-build.main.build.ok"),
    ],
)
def test_strict_mode_raises_on_any_deviation(edit: tuple[int, str, Any]) -> None:
    seen: list[Deviation] = []
    client = fdry(foundry_page(edit), strict=True, on_deviation=seen.append)
    assert client.strict
    with pytest.raises(ResponseValidationError) as info:
        list(client.list_model_studio_runs(RID))
    assert info.value.path == f"$.data[{edit[0]}].{edit[1]}"
    assert seen == []


@pytest.mark.parametrize(("value", "strict"), [("1", True), ("0", False), ("", False)])
def test_modelruns_strict_environment_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, strict: bool
) -> None:
    monkeypatch.setenv("MODELRUNS_STRICT", value)
    assert fdry(foundry_page()).strict is strict
    assert fdry(foundry_page(), strict=not strict).strict is not strict  # the keyword wins


def test_a_bad_modelruns_strict_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELRUNS_STRICT", "maybe")
    with pytest.raises(ValueError, match="MODELRUNS_STRICT"):
        fdry(foundry_page())


def test_unknown_client_options_are_refused() -> None:
    with pytest.raises(TypeError, match="strictness"):
        fdry(foundry_page(), strictness=True)


async def test_the_async_client_is_lenient_too() -> None:
    body = foundry_page((0, "buildStatus", "QUEUED"))
    seen: list[Deviation] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with foundry.AsyncClient(
        token="tok-secret",
        hostname="h",
        http_client=httpx.AsyncClient(transport=transport),
        strict=False,
        on_deviation=seen.append,
    ) as client:
        runs = [run async for run in client.list_model_studio_runs(RID, prefetch=1)]
    assert runs[0].build_status == "QUEUED"
    assert len(seen) == 1


def test_known_values_stay_the_generated_members() -> None:
    body = example("dataplatform", "getModelRun")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = dataplatform.Client(
        token="tok-secret", http_client=httpx.Client(transport=transport), strict=False
    )
    run = client.get_model_run(RUN_ID)
    assert type(run.status) is ModelRunStatus
    assert run.status in ModelRunStatus


@pytest.mark.parametrize("strict", [False, True])
def test_the_stubs_enum_out_of_spec_deviation(strict: bool) -> None:
    seen: list[Deviation] = []
    with StubServer("dataplatform", runs=5, deviations=["enum-out-of-spec"]) as server:
        options: dict[str, Any] = dict(server.client_options())
        client = dataplatform.Client(
            **options, strict=strict, on_deviation=seen.append, max_retries=0
        )
        with client:
            if strict:
                with pytest.raises(ResponseValidationError):
                    list(client.list_model_runs())
                return
            runs = list(client.list_model_runs())
    assert len(runs) == 5
    assert [(d.path, d.kind) for d in seen] == [("$.data[*].status", "enum")]
    assert all(run.status == "NOT_IN_SPEC" for run in runs)
    assert all(isinstance(run.status, UnknownEnumValue) for run in runs)
    assert {to_run(run).status for run in runs} == {RunStatus.UNKNOWN}


@pytest.mark.parametrize("deviation", ["missing-required-field", "wrong-field-type"])
def test_the_stubs_structural_deviations_still_raise_when_lenient(deviation: str) -> None:
    with StubServer("dataplatform", runs=5, deviations=[deviation]) as server:
        options: dict[str, Any] = dict(server.client_options())
        client = dataplatform.Client(**options, strict=False, max_retries=0)
        with client, pytest.raises(ResponseValidationError) as info:
            list(client.list_model_runs())
    assert info.value.path.startswith("$.")


CREDENTIALS: dict[str, dict[str, str]] = {
    "foundry": {"token": "tok-secret", "hostname": "h"},
    "dataplatform": {"token": "tok-secret"},
    "pai": {"access_key_id": "id", "access_key_secret": "tok-secret"},
    "nsml": {"access_key": "ak", "secret_key": "tok-secret", "api_key": "key"},
}


@pytest.mark.parametrize("provider", sorted(CREDENTIALS))
@pytest.mark.parametrize("kind", ["Client", "AsyncClient"])
def test_every_client_takes_the_options(provider: str, kind: str) -> None:
    cls = getattr(getattr(modelruns, provider), kind)
    seen: list[Deviation] = []
    for strict in (True, False):
        client = cls(
            **CREDENTIALS[provider],
            strict=strict,
            on_deviation=seen.append,
            max_response_size=1234,
        )
        assert client.strict is strict
        assert client._max_response_size == 1234


def test_an_on_deviation_callback_that_raises_does_not_cost_the_call(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[Deviation] = []

    def broken(deviation: Deviation) -> None:
        calls.append(deviation)
        raise RuntimeError("collector is full")

    body = foundry_page((1, "buildStatus", "QUEUED"), (2, "jobRid", "job-42"))
    with caplog.at_level(logging.WARNING, logger="modelruns"):
        runs = list(fdry(body, strict=False, on_deviation=broken).list_model_studio_runs(RID))
    assert [run.build_status for run in runs][1] == "QUEUED"
    assert len(calls) == 2  # the second deviation is still reported after the first raised
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "modelruns"]
    assert len(errors) == 2
    assert "on_deviation raised" in errors[0].getMessage()
    assert "$.data[*].buildStatus" in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert isinstance(errors[0].exc_info[1], RuntimeError)
    assert "tok-secret" not in caplog.text
