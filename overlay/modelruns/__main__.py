"""The `modelruns` command line (also `python -m modelruns`).

Each command group lives in its own module and registers its sub-parser here, so that
importing one group never pays for another's dependencies.
"""

from __future__ import annotations

import argparse
import importlib
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
        importlib.import_module(name).register(subparsers)
    return parser


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
