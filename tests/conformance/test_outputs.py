"""What a conformance run leaves behind: output paths checked first, real JUnit times, no litter."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from modelruns.__main__ import main
from modelruns.conformance import _cli
from modelruns.conformance._report import render_junit
from modelruns.conformance._types import OperationResult, Report


@pytest.mark.parametrize(
    ("flag", "name", "problem"),
    [
        ("--junit-xml", "missing/folder/junit.xml", "no folder"),
        ("--report", "missing/report.html", "no folder"),
        ("--junit-xml", ".", "is a directory"),
    ],
)
def test_an_unwritable_output_is_refused_before_the_run(
    flag: str,
    name: str,
    problem: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_run(*args: object, **kwargs: object) -> Report:
        raise AssertionError("the run started")

    monkeypatch.setattr(_cli, "run_conformance", no_run)
    code = main(["conformance", "nsml", flag, str(tmp_path / name)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith(f"modelruns conformance: error: {flag} ")
    assert problem in err


def test_junit_testcases_carry_their_own_time() -> None:
    report = Report(provider="nsml", base_url="http://127.0.0.1:1/nsml/v1", elapsed_seconds=9.0)
    report.operations = [
        OperationResult(label="GET /a", requests=3, statuses={200: 3}, elapsed_seconds=1.25),
        OperationResult(label="GET /b", requests=9, statuses={200: 9}, elapsed_seconds=6.5),
    ]
    root = ET.fromstring(render_junit([report]))  # noqa: S314 - our own output
    times = {case.get("name"): case.get("time") for case in root.iter("testcase")}
    assert times == {"GET /a": "1.250", "GET /b": "6.500"}


def test_a_run_times_each_operation_and_leaves_no_hypothesis_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "modelruns",
            "conformance",
            "dataplatform",
            "--max-examples",
            "1",
            "--junit-xml",
            "junit.xml",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in work.iterdir()) == ["junit.xml"]
    assert (tmp_path / "cache" / "modelruns" / "hypothesis").is_dir()
    root = ET.parse(work / "junit.xml").getroot()  # noqa: S314 - our own output
    times = [float(case.get("time", "0")) for case in root.iter("testcase")]
    assert len(times) >= 2
    assert all(t > 0 for t in times)
    assert len(set(times)) > 1
