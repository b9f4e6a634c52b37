"""One run against one `Target`: its schema, its guard, the probe, the engine, the report.

`check_server` is the run's sequence, one step per module: the operations left out
(`_operations`), the schema (`_schema`), the guard on every request (`_guard`), signing
(`_auth`) and the user's ids (`_path_params`), the reachability probe (`_probe`), the engine's
events into the report (`_events`), then what the guard saw and the base-path hint.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from modelruns._specs import server_base_path, spec_base_path_mismatch

from . import _checks, _guard
from ._auth import install_auth
from ._events import Progress, execute
from ._masking import Masker, sensitive_headers
from ._operations import path_parameter_names, read_only_writes, skip_reasons, spec_order
from ._options import RunOptions
from ._path_params import install_path_params
from ._probe import probe
from ._schema import load_schema, operations
from ._target import Target
from ._types import ConformanceUsageError, OperationResult, Report

__all__ = ["DEFAULT_MAX_EXAMPLES", "DEFAULT_SEED", "Progress", "check_server"]

#: Examples per operation and phase when the caller does not say.
DEFAULT_MAX_EXAMPLES = 25

#: The generation seed when the caller does not say; fixed so that runs repeat.
DEFAULT_SEED = 20240903


def _base_path_hint(target: Target, options: RunOptions) -> str:
    """What an all-404 run suggests, from the run's spec (``--spec``'s when given)."""
    prefix = server_base_path(target.spec)
    where = f"under {prefix}" if prefix else "at the host root"
    mismatch = spec_base_path_mismatch(target.spec, target.provider, target.base_url)
    hint = "every answer was 404: is --base-url the API's base URL? " + (
        mismatch or f"{target.provider}'s paths sit {where}"
    )
    if options.path_params:
        names = ", ".join(sorted(options.path_params))
        hint += f"; do the ids given with --path-param ({names}) exist?"
    elif path_parameter_names(target.spec):
        hint += "; give ids that exist with --path-param NAME=VALUE"
    return hint


def _check_path_params(target: Target, options: RunOptions) -> None:
    valid = path_parameter_names(target.spec)
    unknown = sorted(set(options.path_params) - set(valid))
    if unknown:
        raise ConformanceUsageError(
            f"--path-param {', '.join(unknown)}: no path of {target.provider} has this "
            f"parameter; valid: {', '.join(valid)}"
        )


def _in_spec_order(spec: Mapping[str, object], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    order = spec_order(spec)
    return sorted(labels.items(), key=lambda item: order.get(item[0], len(order)))


def check_server(
    target: Target,
    *,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = DEFAULT_SEED,
    max_pages: int = _checks.DEFAULT_MAX_PAGES,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every phase and check against ``target`` (over HTTP, or in process for its app).

    An interruption (``KeyboardInterrupt``) while the engine runs ends the run early: the report
    says so (``interrupted``) and holds what was checked until then.
    """
    options = options or RunOptions()
    started = time.perf_counter()
    stop_at = None if options.max_time is None else time.monotonic() + options.max_time
    _check_path_params(target, options)
    skipped = skip_reasons(target.spec, target.provider, options)
    masker = Masker(
        [*target.secrets, *options.secrets()],
        [*sensitive_headers(target.spec), *options.secret_header_names()],
    )
    schema = load_schema(
        target.spec,
        target.base_url,
        max_examples=max_examples,
        seed=seed,
        app=target.app,
        max_pages=max_pages,
        options=options,
    )
    guard = _guard.RunGuard(
        allow_writes=options.writes,
        timeout=options.request_timeout,
        reads=read_only_writes(target.spec),
    )
    _guard.install(schema, guard)
    adapter = install_auth(schema, target.auth)
    install_path_params(schema, options.path_params)
    report = Report(
        provider=target.provider,
        base_url=target.shown_url,
        seed=seed,
        max_examples=max_examples,
        read_only=not options.writes,
    )
    results: dict[str, OperationResult] = {}
    for label, reason in _in_spec_order(target.spec, skipped):
        results[label] = OperationResult(label=label, skipped=reason)
    for op in operations(schema):
        results[op.label] = OperationResult(
            label=op.label, operation_id=op.definition.raw.get("operationId")
        )
    order = spec_order(target.spec)
    report.operations = sorted(results.values(), key=lambda op: order.get(op.label, len(order)))
    if any(op.skipped is None for op in report.operations):
        probe(schema, adapter, target.shown_url, masker, guard=guard, options=options)
        with _guard.engine_sessions(schema, guard):
            execute(schema, guard, report, results, masker, progress, stop_at)
    _finish(report, guard, target, options)
    report.elapsed_seconds = time.perf_counter() - started
    return report


def _finish(report: Report, guard: _guard.RunGuard, target: Target, options: RunOptions) -> None:
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
        report.hint = _base_path_hint(target, options)
