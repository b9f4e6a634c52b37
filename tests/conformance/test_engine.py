"""`_engine`: one run against one target; the all-404 hint reads the run's own spec."""

from __future__ import annotations

import copy

from modelruns._auth import BearerAuth
from modelruns._specs import load_spec
from modelruns.conformance import RunOptions, _engine
from modelruns.conformance._auth import build_auth
from modelruns.conformance._target import Target
from modelruns.stubs import Credentials, base_path, create_app

URL = "http://127.0.0.1:9/api"


def _target(spec: dict[str, object]) -> Target:
    return Target("foundry", spec, BearerAuth("t"), (), URL, URL)


def test_the_base_path_hint_reads_the_spec_file_given() -> None:
    spec = copy.deepcopy(load_spec("foundry"))
    spec["servers"] = [{"url": "https://example.com/elsewhere"}]
    hint = _engine._base_path_hint(_target(spec), RunOptions())
    assert "foundry's paths sit under /elsewhere" in hint
    assert f"{URL} does not end with /elsewhere" in hint


def test_the_base_path_hint_of_the_packaged_spec() -> None:
    hint = _engine._base_path_hint(_target(load_spec("foundry")), RunOptions())
    assert "foundry's paths sit under /api" in hint
    assert "give ids that exist with --path-param NAME=VALUE" in hint


def test_the_hint_names_the_ids_the_user_gave() -> None:
    options = RunOptions(path_params={"modelStudioRid": "ri.x"})
    hint = _engine._base_path_hint(_target(load_spec("foundry")), options)
    assert "do the ids given with --path-param (modelStudioRid) exist?" in hint


def test_check_server_runs_an_in_process_target() -> None:
    auth = build_auth("nsml", Credentials())
    url = "http://localhost" + base_path("nsml")
    target = Target("nsml", load_spec("nsml"), auth, (), url, "in-process app", create_app("nsml"))
    report = _engine.check_server(target, max_examples=1, options=RunOptions(allow_writes=False))
    assert report.base_url == "in-process app"
    assert report.read_only
    assert report.operations
