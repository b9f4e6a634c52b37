"""Facts read from Alibaba Cloud's alibabacloud-aiworkspace20210204 (pinned in the `test` extra).

Introspected, not transcribed: each Tea model's wire names (set one field, see which key
`to_map` writes), JSON types (its annotations), required fields (what its `validate` checks
and what its `__init__` documents as required), every run operation's request as the client
builds it (action, version, method, path, which fields go in the query and which in the
body; captured by replacing the transport, so nothing leaves the process), and the
error-body keys its core library reads.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Any

from tests.reference_facts.model import ParameterFact, SchemaFact

SPEC = "pai-aiworkspace.yaml"

#: spec schema -> Tea model class name
MODELS = {
    "ListRunsResponse": "ListRunsResponseBody",
    "Run": "Run",
    "RunParam": "RunParam",
    "RunMetric": "RunMetric",
    "RunLabel": "RunLabel",
    "Label": "Label",
    "CreateRunRequest": "CreateRunRequest",
    "CreateRunResponse": "CreateRunResponseBody",
    "UpdateRunRequest": "UpdateRunRequest",
    "UpdateRunResponse": "UpdateRunResponseBody",
    "DeleteRunResponse": "DeleteRunResponseBody",
    "DeleteRunLabelResponse": "DeleteRunLabelResponseBody",
    "LogRunMetricsRequest": "LogRunMetricsRequest",
    "LogRunMetricsResponse": "LogRunMetricsResponseBody",
    "ListRunMetricsResponse": "ListRunMetricsResponseBody",
}

#: operationId -> (Client method, request model, response model) of a run operation beyond
#: ListRuns; the spec's 2xx body must be the response model's schema (MODELS, reversed).
OPERATIONS: dict[str, tuple[str, str, str]] = {
    "CreateRun": ("create_run", "CreateRunRequest", "CreateRunResponseBody"),
    "GetRun": ("get_run", "GetRunRequest", "Run"),
    "UpdateRun": ("update_run", "UpdateRunRequest", "UpdateRunResponseBody"),
    "DeleteRun": ("delete_run", "DeleteRunRequest", "DeleteRunResponseBody"),
    "DeleteRunLabel": ("delete_run_label", "DeleteRunLabelRequest", "DeleteRunLabelResponseBody"),
    "LogRunMetrics": ("log_run_metrics", "LogRunMetricsRequest", "LogRunMetricsResponseBody"),
    "ListRunMetrics": ("list_run_metrics", "ListRunMetricsRequest", "ListRunMetricsResponseBody"),
}
_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}
_SAMPLES: dict[str, Any] = {"string": "s", "integer": 7, "number": 1.5, "boolean": True}


def _json_type(annotation: str) -> str:
    if annotation in _TYPES:
        return _TYPES[annotation]
    if annotation.startswith("List["):
        return "array"
    return "object"


def _item_class(annotation: str) -> Any:
    from alibabacloud_aiworkspace20210204 import models

    name = re.sub(r"^List\[(?:main_models\.)?(\w+)\]$", r"\1", annotation)
    return getattr(models, name)


def _wire_names(cls: Any) -> dict[str, tuple[str, str]]:
    """Python attribute -> (wire name, JSON type), by setting one field at a time."""
    found: dict[str, tuple[str, str]] = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self":
            continue
        kind = _json_type(str(parameter.annotation))
        if kind == "array":
            value: Any = [_item_class(str(parameter.annotation))()]
            expected: Any = [value[0].to_map()]
        elif kind == "object":
            value = expected = {"k": "v"}
        else:
            value = expected = _SAMPLES[kind]
        keys = [key for key, got in cls(**{name: value}).to_map().items() if got == expected]
        assert len(keys) == 1, f"{cls.__name__}.{name}: cannot tell its wire name ({keys})"
        found[name] = (keys[0], kind)
    return found


def _required(cls: Any) -> frozenset[str]:
    """What `validate` checks, and what the model documents as required.

    Tea's `validate` checks presence only where the API metadata says so (here: nowhere); the
    same metadata writes "This parameter is required." above a field's assignment in
    `__init__`, so that comment is read too.
    """
    wire = _wire_names(cls)
    source = inspect.getsource(cls.validate)
    checked = set(re.findall(r"validate_required\(self\.(\w+)", source))
    return frozenset(wire[name][0] for name in checked | _documented_required(cls))


def _documented_required(cls: Any) -> set[str]:
    """Attributes whose comment block in `__init__` says "This parameter is required."."""
    found: set[str] = set()
    comment: list[str] = []
    for line in inspect.getsource(cls.__init__).splitlines():
        text = line.strip()
        if text.startswith("#"):
            comment.append(text)
            continue
        assigned = re.match(r"self\.(\w+) = ", text)
        if assigned and any("This parameter is required." in c for c in comment):
            found.add(assigned.group(1))
        comment = []
    return found


def schema_facts() -> list[SchemaFact]:
    """The ListRuns answer and the run objects inside it."""
    from alibabacloud_aiworkspace20210204 import models

    facts = []
    for schema, class_name in MODELS.items():
        cls = getattr(models, class_name)
        wire = _wire_names(cls)
        facts.append(
            SchemaFact(
                schema=schema,
                source=f"alibabacloud_aiworkspace20210204.models.{class_name}",
                properties=dict(wire.values()),
                required=_required(cls),
            )
        )
    return facts


def list_runs_request() -> tuple[dict[str, Any], Any, Any]:
    """What `Client.list_runs` hands its transport: (query, OpenApiRequest, Params), offline."""
    from alibabacloud_aiworkspace20210204 import models
    from alibabacloud_aiworkspace20210204.client import Client
    from alibabacloud_tea_openapi import utils_models

    config = utils_models.Config(
        access_key_id="not-a-key", access_key_secret="not-a-secret", endpoint="example.invalid"
    )
    client = Client(config)
    captured: list[tuple[Any, Any]] = []

    def capture(params: Any, request: Any, runtime: Any) -> dict[str, Any]:
        captured.append((params, request))
        return {}

    client.call_api = capture
    fields = {
        name: _SAMPLES[_json_type(str(p.annotation))]
        for name, p in inspect.signature(models.ListRunsRequest.__init__).parameters.items()
        if name != "self"
    }
    client.list_runs(models.ListRunsRequest(**fields))
    params, request = captured[0]
    return dict(request.query), request, params


def _capture(method: str, path_args: tuple[str, ...], request: Any) -> tuple[Any, Any]:
    """(Params, OpenApiRequest) the Client method hands its transport, offline."""
    from alibabacloud_aiworkspace20210204.client import Client
    from alibabacloud_tea_openapi import utils_models

    config = utils_models.Config(
        access_key_id="not-a-key", access_key_secret="not-a-secret", endpoint="example.invalid"
    )
    client = Client(config)
    captured: list[tuple[Any, Any]] = []

    def capture(params: Any, request: Any, runtime: Any) -> dict[str, Any]:
        captured.append((params, request))
        return {}

    client.call_api = capture
    getattr(client, method)(*path_args, request)
    return captured[0]


@dataclasses.dataclass(frozen=True)
class OperationFact:
    """How the SDK sends one operation, with every field of its request model set."""

    operation_id: str
    action: str
    version: str
    method: str
    #: The path with each path argument replaced by ``{<argument name>}``.
    path: str
    path_arguments: tuple[str, ...]
    #: wire name -> (location, JSON type), for query and body fields.
    fields: dict[str, tuple[str, str]]
    #: The body keys the SDK sends (all of them, every field being set).
    body: frozenset[str]
    request_model: str
    response_model: str
    documented_required: frozenset[str]


def operation_facts() -> list[OperationFact]:
    """Each run operation beyond ListRuns as `Client.<method>_with_options` builds it."""
    from alibabacloud_aiworkspace20210204 import models
    from alibabacloud_aiworkspace20210204.client import Client

    facts = []
    for operation_id, (method, request_name, response_name) in OPERATIONS.items():
        request_cls = getattr(models, request_name)
        signature = inspect.signature(getattr(Client, method))
        arguments = tuple(name for name in signature.parameters if name not in ("self", "request"))
        wire = _wire_names(request_cls)
        values: dict[str, Any] = {}
        for name, parameter in inspect.signature(request_cls.__init__).parameters.items():
            if name == "self":
                continue
            kind = _json_type(str(parameter.annotation))
            if kind == "array":
                values[name] = [_item_class(str(parameter.annotation))(key="k", value="v")]
            else:
                values[name] = _SAMPLES[kind]
        markers = tuple(f"ARG{index}X" for index in range(len(arguments)))
        params, request = _capture(method, markers, request_cls(**values))
        path = str(params.pathname)
        for marker, argument in zip(markers, arguments, strict=True):
            path = path.replace(marker, "{" + argument + "}")
        query = dict(request.query or {})
        body = dict(request.body or {})
        fields = {}
        for wire_name, kind in wire.values():
            location = "query" if wire_name in query else "body" if wire_name in body else "?"
            fields[wire_name] = (location, kind)
        facts.append(
            OperationFact(
                operation_id=operation_id,
                action=str(params.action),
                version=str(params.version),
                method=str(params.method),
                path=path,
                path_arguments=arguments,
                fields=fields,
                body=frozenset(body),
                request_model=request_name,
                response_model=response_name,
                documented_required=_required(request_cls),
            )
        )
    return facts


def parameter_facts() -> list[ParameterFact]:
    """ListRuns' parameters: every field of ListRunsRequest, where the client puts it."""
    from alibabacloud_aiworkspace20210204 import models

    query, request, _ = list_runs_request()
    wire = _wire_names(models.ListRunsRequest)
    parameters: dict[str, tuple[str, str]] = {}
    for wire_name, kind in wire.values():
        location = "query" if wire_name in query else "body"
        parameters[wire_name] = (location, kind)
    assert request.body is None, "ListRuns sends no body"
    return [ParameterFact("ListRuns", "Client.list_runs_with_options (captured)", parameters)]


def error_body_keys() -> frozenset[str]:
    """The keys Alibaba's core library reads from an error body (`err.get("...")`)."""
    from alibabacloud_tea_openapi import client

    return frozenset(re.findall(r'err\.get\("(\w+)"\)', inspect.getsource(client)))


#: Differences between the spec and the SDK that are allowed, and why.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("ListRunMetricsResponse", "Metrics", "required-stricter"): (
        "as Runs in ListRuns: a page without its Metrics list is broken, and the paginator "
        "needs the list to walk"
    ),
    ("CreateRunResponse", "RunId", "required-stricter"): (
        "the id of the new run is the point of the answer (the spec's links to GetRun, "
        "UpdateRun, LogRunMetrics and DeleteRun read it); an answer without it is broken"
    ),
    ("RunLabel", "Key", "required-looser"): (
        "RunLabel only appears in answers (requests set labels as Label); the SDK documents "
        "Key as required for requests, and an answer schema no stricter than the SDK's "
        "decoding loses nothing"
    ),
    ("RunLabel", "Value", "required-looser"): (
        "RunLabel only appears in answers (requests set labels as Label); the SDK documents "
        "Value as required for requests, and an answer schema no stricter than the SDK's "
        "decoding loses nothing"
    ),
    ("ListRunsResponse", "Runs", "required-stricter"): (
        "Tea models declare nothing required (they never check presence); every documented "
        "answer carries the Runs list and the SDK reads its absence as an empty list, so a "
        "body without it is treated as broken"
    ),
}

#: Error-body fields the spec names beyond what the core library reads, and why.
ERROR_FIELDS_ALLOWED: dict[str, str] = {
    "HostId": "in the documented error body; the core library ignores it",
    "Recommend": "in the documented error body of some APIs; the core library ignores it",
}
