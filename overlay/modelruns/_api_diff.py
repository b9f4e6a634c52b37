"""The classification core of ``make api-diff`` (``scripts/api_diff.py`` is its command line),
here so that ``modelruns spec suggest`` can classify the change it writes.

Per operation (by operationId) and per schema: operations added or removed; parameters added,
removed, newly required or optional; request bodies; fields added or removed, newly required or
optional; type, format, nullability and default changes; enum values added or removed;
pagination and idempotency changes. Each change is classified for SDK users:

* ``breaking``: code written against the old SDK can fail after regenerating (a method,
  keyword, model or attribute is gone; a call that was valid is now refused; a decoded value
  can now be absent, null or of another type).
* ``additive``: old code keeps working (new methods, optional keywords, fields, enum values in
  responses, which decoding accepts; wider request types; retry rules).

The rules follow oasdiff's breaking-change checks, read from the side of the SDK: a change to
a schema is judged by where the schema is used (request, response or both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelruns._specs import RefError, iter_operations, read_run_states, read_waiters, resolve

__all__ = [
    "ADDITIVE",
    "BREAKING",
    "Change",
    "diff",
    "markdown_report",
    "text_report",
]

BREAKING = "breaking"
ADDITIVE = "additive"
REQUEST = "request"
RESPONSE = "response"
# Formats that change the Python type openapi-python-client generates for a string.
_TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})


@dataclass(frozen=True)
class Change:
    """One reported change."""

    scope: str  # "operation listRuns", "schema Run"
    what: str
    kind: str  # BREAKING or ADDITIVE
    signature: str | None = None  # the SDK method's new signature, when it is new or changed


# -- schemas ----------------------------------------------------------------------------------


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (a broken or cyclic one resolves to an empty schema)."""
    try:
        return resolve(spec, node)
    except RefError:
        return {}


def _ref_name(node: Any) -> str | None:
    """The component name a ``$ref`` schema points at."""
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


def _operations(spec: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    return [(o.path, o.method.lower(), o.path_item, o.operation) for o in iter_operations(spec)]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def schema_usage(spec: Mapping[str, Any]) -> dict[str, set[str]]:
    """For each component schema, whether requests, responses (or both) carry it."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    direct: dict[str, set[str]] = {name: set() for name in schemas}
    for _, _, item, op in _operations(spec):
        request: list[Any] = [*item.get("parameters", []), *op.get("parameters", [])]
        request.append(op.get("requestBody"))
        for node in request:
            for name in _refs(_resolve(spec, node) if node is not None else None):
                direct.setdefault(name, set()).add(REQUEST)
        for response in (op.get("responses") or {}).values():
            for name in _refs(_resolve(spec, response)):
                direct.setdefault(name, set()).add(RESPONSE)
    usage = {name: set(found) for name, found in direct.items()}
    changed = True
    while changed:  # a schema a request or response schema refers to is carried the same way
        changed = False
        for name, schema in schemas.items():
            for inner in _refs(schema):
                before = len(usage.setdefault(inner, set()))
                usage[inner] |= usage.get(name, set())
                changed |= len(usage[inner]) != before
    # A schema no operation uses is judged both ways (its model is still generated).
    return {name: found or {REQUEST, RESPONSE} for name, found in usage.items()}


def _types(node: Mapping[str, Any]) -> tuple[frozenset[str], bool]:
    kinds = node.get("type")
    if isinstance(kinds, str):
        found = {kinds}
    elif isinstance(kinds, list):
        found = {str(k) for k in kinds}
    else:
        found = set()
    nullable = "null" in found or bool(node.get("nullable", False))
    return frozenset(found - {"null"}), nullable


def _widens(old: frozenset[str], new: frozenset[str]) -> bool:
    """Every value of the old type is a value of the new one."""
    return old <= new or (old == {"integer"} and new == {"number"})


def _judge(directions: set[str], *, request: str, response: str) -> str:
    """The worse of a change's two readings, for the directions a schema is used in."""
    kinds = []
    if REQUEST in directions:
        kinds.append(request)
    if RESPONSE in directions:
        kinds.append(response)
    return BREAKING if BREAKING in kinds else ADDITIVE


def compare_schema(
    old: Any, new: Any, where: str, directions: set[str], scope: str
) -> Iterator[Change]:
    """Changes between two versions of one schema node (``$ref``s compared by name)."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return
    old_ref, new_ref = _ref_name(old), _ref_name(new)
    if old_ref or new_ref:
        if old_ref != new_ref:
            yield Change(
                scope, f"{where}: type {old_ref or _show(old)} -> {new_ref or _show(new)}", BREAKING
            )
        return
    (old_types, old_null), (new_types, new_null) = _types(old), _types(new)
    if old_types != new_types and old_types and new_types:
        kind = _judge(
            directions,
            request=ADDITIVE if _widens(old_types, new_types) else BREAKING,
            response=ADDITIVE if _widens(new_types, old_types) else BREAKING,
        )
        yield Change(scope, f"{where}: type {_kinds(old_types)} -> {_kinds(new_types)}", kind)
    if old_null != new_null:
        kind = _judge(
            directions,
            request=ADDITIVE if new_null else BREAKING,
            response=BREAKING if new_null else ADDITIVE,
        )
        now = "now nullable" if new_null else "no longer nullable"
        yield Change(scope, f"{where}: {now}", kind)
    yield from _compare_format(old, new, where, directions, scope)
    yield from _compare_enum(old, new, where, directions, scope)
    if old.get("default") != new.get("default"):
        # What the server assumes when nothing is sent: calls stay valid (oasdiff: info).
        shown = f"{old.get('default', '(none)')} -> {new.get('default', '(none)')}"
        yield Change(scope, f"{where}: default {shown}", ADDITIVE)
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, Mapping) and isinstance(new_items, Mapping):
        yield from compare_schema(old_items, new_items, f"{where}[]", directions, scope)
    yield from _compare_properties(old, new, where, directions, scope)


def _compare_format(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, directions: set[str], scope: str
) -> Iterator[Change]:
    before, after = old.get("format"), new.get("format")
    if before == after:
        return
    python_type_changes = bool({before, after} & _TYPED_FORMATS)
    yield Change(
        scope,
        f"{where}: format {before or '(none)'} -> {after or '(none)'}",
        _judge(
            directions,
            # A request format that is added or changed refuses values that were valid.
            request=ADDITIVE if after is None else BREAKING,
            # A response format matters to SDK users when the decoded Python type changes.
            response=BREAKING if python_type_changes else ADDITIVE,
        ),
    )


def _compare_enum(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, directions: set[str], scope: str
) -> Iterator[Change]:
    before, after = old.get("enum"), new.get("enum")
    if before == after:
        return
    if before is None or after is None:
        yield Change(
            scope,
            f"{where}: {'now an enum' if after is not None else 'no longer an enum'}",
            _judge(
                directions,
                request=BREAKING if after is not None else ADDITIVE,
                # Enum members compare equal to their strings; their removal loses the class.
                response=ADDITIVE if after is not None else BREAKING,
            ),
        )
        return
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    if added:
        # Decoding is forward-compatible, so a new value in a response is additive too.
        yield Change(scope, f"{where}: enum values added: {_values(added)}", ADDITIVE)
    if removed:
        yield Change(scope, f"{where}: enum values removed: {_values(removed)}", BREAKING)


def _compare_properties(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str, directions: set[str], scope: str
) -> Iterator[Change]:
    old_props = old.get("properties") or {}
    new_props = new.get("properties") or {}
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    for name in old_props:
        if name not in new_props:
            # A removed response field is an attribute callers read; in a request, a keyword.
            yield Change(scope, f"{where}.{name}: field removed", BREAKING)
    for name in new_props:
        if name not in old_props:
            required = name in new_required
            yield Change(
                scope,
                f"{where}.{name}: field added{' (required)' if required else ''}",
                _judge(directions, request=BREAKING if required else ADDITIVE, response=ADDITIVE),
            )
    for name in old_props:
        if name not in new_props:
            continue
        if name in new_required and name not in old_required:
            yield Change(
                scope,
                f"{where}.{name}: now required",
                _judge(directions, request=BREAKING, response=ADDITIVE),
            )
        elif name in old_required and name not in new_required:
            yield Change(
                scope,
                f"{where}.{name}: now optional",
                _judge(directions, request=ADDITIVE, response=BREAKING),
            )
        yield from compare_schema(
            old_props[name], new_props[name], f"{where}.{name}", directions, scope
        )


def _kinds(types: frozenset[str]) -> str:
    return "|".join(sorted(types))


def _values(values: Sequence[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _show(node: Mapping[str, Any]) -> str:
    types, _ = _types(node)
    return _kinds(types) or "(any)"


# -- operations -------------------------------------------------------------------------------


def _by_id(spec: Mapping[str, Any]) -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    found = {}
    for path, method, item, op in _operations(spec):
        operation_id = op.get("operationId") or f"{method.upper()} {path}"
        found[str(operation_id)] = (path, method, item, op)
    return found


def _params(
    spec: Mapping[str, Any], item: Mapping[str, Any], op: Mapping[str, Any]
) -> dict[tuple[str, str], dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in [*item.get("parameters", []), *op.get("parameters", [])]:
        resolved = _resolve(spec, entry)
        if isinstance(resolved, Mapping) and "name" in resolved and "in" in resolved:
            merged[(str(resolved["in"]), str(resolved["name"]))] = dict(resolved)
    return merged


#: The SDK method signature of an operation ``(spec, (path, method, item, op))``; the
#: generator's (``scripts/api_diff.py`` passes it) or none.
Signature = Callable[
    [Mapping[str, Any], tuple[str, str, dict[str, Any], dict[str, Any]]], str | None
]


def _no_signature(
    spec: Mapping[str, Any], entry: tuple[str, str, dict[str, Any], dict[str, Any]]
) -> str | None:
    return None


def _success(spec: Mapping[str, Any], op: Mapping[str, Any]) -> Any:
    responses = op.get("responses") or {}
    statuses = sorted(str(code) for code in responses if str(code).startswith("2"))
    if not statuses:
        return None
    content = (_resolve(spec, responses[statuses[0]]).get("content") or {}).get(
        "application/json"
    ) or {}
    return content.get("schema")


def _body(spec: Mapping[str, Any], op: Mapping[str, Any]) -> tuple[bool, bool, Any]:
    if "requestBody" not in op:
        return False, False, None
    body = _resolve(spec, op["requestBody"])
    schema = ((body.get("content") or {}).get("application/json") or {}).get("schema")
    return True, bool(body.get("required", False)), schema


def compare_operation(
    old_spec: Mapping[str, Any],
    new_spec: Mapping[str, Any],
    old_entry: tuple[str, str, dict[str, Any], dict[str, Any]],
    new_entry: tuple[str, str, dict[str, Any], dict[str, Any]],
    scope: str,
) -> Iterator[Change]:
    """Changes to one operation that both versions have."""
    old_path, old_method, old_item, old_op = old_entry
    new_path, new_method, new_item, new_op = new_entry
    if (old_path, old_method) != (new_path, new_method):
        # The method keeps its name; the regenerated SDK calls the new place.
        moved = f"{old_method.upper()} {old_path} -> {new_method.upper()} {new_path}"
        yield Change(scope, f"moved: {moved}", ADDITIVE)
    old_params = _params(old_spec, old_item, old_op)
    new_params = _params(new_spec, new_item, new_op)
    for key, param in old_params.items():
        label = f"parameter {key[1]} ({key[0]})"
        if key not in new_params:
            fixed = bool(param.get("x-modelruns-fixed"))
            yield Change(scope, f"{label}: removed", ADDITIVE if fixed else BREAKING)
            continue
        new = new_params[key]
        if bool(new.get("x-modelruns-fixed")) != bool(param.get("x-modelruns-fixed")):
            now = "sent by the client" if new.get("x-modelruns-fixed") else "a keyword"
            gone = bool(new.get("x-modelruns-fixed"))
            yield Change(scope, f"{label}: now {now}", BREAKING if gone else ADDITIVE)
        was_required = bool(param.get("required", key[0] == "path"))
        is_required = bool(new.get("required", key[0] == "path"))
        if is_required and not was_required and not new.get("x-modelruns-fixed"):
            yield Change(scope, f"{label}: now required", BREAKING)
        elif was_required and not is_required:
            yield Change(scope, f"{label}: now optional", ADDITIVE)
        yield from compare_schema(
            _resolve(old_spec, param.get("schema", {})),
            _resolve(new_spec, new.get("schema", {})),
            label,
            {REQUEST},
            scope,
        )
    for key, param in new_params.items():
        if key in old_params:
            continue
        required = bool(param.get("required", key[0] == "path"))
        fixed = bool(param.get("x-modelruns-fixed"))
        label = f"parameter {key[1]} ({key[0]})"
        yield Change(
            scope,
            f"{label}: added{' (required)' if required and not fixed else ''}",
            BREAKING if required and not fixed else ADDITIVE,
        )
    yield from _compare_bodies(old_spec, new_spec, old_op, new_op, scope)
    old_success, new_success = _success(old_spec, old_op), _success(new_spec, new_op)
    old_model, new_model = _ref_name(old_success), _ref_name(new_success)
    if old_model != new_model:
        yield Change(scope, f"returns {old_model} -> {new_model}", BREAKING)
    yield from _compare_pagination(old_op, new_op, scope)
    old_idem = _idempotent(old_method, old_op)
    new_idem = _idempotent(new_method, new_op)
    if old_idem != new_idem:
        # Only how often a failed call is retried changes, never what a call accepts.
        state = "idempotent (retried)" if new_idem else "not idempotent (retried less)"
        yield Change(scope, f"now {state}", ADDITIVE)


def _compare_bodies(
    old_spec: Mapping[str, Any],
    new_spec: Mapping[str, Any],
    old_op: Mapping[str, Any],
    new_op: Mapping[str, Any],
    scope: str,
) -> Iterator[Change]:
    had, was_required, old_schema = _body(old_spec, old_op)
    has, is_required, new_schema = _body(new_spec, new_op)
    if had and not has:
        yield Change(scope, "request body removed", BREAKING)
    elif has and not had:
        yield Change(
            scope,
            f"request body added{' (required)' if is_required else ''}",
            BREAKING if is_required else ADDITIVE,
        )
    elif had and has:
        if is_required and not was_required:
            yield Change(scope, "request body now required", BREAKING)
        elif was_required and not is_required:
            yield Change(scope, "request body now optional", ADDITIVE)
        old_model, new_model = _ref_name(old_schema), _ref_name(new_schema)
        if old_model != new_model:
            yield Change(scope, f"request body {old_model} -> {new_model}", BREAKING)


def _idempotent(method: str, op: Mapping[str, Any]) -> bool:
    declared = op.get("x-modelruns-idempotent")
    if declared is None:
        return method.lower() in {"get", "head", "options", "put", "delete"}
    return bool(declared)


def _compare_pagination(
    old_op: Mapping[str, Any], new_op: Mapping[str, Any], scope: str
) -> Iterator[Change]:
    before = list(old_op.get("x-modelruns-pagination") or [])
    after = list(new_op.get("x-modelruns-pagination") or [])
    if before == after:
        return
    if not before or not after:
        # The method's return type changes between a model and a paginator.
        what = "now paginated" if after else "no longer paginated"
        yield Change(scope, f"pagination: {what}", BREAKING)
        return
    old_styles = [str(e.get("style")) for e in before]
    new_styles = [str(e.get("style")) for e in after]
    if before[0].get("items") != after[0].get("items"):
        yield Change(scope, "pagination: items field changed", BREAKING)
    if old_styles != new_styles:
        shown = f"{', '.join(old_styles)} -> {', '.join(new_styles)}"
        yield Change(scope, f"pagination: styles {shown}", ADDITIVE)
    elif before[0].get("items") == after[0].get("items"):
        # Token and page parameter names: the SDK's paginator follows the spec.
        yield Change(scope, "pagination: parameters changed", ADDITIVE)


# -- the whole diff ---------------------------------------------------------------------------


def diff(
    old: Mapping[str, Any], new: Mapping[str, Any], *, signature: Signature = _no_signature
) -> list[Change]:
    """Every change from ``old`` to ``new``, operations first, then schemas (with ``signature``,
    the SDK method signatures that are new or changed)."""
    _signature = signature
    changes: list[Change] = []
    old_ops, new_ops = _by_id(old), _by_id(new)
    for operation_id, entry in old_ops.items():
        if operation_id not in new_ops:
            scope = f"operation {operation_id}"
            changes.append(Change(scope, "removed", BREAKING, _signature(old, entry)))
    for operation_id, entry in new_ops.items():
        scope = f"operation {operation_id}"
        if operation_id not in old_ops:
            changes.append(Change(scope, "added", ADDITIVE, _signature(new, entry)))
            continue
        found = list(compare_operation(old, new, old_ops[operation_id], entry, scope))
        before, after = _signature(old, old_ops[operation_id]), _signature(new, entry)
        if before != after:
            if found:
                first = found[0]
                found[0] = Change(first.scope, first.what, first.kind, after)
            else:
                found.append(Change(scope, "SDK signature changed", ADDITIVE, after))
        changes += found
    old_schemas = (old.get("components") or {}).get("schemas") or {}
    new_schemas = (new.get("components") or {}).get("schemas") or {}
    usage_old, usage_new = schema_usage(old), schema_usage(new)
    for name in old_schemas:
        if name not in new_schemas:
            changes.append(Change(f"schema {name}", "removed", BREAKING))
    for name, schema in new_schemas.items():
        scope = f"schema {name}"
        if name not in old_schemas:
            changes.append(Change(scope, "added", ADDITIVE))
            continue
        directions = usage_old.get(name, set()) | usage_new.get(name, set())
        changes += compare_schema(old_schemas[name], schema, name, directions, scope)
    changes += compare_waiting(old, new)
    return changes


def _waiters(spec: Mapping[str, Any]) -> dict[str, str]:
    try:
        return {w.method: w.operation_id for w in read_waiters(spec)}
    except ValueError:
        return {}


def _run_states(spec: Mapping[str, Any]) -> dict[str, str]:
    try:
        return dict(read_run_states(spec).states)
    except (ValueError, KeyError, TypeError):
        return {}


def compare_waiting(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Waiters (``x-modelruns-wait``) added or removed, and status values whose run state
    (``x-modelruns-run-states``) changed: a wait would end, or not, where it did not before."""
    changes: list[Change] = []
    old_waiters, new_waiters = _waiters(old), _waiters(new)
    for method, operation_id in old_waiters.items():
        if method not in new_waiters:
            changes.append(Change(f"waiter {method}", f"removed ({operation_id})", BREAKING))
    for method, operation_id in new_waiters.items():
        if method not in old_waiters:
            changes.append(Change(f"waiter {method}", f"added ({operation_id})", ADDITIVE))
        elif old_waiters[method] != operation_id:
            moved = f"now polls {operation_id} (was {old_waiters[method]})"
            changes.append(Change(f"waiter {method}", moved, ADDITIVE))
    old_states, new_states = _run_states(old), _run_states(new)
    for value, state in new_states.items():
        before = old_states.get(value)
        if before is not None and before != state:
            what = f"{value}: {before} -> {state}"
            changes.append(Change("run states", what, BREAKING))
    return changes


# -- reports ----------------------------------------------------------------------------------


def text_report(label: str, changes: Sequence[Change]) -> str:
    """Plain text: one line per change, the new signatures indented under their operation."""
    if not changes:
        return f"{label}: no API changes"
    breaking = sum(c.kind == BREAKING for c in changes)
    lines = [f"{label}: {len(changes)} changes, {breaking} breaking"]
    for change in changes:
        lines.append(f"  [{change.kind}] {change.scope}: {change.what}")
        if change.signature:
            lines.append(f"      {change.signature}")
    return "\n".join(lines)


def markdown_report(label: str, changes: Sequence[Change]) -> str:
    """A changelog section: breaking changes first, then additive ones, then signatures."""
    lines = [f"### {label}", ""]
    if not changes:
        return "\n".join([*lines, "No API changes.", ""])
    for kind, title in ((BREAKING, "Breaking changes"), (ADDITIVE, "Additive changes")):
        chosen = [c for c in changes if c.kind == kind]
        if chosen:
            lines += [f"#### {title}", ""]
            lines += [f"- `{c.scope}`: {_md(c.what)}" for c in chosen]
            lines.append("")
    signed = [c for c in changes if c.signature]
    if signed:
        lines += ["#### SDK methods", "", "```python"]
        lines += [c.signature or "" for c in signed]
        lines += ["```", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
