"""scripts/generate.py: deterministic, drift-detecting, and clear about broken specs."""

from __future__ import annotations

import importlib
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate.py"
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FACADES = ROOT / "overlay" / "modelruns" / "_facades"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own script, fixed argv
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False
    )


def _one_spec(tmp_path: Path, name: str = "clova-nsml") -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    for suffix in (".yaml", ".config.yaml"):
        shutil.copy(SPECS / f"{name}{suffix}", specs / f"{name}{suffix}")
    return specs


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_generations_are_byte_identical(tmp_path: Path) -> None:
    specs = _one_spec(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    assert _run("--specs", specs, "--out", first).returncode == 0
    assert _run("--specs", specs, "--out", second).returncode == 0
    tree = _tree(first)
    assert tree == _tree(second)
    assert not [name for name in tree if ".ruff_cache" in name or "__pycache__" in name]


def test_check_names_the_file_that_lost_a_line(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    victim = copy / "clova_nsml_client" / "client.py"
    lines = victim.read_text().splitlines(keepends=True)
    victim.write_text("".join(lines[:5] + lines[6:]))
    result = _run("--check", "--out", copy)
    assert result.returncode == 1
    assert "clova_nsml_client/client.py: differs" in result.stderr


def test_check_passes_on_the_committed_tree() -> None:
    result = _run("--check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda text: text.replace("paths:", "paths:\n  - [unclosed", 1), "invalid YAML"),
        (
            lambda text: text.replace(
                "#/components/schemas/NsmlRun", "#/components/schemas/Nope", 1
            ),
            "$ref '#/components/schemas/Nope' points at nothing",
        ),
        (
            lambda text: text.replace(
                "    NsmlRun:\n", "    NsmlRun:\n      $ref: '#/components/schemas/NsmlRun'\n", 1
            ),
            "$ref cycle: #/components/schemas/NsmlRun -> #/components/schemas/NsmlRun",
        ),
        (
            lambda text: text.replace("openapi: 3.1.0", "openapi: 3.1.0\nbogus_top_level: 1", 1),
            "bogus",
        ),
    ],
    ids=["bad-yaml", "dangling-ref", "ref-cycle", "invalid-openapi"],
)
def test_broken_spec_is_named_and_output_untouched(
    tmp_path: Path, mutate: object, expected: str
) -> None:
    specs = _one_spec(tmp_path)
    spec = specs / "clova-nsml.yaml"
    assert callable(mutate)
    spec.write_text(mutate(spec.read_text()))
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("untouched")
    result = _run("--specs", specs, "--out", out)
    assert result.returncode == 2
    assert "clova-nsml.yaml:" in result.stderr
    assert expected in result.stderr
    assert _tree(out) == {"keep.txt": b"untouched"}


def test_check_names_a_hand_edited_facade(tmp_path: Path) -> None:
    copy = tmp_path / "facades"
    shutil.copytree(FACADES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    victim = copy / "nsml.py"
    victim.write_text(victim.read_text().replace("def get_run_list(", "def get_runs(", 1))
    result = _run("--check", "--facades", copy)
    assert result.returncode == 1
    assert "facades/nsml.py: differs" in result.stderr


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda text: text.replace("x-modelruns-provider: nsml", "x-modelruns-provider: 9x", 1),
            "x-modelruns-provider must name the provider module",
        ),
        (
            lambda text: text.replace(
                "$ref: '#/components/schemas/RunListResponse'", "type: object", 1
            ),
            "getRunList: the 2xx JSON body must be a $ref schema",
        ),
    ],
    ids=["bad-provider-name", "inline-success-body"],
)
def test_a_spec_the_facade_cannot_express_is_named_and_output_untouched(
    tmp_path: Path, mutate: object, expected: str
) -> None:
    specs = _one_spec(tmp_path)
    spec = specs / "clova-nsml.yaml"
    assert callable(mutate)
    before = spec.read_text()
    spec.write_text(mutate(before))
    assert spec.read_text() != before
    out, facades = tmp_path / "out", tmp_path / "facades"
    facades.mkdir()
    (facades / "keep.txt").write_text("untouched")
    result = _run("--specs", specs, "--out", out, "--facades", facades)
    assert result.returncode == 2
    assert expected in result.stderr
    assert _tree(facades) == {"keep.txt": b"untouched"}
    assert not out.exists()


def test_check_names_a_stale_api_reference(tmp_path: Path) -> None:
    copy = tmp_path / "api.md"
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    copy.write_text(text.replace("List model runs", "List the model runs", 1), encoding="utf-8")
    result = _run("--check", "--reference", copy)
    assert result.returncode == 1
    assert "api.md: differs" in result.stderr
    copy.unlink()
    result = _run("--check", "--reference", copy)
    assert result.returncode == 1
    assert "api.md: missing" in result.stderr


def test_the_api_reference_lists_every_method_of_every_client_with_its_signature() -> None:
    from modelruns import _facades

    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for provider in ("dataplatform", "foundry", "nsml", "pai"):
        facade = importlib.import_module(f"{_facades.__name__}.{provider}")
        assert f"## `modelruns.{provider}`" in text
        methods = [
            name
            for name, value in vars(facade.ClientMethods).items()
            if inspect.isfunction(value) and not name.startswith("_")
        ]
        assert methods, provider
        for name in methods:
            section = text.split(f"### `{provider}.{name}`", 1)
            assert len(section) == 2, f"{provider}.{name}"
            assert section[1].lstrip().startswith(f"```python\n{name}("), f"{provider}.{name}"
