"""``_validation``: a compiled schema check names the first bad field by its JSON path."""

from __future__ import annotations

from typing import Any

import pytest

from modelruns._validation import InvalidBodyError, compile_schema

COMPONENTS: Any = {
    "schemas": {
        "Node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "state": {"type": "string", "enum": ["A", "B"]},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        }
    }
}
NODE = {"$ref": "#/components/schemas/Node"}


def _path(check: Any, value: Any) -> str:
    with pytest.raises(InvalidBodyError) as raised:
        check(value)
    return raised.value.path


def test_a_valid_body_passes_a_recursive_schema() -> None:
    compile_schema(NODE, COMPONENTS)({"name": "a", "children": [{"name": "b", "state": "A"}]})


def test_the_first_bad_field_is_named_by_path() -> None:
    check = compile_schema(NODE, COMPONENTS)
    assert _path(check, {"name": "a", "children": [{"name": "b"}, {"name": 7}]}) == (
        "$.children[1].name"
    )
    assert _path(check, {"children": []}) == "$.name"
    assert _path(check, {"name": "a", "state": "C"}) == "$.state"
    assert _path(check, []) == "$"


def test_tolerant_checks_pass_enums_and_null_optional_fields_only() -> None:
    check = compile_schema(NODE, COMPONENTS, tolerant=True)
    check({"name": "a", "state": "C", "children": None})
    assert _path(check, {"name": None}) == "$.name"


def test_a_union_passes_what_one_variant_passes_else_names_the_first_error() -> None:
    check = compile_schema({"oneOf": [{"type": "string"}, {"type": "integer"}]}, {})
    check("x")
    check(3)
    with pytest.raises(InvalidBodyError, match="expected string"):
        check([])


def test_a_constant_and_extra_properties_are_checked() -> None:
    schema = {"type": "object", "additionalProperties": {"const": 1}}
    assert _path(compile_schema(schema, {}), {"a": 1, "b": 2}) == "$.b"
