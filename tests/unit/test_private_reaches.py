"""Every reach into another library's private names lives in ``modelruns._compat``.

An AST scan of ``overlay/``, ``scripts/`` and ``tests/`` (not ``generated/``, not the generated
``overlay/modelruns/_facades/``) lists each reach: an attribute ``x._name`` whose name our own
code never defines, ``from lib._x import ...``, ``import lib._x``, ``from lib import _x``, and
``getattr``/``setattr``/``hasattr``/``delattr`` (or ``monkeypatch.setattr``) with a private
literal name. Our own names are those defined anywhere in ``overlay/``, ``generated/``,
``scripts/`` and ``tests/``: functions and classes, ``self.``/``cls.`` attributes assigned,
class-body assignments and annotations (attrs fields included), ``__slots__``, module-level
names, and anything in modelruns' own ``_modelruns`` namespace. Documented names that only
look private (enum's ``_sunder_`` names, ``os._exit``, a namedtuple's ``_replace``/``_fields``/
``_asdict``/``_make``) are public. Each ``_compat`` submodule calls ``require(...)`` at import
with the range pyproject declares for its library.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPAT = ROOT / "overlay" / "modelruns" / "_compat"
SCANNED = ("overlay", "scripts", "tests")
NOT_SCANNED = (ROOT / "generated", ROOT / "overlay" / "modelruns" / "_facades")
#: Where our own names are defined.
OURS = ("overlay", "generated", "scripts", "tests")

#: Documented names that start with one underscore: not private.
PUBLIC_NAMES = frozenset(
    {
        # enum's _sunder_ names
        "_value_",
        "_name_",
        "_missing_",
        "_generate_next_value_",
        "_ignore_",
        "_order_",
        # collections.namedtuple's methods and fields
        "_replace",
        "_fields",
        "_field_defaults",
        "_asdict",
        "_make",
    }
)
#: Documented private-looking names of one module: (module, name).
PUBLIC_MODULE_NAMES = frozenset({("os", "_exit")})


class Reach(NamedTuple):
    """One reach into a private name: where, and what (``._name``, an import, a getattr)."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _python_files(folders: Iterable[str], root: Path = ROOT) -> Iterator[Path]:
    for folder in folders:
        yield from sorted((root / folder).rglob("*.py"))


def _class_body_names(node: ast.ClassDef) -> Iterator[str]:
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id
        if not isinstance(statement, ast.Assign):
            continue
        for target in statement.targets:
            if isinstance(target, ast.Name):
                yield target.id
        slots = statement.value
        if any(isinstance(t, ast.Name) and t.id == "__slots__" for t in statement.targets) and (
            isinstance(slots, ast.Tuple | ast.List)
        ):
            yield from (
                item.value
                for item in slots.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            )


def _module_names(tree: ast.Module) -> Iterator[str]:
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            yield from (t.id for t in statement.targets if isinstance(t, ast.Name))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id


def defined_names(trees: Mapping[Path, ast.Module]) -> frozenset[str]:
    """Every name our own code defines (see the module's docstring), our modules' too."""
    names: set[str] = set()
    for path, tree in trees.items():
        names.update((path.stem, path.parent.name))
        names.update(_module_names(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            if isinstance(node, ast.ClassDef):
                names.update(_class_body_names(node))
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            ):
                names.add(node.attr)
    return frozenset(names)


def _first_party(root: Path = ROOT) -> frozenset[str]:
    """Top-level module names of our own code: modelruns, the generated packages, tests,
    scripts and the scripts' own modules (imported by ``generate.py`` beside them)."""
    names = {"modelruns", "tests", "scripts"}
    names.update(path.name for path in (root / "generated").iterdir() if path.is_dir())
    names.update(path.stem for path in (root / "scripts").glob("*.py"))
    return frozenset(names)


def _literal_attribute_name(node: ast.Call) -> tuple[str, str] | None:
    """The function and private name of a ``getattr``-like call reaching one by a literal."""
    func = node.func
    if isinstance(func, ast.Name) and func.id in ("getattr", "setattr", "hasattr", "delattr"):
        function = func.id
    elif isinstance(func, ast.Attribute) and func.attr in ("setattr", "delattr"):
        function = func.attr
    else:
        return None
    name = node.args[1] if len(node.args) >= 2 else None
    if isinstance(name, ast.Constant) and isinstance(name.value, str) and _private(name.value):
        return function, name.value
    return None


def _is_public(node: ast.Attribute) -> bool:
    if node.attr in PUBLIC_NAMES:
        return True
    value = node.value
    return isinstance(value, ast.Name) and (value.id, node.attr) in PUBLIC_MODULE_NAMES


def _import_reaches(node: ast.Import | ast.ImportFrom, first_party: frozenset[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [
            f"import {alias.name}"
            for alias in node.names
            if alias.name.split(".")[0] not in first_party
            and any(_private(part) for part in alias.name.split("."))
        ]
    if node.level or not node.module or node.module.split(".")[0] in first_party:
        return []
    parts = node.module.split(".")
    return [
        f"from {node.module} import {alias.name}"
        for alias in node.names
        if _private(alias.name) or any(_private(part) for part in parts)
    ]


def reaches_in(
    tree: ast.Module, path: str, ours: frozenset[str], first_party: frozenset[str]
) -> list[Reach]:
    """Every reach into another library's private names in one module."""
    found: list[Reach] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
            ours_or_public = name in ours or name.startswith("_modelruns") or _is_public(node)
            if _private(name) and not ours_or_public:
                found.append(Reach(path, node.lineno, f".{name}"))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found += [Reach(path, node.lineno, what) for what in _import_reaches(node, first_party)]
        elif isinstance(node, ast.Call):
            literal = _literal_attribute_name(node)
            if literal is not None:
                function, name = literal
                if name not in ours and not name.startswith("_modelruns"):
                    found.append(Reach(path, node.lineno, f"{function}(..., {name!r})"))
    return found


def scan(root: Path = ROOT) -> list[Reach]:
    """Every reach in ``overlay/``, ``scripts/`` and ``tests/`` of ``root``."""
    trees = {path: ast.parse(path.read_text(), str(path)) for path in _python_files(OURS, root)}
    ours = defined_names(trees)
    first_party = _first_party(root)
    skipped = tuple(root / folder.relative_to(ROOT) for folder in NOT_SCANNED)
    found: list[Reach] = []
    for path in _python_files(SCANNED, root):
        if path.is_relative_to(skipped[0]) or path.is_relative_to(skipped[1]):
            continue
        relative = path.relative_to(root).as_posix()
        found += reaches_in(trees[path], relative, ours, first_party)
    return found


def _outside_compat(reaches: Iterable[Reach]) -> list[Reach]:
    compat = COMPAT.relative_to(ROOT).as_posix() + "/"
    return [reach for reach in reaches if not reach.path.startswith(compat)]


def test_every_reach_into_a_private_name_is_inside_compat() -> None:
    outside = list(_outside_compat(scan()))
    assert outside == [], "reaches outside modelruns._compat:\n" + "\n".join(map(str, outside))


SAMPLE = """
import enum, os, collections
from lib._internal import thing
from lib import _helper
import lib._core
from modelruns._base import Mine

class Ours:
    _field: int
    __slots__ = ("_slot",)
    def __init__(self) -> None:
        self._kept = 1
    def _method(self) -> None: ...

def use(x, client, monkeypatch):
    client._kept, client._method, client._field, client._slot
    x._theirs
    getattr(x, "_hidden")
    monkeypatch.setattr(x, "_patched", 1)
    x._modelruns_inner = 1
    enum.Enum._value_, os._exit, x._replace
    x._exit
"""


def test_the_scan_tells_a_reach_from_our_own_and_documented_names(tmp_path: Path) -> None:
    for folder in (*OURS, "overlay/modelruns/_facades"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "overlay" / "sample.py").write_text(SAMPLE)
    found = {(reach.line, reach.what) for reach in scan(tmp_path)}
    assert found == {
        (3, "from lib._internal import thing"),
        (4, "from lib import _helper"),
        (5, "import lib._core"),
        (17, "._theirs"),
        (18, "getattr(..., '_hidden')"),
        (19, "setattr(..., '_patched')"),
        (22, "._exit"),
    }


# Each _compat module checks its library's release against the range pyproject declares.


class Requirement(NamedTuple):
    """A ``_compat`` module's ``require(distribution, minimum, below)`` call."""

    distribution: str
    minimum: str
    below: str


def _requires(path: Path) -> list[Requirement]:
    """The ``require(...)`` calls a module makes at import (its top-level statements)."""
    found = []
    for statement in ast.parse(path.read_text()).body:
        value = statement.value if isinstance(statement, ast.Expr) else None
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "require"
        ):
            continue
        texts = [a.value for a in value.args if isinstance(a, ast.Constant)]
        if len(value.args) == 3 and all(isinstance(text, str) for text in texts):
            found.append(Requirement(*map(str, texts)))
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, list[str]]:
    """Every requirement pyproject declares (dependencies and extras): name -> specifiers."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    entries = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        entries += extra
    declared: dict[str, list[str]] = {}
    for entry in entries:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)", entry)
        assert match is not None, entry
        specifiers = [part.replace(" ", "") for part in match[2].split(",") if part.strip()]
        declared.setdefault(_canonical(match[1]), []).extend(specifiers)
    return declared


COMPAT_MODULES = sorted(path for path in COMPAT.glob("*.py") if path.name != "__init__.py")


def test_there_is_a_compat_module_to_check() -> None:
    assert COMPAT_MODULES, "no _compat submodule found: the checks below would check nothing"


@pytest.mark.parametrize("path", COMPAT_MODULES, ids=lambda path: path.stem)
def test_a_compat_module_requires_the_range_pyproject_declares(path: Path) -> None:
    requirements = _requires(path)
    # One call per library it reaches into (requests' module also reaches into urllib3).
    assert requirements, f"{path.name} must call require(dist, minimum, below) at import"
    for required in requirements:
        declared = _declared().get(_canonical(required.distribution))
        assert declared is not None, f"{required.distribution} is not declared in pyproject.toml"
        assert f"<{required.below}" in declared, (required, declared)
        assert f">={required.minimum}" in declared, (required, declared)
