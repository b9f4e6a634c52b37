"""A missing extra is named with the command that adds it to this installation (PEP 610)."""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import pytest

from modelruns import _install


class _Dist:
    def __init__(self, recorded: dict[str, Any] | None) -> None:
        self.recorded = recorded

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.recorded is None else json.dumps(self.recorded)


def _command(monkeypatch: pytest.MonkeyPatch, recorded: dict[str, Any] | None) -> str:
    monkeypatch.setattr(metadata, "distribution", lambda name: _Dist(recorded))
    return _install.install_command("stubs")


def test_an_install_from_an_index_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _command(monkeypatch, None) == "pip install 'modelruns[stubs]'"


def test_an_editable_checkout_is_named_with_its_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = {"url": "file:///home/me/modelruns", "dir_info": {"editable": True}}
    assert _command(monkeypatch, recorded) == "pip install -e '/home/me/modelruns[stubs]'"


def test_a_wheel_file_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    recorded = {"url": "file:///tmp/dist/modelruns-0.1.0-py3-none-any.whl", "archive_info": {}}
    expected = "pip install '/tmp/dist/modelruns-0.1.0-py3-none-any.whl[stubs]'"
    assert _command(monkeypatch, recorded) == expected


def test_a_git_url_keeps_its_revision_and_drops_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded = {
        "url": "https://user:hunter2@git.example.com/team/modelruns.git",
        "vcs_info": {"vcs": "git", "commit_id": "abc123", "requested_revision": "v0.1.0"},
    }
    command = _command(monkeypatch, recorded)
    assert command == (
        "pip install 'modelruns[stubs] @ git+https://git.example.com/team/modelruns.git@v0.1.0'"
    )
    assert "hunter2" not in command


def test_an_unreadable_record_falls_back_to_the_package_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(metadata, "distribution", lambda name: _Broken())
    assert _install.install_command("conformance") == "pip install 'modelruns[conformance]'"


class _Broken:
    def read_text(self, name: str) -> str:
        return "{not json"


def test_this_checkout_is_named_as_installed() -> None:
    # The suite runs from an editable install of this checkout (make install).
    assert _install.install_command("stubs").startswith("pip install -e '")
