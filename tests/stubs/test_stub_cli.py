"""``modelruns stub`` as a process: prints where it listens and what it accepts, stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx
import pytest

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
