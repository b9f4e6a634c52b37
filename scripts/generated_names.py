"""The names a facade uses, checked against the package openapi-python-client generated.

A facade imports each operation's module and the models it names, and calls the generated
``_get_kwargs`` with the keywords ``scripts/surface.py`` read from the spec: when the two
disagree, generation stops here with a ``SurfaceError`` rather than write a broken module.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from pathlib import Path

from scripts.surface import Method, SurfaceError


def module_tag(method: Method, package_dir: Path) -> str:
    """The ``api/<tag>`` folder the generator put the method's module in."""
    found = sorted((package_dir / "api").glob(f"*/{method.name}.py"))
    if len(found) != 1:
        raise SurfaceError(f"{method.operation_id}: no generated module {method.name}.py")
    return found[0].parent.name


def _kwargs_names(source: Path) -> list[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_get_kwargs":
            args = node.args
            return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    raise SurfaceError(f"{source}: no _get_kwargs")


def _exported(package_dir: Path) -> set[str]:
    init = package_dir / "models" / "__init__.py"
    if not init.exists():
        return set()
    names: set[str] = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def check_against_generated(methods: Sequence[Method], package: str, package_dir: Path) -> None:
    """Names the facade would use must be what the generator made, or generation stops here."""
    exported = _exported(package_dir)
    for method in methods:
        missing = sorted(method.models() - exported)
        if missing:
            raise SurfaceError(
                f"{method.operation_id}: {package}.models has no {', '.join(missing)}"
            )
        tag = module_tag(method, package_dir)
        generated = _kwargs_names(package_dir / "api" / tag / f"{method.name}.py")
        ours = [p.name for p in (*method.path_params, *method.keywords, *method.fixed)]
        if method.body_model:
            ours.append("body")
        if sorted(generated) != sorted(ours):
            raise SurfaceError(
                f"{method.operation_id}: the generated _get_kwargs takes {sorted(generated)}, "
                f"the spec gives {sorted(ours)}"
            )
        if method.body_model:
            fields = _model_fields(package_dir, method.body_model)
            keywords = sorted(p.name for p in method.body_fields)
            if fields != keywords:
                raise SurfaceError(
                    f"{method.operation_id}: {method.body_model} has the fields {fields}, "
                    f"the spec gives {keywords}"
                )


def _init_false(value: ast.expr | None) -> bool:
    """``_attrs_field(init=False, ...)``: not a constructor argument (``additional_properties``)."""
    return isinstance(value, ast.Call) and any(
        k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in value.keywords
    )


def _model_fields(package_dir: Path, model: str) -> list[str]:
    """The attrs fields of a generated model class (its annotated class attributes)."""
    for source in sorted((package_dir / "models").glob("*.py")):
        for node in ast.parse(source.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name == model:
                return sorted(
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign)
                    and isinstance(item.target, ast.Name)
                    and not item.target.id.startswith("_")
                    and not _init_false(item.value)
                )
    raise SurfaceError(f"no generated model {model}")
