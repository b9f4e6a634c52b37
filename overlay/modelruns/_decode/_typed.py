"""The typed route: JSON text straight into the models, through a msgspec shadow of the schema.

From the walk's plans, each model gets a ``msgspec.Struct`` shadow (its properties under their
wire names, unknown fields refused, not tracked by the collector) and a conversion function
into the generated class. msgspec then does in C what the fast route does in Python: it parses
and checks JSON types, required fields, ``maxLength``, ``const``, enum values (into the
generated enum's members) and UUIDs, without building the dicts of the generic parse. What is
left to Python is the conversion and each ``pattern``, batched as the fast route batches it.
Date-times stay with ``fromisoformat``, as on the other routes and in the generated
``from_dict``: msgspec rounds digits beyond the microsecond (``...59.9999999Z`` becomes the next
second) and takes a lower-case ``t``/``z``, which ``fromisoformat`` refuses.

Anything msgspec refuses (a deviation, an undocumented field, a body only ``json.loads``
reads) declines, as any deviation on the fast route does, and today's route decides. A schema
whose plans hold a shape the shadow cannot say (an object left to the generic route, a union
of JSON types) has no typed route.
"""

from __future__ import annotations

import typing
import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

import msgspec

from modelruns._decode._batch import PatternBatch
from modelruns._decode._emit import DeclinedError, Emitter
from modelruns._decode._json import loads
from modelruns._decode._values import UUID_BY_MSGSPEC
from modelruns._decode._walker import ModelPlan, UnsupportedError, ValuePlan, Walker
from modelruns._patterns import compile_pattern

__all__ = ["LazyJSON", "compile_typed"]

_KINDS: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": int | float,  # an integer stays an int, as json.loads gives it
    "boolean": bool,
    "array": list[Any],
    "object": dict[str, Any],
}


class TypedEmitter(Emitter):
    """Writes the conversion functions (``(shadow, collectors) -> model``) and their shadows."""

    def __init__(self, walker: Walker) -> None:
        super().__init__(walker)
        self.shadows: dict[int, Any] = {}
        self.batches: list[PatternBatch] = []
        self.batched: dict[str, int] = {}

    def shadow(self, plan: ModelPlan) -> Any:
        """The msgspec type ``plan``'s objects are parsed into."""
        if plan.generic:
            raise UnsupportedError(f"{plan.cls.__name__} is left to the generic route")
        if plan.index not in self.shadows:
            if plan.extra is not None:
                self.shadows[plan.index] = dict[str, self.type(plan.extra)]  # type: ignore[misc]
                return self.shadows[plan.index]
            self.shadows[plan.index] = None  # a recursive model: a shadow cannot refer to itself
            fields: list[Any] = []
            for field in plan.fields:
                shape = self.type(field.value)
                fields.append(
                    (field.attribute, shape)
                    if field.required
                    else (field.attribute, shape, self.walker.unset)
                )
            self.shadows[plan.index] = msgspec.defstruct(
                f"Shadow{plan.cls.__name__}",
                fields,
                rename={field.attribute: field.wire for field in plan.fields},
                kw_only=True,
                forbid_unknown_fields=True,
                gc=False,
            )
        if self.shadows[plan.index] is None:
            raise UnsupportedError(f"{plan.cls.__name__} is recursive")
        return self.shadows[plan.index]

    def type(self, plan: ValuePlan) -> Any:
        """The msgspec type of one value (checked as the fast route checks it)."""
        shape = self.solid(plan)
        return shape | None if plan.nullable else shape

    def solid(self, plan: ValuePlan) -> Any:
        if plan.conversion == "model":
            assert plan.model is not None
            return self.shadow(plan.model)
        if plan.conversion == "enum":
            assert plan.enum_cls is not None
            values = {member.value for member in plan.enum_cls}
            if (plan.allowed is not None and set(plan.allowed) != values) or _string_rules(plan):
                raise UnsupportedError("an enum class unlike its schema")
            return plan.enum_cls
        if plan.conversion == "uuid":
            # msgspec builds this Python's UUID (else there is no shadow); its string is gone.
            if not UUID_BY_MSGSPEC or _string_rules(plan):
                raise UnsupportedError("a UUID checked as a string too")
            return uuid.UUID
        if plan.conversion == "list":
            assert plan.item is not None
            return list[self.type(plan.item)]  # type: ignore[misc]
        if len(plan.kinds) != 1:
            if plan.kinds or plan.nullable or plan.allowed is not None or plan.const is not None:
                raise UnsupportedError("a union of JSON types")
            return Any
        shape = _KINDS[plan.kinds[0]]
        if plan.const is not None or plan.allowed is not None:
            listed = [plan.const] if plan.const is not None else sorted(plan.allowed or ())
            if shape is not str or not all(type(value) is str for value in listed):
                raise UnsupportedError("an enum or const that is not strings")
            return Literal[tuple(listed)]
        if plan.max_length is not None:
            return typing.Annotated[str, msgspec.Meta(max_length=plan.max_length)]
        return shape

    # --- the conversions ---------------------------------------------------------------------

    def head(self, plan: ModelPlan) -> str:
        return f"def {plan.name}(s, q):"

    def model_lines(self, plan: ModelPlan) -> list[str]:
        if plan.extra is not None:
            body = self.convert_value("e", plan.extra, "        ")
            single = _single(body, "e")
            store = [f"        a[k] = {single}"] if single else [*body, "        a[k] = e"]
            return [
                self.head(plan),
                *self.construct(plan, []),
                "    a = {}",
                "    for k, e in s.items():",
                *store,
                "    o.additional_properties = a",
                "    return o",
            ]
        lines = [self.head(plan)]
        values: list[tuple[str, str]] = []
        for index, field in enumerate(plan.fields):
            var, source = f"x{index}", f"s.{field.attribute}"
            body = self.convert_value(var, field.value, "        ")
            if not body:  # as msgspec gave it: straight into the model
                values.append((field.attribute, source))
                continue
            lines.append(f"    {var} = {source}")
            if field.required:
                lines.extend(line[4:] for line in body)
            else:
                lines.extend([f"    if {var} is not UNSET:", *body])
            values.append((field.attribute, var))
        lines.extend(self.construct(plan, values))
        if plan.plain:  # unknown fields decline: no extras to keep
            lines.append("    o.additional_properties = {}")
        return [*lines, "    return o"]

    def convert_value(self, var: str, plan: ValuePlan, indent: str) -> list[str]:
        """Lines converting ``var`` (already checked by msgspec) into its model value."""
        inner = indent + "    " if plan.nullable else indent
        lines = self.pattern(var, plan, inner)
        if plan.conversion == "model":
            assert plan.model is not None
            lines.append(f"{inner}{var} = {self.function(plan.model)}({var}, q)")
        elif plan.conversion in ("datetime", "date"):
            call = "_datetime" if plan.conversion == "datetime" else "_date"
            lines.extend(
                [
                    f"{inner}try:",
                    f"{inner}    {var} = {call}({var})",
                    f"{inner}except ValueError:",
                    f"{inner}    raise _DeclinedError from None",
                ]
            )
        elif plan.conversion == "list":
            assert plan.item is not None
            item = f"_e{next(self.counter)}"
            body = self.convert_value(item, plan.item, inner + "    ")
            single = _single(body, item)
            if single:  # one conversion per item: a comprehension is cheapest
                lines.append(f"{inner}{var} = [{single} for {item} in {var}]")
            elif body:
                built = f"_l{next(self.counter)}"
                lines.extend(
                    [
                        f"{inner}{built} = []",
                        f"{inner}for {item} in {var}:",
                        *body,
                        f"{inner}    {built}.append({item})",
                        f"{inner}{var} = {built}",
                    ]
                )
        if lines and plan.nullable:
            return [f"{indent}if {var} is not None:", *lines]
        return lines

    def pattern(self, var: str, plan: ValuePlan, indent: str) -> list[str]:
        pattern = plan.pattern
        if pattern is None:
            return []
        if PatternBatch.batchable(pattern):
            if pattern not in self.batched:
                self.batched[pattern] = len(self.batches)
                self.batches.append(PatternBatch(pattern))
            return [f"{indent}q[{self.batched[pattern]}]({var})"]
        search = self.constant(compile_pattern(pattern).search)
        return [f"{indent}if {search}({var}) is None: raise _DeclinedError"]


def _single(body: list[str], var: str) -> str | None:
    """``EXPR`` when ``body`` is the one line ``var = EXPR``."""
    if len(body) == 1 and body[0].lstrip().startswith(f"{var} = "):
        return body[0].split(" = ", 1)[1]
    return None


def _string_rules(plan: ValuePlan) -> bool:
    return plan.pattern is not None or plan.max_length is not None or plan.const is not None


_SCALARS = frozenset({"string", "integer", "number", "boolean"})


class LazyJSON(Mapping[str, Any]):
    """The JSON object of a body the typed route decoded, parsed only if a caller needs it.

    A top-level value the model holds as it came (a string, number or boolean, converted to
    nothing) is read from the model; any other key, or a walk of the whole mapping, parses the
    text once with ``loads``. A page's token and total are such values, so walking pages reads
    them without a second parse.
    """

    __slots__ = ("_content", "_model", "_parsed", "_plain", "_unset")

    def __init__(self, model: Any, content: bytes, plain: Mapping[str, str], unset: Any) -> None:
        self._model, self._content, self._plain, self._unset = model, content, plain, unset
        self._parsed: dict[str, Any] | None = None

    def _json(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = loads(self._content)
        return self._parsed

    def __getitem__(self, key: str) -> Any:
        attribute = self._plain.get(key)
        if attribute is None:
            return self._json()[key]
        value = getattr(self._model, attribute)
        if value is self._unset:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        attribute = self._plain.get(key) if isinstance(key, str) else None
        if attribute is None:
            return key in self._json()
        return getattr(self._model, attribute) is not self._unset

    def __iter__(self) -> Iterator[str]:
        return iter(self._json())

    def __len__(self) -> int:
        return len(self._json())


def compile_typed(
    walker: Walker, plan: ModelPlan
) -> Callable[[bytes], tuple[Any, Mapping[str, Any]]] | None:
    """``JSON text -> (model, LazyJSON)`` through msgspec, declining what it refuses; ``None``
    if the schema has a shape the shadow cannot say (see the module)."""
    emitter = TypedEmitter(walker)
    try:
        parse = msgspec.json.Decoder(emitter.shadow(plan)).decode
    except UnsupportedError:
        return None
    name = emitter.function(plan)
    convert = emitter.build()[name]
    checks = tuple(emitter.batches)
    plain = {
        field.wire: field.attribute
        for field in plan.fields
        if field.value.kinds
        and field.value.conversion is None
        and set(field.value.kinds) <= _SCALARS
    }
    unset = walker.unset

    def typed(content: bytes) -> tuple[Any, Mapping[str, Any]]:
        try:
            shadow = parse(content)
        # msgspec's refusals: ValidationError and DecodeError (ValueErrors), the
        # UnicodeDecodeError of text that is not UTF-8, and its own depth limit.
        except (ValueError, RecursionError):
            raise DeclinedError from None
        collected: list[list[str]] = [[] for _ in checks]
        model = convert(shadow, tuple(values.append for values in collected))
        for check, values in zip(checks, collected, strict=True):
            if values and not check(values):
                raise DeclinedError
        return model, LazyJSON(model, content, plain, unset)

    return typed
