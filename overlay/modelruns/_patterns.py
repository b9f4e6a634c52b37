"""JSON Schema ``pattern``s (ECMA-262 regular expressions) as Python ``re`` patterns.

A spec's ``pattern`` is ECMA-262, and Python's ``re`` reads the same text differently: ``$``
also matches before a final line break (``"ri.x\\n"`` passes ``^ri\\..+$``), ``\\d`` and ``\\w``
take any Unicode digit or letter (``"١٢٣"`` passes ``^\\d+$``), ``\\s`` is another set of
characters, and ``.`` matches ``\\r``, U+2028 and U+2029. `translate` writes a Python pattern
with the ECMA meaning, read as JSON Schema recommends (the ``u`` flag: a value is a sequence of
code points, as a Python ``str`` is):

- ``^`` and ``$`` anchor at the ends of the value only (``\\A``, ``\\Z``);
- ``\\d`` is ``[0-9]``, ``\\w`` is ``[A-Za-z0-9_]``, ``\\b``/``\\B`` are their ASCII word
  boundaries, ``\\s`` is ECMA's white space and line terminators, ``\\D``/``\\W``/``\\S`` their
  complements, in a class too;
- ``.`` matches any code point but ``\\n``, ``\\r``, U+2028 and U+2029; ``[^]`` matches any
  code point, ``[]`` none;
- ``\\cX``, ``\\0``, ``\\xHH``, ``\\uHHHH`` (a surrogate pair as one code point) and
  ``\\u{H...}`` are the code points they name; ``(?<name>...)`` is a named group;
- a ``{``, ``}`` or ``]`` that is not syntax is itself (as ECMA-262 reads it without the
  ``u`` flag; with it, such a pattern is an error, and no reading is lost by accepting it).

What has no equal in ``re`` is refused with `PatternError` (a ``ValueError``) naming the
pattern, the construct and its position: backreferences (``\\1``, ``\\k<name>``: ECMA lets
one to a group that took no part match the empty string, ``re`` fails), octal escapes
(``\\01``), Unicode property escapes (``\\p{...}``), inline modifiers (``(?i:...)``), an
escaped letter or digit ECMA gives no meaning (``\\a``, ``\\z``, ``\\A``), a quantifier
with nothing to repeat or on an assertion, and a lookbehind ``re`` cannot compile (it needs a
fixed width). So a pattern is judged when it is compiled, never by a value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["PatternError", "compile_pattern", "compile_patterns_in", "translate"]

_MAX_CODE_POINT = 0x10FFFF

Ranges = tuple[tuple[int, int], ...]

#: ECMA-262 character sets, as sorted ranges of code points.
_DIGIT: Ranges = ((0x30, 0x39),)
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
# WhiteSpace (TAB, VT, FF, ZWNBSP and Unicode's Zs) plus LineTerminator (LF, CR, LS, PS).
_SPACE: Ranges = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
_LINE_TERMINATORS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


class PatternError(ValueError):
    """A ``pattern`` that cannot be read as ECMA-262 with the same meaning in Python."""

    def __init__(self, pattern: str, problem: str, position: int | None = None) -> None:
        where = "" if position is None else f" at position {position}"
        super().__init__(f"pattern {pattern!r}: {problem}{where}")
        self.pattern = pattern
        self.problem = problem
        self.position = position


def _complement(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    start = 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = max(start, high + 1)
    if start <= _MAX_CODE_POINT:
        out.append((start, _MAX_CODE_POINT))
    return tuple(out)


def _union(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _char(code: int) -> str:
    """One code point, written so that ``re`` reads it as itself anywhere (in a class too)."""
    text = chr(code)
    if text.isascii() and text.isalnum():
        return text
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _set(ranges: Ranges) -> str:
    """A Python pattern matching exactly one code point of ``ranges``.

    Written as a class or as a negated class of the complement, whichever is shorter (so
    ``\\S`` stays ``[^...]``, cheap for ``re`` and for tools that draw values from it).
    """
    if not ranges:
        return "(?!)"
    others = _complement(ranges)
    if not others:
        return "(?s:.)"
    negated = len(others) < len(ranges)

    def spelled(span: Ranges) -> str:
        return "".join(
            _char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in span
        )

    return f"[^{spelled(others)}]" if negated else f"[{spelled(ranges)}]"


_CLASS_ESCAPES: dict[str, Ranges] = {
    "d": _DIGIT,
    "D": _complement(_DIGIT),
    "w": _WORD,
    "W": _complement(_WORD),
    "s": _SPACE,
    "S": _complement(_SPACE),
}
_CONTROL_ESCAPES = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_ANY_BUT_LINE_TERMINATORS = _set(_complement(_LINE_TERMINATORS))
_WORD_SET = _set(_WORD)
_WORD_BOUNDARY = f"(?:(?<={_WORD_SET})(?!{_WORD_SET})|(?<!{_WORD_SET})(?={_WORD_SET}))"
_NOT_WORD_BOUNDARY = f"(?:(?<={_WORD_SET})(?={_WORD_SET})|(?<!{_WORD_SET})(?!{_WORD_SET}))"
_HEX = frozenset("0123456789abcdefABCDEF")
_QUANTIFIER = re.compile(r"\{(\d+)(?:(,)(\d*))?\}")
_GROUP_NAME = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")


class _Reader:
    """One pass over an ECMA-262 pattern, writing its Python equivalent."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0
        self.depth = 0

    def fail(self, problem: str, position: int | None = None) -> PatternError:
        return PatternError(self.pattern, problem, self.at if position is None else position)

    def peek(self, offset: int = 0) -> str:
        index = self.at + offset
        return self.pattern[index] if index < len(self.pattern) else ""

    def translate(self) -> str:
        out = self.disjunction()
        if self.at < len(self.pattern):
            raise self.fail("')' closes no group")
        return out

    def disjunction(self) -> str:
        alternatives = [self.alternative()]
        while self.peek() == "|":
            self.at += 1
            alternatives.append(self.alternative())
        return "|".join(alternatives)

    def alternative(self) -> str:
        out: list[str] = []
        while self.at < len(self.pattern) and self.peek() not in "|)":
            start = self.at
            atom, repeatable = self.term()
            quantifier = self.quantifier()
            if quantifier:
                if not repeatable:
                    raise self.fail("a quantifier on an assertion (^, $, \\b, a lookaround)", start)
                atom = f"(?:{atom}){quantifier}"
            out.append(atom)
        return "".join(out)

    def quantifier(self) -> str:
        char = self.peek()
        if char in ("*", "+", "?"):
            self.at += 1
            text = char
        elif char == "{":
            match = _QUANTIFIER.match(self.pattern, self.at)
            if match is None:
                return ""
            low, comma, high = match.groups()
            if high and int(high) < int(low):
                raise self.fail(f"quantifier {match.group()} has its numbers out of order")
            self.at = match.end()
            text = f"{{{int(low)}{',' if comma else ''}{int(high) if high else ''}}}"
        else:
            return ""
        if self.peek() == "?":
            self.at += 1
            text += "?"
        if self.peek() in ("*", "+", "?") or _QUANTIFIER.match(self.pattern, self.at):
            raise self.fail("a quantifier with nothing to repeat")
        return text

    def term(self) -> tuple[str, bool]:
        """The next atom or assertion in Python, and whether a quantifier may follow it."""
        char = self.peek()
        start = self.at
        if char == "^":
            self.at += 1
            return "\\A", False
        if char == "$":
            self.at += 1
            return "\\Z", False
        if char in ("*", "+", "?") or (char == "{" and _QUANTIFIER.match(self.pattern, self.at)):
            raise self.fail("a quantifier with nothing to repeat")
        if char == ".":
            self.at += 1
            return _ANY_BUT_LINE_TERMINATORS, True
        if char == "(":
            return self.group()
        if char == "[":
            return self.character_class(), True
        if char == "\\":
            if self.peek(1) in ("b", "B"):
                self.at += 2
                boundary = self.pattern[start + 1] == "b"
                return (_WORD_BOUNDARY if boundary else _NOT_WORD_BOUNDARY), False
            escaped = self.escape(in_class=False)
            return (_set(escaped) if isinstance(escaped, tuple) else _char(escaped)), True
        self.at += 1
        return _char(ord(char)), True

    def group(self) -> tuple[str, bool]:
        start = self.at
        self.at += 1
        head, repeatable = "(", True
        if self.peek() == "?":
            rest = self.pattern[self.at + 1 : self.at + 3]
            if rest.startswith(":"):
                head, self.at = "(?:", self.at + 2
            elif rest.startswith(("=", "!")):
                head, repeatable = f"(?{rest[0]}", False
                self.at += 2
            elif rest in ("<=", "<!"):
                head, repeatable = f"(?{rest}", False
                self.at += 3
            else:
                name = _GROUP_NAME.match(self.pattern, self.at + 1)
                if name is None:
                    raise self.fail(
                        "'(?' starts no ECMA-262 group here (inline modifiers are not supported)",
                        start,
                    )
                head, self.at = f"(?P<{name.group(1)}>", name.end()
        body = self.disjunction()
        if self.peek() != ")":
            raise self.fail("a group is not closed", start)
        self.at += 1
        return f"{head}{body})", repeatable

    def character_class(self) -> str:
        start = self.at
        self.at += 1
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        items: list[tuple[int, int]] = []
        while True:
            char = self.peek()
            if char == "":
                raise self.fail("a character class is not closed", start)
            if char == "]":
                self.at += 1
                break
            first = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                dash = self.at
                self.at += 1
                last = self.class_atom()
                if isinstance(first, tuple) or isinstance(last, tuple):
                    raise self.fail("a class range ends in a set (\\d, \\w, ...)", dash)
                if last < first:
                    raise self.fail("a range in a character class is out of order", dash)
                items.append((first, last))
            elif isinstance(first, tuple):
                items.extend(first)
            else:
                items.append((first, first))
        ranges = _union(items)
        return _set(_complement(ranges) if negated else ranges)

    def class_atom(self) -> int | Ranges:
        if self.peek() == "\\":
            return self.escape(in_class=True)
        char = self.peek()
        self.at += 1
        return ord(char)

    def escape(self, *, in_class: bool) -> int | Ranges:
        """The code point or set an escape names (``self.at`` on its backslash)."""
        start = self.at
        char = self.peek(1)
        self.at += 2
        if char == "":
            raise self.fail("the pattern ends in a lone backslash", start)
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[char]
        if char == "b" and in_class:
            return 0x08
        if char == "0":
            if self.peek().isdigit():
                raise self.fail("octal escapes are not supported", start)
            return 0
        if char.isdigit() or char == "k":
            raise self.fail("backreferences are not supported", start)
        if char in ("p", "P"):
            raise self.fail("Unicode property escapes (\\p{...}) are not supported", start)
        if char == "c":
            letter = self.peek()
            if not (letter.isascii() and letter.isalpha()):
                raise self.fail("\\c must be followed by a letter", start)
            self.at += 1
            return ord(letter) % 32
        if char == "x":
            digits = self.pattern[self.at : self.at + 2]
            if len(digits) != 2 or not set(digits) <= _HEX:
                raise self.fail("\\x needs two hexadecimal digits", start)
            self.at += 2
            return int(digits, 16)
        if char == "u":
            return self.unicode_escape(start)
        if char.isascii() and char.isalnum():
            raise self.fail(f"'\\{char}' has no meaning in ECMA-262", start)
        return ord(char)

    def unicode_escape(self, start: int) -> int:
        if self.peek() == "{":
            end = self.pattern.find("}", self.at)
            digits = self.pattern[self.at + 1 : end] if end != -1 else ""
            if not digits or not set(digits) <= _HEX or int(digits, 16) > _MAX_CODE_POINT:
                raise self.fail("\\u{...} needs a code point in hexadecimal", start)
            self.at = end + 1
            return int(digits, 16)
        digits = self.pattern[self.at : self.at + 4]
        if len(digits) != 4 or not set(digits) <= _HEX:
            raise self.fail("\\u needs four hexadecimal digits", start)
        self.at += 4
        code = int(digits, 16)
        # A surrogate pair is one code point (the `u` flag's reading).
        low = self.pattern[self.at : self.at + 6]
        if 0xD800 <= code <= 0xDBFF and low[:2] == "\\u" and set(low[2:]) <= _HEX and len(low) == 6:
            second = int(low[2:], 16)
            if 0xDC00 <= second <= 0xDFFF:
                self.at += 6
                return 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00)
        return code


@functools.lru_cache(maxsize=1024)
def translate(pattern: str) -> str:
    """The Python ``re`` pattern that matches what the ECMA-262 ``pattern`` matches.

    Used with ``re.search`` (JSON Schema's ``pattern`` is unanchored). Raises `PatternError`
    for a construct it cannot translate (see the module).
    """
    if not isinstance(pattern, str):
        raise PatternError(str(pattern), f"must be a string, got {type(pattern).__name__}")
    return _Reader(pattern).translate()


@functools.lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``translate(pattern)`` compiled; its ``search`` is JSON Schema's ``pattern`` check."""
    source = translate(pattern)
    try:
        return re.compile(source)
    except re.error as error:
        raise PatternError(pattern, f"Python's re cannot match it ({error.msg})") from None


#: Keywords whose values are data, not schemas: a ``pattern`` key inside them is no pattern.
_DATA_KEYWORDS = frozenset({"const", "default", "enum", "example", "examples"})


def compile_patterns_in(schema: Any) -> None:
    """Compile every ``pattern`` (and ``patternProperties`` key) of a schema document.

    A pattern that cannot be read raises `PatternError` here, when a check is built, rather
    than when the first value is checked.
    """
    if isinstance(schema, Mapping):
        for key, value in schema.items():
            if key in _DATA_KEYWORDS:
                continue
            if key == "pattern" and isinstance(value, str):
                compile_pattern(value)
            elif key == "patternProperties" and isinstance(value, Mapping):
                for pattern in value:
                    compile_pattern(str(pattern))
            compile_patterns_in(value)
    elif isinstance(schema, list):
        for item in schema:
            compile_patterns_in(item)
