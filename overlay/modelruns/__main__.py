"""The `modelruns` command line (also `python -m modelruns`).

Each command group lives in its own module and registers its sub-parser here, so that
importing one group never pays for another's dependencies.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

#: Modules that each define `register(subparsers)`; the order is the order in `--help`.
COMMAND_MODULES = (
    "modelruns._cli_runs",
    "modelruns.stubs._cli",
    "modelruns.conformance._cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="modelruns",
        description="Typed SDKs, stub servers and conformance checks for model-run APIs.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        if not _module_exists(name):
            continue
        importlib.import_module(name).register(subparsers)
    return parser


def _module_exists(name: str) -> bool:
    # A command group whose module is not present yet is left out of the parser; `find_spec`
    # of a dotted name imports its parents, so each parent is checked first.
    parts = name.split(".")
    return all(
        importlib.util.find_spec(".".join(parts[: i + 1])) is not None for i in range(len(parts))
    )


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
