"""Settings for the whole suite, and the project's wheel, built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The project checks its own stubs and examples strictly: any deviation from a spec raises
# (`MODELRUNS_STRICT=1`), where a user's client would tolerate and report it. Tests of the
# lenient mode pass `strict=False` themselves. Subprocesses (CLI tests) inherit it.
os.environ["MODELRUNS_STRICT"] = "1"


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel` builds from this checkout (no dependencies, no isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(  # noqa: S603 - pip on our own project, fixed argv
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("modelruns-*.whl")
    return built
