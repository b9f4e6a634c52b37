"""``_decode._json``: ``loads`` gives what ``json.loads`` gives or raises what it raises, and the
collector pause always restores the collector and never turns on one the program turned off."""

from __future__ import annotations

import gc
import json
import math
import threading
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelruns._decode import gc_paused, loads
from modelruns._exceptions import ResponseValidationError
from modelruns._facades import foundry as foundry_facade

LIST_RUNS = foundry_facade._LIST_MODEL_STUDIO_RUNS


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
