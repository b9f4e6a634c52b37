"""The faster paths decide exactly as the plain ones: JSON parsing, UUIDs, model building, GC.

``loads`` (msgspec first) must give what ``json.loads`` gives or raise what it raises; the
inline UUID construction must give what ``uuid.UUID`` gives; the collector pause must always
restore the collector and never turn on one the program turned off.
"""

from __future__ import annotations

import gc
import json
import math
import threading
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelruns._decode import PatternBatch, _new_uuid, gc_paused, loads
from modelruns._exceptions import ResponseValidationError
from modelruns._facades import foundry as foundry_facade
from modelruns._patterns import compile_pattern
from modelruns._specs import load_spec
from modelruns.stubs import create_app

LIST_RUNS = foundry_facade._LIST_MODEL_STUDIO_RUNS


def _schema_nodes(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_nodes(value)


def _response(content: bytes) -> httpx.Response:
    return httpx.Response(200, content=content, request=httpx.Request("GET", "http://x/runs"))


def _outcome(parse: Any, content: bytes) -> tuple[str, Any]:
    try:
        return "value", parse(content)
    except RecursionError:
        return "error", "RecursionError"
    except ValueError as error:
        return "error", type(error).__name__


def _same(left: Any, right: Any) -> bool:
    """Equal JSON values of the same types (NaN equal to NaN, key order included)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return (math.isnan(left) and math.isnan(right)) or left == right
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    return bool(left == right)


def assert_like_json_loads(content: bytes) -> None:
    ours, stdlib = _outcome(loads, content), _outcome(json.loads, content)
    assert ours[0] == stdlib[0], (content[:80], ours, stdlib)
    if ours[0] == "value":
        assert _same(ours[1], stdlib[1]), content[:80]
    else:
        assert ours[1] == stdlib[1], (content[:80], ours, stdlib)


EDGE_CASES = [
    b"123456789012345678901234",
    b"-123456789012345678901234567890",
    b"9" * 4300,  # the longest integer the standard library reads
    b"9" * 4301,  # one digit more: its ValueError
    b'{"a": 1, "b": 2, "a": 3}',  # duplicate keys: the last value, the first position
    b"NaN",
    b"[Infinity, -Infinity]",
    b"1e400",
    b"-1e400",
    b"[1.5e-400]",
    b"1" + b"0" * 400 + b".5",
    b'"\\ud800"',  # a lone surrogate escape
    b'"\\udc00\\ud800"',
    b'"\xed\xa0\x80"',  # a surrogate encoded in UTF-8
    b'"\xff"',  # invalid UTF-8
    b'"\xc0\xaf"',  # overlong encoding
    b"\xef\xbb\xbf{}",  # a UTF-8 byte order mark
    '{"a": "é"}'.encode("utf-16"),
    '{"a": "é"}'.encode("utf-32"),
    b'"a\tb"',  # a raw control character
    b'"a\x00b"',
    b"01",
    b"-0",
    b"-0.0",
    b"1.",
    b".5",
    b"[1,]",
    b'{"a": 1,}',
    b"",
    b"  ",
    b"[" * 5000 + b"]" * 5000,  # nested deeper than the interpreter recurses
    b"[" * 50 + b"]" * 50,
    b'{"\\ud83d\\ude00": 1}',
    b"1E5",
    b"True",
    b"[1 2]",
    b'{"a"}',
    b"{} x",
]


@pytest.mark.parametrize("content", EDGE_CASES, ids=lambda c: repr(c[:24]))
def test_loads_agrees_with_json_loads_on_edge_cases(content: bytes) -> None:
    assert_like_json_loads(content)


def test_loads_keeps_big_integers_exact() -> None:
    value = loads(b'{"n": 123456789012345678901234567890, "m": -18446744073709551617}')
    assert value == {"n": 123456789012345678901234567890, "m": -18446744073709551617}
    assert all(type(v) is int for v in value.values())


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_loads_agrees_with_json_loads_on_any_json(value: Any, ascii_only: bool) -> None:
    assert_like_json_loads(json.dumps(value, ensure_ascii=ascii_only).encode())


@settings(max_examples=300, deadline=None)
@given(
    JSON_VALUES,
    st.integers(min_value=0, max_value=10_000),
    st.binary(min_size=1, max_size=3),
)
def test_loads_agrees_with_json_loads_on_damaged_json(value: Any, where: int, junk: bytes) -> None:
    text = json.dumps(value, ensure_ascii=False).encode()
    at = where % (len(text) + 1)
    assert_like_json_loads(text[:at] + junk + text[at:])
    assert_like_json_loads(text[:at] + text[at + len(junk) :])


def test_a_body_only_the_standard_library_reads_still_decodes() -> None:
    body = {"data": [], "nextPageToken": "t"}
    response = _response(json.dumps(body).encode("utf-16"))
    model, raw = LIST_RUNS.decode(response)
    assert raw == body
    assert model.next_page_token == "t"


def test_an_undecodable_body_is_a_response_validation_error() -> None:
    for content in (b"{", b'"\xff"', b"[" * 5000 + b"]" * 5000):
        with pytest.raises(ResponseValidationError):
            LIST_RUNS.decode(_response(content))


# --- UUIDs --------------------------------------------------------------------------------


def _uuid_outcome(make: Any, text: str) -> tuple[str, Any]:
    try:
        value = make(text)
    except (ValueError, AttributeError, TypeError) as error:
        return "error", type(error).__name__
    return "value", (value, value.is_safe, value.__getstate__(), str(value))


UUID_LIKE = st.text(alphabet="0123456789abcdefABCDEF-_ {}g\u0661", min_size=30, max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.uuids() | st.builds(str, st.uuids()).map(str.upper) | UUID_LIKE)
def test_the_fast_uuid_is_what_uuid_uuid_gives(value: Any) -> None:
    text = str(value)
    assert _uuid_outcome(_new_uuid, text) == _uuid_outcome(uuid.UUID, text)


def test_decoded_ids_are_equal_to_uuid_objects_and_unshared() -> None:
    stub: Any = create_app("foundry", runs=50).stub
    runs = stub.studios[stub.studio_rid]
    decode = LIST_RUNS.decoder
    assert decode is not None
    page = decode({"data": runs, "nextPageToken": "t"})
    for run, wire in zip(page.data, runs, strict=True):
        assert type(run.started_by) is uuid.UUID
        assert run.started_by == uuid.UUID(wire["startedBy"])
        assert hash(run.started_by) == hash(uuid.UUID(wire["startedBy"]))
    again = decode({"data": runs, "nextPageToken": "t"})
    assert again == page
    assert again.data[0].started_by is not page.data[0].started_by  # no cache between pages


# --- the collector pause --------------------------------------------------------------------


def test_the_pause_turns_the_collector_off_and_back_on_even_on_errors() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: one pause
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decoding_restores_the_collector_whatever_the_body() -> None:
    LIST_RUNS.decode(_response(b'{"data": [], "nextPageToken": "t"}'))
    assert gc.isenabled()
    for content in (b"{", b'{"data": 7}'):
        with pytest.raises(ResponseValidationError):
            LIST_RUNS.decode(_response(content))
        assert gc.isenabled()


def test_a_pause_in_another_thread_never_leaves_the_collector_off() -> None:
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gc_paused():
            started.set()
            release.wait(5)

    worker = threading.Thread(target=hold)
    worker.start()
    assert started.wait(5)
    with gc_paused():  # the other thread holds the pause: this one changes nothing
        assert not gc.isenabled()
    assert not gc.isenabled()  # still the other thread's pause
    release.set()
    worker.join(5)
    assert gc.isenabled()


# --- pattern batches ----------------------------------------------------------------------

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
