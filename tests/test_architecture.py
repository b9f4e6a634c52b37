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
LAYERS: dict[str, float] = {
    "_specs": 1,
    "_signing": 1,
    "_masking": 1,
    "_exceptions": 2,
    "_retry": 1,
    "_validation": 1,
    "_log": 1,
    "_compat": 0,
    "_install": 0,
    "_names": 0,
    "_secrets": 0,
    "_patterns": 0,
    "_auth": 2,
    "_params": 2,
    "_decode": 2,
    "_response": 2,
    "_states": 2,
    "_record": 2,
    "_api_diff": 2,
    "_traffic": 2,
    # The request engine's primitives (above the errors they raise): no engine module below.
    "_options": 2.2,
    "_bodies": 2.2,
    "_deadline": 2.2,
    "_watchdog": 2.2,
    "_reading": 2.2,
    "_steps": 2.2,
    "_transport": 2.5,
    "_fork": 2.5,
    # The engine, each step a module: the operation and the connection, then the request, its
    # errors and its deviations, its log, the shared core, and the two engines.
    "_operations": 3,
    "_connect": 3,
    "_mapping": 3,
    "_requests": 3.2,
    "_deviations": 3.2,
    "_exchange_log": 3.4,
    "_core": 3.6,
    "_engine_sync": 3.8,
    "_engine_async": 3.8,
    "_pagination": 4,
    "_wait": 4,
    "_facades": 5,
    "foundry": 6,
    "dataplatform": 6,
    "pai": 6,
    "nsml": 6,
    "_run": 6,
    "_metrics": 6,
    "_cli_runs": 7,
    "_cli_spec": 7,
    "_suggest": 3,
    "stubs": 7,
    "conformance": 8,
    "__main__": 9,
    "pytest_plugin": 8,
}
SDK_ENGINE = {
    "_options",
    "_bodies",
    "_deadline",
    "_reading",
    "_steps",
    "_fork",
    "_transport",
    "_operations",
    "_connect",
    "_mapping",
    "_requests",
    "_deviations",
    "_exchange_log",
    "_core",
    "_engine_sync",
    "_engine_async",
    "_pagination",
    "_facades",
    "_decode",
    "_params",
    "_response",
    "foundry",
    "dataplatform",
    "pai",
    "nsml",
}


#: Files that import a module by a computed name, and why; every other dynamic import is an
#: error (an import the layer rules could not see). Each of these loads a generated package.
DYNAMIC_IMPORTS = {
    "_operations.py": 1,  # the generated models package of an operation's module
    "_bodies.py": 1,  # the generated models package of a request body's model
    "_decode/_walker.py": 2,  # the generated models and types packages of a model's package
    "_cli_runs/_list_command.py": 2,  # the generated operation module of a provider's list
}


def _package_of(path: Path) -> str:
    """The dotted package of a file (``overlay/modelruns/stubs/_app.py``: ``modelruns.stubs``)."""
    if path.is_relative_to(OVERLAY.parent):
        parts = path.relative_to(OVERLAY.parent).parent.parts
    else:
        parts = path.relative_to(GENERATED).parent.parts
    return ".".join(parts)


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module a ``from`` import names, relative ones resolved against the file's package."""
    if node.level == 0:
        return node.module or ""
    package = _package_of(path).split(".")
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _is_import_module(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__")


def _dynamic_imports(path: Path) -> list[int]:
    """Lines that import a module whose name is computed (not a string literal)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and _is_import_module(node)
        and not (node.args and isinstance(node.args[0], ast.Constant))
    ]


def _imports(path: Path) -> set[str]:
    """The modules a file imports, wherever in the file: ``import``, ``from`` (relative ones
    resolved; ``from modelruns import x`` counts as ``modelruns.x``) and ``import_module`` of a
    literal name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and _is_import_module(node)
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def test_imports_are_read_relative_and_dynamic_alike(tmp_path: Path) -> None:
    # The reader itself: a relative import and a literal import_module are both seen.
    engine = OVERLAY / "conformance" / "_engine.py"
    assert "modelruns.conformance._masking" in _imports(engine)
    assert _absolute(engine, ast.ImportFrom(module="stubs", names=[], level=2)) == "modelruns.stubs"
    main = OVERLAY / "__main__.py"
    assert {"modelruns.stubs._cli", "modelruns.conformance._cli"} <= _imports(main)


@pytest.mark.parametrize(
    "path",
    sorted(OVERLAY.rglob("*.py")),
    ids=lambda p: str(p.relative_to(OVERLAY)),
)
def test_dynamic_imports_only_load_generated_packages(path: Path) -> None:
    lines = _dynamic_imports(path)
    where = path.relative_to(OVERLAY).as_posix()
    assert len(lines) == DYNAMIC_IMPORTS.get(where, 0), f"computed imports at lines {lines}"


def _overlay_module(name: str) -> str | None:
    """The top-level overlay module an import names (``modelruns._core.X`` -> ``_core``)."""
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


def test_the_package_holds_no_links() -> None:
    # Checkouts that do not keep symlinks must still build: the specs are real files.
    links = [
        str(path.relative_to(ROOT))
        for folder in (OVERLAY.parent, GENERATED, ROOT / "specs", ROOT / "scripts", ROOT / "tests")
        for path in folder.rglob("*")
        if path.is_symlink()
    ]
    assert links == []
    assert sorted(p.name for p in (ROOT / "specs").glob("*.yaml") if p.is_file())
    assert not (OVERLAY / "specs").exists(), "the specs live in the top-level specs/ only"


#: The pagination package (ARCHITECTURE.md, layer 4): a core that knows no style, one module
#: per style that knows only the core (or the style it refines), and the drivers over both.
PAGINATION_CORE = {"_pages", "_cycles", "_window"}
PAGINATION_STYLES = {"_offset", "_token", "_integer_token", "_page_number", "_single_page"}
PAGINATION_DRIVERS = {"_paginator", "_sync", "_async"}


def _pagination_imports(path: Path) -> set[str]:
    prefix = "modelruns._pagination."
    return {name[len(prefix) :].split(".")[0] for name in _imports(path) if name.startswith(prefix)}


def test_pagination_core_knows_no_style_and_styles_know_no_driver() -> None:
    package = OVERLAY / "_pagination"
    modules = {p.stem: p for p in package.glob("*.py") if p.name != "__init__.py"}
    assert modules.keys() == PAGINATION_CORE | PAGINATION_STYLES | PAGINATION_DRIVERS
    for name in PAGINATION_CORE:
        assert _pagination_imports(modules[name]) <= PAGINATION_CORE, name
    for name in PAGINATION_STYLES:
        assert _pagination_imports(modules[name]) <= PAGINATION_CORE | PAGINATION_STYLES, name


#: The size the house keeps: a hand-written module this long at most, a function this long.
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
HAND_WRITTEN = sorted(
    [p for p in OVERLAY.rglob("*.py") if "_facades" not in p.parts]
    + list((ROOT / "scripts").rglob("*.py"))
)


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda p: str(p.relative_to(ROOT)))
def test_hand_written_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name}: split it by job"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
