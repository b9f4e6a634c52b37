"""The specs say everything the providers' documentation says, and say it validly."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_spec_validator import validate

from modelruns._specs import PROVIDERS, Provider, load_spec, read_run_states, resolve
from tests.seed_facts.model import ExampleFact, OperationFact
from tests.specs import examples, facts, operations, schema_errors, validator


def _operation(provider: Provider, fact: OperationFact) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = load_spec(provider)
    item = spec["paths"].get(fact.path)
    assert item is not None, f"{provider}: path {fact.path} missing"
    operation = item.get(fact.method)
    assert operation is not None, f"{provider}: {fact.method.upper()} {fact.path} missing"
    return item, operation


def _all_operation_facts() -> list[tuple[Provider, OperationFact]]:
    return [(p, op) for p in PROVIDERS for op in facts(p).OPERATIONS]


def _all_example_facts() -> list[tuple[Provider, ExampleFact]]:
    return [(p, ex) for p in PROVIDERS for ex in facts(p).EXAMPLES]


OPERATION_FACTS = _all_operation_facts()
EXAMPLE_FACTS = _all_example_facts()
DOCUMENTED = [(p, ex) for p, ex in EXAMPLE_FACTS if ex.from_documentation]


def _ids(pairs: list[tuple[Provider, Any]]) -> list[str]:
    return [f"{p}-{getattr(f, 'operation_id', getattr(f, 'schema', ''))}" for p, f in pairs]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_spec_is_valid_openapi_3_1(provider: Provider) -> None:
    spec = load_spec(provider)
    assert str(spec["openapi"]).startswith("3.1")
    validate(spec)


@pytest.mark.parametrize(("provider", "fact"), OPERATION_FACTS, ids=_ids(OPERATION_FACTS))
def test_documented_operation_is_in_spec(provider: Provider, fact: OperationFact) -> None:
    _, operation = _operation(provider, fact)
    assert operation["operationId"] == fact.operation_id


@pytest.mark.parametrize(("provider", "fact"), OPERATION_FACTS, ids=_ids(OPERATION_FACTS))
def test_documented_parameters_are_in_spec(provider: Provider, fact: OperationFact) -> None:
    spec = load_spec(provider)
    item, operation = _operation(provider, fact)
    declared = {
        (p["name"], p["in"])
        for p in (
            resolve(spec, raw)
            for raw in [*item.get("parameters", []), *operation.get("parameters", [])]
        )
    }
    missing = {(n, loc) for n, loc in fact.parameters.items()} - declared
    assert not missing, f"{fact.operation_id}: parameters missing from the spec: {sorted(missing)}"


@pytest.mark.parametrize(("provider", "fact"), OPERATION_FACTS, ids=_ids(OPERATION_FACTS))
def test_documented_status_codes_are_in_spec(provider: Provider, fact: OperationFact) -> None:
    _, operation = _operation(provider, fact)
    declared = {int(code) for code in operation["responses"]}
    missing = set(fact.statuses) - declared
    assert not missing, f"{fact.operation_id}: statuses missing from the spec: {sorted(missing)}"


@pytest.mark.parametrize(("provider", "fact"), OPERATION_FACTS, ids=_ids(OPERATION_FACTS))
def test_documented_response_fields_are_in_spec(provider: Provider, fact: OperationFact) -> None:
    spec = load_spec(provider)
    _, operation = _operation(provider, fact)
    for status, fields in fact.response_fields.items():
        response = resolve(spec, operation["responses"][str(status)])
        schema = resolve(spec, response["content"]["application/json"]["schema"])
        missing = set(fields) - set(schema.get("properties", {}))
        assert not missing, f"{fact.operation_id} {status}: fields missing: {sorted(missing)}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_documented_schema_fields_and_enums_are_in_spec(provider: Provider) -> None:
    spec = load_spec(provider)
    schemas = spec["components"]["schemas"]
    for name, fields in facts(provider).SCHEMA_FIELDS.items():
        missing = set(fields) - set(schemas[name].get("properties", {}))
        assert not missing, f"{name}: fields missing: {sorted(missing)}"
    by_operation = {op["operationId"]: (item, op) for _, _, item, op in operations(spec)}
    for where, values in facts(provider).ENUMS.items():
        owner, prop = where.split(".", 1)
        if owner in schemas:
            node = resolve(spec, schemas[owner]["properties"][prop])
        else:
            item, op = by_operation[owner]
            params = [
                resolve(spec, p) for p in [*item.get("parameters", []), *op.get("parameters", [])]
            ]
            node = resolve(spec, next(p for p in params if p["name"] == prop)["schema"])
        enum = node.get("enum") or resolve(spec, node.get("items", {})).get("enum")
        assert enum is not None, f"{where}: no enum in the spec"
        assert set(values) <= set(enum), (
            f"{where}: spec enum {enum} lacks {set(values) - set(enum)}"
        )


@pytest.mark.parametrize(("provider", "fact"), EXAMPLE_FACTS, ids=_ids(EXAMPLE_FACTS))
def test_documented_example_validates(provider: Provider, fact: ExampleFact) -> None:
    assert schema_errors(provider, fact.schema, fact.example) == []


def _break(provider: Provider, schema_name: str, example: dict[str, Any]) -> dict[str, Any]:
    """A copy of an example that its schema must reject: a required field dropped, or retyped."""
    spec = load_spec(provider)
    schema = resolve(spec, spec["components"]["schemas"][schema_name])
    broken = copy.deepcopy(example)
    required = [name for name in schema.get("required", []) if name in broken]
    if required:
        del broken[required[0]]
    else:
        field = next(iter(broken))
        broken[field] = {"not": ["what", "the", "schema", "says"]}
    return broken


@pytest.mark.parametrize(("provider", "fact"), EXAMPLE_FACTS, ids=_ids(EXAMPLE_FACTS))
def test_broken_copy_of_documented_example_is_rejected(
    provider: Provider, fact: ExampleFact
) -> None:
    assert schema_errors(provider, fact.schema, _break(provider, fact.schema, fact.example))


def _values(node: Any) -> Iterator[Any]:
    """A JSON value and every value nested in it."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _values(child)


@pytest.mark.parametrize(("provider", "fact"), DOCUMENTED, ids=_ids(DOCUMENTED))
def test_documented_example_is_embedded_in_spec(provider: Provider, fact: ExampleFact) -> None:
    embedded = [inner for _, value in examples(load_spec(provider)) for inner in _values(value)]
    assert fact.example in embedded, f"{fact.schema} example is not embedded in the spec"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_example_in_spec_matches_its_schema(provider: Provider) -> None:
    spec = load_spec(provider)
    checked = 0
    for where, value in examples(spec):
        if where.startswith("/components/schemas/") or "/schema" in where:
            schema_pointer = where.split("/examples/")[0]
        else:
            # a media type or parameter: its schema sits beside the example
            schema_pointer = where.split("/examples/")[0] + "/schema"
        errors = [e.message for e in validator(spec, schema_pointer).iter_errors(value)]
        assert errors == [], f"{provider} example at {where}: {errors}"
        checked += 1
    assert checked > 0


def _schemas_with_run_states(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema (component or inline property) that carries x-modelruns-run-states."""

    def visit(where: str, node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            if "x-modelruns-run-states" in node:
                yield where, node
            for key, value in node.items():
                yield from visit(f"{where}/{key}", value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from visit(f"{where}/{index}", value)

    yield from visit("#", spec)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_run_status_enum_value_has_a_run_state(provider: Provider) -> None:
    spec = load_spec(provider)
    run_schemas = {
        name: schema
        for name, schema in spec["components"]["schemas"].items()
        if "x-modelruns-run-status" in schema
    }
    assert len(run_schemas) == 1, f"{provider}: one run schema names its status property"
    (schema,) = run_schemas.values()
    wire = schema["x-modelruns-run-status"]
    found = list(_schemas_with_run_states(spec))
    if wire is None:  # PAI: no status field, said in the spec
        assert found == []
        return
    status = resolve(spec, schema["properties"][wire])
    assert "x-modelruns-run-states" in status, f"{provider}: {wire} has no run states"
    for where, node in found:
        states = node["x-modelruns-run-states"]
        assert set(states.values()) <= {"pending", "running", "succeeded", "failed", "cancelled"}
        if "enum" in node:
            assert set(states) == set(node["enum"]), f"{provider} {where}: every value, no other"
        else:  # NSML's open string: only documented values, each named in its description
            for value in states:
                assert f"`{value}`" in node["description"], (provider, value)


def test_a_status_value_without_a_state_is_refused() -> None:
    spec = copy.deepcopy(load_spec("dataplatform"))
    del spec["components"]["schemas"]["ModelRunStatus"]["x-modelruns-run-states"]["CANCELLED"]
    with pytest.raises(ValueError, match=r"every enum value a state.*missing \['CANCELLED'\]"):
        read_run_states(spec)
