"""Facts read from Alibaba Cloud's alibabacloud-aiworkspace20210204 (pinned in the `test` extra).

Introspected, not transcribed: each Tea model's wire names (set one field, see which key
`to_map` writes), JSON types (its annotations), required fields (what its `validate` checks),
the ListRuns request as the client builds it (captured by replacing the transport, so
nothing leaves the process), and the error-body keys its core library reads.
"""

from __future__ import annotations

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
    wire = _wire_names(cls)
    source = inspect.getsource(cls.validate)
    return frozenset(
        wire[name][0] for name in re.findall(r"validate_required\(self\.(\w+)", source)
    )


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
