"""Every test here talks to servers that accept the stubs' demo credentials."""

from __future__ import annotations

import dataclasses

import pytest

from modelruns.stubs import Credentials
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES


@pytest.fixture(autouse=True)
def demo_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Export the demo credentials, as a user checking a stub with --base-url would."""
    demo = Credentials()
    for field in dataclasses.fields(demo):
        monkeypatch.setenv(ENVIRONMENT_VARIABLES[field.name], getattr(demo, field.name))
