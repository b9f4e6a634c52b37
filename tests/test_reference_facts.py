"""Each spec against its provider's own software (`tests/reference_facts/`).

Every difference between a spec and its reference must be listed as allowed, with a reason;
an allowed difference that no longer occurs must be removed from the list. The drift tests
mutate a copy of each spec and show that the comparison then fails.
"""

from __future__ import annotations

import base64
import copy
import re
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
    pointer,
    schema_differences,
    shape,
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


def foundry_operation_differences(spec: Spec) -> dict[Difference, str]:
    """Each endpoint as the SDK sends it vs. the spec: place, body, answer and paging."""
    found: dict[Difference, str] = {}
    declared = {
        op.get("operationId"): (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
    }
    for fact in foundry.operation_facts():
        op_id = fact.operation_id
        if op_id not in declared:
            found[(op_id, "operation", "missing-in-spec")] = f"SDK sends {fact.method} {fact.path}"
            continue
        path, method, op = declared[op_id]
        if (method.upper(), path) != (fact.method, fact.path):
            found[(op_id, "operation", "request")] = f"SDK {fact.method} {fact.path}"
        body = _ref(_json_body(_follow(spec, op.get("requestBody", {}))))
        if body != fact.body:
            found[(op_id, "body", "model")] = f"SDK sends {fact.body}, spec {body}"
        statuses = sorted(code for code in op["responses"] if str(code).startswith("2"))
        first = _follow(spec, op["responses"][statuses[0]])
        content = first.get("content") or {}
        binary = any(
            (entry.get("schema") or {}).get("format") == "binary" for entry in content.values()
        )
        answer = "bytes" if binary else _ref(_json_body(first))
        if answer != fact.answer:
            found[(op_id, "answer", "model")] = f"SDK reads {fact.answer}, spec {answer}"
        empty = any(not _follow(spec, op["responses"][code]).get("content") for code in statuses)
        if empty != fact.optional:
            found[(op_id, "answer", "optional")] = f"SDK reads an empty body: {fact.optional}"
        paging = op.get("x-modelruns-pagination") or []
        style = (paging[0]["style"], paging[0].get("in", "query")) if paging else None
        if style != fact.paging:
            found[(op_id, "pagination", "style")] = f"SDK pages {fact.paging}, spec {style}"
    return found


def foundry_problems(spec: Spec) -> list[str]:
    found = compare(spec, foundry.schema_facts(), foundry.parameter_facts())
    found |= foundry_error_differences(spec)
    found |= foundry_operation_differences(spec)
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
    found |= pai_operation_differences(spec)
    return reconcile(found, pai.ALLOWED, "alibabacloud-aiworkspace20210204")


def _ref(schema: Any) -> str | None:
    return str(schema["$ref"]).rsplit("/", 1)[-1] if "$ref" in (schema or {}) else None


def pai_operation_differences(spec: Spec) -> dict[tuple[str, str, str], str]:
    """Each run operation as the SDK sends it vs. the spec: place, parameters, body, answer."""
    models = {class_name: schema for schema, class_name in pai.MODELS.items()}
    found: dict[tuple[str, str, str], str] = {}
    for fact in pai.operation_facts():
        op_id = fact.operation_id
        where = [
            (path, method, op)
            for path, item in spec["paths"].items()
            for method, op in item.items()
            if isinstance(op, dict) and op.get("operationId") == op_id
        ]
        if not where:
            found[(op_id, "operation", "missing-in-spec")] = f"SDK sends {fact.path}"
            continue
        path, method, op = where[0]
        named = re.sub(r"{(\w+)}", lambda m: "{" + _snake(m.group(1)) + "}", path)
        sent = (fact.action, fact.version, fact.method, fact.path)
        declared = (op.get("x-acs-action"), spec.get("x-acs-version"), method.upper(), named)
        if sent != declared:
            found[(op_id, "operation", "request")] = f"SDK {sent}, spec {declared}"
        params = [
            pointer(spec, raw["$ref"]) if "$ref" in raw else raw
            for raw in [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
        ]
        path_names = tuple(_snake(p["name"]) for p in params if p["in"] == "path")
        if sorted(path_names) != sorted(fact.path_arguments):
            found[(op_id, "path", "parameters")] = f"SDK {fact.path_arguments}, spec {path_names}"
        query = {p["name"]: p for p in params if p["in"] == "query"}
        sdk_query = {k: v for k, v in fact.fields.items() if v[0] == "query"}
        for name in sorted(sdk_query.keys() ^ query.keys()):
            found[(op_id, name, "query")] = "SDK" if name in sdk_query else "spec only"
        for name in sorted(sdk_query.keys() & query.keys()):
            kind = shape(spec, query[name]["schema"])[0]
            if kind != sdk_query[name][1]:
                found[(op_id, name, "type")] = f"spec {kind}, SDK {sdk_query[name][1]}"
            if bool(query[name].get("required")) != (name in fact.documented_required):
                found[(op_id, name, "required")] = f"spec {query[name].get('required')}"
        for name, (location, _) in fact.fields.items():
            if location not in ("query", "body"):
                found[(op_id, name, "not-sent")] = "the SDK sends the field nowhere"
        body = _ref(_json_body(_follow(spec, op.get("requestBody", {}))))
        sdk_body = {k for k, v in fact.fields.items() if v[0] == "body"}
        if sdk_body and models.get(fact.request_model) != body:
            found[(op_id, "body", "model")] = f"SDK sends {fact.request_model}, spec {body}"
        if not sdk_body and body is not None:
            found[(op_id, "body", "model")] = f"the SDK sends no body, spec {body}"
        if sdk_body != set(fact.body):
            found[(op_id, "body", "keys")] = f"{sorted(sdk_body)} vs {sorted(fact.body)}"
        statuses = sorted(code for code in op["responses"] if str(code).startswith("2"))
        answer = _ref(_json_body(_follow(spec, op["responses"][statuses[0]])))
        if models.get(fact.response_model) != answer:
            found[(op_id, "answer", "model")] = f"SDK reads {fact.response_model}, spec {answer}"
    return found


def _follow(spec: Spec, node: Any) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        node = pointer(spec, node["$ref"])
    return node


def _json_body(holder: Any) -> Any:
    return (holder.get("content") or {}).get("application/json", {}).get("schema")


def _snake(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


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
    found |= dataplatform_bound_differences(spec)
    found |= dataplatform_paging_differences(spec)
    return reconcile(found, dataplatform.ALLOWED, f"the server at {dataplatform.COMMIT[:12]}")


def dataplatform_bound_differences(spec: Spec) -> dict[Difference, str]:
    """Bounds the spec puts on text and lists the server passes through whole."""
    schemas = spec["components"]["schemas"]
    found: dict[Difference, str] = {}
    for (schema, field), source in dataplatform.UNBOUNDED_TEXT.items():
        if "maxLength" in schemas[schema]["properties"][field]:
            found[(schema, field, "bound")] = f"spec caps it, the server does not ({source})"
    for (schema, field), source in dataplatform.UNBOUNDED_LISTS.items():
        if "maxItems" in schemas[schema]["properties"][field]:
            found[(schema, field, "bound")] = f"spec caps it, the server does not ({source})"
    return found


def _operations(spec: Spec) -> dict[str, dict[str, Any]]:
    return {
        op["operationId"]: op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _token_examples(spec: Spec) -> list[tuple[str, Any]]:
    """Every example page token in the spec: the parameter's and the answers' tokens."""
    tokens = [("page_token", spec["components"]["parameters"]["PageToken"].get("example"))]
    for operation_id, op in _operations(spec).items():
        for paging in op.get("x-modelruns-pagination", []):
            if paging["style"] != "token":
                continue
            for status, response in op["responses"].items():
                body = _json_example(_follow(spec, response))
                if isinstance(body, dict) and paging["response_token"] in body:
                    tokens.append((f"{operation_id}.{status}", body[paging["response_token"]]))
    return tokens


def _json_example(response: Any) -> Any:
    return (response.get("content") or {}).get("application/json", {}).get("example")


def _is_server_token(token: Any) -> bool:
    """Whether the server could have sent this token (pagination.go:49-56)."""
    if not isinstance(token, str):
        return False
    try:
        text = base64.standard_b64decode(token.encode()).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return False
    return text.isdigit() and dataplatform.server_page_token(int(text)) == token


def dataplatform_paging_differences(spec: Spec) -> dict[Difference, str]:
    """Each list operation's paging style, and its token encoding, against the server's."""
    operations = _operations(spec)
    found: dict[Difference, str] = {}
    for operation_id, style in dataplatform.PAGINATION_STYLES.items():
        entries = operations[operation_id].get("x-modelruns-pagination", [])
        styles = [entry["style"] for entry in entries]
        if styles != [style]:
            found[(operation_id, "pagination", "style")] = f"spec {styles}, server {style}"
        for entry in entries:
            encoding = entry.get("token_encoding")
            if entry["style"] == "token" and encoding != dataplatform.PAGE_TOKEN_ENCODING:
                found[(operation_id, "token_encoding", "format")] = f"spec {encoding!r}"
    for where, token in _token_examples(spec):
        if not _is_server_token(token):
            found[(where, "example token", "format")] = f"{token!r} is not the server's format"
    return found


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


def _move_log_metrics_path(spec: Spec) -> None:
    spec["paths"]["/api/v1/runs/{RunId}/metrics/log"] = spec["paths"].pop(
        "/api/v1/runs/{RunId}/metrics/action/log"
    )


def _key_of_metrics_not_required(spec: Spec) -> None:
    for param in _params(spec, "/api/v1/runs/{RunId}/metrics", "get"):
        if param["name"] == "Key":
            param["required"] = False


def _drop_metrics_page_size(spec: Spec) -> None:
    operation = spec["paths"]["/api/v1/runs/{RunId}/metrics"]["get"]
    operation["parameters"] = [p for p in operation["parameters"] if p["name"] != "MaxResults"]


def _drop_create_source_type(spec: Spec) -> None:
    del spec["components"]["schemas"]["CreateRunRequest"]["properties"]["SourceType"]


def _get_run_answers_a_label(spec: Spec) -> None:
    answer = spec["paths"]["/api/v1/runs/{RunId}"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/RunLabel"}


def _steps_operation(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/model-runs/{runId}/steps"]["get"]
    return operation


def _steps_paged_by_token(spec: Spec) -> None:
    _steps_operation(spec)["x-modelruns-pagination"] = [
        {
            "style": "token",
            "items": "data",
            "request_token": "page_token",
            "response_token": "next_page_token",
            "page_size": "max_results",
        }
    ]


def _steps_take_a_page_size(spec: Spec) -> None:
    _steps_operation(spec)["parameters"] = [{"$ref": "#/components/parameters/MaxResults"}]


def _runs_token_encoding_dropped(spec: Spec) -> None:
    del spec["paths"]["/model-runs"]["get"]["x-modelruns-pagination"][0]["token_encoding"]


_STUDIO = "/v2/models/modelStudios/{modelStudioRid}"
_SERIES = "/v2/models/{modelRid}/experiments/{experimentRid}/series/{experimentSeriesName}"


def _search_pages_in_query(spec: Spec) -> None:
    del spec["paths"]["/v2/models/{modelRid}/experiments/search"]["post"]["x-modelruns-pagination"][
        0
    ]["in"]


def _latest_never_empty(spec: Spec) -> None:
    del spec["paths"][f"{_STUDIO}/configVersions/latest"]["get"]["responses"]["204"]


def _parquet_as_json(spec: Spec) -> None:
    answer = spec["paths"][f"{_SERIES}/parquet"]["get"]["responses"]["200"]
    answer["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/DoubleSeriesV1"}}
    }


def _config_version_forgets_trainer_not_found(spec: Spec) -> None:
    operation = spec["paths"][f"{_STUDIO}/configVersions"]["post"]
    operation["x-modelruns-errors"] = [
        e for e in operation["x-modelruns-errors"] if e["name"] != "TrainerNotFound"
    ]


def _trainer_moves(spec: Spec) -> None:
    paths = spec["paths"]
    paths["/v2/models/trainers/{modelStudioTrainerTrainerId}"] = paths.pop(
        "/v2/models/modelStudioTrainers/{modelStudioTrainerTrainerId}"
    )


def _series_without_offset(spec: Spec) -> None:
    operation = spec["paths"][f"{_SERIES}/json"]["get"]
    operation["parameters"] = [p for p in operation["parameters"] if p.get("name") != "offset"]


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
    # The endpoints beyond list and launch: paging place, empty answers, binary, errors, paths.
    ("foundry", "searchExperiments", _search_pages_in_query),
    ("foundry", "getLatestModelStudioConfigVersion", _latest_never_empty),
    ("foundry", "getExperimentSeriesParquet", _parquet_as_json),
    ("foundry", "TrainerNotFound", _config_version_forgets_trainer_not_found),
    ("foundry", "getModelStudioTrainer", _trainer_moves),
    ("foundry", "offset", _series_without_offset),
    (
        "foundry",
        "timestamp",
        _set([*_SCHEMAS, "DoubleSeriesValueV1", "properties", "timestamp", "type"], "string"),
    ),
    (
        "foundry",
        "parentFolderRid",
        _set([*_SCHEMAS, "CreateModelStudioRequest", "required"], ["name"]),
    ),
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
    # The run operations beyond ListRuns: place, parameters, body fields, required, answer.
    ("pai", "UpdateRun", _set(["paths", "/api/v1/runs/{RunId}", "put", "x-acs-action"], "Put")),
    ("pai", "LogRunMetrics", _move_log_metrics_path),
    ("pai", "Key", _key_of_metrics_not_required),
    ("pai", "MaxResults", _drop_metrics_page_size),
    ("pai", "ExperimentId", _set([*_SCHEMAS, "CreateRunRequest", "required"], [])),
    ("pai", "SourceType", _drop_create_source_type),
    ("pai", "Step", _set([*_SCHEMAS, "RunMetric", "properties", "Step", "type"], "string")),
    ("pai", "Value", _set([*_SCHEMAS, "RunParam", "required"], ["Key"])),
    ("pai", "GetRun", _get_run_answers_a_label),
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
        "dataplatform",
        "ModelRun.error_message",
        _set([*_SCHEMAS, "ModelRun", "properties", "error_message", "maxLength"], 4096),
    ),
    (
        "dataplatform",
        "ModelRunStep.error_message",
        _set([*_SCHEMAS, "ModelRunStep", "properties", "error_message", "maxLength"], 4096),
    ),
    (
        "dataplatform",
        "ModelTestResult.error_message",
        _set([*_SCHEMAS, "ModelTestResult", "properties", "error_message", "maxLength"], 4096),
    ),
    (
        "dataplatform",
        "ListModelRunStepsResponse",
        _set([*_SCHEMAS, "ListModelRunStepsResponse", "properties", "data", "maxItems"], 1000),
    ),
    ("dataplatform", "listModelRunSteps", _steps_paged_by_token),
    ("dataplatform", "listModelRunSteps.max_results", _steps_take_a_page_size),
    ("dataplatform", "token_encoding", _runs_token_encoding_dropped),
    (
        "dataplatform",
        "example token",
        _set(["components", "parameters", "PageToken", "example"], "eyJpZCI6MTB9"),
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
