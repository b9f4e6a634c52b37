"""Facts transcribed from NAVER Cloud's public CLOVA NSML API documentation for Get run list."""

from tests.seed_facts.model import ExampleFact, OperationFact

SPEC = "clova-nsml.yaml"
PACKAGE = "clova_nsml_client"

OPERATIONS: list[OperationFact] = [
    OperationFact(
        operation_id="getRunList",
        method="get",
        path="/projects/runs",
        parameters={"page": "query", "pageSize": "query"},
        statuses=[200, 400, 401, 403, 404, 406, 429, 500],
        response_fields={200: ["runList", "totalCount"]},
    ),
]

EXAMPLES: list[ExampleFact] = [
    ExampleFact(
        schema="RunListResponse",
        example={
            "runList": [
                {
                    "runName": "2",
                    "runType": "NOTEBOOK",
                    "projectId": "******ygz0iujn******",
                    "projectName": "project",
                    "status": "RUN_STATE_IN_PROGRESS",
                    "creator": "ncp-user-2689076",
                    "createTime": "2024-09-03 10:38:21",
                    "updateTime": "2024-09-03 10:39:51",
                },
                {
                    "runName": "1",
                    "runType": "NOTEBOOK",
                    "projectId": "******ygz0iujn******",
                    "projectName": "project",
                    "status": "RUN_STATE_COMPLETED",
                    "creator": "ncp-user-2689076",
                    "createTime": "2024-09-03 10:24:54",
                    "updateTime": "2024-09-03 10:37:56",
                },
            ],
            "totalCount": 2,
        },
    ),
    ExampleFact(
        schema="NsmlRun",
        example={
            "runName": "2",
            "runType": "NOTEBOOK",
            "projectId": "******ygz0iujn******",
            "projectName": "project",
            "status": "RUN_STATE_IN_PROGRESS",
            "creator": "ncp-user-2689076",
            "createTime": "2024-09-03 10:38:21",
            "updateTime": "2024-09-03 10:39:51",
        },
    ),
]

# runType is not in the documented response table, but the documented example carries it.
SCHEMA_FIELDS: dict[str, list[str]] = {
    "RunListResponse": ["runList", "totalCount"],
    "NsmlRun": [
        "runName",
        "runType",
        "projectId",
        "projectName",
        "status",
        "creator",
        "createTime",
        "updateTime",
    ],
}

# status is an open string (seen: RUN_STATE_IN_PROGRESS, RUN_STATE_COMPLETED): no closed enums.
ENUMS: dict[str, list[str]] = {}
