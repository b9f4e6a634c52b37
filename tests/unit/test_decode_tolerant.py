"""``_decode._tolerant``: the tolerant route keeps what evolution produces, recording each
deviation by its JSON path, and declines broken structure to the check that names it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from modelruns._decode import UnknownEnumValue, UnparsedValue, compile_tolerant
from modelruns._facades import foundry as foundry_facade
from modelruns._specs import load_spec
from modelruns._validation import InvalidBodyError
from tests.unit.test_decode_routes import success_example

OP = foundry_facade._LIST_MODEL_STUDIO_RUNS
DECODE = compile_tolerant(
    {"$ref": "#/components/schemas/ListModelStudioRunsResponse"},
    load_spec("foundry")["components"],
    OP.response_model,
)


def _page(**changes: Any) -> Any:
    raw = success_example(OP)
    raw["data"][0].update(changes)
    return raw


def test_a_valid_page_records_nothing() -> None:
    found: list[tuple[str, str, str]] = []
    assert DECODE(_page(), found) == OP.response_model.from_dict(_page())
    assert found == []


def test_each_tolerated_deviation_is_recorded_by_path() -> None:
    found: list[tuple[str, str, str]] = []
    model = DECODE(_page(buildStatus="QUEUED", startedBy="me", jobRid="job"), found)
    run = model.data[0]
    assert isinstance(run.build_status, UnknownEnumValue)
    assert run.started_by == "me"
    assert isinstance(run.started_by, UnparsedValue)
    assert run.job_rid == "job"
    assert [(path, kind) for path, kind, _detail in found] == [
        ("$.data[0].jobRid", "string"),
        ("$.data[0].startedBy", "format"),
        ("$.data[0].buildStatus", "enum"),
    ]


def test_null_in_an_optional_field_is_unset_and_recorded() -> None:
    found: list[tuple[str, str, str]] = []
    model = DECODE(_page(buildStatus=None), found)
    assert "buildStatus" not in model.data[0].to_dict()
    assert found == [("$.data[0].buildStatus", "null", "null for an optional field")]


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"configVersion": "1"}, "$.data[0].configVersion"), ({"runId": 7}, "$.data[0].runId")],
)
def test_broken_structure_is_named_by_the_check(changes: Any, path: str) -> None:
    with pytest.raises(InvalidBodyError) as raised:
        DECODE(_page(**changes), [])
    assert raised.value.path == path


def test_a_missing_required_field_is_named_by_the_check() -> None:
    raw = _page()
    del raw["data"][0]["startedBy"]
    with pytest.raises(InvalidBodyError) as raised:
        DECODE(raw, [])
    assert raised.value.path == "$.data[0].startedBy"
    assert isinstance(OP.response_model.from_dict(_page()).data[0].started_by, uuid.UUID)
