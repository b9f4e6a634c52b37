"""What README.md tells people to run works."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from modelruns.__main__ import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
SHELL = [line for lang, code in BLOCKS if lang == "sh" for line in code.splitlines()]


def _runnable(code: str) -> bool:
    # Blocks that talk to a real provider need its account; those that bring their own stub run
    # (the pytest fixture's examples run under pytest, below).
    return "StubServer(" in code


@pytest.mark.parametrize("code", [c for c in PYTHON if _runnable(c)])
def test_python_example_runs(code: str) -> None:
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own documentation


def test_python_examples_compile() -> None:
    assert PYTHON
    for code in PYTHON:
        compile(code, "README.md", "exec")


def test_every_make_target_in_readme_exists() -> None:
    targets = {t for line in SHELL for t in re.findall(r"^make ([\w-]+)", line.strip())}
    assert targets >= {"test", "conformance"}
    for target in targets:
        assert re.search(rf"^{re.escape(target)}:", MAKEFILE, flags=re.MULTILINE), target


def test_every_modelruns_command_in_readme_parses() -> None:
    commands = []
    joined = "\n".join(SHELL).replace("\\\n", " ")
    for line in joined.splitlines():
        words = shlex.split(line.split("#", 1)[0])
        if words and words[0] == "modelruns":
            commands.append(words[1:])
    assert commands
    parser = build_parser()
    for words in commands:
        parser.parse_args(words)


def test_pytest_fixture_examples_run(tmp_path: Path) -> None:
    examples = [code for code in PYTHON if "modelruns_stub" in code]
    assert examples
    for index, code in enumerate(examples):
        (tmp_path / f"test_readme_example_{index}.py").write_text(code, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - our own interpreter on our own documentation
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
