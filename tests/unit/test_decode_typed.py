"""``_decode._typed``: the typed route builds what the fast route builds from the same text, and
declines whatever the fast route declines (or msgspec refuses)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from modelruns._decode import DeclinedError, decode_typed, loads
from modelruns._facades import foundry as foundry_facade
from modelruns._operations import Operation
from modelruns.stubs import create_app
from tests.unit.test_decode_routes import OPERATIONS, generic, mutations, outcome, success_example

TYPED = [op for op in OPERATIONS if getattr(op.decoder, "typed", None) is not None]


def _typed_outcome(op: Operation[Any], content: bytes) -> tuple[str, Any]:
    try:
        model, raw = op.decoder.typed(content)  # type: ignore[union-attr]
    except DeclinedError:
        return "declined", None
    assert raw == loads(content)  # the JSON, parsed on demand
    return "model", model


def test_most_operations_have_a_typed_route() -> None:
    assert foundry_facade._LIST_MODEL_STUDIO_RUNS in TYPED
    assert len(TYPED) >= len(OPERATIONS) // 2


@pytest.mark.parametrize("op", TYPED, ids=lambda op: op.operation_id)
def test_the_typed_route_builds_what_the_generic_route_builds_or_declines(
    op: Operation[Any],
) -> None:
    built = 0
    for body in [success_example(op), *mutations(success_example(op))]:
        kind, model = _typed_outcome(op, json.dumps(body).encode())
        if kind == "model":
            assert outcome(generic(op), copy.deepcopy(body)) == ("model", model), json.dumps(body)
            built += 1
    assert built >= 1  # the spec's example at least


def test_a_seeded_stub_page_takes_the_typed_route() -> None:
    stub: Any = create_app("foundry", runs=300).stub
    raw = {"data": stub.studios[stub.studio_rid], "nextPageToken": "t"}
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    assert _typed_outcome(op, json.dumps(raw).encode()) == ("model", generic(op)(raw))


@pytest.mark.parametrize(
    "content",
    [
        b'{"data": [], "nextPageToken": "t", "extra": 1}',  # kept by the other routes
        b'{"data": [], "nextPageToken": NaN}',
        b'{"data": [], "nextPageToken": "\xed\xa0\x80"}',
        b"[" * 5000 + b"]" * 5000,
        b'{"data": [], "nextPageToken": null}',
    ],
)
def test_what_msgspec_refuses_declines(content: bytes) -> None:
    assert _typed_outcome(foundry_facade._LIST_MODEL_STUDIO_RUNS, content) == ("declined", None)


def test_a_deviation_deep_in_a_page_declines() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    for field, value in [("buildStatus", "QUEUED"), ("jobRid", "job"), ("startedTime", "x")]:
        body = success_example(op)
        body["data"][0][field] = value
        assert _typed_outcome(op, json.dumps(body).encode()) == ("declined", None), field


def test_a_pages_token_is_read_from_the_model_without_parsing_again() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    content = json.dumps({**success_example(op), "nextPageToken": "t2"}).encode()
    answer = decode_typed(op.decoder, content)
    assert answer is not None
    model, raw = answer
    assert model.next_page_token == "t2"
    assert raw.get("nextPageToken") == "t2"
    assert "nextPageToken" in raw
    assert raw._parsed is None  # type: ignore[attr-defined]
    assert raw["data"] == json.loads(content)["data"]  # any other key: the text, parsed once
    assert raw._parsed is not None  # type: ignore[attr-defined]


def test_an_absent_scalar_is_absent_from_the_json_too() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    answer = decode_typed(op.decoder, b'{"data": []}')
    assert answer is not None
    assert answer[1].get("nextPageToken", "none") == "none"
    assert "nextPageToken" not in answer[1]
    with pytest.raises(KeyError):
        answer[1]["nextPageToken"]


def test_decode_typed_answers_none_when_strict_declined_or_absent() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    content = json.dumps(success_example(op)).encode()
    assert decode_typed(op.decoder, content) is not None
    assert decode_typed(op.decoder, content, strict=True) is None
    assert decode_typed(op.decoder, b'{"data": 7}') is None
    assert decode_typed(None, content) is None


@pytest.mark.parametrize("started", ["2025-01-06T09:00:59.9999999Z", "2025-01-06t09:00:00z"])
def test_date_times_parse_as_from_dict_parses_them(started: str) -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    body = success_example(op)
    body["data"][0]["startedTime"] = started
    expected = outcome(generic(op), copy.deepcopy(body))
    typed = _typed_outcome(op, json.dumps(body).encode())
    assert typed == expected or (typed[0] == "declined" and expected[0] == "error")
