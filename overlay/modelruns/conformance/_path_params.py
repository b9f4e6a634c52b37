"""The user's ``--path-param`` ids, put into every request a run sends.

Through schemathesis' ``before_call`` hook, which ``Case.call`` runs for every case it sends
whatever built it: a generated case, one whose credentials are left out on purpose (never
signed, so an auth provider would never see it), the reachability probe, a link's next step, a
check's own requests (``ignored_auth``'s probes, the pagination walk), over HTTP or in process.
The hook is global in schemathesis, so it looks up the values of the case's own schema: a
schema no run installed values for is left alone.

A case whose path was generated to break the schema keeps the value that breaks it (the id is
what it tests); a valid id beside it is still the user's.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.schemas import BaseSchema

__all__ = ["apply_path_params", "install_path_params"]

# The values of each run, by the id of its schema's config (schemas are not hashable).
_values: dict[int, dict[str, str]] = {}
_lock = threading.Lock()
_hooked = False


def install_path_params(schema: BaseSchema, values: Mapping[str, str]) -> None:
    """Put ``values`` into every case of ``schema`` that is sent, while ``schema`` lives."""
    global _hooked
    if not values:
        return
    key = id(schema.config)
    with _lock:
        if not _hooked:
            schemathesis.hook("before_call")(_before_call)
            _hooked = True
        _values[key] = dict(values)
    weakref.finalize(schema, _values.pop, key, None)


def _before_call(
    context: schemathesis.HookContext, case: schemathesis.Case[Any], kwargs: dict[str, Any]
) -> None:
    values = _values.get(id(case.operation.schema.config))
    if values:
        apply_path_params(case, values)


def apply_path_params(case: schemathesis.Case[Any], values: Mapping[str, str]) -> None:
    """Put the user's value of each path parameter ``case``'s operation has into ``case``."""
    if not values:
        return
    negative = case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH)
    current = case.path_parameters or {}
    wanted = {
        parameter.name: values[parameter.name]
        for parameter in case.operation.path_parameters
        if parameter.name in values
        # In a case made to break its path, the parameter that breaks it keeps its value (it
        # is what the case tests); a valid one beside it is still the user's.
        and not (negative and not parameter.is_valid(current.get(parameter.name)))
    }
    if not wanted:
        return
    if case.path_parameters is None:
        case.path_parameters = {}
    case.path_parameters.update(wanted)
