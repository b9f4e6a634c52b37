"""The values a decoder builds beyond the generated types: enum pseudo-members, unparsed strings,
and the UUID constructor the fast route writes inline."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable
from typing import Any

import msgspec

__all__ = ["UnknownEnumValue", "UnparsedValue", "unknown_enum_value"]


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
        # `_value_` and `_name_` are enum's documented `_sunder_` names (as `_missing_` is):
        # setting them is how the enum documentation builds a member by hand, not a private reach.
        base: Any = next((t for t in enum_cls.__mro__ if t in (str, int, float)), object)
        found = base.__new__(enum_cls) if base is object else base.__new__(enum_cls, value)
        found._value_ = value
        found._name_ = str(value)
        if len(_UNKNOWN_MEMBERS) >= _UNKNOWN_LIMIT:
            _UNKNOWN_MEMBERS.clear()
        _UNKNOWN_MEMBERS[key] = found
    return found


def unparsed(value: str) -> UnparsedValue:
    """``value`` kept as the wire string of a required field whose format does not parse."""
    return UnparsedValue(value)


def short(value: Any) -> str:
    """``repr(value)`` cut to 80 characters, for a deviation's detail."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _uuid_constructor() -> tuple[Callable[[str], uuid.UUID], bool]:
    """A faster ``uuid.UUID(text)`` for the usual forms (or ``UUID`` itself).

    msgspec converts the hyphenated and the 32-digit forms in C, about twice as fast as the
    cheapest Python route, and raises ``msgspec.ValidationError`` (a ``ValueError``) for any
    other text, which ``UUID()`` then judges (braces, ``urn:uuid:``, odd hyphens). No cache:
    the cost is the same whether ids repeat across a page or not. Used only if msgspec builds
    the same object as this Python's ``UUID`` from samples. Also says whether it is used, for
    the fast route, which writes the conversion inline (``_convert(text, _UUID)``) and declines
    a form msgspec refuses (``msgspec.ValidationError``, for any value that is not such a text).
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
    except (AttributeError, TypeError, ValueError):  # a msgspec or Python unlike the tested one
        same = False
    return (parse, True) if same else (cls, False)


new_uuid, UUID_BY_MSGSPEC = _uuid_constructor()
