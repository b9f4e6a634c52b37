"""Each spec against its provider's own software (`tests/reference_facts/`).

Every difference between a spec and its reference must be listed as allowed, with a reason;
an allowed difference that no longer occurs must be removed from the list. The drift tests
mutate a copy of each spec and show that the comparison then fails.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.reference_facts import dataplatform, foundry, nsml, pai
from tests.reference_facts.model import (
    Difference,
    ParameterFact,
    SchemaFact,
    parameter_differences,
    schema_differences,
)

SPECS = Path(__file__).resolve().parent.parent / "specs"

Spec = dict[str, Any]


def load(name: str) -> Spec:
    document: Spec = yaml.safe_load((SPECS / name).read_text())
    return document


def reconcile(
    found: Mapping[Difference, str], allowed: Mapping[Difference, str], source: str
) -> list[str]:
    """Problems: differences not allowed, and allowed differences that no longer occur."""
    problems = [
        f"{where}.{field}: {kind} ({detail}) against {source}"
        for (where, field, kind), detail in found.items()
        if (where, field, kind) not in allowed
    ]
    problems += [
        f"{where}.{field}: {kind} is listed as allowed but no longer occurs"
        for (where, field, kind) in allowed
        if (where, field, kind) not in found
    ]
    return problems


def compare(
    spec: Spec, schemas: list[SchemaFact], parameters: list[ParameterFact]
) -> dict[Difference, str]:
    found: dict[Difference, str] = {}
    for fact in schemas:
        found |= schema_differences(spec, fact)
    for parameter_fact in parameters:
        found |= parameter_differences(spec, parameter_fact)
    return found


# --- Foundry: foundry-platform-sdk ----------------------------------------------------------


def foundry_error_differences(spec: Spec) -> dict[Difference, str]:
    found: dict[Difference, str] = {}
    declared = foundry.spec_errors(spec)
    for operation_id, raised in foundry.throwable_errors().items():
        names = {entry["name"] for entry in declared.get(operation_id, [])}
        for name in sorted(raised - names):
            found[("errors", f"{operation_id}.{name}", "error-missing-in-spec")] = "SDK raises it"
    for entries in declared.values():
        for entry in entries:
            name = entry["name"]
            fact = foundry.error_fact(name)
            if fact is None:
                found[("errors", name, "error-not-in-reference")] = "no SDK class"
                continue
            if fact.status != entry["status"]:
                found[("errors", name, "error-status")] = f"SDK {fact.status}"
            listed = set(entry.get("parameters", []))
            for parameter in sorted(fact.parameters - listed):
                key = ("errors", f"{name}.{parameter}", "error-parameter-missing")
                found[key] = "the SDK reads it"
            for parameter in sorted(listed - fact.parameters):
                found[("errors", f"{name}.{parameter}", "error-parameter-extra")] = "SDK lacks it"
    return found


def foundry_problems(spec: Spec) -> list[str]:
    found = compare(spec, foundry.schema_facts(), foundry.parameter_facts())
    found |= foundry_error_differences(spec)
    return reconcile(found, foundry.ALLOWED, "foundry-platform-sdk")


# --- PAI: alibabacloud-aiworkspace20210204 and alibabacloud-tea-openapi ----------------------


def pai_problems(spec: Spec) -> list[str]:
    found = compare(spec, pai.schema_facts(), pai.parameter_facts())
    _, _, params = pai.list_runs_request()
    operation = spec["paths"].get(params.pathname, {}).get(params.method.lower(), {})
    where = ("ListRuns", "operation", "request")
    sent = (params.action, params.version, "query")
    declared = (operation.get("x-acs-action"), spec.get("x-acs-version"), "query")
    if sent != declared:
        found[where] = f"SDK sends {sent}, spec declares {declared}"
    error = spec["components"]["schemas"]["PaiError"]
    for name in error.get("required", []):
        found[("PaiError", name, "required-stricter")] = "the core library requires nothing"
    read = pai.error_body_keys()
    for name in sorted(set(error.get("properties", {})) - read):
        if name not in pai.ERROR_FIELDS_ALLOWED:
            found[("PaiError", name, "not-in-reference")] = "the core library never reads it"
    return reconcile(found, pai.ALLOWED, "alibabacloud-aiworkspace20210204")


# --- Data Platform: the server's source (hand-transcribed) ------------------------------------


def dataplatform_problems(spec: Spec) -> list[str]:
    found = compare(spec, dataplatform.SCHEMA_FACTS, dataplatform.PARAMETER_FACTS)
    size = spec["components"]["parameters"]["MaxResults"]
    bounds = {k: size["schema"][k] for k in ("minimum", "maximum") if k in size["schema"]}
    if bounds:
        found[("listModelRuns", "max_results", "bounds")] = f"server clamps, spec refuses {bounds}"
    if size.get("x-modelruns-clamp", {}).get("maximum") != dataplatform.PAGE_SIZE_CLAMP:
        found[("listModelRuns", "max_results", "clamp")] = "spec's clamp is not the server's"
    if size["schema"].get("default") != dataplatform.PAGE_SIZE_DEFAULT:
        found[("listModelRuns", "max_results", "default")] = "spec's default is not the server's"
    token = spec["components"]["parameters"]["PageToken"]["schema"]
    limits = {k: v for k, v in token.items() if k in ("pattern", "maxLength", "minLength")}
    if limits:
        found[("listModelRuns", "page_token", "bounds")] = f"server takes any token, spec {limits}"
    cancel = spec["paths"]["/model-runs/{runId}/cancel"]["post"]["responses"]
    if str(dataplatform.CANCEL_FINISHED_STATUS) not in cancel:
        found[("cancelModelRun", "finished", "status")] = "the server's 400 is not documented"
    return reconcile(found, dataplatform.ALLOWED, f"the server at {dataplatform.COMMIT[:12]}")


# --- NSML: only the documentation ------------------------------------------------------------

_CONSTRAINTS: tuple[str, ...] = ("required", "enum", "const", "pattern", "format", "minimum")
_CONSTRAINTS += ("maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength")
_CONSTRAINTS += ("minItems", "maxItems", "additionalProperties")


def nsml_problems(spec: Spec) -> list[str]:
    found: dict[tuple[str, str], str] = {}
    for name, schema in spec["components"]["schemas"].items():
        for key in _CONSTRAINTS:
            if key in schema:
                found[(name, key)] = str(schema[key])
        for field, prop in schema.get("properties", {}).items():
            for key in _CONSTRAINTS:
                if key in prop:
                    found[(f"{name}.{field}", key)] = str(prop[key])
    for item in spec["paths"].values():
        for operation in item.values():
            for param in operation.get("parameters", []) if isinstance(operation, dict) else []:
                where = f"{operation['operationId']}.{param['name']}"
                if param.get("required"):
                    found[(where, "required")] = "true"
                for key in _CONSTRAINTS:
                    if key in param.get("schema", {}):
                        found[(where, key)] = str(param["schema"][key])
    problems = [
        f"{where}: {key}={value} is stricter than the documentation ({nsml.SOURCE}) says"
        for (where, key), value in found.items()
        if (where, key) not in nsml.ALLOWED
    ]
    problems += [
        f"{w}: {k} is listed as allowed but no longer occurs"
        for (w, k) in nsml.ALLOWED
        if (w, k) not in found
    ]
    return problems


CHECKS: dict[str, tuple[str, Callable[[Spec], list[str]]]] = {
    "foundry": (foundry.SPEC, foundry_problems),
    "pai": (pai.SPEC, pai_problems),
    "dataplatform": (dataplatform.SPEC, dataplatform_problems),
    "nsml": (nsml.SPEC, nsml_problems),
}


@pytest.mark.parametrize("provider", sorted(CHECKS))
def test_spec_agrees_with_its_reference_but_for_the_listed_differences(provider: str) -> None:
    name, problems = CHECKS[provider]
    assert problems(load(name)) == []


def test_every_allowed_difference_says_why() -> None:
    for allowed in (foundry.ALLOWED, pai.ALLOWED, dataplatform.ALLOWED, nsml.ALLOWED):
        assert all(len(reason) > 20 for reason in allowed.values())


def _set(path: list[str], value: Any) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        node = spec
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _params(spec: Spec, path: str, method: str) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = spec["paths"][path][method]["parameters"]
    return parameters


def _move_verbose_to_header(spec: Spec) -> None:
    for param in _params(spec, "/api/v1/runs", "get"):
        if param["name"] == "Verbose":
            param["in"] = "header"


def _rename_error_parameter(spec: Spec) -> None:
    entry = spec["paths"]["/v2/models/modelStudios/{modelStudioRid}/runs"]["get"]
    entry["x-modelruns-errors"][0]["parameters"] = ["modelStudio"]


_SCHEMAS = ["components", "schemas"]
DRIFTS: list[tuple[str, str, Callable[[Spec], None]]] = [
    (
        "foundry",
        "buildStatus",
        _set([*_SCHEMAS, "ModelStudioRun", "properties", "buildStatus", "enum"], ["RUNNING"]),
    ),
    (
        "foundry",
        "buildRid",
        _set([*_SCHEMAS, "ModelStudioRun", "required"], ["runId"]),
    ),
    ("foundry", "ModelStudioNotFound.studioRid", _rename_error_parameter),
    (
        "pai",
        "RunId",
        _set([*_SCHEMAS, "Run", "required"], ["RunId"]),
    ),
    ("pai", "Verbose", _move_verbose_to_header),
    (
        "pai",
        "Code",
        _set([*_SCHEMAS, "PaiError", "required"], ["Code"]),
    ),
    (
        "dataplatform",
        "trigger_type",
        _set([*_SCHEMAS, "ModelRunTriggerType", "enum"], ["MANUAL", "SCHEDULED"]),
    ),
    (
        "dataplatform",
        "project_name",
        _set([*_SCHEMAS, "ModelRun", "required"], ["id", "status", "created_at", "project_name"]),
    ),
    (
        "dataplatform",
        "max_results",
        _set(["components", "parameters", "MaxResults", "schema", "maximum"], 1000),
    ),
    (
        "nsml",
        "createTime",
        _set([*_SCHEMAS, "NsmlRun", "properties", "createTime", "pattern"], "^\\d+$"),
    ),
]


@pytest.mark.parametrize(
    ("provider", "field", "mutate"), DRIFTS, ids=[f"{p}-{f}" for p, f, _ in DRIFTS]
)
def test_a_spec_that_drifts_from_its_reference_fails_the_comparison(
    provider: str, field: str, mutate: Callable[[Spec], None]
) -> None:
    name, problems = CHECKS[provider]
    drifted = copy.deepcopy(load(name))
    mutate(drifted)
    found = problems(drifted)
    assert found
    assert any(field in problem for problem in found), found
