"""What ``import modelruns`` and ``help()`` give a user: the provider modules, the API's words."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import pytest

from modelruns import dataplatform, foundry, nsml, pai
from modelruns._specs import PROVIDERS, specs_dir

SOURCE_LINE = re.compile(r"[\w./-]+\.(?:go|py|sql):\d+")


def test_import_modelruns_reaches_the_provider_modules_lazily() -> None:
    code = (
        "import sys, modelruns\n"
        "loaded = [p for p in modelruns._PROVIDER_MODULES if f'modelruns.{p}' in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert {'dataplatform', 'foundry', 'nsml', 'pai'} <= set(dir(modelruns))\n"
        "assert modelruns.dataplatform.Client.__module__ == 'modelruns.dataplatform'\n"
        "assert 'modelruns.foundry' not in sys.modules\n"
        "assert modelruns.foundry is sys.modules['modelruns.foundry']\n"
        "try:\n"
        "    modelruns.nope\n"
        "except AttributeError as error:\n"
        "    assert 'nope' in str(error)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", [dataplatform, foundry, nsml, pai], ids=lambda m: m.__name__)
def test_method_docstrings_say_what_the_api_does_not_where_in_its_source(module: object) -> None:
    for cls in (module.Client, module.AsyncClient):  # type: ignore[attr-defined]
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            assert not SOURCE_LINE.search(inspect.getdoc(member) or ""), f"{cls.__name__}.{name}"


def test_the_provenance_stays_in_the_spec() -> None:
    texts = [
        (specs_dir() / f).read_text(encoding="utf-8")
        for f in sorted(
            p.name for p in specs_dir().glob("*.yaml") if not p.name.endswith(".config.yaml")
        )
    ]
    assert len(texts) >= len(PROVIDERS)
    assert any("service.go:429-431" in text for text in texts)
