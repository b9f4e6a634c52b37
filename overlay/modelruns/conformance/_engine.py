"""Drives schemathesis' engine over one provider's spec and turns its events into a `Report`.

Every phase runs (examples, coverage, fuzzing, stateful through the spec's ``links``), in
positive and negative modes, with every default check plus ``pagination_terminates``. The run
is derandomized with a fixed seed, so the same server gets the same requests.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.engine import events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.schemas import APIOperation, BaseSchema

from modelruns._specs import Provider, load_spec

from . import _checks
from ._auth import HttpxAuthAdapter, apply_auth, install_auth
from ._masking import Masker, sensitive_headers
from ._types import CheckFailure, OperationResult, Report, UnreachableError

__all__ = ["DEFAULT_MAX_EXAMPLES", "DEFAULT_SEED", "check_server", "load_schema"]

#: Examples per operation and phase when the caller does not say.
DEFAULT_MAX_EXAMPLES = 25

#: The generation seed when the caller does not say; fixed so that runs repeat.
DEFAULT_SEED = 20240903

#: Seconds to wait for any one response.
REQUEST_TIMEOUT = 10.0
#: schemathesis' own expectations for a schema-valid request (its positive-data check).
_POSITIVE_DEFAULTS = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")


def load_schema(
    provider: Provider,
    base_url: str,
    *,
    max_examples: int,
    seed: int,
    app: Any = None,
    max_pages: int = _checks.DEFAULT_MAX_PAGES,
) -> BaseSchema:
    """The provider's spec loaded into schemathesis, configured for a deterministic run."""
    config = schemathesis.Config.from_dict(
        {
            "seed": seed,
            "base-url": base_url.rstrip("/"),
            "workers": 1,
            "request-timeout": REQUEST_TIMEOUT,
            # Runs leave nothing behind in the working directory.
            "cache": {"enabled": False},
            "operations": _refusals(load_spec(provider)),
            "generation": {
                "mode": "all",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
            },
        }
    )
    # schemathesis annotates the spec in place; the cached spec stays untouched.
    schema = schemathesis.openapi.from_dict(copy.deepcopy(load_spec(provider)), config=config)
    if app is not None:
        schema.app = app
    _checks.set_max_pages(schema, max_pages)
    schema.hook("map_case")(_without_unissued_tokens)
    return schema


def _refusals(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per-operation check settings for the spec's `x-modelruns-refusals`.

    A refusal is a status a schema-valid request can still get from the real server (the
    resource's state, a rule across fields): it is not a contract violation, so the
    positive-data check expects it for that operation as well as its defaults.
    """
    settings = []
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            refusals = isinstance(operation, dict) and operation.get("x-modelruns-refusals")
            if not refusals:
                continue
            statuses = [*_POSITIVE_DEFAULTS, *(str(entry["status"]) for entry in refusals)]
            settings.append(
                {
                    "include-operation-id": operation["operationId"],
                    "checks": {"positive_data_acceptance": {"expected-statuses": statuses}},
                }
            )
    return settings


def _without_unissued_tokens(
    context: schemathesis.HookContext, case: schemathesis.Case[Any]
) -> schemathesis.Case[Any]:
    """Drop made-up page tokens from schema-valid queries.

    A page token is valid only when the server issued it, so a generated one is rejected by any
    correct server; a positive case leaves it out (links and the pagination check send real ones).
    """
    meta = case.meta
    styles = case.operation.definition.raw.get("x-modelruns-pagination") or []
    if meta is None or meta.is_negative_at(ParameterLocation.QUERY) or not styles:
        return case
    if isinstance(case.query, dict):
        for style in styles:
            token = style.get("request_token")
            if token is not None and style.get("style") == "token":
                case.query.pop(str(token), None)
    return case


def _operations(schema: BaseSchema) -> Iterator[APIOperation[Any, Any, Any, Any]]:
    for result in schema.get_all_operations():
        # Our specs are validated by their own tests; an operation schemathesis cannot load is
        # reported by its engine as an error event.
        if isinstance(result, Ok):
            yield result.ok()


def _probe_case(operation: APIOperation[Any, Any, Any, Any]) -> schemathesis.Case[Any]:
    examples = {
        parameter.name: parameter.definition.get("example")
        for parameter in operation.path_parameters
        if parameter.definition.get("example") is not None
    }
    return operation.Case(path_parameters=examples)


def probe(schema: BaseSchema, adapter: HttpxAuthAdapter, base_url: str, masker: Masker) -> None:
    """One signed GET to a list operation; `UnreachableError` when nothing useful answers."""
    listing = [
        op
        for op in _operations(schema)
        if op.method.upper() == "GET" and op.definition.raw.get("x-modelruns-pagination")
    ]
    operation = (listing or list(_operations(schema)))[0]
    case = _probe_case(operation)
    apply_auth(case, adapter)
    where = f"{operation.method.upper()} {base_url.rstrip('/')}{operation.path}"
    try:
        response = case.call(timeout=REQUEST_TIMEOUT)
    except requests.Timeout:
        raise UnreachableError(f"{where}: no answer within {REQUEST_TIMEOUT:g} s") from None
    except requests.ConnectionError as exc:
        reason = _connection_reason(exc)
        raise UnreachableError(f"cannot reach {base_url}: {reason}") from None
    except (requests.RequestException, httpx.HTTPError) as exc:
        raise UnreachableError(masker.text(f"{where}: {exc}")) from None
    content_type = response.headers.get("content-type", [""])[0] or "no Content-Type"
    try:
        response.json()
    except ValueError:
        # A wrong Content-Type on a JSON body is a contract violation for the checks to report;
        # a body that is not JSON at all is not an API.
        raise UnreachableError(
            f"{where} answered {response.status_code} with {content_type.split(';')[0]} that is "
            "not JSON: is --base-url the API's base URL?"
        ) from None
    if response.status_code in (401, 403):
        raise UnreachableError(
            f"{where} answered {response.status_code}: the server rejected the credentials"
        )
    if response.status_code == 404 and not operation.is_valid_response(response):
        raise UnreachableError(
            f"{where} answered 404 with a body the spec does not document: is --base-url "
            "the API's base URL?"
        )


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for marker, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("timed out", "connection timed out"),
    ):
        if marker in text:
            return reason
    return "connection failed"


def _curl(recorder: ScenarioRecorder, case_id: str, masker: Masker) -> str:
    interaction = recorder.interactions.get(case_id)
    if interaction is None:
        node = recorder.cases.get(case_id)
        return masker.text(node.value.as_curl_command()) if node is not None else ""
    request = interaction.request
    headers = [(name, value) for name, values in request.headers.items() for value in values]
    return masker.curl(request.method, request.uri, headers, request.body)


def _collect(
    recorder: ScenarioRecorder, results: dict[str, OperationResult], masker: Masker
) -> None:
    def result_for(case_id: str) -> OperationResult | None:
        node = recorder.cases.get(case_id)
        if node is None:
            return None
        label = node.value.operation.label
        return results.setdefault(label, OperationResult(label=label))

    for case_id in recorder.interactions:
        result = result_for(case_id)
        if result is not None:
            result.requests += 1
    for case_id, checks in recorder.checks.items():
        result = result_for(case_id)
        if result is None:
            continue
        for check in checks:
            if check.failure_info is None:
                result.checks_passed += check.status == schemathesis.engine.Status.SUCCESS
                continue
            result.checks_failed += 1
            failure = check.failure_info.failure
            if any(f.check == check.name and f.title == failure.title for f in result.failures):
                continue
            failing_id = failure.case_id or case_id
            interaction = recorder.interactions.get(failing_id)
            status = None
            if interaction is not None and interaction.response is not None:
                status = interaction.response.status_code
            result.failures.append(
                CheckFailure(
                    check=check.name,
                    title=masker.text(failure.title),
                    message=masker.text(failure.message),
                    curl=_curl(recorder, failing_id, masker),
                    status_code=status,
                )
            )


def check_server(
    provider: Provider,
    base_url: str,
    auth: httpx.Auth,
    *,
    secrets: list[str],
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = DEFAULT_SEED,
    app: Any = None,
    max_pages: int = _checks.DEFAULT_MAX_PAGES,
    shown_url: str | None = None,
) -> Report:
    """Run every phase and check against one server (over HTTP, or in-process given ``app``)."""
    started = time.perf_counter()
    spec = load_spec(provider)
    masker = Masker(secrets, sensitive_headers(spec))
    schema = load_schema(
        provider, base_url, max_examples=max_examples, seed=seed, app=app, max_pages=max_pages
    )
    adapter = install_auth(schema, auth)
    probe(schema, adapter, shown_url or base_url, masker)
    results = {
        op.label: OperationResult(label=op.label, operation_id=op.definition.raw.get("operationId"))
        for op in _operations(schema)
    }
    report = Report(
        provider=provider,
        base_url=shown_url or base_url,
        seed=seed,
        max_examples=max_examples,
    )
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _collect(event.recorder, results, masker)
        elif isinstance(event, events.NonFatalError):
            message = masker.text(f"{type(event.value).__name__}: {event.value}")
            target = results.get(event.label)
            if target is not None and event.related_to_operation:
                target.errors.append(message)
            else:
                report.errors.append(f"{event.label}: {message}")
        elif isinstance(event, events.FatalError):
            exception = event.exception
            report.errors.append(masker.text(f"{type(exception).__name__}: {exception}"))
    report.operations = list(results.values())
    report.elapsed_seconds = time.perf_counter() - started
    return report
