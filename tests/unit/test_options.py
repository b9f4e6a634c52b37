"""The options every client takes (``_options``): the strict switch read from the environment."""

from __future__ import annotations

import pytest

from modelruns._options import NOT_GIVEN, NotGiven, strict_from_environment


@pytest.mark.parametrize(
    ("value", "strict"), [("", False), ("0", False), ("off", False), ("1", True), ("Yes", True)]
)
def test_modelruns_strict_reads_as_a_switch(
    monkeypatch: pytest.MonkeyPatch, value: str, strict: bool
) -> None:
    monkeypatch.setenv("MODELRUNS_STRICT", value)
    assert strict_from_environment() is strict


def test_modelruns_strict_with_another_value_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MODELRUNS_STRICT", "maybe")
    with pytest.raises(ValueError, match=r"MODELRUNS_STRICT must be 1 or 0 .*'maybe'"):
        strict_from_environment()


def test_not_given_is_one_marker_distinct_from_none() -> None:
    assert isinstance(NOT_GIVEN, NotGiven)
    assert NOT_GIVEN is not None
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
