"""The `modelruns` command line (also `python -m modelruns`).

Each command group lives in its own module and registers its sub-parser here, so that
importing one group never pays for another's dependencies. A group whose optional
dependencies (its extra) are not installed is still listed: running it says, in one line,
which extra to install.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

import modelruns
from modelruns._install import install_command

# Each command's module, imported only when the parser is built (a missing extra then shows).


def _runs_module() -> ModuleType:
    from modelruns import _cli_runs

    return _cli_runs


def _spec_module() -> ModuleType:
    from modelruns import _cli_spec

    return _cli_spec


def _stub_module() -> ModuleType:
    from modelruns.stubs import _cli

    return _cli


def _conformance_module() -> ModuleType:
    from modelruns.conformance import _cli

    return _cli


#: (command, loader of the module defining `register(subparsers)`, the extra it needs or
#: None); the order is the order in `--help`.
COMMANDS: tuple[tuple[str, Callable[[], ModuleType], str | None], ...] = (
    ("runs", _runs_module, None),
    ("spec", _spec_module, None),
    ("stub", _stub_module, "stubs"),
    ("conformance", _conformance_module, "conformance"),
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {with_suggestion(message)} (see {self.prog} --help)\n")


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)$")


def with_suggestion(message: str) -> str:
    """argparse's message, with the nearest valid choice named after a mistyped one."""
    found = _INVALID_CHOICE.search(message)
    if found is None:
        return message
    choices = re.findall(r"'([^']*)'", found["choices"])
    close = difflib.get_close_matches(found["given"], choices, n=1, cutoff=0.6)
    return f"{message}; did you mean {close[0]!r}?" if close else message


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command group registered."""
    parser = ArgumentParser(
        prog="modelruns",
        description="Typed SDKs, stub servers and conformance checks for model-run APIs.",
    )
    parser.add_argument("--version", action="version", version=f"modelruns {modelruns.__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command, load, extra in COMMANDS:
        try:
            module = load()
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
    adds = install_command(extra)
    hint = f"modelruns {command} needs the '{extra}' extra ({missing} is not installed): {adds}"
    parser = subparsers.add_parser(command, help=f"(needs {adds})", add_help=False)
    parser.add_argument("arguments", nargs=argparse.REMAINDER)

    def handler(args: argparse.Namespace) -> int:
        print(hint, file=sys.stderr)
        return 2

    parser.set_defaults(handler=handler)


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
