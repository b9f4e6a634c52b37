"""``_decode._typed``: the typed route builds what the fast route builds from the same text, and
declines whatever the fast route declines (or msgspec refuses)."""

from __future__ import annotations

import copy
import json
import threading
from typing import Any

import httpx
import pytest

from modelruns import _operations, foundry
from modelruns._core import ClientCore
from modelruns._decode import DeclinedError, _typed, decode_typed, loads
from modelruns._decode._typed import LazyJSON
from modelruns._exceptions import ResponseValidationError
from modelruns._facades import foundry as foundry_facade
from modelruns._operations import Operation
from modelruns.stubs import create_app
from tests.unit.test_clients import RID, ahttp, fdry
from tests.unit.test_decode_routes import OPERATIONS, generic, mutations, outcome, success_example
from tests.unit.test_read_ahead import PAGES, SIZE, runs_handler

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


# --- wired into the engine: a valid 2xx body takes the typed route, any other today's route ---

LIST_RUNS = foundry_facade._LIST_MODEL_STUDIO_RUNS


def _answer(body: Any) -> httpx.Response:
    return httpx.Response(200, content=json.dumps(body).encode())


def _deviating() -> Any:
    body = success_example(LIST_RUNS)
    body["data"][0]["buildStatus"] = "QUEUED"  # an enum value the spec does not list
    return body


def test_operation_decode_takes_the_typed_route_and_still_refuses_a_deviation() -> None:
    model, raw = LIST_RUNS.decode(_answer(success_example(LIST_RUNS)))
    assert isinstance(raw, LazyJSON)
    assert model == generic(LIST_RUNS)(success_example(LIST_RUNS))
    with pytest.raises(ResponseValidationError, match="buildStatus"):
        LIST_RUNS.decode(_answer(_deviating()))


def test_the_client_decodes_by_the_typed_route_unless_strict_or_the_body_deviates() -> None:
    found: list[Any] = []
    lenient = fdry(lambda request: httpx.Response(500), strict=False, on_deviation=found.append)
    strict = fdry(lambda request: httpx.Response(500), strict=True)
    valid = _answer(success_example(LIST_RUNS))
    model, raw = lenient.decode(LIST_RUNS, valid)
    assert isinstance(raw, LazyJSON)
    strict_model, strict_raw = strict.decode(LIST_RUNS, valid)
    assert type(strict_raw) is dict
    assert strict_model == model
    # Declined by the typed route: today's lenient route keeps the value and reports it.
    model, raw = lenient.decode(LIST_RUNS, _answer(_deviating()))
    assert type(raw) is dict
    assert [deviation.path for deviation in found] == ["$.data[*].buildStatus"]
    with pytest.raises(ResponseValidationError, match="buildStatus"):
        strict.decode(LIST_RUNS, _answer(_deviating()))


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(content: Any) -> Any:
        raise AssertionError("a valid page was parsed outside the typed route")

    monkeypatch.setattr(_operations, "loads", refused)
    monkeypatch.setattr(_typed, "loads", refused)


@pytest.mark.parametrize("prefetch", [None, 0])
def test_a_token_walk_of_valid_pages_never_parses_them_twice(
    monkeypatch: pytest.MonkeyPatch, prefetch: int | None
) -> None:
    seen: list[str | None] = []
    client = fdry(runs_handler(seen), strict=False)
    _refuse_parsing(monkeypatch)
    runs = list(client.list_model_studio_runs(RID, prefetch=prefetch))
    assert len(runs) == PAGES * SIZE
    assert seen == [None, "t1", "t2", "t3"]


async def test_an_async_token_walk_of_valid_pages_never_parses_them_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str | None] = []
    client = foundry.AsyncClient(
        token="tok-secret",
        hostname="h.example",
        http_client=ahttp(runs_handler(seen)),
        strict=False,
    )
    _refuse_parsing(monkeypatch)
    runs = [run async for run in client.list_model_studio_runs(RID)]
    assert len(runs) == PAGES * SIZE


def test_a_read_ahead_walk_decodes_every_page_on_its_own_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[int] = []
    decode = ClientCore.decode

    def watched(self: ClientCore, op: Operation[Any], response: httpx.Response) -> Any:
        threads.append(threading.get_ident())
        return decode(self, op, response)

    monkeypatch.setattr(ClientCore, "decode", watched)
    client = fdry(runs_handler([]), strict=False)
    assert len(list(client.list_model_studio_runs(RID))) == PAGES * SIZE
    assert threads == [threading.get_ident()] * PAGES
