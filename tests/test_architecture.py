"""The import rules ARCHITECTURE.md states hold in the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlay" / "modelruns"
GENERATED = ROOT / "generated"

#: Layer of each top-level overlay module (ARCHITECTURE.md, "Layers"); a module may import
#: only modules of a lower number.
LAYERS = {
    "_specs": 1,
    "_signing": 1,
    "_exceptions": 1,
    "_retry": 1,
    "_validation": 1,
    "_log": 1,
    "_auth": 2,
    "_params": 2,
    "_decode": 2,
    "_base": 3,
    "_pagination": 4,
    "_facades": 5,
    "foundry": 6,
    "dataplatform": 6,
    "pai": 6,
    "nsml": 6,
    "_run": 6,
    "_cli_runs": 7,
    "stubs": 7,
    "conformance": 8,
    "__main__": 8,
    "pytest_plugin": 8,
}
SDK_ENGINE = {
    "_base",
    "_pagination",
    "_facades",
    "_decode",
    "_params",
    "foundry",
    "dataplatform",
    "pai",
    "nsml",
}


def _imports(path: Path) -> set[str]:
    """The modules a file imports (``from modelruns import x`` counts as modelruns.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _overlay_module(name: str) -> str | None:
    """The top-level overlay module an import names (``modelruns._base.X`` -> ``_base``)."""
    parts = name.split(".")
    if parts[0] != "modelruns" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _owner(path: Path) -> str:
    relative = path.relative_to(OVERLAY)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_overlay_module_has_a_layer() -> None:
    owners = {
        _owner(p) for p in OVERLAY.rglob("*.py") if p.name != "__init__.py" or p.parent != OVERLAY
    }
    assert owners - LAYERS.keys() == set()


@pytest.mark.parametrize(
    "path",
    sorted(p for p in OVERLAY.rglob("*.py") if p != OVERLAY / "__init__.py"),
    ids=lambda p: str(p.relative_to(OVERLAY)),
)
def test_overlay_module_imports_only_lower_layers(path: Path) -> None:
    owner = _owner(path)
    for name in _imports(path):
        target = _overlay_module(name)
        if target is None or target == owner:
            continue
        assert LAYERS[target] < LAYERS[owner], f"{owner} (layer {LAYERS[owner]}) imports {name}"


@pytest.mark.parametrize("path", sorted((OVERLAY / "stubs").rglob("*.py")), ids=lambda p: p.name)
def test_stubs_never_import_the_sdk_engine(path: Path) -> None:
    engine = {name for name in _imports(path) if _overlay_module(name) in SDK_ENGINE}
    generated = {name for name in _imports(path) if name.split(".")[0].endswith("_client")}
    assert engine | generated == set()


def test_generated_code_never_imports_the_overlay() -> None:
    offenders = [
        str(path.relative_to(GENERATED))
        for path in GENERATED.rglob("*.py")
        if any(name.split(".")[0] == "modelruns" for name in _imports(path))
    ]
    assert offenders == []
