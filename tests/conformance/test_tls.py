"""`--tls-verify` against a real TLS server on loopback, with a throwaway CA (trustme).

The Data Platform stub sits behind a counting proxy that speaks HTTPS with a certificate for
127.0.0.1 issued by a CA made in the test: no default trust store knows it.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from modelruns.stubs import StubServer

from ._cli import run_cli
from ._servers import Recorded, counting_proxy

# One list operation: enough to show a verified TLS round trip, and quick.
FAST = ["--max-examples", "1", "--include-operation-id", "listModelRuns"]


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_dataplatform(ca: trustme.CA) -> Iterator[tuple[str, list[Recorded]]]:
    """(HTTPS base URL, requests seen) of the Data Platform stub behind a TLS proxy."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with (
        StubServer("dataplatform", log_level="error") as server,
        counting_proxy(server.base_url.removesuffix("/v1"), tls=context) as (url, seen),
    ):
        yield url + "/v1", seen


@pytest.fixture
def ca_pem(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(["conformance", "dataplatform", *FAST, *argv], capsys)


def test_default_verification_rejects_an_unknown_ca(
    tls_dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = tls_dataplatform
    assert url.startswith("https://")
    code, out, err = _run(["--base-url", url], capsys)
    assert code == 2, out
    assert "TLS verification failed" in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in out + err
    assert "PASSED" not in out + err
    # The handshake failed: no request got through.
    assert seen == []


def test_tls_verify_false_checks_the_server(
    tls_dataplatform: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = tls_dataplatform
    code, out, _ = _run(["--base-url", url, "--tls-verify", "false"], capsys)
    assert code == 0, out
    assert "PASSED" in out
    assert len(seen) > 1


def test_tls_verify_ca_bundle_checks_the_server(
    tls_dataplatform: tuple[str, list[Recorded]],
    ca_pem: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = tls_dataplatform
    code, out, _ = _run(["--base-url", url, "--tls-verify", str(ca_pem)], capsys)
    assert code == 0, out
    assert len(seen) > 1


def test_tls_verify_with_another_ca_bundle_fails(
    tls_dataplatform: tuple[str, list[Recorded]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    url, _ = tls_dataplatform
    code, _, err = _run(["--base-url", url, "--tls-verify", str(other)], capsys)
    assert code == 2
    assert "TLS verification failed" in err


@pytest.mark.parametrize("setting", ["ca", "false"])
def test_tls_verify_from_the_config_file(
    setting: str,
    tls_dataplatform: tuple[str, list[Recorded]],
    ca_pem: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, seen = tls_dataplatform
    value = f'"{ca_pem.as_posix()}"' if setting == "ca" else "false"
    config = tmp_path / "conformance.toml"
    config.write_text(f'base-url = "{url}"\ntls-verify = {value}\n', encoding="utf-8")
    code, out, _ = _run(["--config", str(config)], capsys)
    assert code == 0, out
    assert len(seen) > 1
