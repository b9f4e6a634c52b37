"""``_decode._batch``: a ``PatternBatch`` decides as one search per value would."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from modelruns._decode import PatternBatch
from modelruns._patterns import compile_pattern
from modelruns._specs import load_spec


def _schema_nodes(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_nodes(value)


SPEC_PATTERNS = sorted(
    {
        node["pattern"]
        for provider in ("foundry", "dataplatform", "pai", "nsml")
        for node in _schema_nodes(load_spec(provider))
        if isinstance(node.get("pattern"), str)
    }
)
BATCHED = [pattern for pattern in SPEC_PATTERNS if PatternBatch.batchable(pattern)]
# Strings near the specs' ids: valid ones, and each broken by one character.
NEAR_IDS = st.sampled_from(
    [
        "ri.foundry-build.main.build.eae87dc1-c052-40cd-92a5-21d40ba2f9f7",
        "ri.models..model-version.x",
        "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
        "sha256:0a1b",
    ]
)


@st.composite
def near_id(draw: st.DrawFn) -> str:
    text = draw(NEAR_IDS)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from(["", "\n", " ", "A", "=", "é", "..", "-", "\n" + text]))
        text = text[:at] + junk + text[at + draw(st.integers(0, 2)) :]
    return text


def test_the_specs_id_patterns_are_batched_and_others_are_not() -> None:
    assert r"^ri\.[a-z][a-z0-9-]*\.([a-z0-9][a-z0-9\-]*)?\.[a-z][a-z0-9-]*\.[a-zA-Z0-9._-]+$" in (
        BATCHED
    )
    assert "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" in BATCHED
    # Each could match a line break, or is not anchored as one whole value.
    for pattern in ["^[^=,]*$", r"^\s+$", "^a|b$", "a$", "^a", "(?s)^.$", r"^a\nb$", r"^(?=a)a$"]:
        assert not PatternBatch.batchable(pattern), pattern


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BATCHED), st.lists(near_id(), max_size=6))
def test_a_batch_decides_as_a_search_per_value(pattern: str, values: list[str]) -> None:
    search = compile_pattern(pattern).search
    everyone = all(search(value) is not None for value in values)
    # ECMA-262's `$` lets no line break by, so the batch's refusal of one is the search's too.
    assert PatternBatch(pattern)(list(values)) == everyone


def test_values_joined_by_line_breaks_cannot_pass_as_two() -> None:
    rid = "ri.foundry-build.main.build.x"
    batch = PatternBatch(next(p for p in BATCHED if p.startswith("^ri")))
    assert batch([rid, rid])
    assert not batch([rid + "\n" + rid])
    assert not batch([rid, "", rid])


# Patterns where a run may or may not stop before a literal: possessive only where it must.
TRICKY = [
    "^[a-z]*-?x$",
    "^a*a$",
    "^[a-z]*x*y$",
    r"^[a-z]*\.[a-z]+$",
    r"^\d{2,4}1$",
    r"^\d{2,4}x$",
    "^x{1,3}x?$",
    "^(ax*)?x$",
    "^.*-x$",
    r"^\S+x-?$",
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(TRICKY), st.lists(st.text(alphabet="ax1y-.", max_size=8), max_size=4))
def test_possessive_batches_decide_as_a_search_per_value(pattern: str, values: list[str]) -> None:
    assert PatternBatch.batchable(pattern), pattern
    search = compile_pattern(pattern).search
    everyone = all(search(value) is not None for value in values)
    assert PatternBatch(pattern)(list(values)) == everyone


def test_a_value_that_is_not_a_string_fails_the_batch() -> None:
    batch = PatternBatch(next(p for p in BATCHED if p.startswith("^ri")))
    assert not batch(["ri.foundry-build.main.build.x", 7])  # type: ignore[list-item]
