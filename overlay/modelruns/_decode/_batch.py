"""One regular-expression run for all the strings of a body that one ``pattern`` checks.

The fast route checks ``pattern``s cheaply: it collects the strings of each pattern and checks
them all at once (``PatternBatch``), as one ``search`` per id would cost about as much as the
rest of decoding it.
"""

from __future__ import annotations

import re

from modelruns._patterns import compile_pattern, translate

__all__ = ["PatternBatch"]


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
        try:
            text = "\n".join(values)
        except TypeError:  # a value that is not a string matches no pattern
            return False
        return text.count("\n") == len(values) - 1 and self._whole(text) is not None
