"""A run's spec loaded into schemathesis, configured for a deterministic run.

Every phase runs (examples, coverage, fuzzing, stateful through the spec's ``links``), in
positive and negative modes, with every default check plus ``pagination_terminates``. The run
is derandomized with a fixed seed, so the same server gets the same requests.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation, BaseSchema

from . import _checks
from ._operations import operation_ids, refusals, write_operation_ids
from ._options import RunOptions

__all__ = ["load_schema", "operations"]


def _config(
    spec: Mapping[str, Any], base_url: str, *, max_examples: int, seed: int, options: RunOptions
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
        "operations": refusals(spec),
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
    # bound (`_events.execute` stops the engine when it passes).
    if not options.writes:
        # The coverage phase probes each path with the methods it does not declare; a read-only
        # run probes only with the read methods.
        settings["phases"] = {"coverage": {"unexpected-methods": ["get", "options"]}}
    return schemathesis.Config.from_dict(settings)


def load_schema(
    spec: Mapping[str, Any],
    base_url: str,
    *,
    max_examples: int,
    seed: int,
    app: Any = None,
    max_pages: int = _checks.DEFAULT_MAX_PAGES,
    options: RunOptions | None = None,
) -> BaseSchema:
    """``spec`` loaded into schemathesis, configured for a deterministic run.

    With ``options``, the operations it leaves out (writes in a read-only run, operation ids
    not included or excluded) are filtered out of the returned schema.
    """
    options = options or RunOptions()
    config = _config(spec, base_url, max_examples=max_examples, seed=seed, options=options)
    # schemathesis annotates the spec in place; the cached spec stays untouched.
    schema: BaseSchema = schemathesis.openapi.from_dict(dict(copy.deepcopy(spec)), config=config)
    if app is not None:
        schema.app = app
    # Only excludes: an include filter is widened by the per-operation `operations` settings.
    left_out = set(options.exclude_operation_ids)
    if options.include_operation_ids:
        left_out |= set(operation_ids(spec)) - set(options.include_operation_ids)
    if left_out:
        schema = schema.exclude(operation_id=sorted(left_out))
    if not options.writes:
        # Includes widen each other; excludes narrow: the operations that write are excluded
        # (a write method's operation the spec marks `x-modelruns-read-only` only reads).
        writes = write_operation_ids(spec)
        if writes:
            schema = schema.exclude(operation_id=sorted(writes))
    _checks.set_max_pages(schema, max_pages)
    schema.hook("map_case")(_without_unissued_tokens)
    return schema


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


def operations(schema: BaseSchema) -> Iterator[APIOperation[Any, Any, Any, Any]]:
    """Every operation of ``schema`` that schemathesis could load."""
    for result in schema.get_all_operations():
        # Our specs are validated by their own tests; an operation schemathesis cannot load is
        # reported by its engine as an error event.
        if isinstance(result, Ok):
            yield result.ok()
