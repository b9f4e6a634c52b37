"""``modelruns stub`` as a process: prints where it listens and what it accepts, stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from modelruns._specs import PROVIDERS
from modelruns.stubs import DEFAULT_PORTS
from modelruns.stubs._cli import ports
from tests.stubs.conftest import FOUNDRY_RID


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  (our own interpreter and fixed arguments)
        [sys.executable, "-m", "modelruns", "stub", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def stop(process: subprocess.Popen[str], sig: signal.Signals) -> int:
    process.send_signal(sig)
    try:
        return process.wait(timeout=20)
    finally:
        process.kill()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_foundry_stub_prints_url_masked_credentials_and_seeded_ids(sig: signal.Signals) -> None:
    process = start("foundry", "--port", "0", "--runs", "2", env={"FOUNDRY_TOKEN": "s3cr3t-tok"})
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(3)]
    try:
        url = lines[0].split(": ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/api")
        assert "FOUNDRY_TOKEN=****" in lines[1]
        assert "s3cr3t" not in "".join(lines)
        assert FOUNDRY_RID in lines[2]
        response = httpx.get(
            f"{url}/v2/models/modelStudios/{FOUNDRY_RID}/runs",
            params={"preview": "true"},
            headers={"Authorization": "Bearer s3cr3t-tok"},
        )
        assert len(response.json()["data"]) == 2
    finally:
        assert stop(process, sig) == 0


def test_all_serves_four_providers_with_demo_credentials_shown() -> None:
    demo_env = {
        name: ""
        for name in ("FOUNDRY_TOKEN", "DATAPLATFORM_TOKEN", "NCP_SECRET_KEY", "NCP_ACCESS_KEY")
    }
    process = start("all", "--port", "0", env=demo_env)
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(12)]
    try:
        text = "".join(lines)
        for provider, path in (("foundry", "/api"), ("dataplatform", "/v1"), ("nsml", "/nsml/v1")):
            assert f"{provider}: http://127.0.0.1:" in text
            assert path in text
        assert "FOUNDRY_TOKEN=demo-foundry-token" in text
        assert "NCP_SECRET_KEY=demo-ncp-secret-key" in text
    finally:
        assert stop(process, signal.SIGINT) == 0


def test_bad_fault_spec_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "modelruns", "stub", "nsml", "--faults", "teapot=1"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "faults" in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--port", "99999"],
        ["--port", "-5"],
        ["--port", "eighty"],
        ["--runs", "-1"],
        ["--latency-ms", "-3"],
        ["--rate-limit", "0"],
        ["--run-seconds", "0"],
        ["--run-seconds", "soon"],
        ["--fail-rate", "1.5"],
        ["--fail-rate", "nan"],
        ["--port", "65535", "--runs", "1"],
    ],
    ids=" ".join,
)
def test_bad_arguments_are_one_line_and_exit_2(arguments: list[str]) -> None:
    provider = "all" if arguments[-1] == "1" else "nsml"
    result = subprocess.run(  # noqa: S603  (our own interpreter and fixed arguments)
        [sys.executable, "-m", "modelruns", "stub", provider, *arguments],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(  # noqa: S603  (our own interpreter and fixed arguments)
            [sys.executable, "-m", "modelruns", "stub", "nsml", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"127.0.0.1:{port}" in result.stderr
    assert "in use" in result.stderr


def test_default_ports_are_fixed_one_per_provider_and_port_moves_them() -> None:
    assert ports("all", None) == DEFAULT_PORTS
    assert len(set(DEFAULT_PORTS.values())) == len(PROVIDERS)
    assert ports("pai", None) == {"pai": DEFAULT_PORTS["pai"]}
    assert list(ports("all", 9000).values()) == [9000, 9001, 9002, 9003]
    assert ports("nsml", 0) == {"nsml": 0}
    assert set(ports("all", 0).values()) == {0}


def test_readme_documents_the_default_ports() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for provider, port in DEFAULT_PORTS.items():
        assert re.search(rf"\b{provider}\b[^\n]*\b{port}\b", readme), provider


@pytest.mark.parametrize("quiet", [False, True])
def test_each_request_is_one_log_line_unless_quiet(quiet: bool) -> None:
    process = start("nsml", "--port", "0", *(["--quiet"] if quiet else []))
    assert process.stdout is not None
    url = process.stdout.readline().split(": ", 1)[1].strip()
    try:
        httpx.get(f"{url}/projects/runs", params={"page": "1"}, timeout=10)
        httpx.get(f"{url}/no/such/path", timeout=10)
    finally:
        assert stop(process, signal.SIGINT) == 0
    _, err = process.communicate(timeout=10)
    lines = err.splitlines()
    if quiet:
        assert lines == []
        return
    assert lines == [
        "nsml GET /nsml/v1/projects/runs 401 Authentication Failed: missing "
        "x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2.",
        "nsml GET /nsml/v1/no/such/path 404 No route for '/nsml/v1/no/such/path'.",
    ]
