"""Response decoders compiled once per model: check and build the generated models in one pass.

The generic route, ``check(raw)`` then the generated ``from_dict(raw)``, walks every body twice
and pays for a dict copy, a ``pop`` per field and keyword construction per object. Here each
generated model class gets a specialised Python function, written from the spec schema and the
model's attrs fields when the operation is first described: it checks exactly what ``check``
checks (types, enums, constants, required fields, nested schemas) while building the same
objects ``from_dict`` builds.

The fast function never explains a failure: any surprise (a missing field, a wrong type, a bad
UUID) sends the body down the generic route, which names the bad field or raises the
generator's own error. So the fast route changes speed, never the outcome. Schema shapes it does
not specialise (unions of several models, typed extra properties beside named ones) use the
generic route for that object only.

Each model also gets a *tolerant* decoder (``compile_tolerant``), used only for bodies the fast
route declines. It builds the same objects while tolerating what a provider's evolution
produces, recording each as a ``(JSON path, kind, detail)`` deviation:

- a value outside an ``enum`` becomes a pseudo-member of the generated enum class (see
  ``unknown_enum_value``): an instance of that class, equal to its wire string;
- ``null`` in an optional, non-nullable field leaves the field unset;
- a value that breaks only its ``format`` (a uuid or date-time that does not parse) leaves an
  optional field unset, with the wire string kept in ``additional_properties`` (so ``to_dict``
  gives it back); a required field holds it as an ``UnparsedValue`` (a ``str``);
- a string longer than ``maxLength`` is kept as it is; so is one not matching its ``pattern``
  (unanchored, as JSON Schema's, and ECMA-262's reading of it: ``modelruns._patterns``).

The fast route checks ``pattern``s too, cheaply: it collects the strings of each pattern and
checks them all in one regular-expression run per body (``PatternBatch``), as one ``search`` per
id would cost about as much as the rest of decoding it.

A missing required field or a wrong JSON type is broken structure: the tolerant decoder gives
up and ``compile_schema(..., tolerant=True)`` names the path.
"""

from __future__ import annotations

import datetime
import enum
import gc
import importlib
import itertools
import json
import re
import sys
import threading
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from modelruns._names import squash
from modelruns._patterns import compile_pattern, translate
from modelruns._validation import Check, InvalidBodyError, compile_schema

__all__ = [
    "Decoder",
    "Deviations",
    "TolerantDecoder",
    "UnknownEnumValue",
    "UnparsedValue",
    "compile_decoder",
    "compile_tolerant",
    "gc_paused",
    "loads",
    "unknown_enum_value",
]

Decoder = Callable[[Any], Any]
#: Where a tolerant decoder records what it tolerated: ``(JSON path, kind, detail)``.
Deviations = list[tuple[str, str, str]]
TolerantDecoder = Callable[[Any, Deviations], Any]


_MSGSPEC_DECODE = msgspec.json.Decoder().decode


def loads(content: bytes | str) -> Any:
    """JSON text to Python values, exactly as ``json.loads`` gives them, mostly faster.

    msgspec parses first (about twice as fast as the standard library on a page of runs, and
    integers of any size stay exact). It accepts only what ``json.loads`` accepts,
    to the same values; what it refuses (``NaN``/``Infinity``, numbers beyond a float, lone
    surrogates, a UTF-8 BOM, UTF-16/32 text, anything malformed) goes to ``json.loads``, which
    decides as it always has: the value, or its own ``ValueError``/``RecursionError``.
    """
    try:
        return _MSGSPEC_DECODE(content)
    except Exception:
        return json.loads(content)


_GC_PAUSE = threading.Lock()


class gc_paused:  # noqa: N801  (used like a function: ``with gc_paused():``)
    """Holds the cyclic garbage collector off while one response is parsed and decoded.

    Decoding a page allocates thousands of containers that all stay alive, so each collection
    the allocations trigger finds nothing to free, and the generational collector promotes the
    half-built page towards the oldest generation, whose full collections then grow with the
    heap: most of a long walk's collector time. Paused, the collector runs once the page is
    built, as the next allocation triggers it. Nothing here creates reference cycles, and the
    pause lasts one body (bounded by ``max_response_size``).

    Only the collector's on/off switch is touched, and only if it was on: a program that turned
    it off keeps it off. One thread pauses at a time (the others run as they would, so a pause
    always ends); nested pauses in one thread are one pause.
    """

    __slots__ = ("_owner",)

    def __enter__(self) -> None:
        self._owner = _GC_PAUSE.acquire(blocking=False)
        if self._owner:
            if gc.isenabled():
                gc.disable()
            else:
                _GC_PAUSE.release()
                self._owner = False

    def __exit__(self, *exc_info: object) -> None:
        if self._owner:
            gc.enable()
            _GC_PAUSE.release()


class _UnknownEnumMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, enum.Enum) and instance._name_ not in type(instance).__members__


class UnknownEnumValue(metaclass=_UnknownEnumMeta):
    """Matches (``isinstance``) a decoded enum value the spec does not list.

    Such a value is an instance of the generated enum class (so the attribute's declared type
    holds, and ``to_dict`` works), equal to and hashing like its wire string
    (``run.build_status == "QUEUED"``), but it is none of the class's members:
    ``value in ModelStudioRunBuildStatus`` is ``False``. A ``match`` over the members therefore
    needs a default case.
    """


class UnparsedValue(str):
    """The wire string of a *required* field whose value breaks its ``format``.

    A uuid or date-time that does not parse cannot become a ``UUID``/``datetime``; rather than
    lose the whole item, the field holds the string it came as. This is the one case where a
    decoded attribute does not have its declared type: test ``isinstance(x, UnparsedValue)``
    where it matters. (An optional field in the same case is left unset instead.)
    """

    __slots__ = ()


# Pseudo-members are immutable and repeat (every run of a page in the new state): share them.
_UNKNOWN_MEMBERS: dict[tuple[type, str], Any] = {}
_UNKNOWN_LIMIT = 1024


def unknown_enum_value(enum_cls: type[enum.Enum], value: Any) -> Any:
    """The member of ``enum_cls`` for ``value``, or a pseudo-member when the spec lacks it."""
    try:
        return enum_cls(value)
    except ValueError:
        pass
    key = (enum_cls, value)
    found = _UNKNOWN_MEMBERS.get(key)
    if found is None:
        # Built as the enum's data type builds it (str.__new__ for a StrEnum), not via EnumType.
        base: Any = next((t for t in enum_cls.__mro__ if t in (str, int, float)), object)
        found = base.__new__(enum_cls) if base is object else base.__new__(enum_cls, value)
        found._value_ = value
        found._name_ = str(value)
        if len(_UNKNOWN_MEMBERS) >= _UNKNOWN_LIMIT:
            _UNKNOWN_MEMBERS.clear()
        _UNKNOWN_MEMBERS[key] = found
    return found


def _unparsed(value: str) -> UnparsedValue:
    return UnparsedValue(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


_JSON_TYPE_TESTS = {
    "string": "type({v}) is not str",
    "integer": "type({v}) is not int",
    "number": "(type({v}) is not float and type({v}) is not int)",
    "boolean": "type({v}) is not bool",
    "array": "type({v}) is not list",
    "object": "type({v}) is not dict",
    "null": "{v} is not None",
}
_PLAIN_HINTS = (str, int, float, bool, object)


class _DeclinedError(Exception):
    """The fast route gives the body to the generic route (never escapes this module)."""


class _UnsupportedError(Exception):
    """A schema shape this compiler leaves to the generic route."""


def _uuid_constructor() -> tuple[Callable[[str], uuid.UUID], bool]:
    """A faster ``uuid.UUID(text)`` for the usual forms (or ``UUID`` itself).

    msgspec converts the hyphenated and the 32-digit forms in C, about twice as fast as the
    cheapest Python route, and raises ``msgspec.ValidationError`` (a ``ValueError``) for any
    other text, which ``UUID()`` then judges (braces, ``urn:uuid:``, odd hyphens). No cache:
    the cost is the same whether ids repeat across a page or not. Used only if msgspec builds
    the same object as this Python's ``UUID`` from samples. Also says whether it is used, for
    the fast route, which writes the conversion inline (``_convert(text, _UUID)``) and hands a
    form msgspec refuses to the generic route.
    """
    cls = uuid.UUID
    convert = msgspec.convert

    def parse(text: str) -> uuid.UUID:
        try:
            return convert(text, cls)
        except msgspec.ValidationError:
            return cls(text)

    samples = ("8c6e2a4f-1b3d-4e5f-9a7b-0c1d2e3f4a5b", "8C6E2A4F1B3D4E5F9A7B0C1D2E3F4A5B")
    try:
        same = all(
            (built, type(built), built.is_safe, built.__getstate__())
            == (expected, cls, expected.is_safe, expected.__getstate__())
            for built, expected in ((convert(text, cls), cls(text)) for text in samples)
        )
    except (AttributeError, TypeError, ValueError):
        same = False
    return (parse, True) if same else (cls, False)


_new_uuid, _UUID_BY_MSGSPEC = _uuid_constructor()


# An anchored pattern (``^...$``) none of whose parts can match a line break: literals, classes
# that are not negated, ``.``, ``\d``/``\w``/``\S``, plain and non-capturing groups,
# quantifiers. No ``|``, no other anchors, no lookaround, backreference or inline flag.
_LINE_SAFE = re.compile(
    r"\^"
    r"(?:[A-Za-z0-9 !\"#%&',/:;<=>@_`~-]"
    r"|\\[.\-dwS/:_#]"
    r"|\[(?!\^)(?:[A-Za-z0-9 .:/@_#-]|\\[.\-dw])+\]"
    r"|\((?!\?)|\(\?:|\)"
    r"|[?*+.]|\{\d+(?:,\d*)?\}"
    r")*"
    r"\$"
)


# One element of a pattern ``_LINE_SAFE`` accepts: a class, an escape, a group's opening or
# closing, a quantifier, or one character.
_ELEMENT = re.compile(r"\[(?:[^\]\\]|\\.)+\]|\\.|\(\?:|\{\d+(?:,\d*)?\}|.")
_QUANTIFIERS = re.compile(r"[*+]|\{\d+(?:,\d*)?\}")
_ATOM = re.compile(r"\[.+\]|\\.|[^()?*+{]")
_LITERAL = re.compile(r"\\[.\-/:_#]|[^()?*+{}\[\]\\.^$|]")


def _possessive(body: str) -> str:
    """``body`` (a ``_LINE_SAFE`` pattern without anchors) with less backtracking to record.

    Groups do not capture (no backreference can need them). A repeated single-character atom
    becomes possessive where what follows it is a literal (not itself repeated or optional) it
    cannot match, or the end of the value (a line break, which no atom here matches): its run
    must then stop at the first character it does not match, which is where the greedy run
    stops anyway. Same matches, less work per value.
    """
    parts = _ELEMENT.findall(body)
    out: list[str] = []
    for index, part in enumerate(parts):
        if part == "(":
            out.append("(?:")
        elif part in ("(?:", ")", "?") or _QUANTIFIERS.fullmatch(part):
            out.append(part)
        else:
            out.append(translate(part))  # one atom, read as ECMA-262 reads it
        if not _QUANTIFIERS.fullmatch(part) or index == 0:
            continue
        atom = parts[index - 1]
        following = parts[index + 1] if index + 1 < len(parts) else "\n"
        after = parts[index + 2][:1] if index + 2 < len(parts) else ""
        # (A literal that is itself repeated or optional may not be what comes next.)
        repeated = after != "" and after in "?*+{"
        if not _ATOM.fullmatch(atom) or not _LITERAL.fullmatch(following) or repeated:
            continue
        if compile_pattern(atom).fullmatch(following[-1]) is None:
            out.append("+")
    return "".join(out)


class PatternBatch:
    """Checks all the strings a page holds for one ``pattern`` in a single regular-expression run.

    One ``search`` per id costs about as much as the rest of decoding it (the call, the match
    object), so the fast route collects the values and checks them here at once: joined by
    line breaks, against ``(?:BODY\n)*+`` where BODY is the pattern without its anchors, each
    atom read as ECMA-262 reads it (``modelruns._patterns``). Only for patterns that
    ``batchable`` accepts: anchored, and unable to match a line break, so each line must be
    one whole value. A value holding a line break (the count of breaks tells) or any value
    that fails makes the whole check fail: the fast route then declines and the tolerant
    route checks each value with the pattern's own search, naming the path (a value ending
    in a line break fails there too: ECMA's ``$`` is the end of the value only). So a batch
    can cost speed, never an answer.
    """

    __slots__ = ("_whole", "pattern")

    def __init__(self, pattern: str) -> None:
        compile_pattern(pattern)  # the whole pattern must read as ECMA-262 (else PatternError)
        self.pattern = pattern
        self._whole = re.compile(f"(?:(?:{_possessive(pattern[1:-1])})\n)*+").fullmatch

    @staticmethod
    def batchable(pattern: str) -> bool:
        return _LINE_SAFE.fullmatch(pattern) is not None

    def __call__(self, values: list[str]) -> bool:
        """Whether every value matches (``values`` is consumed: it gains an empty last item)."""
        values.append("")
        text = "\n".join(values)
        return text.count("\n") == len(values) - 1 and self._whole(text) is not None


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
            raise _UnsupportedError(f"union {hint!r}")
        return members[0]
    return hint


class _Compiler:
    """Writes the source of one module of decoder functions, then executes it once.

    ``tolerant`` writes the tolerant variant: each model function takes ``(v, p, r)``, the
    body, its JSON path and the deviation list, and tolerates what the module docstring lists.
    """

    def __init__(
        self,
        components: Mapping[str, Any],
        package: str,
        tolerant: bool = False,
    ) -> None:
        self.components = components
        self.tolerant = tolerant
        self.package = importlib.import_module(package + ".models")
        self.unset = importlib.import_module(package + ".types").UNSET
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_DeclinedError": _DeclinedError,
            "_InvalidBodyError": InvalidBodyError,
            "UNSET": self.unset,
            "_uuid": _new_uuid,
            "_datetime": datetime.datetime.fromisoformat,
            "_date": datetime.date.fromisoformat,
            "_unknown": unknown_enum_value,
            "_unparsed": _unparsed,
            "_short": _short,
            "_new": object.__new__,
            "_UUID": uuid.UUID,
        }
        if _UUID_BY_MSGSPEC:
            self.names["_convert"] = msgspec.convert
        self.functions: dict[tuple[type, int], str] = {}
        self.counter = itertools.count()
        #: The fast route's batched patterns, in the order of the lists its functions fill.
        self.batches: list[PatternBatch] = []
        self.batched: dict[str, int] = {}

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in node:
            node = self.components["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        variants = node.get("oneOf", node.get("anyOf"))
        if variants is not None:
            if len(variants) != 1:
                raise _UnsupportedError("a union of several schemas")
            return self.resolve(variants[0])
        return node

    def constant(self, value: Any) -> str:
        name = f"_c{next(self.counter)}"
        self.names[name] = value
        return name

    def hints(self, cls: type) -> dict[str, Any]:
        namespace = {**vars(sys.modules[cls.__module__]), **vars(self.package)}
        return typing.get_type_hints(cls, globalns=namespace)

    # --- one value --------------------------------------------------------------------------

    def value(
        self,
        var: str,
        schema: Mapping[str, Any],
        hint: Any,
        indent: str,
        path: str = "p",
        optional: bool = False,
    ) -> list[str]:
        """Lines that check ``var`` against ``schema`` and rebind it to its decoded value.

        (Tolerant variant: ``path`` is the expression of its JSON path; an ``optional`` value
        whose format breaks becomes ``UNSET``.)
        """
        node = self.resolve(schema)
        raw_type = node.get("type")
        kinds = list(raw_type) if isinstance(raw_type, list) else [raw_type] if raw_type else []
        nullable = "null" in kinds
        kinds = [k for k in kinds if k != "null"]
        lines: list[str] = []
        inner = indent
        if nullable:
            lines.append(f"{indent}if {var} is not None:")
            inner = indent + "    "
        target = _strip_optional(hint)
        refuses = kinds == ["string"] and self.conversion_refuses_the_rest(node, target)
        if kinds and not (kinds == ["object"] and self.is_model(target)) and not refuses:
            # (A model's own function checks that it got an object.)
            test = " and ".join(_JSON_TYPE_TESTS[k].format(v=var) for k in kinds)
            lines.append(f"{inner}if {test}: raise _DeclinedError")
        if kinds == ["string"]:
            lines.extend(self.string_rules(var, node, inner, path))
        enum_cls = target if isinstance(target, type) and issubclass(target, enum.Enum) else None
        if "enum" in node and not (self.tolerant and enum_cls is not None) and not refuses:
            allowed = self.constant(frozenset(node["enum"]))
            lines.append(f"{inner}if {var} not in {allowed}:")
            if self.tolerant:
                lines.append(
                    f"{inner}    r.append(({path}, 'enum', 'unknown value ' + _short({var})))"
                )
            else:
                lines.append(f"{inner}    raise _DeclinedError")
        if node.get("const") is not None:
            lines.append(f"{inner}if {var} != {self.constant(node['const'])}: raise _DeclinedError")
        converted = self.convert(var, node, target, inner, path, optional)
        if not converted and not lines:
            return []
        return lines + (converted or [])

    def conversion_refuses_the_rest(self, node: Mapping[str, Any], target: Any) -> bool:
        """Whether the fast route's conversion of a string fails on anything but a valid one.

        Then the type test (and an enum's membership test) before it is redundant: a UUID or
        date-time parser raises on a number, list or ``null`` (``AttributeError``/``TypeError``)
        as on a bad string, and the lookup in an enum's ``{value: member}`` table, whose values
        are exactly the schema's ``enum``, raises ``KeyError``/``TypeError`` on anything else.
        The same holds for a plain string with a batched ``pattern``. Not with ``maxLength`` or a
        ``const`` to check first, and never in the tolerant variant.
        """
        if self.tolerant or node.get("const") is not None or "maxLength" in node:
            return False
        if "pattern" in node:
            # A batched pattern's values are joined into one string (``PatternBatch``), which
            # raises ``TypeError`` on anything but a string.
            batched = isinstance(node["pattern"], str) and PatternBatch.batchable(node["pattern"])
            return batched and target is str and "enum" not in node
        if target in (uuid.UUID, datetime.datetime, datetime.date):
            return True
        if isinstance(target, type) and issubclass(target, enum.Enum):
            values = [member.value for member in target]
            listed = node.get("enum", values)
            return all(type(value) is str for value in values) and set(listed) == set(values)
        return False

    def string_rules(self, var: str, node: Mapping[str, Any], indent: str, path: str) -> list[str]:
        """``maxLength`` and ``pattern``: declined by the fast route, recorded by the tolerant."""
        lines: list[str] = []
        tests: list[tuple[str, str]] = []
        if isinstance(node.get("maxLength"), int):
            limit = node["maxLength"]
            tests.append((f"len({var}) > {limit}", f"longer than maxLength {limit}"))
        pattern = node.get("pattern")
        if isinstance(pattern, str) and not self.tolerant and PatternBatch.batchable(pattern):
            if pattern not in self.batched:
                self.batched[pattern] = len(self.batches)
                self.batches.append(PatternBatch(pattern))
            # Collected, then checked with the page's other values (see PatternBatch).
            lines.append(f"{indent}q[{self.batched[pattern]}]({var})")
        elif isinstance(pattern, str):
            test = self.constant(compile_pattern(pattern).search)
            tests.append((f"{test}({var}) is None", f"does not match {pattern}"))
        for test, problem in tests:
            if self.tolerant:
                detail = repr(problem + ": ")
                lines.append(f"{indent}if {test}:")
                lines.append(f"{indent}    r.append(({path}, 'string', {detail} + _short({var})))")
            else:
                lines.append(f"{indent}if {test}: raise _DeclinedError")
        return lines

    @staticmethod
    def is_model(target: Any) -> bool:
        return isinstance(target, type) and hasattr(target, "__attrs_attrs__")

    def parse(self, var: str, call: str, indent: str, path: str, optional: bool) -> list[str]:
        """``var = call(var)``; the tolerant variant keeps what does not parse (see module)."""
        if not self.tolerant:
            return [f"{indent}{var} = {call}({var})"]
        kept = "UNSET" if optional else f"_unparsed({var})"
        return [
            f"{indent}try:",
            f"{indent}    {var} = {call}({var})",
            f"{indent}except ValueError:",
            f"{indent}    r.append(({path}, 'format', {call[1:]!r} + ' does not parse: ' "
            f"+ _short({var})))",
            f"{indent}    {var} = {kept}",
        ]

    def convert(
        self,
        var: str,
        node: Mapping[str, Any],
        target: Any,
        indent: str,
        path: str = "p",
        optional: bool = False,
    ) -> list[str]:
        origin = typing.get_origin(target)
        if self.is_model(target):
            if self.tolerant:
                return [f"{indent}{var} = {self.model(target, node)}({var}, {path}, r)"]
            return [f"{indent}{var} = {self.model(target, node)}({var}, q)"]
        if isinstance(target, type) and issubclass(target, enum.Enum):
            members = self.constant({member.value: member for member in target})
            if not self.tolerant:
                return [f"{indent}{var} = {members}[{var}]"]
            enum_cls = self.constant(target)
            return [
                f"{indent}if {var} in {members}:",
                f"{indent}    {var} = {members}[{var}]",
                f"{indent}else:",
                f"{indent}    r.append(({path}, 'enum', 'unknown value ' + _short({var})))",
                f"{indent}    {var} = _unknown({enum_cls}, {var})",
            ]
        if target is uuid.UUID:
            if self.tolerant or not _UUID_BY_MSGSPEC:
                return self.parse(var, "_uuid", indent, path, optional)
            # `_new_uuid` written inline: one call less per id; what msgspec refuses declines.
            return [f"{indent}{var} = _convert({var}, _UUID)"]
        if target is datetime.datetime:
            return self.parse(var, "_datetime", indent, path, optional)
        if target is datetime.date:
            return self.parse(var, "_date", indent, path, optional)
        if origin is list:
            (item_hint,) = typing.get_args(target) or (Any,)
            items = node.get("items")
            if not isinstance(items, dict):
                return []
            item = f"_e{next(self.counter)}"
            if self.tolerant:
                index = f"_i{next(self.counter)}"
                item_path = f"{path} + '[' + str({index}) + ']'"
                body = self.value(item, items, item_hint, indent + "    ", item_path)
                if not body:
                    return []
                built = f"_l{next(self.counter)}"
                return [
                    f"{indent}{built} = []",
                    f"{indent}for {index}, {item} in enumerate({var}):",
                    *body,
                    f"{indent}    {built}.append({item})",
                    f"{indent}{var} = {built}",
                ]
            body = self.value(item, items, item_hint, indent + "    ")
            if not body:
                return []
            if len(body) == 1 and body[0].lstrip().startswith(f"{item} = "):
                # One conversion per item (a model, a UUID): a comprehension is cheapest.
                expression = body[0].split(" = ", 1)[1]
                return [f"{indent}{var} = [{expression} for {item} in {var}]"]
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
        if target in _PLAIN_HINTS or target is Any or origin is typing.Literal:
            return []
        if origin is dict:
            return []
        raise _UnsupportedError(f"hint {target!r}")

    # --- one model class --------------------------------------------------------------------

    def model(self, cls: type, node: Mapping[str, Any]) -> str:
        """The name of the function that decodes ``cls`` from a body matching ``node``."""
        key = (cls, id(node))
        if key in self.functions:
            return self.functions[key]
        name = f"_d{next(self.counter)}_{cls.__name__}"
        self.functions[key] = name
        try:
            lines = self.model_lines(name, cls, node)
        except _UnsupportedError:
            # The generic route for this object alone: check its subtree, then from_dict.
            check = self.constant(compile_schema(node, self.components, tolerant=self.tolerant))
            model_cls = self.constant(cls)
            head = f"def {name}(v, p, r):" if self.tolerant else f"def {name}(v, q):"
            # A subtree that fails its check declines: the whole body's check then names the
            # field by its full path (the subtree's own would start at this object).
            lines = [
                head,
                "    try:",
                f"        {check}(v)",
                "    except _InvalidBodyError:",
                "        raise _DeclinedError from None",
                f"    return {model_cls}.from_dict(v)",
            ]
        self.lines.extend([*lines, ""])
        return name

    def model_lines(self, name: str, cls: type, node: Mapping[str, Any]) -> list[str]:
        hints = self.hints(cls)
        fields = [a for a in cls.__attrs_attrs__ if a.init]  # type: ignore[attr-defined]
        by_squash = {squash(a.name): a.name for a in fields}
        if "additional_properties" not in hints:
            raise _UnsupportedError(f"{cls.__name__} has no additional_properties")
        properties: Mapping[str, Any] = node.get("properties", {})
        required = list(node.get("required", ()))
        extra = node.get("additionalProperties")
        typed_extra = isinstance(extra, dict)
        if typed_extra and properties:
            raise _UnsupportedError("typed additional properties beside named ones")
        if any(key not in properties for key in required):
            raise _UnsupportedError("a required field without a schema")
        attribute_of: dict[str, str] = {}
        for wire in properties:
            attribute = by_squash.get(squash(wire))
            if attribute is None or attribute in attribute_of.values():
                raise _UnsupportedError(f"no single attribute for {wire!r}")
            attribute_of[wire] = attribute
        if set(attribute_of.values()) != {a.name for a in fields}:
            raise _UnsupportedError(f"{cls.__name__}'s fields are not its schema's properties")
        tolerant = self.tolerant
        head = f"def {name}(v, p, r):" if tolerant else f"def {name}(v, q):"
        lines = [head, "    if type(v) is not dict: raise _DeclinedError"]
        variables = {wire: f"x{index}" for index, wire in enumerate(properties)}
        # Required fields first, in the spec's order, as the generic check reports them.
        for wire in [*required, *(w for w in properties if w not in required)]:
            var, hint = variables[wire], hints[attribute_of[wire]]
            path = f"p + {'.' + wire!r}"
            if wire in required:
                lines.append(f"    {var} = v[{wire!r}]")
                lines.extend(self.value(var, properties[wire], hint, "    ", path))
            else:
                lines.append(f"    {var} = v.get({wire!r}, UNSET)")
                lines.append(f"    if {var} is not UNSET:")
                if tolerant and not self.nullable(properties[wire]):
                    lines.append(f"        if {var} is None:")
                    lines.append(
                        f"            r.append(({path}, 'null', 'null for an optional field'))"
                    )
                    lines.append(f"            {var} = UNSET")
                    lines.append("        else:")
                    body = self.value(var, properties[wire], hint, "            ", path, True)
                    lines.extend(body or ["            pass"])
                else:
                    body = self.value(var, properties[wire], hint, "        ", path, True)
                    lines.extend(body or [])
                lines.append("        n += 1")
        if typed_extra:
            assert isinstance(extra, dict)
            value_hint = typing.get_args(hints["additional_properties"])[-1]
            body = self.value("e", extra, value_hint, "        ", "p + '.' + k")
            if len(body) == 1 and body[0].lstrip().startswith("e = "):
                # One conversion per value: straight into the dict (a loop; in Python 3.11 a
                # comprehension is a function call of its own).
                expression = body[0].split(" = ", 1)[1]
                body = [f"        a[k] = {expression}"]
            else:
                body = [*body, "        a[k] = e"]
            return [
                *lines,
                *self.construct(cls, []),
                "    a = {}",
                "    for k, e in v.items():",
                *body,
                "    o.additional_properties = a",
                "    return o",
            ]
        # `n` counts the present optional fields; it must exist before the first `n += 1`.
        lines.insert(2, f"    n = {len(required)}")
        known = self.constant(frozenset(properties))
        lines.extend(self.construct(cls, [(attribute_of[w], variables[w]) for w in properties]))
        plain = self.plain(cls)
        if tolerant:
            # Extra keys, plus the wire value of an optional field left unset by its format.
            lines.append(f"    a = {{k: e for k, e in v.items() if k not in {known}}}")
            for wire in properties:
                if wire not in required:
                    var = variables[wire]
                    lines.append(f"    if {var} is UNSET and v.get({wire!r}) is not None:")
                    lines.append(f"        a[{wire!r}] = v[{wire!r}]")
            if plain:
                lines.extend(["    o.additional_properties = a", "    return o"])
            else:
                lines.extend(["    if a:", "        o.additional_properties = a", "    return o"])
            return lines
        extras = f"{{k: e for k, e in v.items() if k not in {known}}}"
        if plain:
            lines.extend(
                [
                    "    if len(v) == n:",
                    "        o.additional_properties = {}",
                    "    else:",
                    f"        o.additional_properties = {extras}",
                    "    return o",
                ]
            )
        else:
            lines.extend(
                [
                    "    if len(v) != n:",
                    f"        o.additional_properties = {extras}",
                    "    return o",
                ]
            )
        return lines

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

    def construct(self, cls: type, values: list[tuple[str, str]]) -> list[str]:
        """Lines that bind ``o`` to a new ``cls`` with each ``(attribute, variable)`` given.

        A plain class (see ``plain``) is built without its ``__init__``; the caller then sets
        ``additional_properties``, as ``__init__``'s own fresh dict would be replaced anyway.
        """
        model_cls = self.constant(cls)
        if self.plain(cls):
            return [f"    o = _new({model_cls})"] + [
                f"    o.{attribute} = {variable}" for attribute, variable in values
            ]
        fields = [a.name for a in cls.__attrs_attrs__ if a.init]  # type: ignore[attr-defined]
        given = dict(values)
        arguments = ", ".join(given[name] for name in fields)
        return [f"    o = {model_cls}({arguments})"]

    def nullable(self, schema: Mapping[str, Any]) -> bool:
        raw_type = self.resolve(schema).get("type")
        return raw_type == "null" or (isinstance(raw_type, list) and "null" in raw_type)

    def build(self) -> dict[str, Any]:
        namespace = dict(self.names)
        source = "\n".join(self.lines)
        # Our own source, written above from the spec and the generated classes.
        exec(compile(source, "<modelruns decoders>", "exec"), namespace)  # noqa: S102
        return namespace


_DECLINED = (_DeclinedError, LookupError, TypeError, ValueError, AttributeError)


def _with_batches(function: Callable[[Any, Any], Any], batches: list[PatternBatch]) -> Decoder:
    """The fast route's entry: decode, then check each pattern's collected values at once."""
    if not batches:
        return lambda raw: function(raw, None)
    checks = tuple(batches)

    def fast(raw: Any) -> Any:
        collected: list[list[str]] = [[] for _ in checks]
        # The decoders call the appends (`q[0](value)`): no attribute lookup per value.
        model = function(raw, tuple(values.append for values in collected))
        for check, values in zip(checks, collected, strict=True):
            if values and not check(values):
                raise _DeclinedError
        return model

    return fast


def compile_decoder(
    schema: Mapping[str, Any], components: Mapping[str, Any], model_cls: type, check: Check
) -> Decoder:
    """A function ``raw JSON -> model_cls`` that behaves as ``check(raw)`` then ``from_dict(raw)``.

    ``check`` (the compiled schema) and ``model_cls.from_dict`` still decide every body the fast
    route declines, so errors are theirs: ``InvalidBodyError`` naming the field, or the
    generated code's ``KeyError``/``TypeError``/``ValueError``. The decoder's ``fast`` attribute
    is the fast route alone (``None`` when the schema has no fast route).
    """
    compiler = _Compiler(components, model_cls.__module__.split(".", 1)[0])
    try:
        entry = compiler.model(model_cls, compiler.resolve(schema))
    except _UnsupportedError:
        entry = None
    fast = _with_batches(compiler.build()[entry], compiler.batches) if entry else None
    generic: Decoder = model_cls.from_dict  # type: ignore[attr-defined]

    def decode(raw: Any) -> Any:
        if fast is not None:
            try:
                return fast(raw)
            except _DECLINED:
                pass
        check(raw)
        return generic(raw)

    decode.fast = fast  # type: ignore[attr-defined]
    return decode


def compile_tolerant(
    schema: Mapping[str, Any],
    components: Mapping[str, Any],
    model_cls: type,
) -> TolerantDecoder:
    """A function ``(raw JSON, deviations) -> model_cls`` tolerating evolution (see module).

    Each tolerated deviation is appended to ``deviations``; broken structure raises
    ``InvalidBodyError`` naming the path (from ``compile_schema(..., tolerant=True)``), or the
    generated code's own error for a shape the compiler leaves to ``from_dict``.
    """
    package = model_cls.__module__.split(".", 1)[0]
    compiler = _Compiler(components, package, tolerant=True)
    try:
        entry = compiler.model(model_cls, compiler.resolve(schema))
    except _UnsupportedError:
        entry = None
    fast = compiler.build()[entry] if entry else None
    structure = compile_schema(schema, components, tolerant=True)
    generic: Decoder = model_cls.from_dict  # type: ignore[attr-defined]

    def decode(raw: Any, deviations: Deviations) -> Any:
        if fast is not None:
            found: Deviations = []
            try:
                model = fast(raw, "$", found)
            except _DECLINED:
                pass
            else:
                deviations.extend(found)
                return model
        structure(raw)
        return generic(raw)

    return decode
