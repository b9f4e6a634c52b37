"""Command-line errors in the command line's words: flags, URLs, one hint, a did-you-mean."""

from __future__ import annotations

import socket

import pytest

from modelruns.__main__ import main
from modelruns.stubs import StubServer

STUDIO = "ri.models.main.model-studio.a1b2c3d4-e5f6-7890-abcd-ef1234567890"


def _error(argv: list[str], capsys: pytest.CaptureFixture[str], code: int = 2) -> str:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_missing_credentials_name_the_flag_and_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOUNDRY_TOKEN", raising=False)
    err = _error(["runs", "list", "foundry", "--studio", STUDIO, "--hostname", "h.example"], capsys)
    assert "give --token or set FOUNDRY_TOKEN" in err
    assert "token=" not in err


def test_credential_flags_reach_the_client(capsys: pytest.CaptureFixture[str]) -> None:
    with StubServer("foundry", runs=3) as server:
        token = server.client_options()["token"]
        code = main(
            [
                "runs",
                "list",
                "foundry",
                "--studio",
                STUDIO,
                "--base-url",
                server.base_url,
                "--token",
                token,
                "--json",
            ]
        )
    assert code == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_a_connection_error_names_the_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOUNDRY_TOKEN", "t")
    url = f"http://127.0.0.1:{_closed_port()}/api"
    err = _error(
        ["runs", "list", "foundry", "--studio", STUDIO, "--base-url", url, "--max-retries", "0"],
        capsys,
    )
    assert f"cannot reach the foundry API at {url}:" in err


def test_a_foundry_url_without_api_gets_one_base_path_hint_in_runs_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with StubServer("foundry", runs=1) as server:
        root = server.base_url.removesuffix("/api")
        token = server.client_options()["token"]
        err = _error(
            ["runs", "list", "foundry", "--studio", STUDIO, "--base-url", root, "--token", token],
            capsys,
            code=1,
        )
    assert "404" in err
    assert err.count("/api") == 2  # "sit under /api" and "does not end with /api": one hint
    assert "is --base-url the API's base URL?" in err


def test_a_foundry_url_without_api_gets_the_hint_once_in_conformance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with StubServer("foundry", runs=1) as server:
        root = server.base_url.removesuffix("/api")
        token = server.client_options()["token"]
        code = main(
            ["conformance", "foundry", "--base-url", root, "--token", token, "--max-examples", "1"]
        )
    captured = capsys.readouterr()
    assert code == 2
    assert (captured.out + captured.err).count("does not end with /api") == 1


@pytest.mark.parametrize(
    ("argv", "suggested"),
    [
        (["runs", "list", "foundri"], "'foundry'"),
        (["stub", "nsm"], "'nsml'"),
        (["conformance", "dataplatfrom"], "'dataplatform'"),
        (["runz"], "'runs'"),
    ],
)
def test_a_mistyped_provider_or_command_gets_a_suggestion(
    argv: list[str], suggested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.count("\n") == 1
    assert f"did you mean {suggested}?" in err


def test_the_path_param_example_of_the_help_is_accepted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from modelruns._specs import load_spec
    from modelruns.conformance._cli import PATH_PARAM_EXAMPLE
    from modelruns.conformance._operations import path_parameter_names

    with pytest.raises(SystemExit):
        main(["conformance", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"e.g. {PATH_PARAM_EXAMPLE}" in help_text
    assert PATH_PARAM_EXAMPLE.split("=", 1)[0] in path_parameter_names(load_spec("foundry"))
