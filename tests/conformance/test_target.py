"""`_target`: a run's provider resolved once, for a URL, an app or the embedded stub."""

from __future__ import annotations

import copy

import pytest

from modelruns import _auth
from modelruns._specs import load_spec
from modelruns.conformance import ConformanceUsageError
from modelruns.conformance._target import open_target
from modelruns.stubs import Credentials, create_app


def test_a_url_target_reads_credentials_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOUNDRY_TOKEN", "env-token-value")
    with open_target("foundry", "http://127.0.0.1:9/api", credentials=None) as target:
        assert target.base_url == target.shown_url == "http://127.0.0.1:9/api"
        assert target.secrets == ("env-token-value",)
        assert isinstance(target.auth, _auth.BearerAuth)
        assert target.spec is load_spec("foundry")
        assert "env-token-value" not in repr(target)


def test_a_url_target_without_credentials_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FOUNDRY_TOKEN", raising=False)
    with (
        pytest.raises(ConformanceUsageError, match="missing credentials for foundry"),
        open_target("foundry", "http://127.0.0.1:9/api", credentials=None),
    ):
        pass


def test_an_app_target_is_in_process_and_keeps_the_spec_given() -> None:
    spec = copy.deepcopy(load_spec("nsml"))
    with open_target(
        "nsml", None, credentials=Credentials(), app=create_app("nsml"), spec=spec
    ) as target:
        assert target.shown_url == "in-process app"
        assert target.base_url.startswith("http://localhost/")
        assert target.spec is spec


def test_the_embedded_stub_serves_while_the_target_is_open() -> None:
    with open_target("pai", None, credentials=None) as target:
        assert target.shown_url.endswith("(embedded stub)")
        assert target.base_url.startswith("http://127.0.0.1:")
