"""``_decode._walker``: one plan per model and schema, which both routes' source is written from."""

from __future__ import annotations

from typing import Any

from modelruns._decode._walker import Walker
from modelruns._facades import foundry as foundry_facade
from modelruns._specs import load_spec

OP = foundry_facade._LIST_MODEL_STUDIO_RUNS
COMPONENTS: Any = load_spec("foundry")["components"]


def _plan() -> Any:
    walker = Walker(COMPONENTS, "foundry_models_client")
    node = walker.resolve({"$ref": "#/components/schemas/ListModelStudioRunsResponse"})
    return walker, walker.model(OP.response_model, node)


def test_required_fields_come_first_in_the_specs_order() -> None:
    _walker, page = _plan()
    data = page.fields[0].value
    assert data.conversion == "list"
    run = data.item.model
    required = COMPONENTS["schemas"]["ModelStudioRun"]["required"]
    assert [f.wire for f in run.fields] == [*required, "buildStatus"]
    assert [f.required for f in run.fields] == [True] * len(required) + [False]


def test_conversions_and_the_tests_they_make_redundant() -> None:
    _walker, page = _plan()
    fields = {f.wire: f.value for f in page.fields[0].value.item.model.fields}
    assert fields["startedBy"].conversion == "uuid"
    assert fields["startedTime"].conversion == "datetime"
    assert fields["buildStatus"].conversion == "enum"
    assert fields["buildStatus"].refuses  # the members' lookup tests the value itself
    assert not fields["startedTime"].refuses  # a date-time is type-tested first
    assert fields["buildRid"].pattern is not None
    assert fields["buildRid"].refuses
    assert fields["configVersion"].conversion is None
    assert fields["configVersion"].kinds == ("integer",)


def test_one_plan_per_model_and_node() -> None:
    walker, page = _plan()
    node = walker.resolve({"$ref": "#/components/schemas/ListModelStudioRunsResponse"})
    assert walker.model(OP.response_model, node) is page
    assert not page.generic
    assert page.plain


def test_a_union_of_several_models_is_left_to_the_generic_route() -> None:
    walker = Walker(COMPONENTS, "foundry_models_client")
    union = {"oneOf": [{"type": "object"}, {"type": "string"}], "properties": {}}
    plan = walker.model(OP.response_model, {"type": "object", "properties": {"data": union}})
    assert plan.generic
    assert plan.fields == []
