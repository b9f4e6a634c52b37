"""What a run reads of its spec's operations: their order, ids, path parameters, what is left out.

Every walk goes through ``_specs.iter_operations`` over the run's spec (``--spec``'s or the
packaged one, `Target.spec`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelruns._specs import iter_operations

from ._guard import READ_METHODS
from ._options import RunOptions
from ._types import ConformanceUsageError

__all__ = [
    "operation_ids",
    "path_parameter_names",
    "read_only_writes",
    "refusals",
    "skip_reasons",
    "spec_order",
    "write_operation_ids",
]

#: schemathesis' own expectations for a schema-valid request (its positive-data check).
_POSITIVE_DEFAULTS = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")


def operation_ids(spec: Mapping[str, Any]) -> list[str]:
    """Every operationId of ``spec``, in spec order."""
    return [found.operation_id for found in iter_operations(spec) if found.operation_id]


def path_parameter_names(spec: Mapping[str, Any]) -> list[str]:
    """Every path parameter name of ``spec``'s operations, sorted."""
    return sorted(
        {
            part[1:-1]
            for found in iter_operations(spec)
            for part in found.path.split("/")
            if part.startswith("{")
        }
    )


def read_only_writes(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(METHOD, path) of the operations whose method writes but which the spec marks read-only."""
    return [
        (found.method, found.path)
        for found in iter_operations(spec)
        if found.operation.get("x-modelruns-read-only") and found.method not in READ_METHODS
    ]


def write_operation_ids(spec: Mapping[str, Any]) -> list[str]:
    """The operationIds a read-only run leaves out: a write method not marked read-only."""
    return [
        found.operation_id
        for found in iter_operations(spec)
        if found.method not in READ_METHODS
        and not found.operation.get("x-modelruns-read-only")
        and found.operation_id
    ]


def spec_order(spec: Mapping[str, Any]) -> dict[str, int]:
    """``METHOD /path`` -> its place in ``spec``."""
    labels: dict[str, int] = {}
    for found in iter_operations(spec):
        labels.setdefault(f"{found.method} {found.path}", len(labels))
    return labels


def skip_reasons(spec: Mapping[str, Any], name: str, options: RunOptions) -> dict[str, str]:
    """``METHOD /path`` -> why that operation is not checked, for every operation left out.

    An ``--include-operation-id`` or ``--exclude-operation-id`` that names no operation of the
    spec is a `ConformanceUsageError` listing the valid ones (``name`` is the provider's).
    """
    all_ids = operation_ids(spec)
    for flag, wanted in (
        ("--include-operation-id", options.include_operation_ids),
        ("--exclude-operation-id", options.exclude_operation_ids),
    ):
        unknown = sorted(set(wanted) - set(all_ids))
        if unknown:
            raise ConformanceUsageError(
                f"{flag} {', '.join(unknown)}: not an operationId of {name}; "
                f"valid: {', '.join(sorted(all_ids))}"
            )
    marked = read_only_writes(spec)
    reasons: dict[str, str] = {}
    for found in iter_operations(spec):
        method, operation_id = found.method, found.operation.get("operationId")
        label = f"{method} {found.path}"
        if options.include_operation_ids and operation_id not in options.include_operation_ids:
            reasons[label] = "not in --include-operation-id"
        elif operation_id in options.exclude_operation_ids:
            reasons[label] = "excluded by --exclude-operation-id"
        elif (
            not options.writes and method not in READ_METHODS and (method, found.path) not in marked
        ):
            reasons[label] = (
                f"{method} changes state: not sent in a read-only run (--allow-writes sends it)"
            )
    return reasons


def refusals(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per-operation check settings for the spec's `x-modelruns-refusals`.

    A refusal is a status a schema-valid request can still get from the real server (the
    resource's state, a rule across fields): it is not a contract violation, so the
    positive-data check expects it for that operation as well as its defaults.
    """
    settings = []
    for found in iter_operations(spec):
        entries = found.operation.get("x-modelruns-refusals")
        if not entries:
            continue
        statuses = [*_POSITIVE_DEFAULTS, *(str(entry["status"]) for entry in entries)]
        settings.append(
            {
                "include-operation-id": found.operation["operationId"],
                "checks": {"positive_data_acceptance": {"expected-statuses": statuses}},
            }
        )
    return settings
