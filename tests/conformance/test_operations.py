"""`_operations`: what a run reads of its spec's operations."""

from __future__ import annotations

import copy

import pytest

from modelruns._specs import iter_operations, load_spec
from modelruns.conformance import ConformanceUsageError, RunOptions
from modelruns.conformance._operations import (
    operation_ids,
    path_parameter_names,
    read_only_writes,
    refusals,
    skip_reasons,
    spec_order,
    write_operation_ids,
)


def test_order_and_ids_follow_the_spec() -> None:
    spec = load_spec("foundry")
    found = list(iter_operations(spec))
    assert list(spec_order(spec)) == [f"{op.method} {op.path}" for op in found]
    assert operation_ids(spec) == [op.operation_id for op in found]


def test_the_experiment_search_is_a_write_method_that_only_reads() -> None:
    spec = load_spec("foundry")
    assert ("POST", "/v2/models/{modelRid}/experiments/search") in read_only_writes(spec)
    assert "searchExperiments" not in write_operation_ids(spec)
    assert "createModelStudio" in write_operation_ids(spec)


def test_path_parameter_names_are_read_from_the_run_spec() -> None:
    spec = copy.deepcopy(load_spec("nsml"))
    spec["paths"] = {"/things/{thingId}": {"get": {"operationId": "getThing", "responses": {}}}}
    assert path_parameter_names(spec) == ["thingId"]


def test_an_unknown_operation_id_lists_the_valid_ones() -> None:
    options = RunOptions(include_operation_ids=("nope",))
    with pytest.raises(ConformanceUsageError, match="nope: not an operationId of nsml; valid: "):
        skip_reasons(load_spec("nsml"), "nsml", options)


def test_refusals_widen_the_positive_check_of_their_operation() -> None:
    spec = {
        "paths": {
            "/a": {
                "post": {
                    "operationId": "makeA",
                    "x-modelruns-refusals": [{"status": 409}],
                    "responses": {},
                }
            }
        }
    }
    (setting,) = refusals(spec)
    assert setting["include-operation-id"] == "makeA"
    statuses = setting["checks"]["positive_data_acceptance"]["expected-statuses"]
    assert "409" in statuses
    assert "2xx" in statuses
