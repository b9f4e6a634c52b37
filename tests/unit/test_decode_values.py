"""``_decode._values``: the inline UUID construction gives what ``uuid.UUID`` gives."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from modelruns._decode._values import new_uuid
from modelruns._facades import foundry as foundry_facade
from modelruns.stubs import create_app

LIST_RUNS = foundry_facade._LIST_MODEL_STUDIO_RUNS


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
    assert _uuid_outcome(new_uuid, text) == _uuid_outcome(uuid.UUID, text)


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
