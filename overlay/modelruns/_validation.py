"""Cheap structural checks of 2xx bodies against the spec's response schemas.

A schema compiles once into nested closures that check required fields, JSON types, enums and
constants (formats are left to the generated ``from_dict``), and name the JSON path of the first
bad field, e.g. ``$.data[3].configVersion``.

``tolerant=True`` checks structure only (what the SDK's lenient decoding still refuses): a value
outside an ``enum``, or ``null`` in an optional field, passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Check", "InvalidBodyError", "compile_schema"]

Check = Callable[[Any], None]


class InvalidBodyError(Exception):
    """A body failed its schema; ``path`` names the field (``$`` is the body)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        # Segments are prepended while the error unwinds, so a valid body builds no paths.
        self.segments: list[str] = []

    @property
    def path(self) -> str:
        """The JSON path of the bad field, e.g. ``$.data[3].configVersion``."""
        return "$" + "".join(reversed(self.segments))

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    if name == "null":
        return value is None
    return True


def _ok(value: Any) -> None:
    return None


def compile_schema(
    schema: Mapping[str, Any], components: Mapping[str, Any], *, tolerant: bool = False
) -> Check:
    """Compile ``schema`` (resolving ``#/components/schemas/...`` refs) into a check."""
    return _Compiler(components, tolerant).build(schema)


def _union(variants: list[Check]) -> Check:
    """Passes what one variant passes; otherwise the first variant's error."""

    def check_union(value: Any) -> None:
        errors = []
        for variant in variants:
            try:
                variant(value)
            except InvalidBodyError as error:
                errors.append(error)
            else:
                return
        raise errors[0] if errors else InvalidBodyError("matches no variant")

    return check_union


class _Compiler:
    """One schema's checks, each ``$ref`` compiled once (recursive schemas included)."""

    def __init__(self, components: Mapping[str, Any], tolerant: bool) -> None:
        self.components = components
        self.tolerant = tolerant
        self.cache: dict[str, Check] = {}

    def build(self, node: Mapping[str, Any]) -> Check:
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            cache = self.cache
            if name not in cache:
                cache[name] = _ok  # placeholder breaks recursive schemas
                cache[name] = self.build(self.components["schemas"][name])
            return lambda value: cache[name](value)
        if "oneOf" in node or "anyOf" in node:
            return _union([self.build(v) for v in node.get("oneOf", node.get("anyOf", []))])
        return self.value(node)

    def value(self, node: Mapping[str, Any]) -> Check:
        raw_type = node.get("type")
        types = tuple(raw_type) if isinstance(raw_type, list) else (raw_type,) if raw_type else ()
        nullable = "null" in types
        enum = frozenset(node["enum"]) if "enum" in node and not self.tolerant else None
        const = node.get("const")
        members = self.members(node)
        items = self.build(node["items"]) if isinstance(node.get("items"), dict) else None

        def check(value: Any) -> None:
            if value is None and nullable:
                return
            if types and not any(_is_type(value, t) for t in types):
                raise InvalidBodyError(f"expected {'/'.join(types)}, got {type(value).__name__}")
            if enum is not None and value not in enum:
                raise InvalidBodyError(f"{value!r} is not one of {sorted(map(str, enum))}")
            if const is not None and value != const:
                raise InvalidBodyError(f"expected {const!r}, got {value!r}")
            if isinstance(value, dict):
                members(value)
            elif items is not None and isinstance(value, list):
                _check_items(value, items)

        return check

    def members(self, node: Mapping[str, Any]) -> Callable[[dict[str, Any]], None]:
        """The check of an object's required fields, properties and extra properties."""
        tolerant = self.tolerant
        required = tuple(node.get("required", ()))
        props = {key: self.build(sub) for key, sub in node.get("properties", {}).items()}
        extra = node.get("additionalProperties")
        extra_check = self.build(extra) if isinstance(extra, dict) else None
        prop_items = tuple(props.items())

        def check_members(value: dict[str, Any]) -> None:
            key = ""
            try:
                for key in required:
                    if key not in value:
                        raise InvalidBodyError("required field is missing")
                for key, sub in prop_items:
                    if key in value:
                        if tolerant and value[key] is None and key not in required:
                            continue
                        sub(value[key])
                if extra_check is not None:
                    for key, item in value.items():
                        if key not in props:
                            extra_check(item)
            except InvalidBodyError as error:
                error.segments.append(f".{key}")
                raise

        return check_members


def _check_items(value: list[Any], items: Check) -> None:
    index = 0
    try:
        for item in value:
            items(item)
            index += 1
    except InvalidBodyError as error:
        error.segments.append(f"[{index}]")
        raise
