"""The loop end to end: a provider drifts, the SDK's recording shows it, the offline check names
it, the suggestion documents it, the generator types it, and the traffic then conforms.

The drift is made by a loopback proxy between the SDK and the Data Platform stub: every run
gains a field (``priority``, beyond 32 bits), a status the spec does not list (``PAUSED``) and a
null ``triggered_by``; one run id answers a status the spec does not document (451).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import modelruns
from modelruns import dataplatform
from modelruns.__main__ import main
from modelruns.stubs import StubServer
from scripts import generate

GONE = "00000000-0000-4000-8000-000000000451"
PRIORITY = 2**40


def _drift(value: Any) -> Any:
    if isinstance(value, list):
        return [_drift(item) for item in value]
    if isinstance(value, dict):
        if {"id", "status", "created_at"} <= value.keys() and "run_id" not in value:
            value = {**value, "priority": PRIORITY, "status": "PAUSED", "triggered_by": None}
        return {key: _drift(item) for key, item in value.items()}
    return value


@pytest.fixture(scope="module")
def proxy() -> Iterator[str]:
    """The stub behind a proxy on a loopback port that makes it drift; its base URL."""
    with StubServer("dataplatform") as stub, httpx.Client(timeout=10) as upstream:
        origin = stub.base_url.removesuffix("/v1")

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith(f"/v1/model-runs/{GONE}"):
                    self._answer(451, b'{"error": "unavailable for legal reasons"}')
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                answer = upstream.get(origin + self.path, headers=headers)
                body = answer.content
                if answer.headers.get("content-type", "").startswith("application/json"):
                    body = json.dumps(_drift(answer.json())).encode()
                self._answer(answer.status_code, body)

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            options = stub.client_options()
            options["base_url"] = f"http://127.0.0.1:{server.server_address[1]}/v1"
            yield json.dumps(options)
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def recorded(proxy: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The SDK's traffic through the drifting proxy, recorded; and the token it used."""
    options = json.loads(proxy)
    har = tmp_path_factory.mktemp("loop") / "traffic.har"
    deviations: list[modelruns.Deviation] = []
    with dataplatform.Client(
        **options, record_to=har, strict=False, on_deviation=deviations.append
    ) as client:
        runs = list(client.list_model_runs())
        assert runs[0].status == "PAUSED"
        assert runs[0].additional_properties["priority"] == PRIORITY
        client.get_model_run(runs[0].id)
        with pytest.raises(modelruns.APIStatusError):
            client.get_model_run(GONE)
    assert {d.path for d in deviations} >= {"$.data[*].status", "$.data[*].triggered_by"}
    return har, str(options["token"])


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_the_recording_holds_no_credential(recorded: tuple[Path, str]) -> None:
    har, token = recorded
    text = har.read_text()
    assert len(json.loads(text)["log"]["entries"]) == 3
    assert token not in text
    assert "****" in text


def test_the_offline_check_names_each_drift_by_operation_and_path(
    recorded: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    har, _ = recorded
    junit = tmp_path / "junit.xml"
    code, out = _cli(
        capsys, "conformance", "dataplatform", "--har", str(har), "--junit-xml", str(junit)
    )
    assert code == 1
    assert "listModelRuns $.data[*].priority: undocumented field" in out
    assert "listModelRuns $.data[*].status: value not in the enum" in out
    assert "listModelRuns $.data[*].triggered_by: null where the spec does not allow it" in out
    assert "getModelRun $.priority: undocumented field (1 exchanges, 1 times)" in out
    listed = r"listModelRuns \$\.data\[\*\]\.priority: undocumented field "
    assert re.search(listed + r"\(1 exchanges, [1-9]\d* times\)", out)
    assert "getModelRun $: status 451 not documented" in out
    assert "priority" in junit.read_text()


def test_the_suggestion_types_the_drift_and_the_traffic_then_conforms(
    recorded: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    har, _ = recorded
    suggested = tmp_path / "dataplatform-models.yaml"
    code, out = _cli(capsys, "spec", "suggest", "dataplatform", str(har), "--out", str(suggested))
    assert code == 0, out
    assert "enum value 'PAUSED' added" in out
    assert "optional field 'priority' added (integer, int64)" in out
    assert "field 'triggered_by' now nullable" in out
    assert "status 451 documented" in out
    assert "breaking" in out  # api-diff's classification: a field turned nullable breaks
    # The file as it was, comments included: every comment line of the packaged spec is kept.
    original = (generate.SPECS / "dataplatform-models.yaml").read_text()
    comments = [line.strip() for line in original.splitlines() if line.strip().startswith("#")]
    kept = {line.strip() for line in suggested.read_text().splitlines()}
    assert comments
    assert [line for line in comments if line not in kept] == []
    spec = yaml.safe_load(suggested.read_text())
    run = spec["components"]["schemas"]["ModelRun"]
    assert "priority" not in run["required"]
    assert run["properties"]["priority"]["x-modelruns-observed"][0]["count"] == 2
    code, out = _cli(
        capsys, "conformance", "dataplatform", "--har", str(har), "--spec", str(suggested)
    )
    assert code == 0, out
    # The suggested spec explains the traffic: suggesting again from it changes nothing.
    again = tmp_path / "again.yaml"
    argv = ["spec", "suggest", "dataplatform", str(har), "--spec", str(suggested)]
    code, out = _cli(capsys, *argv, "--out", str(again))
    assert code == 0, out
    assert "3 exchanges, 0 changes" in out
    assert yaml.safe_load(again.read_text()) == spec
    assert again.read_text() == suggested.read_text()  # nothing to change: the same text
    # The generator makes the typed client from the written spec.
    config = generate.SPECS / "dataplatform-models.config.yaml"
    package = generate.generate_one(generate.Spec(suggested, config), tmp_path / "out")
    probe = (
        "from dataplatform_models_client.models import ModelRun, ModelRunStatus\n"
        "import attrs\n"
        "assert 'priority' in {f.name for f in attrs.fields(ModelRun)}\n"
        "assert ModelRunStatus('PAUSED')\n"
        "print(ModelRun.__module__)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert str(tmp_path) in done.stdout or "dataplatform_models_client" in done.stdout


def test_a_har_without_an_exchange_of_the_provider_exits_2(
    recorded: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    har, _ = recorded
    code, out = _cli(capsys, "conformance", "foundry", "--har", str(har))
    assert code == 2
    assert "no recorded exchange is of a foundry operation" in out
    code, out = _cli(capsys, "spec", "suggest", "nsml", str(har))
    assert code == 2
