"""The shapes of reference facts, and the comparison of a spec schema with one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

#: (schema or operation, field, kind of difference)
Difference = tuple[str, str, str]


@dataclasses.dataclass(frozen=True)
class SchemaFact:
    """One object of a reference, in the spec's terms: wire names, JSON types, requiredness.

    `required` holds the fields the reference always sends (or requires); `enums` the closed
    value sets it declares; `nullable` the fields it accepts as JSON null.
    """

    schema: str
    source: str
    properties: Mapping[str, str]
    required: frozenset[str] = frozenset()
    enums: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    nullable: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class ParameterFact:
    """The parameters of one operation in a reference: name -> (location, JSON type)."""

    operation_id: str
    source: str
    parameters: Mapping[str, tuple[str, str]]


def pointer(root: Mapping[str, Any], ref: str) -> Any:
    """Follow a local JSON pointer (``#/a/b``) inside a document."""
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def shape(root: Mapping[str, Any], prop: Mapping[str, Any]) -> tuple[str, frozenset[str], bool]:
    """(JSON type, enum values, nullable) of a JSON-schema property, refs followed."""
    while "$ref" in prop:
        prop = pointer(root, prop["$ref"])
    variants = prop.get("anyOf") or prop.get("oneOf")
    if variants:
        nullable = any(v.get("type") == "null" for v in variants)
        rest = [v for v in variants if v.get("type") != "null"]
        if len(rest) == 1:
            kind, enum, inner_null = shape(root, rest[0])
            return kind, enum, nullable or inner_null
        return "object", frozenset(), nullable
    kind = prop.get("type", "object")
    kinds = list(kind) if isinstance(kind, list) else [kind]
    nullable = "null" in kinds
    kinds = [k for k in kinds if k != "null"]
    values = prop.get("enum", [prop["const"]] if "const" in prop else [])
    enum = frozenset(str(v) for v in values if v is not None)
    return (kinds[0] if kinds else "object"), enum, nullable


def schema_differences(spec: Mapping[str, Any], fact: SchemaFact) -> dict[Difference, str]:
    """Every way the spec's schema differs from the reference's object, with details."""
    schema = spec["components"]["schemas"][fact.schema]
    while "$ref" in schema:
        schema = pointer(spec, schema["$ref"])
    props: Mapping[str, Any] = schema.get("properties", {})
    found: dict[Difference, str] = {}
    for name in sorted(fact.properties.keys() - props.keys()):
        found[(fact.schema, name, "missing-in-spec")] = f"the reference has {name}"
    for name in sorted(props.keys() - fact.properties.keys()):
        found[(fact.schema, name, "not-in-reference")] = f"the reference has no {name}"
    for name in sorted(props.keys() & fact.properties.keys()):
        kind, enum, nullable = shape(spec, props[name])
        if kind != fact.properties[name]:
            found[(fact.schema, name, "type")] = f"spec {kind}, reference {fact.properties[name]}"
        wanted = fact.enums.get(name, frozenset())
        if enum != wanted:
            found[(fact.schema, name, "enum")] = f"spec {sorted(enum)}, reference {sorted(wanted)}"
        if nullable != (name in fact.nullable):
            found[(fact.schema, name, "nullable")] = f"spec nullable={nullable}"
    required = set(schema.get("required", []))
    for name in sorted(required - fact.required):
        found[(fact.schema, name, "required-stricter")] = "the spec requires it"
    for name in sorted(fact.required - required):
        found[(fact.schema, name, "required-looser")] = "the reference always has it"
    return found


def parameter_differences(spec: Mapping[str, Any], fact: ParameterFact) -> dict[Difference, str]:
    """Every way an operation's parameters differ from the reference's: name, place, type."""
    spec_params: dict[str, tuple[str, str]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or operation.get("operationId") != fact.operation_id:
                continue
            for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
                param = pointer(spec, raw["$ref"]) if "$ref" in raw else raw
                spec_params[param["name"]] = (param["in"], shape(spec, param["schema"])[0])
    found: dict[Difference, str] = {}
    op = fact.operation_id
    for name in sorted(fact.parameters.keys() - spec_params.keys()):
        found[(op, name, "parameter-missing-in-spec")] = str(fact.parameters[name])
    for name in sorted(spec_params.keys() - fact.parameters.keys()):
        found[(op, name, "parameter-not-in-reference")] = str(spec_params[name])
    for name in sorted(spec_params.keys() & fact.parameters.keys()):
        if spec_params[name] != fact.parameters[name]:
            found[(op, name, "parameter")] = (
                f"spec {spec_params[name]}, ref {fact.parameters[name]}"
            )
    return found
