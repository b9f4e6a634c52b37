"""The PAI client's run operations (generated from the spec), sync and async, against the stub.

A run's whole life: create, list, get, update, remove a label, log and list metrics, delete;
list arguments as generated models or as dicts with the JSON keys; requests ACS3-signed;
retries as the spec's ``x-modelruns-idempotent`` says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import modelruns
from modelruns import AuthenticationError, InternalServerError, NotFoundError, RunStatus, pai
from modelruns._retry import RetryPolicy
from modelruns.stubs import StubServer
from pai_aiworkspace_client.models import Label, RunMetric, RunParam
from tests.stubs.conftest import Serve

STEPS = [5, 0, 3, 1, 6, 2, 4]


def _listed(values: Any) -> list[Any]:
    """A list field of a decoded model (``Unset`` when the answer left it out)."""
    assert isinstance(values, list), values
    return values


def _experiment(server: StubServer) -> str:
    return server.app.stub.describe()["ExperimentIds"].split(",")[0]


def _owner(server: StubServer) -> str:
    stub: Any = server.app.stub
    return str(stub.owner_id)


def _metrics() -> list[RunMetric | dict[str, Any]]:
    """Half as generated models, half as dicts with the JSON keys."""
    return [
        RunMetric(key="loss", value=1 / (step + 1), step=step, timestamp=1_000 + step)
        if step % 2
        else {"Key": "loss", "Value": 1 / (step + 1), "Step": step, "Timestamp": 1_000 + step}
        for step in STEPS
    ]


def test_a_runs_whole_life_with_the_sync_client(serve: Serve) -> None:
    server = serve("pai", runs=3)
    experiment = _experiment(server)
    with pai.Client(**server.client_options()) as client:
        created = client.create_run(
            experiment_id=experiment,
            name="life",
            source_type="DLC",
            params=[RunParam(key="lr", value="0.1"), {"Key": "epochs", "Value": "3"}],
            labels=[{"Key": "stage", "Value": "draft"}, Label(key="owner", value="ml")],
        )
        run_id = created.run_id
        assert run_id in {run.run_id for run in client.list_runs(experiment_id=experiment)}

        run = client.get_run(run_id, verbose=True)
        assert (run.run_id, run.name, run.source_type) == (run_id, "life", "DLC")
        assert [(p.key, p.value) for p in _listed(run.params)] == [
            ("lr", "0.1"),
            ("epochs", "3"),
        ]
        assert {(label.key, label.value) for label in _listed(run.labels)} == {
            ("stage", "draft"),
            ("owner", "ml"),
        }
        assert not client.get_run(run_id).params

        client.update_run(run_id, name="life-2", labels=[{"Key": "stage", "Value": "final"}])
        updated = client.get_run(run_id, verbose=True)
        assert updated.name == "life-2"
        assert {(label.key, label.value) for label in _listed(updated.labels)} == {
            ("stage", "final"),
            ("owner", "ml"),
        }

        client.delete_run_label(run_id, "owner")
        relabelled = client.get_run(run_id, verbose=True).labels
        assert [label.key for label in _listed(relabelled)] == ["stage"]
        with pytest.raises(NotFoundError) as missing_label:
            client.delete_run_label(run_id, "owner")
        assert missing_label.value.code == "LabelNotFound"

        client.log_run_metrics(run_id, metrics=_metrics())
        walk = client.list_run_metrics(run_id, key="loss", max_results=3)
        values = list(walk)
        assert [(m.step, m.value, m.timestamp) for m in values] == [
            (step, 1 / (step + 1), 1_000 + step) for step in range(7)
        ]
        pages = list(client.list_run_metrics(run_id, key="loss", max_results=3).pages())
        assert [len(page.items) for page in pages] == [3, 3, 1]
        assert [m.step for m in client.list_run_metrics(run_id, key="loss", limit=2)] == [0, 1]
        assert list(client.list_run_metrics(run_id, key="accuracy")) == []

        # The provider-neutral view of a run read through GetRun.
        (neutral,) = modelruns.iter_runs([client.get_run(run_id)])
        assert (neutral.provider, neutral.id, neutral.name) == ("pai", run_id, "life-2")
        assert neutral.status is RunStatus.UNKNOWN
        assert neutral.created_at is not None
        assert neutral.updated_at is not None
        assert neutral.updated_at >= neutral.created_at
        assert neutral.started_by == _owner(server)

        client.delete_run(run_id)
        with pytest.raises(NotFoundError) as gone:
            client.get_run(run_id)
        assert (gone.value.status_code, gone.value.code) == (404, "RunNotFound")
        assert gone.value.request_id
        assert run_id not in {run.run_id for run in client.list_runs(experiment_id=experiment)}


async def test_a_runs_whole_life_with_the_async_client(serve: Serve) -> None:
    server = serve("pai", runs=2)
    experiment = _experiment(server)
    async with pai.AsyncClient(**server.client_options()) as client:
        run_id = (
            await client.create_run(
                experiment_id=experiment, labels=[{"Key": "stage", "Value": "draft"}]
            )
        ).run_id
        listed = [run.run_id async for run in client.list_runs(experiment_id=experiment)]
        assert run_id in listed
        run = await client.get_run(run_id, verbose=True)
        assert run.name == run_id  # unnamed runs are named after their id
        await client.update_run(run_id, name="async-run", params=[{"Key": "lr", "Value": "1"}])
        assert (await client.get_run(run_id)).name == "async-run"
        await client.delete_run_label(run_id, "stage")
        assert (await client.get_run(run_id, verbose=True)).labels == []
        await client.log_run_metrics(run_id, metrics=_metrics())
        steps = [m.step async for m in client.list_run_metrics(run_id, key="loss", max_results=2)]
        assert steps == list(range(7))
        await client.delete_run(run_id)
        with pytest.raises(NotFoundError):
            await client.get_run(run_id)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"params": [{"key": "lr", "value": "1"}]}, ValueError, "params[0] is missing the key"),
        ({"labels": [{"Key": "a", "Colour": "red"}]}, ValueError, "labels[0] has keys"),
        ({"params": ["lr=1"]}, TypeError, "params[0] must be a RunParam or a dict, got str"),
        ({"labels": {"Key": "a"}}, TypeError, "labels must be a list of Label or dicts"),
        ({"params": [Label(key="a", value="b")]}, TypeError, "params[0] must be a RunParam"),
    ],
)
def test_bad_list_arguments_are_refused_before_any_request(
    serve: Serve, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    server = serve("pai", runs=0)
    with pai.Client(**server.client_options()) as client:
        with pytest.raises(error) as info:
            client.create_run(experiment_id=_experiment(server), **arguments)
        assert message in str(info.value)
        assert str(info.value).startswith("create_run(): ")
        assert list(client.list_runs()) == []


def test_a_missing_required_field_is_refused_before_any_request(serve: Serve) -> None:
    server = serve("pai", runs=0)
    with pai.Client(**server.client_options()) as client:
        with pytest.raises(TypeError, match=r"create_run\(\) needs experiment_id="):
            client.create_run(name="no-experiment")
        with pytest.raises(TypeError, match="required"):
            client.list_run_metrics("run-1")  # type: ignore[call-arg]
        assert list(client.list_runs()) == []


def test_a_wrong_secret_is_refused_for_every_new_operation(serve: Serve) -> None:
    server = serve("pai", runs=1)
    options = {**server.client_options(), "access_key_secret": "not-the-secret"}
    calls: list[Callable[[pai.Client], Any]] = [
        lambda c: c.create_run(experiment_id=_experiment(server)),
        lambda c: c.get_run("run-x"),
        lambda c: c.update_run("run-x", name="x"),
        lambda c: c.delete_run("run-x"),
        lambda c: c.delete_run_label("run-x", "k"),
        lambda c: c.log_run_metrics("run-x", metrics=[]),
        lambda c: list(c.list_run_metrics("run-x", key="loss")),
    ]
    with pai.Client(**options, max_retries=0) as client:
        for call in calls:
            with pytest.raises(AuthenticationError) as info:
                call(client)
            assert info.value.code == "SignatureDoesNotMatch"
            assert "not-the-secret" not in str(info.value)


# --- retries follow the spec's idempotency ---------------------------------------------------

NO_WAIT = RetryPolicy(max_retries=3, sleep=lambda seconds: None)


def _flaky_transport(attempts: list[str]) -> httpx.MockTransport:
    """A 500 in PAI's shape on each first attempt of an operation, then the answer it needs."""
    answers = {
        "GetRun": {"RunId": "run-1", "Name": "n"},
        "ListRunMetrics": {"Metrics": [], "NextPageToken": 0, "requestId": "r"},
        "CreateRun": {"RunId": "run-1", "requestId": "r"},
    }

    def handle(request: httpx.Request) -> httpx.Response:
        action = request.headers["x-acs-action"]
        assert request.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=")
        attempts.append(action)
        if attempts.count(action) == 1:
            error = {"RequestId": "r", "Code": "InternalError", "Message": "try again"}
            return httpx.Response(500, json=error)
        return httpx.Response(200, json=answers.get(action, {"requestId": "r"}))

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("action", "call", "idempotent"),
    [
        ("GetRun", lambda c: c.get_run("run-1"), True),
        ("UpdateRun", lambda c: c.update_run("run-1", name="n"), True),
        ("DeleteRun", lambda c: c.delete_run("run-1"), True),
        ("DeleteRunLabel", lambda c: c.delete_run_label("run-1", "k"), True),
        ("ListRunMetrics", lambda c: list(c.list_run_metrics("run-1", key="k")), True),
        ("CreateRun", lambda c: c.create_run(experiment_id="exp-1"), False),
        ("LogRunMetrics", lambda c: c.log_run_metrics("run-1", metrics=[]), False),
    ],
)
def test_retries_follow_the_specs_idempotency(
    action: str, call: Callable[[pai.Client], Any], idempotent: bool
) -> None:
    attempts: list[str] = []
    http = httpx.Client(transport=_flaky_transport(attempts))
    client = pai.Client(
        access_key_id="id",
        access_key_secret="secret",
        base_url="http://pai.test",
        http_client=http,
        retry_policy=NO_WAIT,
    )
    with http:
        if idempotent:
            call(client)
            assert attempts == [action, action]
        else:
            with pytest.raises(InternalServerError):
                call(client)
            assert attempts == [action]


def test_the_spec_marks_exactly_gets_puts_and_deletes_idempotent() -> None:
    spec = modelruns._specs.load_spec("pai")
    marks = {
        op["operationId"]: (method, op["x-modelruns-idempotent"])
        for item in spec["paths"].values()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    assert {name: idempotent for name, (_, idempotent) in marks.items()} == {
        name: method in ("get", "put", "delete") for name, (method, _) in marks.items()
    }
    assert json.dumps(sorted(marks)) == json.dumps(
        sorted(
            [
                "CreateRun",
                "DeleteRun",
                "DeleteRunLabel",
                "GetRun",
                "ListRunMetrics",
                "ListRuns",
                "LogRunMetrics",
                "UpdateRun",
            ]
        )
    )
