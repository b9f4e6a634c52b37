"""Running ``modelruns`` in-process, as the conformance tests do."""

from __future__ import annotations

import pytest

from modelruns.__main__ import main

__all__ = ["run_cli"]


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``modelruns ARGV``: the exit code, stdout and stderr."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
