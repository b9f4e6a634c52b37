"""Answers that are not one JSON model, and paging outside the query.

Foundry's Parquet series is a binary body (returned as bytes), its latest config version may
be a 204 with no body (``None``), its experiment search pages by a token in the JSON body, and
its JSON series pages by offset. Each is a generic engine feature read from the spec.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from modelruns import foundry
from modelruns._exceptions import PaginationError
from tests.unit.test_clients import RID, ahttp, example, fdry

MODEL = "ri.models.main.model.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
EXPERIMENT = "ri.models.main.experiment.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def test_a_binary_answer_is_returned_as_its_bytes() -> None:
    body = b"PAR1\x00\xff not json at all PAR1"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["preview"] == "true"
        return httpx.Response(
            200, content=body, headers={"content-type": "application/octet-stream"}
        )

    with fdry(handler, strict=True) as client:
        got = client.get_experiment_series_parquet(MODEL, EXPERIMENT, "loss")
    assert got == body
    assert type(got) is bytes


async def test_a_204_answer_is_none_and_a_200_the_model() -> None:
    answers = [
        httpx.Response(204),
        httpx.Response(200, json=example("foundry", "getLatestModelStudioConfigVersion")),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    async with foundry.AsyncClient(token="t", hostname="h", http_client=ahttp(handler)) as client:
        assert await client.get_latest_model_studio_config_version(RID) is None
        latest = await client.get_latest_model_studio_config_version(RID)
    assert latest is not None
    assert latest.version == 3


def _experiments(token: str | None) -> dict[str, Any]:
    template = example("foundry", "searchExperiments")["data"][0]
    number = int(token[1:]) if token else 0
    page: dict[str, Any] = {"data": [{**template, "rid": f"{EXPERIMENT[:-4]}{number:04d}"}]}
    if number < 2:
        page["nextPageToken"] = f"t{number + 1}"
    return page


def test_search_sends_its_page_token_in_the_body_not_the_query() -> None:
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert "pageToken" not in request.url.params
        sent = json.loads(request.content)
        bodies.append(sent)
        return httpx.Response(200, json=_experiments(sent.get("pageToken")))

    where = {"type": "eq", "field": "STATUS", "value": "SUCCEEDED"}
    with fdry(handler, strict=True) as client:
        found = [e.rid for e in client.search_experiments(MODEL, where=where, page_size=1)]
    assert [rid[-4:] for rid in found] == ["0000", "0001", "0002"]
    assert [b.get("pageToken") for b in bodies] == [None, "t1", "t2"]
    # The rest of the body goes with every page.
    assert all(b["where"] == where and b["pageSize"] == 1 for b in bodies)


def _values(offset: int, size: int, total: int) -> dict[str, Any]:
    steps = range(offset, min(offset + size, total))
    return {
        "type": "doubleV1",
        "series": [{"value": s / 10, "timestamp": 1000 + s, "step": s} for s in steps],
    }


@pytest.mark.parametrize("prefetch", [0, 1])
def test_an_offset_walk_advances_by_what_it_read_until_an_empty_page(prefetch: int) -> None:
    offsets: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        offsets.append(offset)
        return httpx.Response(200, json=_values(offset, int(request.url.params["pageSize"]), 7))

    with fdry(handler, strict=True) as client:
        walk = client.get_experiment_series_json(
            MODEL, EXPERIMENT, "loss", page_size=3, prefetch=prefetch
        )
        steps = [value.step for value in walk]
    assert steps == list(range(7))
    assert offsets == [0, 3, 6, 7]


def test_an_offset_walk_starts_where_asked_and_stops_at_its_limit() -> None:
    offsets: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        offsets.append(int(request.url.params["offset"]))
        return httpx.Response(200, json=_values(offsets[-1], 2, 100))

    with fdry(handler) as client:
        walk = client.get_experiment_series_json(
            MODEL, EXPERIMENT, "loss", offset=10, page_size=2, limit=3
        )
        assert [value.step for value in walk] == [10, 11, 12]
    assert offsets == [10, 12]


def test_a_server_that_ignores_the_offset_is_a_pagination_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_values(0, 2, 100))

    with fdry(handler) as client, pytest.raises(PaginationError, match="does not advance"):
        list(client.get_experiment_series_json(MODEL, EXPERIMENT, "loss", page_size=2))


def test_nested_body_fields_take_dicts_and_refuse_unknown_keys() -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=example("foundry", "createModelStudioConfigVersion"))

    trainer = "ri.models.main.trainer.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
    with fdry(handler) as client:
        client.create_model_studio_config_version(
            RID,
            name="v",
            trainer_id=trainer,
            resources={"memory": "8Gi", "cpu": "2"},
            worker_config={"inputs": {}, "outputs": {}},
        )
        assert sent[0]["resources"] == {"memory": "8Gi", "cpu": "2"}
        with pytest.raises(ValueError, match=r"resources has keys .* \['gpus'\]"):
            client.create_model_studio_config_version(
                RID,
                name="v",
                trainer_id=trainer,
                resources={"memory": "8Gi", "cpu": "2", "gpus": 1},
                worker_config={"inputs": {}, "outputs": {}},
            )
    assert len(sent) == 1
