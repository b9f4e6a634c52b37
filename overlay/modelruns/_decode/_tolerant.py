"""The tolerant route's source: what a provider's evolution produces is kept and recorded.

Each function takes ``(v, p, r)``: the value, the expression of its JSON path and the list of
deviations, each recorded as ``(JSON path, kind, detail)``:

- a value outside an ``enum`` becomes a pseudo-member of the generated enum class (see
  ``unknown_enum_value``): an instance of that class, equal to its wire string;
- ``null`` in an optional, non-nullable field leaves the field unset;
- a value that breaks only its ``format`` (a uuid or date-time that does not parse) leaves an
  optional field unset, with the wire string kept in ``additional_properties`` (so ``to_dict``
  gives it back); a required field holds it as an ``UnparsedValue`` (a ``str``);
- a string longer than ``maxLength`` is kept as it is; so is one not matching its ``pattern``
  (unanchored, as JSON Schema's, and ECMA-262's reading of it: ``modelruns._patterns``).

A missing required field or a wrong JSON type is broken structure: the function declines and
``compile_schema(..., tolerant=True)`` names the path.
"""

from __future__ import annotations

from typing import ClassVar

from modelruns._decode._emit import Emitter
from modelruns._decode._walker import FieldPlan, ModelPlan, ValuePlan
from modelruns._patterns import compile_pattern

__all__ = ["TolerantEmitter"]


class TolerantEmitter(Emitter):
    """Writes the tolerant route's functions: ``(value, path, deviations) -> model``."""

    tolerant: ClassVar[bool] = True

    def head(self, plan: ModelPlan) -> str:
        return f"def {plan.name}(v, p, r):"

    def arguments(self, path: str) -> str:
        return f"{path}, r"

    def string_rules(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        tests: list[tuple[str, str]] = []
        if plan.max_length is not None:
            limit = plan.max_length
            tests.append((f"len({var}) > {limit}", f"longer than maxLength {limit}"))
        if plan.pattern is not None:
            search = self.constant(compile_pattern(plan.pattern).search)
            tests.append((f"{search}({var}) is None", f"does not match {plan.pattern}"))
        lines: list[str] = []
        for test, problem in tests:
            detail = repr(problem + ": ")
            lines.append(f"{indent}if {test}:")
            lines.append(f"{indent}    r.append(({path}, 'string', {detail} + _short({var})))")
        return lines

    def enum_test(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        if plan.allowed is None or plan.enum_cls is not None:  # an enum class: its conversion
            return []
        return [
            f"{indent}if {var} not in {self.constant(plan.allowed)}:",
            f"{indent}    r.append(({path}, 'enum', 'unknown value ' + _short({var})))",
        ]

    def enum_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        assert plan.enum_cls is not None
        members = self.constant({member.value: member for member in plan.enum_cls})
        enum_cls = self.constant(plan.enum_cls)
        return [
            f"{indent}if {var} in {members}:",
            f"{indent}    {var} = {members}[{var}]",
            f"{indent}else:",
            f"{indent}    r.append(({path}, 'enum', 'unknown value ' + _short({var})))",
            f"{indent}    {var} = _unknown({enum_cls}, {var})",
        ]

    def parse(self, var: str, kind: str, indent: str, path: str, optional: bool) -> list[str]:
        """``var = call(var)``, keeping what does not parse (see the module)."""
        call = {"uuid": "_uuid", "datetime": "_datetime", "date": "_date"}[kind]
        kept = "UNSET" if optional else f"_unparsed({var})"
        return [
            f"{indent}try:",
            f"{indent}    {var} = {call}({var})",
            f"{indent}except ValueError:",
            f"{indent}    r.append(({path}, 'format', {call[1:]!r} + ' does not parse: ' "
            f"+ _short({var})))",
            f"{indent}    {var} = {kept}",
        ]

    def list_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        assert plan.item is not None
        item, index = f"_e{next(self.counter)}", f"_i{next(self.counter)}"
        item_path = f"{path} + '[' + str({index}) + ']'"
        body = self.value(item, plan.item, indent + "    ", item_path)
        built = f"_l{next(self.counter)}"
        return [
            f"{indent}{built} = []",
            f"{indent}for {index}, {item} in enumerate({var}):",
            *body,
            f"{indent}    {built}.append({item})",
            f"{indent}{var} = {built}",
        ]

    def optional(self, var: str, field: FieldPlan, path: str) -> list[str]:
        if field.nullable:
            return super().optional(var, field, path)
        body = self.value(var, field.value, "            ", path, True)
        return [
            f"        if {var} is None:",
            f"            r.append(({path}, 'null', 'null for an optional field'))",
            f"            {var} = UNSET",
            "        else:",
            *(body or ["            pass"]),
        ]

    def epilogue(self, plan: ModelPlan, variables: dict[str, str]) -> list[str]:
        # Extra keys, plus the wire value of an optional field left unset by its format.
        known = self.constant(frozenset(field.wire for field in plan.fields))
        lines = [f"    a = {{k: e for k, e in v.items() if k not in {known}}}"]
        for field in plan.fields:
            if not field.required:
                var = variables[field.wire]
                lines.append(f"    if {var} is UNSET and v.get({field.wire!r}) is not None:")
                lines.append(f"        a[{field.wire!r}] = v[{field.wire!r}]")
        if plan.plain:
            return [*lines, "    o.additional_properties = a", "    return o"]
        return [*lines, "    if a:", "        o.additional_properties = a", "    return o"]
