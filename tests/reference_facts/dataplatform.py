"""Facts transcribed by hand from the Data Platform server's own source.

Source: the public repository Yacobolo/ducklake-dataplatform at commit
3978cd664ef5c05df4a853ba60966528e3766c57. Only facts are taken (names, types, enums, which
fields the handlers always set, statuses), each with the file and lines it comes from; none
of its code is copied. "Always sent" fields are the ones the handlers' mappers set
unconditionally: those are the most a spec may require.
"""

from __future__ import annotations

import base64

from tests.reference_facts.model import ParameterFact, SchemaFact

SPEC = "dataplatform-models.yaml"
COMMIT = "3978cd664ef5c05df4a853ba60966528e3766c57"

_RUN_STATUSES = frozenset({"PENDING", "RUNNING", "SUCCESS", "FAILED", "CANCELLED"})

SCHEMA_FACTS: list[SchemaFact] = [
    SchemaFact(
        schema="ModelRun",
        source=(
            "internal/api/schemas/models.yaml:256-321 (fields, types); "
            "internal/api/handler_models.go:393-435 (modelRunToAPI: always sets id, status, "
            "trigger_type, triggered_by, created_at, full_refresh); "
            "internal/domain/model.go:31-33 and internal/db/migrations/034_create_models.sql:25 "
            "(trigger types MANUAL, SCHEDULED, PIPELINE)"
        ),
        properties={
            "id": "string",
            "status": "string",
            "trigger_type": "string",
            "triggered_by": "string",
            "model_names": "array",
            "project_name": "string",
            "full_refresh": "boolean",
            "compile_manifest": "string",
            "compile_diagnostics": "object",
            "started_at": "string",
            "finished_at": "string",
            "error_message": "string",
            "created_at": "string",
        },
        required=frozenset(
            {"id", "status", "trigger_type", "triggered_by", "created_at", "full_refresh"}
        ),
        enums={
            "status": _RUN_STATUSES,
            "trigger_type": frozenset({"MANUAL", "SCHEDULED", "PIPELINE"}),
        },
    ),
    SchemaFact(
        schema="ModelRunStep",
        source=(
            "internal/api/schemas/models.yaml:323-405; internal/api/handler_models.go:480-518 "
            "(modelRunStepToAPI: always sets id, run_id, model_name, status, created_at)"
        ),
        properties={
            "id": "string",
            "run_id": "string",
            "model_name": "string",
            "compiled_sql": "string",
            "compiled_hash": "string",
            "depends_on": "array",
            "vars_used": "array",
            "macros_used": "array",
            "status": "string",
            "started_at": "string",
            "finished_at": "string",
            "error_message": "string",
            "rows_affected": "integer",
            "created_at": "string",
        },
        required=frozenset({"id", "run_id", "model_name", "status", "created_at"}),
        enums={
            "status": frozenset({"PENDING", "RUNNING", "SUCCESS", "FAILED", "SKIPPED", "CANCELLED"})
        },
    ),
    SchemaFact(
        schema="ModelTestResult",
        source=(
            "internal/api/schemas/models.yaml:668-711; internal/api/handler_models.go:697-715 "
            "(modelTestResultToAPI: always sets id, run_step_id, test_id, test_name, status, "
            "created_at)"
        ),
        properties={
            "id": "string",
            "run_step_id": "string",
            "test_id": "string",
            "test_name": "string",
            "status": "string",
            "rows_returned": "integer",
            "error_message": "string",
            "created_at": "string",
        },
        required=frozenset({"id", "run_step_id", "test_id", "test_name", "status", "created_at"}),
        enums={"status": frozenset({"PASS", "FAIL", "ERROR"})},
    ),
    SchemaFact(
        schema="CompileDiagnostics",
        source=(
            "internal/api/schemas/models.yaml:407-426 (ModelRunCompileDiagnostics); "
            "internal/api/handler_models.go:410-421 (both lists always set)"
        ),
        properties={"warnings": "array", "errors": "array"},
        required=frozenset({"warnings", "errors"}),
    ),
    SchemaFact(
        schema="TriggerModelRunRequest",
        source=(
            "internal/api/schemas/models.yaml:428-461 (fields); "
            "internal/api/handler_models.go:215-232 and internal/domain/model.go:224-232 "
            "(nothing required: target_schema defaults to project_name, only both missing "
            "is refused)"
        ),
        properties={
            "project_name": "string",
            "model_names": "array",
            "target_catalog": "string",
            "target_schema": "string",
            "full_refresh": "boolean",
        },
    ),
    SchemaFact(
        schema="ListModelRunsResponse",
        source=(
            "internal/api/schemas/models.yaml:463-486 (PaginatedModelRuns); "
            "internal/api/handler_models.go:274-282 (data always set)"
        ),
        properties={"data": "array", "next_page_token": "string"},
        required=frozenset({"data"}),
    ),
    SchemaFact(
        schema="ListModelRunStepsResponse",
        source=(
            "internal/api/schemas/models.yaml:488-500 (ModelRunStepList, declares the token); "
            "internal/api/handler_models.go:314-321 (data always set, the token never)"
        ),
        properties={"data": "array", "next_page_token": "string"},
        required=frozenset({"data"}),
    ),
    SchemaFact(
        schema="ListModelTestResultsResponse",
        source=(
            "internal/api/schemas/models.yaml:713-721 (ModelTestResultList); "
            "internal/api/handler_models.go:664-672 (data always set)"
        ),
        properties={"data": "array"},
        required=frozenset({"data"}),
    ),
    SchemaFact(
        schema="DataPlatformError",
        source=(
            "internal/api/schemas/common.yaml:23-38 (Error, required code and message); "
            "internal/middleware/auth.go:225-232, internal/middleware/ratelimit.go:101-110 "
            "and cmd/server/main.go:216-225 write the same two fields"
        ),
        properties={"code": "integer", "message": "string"},
        required=frozenset({"code", "message"}),
    ),
]

_RUN_ID = ("path", "string")
_PAGING = {"max_results": ("query", "integer"), "page_token": ("query", "string")}

PARAMETER_FACTS: list[ParameterFact] = [
    ParameterFact(
        "listModelRuns",
        "internal/api/paths/models.yaml:462-476; internal/api/schemas/common.yaml:2-21",
        {"status": ("query", "string"), **_PAGING},
    ),
    ParameterFact("triggerModelRun", "internal/api/paths/models.yaml:397-412 (body only)", {}),
    ParameterFact("getModelRun", "internal/api/paths/models.yaml:527-538", {"runId": _RUN_ID}),
    ParameterFact("cancelModelRun", "internal/api/paths/models.yaml:1149-1160", {"runId": _RUN_ID}),
    ParameterFact(
        "listModelRunSteps",
        "internal/api/paths/models.yaml:591-602",
        {"runId": _RUN_ID},
    ),
    ParameterFact(
        "listModelTestResults",
        "internal/api/paths/models.yaml:855-874",
        {"runId": _RUN_ID, "stepId": ("path", "string")},
    ),
]

#: How the server treats what the documentation would refuse (internal/domain/pagination.go).
PAGE_SIZE_DEFAULT = 100  # pagination.go:10 and 40-41: below 1 gets the default
PAGE_SIZE_CLAMP = 1000  # pagination.go:13 and 43-44: above it gets this maximum
#: Cancelling a finished run: a validation error (service.go:429-431) -> 400 (handler:332-333).
CANCEL_FINISHED_STATUS = 400

#: Text the server passes through whole: (schema, field) -> where it is stored and copied.
#: The documentation caps each at 4096 characters; nothing in the server truncates them.
UNBOUNDED_TEXT: dict[tuple[str, str], str] = {
    ("ModelRun", "error_message"): (
        "internal/db/repository/model_run.go:102-105 (stored as given); "
        "internal/db/migrations/034_create_models.sql:33 (TEXT); "
        "internal/api/handler_models.go:431-432 (copied untruncated)"
    ),
    ("ModelRunStep", "error_message"): (
        "internal/db/repository/model_run.go:164-175 (stored as given); "
        "internal/db/migrations/034_create_models.sql:49 (TEXT); "
        "internal/api/handler_models.go:514-515 (copied untruncated)"
    ),
    ("ModelTestResult", "error_message"): (
        "internal/db/repository/model_test_repo.go:121-128 (stored as given); "
        "internal/db/migrations/035_model_tests.sql:22 (TEXT); "
        "internal/api/handler_models.go:711-712 (copied untruncated)"
    ),
}

#: Lists the server answers whole (no LIMIT in the query): (schema, field) -> source.
UNBOUNDED_LISTS: dict[tuple[str, str], str] = {
    ("ListModelRunStepsResponse", "data"): (
        "internal/db/queries/models.sql:73-74; internal/api/handler_models.go:314-320"
    ),
    ("ListModelTestResultsResponse", "data"): (
        "internal/db/queries/model_tests.sql:20-21; internal/api/handler_models.go:665-672"
    ),
}

#: How each list operation pages: the style its answers imply.
#: listModelRuns: offset tokens (handler_models.go:256-283, pagination.go:58-66);
#: listModelRunSteps: every step in one answer, no token (handler_models.go:302-321);
#: listModelTestResults: every result in one answer (handler_models.go:653-673).
PAGINATION_STYLES = {
    "listModelRuns": "token",
    "listModelRunSteps": "single-page",
    "listModelTestResults": "single-page",
}

#: The server's page token: base64 (standard alphabet, padded) of the decimal offset
#: (internal/domain/pagination.go:49-56 encodes it, 21-36 decodes it, 0 when it cannot).
PAGE_TOKEN_ENCODING = "base64-decimal-offset"


def server_page_token(offset: int) -> str:
    """The token the server sends for an offset (pagination.go:49-56), for checking examples."""
    return base64.standard_b64encode(str(offset).encode()).decode() if offset > 0 else ""


_NULL_OR_ABSENT = (
    "the documentation's examples show null before the run (step) starts, finishes or "
    "fails; the server omits the field instead (the mapper sets it only when non-nil): a "
    "spec that accepts both is not stricter"
)
_LOOSER = (
    "the server always sends it, but the documentation does not promise it; requiring less "
    "than the server sends is never stricter"
)

#: Differences between the spec and the server's source that are allowed, and why.
ALLOWED: dict[tuple[str, str, str], str] = {
    **{("ModelRun", f, "nullable"): _NULL_OR_ABSENT for f in ("error_message", "finished_at")},
    ("ModelRun", "started_at", "nullable"): _NULL_OR_ABSENT,
    **{("ModelRunStep", f, "nullable"): _NULL_OR_ABSENT for f in ("error_message", "finished_at")},
    ("ModelRunStep", "started_at", "nullable"): _NULL_OR_ABSENT,
    ("ModelTestResult", "error_message", "nullable"): _NULL_OR_ABSENT,
    **{
        ("ModelRun", f, "required-looser"): _LOOSER
        for f in ("full_refresh", "trigger_type", "triggered_by")
    },
    **{("CompileDiagnostics", f, "required-looser"): _LOOSER for f in ("errors", "warnings")},
}
