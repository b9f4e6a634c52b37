"""``modelruns conformance``: check a server (or the embedded stub) against a provider's spec.

Exit codes: 0 every check passed, 1 a contract violation, 2 unreachable server or bad arguments.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

from modelruns._specs import PROVIDERS, Provider
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

from . import DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_PAGES, DEFAULT_SEED, run_conformance
from ._auth import resolve_credentials
from ._report import render_junit, render_table, write_report
from ._types import ConformanceUsageError, Report, UnreachableError

__all__ = ["FLAG_FIELDS", "register", "run"]

#: Per provider, which credential field each generic flag sets.
FLAG_FIELDS: dict[Provider, dict[str, str]] = {
    "foundry": {"foundry_token": "--token"},
    "dataplatform": {"dataplatform_token": "--token", "dataplatform_api_key": "--api-key"},
    "pai": {"access_key_id": "--access-key", "access_key_secret": "--secret-key"},
    "nsml": {
        "ncp_access_key": "--access-key",
        "ncp_secret_key": "--secret-key",
        "ncp_api_key": "--api-key",
    },
}

_REPORT_SUFFIXES = {".md", ".markdown", ".html", ".htm"}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def register(subparsers: Any) -> None:
    """Add the ``conformance`` sub-command."""
    variables = ", ".join(sorted(set(ENVIRONMENT_VARIABLES.values())))
    parser = subparsers.add_parser(
        "conformance",
        help="check a server (or the embedded stub) against a provider's spec",
        description=(
            "Run schemathesis' checks (positive and negative requests, stateful sequences "
            "through the spec's links) and a pagination check against a server. Without "
            "--base-url, the embedded stub of the provider is started and checked. Exit code: "
            "0 every check passed, 1 a contract violation, 2 unreachable server or bad arguments."
        ),
        epilog=f"Credentials not given as flags are read from: {variables}.",
    )
    parser.add_argument("provider", choices=[*PROVIDERS, "all"], help="the provider, or all four")
    parser.add_argument(
        "--base-url",
        help="the API's base URL as the SDK takes it (http://host:port/api for Foundry, "
        ".../v1 for Data Platform, .../nsml/v1 for NSML, the host root for PAI)",
    )
    group = parser.add_argument_group("credentials (prefer the environment variables)")
    group.add_argument("--token", help="Foundry or Data Platform bearer token")
    group.add_argument("--api-key", help="Data Platform X-API-Key, or the NCP API Gateway key")
    group.add_argument("--access-key", help="Alibaba Cloud AccessKey ID, or the NCP access key")
    group.add_argument("--secret-key", help="Alibaba Cloud AccessKey secret, or the NCP secret key")
    parser.add_argument(
        "--max-examples",
        type=_positive,
        default=DEFAULT_MAX_EXAMPLES,
        help=f"examples per operation and phase (default {DEFAULT_MAX_EXAMPLES})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="generation seed (same seed, same requests)"
    )
    parser.add_argument(
        "--max-pages",
        type=_positive,
        default=DEFAULT_MAX_PAGES,
        help=f"pages walked before pagination counts as endless (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument("--junit-xml", type=Path, metavar="PATH", help="write JUnit XML here")
    parser.add_argument(
        "--report", type=Path, metavar="PATH", help="write a Markdown (.md) or HTML (.html) report"
    )
    parser.set_defaults(handler=run)


def _fail(reason: str) -> int:
    print(f"modelruns conformance: error: {reason}", file=sys.stderr)
    return 2


def _credentials(provider: Provider, args: argparse.Namespace) -> Credentials | None:
    given = {
        field: getattr(args, flag[2:].replace("-", "_"))
        for field, flag in FLAG_FIELDS[provider].items()
    }
    if args.base_url is not None:
        return resolve_credentials(provider, given, os.environ, flags=FLAG_FIELDS[provider])
    overrides = {field: value for field, value in given.items() if value}
    return dataclasses.replace(Credentials.from_env(), **overrides) if overrides else None


def run(args: argparse.Namespace) -> int:
    """Handle ``modelruns conformance``; returns the exit code."""
    if args.report is not None and args.report.suffix.lower() not in _REPORT_SUFFIXES:
        return _fail(f"--report {args.report}: the extension must be .md or .html")
    providers: tuple[Provider, ...] = PROVIDERS if args.provider == "all" else (args.provider,)
    if args.base_url is not None and len(providers) > 1:
        return _fail("--base-url checks one provider's server: name the provider, not 'all'")
    reports: list[Report] = []
    for provider in providers:
        try:
            reports.append(
                run_conformance(
                    provider,
                    args.base_url,
                    credentials=_credentials(provider, args),
                    max_examples=args.max_examples,
                    seed=args.seed,
                    max_pages=args.max_pages,
                )
            )
        except (UnreachableError, ConformanceUsageError) as exc:
            return _fail(f"{provider}: {exc}")
    sys.stdout.write(render_table(reports))
    try:
        if args.junit_xml is not None:
            args.junit_xml.write_text(render_junit(reports), encoding="utf-8")
        if args.report is not None:
            write_report(args.report, reports)
    except OSError as exc:
        return _fail(f"cannot write {exc.filename}: {exc.strerror}")
    return 0 if all(report.passed for report in reports) else 1
