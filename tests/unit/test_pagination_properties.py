"""Property tests of token pagination over arbitrary token sequences from a fake server."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelruns import dataplatform
from modelruns._exceptions import PaginationError
from modelruns._specs import load_spec
from tests.specs import operations

_LIST = next(
    op
    for _, _, _, op in operations(load_spec("dataplatform"))
    if op["operationId"] == "listModelRuns"
)
RUN = _LIST["responses"]["200"]["content"]["application/json"]["example"]["data"][0]
TOKENS = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12
)


def _walk(pages: list[tuple[int, str | None]]) -> tuple[list[str], list[str | None]]:
    """Walk a fake server answering `pages` in order; returns (run ids, tokens sent)."""
    sent: list[str | None] = []
    served = iter(pages)
    counter = iter(range(10**6))

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.params.get("page_token"))
        count, token = next(served)
        data = []
        for _ in range(count):
            run = copy.deepcopy(RUN)
            run["id"] = f"00000000-0000-4000-8000-{next(counter):012x}"
            data.append(run)
        body: dict[str, Any] = {"data": data}
        if token is not None:
            body["next_page_token"] = token
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = dataplatform.Client(api_key="k", base_url="http://dp.test/v1", http_client=http)
    ids = [str(run.id) for run in client.list_model_runs()]
    return ids, sent


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 3), TOKENS), max_size=8, unique_by=lambda p: p[1]),
    st.integers(0, 3),
)
def test_distinct_tokens_yield_every_item_once_and_stop_at_the_end(
    pages: list[tuple[int, str]], last: int
) -> None:
    served: list[tuple[int, str | None]] = [*pages, (last, None)]
    ids, sent = _walk(served)
    assert len(ids) == len(set(ids)) == sum(count for count, _ in served)
    assert sent == [None, *(token for _, token in pages)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 3), TOKENS), min_size=1, max_size=6, unique_by=lambda p: p[1]
    ),
    st.data(),
)
def test_a_repeated_token_is_a_pagination_error_not_a_loop(
    pages: list[tuple[int, str]], data: st.DataObject
) -> None:
    repeat = data.draw(st.sampled_from([token for _, token in pages]))
    served: list[tuple[int, str | None]] = [*pages, (1, repeat), (1, None)]
    with pytest.raises(PaginationError, match="repeated page token"):
        _walk(served)


@settings(max_examples=50, deadline=None)
@given(TOKENS)
def test_an_empty_page_with_a_token_is_a_pagination_error(token: str) -> None:
    with pytest.raises(PaginationError, match="empty page"):
        _walk([(0, token), (1, None)])
