"""The fast route's source: every deviation declines the body (``DeclinedError``).

It checks exactly what ``check`` checks (types, enums, constants, required fields, nested
schemas, ``maxLength``, ``pattern``) while building the same objects ``from_dict`` builds, and
never explains a failure: the tolerant route decides a declined body, naming what deviates.
Each ``pattern``'s strings are collected (``q[i](value)``) and checked once per body by a
``PatternBatch``.
"""

from __future__ import annotations

from modelruns._decode._batch import PatternBatch
from modelruns._decode._emit import Emitter
from modelruns._decode._values import UUID_BY_MSGSPEC
from modelruns._decode._walker import ModelPlan, ValuePlan, Walker
from modelruns._patterns import compile_pattern

__all__ = ["FastEmitter"]

# What each format's conversion raises for a string it does not parse (the type was tested).
_PARSERS = {"uuid": "_uuid", "datetime": "_datetime", "date": "_date"}


class FastEmitter(Emitter):
    """Writes the fast route's functions: ``(value, pattern collectors) -> model``."""

    def __init__(self, walker: Walker) -> None:
        super().__init__(walker)
        #: The batched patterns, in the order of the collectors the functions fill.
        self.batches: list[PatternBatch] = []
        self.batched: dict[str, int] = {}

    def head(self, plan: ModelPlan) -> str:
        return f"def {plan.name}(v, q):"

    def arguments(self, path: str) -> str:
        return "q"

    def skips_tests(self, plan: ValuePlan) -> bool:
        return plan.refuses

    def string_rules(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        lines: list[str] = []
        if plan.max_length is not None:
            lines.append(f"{indent}if len({var}) > {plan.max_length}: raise _DeclinedError")
        pattern = plan.pattern
        if pattern is not None and PatternBatch.batchable(pattern):
            if pattern not in self.batched:
                self.batched[pattern] = len(self.batches)
                self.batches.append(PatternBatch(pattern))
            # Collected, then checked with the body's other values (see PatternBatch).
            lines.append(f"{indent}q[{self.batched[pattern]}]({var})")
        elif pattern is not None:
            search = self.constant(compile_pattern(pattern).search)
            lines.append(f"{indent}if {search}({var}) is None: raise _DeclinedError")
        return lines

    def enum_test(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        if plan.allowed is None or plan.refuses:
            return []
        return [f"{indent}if {var} not in {self.constant(plan.allowed)}: raise _DeclinedError"]

    def enum_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        assert plan.enum_cls is not None
        members = self.constant({member.value: member for member in plan.enum_cls})
        # Not a member, or (untested, see ValuePlan.refuses) not even hashable.
        return _declining(indent, f"{var} = {members}[{var}]", "(KeyError, TypeError)")

    def parse(self, var: str, kind: str, indent: str, path: str, optional: bool) -> list[str]:
        if kind == "uuid" and UUID_BY_MSGSPEC:
            # `_uuid` written inline: one call less per id; what msgspec refuses declines.
            return _declining(indent, f"{var} = _convert({var}, _UUID)", "_ValidationError")
        return _declining(indent, f"{var} = {_PARSERS[kind]}({var})", "ValueError")

    def list_conversion(self, var: str, plan: ValuePlan, indent: str, path: str) -> list[str]:
        assert plan.item is not None
        item = f"_e{next(self.counter)}"
        body = self.value(item, plan.item, indent + "    ", path)
        if len(body) == 1 and body[0].lstrip().startswith(f"{item} = "):
            # One conversion per item (a model): a comprehension is cheapest.
            expression = body[0].split(" = ", 1)[1]
            return [f"{indent}{var} = [{expression} for {item} in {var}]"]
        guarded = _guarded(body, item)
        if guarded is not None:
            # One declining conversion per item: the comprehension under the same guard.
            expression, errors = guarded
            return _declining(indent, f"{var} = [{expression} for {item} in {var}]", errors)
        if any(line.lstrip().startswith(f"{item} = ") for line in body):
            # Items change form: build a new list, as from_dict does.
            built = f"_l{next(self.counter)}"
            return [
                f"{indent}{built} = []",
                f"{indent}for {item} in {var}:",
                *body,
                f"{indent}    {built}.append({item})",
                f"{indent}{var} = {built}",
            ]
        return [f"{indent}for {item} in {var}:", *body]

    def epilogue(self, plan: ModelPlan, variables: dict[str, str]) -> list[str]:
        known = self.constant(frozenset(field.wire for field in plan.fields))
        extras = f"{{k: e for k, e in v.items() if k not in {known}}}"
        if plan.plain:
            return [
                "    if len(v) == n:",
                "        o.additional_properties = {}",
                "    else:",
                f"        o.additional_properties = {extras}",
                "    return o",
            ]
        return [
            "    if len(v) != n:",
            f"        o.additional_properties = {extras}",
            "    return o",
        ]


def _declining(indent: str, statement: str, errors: str) -> list[str]:
    """``statement``, whose one call raising ``errors`` (bad input) declines the body."""
    return [
        f"{indent}try:",
        f"{indent}    {statement}",
        f"{indent}except {errors}:",
        f"{indent}    raise _DeclinedError from None",
    ]


def _guarded(body: list[str], item: str) -> tuple[str, str] | None:
    """``(expression, errors)`` when ``body`` is one ``_declining`` conversion of ``item``."""
    if (
        len(body) != 4
        or body[0].strip() != "try:"
        or body[3].strip() != "raise _DeclinedError from None"
    ):
        return None
    statement, handler = body[1].strip(), body[2].strip()
    if not statement.startswith(f"{item} = ") or not handler.startswith("except "):
        return None
    return statement.split(" = ", 1)[1], handler[len("except ") : -1]
