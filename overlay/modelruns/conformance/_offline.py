"""``modelruns conformance PROVIDER --har PATH...``: recorded exchanges checked against the spec.

Each exchange of the provider's operations (matched by method and path template, see
``modelruns._traffic``) is checked: its status is documented, its content type is one the
status documents, the headers the spec requires are there, and a JSON body validates against
its schema, strictly (jsonschema, Draft 2020-12, formats checked, and an object's undeclared
field is a drift: the spec says every field a client decodes). The findings are grouped into
drifts by operation, kind and JSON path (array indexes as ``[*]``), each with its count and its
first example, and returned as a ``Report`` (the table, JUnit XML and reports of a live run).
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from modelruns._specs import SpecOperation, resolve
from modelruns._traffic import (
    Exchange,
    Matcher,
    documented_media,
    documented_status,
    read_hars,
)

from ._masking import Masker, sensitive_headers
from ._types import CheckFailure, OperationResult, Report

__all__ = ["Drift", "OfflineResult", "check_exchanges", "check_hars"]

#: Characters of a value shown as a drift's example.
_EXAMPLE_CHARS = 160


@dataclass
class Drift:
    """One way the traffic differs from the spec: where, what, how often, an example."""

    operation: str
    check: str
    path: str
    what: str
    count: int = 0  # exchanges that show it
    example: str = ""
    source: str = ""
    occurrences: int = 0  # places, in those exchanges (every item of a list)
    _last: str = ""

    def seen(self, source: str) -> None:
        self.occurrences += 1
        if source != self._last:
            self.count += 1
            self._last = source

    def line(self) -> str:
        return (
            f"{self.operation} {self.path}: {self.what} ({self.count} exchanges, "
            f"{self.occurrences} times), e.g. {self.example} in {self.source}"
        )


@dataclass
class OfflineResult:
    """What checking the recorded traffic found."""

    report: Report
    drifts: list[Drift] = field(default_factory=list)
    matched: int = 0
    ignored: int = 0


def _closed(node: Any) -> Any:
    """A schema copy in which an object's properties are all it may have (unless it says)."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        closed["additionalProperties"] = False
    return closed


def _pointer(path: Sequence[Any]) -> str:
    return "$" + "".join("[*]" if isinstance(part, int) else f".{part}" for part in path)


def _example(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 3] + "..."


class _Checker:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self._components = _closed(copy.deepcopy(dict(spec.get("components") or {})))
        self._validators: dict[int, jsonschema.Draft202012Validator] = {}

    def validator(self, schema: Mapping[str, Any]) -> jsonschema.Draft202012Validator:
        key = id(schema)
        found = self._validators.get(key)
        if found is None:
            root = {**_closed(copy.deepcopy(dict(schema))), "components": self._components}
            found = jsonschema.Draft202012Validator(
                root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
            self._validators[key] = found
        return found

    def check(self, op: SpecOperation, exchange: Exchange) -> Iterator[tuple[str, str, str, Any]]:
        """``(check, path, what, example)`` for each way ``exchange`` breaks the spec."""
        for parameter in [*op.path_item.get("parameters", []), *op.operation.get("parameters", [])]:
            parameter = resolve(self.spec, parameter)
            if parameter.get("in") == "header" and parameter.get("required"):
                name = str(parameter["name"])
                if exchange.header(name, response=False) is None:
                    yield "request_headers", f"request header {name}", "required, missing", None
        yield from self._request_body(op, exchange)
        responses = op.operation.get("responses") or {}
        key = documented_status(responses, exchange.status)
        if key is None:
            documented = ", ".join(str(k) for k in responses)
            what = f"status {exchange.status} not documented (documented: {documented})"
            yield "status_code_conformance", "$", what, exchange.status
            return
        response = resolve(self.spec, responses[key])
        for name, header in (response.get("headers") or {}).items():
            header = resolve(self.spec, header)
            if header.get("required") and exchange.header(str(name)) is None:
                yield "response_headers_conformance", f"header {name}", "required, missing", None
        content = response.get("content") or {}
        has_body = bool(exchange.body.strip())
        if not has_body:
            return
        if not content:
            yield (
                "content_type_conformance",
                "$",
                f"a body where status {key} documents none",
                (exchange.media_type),
            )
            return
        media = exchange.media_type
        declared = documented_media(content, media)
        if declared is None:
            yield (
                "content_type_conformance",
                "$",
                (f"content type {media or '(none)'} not documented ({', '.join(content)})"),
                media,
            )
            return
        schema = declared.get("schema")
        if schema is None or not (media == "application/json" or media.endswith("+json")):
            return
        parsed, body = exchange.json()
        if not parsed:
            yield (
                "response_schema_conformance",
                "$",
                "not JSON",
                exchange.body[:60].decode("utf-8", "replace"),
            )
            return
        for error in self.validator(schema).iter_errors(body):
            yield from _explain(error)

    def _request_body(
        self, op: SpecOperation, exchange: Exchange
    ) -> Iterator[tuple[str, str, str, Any]]:
        """The request's JSON body against the operation's ``requestBody`` schema."""
        declared = resolve(self.spec, op.operation.get("requestBody") or {})
        content = declared.get("content") or {} if isinstance(declared, Mapping) else {}
        media = documented_media(content, exchange.request_mime or "application/json")
        parsed, body = exchange.json(request=True)
        if not parsed or media is None or media.get("schema") is None:
            return
        for check, path, what, example in (
            found
            for error in self.validator(media["schema"]).iter_errors(body)
            for found in _explain(error)
        ):
            del check
            yield "request_schema_conformance", path, f"in the request body: {what}", example


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[str, str, str, Any]]:
    check = "response_schema_conformance"
    path = list(error.absolute_path)
    where = _pointer(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        declared = error.schema.get("properties") or {} if isinstance(error.schema, dict) else {}
        for name in error.instance:
            if name not in declared:
                yield check, _pointer([*path, name]), "undocumented field", error.instance[name]
        return
    if error.validator == "required" and isinstance(error.validator_value, list):
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                yield check, _pointer([*path, name]), "required field missing", None
        return
    if error.validator == "enum":
        yield check, where, "value not in the enum", error.instance
    elif error.instance is None and error.validator in ("type", "const", "oneOf", "anyOf"):
        yield check, where, "null where the spec does not allow it", None
    elif error.validator == "maxLength":
        yield check, where, f"longer than maxLength {error.validator_value}", error.instance
    elif error.validator == "format":
        yield check, where, f"not a {error.validator_value}", error.instance
    else:
        yield check, where, f"{error.validator}: {error.message[:120]}", error.instance


def check_exchanges(
    provider: str, spec: Mapping[str, Any], exchanges: Sequence[Exchange], label: str
) -> OfflineResult:
    """Check recorded exchanges against ``spec``; drifts grouped, in the order first seen."""
    matcher = Matcher(spec)
    checker = _Checker(spec)
    masker = Masker((), sensitive_headers(spec))
    report = Report(provider=provider, base_url=label)
    results: dict[str, OperationResult] = {}
    for known in matcher.operations():
        label_ = f"{known.method} {known.path}"
        results[label_] = OperationResult(label=label_, operation_id=known.operation_id or None)
    drifts: dict[tuple[str, str, str, str], Drift] = {}
    result = OfflineResult(report)
    for exchange in exchanges:
        op = matcher.match(exchange)
        if op is None:
            result.ignored += 1
            continue
        result.matched += 1
        operation = results[f"{op.method} {op.path}"]
        operation.requests += 1
        operation.statuses[exchange.status] = operation.statuses.get(exchange.status, 0) + 1
        found = list(checker.check(op, exchange))
        if not found:
            operation.checks_passed += 1
            continue
        operation.checks_failed += 1
        for check, path, what, example in found:
            key = (op.operation_id, check, path, what)
            drift = drifts.get(key)
            if drift is None:
                drift = drifts[key] = Drift(
                    op.operation_id or operation.label,
                    check,
                    path,
                    what,
                    example=masker.text(_example(example)),
                    source=exchange.source,
                )
                operation.failures.append(
                    CheckFailure(
                        check=check,
                        title=f"{path}: {what}",
                        message="",
                        curl=masker.curl(
                            exchange.method, exchange.url, exchange.request_headers, None
                        ),
                        status_code=exchange.status,
                    )
                )
            drift.seen(exchange.source)
    for operation in results.values():
        if operation.requests == 0:
            operation.skipped = "no recorded exchange"
        for index, failure in enumerate(operation.failures):
            drift = next(
                d
                for d in drifts.values()
                if d.check == failure.check
                and failure.title == f"{d.path}: {d.what}"
                and d.operation in (operation.operation_id, operation.label)
            )
            message = (
                f"{drift.count} exchanges ({drift.occurrences} times), e.g. {drift.example} "
                f"in {drift.source}"
            )
            operation.failures[index] = CheckFailure(
                failure.check, failure.title, message, failure.curl, failure.status_code
            )
    report.operations = list(results.values())
    if result.ignored:
        report.notes.append(f"{result.ignored} recorded exchanges are of no {provider} operation")
    result.drifts = list(drifts.values())
    return result


def check_hars(provider: str, spec: Mapping[str, Any], paths: Sequence[Path]) -> OfflineResult:
    """Read HAR files and check their exchanges of ``provider``'s operations."""
    started = time.perf_counter()
    exchanges, _deviations = read_hars(paths)
    label = "HAR " + ", ".join(str(path) for path in paths)
    result = check_exchanges(provider, spec, exchanges, label)
    result.report.elapsed_seconds = time.perf_counter() - started
    return result
