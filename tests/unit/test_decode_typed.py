"""``_decode._typed``: the typed route builds what the fast route builds from the same text, and
declines whatever the fast route declines (or msgspec refuses)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from modelruns._base import Operation
from modelruns._decode import DeclinedError
from modelruns._facades import foundry as foundry_facade
from modelruns.stubs import create_app
from tests.unit.test_decode_routes import OPERATIONS, generic, mutations, outcome, success_example

TYPED = [op for op in OPERATIONS if getattr(op.decoder, "typed", None) is not None]


def _typed_outcome(op: Operation[Any], content: bytes) -> tuple[str, Any]:
    try:
        return "model", op.decoder.typed(content)  # type: ignore[union-attr]
    except DeclinedError:
        return "declined", None


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
