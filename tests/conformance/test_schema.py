"""`_schema`: the run's spec in schemathesis, with what the run leaves out filtered away."""

from __future__ import annotations

import copy

from modelruns._specs import load_spec
from modelruns.conformance import RunOptions
from modelruns.conformance._schema import load_schema, operations


def _ids(options: RunOptions, spec: dict[str, object] | None = None) -> set[str]:
    schema = load_schema(
        spec or load_spec("foundry"),
        "http://127.0.0.1:9/api",
        max_examples=1,
        seed=1,
        options=options,
    )
    return {str(op.definition.raw["operationId"]) for op in operations(schema)}


def test_a_read_only_schema_has_no_write_but_the_search() -> None:
    ids = _ids(RunOptions(allow_writes=False))
    assert "searchExperiments" in ids
    assert not ids & {"createModelStudio", "launchModelStudio", "createModelStudioConfigVersion"}


def test_include_and_exclude_filter_by_operation_id() -> None:
    assert _ids(RunOptions(include_operation_ids=("searchExperiments",))) == {"searchExperiments"}
    assert "searchExperiments" not in _ids(RunOptions(exclude_operation_ids=("searchExperiments",)))


def test_the_schema_is_the_spec_given_and_leaves_it_untouched() -> None:
    spec = copy.deepcopy(load_spec("nsml"))
    before = copy.deepcopy(spec)
    schema = load_schema(spec, "http://127.0.0.1:9/nsml/v1", max_examples=3, seed=7)
    assert spec == before
    assert schema.config.seed == 7
    assert schema.config.base_url == "http://127.0.0.1:9/nsml/v1"
