"""The provider-neutral `Run`, its status tables and the cross-provider walks."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import pytest

from dataplatform_models_client.models import ModelRun, ModelRunStatus
from modelruns._decode import UnknownEnumValue, unknown_enum_value
from modelruns._run import (
    RUN_FIELDS,
    STATES,
    Run,
    RunStatus,
    aiter_runs,
    iter_runs,
    run_status,
    to_run,
)
from modelruns._specs import PROVIDERS, Provider, load_spec, resolve
from modelruns._states import _read_states
from tests.specs import operations

README = Path(__file__).resolve().parents[2] / "README.md"


def _list_operation(provider: Provider) -> dict[str, Any]:
    """The spec's run-list operation: the one whose paginated items are the run model."""
    spec = load_spec(provider)
    for _, _, _, operation in operations(spec):
        pagination = operation.get("x-modelruns-pagination")
        if pagination and _items_schema(provider, operation) is not None:
            return operation
    raise AssertionError(f"{provider}: no run-list operation")


def _items_schema(provider: Provider, operation: dict[str, Any]) -> dict[str, Any] | None:
    spec = load_spec(provider)
    items = operation["x-modelruns-pagination"][0]["items"]
    body = resolve(spec, operation["responses"]["200"])["content"]["application/json"]
    array = resolve(spec, resolve(spec, body["schema"])["properties"][items])
    schema: dict[str, Any] = resolve(spec, array["items"])
    model_name = RUN_FIELDS[provider].model.__name__
    ref = array["items"].get("$ref", "")
    # Generated model classes are named after their schema (PAI's `Run` keeps its name).
    return schema if ref.rsplit("/", 1)[-1] == model_name else None


def _example_runs(provider: Provider) -> list[Any]:
    """The run models decoded from the list operation's documented 200 example."""
    spec = load_spec(provider)
    operation = _list_operation(provider)
    items = operation["x-modelruns-pagination"][0]["items"]
    body = resolve(spec, operation["responses"]["200"])["content"]["application/json"]
    model = RUN_FIELDS[provider].model
    return [model.from_dict(item) for item in body["example"][items]]


def _status_values(provider: Provider) -> set[str]:
    """Every status value the spec declares for the run model: its enum, else the values its
    description and examples name (NSML's status is an open string)."""
    spec = load_spec(provider)
    schema = _items_schema(provider, _list_operation(provider))
    assert schema is not None
    attribute = STATES[provider].attribute
    if attribute is None:
        return set()
    properties = schema["properties"]
    name = next(p for p in properties if re.sub(r"(?<!^)([A-Z])", r"_\1", p).lower() == attribute)
    prop = resolve(spec, properties[name])
    if "enum" in prop:
        return set(prop["enum"])
    values = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", prop.get("description", "")))
    return values | {getattr(run, attribute) for run in _example_runs(provider)}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_spec_status_value_has_a_state(provider: Provider) -> None:
    values = _status_values(provider)
    missing = values - set(STATES[provider].statuses)
    assert not missing, f"{provider}: status values with no x-modelruns-run-states: {missing}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_states_name_only_values_the_spec_declares(provider: Provider) -> None:
    extra = set(STATES[provider].statuses) - _status_values(provider)
    assert not extra, f"{provider}: x-modelruns-run-states the spec does not declare: {extra}"


def test_pai_runs_have_no_status_field_in_the_spec() -> None:
    schema = _items_schema("pai", _list_operation("pai"))
    assert schema is not None
    assert not [p for p in schema["properties"] if "status" in p.lower()]
    assert STATES["pai"].attribute is None


@pytest.mark.parametrize(
    ("provider", "value", "status"),
    [(p, v, s) for p in PROVIDERS for v, s in STATES[p].statuses.items()]
    + [("pai", None, RunStatus.UNKNOWN)],
)
def test_status_mapping_is_documented_in_docstring_and_readme(
    provider: Provider, value: str | None, status: RunStatus
) -> None:
    shown = "(no status field)" if value is None else f"`{value}`"
    row = f"| {provider} | {shown} | `{status.value}` |"
    assert row in (RunStatus.__doc__ or ""), row
    assert row in README.read_text(encoding="utf-8"), row


def test_only_succeeded_failed_and_cancelled_are_terminal() -> None:
    terminal = {status for status in RunStatus if status.is_terminal}
    assert terminal == {RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELED}
    assert not RunStatus.UNKNOWN.is_terminal
    assert not RunStatus.UNKNOWN.is_active


def test_a_status_value_newer_than_the_spec_is_unknown_and_not_terminal() -> None:
    run = ModelRun.from_dict(
        {
            "id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
            "status": "SUCCESS",
            "created_at": "2025-01-15T10:00:00Z",
        }
    )
    assert to_run(run).is_terminal
    run.status = unknown_enum_value(ModelRunStatus, "SUCCESS_WITH_WARNINGS")
    assert isinstance(run.status, UnknownEnumValue)
    assert to_run(run).status is RunStatus.UNKNOWN
    assert not to_run(run).is_terminal
    assert run_status(run) is RunStatus.UNKNOWN


def test_the_states_are_read_from_the_spec_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = copy.deepcopy(load_spec("dataplatform"))
    states = spec["components"]["schemas"]["ModelRunStatus"]["x-modelruns-run-states"]
    assert states["SUCCESS"] == "succeeded"
    states["SUCCESS"] = "failed"
    monkeypatch.setattr("modelruns._states.load_spec", lambda provider: spec)
    assert _read_states("dataplatform").statuses["SUCCESS"] is RunStatus.FAILED


def test_foundry_example_converts() -> None:
    (run,) = [to_run(model) for model in _example_runs("foundry")]
    assert run == Run(
        provider="foundry",
        id="a1b2c3d4e5f6",
        name=None,
        status=RunStatus.RUNNING,
        created_at=datetime.datetime(2003, 5, 6, 12, 34, 56, 789000, tzinfo=datetime.UTC),
        updated_at=None,
        started_by="f05f8da4-b84c-4fca-9c77-8af0b13d11de",
    )
    assert run.raw.build_rid.startswith("ri.foundry-build.")


def test_foundry_run_without_build_status_is_unknown() -> None:
    model = _example_runs("foundry")[0]
    data = model.to_dict()
    del data["buildStatus"]
    assert to_run(type(model).from_dict(data)).status is RunStatus.UNKNOWN


def test_dataplatform_example_converts() -> None:
    (run,) = [to_run(model) for model in _example_runs("dataplatform")]
    utc = datetime.UTC
    assert run == Run(
        provider="dataplatform",
        id="3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
        name="analytics",
        status=RunStatus.SUCCEEDED,
        created_at=datetime.datetime(2025, 1, 15, 10, 0, tzinfo=utc),
        updated_at=datetime.datetime(2025, 1, 15, 10, 15, tzinfo=utc),
        started_by="admin",
    )


def test_dataplatform_unstarted_run_has_no_update_time() -> None:
    model = _example_runs("dataplatform")[0]
    data = model.to_dict() | {"status": "PENDING", "started_at": None, "finished_at": None}
    run = to_run(type(model).from_dict(data))
    assert (run.status, run.updated_at) == (RunStatus.PENDING, None)


def test_pai_example_converts() -> None:
    (run,) = [to_run(model) for model in _example_runs("pai")]
    stamp = datetime.datetime(2021, 1, 30, 12, 51, 33, 28000, tzinfo=datetime.UTC)
    # The documented example's UserId is an empty string: no user.
    assert run == Run(
        provider="pai",
        id="run-1qJhzJ2YXgX****",
        name="testrun",
        status=RunStatus.UNKNOWN,
        created_at=stamp,
        updated_at=stamp,
        started_by=None,
    )


def test_nsml_example_converts_with_naive_times() -> None:
    runs = [to_run(model) for model in _example_runs("nsml")]
    assert runs == [
        Run(
            provider="nsml",
            id="******ygz0iujn******/2",
            name="2",
            status=RunStatus.RUNNING,
            created_at=datetime.datetime(2024, 9, 3, 10, 38, 21),
            updated_at=datetime.datetime(2024, 9, 3, 10, 39, 51),
            started_by="ncp-user-2689076",
        ),
        Run(
            provider="nsml",
            id="******ygz0iujn******/1",
            name="1",
            status=RunStatus.SUCCEEDED,
            created_at=datetime.datetime(2024, 9, 3, 10, 24, 54),
            updated_at=datetime.datetime(2024, 9, 3, 10, 37, 56),
            started_by="ncp-user-2689076",
        ),
    ]


def test_nsml_undocumented_status_is_unknown() -> None:
    model = _example_runs("nsml")[0]
    data = model.to_dict() | {"status": "RUN_STATE_SOMETHING_NEW"}
    assert to_run(type(model).from_dict(data)).status is RunStatus.UNKNOWN


def test_nsml_unreadable_time_names_the_field() -> None:
    model = _example_runs("nsml")[0]
    data = model.to_dict() | {"createTime": "yesterday"}
    with pytest.raises(ValueError, match=r"nsml run has an unreadable time in create_time"):
        to_run(type(model).from_dict(data))


def test_run_without_id_is_a_clear_error() -> None:
    model = _example_runs("nsml")[0]
    data = model.to_dict()
    del data["projectId"]
    with pytest.raises(ValueError, match=r"nsml run has no id \(needs project_id, run_name\)"):
        to_run(type(model).from_dict(data))


def test_to_run_rejects_other_objects_naming_the_type() -> None:
    with pytest.raises(TypeError, match="not a run model: dict"):
        to_run({"runId": "x"})


def test_run_is_frozen_slotted_and_ignores_raw_in_eq_and_repr() -> None:
    model = _example_runs("foundry")[0]
    run = to_run(model)
    assert attrs.evolve(run, raw=None) == run
    assert "raw" not in repr(run)
    assert not hasattr(run, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        run.id = "other"  # type: ignore[misc]


def test_to_dict_is_json_ready_and_leaves_out_raw() -> None:
    run = to_run(_example_runs("dataplatform")[0])
    assert run.to_dict() == {
        "provider": "dataplatform",
        "id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
        "name": "analytics",
        "status": "SUCCEEDED",
        "created_at": "2025-01-15T10:00:00+00:00",
        "updated_at": "2025-01-15T10:15:00+00:00",
        "started_by": "admin",
    }


def test_started_by_uuid_becomes_text() -> None:
    run = to_run(_example_runs("foundry")[0])
    assert run.started_by == str(UUID("f05f8da4-b84c-4fca-9c77-8af0b13d11de"))


class CountingSource:
    """An iterable that records how many items have been pulled from it."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.pulled = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.pulled += 1
            yield item


def test_iter_runs_walks_sources_in_order() -> None:
    foundry = _example_runs("foundry")
    nsml = _example_runs("nsml")
    pai = _example_runs("pai")
    runs = list(iter_runs(foundry, nsml, pai))
    assert [(r.provider, r.id) for r in runs] == [
        ("foundry", "a1b2c3d4e5f6"),
        ("nsml", "******ygz0iujn******/2"),
        ("nsml", "******ygz0iujn******/1"),
        ("pai", "run-1qJhzJ2YXgX****"),
    ]


def test_iter_runs_does_not_touch_the_next_source_before_the_current_is_exhausted() -> None:
    first = CountingSource(_example_runs("nsml"))
    second = CountingSource(_example_runs("dataplatform"))
    walk = iter_runs(first, second)
    assert (first.pulled, second.pulled) == (0, 0)
    next(walk)
    next(walk)
    assert (first.pulled, second.pulled) == (2, 0)
    assert next(walk).provider == "dataplatform"
    assert (first.pulled, second.pulled) == (2, 1)


def test_iter_runs_passes_runs_through() -> None:
    run = to_run(_example_runs("pai")[0])
    assert next(iter_runs([run])) is run


async def test_aiter_runs_walks_async_and_plain_sources() -> None:
    pulled: list[str] = []

    async def async_source() -> AsyncIterator[Any]:
        for model in _example_runs("nsml"):
            pulled.append("nsml")
            yield model

    walk = aiter_runs(async_source(), _example_runs("foundry"))
    first = await anext(walk)
    assert (first.provider, pulled) == ("nsml", ["nsml"])
    rest = [run.provider async for run in walk]
    assert rest == ["nsml", "foundry"]


def test_iter_runs_keeps_only_the_runs_in_the_status_asked_for() -> None:
    nsml = _example_runs("nsml")  # one RUN_STATE_IN_PROGRESS, one RUN_STATE_COMPLETED
    foundry = _example_runs("foundry")  # RUNNING
    running = list(iter_runs(nsml, foundry, status=RunStatus.RUNNING))
    assert [(r.provider, r.id) for r in running] == [
        ("nsml", "******ygz0iujn******/2"),
        ("foundry", "a1b2c3d4e5f6"),
    ]
    done = list(iter_runs(nsml, foundry, status=["succeeded", "FAILED"]))
    assert [r.id for r in done] == ["******ygz0iujn******/1"]


def test_iter_runs_refuses_an_unknown_status_before_touching_a_source() -> None:
    source = CountingSource(_example_runs("nsml"))
    with pytest.raises(ValueError, match=r"status must be one of .*got 'DONE'"):
        iter_runs(source, status="DONE")
    assert source.pulled == 0


async def test_aiter_runs_filters_by_status() -> None:
    async def async_source() -> AsyncIterator[Any]:
        for model in _example_runs("nsml"):
            yield model

    walk = aiter_runs(async_source(), _example_runs("foundry"), status=RunStatus.SUCCEEDED)
    assert [run.id async for run in walk] == ["******ygz0iujn******/1"]
