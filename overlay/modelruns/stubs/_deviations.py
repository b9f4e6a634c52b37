"""Contract deviations a stub can be switched to (``--deviate``): answers that break the spec
on purpose, so the conformance check and the SDK's lenient decoding can be shown to catch them.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from modelruns._specs import resolve
from modelruns.stubs._config import Deviation
from modelruns.stubs._paging import FALLBACK_PAGE_SIZE, encode_token
from modelruns.stubs._routing import Operation, StubRequest

__all__ = ["deviate"]

_JSON_TYPE = b"application/json"
#: A 2xx no spec documents, for the `undocumented-status` deviation.
_UNDOCUMENTED_SUCCESS = 203


def deviate(
    spec: Mapping[str, Any],
    deviations: Collection[Deviation],
    request: StubRequest,
    status: int,
    body: Any,
) -> tuple[int, Any, bytes]:
    """The answer with the switched-on contract deviations applied: (status, body, content type)."""
    operation = request.operation
    assert operation is not None
    content_type = _JSON_TYPE
    body = copy.deepcopy(body)
    schema = operation.schema
    targets, target_schema = _targets(spec, operation, body)
    if Deviation.MISSING_REQUIRED_FIELD in deviations:
        _drop_required(targets, target_schema, body, schema)
    if Deviation.WRONG_FIELD_TYPE in deviations:
        _wrong_type(spec, targets or [body], target_schema if targets else schema)
    if Deviation.ENUM_OUT_OF_SPEC in deviations:
        _enum_out_of_spec(spec, targets, target_schema, body, schema)
    if Deviation.ENDLESS_PAGINATION in deviations and operation.pagination:
        _endless(operation, request, body)
    if Deviation.UNDOCUMENTED_STATUS in deviations:
        status = _UNDOCUMENTED_SUCCESS
    if Deviation.WRONG_CONTENT_TYPE in deviations:
        content_type = b"text/plain; charset=utf-8"
    return status, body, content_type


def _targets(
    spec: Mapping[str, Any], operation: Operation, body: Any
) -> tuple[list[dict[str, Any]], Mapping[str, Any]]:
    """The item objects of a list page and their schema (none for a single object)."""
    if not operation.pagination or not isinstance(body, dict):
        return [], {}
    key = operation.pagination[0]["items"]
    items_schema = resolve(spec, operation.schema.get("properties", {}).get(key, {}))
    item_schema = resolve(spec, items_schema.get("items", {}))
    items = [item for item in body.get(key, []) if isinstance(item, dict)]
    return items, item_schema


def _drop_required(
    targets: list[dict[str, Any]],
    target_schema: Mapping[str, Any],
    body: Any,
    schema: Mapping[str, Any],
) -> None:
    required = target_schema.get("required", [])
    if targets and required:
        for item in targets:
            item.pop(required[0], None)
    elif isinstance(body, dict) and schema.get("required"):
        body.pop(schema["required"][0], None)


def _wrong_type(spec: Mapping[str, Any], objects: list[Any], schema: Mapping[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        kinds = resolve(spec, prop).get("type", [])
        kinds = set(kinds if isinstance(kinds, list) else [kinds])
        replacement: Any
        if "string" in kinds:
            replacement = 12345
        elif kinds & {"integer", "number", "boolean"}:
            replacement = "not-a-" + sorted(kinds)[0]
        else:
            continue
        present = [obj for obj in objects if isinstance(obj, dict) and name in obj]
        if present:
            for obj in present:
                obj[name] = replacement
            return


def _enum_out_of_spec(
    spec: Mapping[str, Any],
    targets: list[dict[str, Any]],
    target_schema: Mapping[str, Any],
    body: Any,
    schema: Mapping[str, Any],
) -> None:
    for objects, owner in ((targets, target_schema), ([body], schema)):
        for name, prop in owner.get("properties", {}).items():
            if "enum" in resolve(spec, prop):
                for obj in objects:
                    if isinstance(obj, dict):
                        obj[name] = "NOT_IN_SPEC"
                if objects:
                    return


def _endless(operation: Operation, request: StubRequest, body: Any) -> None:
    if not isinstance(body, dict):
        return
    for paging in operation.pagination:
        style = paging["style"]
        if style == "token":
            # The same token forever: a page that always points back at itself.
            token = request.params.get(paging["request_token"])
            body[paging["response_token"]] = token or encode_token(0, paging.get("token_encoding"))
        elif style == "integer-token":
            body[paging["response_token"]] = request.params.get(paging["request_token"]) or 1
        elif style == "page-number":
            page = request.params.get(paging["page"]) or paging.get("first_page", 1)
            size = request.params.get(paging["page_size"]) or FALLBACK_PAGE_SIZE
            body[paging["total"]] = page * size + 1
