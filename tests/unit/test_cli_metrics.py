"""`modelruns runs metrics PROVIDER RUN_ID`: a run's metrics as a table, JSON lines or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from modelruns import iter_metrics, pai
from modelruns.__main__ import main
from modelruns.stubs import StubServer
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

STUDIO = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


@pytest.fixture(autouse=True)
def _demo_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = Credentials()
    for field, variable in ENVIRONMENT_VARIABLES.items():
        monkeypatch.setenv(variable, getattr(demo, field))


@pytest.fixture(scope="module")
def foundry_stub() -> Iterator[StubServer]:
    with StubServer("foundry", runs=4, seed=3) as server:
        yield server


def _finished_run(server: StubServer) -> str:
    import httpx

    answer = httpx.get(
        f"{server.base_url}/v2/models/modelStudios/{STUDIO}/runs",
        params={"preview": "true"},
        headers={"Authorization": f"Bearer {Credentials().foundry_token}"},
        timeout=10,
    )
    runs = [run for run in answer.json()["data"] if run["buildStatus"] != "RUNNING"]
    return str(runs[0]["runId"])


def test_foundry_metrics_as_json_lines_csv_and_a_table(
    foundry_stub: StubServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run_id = _finished_run(foundry_stub)
    argv = ["runs", "metrics", "foundry", run_id, "--studio", STUDIO]
    argv += ["--base-url", foundry_stub.base_url]
    assert main([*argv, "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records
    assert {r["run_id"] for r in records} == {run_id}
    assert [r["key"] for r in records] == sorted(
        (r["key"] for r in records), key=["loss", "accuracy"].index
    )
    assert all(r["timestamp"].endswith("+00:00") for r in records)
    assert main([*argv, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [dict(row) for row in rows] == [
        {k: "" if v is None else str(v) for k, v in record.items()} for record in records
    ]
    assert main(argv) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["PROVIDER", "RUN_ID", "KEY", "STEP", "VALUE", "TIMESTAMP"]
    assert len(table) == len(records) + 1
    # Columns line up: every row's KEY starts where the header's does.
    column = table[0].index("KEY")
    assert all(line[column:].startswith(("loss", "accuracy")) for line in table[1:])


def test_pai_metrics_by_run_id(capsys: pytest.CaptureFixture[str]) -> None:
    with StubServer("pai", runs=2) as server:
        with pai.Client(**server.client_options()) as client:
            run = next(iter(client.list_runs()))
            expected = [m.to_dict() for m in iter_metrics(client, run.run_id)]
        code = main(
            ["runs", "metrics", "pai", str(run.run_id), "--base-url", server.base_url, "--json"]
        )
    assert code == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == expected
    assert expected


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["runs", "metrics", "foundry", "r1"], "foundry needs --studio RID"),
        (["runs", "metrics", "pai", "r1", "--studio", STUDIO], "pai takes no --studio"),
        (["runs", "metrics", "foundry", "r1", "--studio", "not-a-rid"], "must match"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--base-url", "http://127.0.0.1:1/api"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("modelruns runs metrics: error: ")
    assert message in err[0]


def test_a_run_not_in_the_studio_exits_1_naming_it(
    foundry_stub: StubServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["runs", "metrics", "foundry", "nope", "--studio", STUDIO]
    assert main([*argv, "--base-url", foundry_stub.base_url]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "no run 'nope' in Model Studio" in line


def test_an_unknown_provider_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["runs", "metrics", "nsml", "r1"])
    assert exit_info.value.code == 2
