#!/usr/bin/env python3
"""What changed between two versions of a spec, and whether it breaks code that uses the SDK.

    python scripts/api_diff.py OLD NEW              # two files, or GITREF:PATH for either
    python scripts/api_diff.py --base REF           # every spec against git REF
    python scripts/api_diff.py ... --markdown       # a changelog section instead of text
    python scripts/api_diff.py ... --fail-on-breaking   # exit 1 when anything breaks

Reports, per operation (by operationId, the SDK method's name) and per schema: operations
added or removed; parameters added, removed, newly required or optional; request bodies;
fields added or removed, newly required or optional; type, format, nullability and default
changes; enum values added or removed; pagination and idempotency changes; and the SDK method
signatures that are new or changed. Each change is classified for SDK users:

* ``breaking``: code written against the old SDK can fail after regenerating (a method,
  keyword, model or attribute is gone; a call that was valid is now refused; a decoded value
  can now be absent, null or of another type).
* ``additive``: old code keeps working (new methods, optional keywords, fields, enum values in
  responses, which decoding accepts; wider request types; retry rules).

The rules follow oasdiff's breaking-change checks, read from the side of the SDK: a change to
a schema is judged by where the schema is used (request, response or both). Exit codes: 0,
1 with ``--fail-on-breaking`` when a change breaks, 2 on bad arguments (one line on stderr).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/api_diff.py`
    sys.path.insert(0, str(ROOT))

from modelruns._api_diff import (  # noqa: E402 - needs ROOT on the path first
    ADDITIVE,
    BREAKING,
    Change,
    markdown_report,
    text_report,
)
from modelruns._api_diff import diff as _diff  # noqa: E402
from modelruns._specs import RefError  # noqa: E402
from scripts.signatures import signature  # noqa: E402
from scripts.surface import SurfaceError, describe_operation  # noqa: E402

__all__ = ["ADDITIVE", "BREAKING", "Change", "diff", "load", "main"]

SPECS = ROOT / "specs"
#: Where the specs briefly lived inside the package (refs from that time).
OLD_SPECS = "overlay/modelruns/specs"
_GIT_TIMEOUT = 30.0


class UsageError(Exception):
    """Bad arguments or unreadable input; the message is the one line shown."""


# -- loading ----------------------------------------------------------------------------------


def load(source: str, *, missing_ok: bool = False) -> dict[str, Any]:
    """A spec from a file, or from ``GITREF:PATH`` in this repository."""
    path = Path(source)
    if path.is_file():
        text = _read(path)
    elif ":" in source and not path.exists():
        ref, _, inner = source.partition(":")
        if not ref or not inner:
            raise UsageError(f"{source}: expected a file or GITREF:PATH")
        shown = _git_show(ref, inner, missing_ok=missing_ok)
        if shown is None:
            return {}
        text = shown
    elif missing_ok:
        return {}
    else:
        raise UsageError(f"{source}: no such file (or GITREF:PATH)")
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        raise UsageError(f"{source}{at}: invalid YAML") from None
    if not isinstance(document, dict) or not isinstance(document.get("paths", {}), dict):
        raise UsageError(f"{source}: not an OpenAPI document (expected a mapping with paths)")
    return document


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read ({type(exc).__name__})") from None


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # noqa: S603 - fixed git argv, no shell
            ["git", *args],  # noqa: S607 - git from PATH, like make
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"git {args[0]}: {type(exc).__name__}") from None


def _git_show(ref: str, inner: str, *, missing_ok: bool) -> str | None:
    if ref.startswith("-"):
        raise UsageError(f"{ref}: not a git ref")
    if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise UsageError(f"{ref}: unknown git ref")
    shown = _git("show", f"{ref}:{inner}")
    if shown.returncode != 0:
        if missing_ok:
            return None
        raise UsageError(f"{ref}:{inner}: no such file at that ref")
    return shown.stdout


def _signature(
    spec: Mapping[str, Any], entry: tuple[str, str, dict[str, Any], dict[str, Any]]
) -> str:
    try:
        return signature(describe_operation(spec, *entry))
    except (SurfaceError, RefError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return f"(no SDK method: {exc})"


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``, with the SDK signatures the generator gives."""
    return _diff(old, new, signature=_signature)


# -- command line -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _pairs(args: argparse.Namespace) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    if args.base is not None:
        if args.old or args.new:
            raise UsageError("give either OLD NEW or --base REF, not both")
        specs = sorted(p for p in SPECS.glob("*.yaml") if not p.name.endswith(".config.yaml"))
        if not specs:
            raise UsageError(f"{SPECS}: no specs found")
        pairs = []
        for spec in specs:
            inner = spec.relative_to(ROOT).as_posix()
            old = load(f"{args.base}:{inner}", missing_ok=True) or load(
                f"{args.base}:{OLD_SPECS}/{spec.name}", missing_ok=True
            )
            pairs.append((inner, old, load(str(spec))))
        return pairs
    if not args.old or not args.new:
        raise UsageError("give OLD and NEW (files or GITREF:PATH), or --base REF")
    return [(f"{args.old} -> {args.new}", load(args.old), load(args.new))]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = _Parser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("old", nargs="?", help="the old spec: a file or GITREF:PATH")
    parser.add_argument("new", nargs="?", help="the new spec: a file or GITREF:PATH")
    parser.add_argument("--base", help="compare every spec against this git ref")
    parser.add_argument("--markdown", action="store_true", help="write a changelog section")
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when a change is breaking"
    )
    try:
        args = parser.parse_args(argv)
        pairs = _pairs(args)
    except UsageError as exc:
        print(f"api_diff: error: {exc}", file=sys.stderr)
        return 2
    reports, broken = [], False
    for label, old, new in pairs:
        changes = diff(old, new)
        broken |= any(c.kind == BREAKING for c in changes)
        reports.append(
            markdown_report(label, changes) if args.markdown else text_report(label, changes)
        )
    if args.markdown:
        base = f" since {args.base}" if args.base else ""
        print(f"## API changes{base}\n")
    print("\n".join(reports).rstrip())
    return 1 if broken and args.fail_on_breaking else 0


if __name__ == "__main__":
    sys.exit(main())
