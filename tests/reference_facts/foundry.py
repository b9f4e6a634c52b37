"""Facts read from Palantir's foundry-platform-sdk (the `test` extra pins the version).

Everything here is introspected, not transcribed: the models' pydantic JSON schemas, the
parameters and named errors each endpoint method sends (captured by replacing the SDK's
transport, so nothing leaves the process), and the error classes' statuses and parameter
dictionaries.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import typing
from collections.abc import Mapping
from typing import Any

import pydantic

from tests.reference_facts.model import ParameterFact, SchemaFact, shape

SPEC = "foundry-model-studio.yaml"
_RID = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@dataclasses.dataclass(frozen=True)
class ErrorFact:
    """A named error the SDK knows: its HTTP status and the parameters it reads."""

    name: str
    status: int
    parameters: frozenset[str]


def _model_fact(schema: str, model: Any) -> SchemaFact:
    document = model.model_json_schema(by_alias=True, mode="serialization")
    properties, enums, nullable = {}, {}, set()
    for name, prop in document["properties"].items():
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
        required=frozenset(document.get("required", [])),
        enums=enums,
        nullable=frozenset(nullable),
    )


def schema_facts() -> list[SchemaFact]:
    """The three objects the two endpoints answer with."""
    from foundry_sdk.v2.models import models

    return [
        _model_fact("ListModelStudioRunsResponse", models.ListModelStudioRunsResponse),
        _model_fact("ModelStudioRun", models.ModelStudioRun),
        _model_fact("ModelStudioRunModelOutput", models.ModelStudioRunModelOutput),
    ]


def _captured_requests() -> dict[str, Any]:
    """operationId -> (the SDK's RequestInfo, its method) for list and launch, offline."""
    import foundry_sdk

    client = foundry_sdk.FoundryClient(
        auth=foundry_sdk.UserTokenAuth("not-a-token"), hostname="example.invalid"
    )
    runs, studios = client.models.ModelStudio.Run, client.models.ModelStudio
    captured: list[Any] = []

    def capture(info: Any) -> Any:
        captured.append(info)
        return iter(())

    for resource in (runs, studios):
        resource._api_client.call_api = capture
    runs.list(_RID, config_version=1, page_size=1, page_token="t", preview=True)
    studios.launch(_RID, preview=True)
    list_class, launch_class = type(runs).list, type(studios).launch
    return {
        "listModelStudioRuns": (captured[0], list_class),
        "launchModelStudio": (captured[1], launch_class),
    }


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
    """The SDK's class for a named error (endpoint or platform-wide), if it has one."""
    from foundry_sdk import _errors
    from foundry_sdk.v2.core import errors as core_errors
    from foundry_sdk.v2.models import errors as models_errors

    statuses: Mapping[type, int] = {
        _errors.BadRequestError: 400,
        _errors.UnauthorizedError: 401,
        _errors.PermissionDeniedError: 403,
        _errors.NotFoundError: 404,
    }
    for module in (models_errors, core_errors):
        cls = getattr(module, name, None)
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
