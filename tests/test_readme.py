"""What README.md tells people to run works: every Python snippet runs, against the stubs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelruns.__main__ import build_parser
from modelruns.stubs import StubServer

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.DOTALL)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
SHELL = [line for lang, code in BLOCKS if lang == "sh" for line in code.splitlines()]

# Snippets written for a real account name its host; each such host is pointed at a stub.
FOUNDRY_HOST = 'hostname="acme.palantirfoundry.com"'
DATAPLATFORM_URL = '"http://localhost:8080/v1"'
# Snippets written for `make stub` name its Foundry port; it is pointed at this test's stub.
FOUNDRY_STUB_URL = '"http://127.0.0.1:8101/api"'


@pytest.fixture(scope="module")
def stubs() -> Iterator[dict[str, StubServer]]:
    with StubServer("foundry", runs=5) as foundry, StubServer("dataplatform", runs=5) as dp:
        yield {"foundry": foundry, "dataplatform": dp}


def _against_stubs(
    code: str, stubs: dict[str, StubServer], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, dict[str, object]]:
    """The snippet with its real hosts swapped for the stubs, and the names it assumes."""
    foundry, dp = stubs["foundry"], stubs["dataplatform"]
    monkeypatch.setenv("FOUNDRY_TOKEN", foundry.client_options()["token"])
    dp_options = dp.client_options()
    for key, variable in (("token", "DATAPLATFORM_TOKEN"), ("api_key", "DATAPLATFORM_API_KEY")):
        if key in dp_options:
            monkeypatch.setenv(variable, dp_options[key])
    code = code.replace(FOUNDRY_HOST, f"base_url={foundry.base_url!r}")
    code = code.replace(DATAPLATFORM_URL, repr(dp.base_url))
    code = code.replace(FOUNDRY_STUB_URL, repr(foundry.base_url))
    studio = foundry.app.stub.studio_rid  # type: ignore[attr-defined]
    return code, {"STUDIO_RID": studio}


def test_every_python_snippet_has_a_stub_to_run_against() -> None:
    assert PYTHON
    for code in PYTHON:
        compile(code, "README.md", "exec")
        # A snippet naming a real host must name one the test can point at a stub.
        hosts = re.findall(r'hostname="[^"]+"|"https?://[^"]+"', code)
        assert set(hosts) <= {FOUNDRY_HOST, DATAPLATFORM_URL, FOUNDRY_STUB_URL}, hosts


@pytest.mark.parametrize("index", range(len(PYTHON)))
def test_python_snippet_runs_against_the_stubs(
    index: int,
    stubs: dict[str, StubServer],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, names = _against_stubs(PYTHON[index], stubs, monkeypatch)
    exec(compile(code, "README.md", "exec"), {**names})  # noqa: S102 - our own documentation
    capsys.readouterr()


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
