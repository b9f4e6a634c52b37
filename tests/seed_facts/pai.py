"""Facts transcribed from Alibaba Cloud PAI's public API documentation for ListRuns."""

from typing import Any

from tests.seed_facts.model import ExampleFact, OperationFact

SPEC: str = "pai-aiworkspace.yaml"
PACKAGE: str = "pai_aiworkspace_client"

OPERATIONS: list[OperationFact] = [
    OperationFact(
        operation_id="ListRuns",
        method="get",
        path="/api/v1/runs",
        parameters={
            "Name": "query",
            "WorkspaceId": "query",
            "ExperimentId": "query",
            "SourceType": "query",
            "SourceId": "query",
            "Labels": "query",
            "Verbose": "query",
            "GmtCreateTime": "query",
            "OrderBy": "query",
            "PageToken": "query",
            "MaxResults": "query",
            "PageNumber": "query",
            "PageSize": "query",
            "SortBy": "query",
            "Order": "query",
        },
        statuses=[200, 400, 401, 403, 404, 429, 500, 503],
        response_fields={200: ["requestId", "Runs", "TotalCount", "NextPageToken"]},
    ),
]

# The run object of the documentation's success example.
_RUN: dict[str, Any] = {
    "Accessibility": "PRIVATE",
    "SourceId": "train9s0afvjkf",
    "SourceType": "TrainingService",
    "WorkspaceId": "145883",
    "Params": [
        {
            "Value": "",
            "Key": "",
        }
    ],
    "Labels": [
        {
            "Value": "",
            "RunId": "",
            "GmtCreateTime": "",
            "GmtModifiedTime": "",
            "Key": "",
        }
    ],
    "GmtModifiedTime": "2021-01-30T12:51:33.028Z",
    "Name": "testrun",
    "Metrics": [
        {
            "Value": 0,
            "Step": 0,
            "Timestamp": 0,
            "Key": "",
        }
    ],
    "OwnerId": "1631044****3440",
    "ExperimentId": "exp-1zpfthdx******",
    "UserId": "",
    "RunId": "run-1qJhzJ2YXgX****",
    "GmtCreateTime": "2021-01-30T12:51:33.028Z",
    "RequestId": "5A14FA81-DD4E-******-6343FE44B941",
}

EXAMPLES: list[ExampleFact] = [
    ExampleFact(
        schema="ListRunsResponse",
        example={
            "requestId": "ADF6D849-*****-7E7030F0CE53",
            "Runs": [_RUN],
            "TotalCount": 1,
            "NextPageToken": 0,
        },
    ),
    ExampleFact(schema="Run", example=_RUN),
]

# Item-level fields the documentation lists for the run object and its nested objects.
SCHEMA_FIELDS: dict[str, list[str]] = {
    "Run": [
        "RunId",
        "Name",
        "OwnerId",
        "UserId",
        "WorkspaceId",
        "ExperimentId",
        "SourceType",
        "SourceId",
        "Accessibility",
        "GmtCreateTime",
        "GmtModifiedTime",
        "RequestId",
        "Params",
        "Metrics",
        "Labels",
    ],
    "RunParam": ["Key", "Value"],
    "RunMetric": ["Key", "Value", "Step", "Timestamp"],
    "RunLabel": ["Key", "Value", "RunId", "GmtCreateTime", "GmtModifiedTime"],
    "PaiError": ["RequestId", "HostId", "Code", "Message", "Recommend"],
}

# Enum values the documentation lists. Run.Accessibility (PRIVATE, PUBLIC) is named in its
# description but is not a closed enum, so it is not listed here.
ENUMS: dict[str, list[str]] = {
    "ListRuns.SortBy": ["GmtCreateTime", "Name"],
    "ListRuns.Order": ["ASC", "DESC"],
}
