"""A request body from a model or its fields as keywords (``_bodies.request_body``)."""

from __future__ import annotations

import pytest

from modelruns._bodies import request_body
from pai_aiworkspace_client.models import CreateRunRequest, Label, RunParam


def _body(body: object = None, *, required: bool = True, **fields: object) -> object:
    return request_body("create_run", CreateRunRequest, body, fields, required=required)


def test_a_model_given_whole_is_the_body() -> None:
    given = CreateRunRequest(experiment_id="e-1")
    assert _body(given) is given


def test_the_fields_build_the_model_with_dicts_for_its_list_models() -> None:
    built = _body(experiment_id="e-1", params=[{"Key": "lr", "Value": "0.1"}], labels=[Label()])
    assert isinstance(built, CreateRunRequest)
    assert built.params == [RunParam(key="lr", value="0.1")]
    assert isinstance(built.labels[0], Label)  # type: ignore[index]


def test_a_required_field_missing_is_named() -> None:
    with pytest.raises(TypeError, match=r"create_run\(\) needs experiment_id="):
        _body(name="run")


def test_a_model_and_fields_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        _body(CreateRunRequest(experiment_id="e-1"), name="run")


def test_an_optional_body_not_given_is_left_out() -> None:
    assert _body(required=False) is None


def test_a_dict_item_with_a_wrong_or_missing_key_is_named_with_its_index() -> None:
    with pytest.raises(ValueError, match=r"params\[0\] is missing the key 'Value'"):
        _body(experiment_id="e-1", params=[{"Key": "lr"}])
    with pytest.raises(ValueError, match=r"params\[1\] has keys that RunParam does not have"):
        _body(experiment_id="e-1", params=[RunParam("a", "b"), {"Key": "k", "Value": "v", "x": 1}])
    with pytest.raises(TypeError, match="must be a list of RunParam or dicts, got str"):
        _body(experiment_id="e-1", params="lr=0.1")
