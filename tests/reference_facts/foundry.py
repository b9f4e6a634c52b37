"""Facts read from Palantir's foundry-platform-sdk (the `test` extra pins the version).

Everything here is introspected, not transcribed: the models' pydantic JSON schemas (as the
SDK reads them: its `Long` is an integer it accepts as a number, though it writes one as a
string), the request each endpoint method builds (method, path, path and query parameters,
body model, response type, paging, named errors; captured where a method hands it to the SDK's
transport, by `modelruns._compat.foundry_sdk`, so nothing leaves the process), and the error
classes' statuses and parameter dictionaries.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from collections.abc import Mapping
from typing import Any

import pydantic

from tests.reference_facts.model import ParameterFact, SchemaFact, pointer, shape

SPEC = "foundry-model-studio.yaml"
_RID = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@dataclasses.dataclass(frozen=True)
class ErrorFact:
    """A named error the SDK knows: its HTTP status and the parameters it reads."""

    name: str
    status: int
    parameters: frozenset[str]


def _model_fact(schema: str, model: Any) -> SchemaFact:
    document = model.model_json_schema(by_alias=True, mode="validation")
    # A recursive model's schema is a reference into its own definitions.
    root = pointer(document, document["$ref"]) if "$ref" in document else document
    properties, enums, nullable = {}, {}, set()
    for name, prop in root["properties"].items():
        kind, enum, null = shape(document, prop)
        properties[name] = kind
        if enum:
            enums[name] = enum
        if null:
            nullable.add(name)
    return SchemaFact(
        schema=schema,
        source=f"{model.__module__}.{model.__qualname__}",
        properties=properties,
        required=frozenset(root.get("required", [])),
        enums=enums,
        nullable=frozenset(nullable),
    )


#: Spec schemas named as the SDK's models (`foundry_sdk.v2.models.models`). The unions
#: (`ExperimentSource`, `ParameterValue`, `SearchExperimentsFilter`) are type aliases there,
#: not models: their variants are compared one by one.
MODELS = (
    "ListModelStudioRunsResponse",
    "ModelStudioRun",
    "ModelStudioRunModelOutput",
    "ModelStudio",
    "CreateModelStudioRequest",
    "ResourceConfiguration",
    "DatasetInput",
    "ModelOutput",
    "ModelStudioWorkerConfig",
    "TrainerVersionLocator",
    "ModelStudioConfigVersion",
    "CreateModelStudioConfigVersionRequest",
    "ListModelStudioConfigVersionsResponse",
    "ModelStudioTrainer",
    "ListModelStudioTrainersResponse",
    "ExperimentCodeWorkspaceSource",
    "ExperimentAuthoringSource",
    "ExperimentSdkSource",
    "BooleanParameter",
    "DatetimeParameter",
    "DoubleParameter",
    "IntegerParameter",
    "StringParameter",
    "Parameter",
    "DoubleSeriesAggregations",
    "SeriesAggregations",
    "SummaryMetric",
    "TableArtifactDetails",
    "ExperimentArtifactMetadata",
    "Experiment",
    "SearchExperimentsOrderBy",
    "SearchExperimentsEqualsFilter",
    "SearchExperimentsContainsFilter",
    "SearchExperimentsStartsWithFilter",
    "SearchExperimentsParameterFilter",
    "SearchExperimentsSeriesFilter",
    "SearchExperimentsSummaryMetricFilter",
    "SearchExperimentsAndFilter",
    "SearchExperimentsOrFilter",
    "SearchExperimentsNotFilter",
    "SearchExperimentsRequest",
    "SearchExperimentsResponse",
    "DoubleSeriesValueV1",
    "DoubleSeriesV1",
)


def schema_facts() -> list[SchemaFact]:
    """Every object the endpoints send or answer with, as the SDK models it."""
    from foundry_sdk.v2.models import models

    return [_model_fact(name, getattr(models, name)) for name in MODELS]


_MODEL = "ri.models.main.model.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
_EXPERIMENT = "ri.models.main.experiment.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
_TRAINER = "ri.models.main.trainer.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
_FOLDER = "ri.compass.main.folder.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def _captured_requests() -> dict[str, Any]:
    """operationId -> (the SDK's RequestInfo, its method) for every endpoint, offline.

    Each method is called with every optional argument set, so each query parameter and
    body field it can send is in what it hands the transport.
    """
    import foundry_sdk

    from modelruns._compat.foundry_sdk import handed_over

    client = foundry_sdk.FoundryClient(
        auth=foundry_sdk.UserTokenAuth("not-a-token"), hostname="example.invalid"
    )
    models = client.models
    studios, runs, versions = (
        models.ModelStudio,
        models.ModelStudio.Run,
        models.ModelStudio.ConfigVersion,
    )
    trainers, experiments = models.ModelStudioTrainer, models.Model.Experiment
    series = experiments.Series
    config = {
        "name": "n",
        "resources": {"memory": "1Gi", "cpu": "1"},
        "trainer_id": _TRAINER,
        "worker_config": {"inputs": {}, "outputs": {}},
        "changelog": "c",
    }
    calls: list[tuple[str, Any, tuple[Any, ...], dict[str, Any]]] = [
        (
            "listModelStudioRuns",
            runs.list,
            (_RID,),
            {"config_version": 1, "page_size": 1, "page_token": "t"},
        ),
        ("launchModelStudio", studios.launch, (_RID,), {}),
        ("createModelStudio", studios.create, (), {"name": "n", "parent_folder_rid": _FOLDER}),
        ("getModelStudio", studios.get, (_RID,), {}),
        (
            "listModelStudioConfigVersions",
            versions.list,
            (_RID,),
            {"page_size": 1, "page_token": "t"},
        ),
        ("createModelStudioConfigVersion", versions.create, (_RID,), config),
        ("getLatestModelStudioConfigVersion", versions.latest, (_RID,), {}),
        ("getModelStudioConfigVersion", versions.get, (_RID, 1), {}),
        ("listModelStudioTrainers", trainers.list, (), {}),
        ("getModelStudioTrainer", trainers.get, (_TRAINER,), {"version": "1"}),
        ("searchExperiments", experiments.search, (_MODEL,), {"page_size": 1, "page_token": "t"}),
        ("getExperiment", experiments.get, (_MODEL, _EXPERIMENT), {}),
        (
            "getExperimentSeriesJson",
            series.json,
            (_MODEL, _EXPERIMENT, "loss"),
            {"offset": 1, "page_size": 1},
        ),
        ("getExperimentSeriesParquet", series.parquet, (_MODEL, _EXPERIMENT, "loss"), {}),
    ]
    found: dict[str, Any] = {}
    resources = (studios, runs, versions, trainers, experiments, series)
    with handed_over(*resources) as captured:
        for operation_id, method, args, kwargs in calls:
            method(*args, preview=True, **kwargs)
            found[operation_id] = (captured[-1], getattr(type(method.__self__), method.__name__))
    return found


@dataclasses.dataclass(frozen=True)
class OperationFact:
    """How the SDK sends one endpoint and reads its answer."""

    operation_id: str
    method: str
    path: str
    #: The body's model name, or ``None`` for no body.
    body: str | None
    #: The 2xx model's name; ``bytes`` for a binary answer.
    answer: str
    #: Whether an empty 2xx body is an answer (``Optional[...]``: ``None``).
    optional: bool
    #: (style, where its parameters travel) of the walk the SDK can make, or ``None``.
    paging: tuple[str, str] | None


def _type_name(kind: Any) -> tuple[str, bool]:
    """(model name, optional) of a response type such as ``Optional[ModelStudioConfigVersion]``."""
    arguments = [a for a in typing.get_args(kind) if a is not type(None)]
    optional = typing.get_origin(kind) is typing.Union and len(arguments) == 1
    inner = arguments[0] if optional else kind
    return getattr(inner, "__name__", str(inner)), optional


def operation_facts() -> list[OperationFact]:
    """Each endpoint's request and answer as the SDK builds and reads them."""
    facts = []
    for operation_id, (info, _) in _captured_requests().items():
        answer, optional = _type_name(info.response_type)
        body = type(info.body).__name__ if info.body is not None else None
        body_fields = set(type(info.body).model_fields) if info.body is not None else set()
        answer_fields = set(getattr(info.response_type, "model_fields", {}))
        paging: tuple[str, str] | None = None
        if "pageToken" in info.query_params:
            paging = ("token", "query")
        elif "page_token" in body_fields:
            paging = ("token", "body")
        elif "offset" in info.query_params:
            paging = ("offset", "query")
        elif answer_fields == {"data"}:
            paging = ("single-page", "query")
        facts.append(
            OperationFact(
                operation_id=operation_id,
                method=info.method,
                path=info.resource_path,
                body=body,
                answer=answer,
                optional=optional,
                paging=paging,
            )
        )
    return facts


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def parameter_facts() -> list[ParameterFact]:
    """Each endpoint's path and query parameters as the SDK sends them, typed by its hints."""
    facts = []
    for operation_id, (info, method) in _captured_requests().items():
        hints = typing.get_type_hints(inspect.unwrap(method))
        parameters: dict[str, tuple[str, str]] = {}
        for location, names in (("path", info.path_params), ("query", info.query_params)):
            for name in names:
                adapter_schema = pydantic.TypeAdapter(hints[_snake(name)]).json_schema()
                parameters[name] = (location, shape(adapter_schema, adapter_schema)[0])
        facts.append(ParameterFact(operation_id, f"{method.__qualname__} (captured)", parameters))
    return facts


def throwable_errors() -> dict[str, frozenset[str]]:
    """operationId -> the named errors the SDK raises for that endpoint."""
    return {op: frozenset(info.throwable_errors) for op, (info, _) in _captured_requests().items()}


def error_fact(name: str) -> ErrorFact | None:
    """The SDK's class for a named error (endpoint or platform-wide), if it has one.

    The class an endpoint raises is the one its method lists; a platform-wide error is
    looked up in the models and core modules.
    """
    import foundry_sdk
    from foundry_sdk.v2.core import errors as core_errors
    from foundry_sdk.v2.models import errors as models_errors

    statuses: Mapping[type, int] = {
        foundry_sdk.BadRequestError: 400,
        foundry_sdk.UnauthorizedError: 401,
        foundry_sdk.PermissionDeniedError: 403,
        foundry_sdk.NotFoundError: 404,
        foundry_sdk.ConflictError: 409,
    }
    listed = {
        error_name: cls
        for info, _ in _captured_requests().values()
        for error_name, cls in info.throwable_errors.items()
    }
    for cls in (
        listed.get(name),
        getattr(models_errors, name, None),
        getattr(core_errors, name, None),
    ):
        if cls is None:
            continue
        status = next(code for base, code in statuses.items() if issubclass(cls, base))
        parameters_type = typing.get_type_hints(cls)["parameters"]
        keys = typing.get_type_hints(parameters_type).keys()
        return ErrorFact(name, status, frozenset(keys))
    return None


def spec_errors(spec: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    """operationId -> its `x-modelruns-errors` entries."""
    found: dict[str, list[Mapping[str, Any]]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = list(operation.get("x-modelruns-errors", []))
    return found


_ABSENT_NOT_NULL = (
    "the SDK's Optional field also accepts null; the documentation shows the field absent "
    "when unset, never null, so the spec keeps it a plain optional field"
)

#: Differences between the spec and the SDK that are allowed, and why.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("ModelStudioRun", "buildStatus", "nullable"): _ABSENT_NOT_NULL,
    ("ListModelStudioRunsResponse", "nextPageToken", "nullable"): _ABSENT_NOT_NULL,
    ("ModelStudioRunModelOutput", "experimentRid", "nullable"): _ABSENT_NOT_NULL,
    ("ModelStudioRunModelOutput", "type", "required-stricter"): (
        "`type` is the union's tag: the wire always carries it (as in the documentation's "
        "examples); the SDK defaults it only because the union has one variant"
    ),
    ("errors", "Unauthorized", "error-not-in-reference"): (
        "the SDK maps every 401 to its generic UnauthorizedError; the name comes from the "
        "platform's error documentation"
    ),
    ("errors", "LaunchModelStudioPermissionDenied.modelStudioRid", "error-parameter-extra"): (
        "the documentation names the parameter modelStudioRid, the SDK studioRid; the spec "
        "lists both so a client reads whichever the server sends"
    ),
}

_UNION_TAG = (
    "`type` is the union's tag: the wire always carries it (as in the documentation's "
    "examples); the SDK's model defaults it because its class already says which variant"
)
#: Variants of the unions and of the one-variant kinds (`DoubleSeriesV1`, `TableArtifactDetails`,
#: ...) whose `type` tag the spec requires and the SDK defaults.
_TAGGED = (
    "DatasetInput",
    "ModelOutput",
    "ExperimentCodeWorkspaceSource",
    "ExperimentAuthoringSource",
    "ExperimentSdkSource",
    "BooleanParameter",
    "DatetimeParameter",
    "DoubleParameter",
    "IntegerParameter",
    "StringParameter",
    "DoubleSeriesAggregations",
    "TableArtifactDetails",
    "SearchExperimentsEqualsFilter",
    "SearchExperimentsContainsFilter",
    "SearchExperimentsStartsWithFilter",
    "SearchExperimentsParameterFilter",
    "SearchExperimentsSeriesFilter",
    "SearchExperimentsSummaryMetricFilter",
    "SearchExperimentsAndFilter",
    "SearchExperimentsOrFilter",
    "SearchExperimentsNotFilter",
    "DoubleSeriesV1",
)
#: Optional fields of the other endpoints' objects that the SDK types `Optional` (null allowed).
_OPTIONAL = {
    "ResourceConfiguration": ("gpu",),
    "ModelStudioWorkerConfig": ("customConfig",),
    "ModelStudioConfigVersion": ("changelog",),
    "CreateModelStudioConfigVersionRequest": ("changelog",),
    "ListModelStudioConfigVersionsResponse": ("nextPageToken",),
    "ExperimentCodeWorkspaceSource": ("deploymentRid",),
    "DoubleSeriesAggregations": ("last", "max", "min"),
    "SeriesAggregations": ("length",),
    "ExperimentArtifactMetadata": ("description",),
    "Experiment": ("jobRid", "linkedModelVersion", "statusMessage"),
    "SearchExperimentsRequest": ("orderBy", "pageSize", "pageToken", "where"),
    "SearchExperimentsResponse": ("nextPageToken",),
}
ALLOWED |= {(schema, "type", "required-stricter"): _UNION_TAG for schema in _TAGGED}
ALLOWED |= {
    (schema, field, "nullable"): _ABSENT_NOT_NULL
    for schema, fields in _OPTIONAL.items()
    for field in fields
}
