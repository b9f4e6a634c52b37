"""Drives schemathesis' engine over one provider's spec and turns its events into a `Report`.

Every phase runs (examples, coverage, fuzzing, stateful through the spec's ``links``), in
positive and negative modes, with every default check plus ``pagination_terminates``. The run
is derandomized with a fixed seed, so the same server gets the same requests.
"""

from __future__ import annotations

import contextvars
import copy
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx
import requests
import schemathesis
from schemathesis.core.errors import NoLinksFound
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.engine import events, from_schema
from schemathesis.engine.recorder import ScenarioRecorder
from schemathesis.schemas import APIOperation, BaseSchema

from modelruns._specs import Provider, base_path_mismatch, load_spec
from modelruns._specs import base_path as spec_base_path
from modelruns._watchdog import _WATCHDOG

from . import _checks, _guard
from ._auth import HttpxAuthAdapter, apply_auth, install_auth
from ._masking import Masker, sensitive_headers
from ._options import DEFAULT_REQUEST_TIMEOUT, RunOptions
from ._path_params import install_path_params
from ._types import (
    CheckFailure,
    ConformanceUsageError,
    OperationResult,
    Report,
    UnreachableError,
)

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_SEED",
    "Progress",
    "check_server",
    "load_schema",
    "path_parameter_names",
]

#: Called after each scenario with the operation label, its requests and failures so far.
Progress = Callable[[str, int, int], None]

#: Examples per operation and phase when the caller does not say.
DEFAULT_MAX_EXAMPLES = 25

#: The generation seed when the caller does not say; fixed so that runs repeat.
DEFAULT_SEED = 20240903

#: The spec of the run in progress when ``RunOptions.spec`` replaces the packaged one.
_SPEC: contextvars.ContextVar[Mapping[str, Any] | None] = contextvars.ContextVar(
    "modelruns_conformance_spec", default=None
)


def _spec(provider: Provider) -> Mapping[str, Any]:
    """The spec this run checks against: ``--spec``'s file, else the packaged one."""
    given = _SPEC.get()
    return load_spec(provider) if given is None else given


#: Seconds to wait for any one response (when the caller does not say).
REQUEST_TIMEOUT = DEFAULT_REQUEST_TIMEOUT
#: schemathesis' own expectations for a schema-valid request (its positive-data check).
_POSITIVE_DEFAULTS = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")


def _config(
    provider: Provider, base_url: str, *, max_examples: int, seed: int, options: RunOptions
) -> schemathesis.Config:
    settings: dict[str, Any] = {
        "seed": seed,
        "base-url": base_url.rstrip("/"),
        "workers": 1,
        "request-timeout": options.request_timeout,
        # A request is never sent twice because the first attempt failed.
        "request-retries": 0,
        "tls-verify": options.tls_verify,
        # Runs leave nothing behind in the working directory.
        "cache": {"enabled": False},
        "operations": _refusals(_spec(provider)),
        "generation": {
            "mode": "all",
            "max-examples": max_examples,
            "deterministic": True,
            "database": "none",
        },
    }
    if options.headers:
        settings["headers"] = dict(options.headers)
    if options.rate_limit:
        settings["rate-limit"] = options.rate_limit
    if options.proxy:
        settings["proxy"] = options.proxy
    # No "max-time" here: the engine's is a budget its phases repeat until spent; ours is a
    # bound (`_execute` stops the engine when it passes).
    if not options.writes:
        # The coverage phase probes each path with the methods it does not declare; a read-only
        # run probes only with the read methods.
        settings["phases"] = {"coverage": {"unexpected-methods": ["get", "options"]}}
    return schemathesis.Config.from_dict(settings)


def load_schema(
    provider: Provider,
    base_url: str,
    *,
    max_examples: int,
    seed: int,
    app: Any = None,
    max_pages: int = _checks.DEFAULT_MAX_PAGES,
    options: RunOptions | None = None,
) -> BaseSchema:
    """The provider's spec loaded into schemathesis, configured for a deterministic run.

    With ``options``, the operations it leaves out (writes in a read-only run, operation ids
    not included or excluded) are filtered out of the returned schema.
    """
    options = options or RunOptions()
    config = _config(provider, base_url, max_examples=max_examples, seed=seed, options=options)
    # schemathesis annotates the spec in place; the cached spec stays untouched.
    schema: BaseSchema = schemathesis.openapi.from_dict(
        dict(copy.deepcopy(_spec(provider))), config=config
    )
    if app is not None:
        schema.app = app
    # Only excludes: an include filter is widened by the per-operation `operations` settings.
    left_out = set(options.exclude_operation_ids)
    if options.include_operation_ids:
        left_out |= set(_operation_ids(provider)) - set(options.include_operation_ids)
    if left_out:
        schema = schema.exclude(operation_id=sorted(left_out))
    if not options.writes:
        # Includes widen each other; excludes narrow: the operations that write are excluded
        # (a write method's operation the spec marks `x-modelruns-read-only` only reads).
        writes = [
            operation_id
            for method, _, operation_id, read_only in _spec_operations(provider)
            if method not in _guard.READ_METHODS and not read_only and operation_id
        ]
        if writes:
            schema = schema.exclude(operation_id=sorted(writes))
    _checks.set_max_pages(schema, max_pages)
    schema.hook("map_case")(_without_unissued_tokens)
    return schema


def _spec_operations(provider: Provider) -> list[tuple[str, str, str | None, bool]]:
    """(METHOD, path, operationId, marked read-only) of every operation, in spec order."""
    found = []
    for path, item in load_spec(provider).get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, Mapping) and method.upper() in _HTTP_METHODS:
                operation_id = operation.get("operationId")
                read_only = bool(operation.get("x-modelruns-read-only"))
                found.append((method.upper(), str(path), operation_id, read_only))
    return found


def read_only_writes(provider: Provider) -> list[tuple[str, str]]:
    """(METHOD, path) of the operations whose method writes but which the spec marks read-only."""
    return [
        (method, path)
        for method, path, _, read_only in _spec_operations(provider)
        if read_only and method not in _guard.READ_METHODS
    ]


def _operation_ids(provider: Provider) -> list[str]:
    return [
        str(operation["operationId"])
        for item in _spec(provider).get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, Mapping) and operation.get("operationId")
    ]


def path_parameter_names(provider: Provider) -> list[str]:
    """Every path parameter name of the provider's spec, sorted."""
    spec = _spec(provider)
    names: set[str] = set()
    for path, item in spec.get("paths", {}).items():
        names.update(part[1:-1] for part in str(path).split("/") if part.startswith("{"))
        del item
    return sorted(names)


def _skip_reasons(provider: Provider, options: RunOptions) -> dict[str, str]:
    """``METHOD /path`` -> why that operation is not checked, for every operation left out."""
    spec = _spec(provider)
    all_ids: list[str] = []
    operations: list[tuple[str, str, str | None]] = []
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, Mapping) or method.startswith("x-"):
                continue
            if method.upper() not in _HTTP_METHODS:
                continue
            operation_id = operation.get("operationId")
            operations.append((method.upper(), str(path), operation_id))
            if operation_id:
                all_ids.append(str(operation_id))
    for flag, wanted in (
        ("--include-operation-id", options.include_operation_ids),
        ("--exclude-operation-id", options.exclude_operation_ids),
    ):
        unknown = sorted(set(wanted) - set(all_ids))
        if unknown:
            raise ConformanceUsageError(
                f"{flag} {', '.join(unknown)}: not an operationId of {provider}; "
                f"valid: {', '.join(sorted(all_ids))}"
            )
    reasons: dict[str, str] = {}
    for method, path, operation_id in operations:
        label = f"{method} {path}"
        if options.include_operation_ids and operation_id not in options.include_operation_ids:
            reasons[label] = "not in --include-operation-id"
        elif operation_id in options.exclude_operation_ids:
            reasons[label] = "excluded by --exclude-operation-id"
        elif (
            not options.writes
            and method not in _guard.READ_METHODS
            and (method, path) not in read_only_writes(provider)
        ):
            reasons[label] = (
                f"{method} changes state: not sent in a read-only run (--allow-writes sends it)"
            )
    return reasons


_HTTP_METHODS = frozenset(
    {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY"}
)


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
    if meta is None or not styles:
        return case
    for style in styles:
        token = style.get("request_token")
        if token is None or style.get("style") != "token":
            continue
        # The token travels in the query, or (`in: body`) in the JSON body.
        in_body = style.get("in") == "body"
        holder = case.body if in_body else case.query
        where = ParameterLocation.BODY if in_body else ParameterLocation.QUERY
        if isinstance(holder, dict) and not meta.is_negative_at(where):
            holder.pop(str(token), None)
    return case


def _operations(schema: BaseSchema) -> Iterator[APIOperation[Any, Any, Any, Any]]:
    for result in schema.get_all_operations():
        # Our specs are validated by their own tests; an operation schemathesis cannot load is
        # reported by its engine as an error event.
        if isinstance(result, Ok):
            yield result.ok()


def _probe_case(operation: APIOperation[Any, Any, Any, Any]) -> schemathesis.Case[Any]:
    # The spec's example ids; the user's own replace them when it is sent (`_path_params`).
    values = {
        parameter.name: parameter.definition.get("example")
        for parameter in operation.path_parameters
        if parameter.definition.get("example") is not None
    }
    return operation.Case(path_parameters=values)


def probe(
    schema: BaseSchema,
    adapter: HttpxAuthAdapter,
    base_url: str,
    masker: Masker,
    *,
    guard: _guard.RunGuard | None = None,
    options: RunOptions | None = None,
) -> None:
    """One signed GET to a list operation; `UnreachableError` when nothing useful answers."""
    options = options or RunOptions()
    gets = [op for op in _operations(schema) if op.method.upper() == "GET"]
    listing = [op for op in gets if op.definition.raw.get("x-modelruns-pagination")]
    if not gets:
        # Nothing is sent that the run itself would not send.
        return
    operation = (listing or gets)[0]
    case = _probe_case(operation)
    apply_auth(case, adapter)
    where = f"{operation.method.upper()} {base_url.rstrip('/')}{operation.path}"
    timeout = options.request_timeout
    session = _guard.guarded_session(
        guard or _guard.RunGuard(allow_writes=False, timeout=timeout), options.headers
    )
    kwargs: dict[str, Any] = {"timeout": timeout, "verify": options.tls_verify}
    if options.proxy:
        kwargs["proxies"] = {"all": options.proxy}
    try:
        response = case.call(session=session, **kwargs)
    except _guard.ResponseRefused as exc:
        raise UnreachableError(f"{where}: not an API: {exc}") from None
    except requests.Timeout:
        raise UnreachableError(f"{where}: no answer within {timeout:g} s") from None
    except requests.exceptions.SSLError:
        raise UnreachableError(
            f"{where}: TLS verification failed (--tls-verify takes a CA bundle, or false)"
        ) from None
    except requests.ConnectionError as exc:
        reason = _connection_reason(exc)
        raise UnreachableError(f"cannot reach {base_url}: {reason}") from None
    except (requests.RequestException, httpx.HTTPError) as exc:
        raise UnreachableError(masker.text(f"{where}: {exc}")) from None
    finally:
        session.close()
    content_type = response.headers.get("content-type", [""])[0] or "no Content-Type"
    try:
        response.json()
    except (ValueError, RecursionError):
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
    recorder: ScenarioRecorder,
    results: dict[str, OperationResult],
    masker: Masker,
    elapsed: float = 0.0,
) -> None:
    def result_for(case_id: str) -> OperationResult | None:
        node = recorder.cases.get(case_id)
        if node is None:
            return None
        label = node.value.operation.label
        return results.setdefault(label, OperationResult(label=label))

    sent_for: dict[str, int] = {}
    for case_id, sent in recorder.interactions.items():
        result = result_for(case_id)
        if result is not None:
            result.requests += 1
            sent_for[result.label] = sent_for.get(result.label, 0) + 1
            if sent.response is not None:
                code = sent.response.status_code
                result.statuses[code] = result.statuses.get(code, 0) + 1
    total = sum(sent_for.values())
    for label, count in sent_for.items():
        results[label].elapsed_seconds += elapsed * count / total
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


def _base_path_hint(provider: Provider, base_url: str, options: RunOptions) -> str:
    prefix = spec_base_path(provider)
    where = f"under {prefix}" if prefix else "at the host root"
    mismatch = base_path_mismatch(provider, base_url)
    hint = "every answer was 404: is --base-url the API's base URL? " + (
        mismatch or f"{provider}'s paths sit {where}"
    )
    if options.path_params:
        names = ", ".join(sorted(options.path_params))
        hint += f"; do the ids given with --path-param ({names}) exist?"
    elif path_parameter_names(provider):
        hint += "; give ids that exist with --path-param NAME=VALUE"
    return hint


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
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every phase and check against one server (over HTTP, or in-process given ``app``).

    An interruption (``KeyboardInterrupt``) while the engine runs ends the run early: the report
    says so (``interrupted``) and holds what was checked until then.
    """
    options = options or RunOptions()
    token = _SPEC.set(options.spec)
    try:
        return _check_server(
            provider,
            base_url,
            auth,
            secrets=secrets,
            max_examples=max_examples,
            seed=seed,
            app=app,
            max_pages=max_pages,
            shown_url=shown_url,
            options=options,
            progress=progress,
        )
    finally:
        _SPEC.reset(token)


def _check_server(
    provider: Provider,
    base_url: str,
    auth: httpx.Auth,
    *,
    secrets: list[str],
    max_examples: int,
    seed: int,
    app: Any,
    max_pages: int,
    shown_url: str | None,
    options: RunOptions,
    progress: Progress | None,
) -> Report:
    started = time.perf_counter()
    stop_at = None if options.max_time is None else time.monotonic() + options.max_time
    spec = _spec(provider)
    unknown = sorted(set(options.path_params) - set(path_parameter_names(provider)))
    if unknown:
        raise ConformanceUsageError(
            f"--path-param {', '.join(unknown)}: no path of {provider} has this parameter; "
            f"valid: {', '.join(path_parameter_names(provider))}"
        )
    skipped = _skip_reasons(provider, options)
    masker = Masker(
        [*secrets, *options.secrets()], [*sensitive_headers(spec), *options.secret_header_names()]
    )
    schema = load_schema(
        provider,
        base_url,
        max_examples=max_examples,
        seed=seed,
        app=app,
        max_pages=max_pages,
        options=options,
    )
    guard = _guard.RunGuard(
        allow_writes=options.writes,
        timeout=options.request_timeout,
        reads=read_only_writes(provider),
    )
    _guard.install(schema.config, schema, guard)
    adapter = install_auth(schema, auth)
    install_path_params(schema, options.path_params)
    report = Report(
        provider=provider,
        base_url=shown_url or base_url,
        seed=seed,
        max_examples=max_examples,
        read_only=not options.writes,
    )
    results: dict[str, OperationResult] = {}
    for label, reason in _skip_reasons_in_spec_order(provider, skipped):
        results[label] = OperationResult(label=label, skipped=reason)
    for op in _operations(schema):
        results[op.label] = OperationResult(
            label=op.label, operation_id=op.definition.raw.get("operationId")
        )
    order = _spec_order(provider)
    report.operations = sorted(results.values(), key=lambda op: order.get(op.label, len(order)))
    if any(op.skipped is None for op in report.operations):
        probe(schema, adapter, shown_url or base_url, masker, guard=guard, options=options)
        _execute(schema, guard, report, results, masker, progress, stop_at)
    _finish(report, guard, provider, base_url, options)
    report.elapsed_seconds = time.perf_counter() - started
    return report


def _spec_order(provider: Provider) -> dict[str, int]:
    labels: dict[str, int] = {}
    for path, item in _spec(provider).get("paths", {}).items():
        for method in item:
            if method.upper() in _HTTP_METHODS:
                labels.setdefault(f"{method.upper()} {path}", len(labels))
    return labels


def _skip_reasons_in_spec_order(
    provider: Provider, skipped: Mapping[str, str]
) -> list[tuple[str, str]]:
    order = _spec_order(provider)
    return sorted(skipped.items(), key=lambda item: order.get(item[0], len(order)))


def _execute(
    schema: BaseSchema,
    guard: _guard.RunGuard,
    report: Report,
    results: dict[str, OperationResult],
    masker: Masker,
    progress: Progress | None,
    stop_at: float | None,
) -> None:
    """Run the engine and collect its events into ``report``.

    ``stop_at`` (a `time.monotonic` instant, from ``--max-time``) bounds the run: when it
    passes, the engine is stopped as an interruption stops it: the scenario in flight finishes
    first (its requests are bounded by the request timeout) and the engine drops what it found.
    The report then says that the bound ended the run; it is not an interruption.
    """
    bound_reached = threading.Event()
    alarm = None
    try:
        if progress is not None:
            progress("", 0, 0)
        stream = from_schema(schema).execute()
        if stop_at is not None:

            def stop() -> None:
                bound_reached.set()
                stream.stop()

            alarm = _WATCHDOG.schedule(max(stop_at - time.monotonic(), 0.0), stop)
        for event in stream:
            if guard.hostile:
                # The server is not an API: nothing more it answers can prove anything.
                stream.stop()
            if isinstance(event, events.ScenarioFinished):
                _collect(event.recorder, results, masker, event.elapsed_time)
                if progress is not None and event.label in results:
                    result = results[event.label]
                    progress(event.label, result.requests, len(result.failures))
            elif isinstance(event, events.Interrupted) and not bound_reached.is_set():
                report.interrupted = True
            elif isinstance(event, events.NonFatalError) and isinstance(event.value, NoLinksFound):
                report.notes.append(
                    "stateful sequences not run: every link they follow leads to or from an "
                    "operation this run leaves out"
                )
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
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if alarm is not None:
            alarm.cancel()
    report.max_time_reached = bound_reached.is_set() and not report.interrupted


def _finish(
    report: Report,
    guard: _guard.RunGuard,
    provider: Provider,
    base_url: str,
    options: RunOptions,
) -> None:
    report.not_an_api = list(guard.hostile)
    if guard.refused:
        targets = ", ".join(_guard.refused_summary(guard.refused))
        report.notes.append(f"refused by the read-only rule (not sent): {targets}")
    if guard.not_resent:
        report.notes.append(
            f"{guard.not_resent} state-changing request(s) not sent again after a failure "
            "that may have reached the server"
        )
    if report.max_time_reached:
        reached = [op for op in report.checked if op.requests]
        # The guard counts every request sent, those of the scenario the bound cut short (the
        # engine drops what it found) and the reachability probe among them.
        sent = max(sum(guard.methods.values()), report.requests)
        report.notes.append(
            f"--max-time {options.max_time} s ended the run before its work was done: "
            f"{sent} requests sent, {report.requests} of them checked, to {len(reached)} of "
            f"{len(report.checked)} operation(s), {report.verified_count} verified"
        )
    statuses = {status for op in report.operations for status in op.statuses}
    if statuses == {404}:
        report.hint = _base_path_hint(provider, base_url, options)
