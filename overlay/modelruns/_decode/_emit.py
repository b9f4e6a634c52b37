"""What the walk's plans share once written as Python: one module of decoder functions.

``Emitter`` writes a model function per ``ModelPlan`` and the lines of each ``ValuePlan``, in
the order both routes share; ``FastEmitter`` and ``TolerantEmitter`` (``_fast``, ``_tolerant``)
say only what each route does where they differ: what a deviation costs (the fast route
declines the body; the tolerant one records it and goes on), and how a value converts.
``_typed.TypedEmitter`` shares the module writing (constants, model construction, ``build``)
and writes its own model functions, from msgspec's shadows rather than from dicts.

Every deviation the fast route meets raises ``DeclinedError``, written at the test or the
conversion that finds it (a conversion declines on the errors it is documented to raise for
bad input, around that one call); anything else a decoder raises is a bug and surfaces as
itself.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from typing import Any, ClassVar

import msgspec

from modelruns._decode._values import new_uuid, short, unknown_enum_value, unparsed
from modelruns._decode._walker import FieldPlan, ModelPlan, ValuePlan, Walker
from modelruns._validation import InvalidBodyError, compile_schema

__all__ = ["DeclinedError", "Emitter"]


class DeclinedError(Exception):
    """The fast route's one signal: this body deviates, the tolerant route decides it."""


_JSON_TYPE_TESTS = {
    "string": "type({v}) is not str",
    "integer": "type({v}) is not int",
    "number": "(type({v}) is not float and type({v}) is not int)",
    "boolean": "type({v}) is not bool",
    "array": "type({v}) is not list",
    "object": "type({v}) is not dict",
    "null": "{v} is not None",
}


class Emitter:
    """Writes the source of one module of decoder functions, then executes it once."""

    #: Whether ``compile_schema`` checks this route's generic objects tolerantly.
    tolerant: ClassVar[bool] = False

    def __init__(self, walker: Walker) -> None:
        self.walker = walker
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_DeclinedError": DeclinedError,
            "_InvalidBodyError": InvalidBodyError,
            "_ValidationError": msgspec.ValidationError,
            "UNSET": walker.unset,
            "_uuid": new_uuid,
            "_datetime": datetime.datetime.fromisoformat,
            "_date": datetime.date.fromisoformat,
            "_unknown": unknown_enum_value,
            "_unparsed": unparsed,
            "_short": short,
            "_new": object.__new__,
            "_convert": msgspec.convert,
            "_UUID": uuid.UUID,
        }
        self.counter = itertools.count()
        self.written: set[int] = set()

    def constant(self, value: Any) -> str:
        name = f"_c{next(self.counter)}"
        self.names[name] = value
        return name

    def build(self) -> dict[str, Any]:
        namespace = dict(self.names)
        source = "\n".join(self.lines)
        # Our own source, written above from the spec and the generated classes.
        exec(compile(source, "<modelruns decoders>", "exec"), namespace)  # noqa: S102
        return namespace

    # --- what the two routes write differently ----------------------------------------------

    def head(self, plan: ModelPlan) -> str:
        raise NotImplementedError

    def arguments(self, path: str) -> str:
        """The arguments after the value in a call of a model function."""
        raise NotImplementedError

    def skips_tests(self, plan: ValuePlan) -> bool:
        return False

    def string_rules(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        raise NotImplementedError

    def enum_test(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        raise NotImplementedError

    def enum_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        raise NotImplementedError

    def parse(self, var: str, kind: str, indent: str, path: str, optional: bool) -> list[str]:
        raise NotImplementedError

    def list_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        raise NotImplementedError

    def optional(self, var: str, field: FieldPlan, path: str) -> list[str]:
        """The lines of an optional field present in the body (under ``if var is not UNSET``)."""
        return self.value(var, field.value, "        ", path, True)

    def epilogue(self, plan: ModelPlan, variables: dict[str, str]) -> list[str]:
        """The lines that set ``o.additional_properties`` and return ``o``."""
        raise NotImplementedError

    # --- one model class --------------------------------------------------------------------

    def function(self, plan: ModelPlan) -> str:
        """The name of the function decoding ``plan``, written once."""
        if plan.index not in self.written:
            self.written.add(plan.index)
            lines = self.generic_lines(plan) if plan.generic else self.model_lines(plan)
            self.lines.extend([*lines, ""])
        return plan.name

    def generic_lines(self, plan: ModelPlan) -> list[str]:
        """The generic route for this object alone: check its subtree, then ``from_dict``."""
        check = compile_schema(plan.node, self.walker.components, tolerant=self.tolerant)
        # A subtree that fails its check declines: the whole body's check then names the
        # field by its full path (the subtree's own would start at this object). What the
        # generated from_dict raises for a subtree that passes is what every route ends in.
        return [
            self.head(plan),
            "    try:",
            f"        {self.constant(check)}(v)",
            "    except _InvalidBodyError:",
            "        raise _DeclinedError from None",
            f"    return {self.constant(plan.cls)}.from_dict(v)",
        ]

    def model_lines(self, plan: ModelPlan) -> list[str]:
        lines = [self.head(plan), "    if type(v) is not dict: raise _DeclinedError"]
        variables = {field.wire: f"x{index}" for index, field in enumerate(plan.fields)}
        required = [field for field in plan.fields if field.required]
        if required:
            # Subscripts of a dict by literal names: a KeyError is a missing field.
            lines.append("    try:")
            lines.extend(f"        {variables[f.wire]} = v[{f.wire!r}]" for f in required)
            lines.extend(["    except KeyError:", "        raise _DeclinedError from None"])
        for field in plan.fields:
            var, path = variables[field.wire], f"p + {'.' + field.wire!r}"
            if field.required:
                lines.extend(self.value(var, field.value, "    ", path))
                continue
            lines.append(f"    {var} = v.get({field.wire!r}, UNSET)")
            lines.append(f"    if {var} is not UNSET:")
            lines.extend(self.optional(var, field, path))
            lines.append("        n += 1")
        if plan.extra is not None:
            return [*lines, *self.map_lines(plan, plan.extra)]
        # `n` counts the present fields; it must exist before the first `n += 1`.
        lines.insert(2, f"    n = {len(required)}")
        lines.extend(self.construct(plan, [(f.attribute, variables[f.wire]) for f in plan.fields]))
        return [*lines, *self.epilogue(plan, variables)]

    def map_lines(self, plan: ModelPlan, extra: ValuePlan) -> list[str]:
        """A model of typed ``additionalProperties`` only: each value decoded into the map."""
        body = self.value("e", extra, "        ", "p + '.' + k")
        if len(body) == 1 and body[0].lstrip().startswith("e = "):
            # One conversion per value: straight into the dict (a loop; in Python 3.11 a
            # comprehension is a function call of its own).
            body = [f"        a[k] = {body[0].split(' = ', 1)[1]}"]
        else:
            body = [*body, "        a[k] = e"]
        return [
            *self.construct(plan, []),
            "    a = {}",
            "    for k, e in v.items():",
            *body,
            "    o.additional_properties = a",
            "    return o",
        ]

    def construct(self, plan: ModelPlan, values: list[tuple[str, str]]) -> list[str]:
        """Lines that bind ``o`` to a new model with each ``(attribute, variable)`` given.

        A plain class (``Walker.plain``) is built without its ``__init__``; the caller then
        sets ``additional_properties``, as ``__init__``'s own fresh dict would be replaced.
        """
        model_cls = self.constant(plan.cls)
        if plan.plain:
            return [f"    o = _new({model_cls})"] + [
                f"    o.{attribute} = {variable}" for attribute, variable in values
            ]
        given = dict(values)
        arguments = ", ".join(given[name] for name in plan.init_order)
        return [f"    o = {model_cls}({arguments})"]

    # --- one value --------------------------------------------------------------------------

    def value(
        self, var: str, plan: ValuePlan, indent: str, path: str, optional: bool = False
    ) -> list[str]:
        """Lines that check ``var`` against its plan and rebind it to its decoded value.

        ``path`` is the expression of its JSON path (the tolerant route records it); an
        ``optional`` value whose format breaks becomes ``UNSET`` on the tolerant route.
        """
        inner = indent + "    " if plan.nullable else indent
        lines: list[str] = []
        if plan.kinds and not plan.model_object and not self.skips_tests(plan):
            test = " and ".join(_JSON_TYPE_TESTS[kind].format(v=var) for kind in plan.kinds)
            lines.append(f"{inner}if {test}: raise _DeclinedError")
        lines.extend(self.string_rules(var, plan, inner, path))
        lines.extend(self.enum_test(var, plan, inner, path))
        if plan.const is not None:
            lines.append(f"{inner}if {var} != {self.constant(plan.const)}: raise _DeclinedError")
        lines.extend(self.convert(var, plan, inner, path, optional))
        if not lines:
            return []
        return [f"{indent}if {var} is not None:", *lines] if plan.nullable else lines

    def convert(
        self, var: str, plan: ValuePlan, indent: str, path: str, optional: bool
    ) -> list[str]:
        if plan.conversion == "model":
            assert plan.model is not None
            call = f"{self.function(plan.model)}({var}, {self.arguments(path)})"
            return [f"{indent}{var} = {call}"]
        if plan.conversion == "enum":
            return self.enum_conversion(var, plan, indent, path)
        if plan.conversion == "list":
            return self.list_conversion(var, plan, indent, path)
        if plan.conversion is not None:
            return self.parse(var, plan.conversion, indent, path, optional)
        return []
