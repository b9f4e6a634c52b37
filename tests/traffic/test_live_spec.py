"""``--spec PATH`` on a live conformance run: the server is checked against that file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from modelruns.__main__ import main
from modelruns._specs import load_spec
from modelruns.stubs import StubServer
from tests.conformance.conftest import demo_credentials

__all__ = ["demo_credentials"]  # the stubs' credentials exported, as for a user's live run


def test_a_live_run_checks_against_the_given_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same spec, but answers must carry a field the stub (and the real server) never sends.
    spec = copy.deepcopy(load_spec("nsml"))
    schema = spec["components"]["schemas"]["RunListResponse"]
    schema["required"] = [*schema.get("required", []), "neverSent"]
    schema.setdefault("properties", {})["neverSent"] = {"type": "string"}
    stricter = tmp_path / "nsml.json"
    stricter.write_text(json.dumps(spec))
    argv = ["--max-examples", "1", "--include-operation-id", "getRunList"]
    with StubServer("nsml") as server:
        base = ["conformance", "nsml", "--base-url", server.base_url, *argv]
        assert main(base) == 0, capsys.readouterr().out
        capsys.readouterr()
        code = main([*base, "--spec", str(stricter)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "response_schema_conformance" in out
    assert "neverSent" in out
