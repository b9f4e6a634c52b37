"""The distribution's split: the SDK installs lean, the stubs and conformance come as extras.

The SDK's dependencies are exactly what its modules import; the stub servers, the pytest
fixture and the conformance command say which extra they need when it is missing; and a
fresh virtual environment with the built wheel (plain, then with ``[stubs]``) behaves so.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys
import textwrap
import tomllib
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import modelruns

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlay" / "modelruns"
#: What the SDK must never load: the stubs' and the conformance command's dependencies.
EXTRAS_ONLY = ("starlette", "uvicorn", "schemathesis", "jsonschema_rs", "hypothesis", "requests")
#: Overlay code that is not the SDK: each belongs to an extra (or only dispatches to one).
NOT_SDK = ("stubs", "conformance", "pytest_plugin")
#: `_compat` modules that reach into an extra's library, each counted with that extra's code.
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _third_party_imports(paths: list[Path]) -> set[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    ours = {"modelruns", *(p.name for p in (ROOT / "generated").iterdir() if p.is_dir())}
    return {name for name in names - ours if name not in sys.stdlib_module_names}


def _compat_extra(path: Path) -> str | None:
    """The extra a ``_compat`` module belongs to: the one declaring the library it is named for."""
    if path.parent != OVERLAY / "_compat" or path.stem.startswith("_"):
        return None
    for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items():
        if path.stem in _declared(requirements):
            return str(extra)
    return None


def _distribution(module: str) -> str:
    (name,) = importlib.metadata.packages_distributions()[module]
    return Requirement(name).name.lower().replace("_", "-")


def test_sdk_dependencies_are_exactly_what_the_sdk_imports() -> None:
    sdk = [
        path
        for path in [*OVERLAY.rglob("*.py"), *(ROOT / "generated").rglob("*.py")]
        if path.is_relative_to(ROOT / "generated")
        or (
            path.relative_to(OVERLAY).parts[0].removesuffix(".py") not in NOT_SDK
            and _compat_extra(path) is None
        )
    ]
    imported = {_distribution(module) for module in _third_party_imports(sdk)}
    declared = {
        Requirement(r).name.lower().replace("_", "-") for r in PYPROJECT["project"]["dependencies"]
    }
    assert imported == declared


def _declared(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower().replace("_", "-") for r in requirements}


def _imported_by(folder: str) -> set[str]:
    compat = [path for path in (OVERLAY / "_compat").glob("*.py") if _compat_extra(path) == folder]
    paths = [*(OVERLAY / folder).rglob("*.py"), *compat]
    return {_distribution(module) for module in _third_party_imports(paths)}


def test_each_extra_declares_what_its_code_imports_beyond_the_sdk() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    sdk = _declared(PYPROJECT["project"]["dependencies"])
    stubs = _declared(extras["stubs"])
    assert _imported_by("stubs") - sdk == stubs
    assert _imported_by("conformance") - sdk - stubs == _declared(extras["conformance"]) - {
        "modelruns"
    }
    assert "modelruns[stubs]" in extras["conformance"]


def test_using_a_client_loads_none_of_the_extras() -> None:
    probe = textwrap.dedent(
        """
        import sys
        import httpx
        import modelruns
        from modelruns import nsml

        def answer(request):
            page = {"runList": [{"runName": "1", "projectId": "p"}], "totalCount": 1}
            return httpx.Response(200, json=page)

        http = httpx.Client(transport=httpx.MockTransport(answer))
        with nsml.Client(
            base_url="http://nsml.localhost/nsml/v1",
            access_key="a", secret_key="s", api_key="k", http_client=http,
        ) as client:
            assert [run.run_name for run in client.get_run_list()] == ["1"]
        print(" ".join(sorted(set(sys.argv[1:]) & {m.split(".")[0] for m in sys.modules})))
        """
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", probe, *EXTRAS_ONLY],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_version_is_the_distributions() -> None:
    assert modelruns.__version__ == importlib.metadata.version("modelruns")
    assert modelruns.__version__ == PYPROJECT["project"]["version"]
    result = subprocess.run(
        [sys.executable, "-m", "modelruns", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == f"modelruns {modelruns.__version__}"


# --- a fresh virtual environment --------------------------------------------------------------

#: Used from a folder outside the repository, against the installed wheel only.
USER_TESTS = """
import asyncio

import pytest

import modelruns
from modelruns import nsml, pai

SEEN = []


def test_fixture_serves_over_a_port(modelruns_stub):
    server = modelruns_stub("nsml", runs=7)
    SEEN.append(server)
    assert server.port
    with nsml.Client(**server.client_options()) as client:
        assert len(list(client.get_run_list())) == 7


def test_fixture_serves_in_process_sync_and_async(modelruns_stub):
    server = modelruns_stub("pai", runs=4, in_process=True, seed=3)
    SEEN.append(server)
    assert server.port is None
    with pai.Client(**server.client_options()) as client:
        assert len(list(client.list_runs())) == 4

    async def walk():
        async with pai.AsyncClient(**server.async_client_options()) as client:
            return [run async for run in client.list_runs()]

    assert len(asyncio.run(walk())) == 4


def test_fixture_takes_the_command_line_options(modelruns_stub):
    server = modelruns_stub("nsml", faults="503=1", latency_ms=1, in_process=True)
    with nsml.Client(**server.client_options(), max_retries=0) as client:
        with pytest.raises(modelruns.APIStatusError) as raised:
            list(client.get_run_list())
    assert raised.value.status_code == 503


def test_every_earlier_server_was_stopped():
    assert len(SEEN) == 2
    assert not any(server.running for server in SEEN)
"""

NEEDS_FIXTURE = """
def test_plain(modelruns_stub):
    modelruns_stub("nsml")


def test_unrelated():
    assert True
"""


def _run(*argv: str | Path, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH and a folder outside the checkout: only what is installed is importable.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(  # noqa: S603 - fixed argv into our own virtual environment
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.slow
def test_fresh_environment_plain_then_with_stubs(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python, bin_dir = env_dir / "bin" / "python", env_dir / "bin"
    lock = ROOT / "requirements" / "dev.lock"
    pip = (python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", lock)
    work = tmp_path / "user"
    work.mkdir()

    installed = _run(*pip, wheel, "pytest", cwd=work)
    assert installed.returncode == 0, installed.stderr
    found = _run(
        python,
        "-c",
        "import importlib.util, sys; "
        "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m)))",
        *EXTRAS_ONLY,
        cwd=work,
    )
    assert found.stdout.strip() == ""

    version = _run(bin_dir / "modelruns", "--version", cwd=work)
    assert version.stdout.strip() == f"modelruns {modelruns.__version__}"
    for command, extra in (("stub", "stubs"), ("conformance", "conformance")):
        missing = _run(bin_dir / "modelruns", command, "nsml", "--port", "0", cwd=work)
        assert missing.returncode == 2
        assert missing.stderr.count("\n") == 1, missing.stderr
        # Installed from a wheel file: the hint adds the extra to that wheel, as pip can.
        assert f"pip install '{wheel}[{extra}]'" in missing.stderr
        assert "Traceback" not in missing.stderr

    (work / "test_needs_stubs.py").write_text(NEEDS_FIXTURE, encoding="utf-8")
    plain = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", work, cwd=work)
    assert plain.returncode == 1, plain.stdout
    assert "1 failed, 1 passed" in plain.stdout
    assert f"pip install '{wheel}[stubs]'" in plain.stdout

    with_stubs = _run(*pip, f"{wheel}[stubs]", cwd=work)
    assert with_stubs.returncode == 0, with_stubs.stderr
    (work / "test_needs_stubs.py").unlink()
    (work / "test_user_suite.py").write_text(USER_TESTS, encoding="utf-8")
    suite = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", work, cwd=work)
    assert suite.returncode == 0, suite.stdout + suite.stderr
    assert "4 passed" in suite.stdout
