"""A built wheel carries the specs, so an installed package's stubs work outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from modelruns._specs import SPEC_FILES

ROOT = Path(__file__).resolve().parent.parent

# Runs from the unpacked wheel only: serves one NSML request through the installed stub.
PROBE = """
import sys
from starlette.testclient import TestClient
import modelruns
from modelruns.stubs import create_app

assert modelruns.__file__.startswith(sys.argv[1]), modelruns.__file__
with TestClient(create_app("nsml", runs=3)) as client:
    response = client.get("/nsml/v1/no/such/path")
print(response.status_code, response.json()["error"]["errorCode"] != "")
"""


def test_wheel_ships_every_spec_and_generated_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for spec in SPEC_FILES.values():
        assert f"modelruns/specs/{spec}" in names
    for package in ("foundry_models_client", "dataplatform_models_client"):
        assert f"{package}/__init__.py" in names
    assert "modelruns/stubs/__init__.py" in names


def test_stub_from_installed_wheel_serves_requests(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    result = subprocess.run(  # noqa: S603 - our own probe, fixed argv
        [sys.executable, "-c", PROBE, str(target)],
        env={"PYTHONPATH": str(target), "PATH": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "True"]


def test_pyproject_lists_every_package_of_the_tree() -> None:
    # pyproject lists its packages by hand (modelruns.specs maps to the top-level specs/), so a
    # package that generation or a refactor adds must be listed there too, or the wheel lacks it.
    import tomllib

    def find_packages(root: Path) -> set[str]:
        return {".".join(init.parent.relative_to(root).parts) for init in root.rglob("__init__.py")}

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {*find_packages(ROOT / "overlay"), *find_packages(ROOT / "generated")}
    assert listed - {"modelruns.specs"} == on_disk, (
        f"add to pyproject's [tool.setuptools] packages: {sorted(on_disk - listed)}; "
        f"remove: {sorted(listed - on_disk - {'modelruns.specs'})}"
    )
