"""`modelruns runs wait|trigger|launch` against stubs whose runs take time: the exit codes (0
succeeded, 1 failed or cancelled, 2 usage or connection error, 124 timed out) and the lines."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from modelruns.__main__ import main
from modelruns._cli_runs._wait_command import StatusLine
from modelruns._states import RunStatus
from modelruns.stubs import StubServer
from modelruns.stubs import _credentials as demo
from tests.stubs.conftest import Serve, client

FAST = ["--interval", "0.05"]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATAPLATFORM_API_KEY", raising=False)
    monkeypatch.setenv("DATAPLATFORM_TOKEN", demo.DEMO_DATAPLATFORM_TOKEN)
    monkeypatch.setenv("FOUNDRY_TOKEN", demo.DEMO_FOUNDRY_TOKEN)


def _trigger(server: StubServer, *extra: str) -> list[str]:
    return ["runs", "trigger", "dataplatform", "--project-name", "analytics", *extra,
            "--base-url", server.base_url]  # fmt: skip


@pytest.mark.usefixtures("env")
def test_trigger_and_wait_exits_0_when_the_run_succeeds(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve("dataplatform", runs=1, run_seconds=1.0)
    assert main(_trigger(server, "--wait", *FAST)) == 0
    out = capsys.readouterr().out.splitlines()
    run_id = out[0]
    assert len(run_id) == 36
    # Not a terminal: one line per change, each once (a loaded machine's first poll may come
    # after the first fifth, PENDING, has passed).
    lines = [
        f"dataplatform run {run_id}: PENDING",
        f"dataplatform run {run_id}: RUNNING",
        f"dataplatform run {run_id}: SUCCEEDED (SUCCESS)",
    ]
    assert out[1:] in (lines, lines[1:])


@pytest.mark.usefixtures("env")
def test_a_failed_run_exits_1(serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    server = serve("dataplatform", runs=1, run_seconds=0.3, fail_rate=1.0)
    assert main(_trigger(server, "--wait", *FAST)) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(": FAILED")


@pytest.mark.usefixtures("env")
def test_a_run_cancelled_while_waited_on_exits_1(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve("dataplatform", runs=1, run_seconds=30)
    assert main(_trigger(server)) == 0
    run_id = capsys.readouterr().out.strip()
    http = client(server)
    canceller = threading.Timer(0.3, lambda: http.post(f"/model-runs/{run_id}/cancel"))
    canceller.start()
    try:
        code = main(["runs", "wait", "dataplatform", run_id, *FAST, "--base-url", server.base_url])
    finally:
        canceller.cancel()
    assert code == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(": CANCELED (CANCELLED)")


@pytest.mark.usefixtures("env")
def test_a_wait_past_its_timeout_exits_124_in_one_line(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve("dataplatform", runs=1, run_seconds=30)
    code = main(_trigger(server, "--wait", "--timeout", "0.4", *FAST))
    assert code == 124
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "did not finish within 0.4 s" in err


@pytest.mark.usefixtures("env")
def test_an_unreachable_api_exits_2(serve: Serve, capsys: pytest.CaptureFixture[str]) -> None:
    server = serve("dataplatform", runs=1)
    url = server.base_url
    server.stop()
    code = main(["runs", "wait", "dataplatform", "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
                 "--timeout", "0.5", *FAST, "--base-url", url])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "could not be reached" in err


@pytest.mark.usefixtures("env")
def test_a_run_that_does_not_exist_exits_2(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve("foundry", runs=2)
    studio = server.app.stub.studio_rid  # type: ignore[attr-defined]
    code = main(["runs", "wait", "foundry", "no-such-run", "--studio", studio, "--timeout", "0.3",
                 *FAST, "--base-url", server.base_url])  # fmt: skip
    assert code == 2
    assert "lists no run with id 'no-such-run'" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_launch_and_wait_on_foundry_exits_with_the_outcome(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    good = serve("foundry", runs=2, run_seconds=0.3)
    bad = serve("foundry", runs=2, run_seconds=0.3, fail_rate=1.0)
    for server, expected in ((good, 0), (bad, 1)):
        studio = server.app.stub.studio_rid  # type: ignore[attr-defined]
        argv = ["runs", "launch", "foundry", "--studio", studio, "--wait", *FAST,
                "--base-url", server.base_url]  # fmt: skip
        assert main(argv) == expected
    out = capsys.readouterr().out
    assert ": SUCCEEDED" in out
    assert ": FAILED" in out


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "argv",
    [
        ["runs", "wait", "dataplatform", "x", "--timeout", "0"],
        ["runs", "wait", "dataplatform", "x", "--interval", "soon"],
        ["runs", "wait", "foundry", "x"],  # --studio is required
        ["runs", "wait", "nsml", "x"],  # NSML has no waiter (its spec says why)
        ["runs", "launch", "foundry"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.usefixtures("env")
def test_a_malformed_run_id_is_refused_before_any_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["runs", "wait", "dataplatform", "not-a-uuid", "--base-url", "http://127.0.0.1:9/v1"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "run_id" in err


def _model_run(status: str) -> object:
    from dataplatform_models_client.models import ModelRun

    return ModelRun.from_dict(
        {
            "id": "3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f",
            "status": status,
            "created_at": "2025-01-15T10:00:00Z",
        }
    )


def test_a_terminal_gets_one_status_line_rewritten_in_place() -> None:
    stream = io.StringIO()
    line = StatusLine(stream, "dataplatform", "r1", live=True)
    for status in ("PENDING", "RUNNING", "RUNNING", "SUCCESS"):
        line.show(_model_run(status))
    line.end()
    text = stream.getvalue()
    assert text.count("\r\x1b[K") == 4
    assert text.count("\n") == 1
    assert (
        text.rstrip("\n")
        .rsplit("\r\x1b[K", 1)[1]
        .startswith(f"dataplatform run r1: {RunStatus.SUCCEEDED.value} (SUCCESS), ")
    )


def test_elsewhere_one_line_per_change() -> None:
    stream = io.StringIO()
    line = StatusLine(stream, "dataplatform", "r1", live=False)
    for status in ("PENDING", "PENDING", "RUNNING", "RUNNING", "FAILED"):
        line.show(_model_run(status))
    assert stream.getvalue().splitlines() == [
        "dataplatform run r1: PENDING",
        "dataplatform run r1: RUNNING",
        "dataplatform run r1: FAILED",
    ]


@pytest.mark.usefixtures("env")
def test_trigger_flags_are_the_spec_body_fields(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    server = serve("dataplatform", runs=1)
    argv = _trigger(server, "--model-names", "stg_orders", "fct_orders", "--full-refresh")
    assert main(argv) == 0
    run_id = capsys.readouterr().out.strip()
    run = client(server).get(f"/model-runs/{run_id}").json()
    assert run["model_names"] == ["stg_orders", "fct_orders"]
    assert run["full_refresh"] is True
    assert run["project_name"] == "analytics"


def test_the_readme_ci_job_triggers_and_waits_as_written(serve: Serve, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    workflows = [
        yaml.safe_load(b) for b in re.findall(r"```yaml[^\n]*\n(.*?)```", readme, re.DOTALL)
    ]
    (job,) = [w["jobs"]["models"] for w in workflows if "models" in w.get("jobs", {})]
    (step,) = [s for s in job["steps"] if "runs wait" in s.get("run", "")]
    server = serve("dataplatform", runs=1, run_seconds=0.3)
    outputs = tmp_path / "github-output"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DATAPLATFORM_TOKEN": demo.DEMO_DATAPLATFORM_TOKEN,
        "DP_URL": server.base_url,  # the job's own URL, pointed at the stub
        "GITHUB_OUTPUT": str(outputs),
    }
    result = subprocess.run(  # noqa: S603 - bash on our own documentation's script
        ["/bin/bash", "-e", "-c", step["run"]],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    run_id = outputs.read_text().strip().removeprefix("run_id=")
    assert result.stdout.splitlines()[-1] == f"dataplatform run {run_id}: SUCCEEDED (SUCCESS)"
