"""Facts transcribed from Palantir Foundry's public API documentation for the Model Studio
run endpoints: List Model Studio Runs and Launch Model Studio."""

from typing import Any

from tests.seed_facts.model import ExampleFact, OperationFact

SPEC = "foundry-model-studio.yaml"
PACKAGE = "foundry_models_client"

OPERATIONS: list[OperationFact] = [
    OperationFact(
        operation_id="listModelStudioRuns",
        method="get",
        path="/v2/models/modelStudios/{modelStudioRid}/runs",
        parameters={
            "modelStudioRid": "path",
            "configVersion": "query",
            "pageSize": "query",
            "pageToken": "query",
            "preview": "query",
        },
        statuses=[200, 400, 401, 404, 429, 503],
        response_fields={200: ["data", "nextPageToken"]},
    ),
    OperationFact(
        operation_id="launchModelStudio",
        method="post",
        path="/v2/models/modelStudios/{modelStudioRid}/launch",
        parameters={"modelStudioRid": "path", "preview": "query"},
        statuses=[200, 400, 401, 403, 404, 429, 503],
        response_fields={
            200: [
                "runId",
                "buildRid",
                "jobRid",
                "configVersion",
                "startedBy",
                "startedTime",
                "buildStatus",
                "resolvedOutputs",
            ]
        },
    ),
]

_MODEL_OUTPUT: dict[str, Any] = {
    "type": "model",
    "modelRid": "ri.models.main.model.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "modelVersionRid": "ri.models.main.model-version.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
}

_RUN: dict[str, Any] = {
    "startedTime": "2003-05-06T12:34:56.789Z",
    "configVersion": 1,
    "startedBy": "f05f8da4-b84c-4fca-9c77-8af0b13d11de",
    "buildRid": "ri.foundry-build.main.build.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "resolvedOutputs": {
        "model": {
            "type": "model",
            "modelRid": "ri.models.main.model.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
            "modelVersionRid": (
                "ri.models.main.model-version.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
            ),
        }
    },
    "runId": "a1b2c3d4e5f6",
    "jobRid": "ri.foundry-build.main.job.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "buildStatus": "RUNNING",
}

# The run inside the list response example (transcribed separately from the launch example).
_LISTED_RUN: dict[str, Any] = {
    "startedTime": "2003-05-06T12:34:56.789Z",
    "configVersion": 1,
    "startedBy": "f05f8da4-b84c-4fca-9c77-8af0b13d11de",
    "buildRid": "ri.foundry-build.main.build.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "resolvedOutputs": {
        "model": {
            "type": "model",
            "modelRid": "ri.models.main.model.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
            "modelVersionRid": (
                "ri.models.main.model-version.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
            ),
        }
    },
    "runId": "a1b2c3d4e5f6",
    "jobRid": "ri.foundry-build.main.job.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "buildStatus": "RUNNING",
}

EXAMPLES: list[ExampleFact] = [
    ExampleFact(
        schema="ListModelStudioRunsResponse",
        example={
            "data": [_LISTED_RUN],
            "nextPageToken": (
                "v1.QnVpbGQgdGhlIEZ1dHVyZTogaHR0cHM6Ly93d3cucGFsYW50aXIuY29tL2NhcmVlcnMv"
                "P2xldmVyLXNvdXJjZSU1YiU1ZD1BUElEb2NzI29wZW4tcG9zaXRpb25z"
            ),
        },
    ),
    ExampleFact(schema="ModelStudioRun", example=_RUN),
    ExampleFact(schema="ModelStudioRunModelOutput", example=_MODEL_OUTPUT),
]

SCHEMA_FIELDS: dict[str, list[str]] = {
    "ListModelStudioRunsResponse": ["data", "nextPageToken"],
    "ModelStudioRun": [
        "runId",
        "buildRid",
        "jobRid",
        "configVersion",
        "startedBy",
        "startedTime",
        "buildStatus",
        "resolvedOutputs",
    ],
    "ModelStudioRunModelOutput": ["type", "modelRid", "modelVersionRid", "experimentRid"],
}

ENUMS: dict[str, list[str]] = {
    "ModelStudioRun.buildStatus": ["RUNNING", "SUCCEEDED", "FAILED", "CANCELED"],
}
