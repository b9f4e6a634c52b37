"""The one walk of a response schema beside its generated model classes: what to decode, and how.

The walk reads the spec schema and the attrs fields of each generated class once and says, as
plain data (``ModelPlan``, ``ValuePlan``), what a decoder must check and build for each value:
JSON types, ``null``, ``maxLength``, ``pattern``, ``enum``, ``const``, and the conversion into
the generated type (a model, an enum member, a UUID, a date-time, a list). The fast and the
tolerant emitters (``_emit``) turn the same plans into their two kinds of source, so the two
routes cannot disagree on what a schema means; only what they do with a deviation differs.

Schema shapes it does not specialise (unions of several models, typed extra properties beside
named ones) make a ``ModelPlan`` whose ``generic`` is set: that object alone is then checked
and built by the generic route.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import importlib
import sys
import types
import typing
import uuid
from collections.abc import Mapping
from typing import Any

from modelruns._decode._batch import PatternBatch
from modelruns._decode._values import UUID_BY_MSGSPEC
from modelruns._names import squash

__all__ = ["ModelPlan", "UnsupportedError", "ValuePlan", "Walker"]

_PLAIN_HINTS = (str, int, float, bool, object)


class UnsupportedError(Exception):
    """A schema shape the walk leaves to the generic route."""


@dataclasses.dataclass
class ValuePlan:
    """What one value's decoding checks, then how it converts (``conversion``)."""

    kinds: tuple[str, ...]  # its JSON types, ``null`` apart
    nullable: bool
    #: The conversion's own test of its input makes the type test (and the enum's) redundant
    #: on the fast route: it refuses everything but a valid value (``_refuses_the_rest``).
    refuses: bool
    #: A model's own function checks that it got an object: no type test here.
    model_object: bool
    max_length: int | None
    pattern: str | None
    allowed: frozenset[Any] | None  # the schema's ``enum``
    enum_cls: type[enum.Enum] | None
    const: Any
    #: ``"model"``, ``"enum"``, ``"uuid"``, ``"datetime"``, ``"date"``, ``"list"`` or ``None``.
    conversion: str | None = None
    model: ModelPlan | None = None
    item: ValuePlan | None = None  # a list's items, when they have something to check

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to check or convert (any JSON value passes as it is)."""
        checks = self.kinds or self.max_length is not None or self.pattern is not None
        return not (checks or self.allowed is not None or self.const is not None or self.conversion)


@dataclasses.dataclass
class FieldPlan:
    """One property of a model: its wire name, attribute and value."""

    wire: str
    attribute: str
    required: bool
    nullable: bool
    value: ValuePlan


@dataclasses.dataclass
class ModelPlan:
    """One generated model class decoded from one schema node."""

    cls: type
    node: Mapping[str, Any]
    index: int
    generic: bool = False
    #: Required fields first, in the spec's order (as the generic check reports them).
    fields: list[FieldPlan] = dataclasses.field(default_factory=list)
    #: The values of typed ``additionalProperties`` (a map model), else ``None``.
    extra: ValuePlan | None = None
    #: ``object.__new__`` and one store per attribute build it (see ``Walker.plain``).
    plain: bool = False
    #: The attributes in ``__init__``'s order (for a class that is not plain).
    init_order: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The name of the function that decodes it."""
        return f"_d{self.index}_{self.cls.__name__}"


class Walker:
    """Plans the decoding of the generated models of one package from the spec's schemas."""

    def __init__(self, components: Mapping[str, Any], package: str) -> None:
        self.components = components
        self.models = importlib.import_module(package + ".models")
        self.unset = importlib.import_module(package + ".types").UNSET
        self.plans: dict[tuple[type, int], ModelPlan] = {}

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """``node`` with its ``$ref``s followed and a one-variant union unwrapped."""
        while "$ref" in node:
            node = self.components["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        variants = node.get("oneOf", node.get("anyOf"))
        if variants is not None:
            if len(variants) != 1:
                raise UnsupportedError("a union of several schemas")
            return self.resolve(variants[0])
        return node

    def hints(self, cls: type) -> dict[str, Any]:
        namespace = {**vars(sys.modules[cls.__module__]), **vars(self.models)}
        return typing.get_type_hints(cls, globalns=namespace)

    def model(self, cls: type, node: Mapping[str, Any]) -> ModelPlan:
        """The plan of ``cls`` decoded from ``node`` (one per pair, so recursion ends)."""
        key = (cls, id(node))
        if key in self.plans:
            return self.plans[key]
        plan = ModelPlan(cls, node, len(self.plans) + 1)
        self.plans[key] = plan
        try:
            self._fill(plan)
        except UnsupportedError:
            plan.generic, plan.fields, plan.extra = True, [], None
        return plan

    def _fill(self, plan: ModelPlan) -> None:
        cls, node = plan.cls, plan.node
        hints = self.hints(cls)
        fields = [a for a in cls.__attrs_attrs__ if a.init]  # type: ignore[attr-defined]
        if "additional_properties" not in hints:
            raise UnsupportedError(f"{cls.__name__} has no additional_properties")
        properties: Mapping[str, Any] = node.get("properties", {})
        required = list(node.get("required", ()))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and properties:
            raise UnsupportedError("typed additional properties beside named ones")
        if any(key not in properties for key in required):
            raise UnsupportedError("a required field without a schema")
        by_squash = {squash(a.name): a.name for a in fields}
        attribute_of: dict[str, str] = {}
        for wire in properties:
            attribute = by_squash.get(squash(wire))
            if attribute is None or attribute in attribute_of.values():
                raise UnsupportedError(f"no single attribute for {wire!r}")
            attribute_of[wire] = attribute
        if set(attribute_of.values()) != {a.name for a in fields}:
            raise UnsupportedError(f"{cls.__name__}'s fields are not its schema's properties")
        for wire in [*required, *(w for w in properties if w not in required)]:
            attribute, schema = attribute_of[wire], properties[wire]
            value = self.value(schema, hints[attribute])
            plan.fields.append(
                FieldPlan(wire, attribute, wire in required, self.nullable(schema), value)
            )
        if isinstance(extra, dict):
            plan.extra = self.value(extra, typing.get_args(hints["additional_properties"])[-1])
        plan.plain = self.plain(cls)
        plan.init_order = tuple(a.name for a in fields)

    def value(self, schema: Mapping[str, Any], hint: Any) -> ValuePlan:
        """The plan of one value of ``schema`` decoded into the type ``hint``."""
        node = self.resolve(schema)
        raw_type = node.get("type")
        kinds = list(raw_type) if isinstance(raw_type, list) else [raw_type] if raw_type else []
        target = _strip_optional(hint)
        enum_cls = target if isinstance(target, type) and issubclass(target, enum.Enum) else None
        solid = tuple(k for k in kinds if k != "null")
        string = solid == ("string",)
        max_length, pattern = node.get("maxLength"), node.get("pattern")
        plan = ValuePlan(
            kinds=solid,
            nullable="null" in kinds,
            refuses=string and _refuses_the_rest(node, target),
            model_object=solid == ("object",) and _is_model(target),
            max_length=max_length if string and isinstance(max_length, int) else None,
            pattern=pattern if string and isinstance(pattern, str) else None,
            allowed=frozenset(node["enum"]) if "enum" in node else None,
            enum_cls=enum_cls,
            const=node.get("const"),
        )
        self._conversion(plan, node, target)
        return plan

    def _conversion(self, plan: ValuePlan, node: Mapping[str, Any], target: Any) -> None:
        if _is_model(target):
            plan.conversion, plan.model = "model", self.model(target, node)
        elif plan.enum_cls is not None:
            plan.conversion = "enum"
        elif target in _FORMATS:
            plan.conversion = _FORMATS[target]
        elif typing.get_origin(target) is list:
            (item_hint,) = typing.get_args(target) or (Any,)
            items = node.get("items")
            if isinstance(items, dict):
                item = self.value(items, item_hint)
                if not item.is_empty:
                    plan.conversion, plan.item = "list", item
        elif not (
            target in _PLAIN_HINTS
            or target is Any
            or typing.get_origin(target) in (typing.Literal, dict)
        ):
            raise UnsupportedError(f"hint {target!r}")

    def nullable(self, schema: Mapping[str, Any]) -> bool:
        raw_type = self.resolve(schema).get("type")
        return raw_type == "null" or (isinstance(raw_type, list) and "null" in raw_type)

    @staticmethod
    def plain(cls: type) -> bool:
        """Whether ``cls.__init__`` only stores its arguments (and a fresh dict of extras).

        Then ``object.__new__`` and one store per attribute build the same object for less
        than the call: no validators, converters, ``on_setattr`` hooks or init hooks, and no
        field set by ``__init__`` alone other than ``additional_properties``. The caller sets
        ``additional_properties`` itself.
        """
        if cls.__setattr__ is not object.__setattr__:  # type: ignore[comparison-overlap]
            return False
        if cls.__new__ is not object.__new__:  # type: ignore[comparison-overlap]
            return False
        if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
            return False
        for field in cls.__attrs_attrs__:  # type: ignore[attr-defined]
            if field.validator is not None or field.converter is not None:
                return False
            if not field.init and field.name != "additional_properties":
                return False
        return True


_FORMATS: dict[Any, str] = {
    uuid.UUID: "uuid",
    datetime.datetime: "datetime",
    datetime.date: "date",
}


def _is_model(target: Any) -> bool:
    return isinstance(target, type) and hasattr(target, "__attrs_attrs__")


def _strip_optional(hint: Any) -> Any:
    """``X | None | Unset`` -> ``X``; several remaining members are unsupported."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        members = [
            arg
            for arg in typing.get_args(hint)
            if arg is not type(None) and getattr(arg, "__name__", "") != "Unset"
        ]
        if len(members) != 1:
            raise UnsupportedError(f"union {hint!r}")
        return members[0]
    return hint


def _refuses_the_rest(node: Mapping[str, Any], target: Any) -> bool:
    """Whether the fast route's conversion of a string declines anything but a valid one.

    Then the type test (and an enum's membership test) before it is redundant: msgspec's UUID
    conversion raises ``msgspec.ValidationError`` on a number, list or ``null`` as on a bad
    string, and the lookup in an enum's ``{value: member}`` table, whose values are exactly the
    schema's ``enum``, raises ``KeyError``/``TypeError`` on anything else; the fast route
    declines on those, written at that one conversion. The same holds for a plain string with
    a batched ``pattern`` (``PatternBatch`` fails on a value that is not a string). Not with
    ``maxLength`` or a ``const`` to check first; the tolerant route never skips a test.
    """
    if node.get("const") is not None or "maxLength" in node:
        return False
    if "pattern" in node:
        batched = isinstance(node["pattern"], str) and PatternBatch.batchable(node["pattern"])
        return batched and target is str and "enum" not in node
    if target is uuid.UUID:
        return UUID_BY_MSGSPEC
    if isinstance(target, type) and issubclass(target, enum.Enum):
        values = [member.value for member in target]
        listed = node.get("enum", values)
        return all(type(value) is str for value in values) and set(listed) == set(values)
    return False
