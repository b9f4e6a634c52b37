"""Facts transcribed from the DuckDB Data Platform's public API documentation for Model Runs.

The reference page lists the operations, their parameters and status codes but shows no
JSON examples; the examples below are written by hand to match the documented fields,
enums and constraints (the ids are the ones the stub server seeds).
"""

from typing import Any

from tests.seed_facts.model import ExampleFact, OperationFact

SPEC: str = "dataplatform-models.yaml"
PACKAGE: str = "dataplatform_models_client"

RUN_ID: str = "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f"
STEP_ID: str = "7a1e5d3c-2b4f-4a6d-9c8e-1f0b3a5d7e9c"

_MODEL_RUN_FIELDS: list[str] = [
    "id",
    "status",
    "trigger_type",
    "triggered_by",
    "project_name",
    "model_names",
    "full_refresh",
    "compile_manifest",
    "compile_diagnostics",
    "started_at",
    "finished_at",
    "created_at",
    "error_message",
]

OPERATIONS: list[OperationFact] = [
    OperationFact(
        operation_id="listModelRuns",
        method="get",
        path="/model-runs",
        parameters={"max_results": "query", "page_token": "query", "status": "query"},
        statuses=[200, 400, 401, 429, 500],
        response_fields={200: ["data", "next_page_token"]},
    ),
    OperationFact(
        operation_id="triggerModelRun",
        method="post",
        path="/model-runs",
        parameters={},
        # 409 is not on the reference page; the service also returns it.
        statuses=[201, 400, 401, 403, 409, 429, 500],
        response_fields={201: _MODEL_RUN_FIELDS},
    ),
    OperationFact(
        operation_id="getModelRun",
        method="get",
        path="/model-runs/{runId}",
        parameters={"runId": "path"},
        statuses=[200, 400, 401, 403, 404, 429, 500],
        response_fields={200: _MODEL_RUN_FIELDS},
    ),
    OperationFact(
        operation_id="cancelModelRun",
        method="post",
        path="/model-runs/{runId}/cancel",
        parameters={"runId": "path"},
        # 404 and 409 are not on the reference page; the service also returns them.
        statuses=[200, 400, 401, 403, 404, 409, 429, 500],
        response_fields={200: _MODEL_RUN_FIELDS},
    ),
    OperationFact(
        operation_id="listModelRunSteps",
        method="get",
        path="/model-runs/{runId}/steps",
        parameters={"runId": "path"},
        statuses=[200, 400, 401, 403, 404, 429, 500],
        response_fields={200: ["data", "next_page_token"]},
    ),
    OperationFact(
        operation_id="listModelTestResults",
        method="get",
        path="/model-runs/{runId}/steps/{stepId}/test-results",
        parameters={"runId": "path", "stepId": "path"},
        statuses=[200, 400, 401, 403, 404, 429, 500],
        response_fields={200: ["data"]},
    ),
]

_MODEL_RUN: dict[str, Any] = {
    "id": RUN_ID,
    "status": "SUCCESS",
    "trigger_type": "MANUAL",
    "triggered_by": "admin",
    "project_name": "analytics",
    "model_names": ["stg_orders", "fct_orders"],
    "full_refresh": False,
    "compile_manifest": '{"models":["stg_orders","fct_orders"]}',
    "compile_diagnostics": {"warnings": [], "errors": []},
    "started_at": "2025-01-15T10:00:00Z",
    "finished_at": "2025-01-15T10:15:00Z",
    "created_at": "2025-01-15T10:00:00Z",
    "error_message": None,
}

_PENDING_RUN: dict[str, Any] = {
    "id": RUN_ID,
    "status": "PENDING",
    "trigger_type": "MANUAL",
    "triggered_by": "admin",
    "project_name": "analytics",
    "model_names": ["stg_orders", "fct_orders"],
    "full_refresh": False,
    "started_at": None,
    "finished_at": None,
    "created_at": "2025-01-15T10:00:00Z",
    "error_message": None,
}

_MODEL_RUN_STEP: dict[str, Any] = {
    "id": STEP_ID,
    "run_id": RUN_ID,
    "model_name": "stg_orders",
    "compiled_sql": "SELECT * FROM raw.orders WHERE status = 'active'",
    "compiled_hash": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "depends_on": ["raw_orders"],
    "vars_used": ["start_date"],
    "macros_used": ["safe_divide"],
    "status": "SUCCESS",
    "started_at": "2025-01-15T10:00:00Z",
    "finished_at": "2025-01-15T10:05:00Z",
    "created_at": "2025-01-15T10:00:00Z",
    "error_message": None,
    "rows_affected": 1500,
}

_MODEL_TEST_RESULT: dict[str, Any] = {
    "id": "5c9d2e7b-8a3f-4b1e-9d6c-0e4f7a2b8c5d",
    "run_step_id": STEP_ID,
    "test_id": "1b8e4f2a-6c3d-4e9f-a7b5-3d2c1e0f9a8b",
    "test_name": "not_null_order_id",
    "status": "PASS",
    "rows_returned": 0,
    "error_message": None,
    "created_at": "2025-01-15T10:05:01Z",
}

EXAMPLES: list[ExampleFact] = [
    ExampleFact(schema="ModelRun", example=_MODEL_RUN, from_documentation=False),
    ExampleFact(schema="ModelRun", example=_PENDING_RUN, from_documentation=False),
    ExampleFact(schema="ModelRunStep", example=_MODEL_RUN_STEP, from_documentation=False),
    ExampleFact(schema="ModelTestResult", example=_MODEL_TEST_RESULT, from_documentation=False),
    ExampleFact(
        schema="CompileDiagnostics",
        example={"warnings": ["unused column"], "errors": []},
        from_documentation=False,
    ),
    ExampleFact(
        schema="ListModelRunsResponse",
        example={"data": [_MODEL_RUN], "next_page_token": "eyJpZCI6MTB9"},
        from_documentation=False,
    ),
    ExampleFact(
        schema="ListModelRunStepsResponse",
        example={"data": [_MODEL_RUN_STEP]},
        from_documentation=False,
    ),
    ExampleFact(
        schema="ListModelTestResultsResponse",
        example={"data": [_MODEL_TEST_RESULT]},
        from_documentation=False,
    ),
    ExampleFact(
        schema="TriggerModelRunRequest",
        example={
            "project_name": "analytics",
            "model_names": ["stg_orders", "fct_orders"],
            "target_catalog": "memory",
            "target_schema": "main",
            "full_refresh": False,
        },
    ),
    ExampleFact(
        schema="DataPlatformError",
        example={"code": 404, "message": "model run not found"},
        from_documentation=False,
    ),
]

# Item-level fields the documentation lists for each object.
SCHEMA_FIELDS: dict[str, list[str]] = {
    "ModelRun": _MODEL_RUN_FIELDS,
    "ModelRunStep": [
        "id",
        "run_id",
        "model_name",
        "compiled_sql",
        "compiled_hash",
        "depends_on",
        "vars_used",
        "macros_used",
        "status",
        "started_at",
        "finished_at",
        "created_at",
        "error_message",
        "rows_affected",
    ],
    "ModelTestResult": [
        "id",
        "run_step_id",
        "test_id",
        "test_name",
        "status",
        "rows_returned",
        "error_message",
        "created_at",
    ],
    "CompileDiagnostics": ["warnings", "errors"],
    "TriggerModelRunRequest": [
        "project_name",
        "model_names",
        "target_catalog",
        "target_schema",
        "full_refresh",
    ],
    "DataPlatformError": ["code", "message"],
}

# Enum values the documentation lists.
ENUMS: dict[str, list[str]] = {
    "listModelRuns.status": ["PENDING", "RUNNING", "SUCCESS", "FAILED", "CANCELLED"],
    "ModelRun.status": ["PENDING", "RUNNING", "SUCCESS", "FAILED", "CANCELLED"],
    "ModelRun.trigger_type": ["MANUAL", "SCHEDULED"],
    "ModelRunStep.status": ["PENDING", "RUNNING", "SUCCESS", "FAILED", "SKIPPED", "CANCELLED"],
    "ModelTestResult.status": ["PASS", "FAIL", "ERROR"],
}
