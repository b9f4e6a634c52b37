"""``modelruns spec suggest PROVIDER HAR... [--out PATH]``: the spec change the traffic shows.

Writes the provider's spec (or ``--spec``'s) with the additive changes recorded exchanges show
(``_suggest``), each with its provenance in ``x-modelruns-observed``, and prints the changes and
their api-diff classification. Without ``--out`` the spec goes to standard output and the rest
to standard error. The spec is written as YAML from the parsed document: its comments are not
kept. Exit codes: 0 written, 2 bad arguments, an unreadable file, or no exchange of the
provider's operations in the HAR files (one line on standard error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from modelruns._api_diff import diff, text_report
from modelruns._specs import PROVIDERS, spec_path
from modelruns._suggest import read_spec_text, spec_text, suggest
from modelruns._traffic import TrafficError, read_hars, spec_for

__all__ = ["register", "run_suggest"]


def register(subparsers: Any) -> None:
    """Add the ``spec`` command group (``spec suggest``)."""
    parser = subparsers.add_parser("spec", help="work on a provider's spec from evidence")
    commands = parser.add_subparsers(dest="spec_command", required=True, metavar="COMMAND")
    suggest_parser = commands.add_parser(
        "suggest",
        help="write the additive spec change recorded traffic shows",
        description=(
            "Read HAR files (record_to=, MODELRUNS_RECORD, a browser's or mitmproxy's) and "
            "write the provider's spec with what the traffic shows added: enum values, optional "
            "fields with their type and format, fields that turned nullable, longer strings, "
            "undocumented statuses. Nothing is removed or tightened; each change says where it "
            "was seen in x-modelruns-observed. Prints the changes and their api-diff "
            "classification. Exit 2 when no exchange is of the provider's operations."
        ),
    )
    suggest_parser.add_argument("provider", choices=PROVIDERS, help="the provider")
    suggest_parser.add_argument("har", type=Path, nargs="+", metavar="HAR", help="HAR files")
    suggest_parser.add_argument(
        "--out", type=Path, metavar="PATH", help="write the spec here (default: standard output)"
    )
    suggest_parser.add_argument(
        "--spec", type=Path, metavar="PATH", help="start from this spec instead of the packaged one"
    )
    suggest_parser.set_defaults(handler=run_suggest)


def _fail(reason: str) -> int:
    print(f"modelruns spec suggest: error: {reason}", file=sys.stderr)
    return 2


def run_suggest(args: argparse.Namespace) -> int:
    """Handle ``modelruns spec suggest``; returns the exit code."""
    try:
        provider, spec = spec_for(args.provider, args.spec)
        document = read_spec_text(args.spec or spec_path(provider))
        exchanges, deviations = read_hars(args.har)
    except TrafficError as exc:
        return _fail(str(exc))
    found = suggest(document, exchanges, deviations)
    if found.matched == 0:
        files = ", ".join(str(path) for path in args.har)
        return _fail(f"{files}: no recorded exchange is of a {provider} operation")
    text = spec_text(found.spec)
    summary = sys.stdout if args.out is not None else sys.stderr
    if args.out is not None:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"cannot write {args.out}: {exc.strerror}")
    else:
        sys.stdout.write(text)
    where = args.out or "standard output"
    print(f"{provider}: {found.matched} exchanges, {len(found.changes)} changes", file=summary)
    for change in found.changes:
        print(f"  {change}", file=summary)
    for note in found.notes:
        print(f"  note: {note}", file=summary)
    label = f"api-diff {args.spec or provider} -> {where}"
    print(text_report(label, diff(spec, found.spec)), file=summary)
    return 0
