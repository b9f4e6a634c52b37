"""``_decode._fast``: the fast route's source raises only the declined signal for a body that
deviates, and builds what ``check`` + ``from_dict`` build for one that does not."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from modelruns._decode import DeclinedError
from modelruns._decode._fast import FastEmitter
from modelruns._decode._walker import Walker
from modelruns._facades import foundry as foundry_facade
from modelruns._operations import Operation
from modelruns._specs import load_spec
from tests.unit.test_decode_routes import OPERATIONS, generic, mutations, outcome, success_example


def _fast_outcome(op: Operation[Any], body: Any) -> tuple[str, Any]:
    fast = op.decoder.fast  # type: ignore[union-attr]
    try:
        return "model", fast(copy.deepcopy(body))
    except DeclinedError:
        return "declined", None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Only from a subtree the walk leaves to the generated from_dict (below).
        return "error", type(error).__name__


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_the_fast_route_declines_or_builds_what_the_generic_route_builds(
    op: Operation[Any],
) -> None:
    assert op.decoder is not None
    assert op.decoder.fast is not None  # type: ignore[attr-defined]
    declined = 0
    for body in mutations(success_example(op)):
        # Any other error than DeclinedError escapes here and fails the test.
        kind, model = _fast_outcome(op, body)
        if kind != "declined":
            # A model, or the generated from_dict's own error for the subtree left to it,
            # which is what the generic route ends in too: never a bug of our source.
            assert outcome(generic(op), body) == (kind, model), json.dumps(body)[:300]
        declined += kind == "declined"
    assert declined > 0


def test_each_pattern_is_collected_for_one_batch() -> None:
    spec = load_spec("foundry")
    walker = Walker(spec["components"], "foundry_models_client")
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    emitter = FastEmitter(walker)
    emitter.function(walker.model(op.response_model, walker.resolve(_schema(op))))
    source = "\n".join(emitter.lines)
    assert len(emitter.batches) == 1  # every RID shares one pattern, so one batch
    assert source.count("q[0](") == 5
    assert "except Exception" not in source
    assert "except:" not in source


def test_a_pattern_break_in_a_page_declines() -> None:
    op = foundry_facade._LIST_MODEL_STUDIO_RUNS
    body = success_example(op)
    body["data"][0]["jobRid"] = "not a rid"
    assert _fast_outcome(op, body) == ("declined", None)


def _schema(op: Operation[Any]) -> Any:
    return {"$ref": f"#/components/schemas/{op.response_model.__name__}"}
