"""``_decode._routes``: the compiled decoders agree with ``check`` + generated ``from_dict`` on
every body, and only the fast route's declined signal sends a body to the tolerant route."""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from modelruns._decode import DeclinedError, compile_decoder, decode_fast_or_tolerant
from modelruns._exceptions import ResponseValidationError
from modelruns._facades import dataplatform, nsml, pai
from modelruns._facades import foundry as foundry_facade
from modelruns._operations import Operation
from modelruns._specs import Provider, spec_path
from modelruns._validation import InvalidBodyError
from modelruns.stubs import create_app

OPERATIONS = [
    op
    for module in (foundry_facade, dataplatform, pai, nsml)
    for op in vars(module).values()
    # A binary answer (Foundry's Parquet series) is bytes: there is no JSON to decode.
    if isinstance(op, Operation) and op.binary is None
]
REPLACEMENTS: list[Any] = [None, 12345, 1.5, "x", "NOT_IN_SPEC", True, [], {}, [{}]]


@functools.cache
def _fresh_spec(provider: Provider) -> Any:
    # Read from the file: other tests may have edited the examples of the cached spec.
    with spec_path(provider).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def success_example(op: Operation[Any]) -> Any:
    """The operation's 2xx example from its spec (a fresh copy)."""
    for item in _fresh_spec(op.provider)["paths"].values():
        for candidate in item.values():
            if isinstance(candidate, dict) and candidate.get("operationId") == op.operation_id:
                for status, response in candidate["responses"].items():
                    if str(status).startswith("2"):
                        return copy.deepcopy(response["content"]["application/json"]["example"])
    raise LookupError(op.operation_id)


def outcome(decode: Any, raw: Any) -> tuple[str, Any]:
    """What decoding a body ends in: the model, the bad field, or the error's type."""
    try:
        return "model", decode(copy.deepcopy(raw))
    except InvalidBodyError as error:
        return "invalid", error.path
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return "error", type(error).__name__


def generic(op: Operation[Any]) -> Any:
    def decode(raw: Any) -> Any:
        op.check(raw)
        return op.response_model.from_dict(raw)

    return decode


def mutations(body: Any) -> Iterator[Any]:
    """Every body that differs from `body` by one removed or replaced value."""
    yield from (value for value in REPLACEMENTS)
    if isinstance(body, dict):
        for key, value in body.items():
            yield {k: v for k, v in body.items() if k != key}
            for changed in mutations(value):
                yield {**body, key: changed}
        yield {**body, "undocumentedField": {"kept": True}}
    elif isinstance(body, list) and body:
        for changed in mutations(body[0]):
            yield [changed, *body[1:]]
        yield []


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_gets_a_compiled_decoder(op: Operation[Any]) -> None:
    assert op.decoder is not None


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_decoder_builds_what_from_dict_builds_for_the_spec_example(op: Operation[Any]) -> None:
    raw = success_example(op)
    kind, model = outcome(op.decoder, raw)
    assert kind == "model"
    assert type(model) is op.response_model
    assert model == op.response_model.from_dict(copy.deepcopy(raw))
    assert model.to_dict() == op.response_model.from_dict(copy.deepcopy(raw)).to_dict()


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_decoder_matches_check_and_from_dict_on_every_one_field_mutation(
    op: Operation[Any],
) -> None:
    seen = 0
    for body in mutations(success_example(op)):
        assert outcome(op.decoder, body) == outcome(generic(op), body), json.dumps(body)[:300]
        seen += 1
    # A body with one field already gives 20: each replacement of the body and of the field,
    # the field removed, an undocumented field added.
    assert seen >= 2 * len(REPLACEMENTS) + 2


def test_decoder_matches_from_dict_on_a_seeded_stub_page() -> None:
    stub = create_app("foundry", runs=300).stub
    raw = {"data": stub.studios[stub.studio_rid], "nextPageToken": "t"}  # type: ignore[attr-defined]
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    assert outcome(op.decoder, raw) == outcome(generic(op), raw)


def test_wrong_type_deep_in_a_page_is_named_by_path() -> None:
    raw = copy.deepcopy(success_example(foundry_facade._LIST_MODEL_STUDIO_RUNS))
    raw["data"][0]["resolvedOutputs"]["model"]["modelRid"] = 7
    assert outcome(foundry_facade._LIST_MODEL_STUDIO_RUNS.decoder, raw) == (
        "invalid",
        "$.data[0].resolvedOutputs.model.modelRid",
    )


def test_malformed_uuid_is_left_to_the_generated_code() -> None:
    raw = copy.deepcopy(success_example(foundry_facade._LIST_MODEL_STUDIO_RUNS))
    raw["data"][0]["startedBy"] = "not-a-uuid"
    assert outcome(foundry_facade._LIST_MODEL_STUDIO_RUNS.decoder, raw) == ("error", "ValueError")


def test_unsupported_schema_shape_falls_back_to_check_and_from_dict() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    union = {"oneOf": [{"type": "object"}, {"type": "string"}]}
    decode = compile_decoder(union, {}, op.response_model, op.check)
    raw = success_example(op)
    assert decode(copy.deepcopy(raw)) == op.response_model.from_dict(copy.deepcopy(raw))


# --- the one fallback: the declined signal ------------------------------------------------


def _run_page(**changes: Any) -> Any:
    raw = success_example(foundry_facade._LIST_MODEL_STUDIO_RUNS)
    raw["data"][0].update(changes)
    return raw


def _buggy(error: BaseException) -> Any:
    """A decoder whose fast route has a bug: it raises ``error`` whatever the body."""

    def fast(raw: Any) -> Any:
        raise error

    def decode(raw: Any) -> Any:
        raise AssertionError("the full decoder is not the fallback")

    decode.fast = fast  # type: ignore[attr-defined]
    return decode


def test_a_deviating_body_is_declined_by_the_fast_route() -> None:
    fast = foundry_facade._LIST_MODEL_STUDIO_RUNS.decoder.fast  # type: ignore[union-attr]
    with pytest.raises(DeclinedError):
        fast(_run_page(buildStatus="QUEUED"))


def test_a_deviating_body_takes_the_tolerant_route_and_reports_the_deviation() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    found: list[tuple[str, str, str]] = []
    model = decode_fast_or_tolerant(
        _run_page(buildStatus="QUEUED"), found, op.decoder, op.tolerant, generic(op)
    )
    assert model.data[0].build_status == "QUEUED"
    assert found == [("$.data[0].buildStatus", "enum", "unknown value 'QUEUED'")]
    reported: list[Any] = []
    response = httpx.Response(200, request=httpx.Request("GET", "http://x/runs"))
    op.build(_run_page(buildStatus="QUEUED"), response, lambda _op, d: reported.append(d))
    assert reported == [found]


def test_a_valid_body_takes_the_fast_route_and_reports_nothing() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS

    def tolerant(raw: Any, deviations: Any) -> Any:
        raise AssertionError("a valid body went down the tolerant route")

    found: list[tuple[str, str, str]] = []
    model = decode_fast_or_tolerant(_run_page(), found, op.decoder, tolerant, generic(op))
    assert model == op.response_model.from_dict(_run_page())
    assert found == []


@pytest.mark.parametrize("error", [ZeroDivisionError("bug"), KeyError("bug"), TypeError("bug")])
def test_a_bug_in_a_fast_decoder_is_not_swallowed(error: Exception) -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    with pytest.raises(type(error), match="bug"):
        decode_fast_or_tolerant(_run_page(), [], _buggy(error), op.tolerant, generic(op))


def test_a_bug_in_a_fast_decoder_surfaces_through_the_operation() -> None:
    op = dataclasses.replace(
        foundry_facade._LIST_MODEL_STUDIO_RUNS, decoder=_buggy(ZeroDivisionError("bug"))
    )
    response = httpx.Response(200, request=httpx.Request("GET", "http://x/runs"))
    with pytest.raises(ZeroDivisionError):
        op.build(_run_page(), response, lambda _op, d: None)
    # A bug that raises one of the errors bad bodies raise is not answered by the tolerant
    # route either: the call fails, naming it.
    op = dataclasses.replace(op, decoder=_buggy(KeyError("bug")))
    with pytest.raises(ResponseValidationError, match="KeyError"):
        op.build(_run_page(), response, lambda _op, d: None)


def test_a_strict_decode_skips_the_fast_route() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    found: list[tuple[str, str, str]] = []
    decode_fast_or_tolerant(
        _run_page(), found, _buggy(ZeroDivisionError()), op.tolerant, generic(op), strict=True
    )
    assert found == []
