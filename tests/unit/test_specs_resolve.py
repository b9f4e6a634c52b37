"""``_specs.resolve``, the one ``$ref`` resolver: JSON-pointer escapes, cycles, missing targets."""

from __future__ import annotations

from typing import Any

import pytest

from modelruns._specs import PROVIDERS, RefError, load_spec, resolve

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Run": {"type": "object", "title": "run"},
            "Alias": {"$ref": "#/components/schemas/Run"},
            "Loop": {"$ref": "#/components/schemas/Back"},
            "Back": {"$ref": "#/components/schemas/Loop"},
            "Self": {"$ref": "#/components/schemas/Self"},
        },
    },
    "paths": {
        "/runs/{id}": {"get": {"summary": "slash"}},
        "/a~b": {"get": {"summary": "tilde"}},
        "/with space": {"get": {"summary": "space"}},
    },
    "list": [{"first": 1}, {"second": 2}],
}


def test_a_node_that_is_not_a_reference_is_returned_as_it_is() -> None:
    node = {"type": "string"}
    assert resolve(SPEC, node) is node
    assert resolve(SPEC, [1, 2]) == [1, 2]
    assert resolve(SPEC, None) is None


def test_a_chain_of_references_is_followed_to_the_schema() -> None:
    run = SPEC["components"]["schemas"]["Run"]
    assert resolve(SPEC, {"$ref": "#/components/schemas/Run"}) is run
    assert resolve(SPEC, {"$ref": "#/components/schemas/Alias"}) is run


@pytest.mark.parametrize(
    ("ref", "summary"),
    [
        ("#/paths/~1runs~1{id}/get", "slash"),  # ~1 is "/"
        ("#/paths/~1a~0b/get", "tilde"),  # ~0 is "~"
        ("#/paths/~1with%20space/get", "space"),  # percent escapes decoded
    ],
)
def test_json_pointer_escapes_are_decoded(ref: str, summary: str) -> None:
    assert resolve(SPEC, {"$ref": ref})["summary"] == summary


def test_a_list_index_is_a_pointer_segment() -> None:
    assert resolve(SPEC, {"$ref": "#/list/1"}) == {"second": 2}


def test_a_cycle_is_refused_naming_every_ref_of_it() -> None:
    with pytest.raises(RefError) as caught:
        resolve(SPEC, {"$ref": "#/components/schemas/Loop"})
    assert str(caught.value) == (
        "$ref cycle: #/components/schemas/Loop -> #/components/schemas/Back -> "
        "#/components/schemas/Loop"
    )
    with pytest.raises(RefError, match="cycle: #/components/schemas/Self -> #/components"):
        resolve(SPEC, {"$ref": "#/components/schemas/Self"})


@pytest.mark.parametrize(
    "ref",
    [
        "#/components/schemas/Nope",
        "#/paths/~1runs~1{id}/post",
        "#/list/7",
        "#/list/first",  # a list takes only an index
        "#/components/schemas/Run/type/deeper",  # a string has no members
    ],
)
def test_a_missing_target_is_an_error_naming_the_ref(ref: str) -> None:
    with pytest.raises(RefError, match=f"^\\$ref '{ref}' points at nothing$"):
        resolve(SPEC, {"$ref": ref})


def test_a_missing_target_at_the_end_of_a_chain_names_that_ref() -> None:
    spec = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}}
    with pytest.raises(RefError, match="'#/c' points at nothing"):
        resolve(spec, {"$ref": "#/a"})


def test_a_reference_into_another_document_is_refused() -> None:
    with pytest.raises(RefError, match=r"'other\.yaml#/components' is not a local reference"):
        resolve(SPEC, {"$ref": "other.yaml#/components"})


def test_a_ref_error_is_a_lookup_error() -> None:
    assert issubclass(RefError, LookupError)


def test_every_ref_of_every_packaged_spec_resolves() -> None:
    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return own + [r for value in node.values() for r in refs(value)]
        if isinstance(node, list):
            return [r for value in node for r in refs(value)]
        return []

    for provider in PROVIDERS:
        spec = load_spec(provider)
        found = refs(spec)
        assert found, provider
        for ref in found:
            assert "$ref" not in resolve(spec, {"$ref": ref})
