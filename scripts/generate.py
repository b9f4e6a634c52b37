#!/usr/bin/env python3
"""Generate the typed clients in generated/ and their SDK methods from specs/.

    python scripts/generate.py            # regenerate generated/ and the facades from the specs
    python scripts/generate.py --check    # fail, naming the files, when any of them is stale

Each spec ``<name>.yaml`` is generated with its ``<name>.config.yaml`` by the pinned
openapi-python-client into one package, and into ``overlay/modelruns/_facades/<provider>.py``:
the constructors and methods of ``modelruns.<provider>``'s ``Client`` and ``AsyncClient``, and
the provider's named errors (scripts/facades.py, through the templates in scripts/templates/);
and the API reference ``docs/api.md`` (every method of every client, its signature and
summary; scripts/reference.py).
Every spec is checked first (YAML syntax, local ``$ref`` targets, OpenAPI 3.1 validity); an
error names the file and the place and leaves both trees untouched. Output is built in a
temporary folder and swapped in only when every spec generated cleanly, so a failed run never
leaves a half-written tree.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator

from modelruns._specs import RefError, resolve

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/generate.py`
    sys.path.insert(0, str(ROOT))

from scripts import facades, reference  # noqa: E402 - needs ROOT on the path first
from scripts.surface import SurfaceError  # noqa: E402

SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FACADES = ROOT / "overlay" / "modelruns" / "_facades"
REFERENCE = ROOT / "docs" / "api.md"
# Caches the generator's post-hooks leave behind; never part of the output.
JUNK = {".ruff_cache", "__pycache__", ".mypy_cache", ".pytest_cache"}


class SpecError(Exception):
    """A spec cannot be generated; the message names the file and the place."""


@dataclass(frozen=True)
class Spec:
    """One spec file and its generator config."""

    path: Path
    config: Path

    @property
    def package(self) -> str:
        """The Python package the config names."""
        config = yaml.safe_load(self.config.read_text(encoding="utf-8")) or {}
        name = config.get("package_name_override")
        if not isinstance(name, str) or not name.isidentifier():
            raise SpecError(f"{_rel(self.config)}: package_name_override must name a package")
        return name


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def discover(specs_dir: Path = SPECS) -> list[Spec]:
    """Every spec in specs_dir with the config file that must sit next to it."""
    found = []
    for path in sorted(specs_dir.glob("*.yaml")):
        if path.name.endswith(".config.yaml"):
            continue
        config = path.with_name(path.name.removesuffix(".yaml") + ".config.yaml")
        if not config.exists():
            raise SpecError(f"{_rel(path)}: no generator config {config.name} next to it")
        found.append(Spec(path, config))
    if not found:
        raise SpecError(f"{_rel(specs_dir)}: no specs found")
    return found


def _node_line(root: yaml.Node, where: Sequence[str | int]) -> int | None:
    """The 1-based line of the YAML node at a path of keys and indexes, or of its nearest parent."""
    node = root
    for key in where:
        if isinstance(node, yaml.MappingNode):
            match = [
                v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)
            ]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1


def _place(where: Sequence[str | int]) -> str:
    return "/".join(str(p) for p in where) or "(document root)"


def _refs(
    node: Any, where: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield where, value
            else:
                yield from _refs(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, (*where, index))


def check_spec(path: Path) -> dict[str, Any]:
    """Load and validate one spec, raising SpecError that names the file and the place."""
    name = _rel(path)
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise SpecError(f"{name}{at}: invalid YAML: {exc.problem}") from None
    if root is None or not isinstance(document, dict):
        raise SpecError(f"{name}: not an OpenAPI document (expected a mapping at the top)")
    for where, ref in _refs(document):
        if ref.startswith("#"):
            try:
                resolve(document, {"$ref": ref})
            except RefError as error:
                line = _node_line(root, where)
                raise SpecError(f"{name}:{line}: {_place(where)}: {error}") from None
    if not str(document.get("openapi", "")).startswith("3.1"):
        raise SpecError(
            f"{name}:1: openapi: expected a 3.1.x document, got {document.get('openapi')!r}"
        )
    errors = sorted(OpenAPIV31SpecValidator(document).iter_errors(), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        error_path = list(first.path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SpecError(
            f"{name}:{_node_line(root, error_path)}: {_place(error_path)}: {first.message}{more}"
        )
    return document


def _generator_env() -> dict[str, str]:
    # The generator's post-hooks call `ruff`: use the one pinned in this environment.
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def _generator() -> list[str]:
    exe = Path(sys.executable).parent / "openapi-python-client"
    if not exe.exists():
        raise SpecError("openapi-python-client is not installed here: run `make install`")
    return [str(exe)]


def _clean(tree: Path) -> None:
    for junk in sorted(p for p in tree.rglob("*") if p.name in JUNK):
        if junk.exists():
            shutil.rmtree(junk) if junk.is_dir() else junk.unlink()


def generate_one(spec: Spec, out_dir: Path) -> Path:
    """Generate one spec's package into out_dir/<package> and return its path."""
    check_spec(spec.path)
    package = spec.package
    with tempfile.TemporaryDirectory(prefix="modelruns-gen-") as scratch:
        target = Path(scratch) / "out"
        result = subprocess.run(  # noqa: S603 - fixed argv of a pinned tool, no shell
            [
                *_generator(),
                "generate",
                "--path",
                str(spec.path),
                "--config",
                str(spec.config),
                "--meta",
                "none",
                "--output-path",
                str(target),
                "--overwrite",
            ],
            capture_output=True,
            text=True,
            env=_generator_env(),
            cwd=scratch,
            check=False,
        )
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0 or not (target / "__init__.py").exists():
            raise SpecError(f"{_rel(spec.path)}: the generator failed:\n{output}")
        if "Warning" in output or "Error" in output:
            raise SpecError(f"{_rel(spec.path)}: the generator warned:\n{output}")
        _clean(target)
        destination = out_dir / package
        shutil.move(str(target), destination)
    return destination


def generate_all(out_dir: Path, specs: list[Spec] | None = None) -> list[Path]:
    """Generate every spec into out_dir (which must be empty or missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [generate_one(spec, out_dir) for spec in specs or discover()]


def provider_of(spec: Spec, document: dict[str, Any]) -> str:
    """The provider's short name (``x-modelruns-provider``): the facade module's name."""
    name = document.get("x-modelruns-provider")
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        raise SpecError(f"{_rel(spec.path)}: x-modelruns-provider must name the provider module")
    return name


def _ruff(args: list[str], text: str, filename: Path) -> str:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(  # noqa: S603 - fixed argv of the pinned ruff, no shell
        [str(ruff), *args, "--stdin-filename", str(filename), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise SpecError(f"{_rel(filename)}: ruff failed on the rendered facade:\n{result.stderr}")
    return result.stdout


def render_facade(spec: Spec, package_dir: Path) -> tuple[str, str]:
    """(module file name, formatted source) of one spec's facade."""
    document = check_spec(spec.path)
    provider = provider_of(spec, document)
    try:
        text = facades.render_module(
            document,
            provider=provider,
            spec_file=spec.path.name,
            package=spec.package,
            package_dir=package_dir,
        )
    except (SurfaceError, RefError) as exc:
        raise SpecError(f"{_rel(spec.path)}: {exc}") from None
    # Formatted as if it sat in the overlay, wherever it is written.
    canonical = FACADES / f"{provider}.py"
    text = _ruff(["check", "--fix-only", "--quiet", "--exit-zero"], text, canonical)
    return f"{provider}.py", _ruff(["format", "--quiet"], text, canonical)


def render_facades(specs: list[Spec], generated: Path, out_dir: Path) -> None:
    """Write every spec's facade (and the package's ``__init__``) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "__init__.py").write_text(facades.INIT, encoding="utf-8")
    names: set[str] = set()
    for spec in specs:
        name, text = render_facade(spec, generated / spec.package)
        if name in names:
            raise SpecError(f"{_rel(spec.path)}: another spec already names provider {name[:-3]}")
        names.add(name)
        (out_dir / name).write_text(text, encoding="utf-8")


def render_reference(specs: list[Spec]) -> str:
    """The API reference (``docs/api.md``) of every spec, in provider order."""
    documents = []
    for spec in specs:
        document = check_spec(spec.path)
        documents.append((provider_of(spec, document), document))
    try:
        return reference.render_reference(sorted(documents, key=lambda pair: pair[0]))
    except (SurfaceError, RefError) as exc:
        raise SpecError(str(exc)) from None


def _files(tree: Path) -> set[str]:
    if not tree.exists():
        return set()
    return {
        str(p.relative_to(tree))
        for p in tree.rglob("*")
        if p.is_file() and not JUNK.intersection(p.relative_to(tree).parts)
    }


def diff_trees(expected: Path, actual: Path) -> list[tuple[str, str]]:
    """(file, what is wrong) for each file that differs between two trees; empty when identical."""
    want, have = _files(expected), _files(actual)
    problems = [(name, "missing") for name in want - have]
    problems += [(name, "not produced by the specs") for name in have - want]
    problems += [
        (name, "differs")
        for name in want & have
        if not filecmp.cmp(expected / name, actual / name, shallow=False)
    ]
    return sorted(problems)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when generated/ is stale")
    parser.add_argument("--specs", type=Path, default=SPECS, help="folder of specs")
    parser.add_argument("--out", type=Path, default=GENERATED, help="folder to write")
    parser.add_argument(
        "--facades",
        type=Path,
        default=None,
        help="folder of the generated client methods (default: overlay/modelruns/_facades, "
        "or OUT_facades next to a non-default --out)",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="the API reference to write (default: docs/api.md, or OUT_api.md next to a "
        "non-default --out)",
    )
    args = parser.parse_args(argv)
    default_out = args.out.resolve() == GENERATED
    if args.facades is None:
        args.facades = FACADES if default_out else args.out.with_name(args.out.name + "_facades")
    if args.reference is None:
        args.reference = REFERENCE if default_out else args.out.with_name(args.out.name + "_api.md")
    try:
        specs = discover(args.specs)
        with tempfile.TemporaryDirectory(prefix="modelruns-generated-") as scratch:
            fresh = Path(scratch) / "generated"
            fresh_facades = Path(scratch) / "_facades"
            generate_all(fresh, specs)
            render_facades(specs, fresh, fresh_facades)
            pairs = ((fresh, args.out), (fresh_facades, args.facades))
            reference = render_reference(specs)
            if args.check:
                problems = [
                    (target / name, what)
                    for made, target in pairs
                    for name, what in diff_trees(made, target)
                ]
                if not args.reference.exists():
                    problems.append((args.reference, "missing"))
                elif args.reference.read_text(encoding="utf-8") != reference:
                    problems.append((args.reference, "differs"))
                if problems:
                    print("generated code is stale; run `make generate`:", file=sys.stderr)
                    for path, what in problems:
                        print(f"  {_rel(path)}: {what}", file=sys.stderr)
                    return 1
                count = len(_files(fresh)) + len(_files(fresh_facades)) + 1
                print(
                    f"{_rel(args.out)}/, {_rel(args.facades)}/ and {_rel(args.reference)} "
                    f"match the specs ({count} files)"
                )
                return 0
            for made, target in pairs:
                _swap_in(made, target)
            args.reference.parent.mkdir(parents=True, exist_ok=True)
            args.reference.write_text(reference, encoding="utf-8")
    except SpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"generated {len(specs)} packages into {_rel(args.out)}/ and {_rel(args.facades)}/, "
        f"the API reference into {_rel(args.reference)}"
    )
    return 0


def _swap_in(made: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.copytree(made, target)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
