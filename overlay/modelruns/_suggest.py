"""The spec change recorded traffic shows (``modelruns spec suggest``), additive only.

Every exchange of the provider's operations (``_traffic``) is walked against the schema of its
status: an enum value the spec does not list is added to the enum, a field it does not declare
is added as optional with the type and format its values show (``date-time``, ``date``,
``uuid``, ``int64`` beyond 32 bits), a null where the spec allows none makes the field nullable,
a string longer than its ``maxLength`` raises the bound to the longest seen, and a status the
operation does not document is added with the shape of its bodies, as is a content type a
documented status does not list (the Data Platform's plain-text 500). Nothing is removed or made
stricter. Each change carries its provenance in ``x-modelruns-observed`` on the schema it
changes: what changed, the operations, how many exchanges showed it, an example and where.

The lenient decoder's deviations kept in a recording (``_modelruns_deviations``) are read too:
each one the bodies explain is counted in its change's provenance (``decoder``); the others
(a format that does not parse, a pattern not matched: not loosened here) are returned as notes,
as is what the bodies show that no additive change can say (a required field absent, a value
of another JSON type).
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from modelruns._specs import resolve
from modelruns._traffic import (
    Exchange,
    Matcher,
    TrafficError,
    documented_media,
    documented_status,
)

__all__ = ["OBSERVED", "Suggestion", "infer_schema", "suggest"]

#: The extension holding a change's provenance.
OBSERVED = "x-modelruns-observed"
_EXAMPLE_CHARS = 120
_INT32 = 2**31 - 1
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_INDEX = re.compile(r"\[\d+\]")


@dataclass
class _Change:
    """One change to make, with its evidence."""

    what: str
    target: dict[str, Any]  # the schema (or responses) node the change lands on
    apply_key: tuple[Any, ...]
    operations: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    example: str = ""
    source: str = ""
    sources: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)
    decoder: int = 0


@dataclass
class Suggestion:
    """The suggested spec and what changed in it."""

    spec: dict[str, Any]
    changes: list[str]
    notes: list[str]
    matched: int


def _example(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 3] + "..."


def _types(node: Mapping[str, Any]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return set()


def _allows_null(spec: Mapping[str, Any], node: Any) -> bool:
    node = resolve(spec, node)
    if not isinstance(node, Mapping):
        return True
    if "null" in _types(node) or node.get("const", 0) is None:
        return True
    if None in (node.get("enum") or ()):
        return True
    branches = [*(node.get("anyOf") or ()), *(node.get("oneOf") or ())]
    if branches:
        return any(_allows_null(spec, branch) for branch in branches)
    return not _types(node) and "$ref" not in node and "enum" not in node


def _string_format(values: Sequence[str]) -> str | None:
    for name, pattern in (("date-time", _DATE_TIME), ("date", _DATE), ("uuid", _UUID)):
        if values and all(pattern.match(value) for value in values):
            return name
    return None


def infer_schema(values: Sequence[Any]) -> dict[str, Any]:
    """The schema a field's observed values show (every key optional, nulls as ``null``)."""
    kinds: dict[str, list[Any]] = {}
    for value in values:
        if value is None:
            kind = "null"
        elif isinstance(value, bool):
            kind = "boolean"
        elif isinstance(value, int):
            kind = "integer"
        elif isinstance(value, float):
            kind = "number"
        elif isinstance(value, str):
            kind = "string"
        elif isinstance(value, list):
            kind = "array"
        else:
            kind = "object"
        kinds.setdefault(kind, []).append(value)
    if "integer" in kinds and "number" in kinds:
        kinds["number"] += kinds.pop("integer")
    schema: dict[str, Any] = {}
    names = sorted(kinds, key=lambda k: (k == "null", k))
    schema["type"] = names[0] if len(names) == 1 else names
    if "string" in kinds:
        found = _string_format(kinds["string"])
        if found:
            schema["format"] = found
    if "integer" in kinds and any(abs(v) > _INT32 for v in kinds["integer"]):
        schema["format"] = "int64"
    if "array" in kinds:
        schema["items"] = infer_schema([item for value in kinds["array"] for item in value])
        if not any(kinds["array"]):
            schema["items"] = {}
    if "object" in kinds:
        keys: dict[str, list[Any]] = {}
        for value in kinds["object"]:
            for key, item in value.items():
                keys.setdefault(str(key), []).append(item)
        schema["properties"] = {key: infer_schema(items) for key, items in keys.items()}
    return schema


class _Walker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.changes: dict[tuple[Any, ...], _Change] = {}
        #: (operation, JSON path, what) -> places: what the traffic shows but no additive
        #: change can say (a required field absent, a value of another type).
        self.unsuggested: dict[tuple[str, str, str], int] = {}

    def unsuggest(self, operation: str, path: str, what: str) -> None:
        key = (operation, _INDEX.sub("[*]", path), what)
        self.unsuggested[key] = self.unsuggested.get(key, 0) + 1

    def note(
        self,
        what: str,
        target: dict[str, Any],
        key: tuple[Any, ...],
        operation: str,
        path: str,
        value: Any,
        source: str,
    ) -> None:
        full = (id(target), *key)
        change = self.changes.get(full)
        if change is None:
            change = self.changes[full] = _Change(
                what, target, key, example=_example(value), source=source
            )
        generic = _INDEX.sub("[*]", path)
        if operation not in change.operations:
            change.operations.append(operation)
        if generic not in change.paths:
            change.paths.append(generic)
        if source not in change.sources:
            change.sources.append(source)
        change.values.append(value)

    def walk(self, schema: Any, value: Any, path: str, operation: str, source: str) -> None:
        node = resolve(self.spec, schema)
        if not isinstance(node, dict):
            return
        branches = [*(node.get("anyOf") or ()), *(node.get("oneOf") or ())]
        if branches:
            # Only a nullable ``anyOf`` (one branch that is not null) is walked into.
            others = [b for b in branches if _types(resolve(self.spec, b)) != {"null"}]
            if len(others) == 1:
                self.walk(others[0], value, path, operation, source)
            return
        if value is None:
            return  # judged by the parent, which can make the field nullable
        kinds = _types(node)
        if kinds and not kinds & _json_types(value):
            self.unsuggest(
                operation,
                path,
                f"{_kind(value)} where the spec says {'/'.join(sorted(kinds))}",
            )
            return
        enum = node.get("enum")
        if isinstance(enum, list) and value not in enum and isinstance(value, str | int):
            self.note("enum", node, ("enum", value), operation, path, value, source)
        if isinstance(value, str):
            bound = node.get("maxLength")
            if isinstance(bound, int) and len(value) > bound:
                self.note("maxLength", node, ("maxLength",), operation, path, value, source)
        elif isinstance(value, list):
            items = node.get("items")
            if items is not None:
                for index, item in enumerate(value):
                    self.walk(items, item, f"{path}[{index}]", operation, source)
        elif isinstance(value, dict):
            self.walk_object(node, value, path, operation, source)

    def walk_object(
        self, node: dict[str, Any], value: dict[str, Any], path: str, operation: str, source: str
    ) -> None:
        properties = node.get("properties")
        extra = node.get("additionalProperties")
        for name in node.get("required") or ():
            if name not in value:
                self.unsuggest(operation, f"{path}.{name}", "a required field absent")
        for key, item in value.items():
            where = f"{path}.{key}"
            if isinstance(properties, dict) and key in properties:
                declared = properties[key]
                if item is None and not _allows_null(self.spec, declared):
                    self.note(
                        "nullable", properties, ("nullable", key), operation, where, item, source
                    )
                self.walk(declared, item, where, operation, source)
            elif isinstance(extra, dict):
                self.walk(extra, item, where, operation, source)
            elif isinstance(properties, dict) and extra is not False:
                self.note("field", node, ("field", key), operation, where, item, source)

    def status(
        self, responses: dict[str, Any], exchange: Exchange, operation: str, source: str
    ) -> None:
        parsed, body = exchange.json()
        key = ("status", str(exchange.status))
        value = body if parsed else None
        self.note("status", responses, key, operation, "$", value, source)
        change = self.changes[(id(responses), *key)]
        change.values[-1] = (exchange.media_type, parsed, body)

    def media(
        self, response: dict[str, Any], exchange: Exchange, operation: str, source: str
    ) -> None:
        parsed, body = exchange.json()
        key = ("media", exchange.media_type)
        self.note("media", response, key, operation, "$", body if parsed else None, source)
        change = self.changes[(id(response), *key)]
        change.values[-1] = (exchange.media_type, parsed, body)


def _kind(value: Any) -> str:
    """The JSON type of a value, as a schema names it."""
    return (
        "integer"
        if isinstance(value, int) and not isinstance(value, bool)
        else min(_json_types(value))
    )


def _json_types(value: Any) -> set[str]:
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number", "integer"} if value.is_integer() else {"number"}
    if isinstance(value, str):
        return {"string"}
    if isinstance(value, list):
        return {"array"}
    return {"object"}


def _provenance(change: _Change, what: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "change": what,
        "operations": change.operations,
        "paths": change.paths,
        "count": len(change.sources),  # exchanges
        "occurrences": len(change.values),
        "example": change.example,
        "source": change.source,
    }
    if change.decoder:
        entry["decoder"] = change.decoder
    return entry


def _observe(node: dict[str, Any], entry: dict[str, Any]) -> None:
    node.setdefault(OBSERVED, []).append(entry)


def _apply(spec: dict[str, Any], change: _Change) -> str:
    kind = change.what
    target = change.target
    if kind == "enum":
        value = change.apply_key[1]
        target["enum"] = [*target["enum"], value]
        what = f"enum value {value!r} added"
        _observe(target, _provenance(change, what))
    elif kind == "maxLength":
        longest = max(len(v) for v in change.values if isinstance(v, str))
        what = f"maxLength {target['maxLength']} raised to {longest}"
        target["maxLength"] = longest
        _observe(target, _provenance(change, what))
    elif kind == "field":
        name = change.apply_key[1]
        schema = infer_schema(change.values)
        what = f"optional field {name!r} added ({_shown(schema)})"
        schema[OBSERVED] = [_provenance(change, what)]
        target.setdefault("properties", {})[name] = schema
    elif kind == "nullable":
        name = change.apply_key[1]
        declared = target[name]
        what = f"field {name!r} now nullable"
        if "$ref" in declared or "type" not in declared:
            target[name] = {"anyOf": [declared, {"type": "null"}]}
        else:
            kinds = declared["type"]
            declared["type"] = [*(kinds if isinstance(kinds, list) else [kinds]), "null"]
        _observe(target[name], _provenance(change, what))
    elif kind == "media":
        media = change.apply_key[1]
        what = f"content type {media} documented"
        entry = _media_entry([(parsed, body) for _, parsed, body in change.values])
        entry[OBSERVED] = [_provenance(change, what)]
        target.setdefault("content", {})[media] = entry
    else:  # status
        status = change.apply_key[1]
        content: dict[str, Any] = {}
        for media, parsed, body in change.values:
            if not media:
                continue
            content.setdefault(media, []).append((parsed, body))
        response: dict[str, Any] = {"description": f"Observed in recorded traffic ({status})."}
        if content:
            response["content"] = {media: _media_entry(found) for media, found in content.items()}
        what = f"status {status} documented"
        response[OBSERVED] = [_provenance(change, what)]
        target[status] = response
    return what


def _media_entry(bodies: Sequence[tuple[bool, Any]]) -> dict[str, Any]:
    """A media type object with the shape of its JSON bodies, if any was JSON."""
    parsed_bodies = [body for parsed, body in bodies if parsed]
    return {"schema": infer_schema(parsed_bodies)} if parsed_bodies else {}


def _shown(schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    text = "/".join(kind) if isinstance(kind, list) else str(kind)
    return f"{text}, {schema['format']}" if "format" in schema else text


def suggest(
    spec: Mapping[str, Any],
    exchanges: Sequence[Exchange],
    deviations: Sequence[Mapping[str, Any]] = (),
) -> Suggestion:
    """``spec`` with the additive changes the exchanges show (the input is not changed)."""
    # A document read by read_spec_text keeps its comments through the copy and the changes.
    new = copy.deepcopy(spec) if isinstance(spec, dict) else copy.deepcopy(dict(spec))
    matcher = Matcher(new)
    walker = _Walker(new)
    matched = 0
    for exchange in exchanges:
        op = matcher.match(exchange)
        if op is None:
            continue
        matched += 1
        name = op.operation_id or f"{op.method} {op.path}"
        responses = op.operation.setdefault("responses", {})
        key = documented_status(responses, exchange.status)
        if key is None:
            walker.status(responses, exchange, name, exchange.source)
            continue
        response = resolve(new, responses[key])
        content = response.get("content") or {}
        declared = documented_media(content, exchange.media_type)
        if declared is None:
            if exchange.body.strip() and exchange.media_type:
                walker.media(response, exchange, name, exchange.source)
            continue
        parsed, body = exchange.json()
        if parsed and isinstance(declared, dict) and "schema" in declared:
            walker.walk(declared["schema"], body, "$", name, exchange.source)
    notes = _decoder(walker, deviations)
    notes += [
        f"{operation} {path}: {what} ({count} times); not suggested: no additive change says it"
        for (operation, path, what), count in walker.unsuggested.items()
    ]
    changes = [_apply(new, change) for change in _ordered(walker.changes.values())]
    return Suggestion(new, changes, notes, matched)


def _ordered(changes: Iterator[_Change] | Any) -> list[_Change]:
    # Statuses and content types after the body changes: what they add is not walked again.
    return sorted(changes, key=lambda change: change.what in ("status", "media"))


_DECODER_KINDS = {"enum": "enum", "null": "nullable", "string": "maxLength"}


def _decoder(walker: _Walker, deviations: Sequence[Mapping[str, Any]]) -> list[str]:
    """Count the decoder's reports into the changes they explain; the rest become notes."""
    notes = []
    for deviation in deviations:
        operation, path = str(deviation.get("operation", "")), str(deviation.get("path", ""))
        kind = _DECODER_KINDS.get(str(deviation.get("kind", "")))
        count = int(deviation.get("count") or 1)
        explained = [
            change
            for change in walker.changes.values()
            if change.what == kind and operation in change.operations and path in change.paths
        ]
        if explained:
            explained[0].decoder += count
            continue
        notes.append(
            f"{operation} {path}: the decoder reported {deviation.get('kind')} "
            f"{count} times ({deviation.get('example', '')}); no additive change explains it"
        )
    return notes


def _round_trip() -> YAML:
    # Block sequences indented under their key, long lines left whole, null written as null:
    # the style of the hand-written specs, so the lines a suggestion does not change stay as
    # they were (anchors no alias uses are dropped; they mean nothing).
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.allow_duplicate_keys = True  # as the spec was first read: the last one wins
    loader.width = 4096
    loader.indent(mapping=2, sequence=4, offset=2)
    loader.representer.add_representer(
        type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return loader


def read_spec_text(path: Path) -> Any:
    """The spec file at ``path`` as a document that keeps its comments and key order.

    Give it to ``suggest`` and write the result with ``spec_text``: the suggested spec is the
    file as it was, comments included, with the changes in their places.
    """
    try:
        return _round_trip().load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TrafficError(f"{path}: cannot read: {error.strerror or error}") from None
    except YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else "unreadable"
        raise TrafficError(f"{path}: not YAML or JSON: {first}") from None


def spec_text(document: Any) -> str:
    """``document`` (as ``read_spec_text`` read it, changed or not) as YAML text."""
    out = io.StringIO()
    _round_trip().dump(document, out)
    return out.getvalue()
