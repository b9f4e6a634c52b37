"""The `modelruns` command line (also `python -m modelruns`).

Each command group lives in its own module and registers its sub-parser here, so that
importing one group never pays for another's dependencies. A group whose optional
dependencies (its extra) are not installed is still listed: running it says, in one line,
which extra to install.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import modelruns

#: (command, module defining `register(subparsers)`, the extra it needs or None); the order
#: is the order in `--help`.
COMMAND_MODULES: tuple[tuple[str, str, str | None], ...] = (
    ("runs", "modelruns._cli_runs", None),
    ("stub", "modelruns.stubs._cli", "stubs"),
    ("conformance", "modelruns.conformance._cli", "conformance"),
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def install_hint(extra: str) -> str:
    """The command that installs an extra."""
    return f"pip install 'modelruns[{extra}]'"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command group registered."""
    parser = ArgumentParser(
        prog="modelruns",
        description="Typed SDKs, stub servers and conformance checks for model-run APIs.",
    )
    parser.add_argument("--version", action="version", version=f"modelruns {modelruns.__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command, name, extra in COMMAND_MODULES:
        if not _module_exists(name):
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if extra is None or _ours(error.name):
                raise
            _register_missing(subparsers, command, extra, str(error.name))
            continue
        module.register(subparsers)
    return parser


def _ours(module: str | None) -> bool:
    # A module of this distribution missing is a broken install, not a missing extra.
    return module is None or module.split(".")[0] == "modelruns"


def _register_missing(subparsers: Any, command: str, extra: str, missing: str) -> None:
    """A stand-in for a command whose extra is not installed: it says which one, exits 2."""
    hint = f"modelruns {command} needs the '{extra}' extra ({missing} is not installed): "
    hint += install_hint(extra)
    parser = subparsers.add_parser(command, help=f"(needs {install_hint(extra)})", add_help=False)
    parser.add_argument("arguments", nargs=argparse.REMAINDER)

    def handler(args: argparse.Namespace) -> int:
        print(hint, file=sys.stderr)
        return 2

    parser.set_defaults(handler=handler)


def _module_exists(name: str) -> bool:
    # A command group whose module is not present yet is left out of the parser; `find_spec`
    # of a dotted name imports its parents, so each parent is checked first.
    parts = name.split(".")
    try:
        return all(
            importlib.util.find_spec(".".join(parts[: i + 1])) is not None
            for i in range(len(parts))
        )
    except ModuleNotFoundError as error:
        # A parent package that imports a missing optional dependency: the module is there.
        return not _ours(error.name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
