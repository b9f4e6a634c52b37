"""Helpers the tests share for reading specs and validating JSON against their schemas."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from modelruns._specs import PROVIDERS, SPEC_FILES, Provider, iter_operations, load_spec

SPEC_URI = "urn:modelruns:spec"


def facts(provider: Provider) -> ModuleType:
    """The hand-transcribed documentation facts of a provider."""
    return importlib.import_module(f"tests.seed_facts.{provider}")


def provider_of(spec_file: str) -> Provider:
    """The provider whose spec file this is."""
    return next(p for p in PROVIDERS if SPEC_FILES[p] == spec_file)


def validator(spec: dict[str, Any], pointer: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator for the schema at a JSON pointer inside a spec."""
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    return jsonschema.Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(provider: Provider, schema: str, instance: Any) -> list[str]:
    """Every way an instance breaks a named component schema of a provider's spec."""
    check = validator(load_spec(provider), f"/components/schemas/{schema}")
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in check.iter_errors(instance)]


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, path item, operation) for every operation of a spec."""
    for found in iter_operations(spec):
        yield found.path, found.method.lower(), found.path_item, found.operation


def examples(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON pointer of the owning object, example) for every `example` in a spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "example":
                yield where, value
            elif key == "examples" and isinstance(value, dict):
                for name, entry in value.items():
                    if isinstance(entry, dict) and "value" in entry:
                        yield f"{where}/examples/{name}", entry["value"]
            else:
                yield from examples(
                    value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}"
                )
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from examples(value, f"{where}/{index}")
