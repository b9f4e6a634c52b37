"""``modelruns conformance``: check a server (or the embedded stub) against a provider's spec.

Exit codes: 0 every check passed and something was verified, 1 a contract violation, 2 nothing
verified, not an API, unreachable server or bad arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from modelruns._specs import PROVIDERS, Provider, credential_environment, spec_credentials
from modelruns._traffic import TrafficError, spec_for
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES, Credentials

from . import DEFAULT_MAX_EXAMPLES, DEFAULT_MAX_PAGES, DEFAULT_SEED, run_conformance
from ._auth import credential_field, credential_values, resolve_credentials
from ._masking import Masker
from ._offline import check_hars
from ._options import (
    DEFAULT_REQUEST_TIMEOUT,
    RunOptions,
    check_rate_limit,
    load_config,
    parse_header,
    parse_path_param,
    parse_tls_verify,
)
from ._progress import ProgressPrinter
from ._report import render_junit, render_table, verdict_line, write_report
from ._types import ConformanceUsageError, Report, UnreachableError

__all__ = ["flag_fields", "register", "run"]

#: The generic flag that gives each client credential keyword (of any provider's spec).
_KEYWORD_FLAGS = {
    "token": "--token",
    "api_key": "--api-key",
    "access_key_id": "--access-key",
    "access_key": "--access-key",
    "access_key_secret": "--secret-key",
    "secret_key": "--secret-key",
}


def flag_fields(provider: Provider) -> dict[str, str]:
    """Which credential field each flag sets for ``provider``: the spec's credential keywords."""
    keywords, _any_of = spec_credentials(provider)
    return {
        credential_field(provider, credential.keyword): _KEYWORD_FLAGS[credential.keyword]
        for credential in keywords
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


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text} must be above 0")
    return value


def register(subparsers: Any) -> None:
    """Add the ``conformance`` sub-command."""
    variables = ", ".join(sorted({v for p in PROVIDERS for v in credential_environment(p)}))
    parser = subparsers.add_parser(
        "conformance",
        help="check a server (or the embedded stub) against a provider's spec",
        description=(
            "Run schemathesis' checks (positive and negative requests, stateful sequences "
            "through the spec's links) and a pagination check against a server. Without "
            "--base-url, the embedded stub of the provider is started and checked. A server "
            "given with --base-url is only read (GET, HEAD, OPTIONS) unless --allow-writes. "
            "Exit code: 0 every check passed and at least one operation was verified (answered "
            "2xx), 1 a contract violation, 2 nothing verified, not an API, unreachable server or "
            "bad arguments, 130 interrupted."
        ),
        epilog=f"Credentials not given as flags are read from: {variables}.",
    )
    parser.add_argument("provider", choices=[*PROVIDERS, "all"], help="the provider, or all four")
    _add_target(parser)
    _add_network(parser)
    _add_budgets_and_outputs(parser)
    parser.set_defaults(handler=run)


def _add_target(parser: argparse.ArgumentParser) -> None:
    """The server, its credentials, ``--config``, the write policy and the user's ids."""
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
        "--config",
        type=Path,
        metavar="FILE",
        help="a TOML file with any of the settings below (keys as the flags, without dashes; "
        "path-params and headers as tables); flags override it",
    )
    parser.add_argument(
        "--allow-writes",
        action="store_true",
        default=None,
        help="also send state-changing requests (POST, PUT, PATCH, DELETE...) to --base-url: "
        "this launches, triggers and cancels real runs",
    )
    parser.add_argument(
        "--path-param",
        action="append",
        metavar="NAME=VALUE",
        help=f"your own id for every path with this parameter, e.g. {PATH_PARAM_EXAMPLE} "
        "(repeatable)",
    )


def _add_network(parser: argparse.ArgumentParser) -> None:
    """How requests travel (the names are schemathesis' own)."""
    plumbing = parser.add_argument_group("network (named as schemathesis names them)")
    plumbing.add_argument("--rate-limit", metavar="N/PERIOD", help="at most N requests per s|m|h")
    plumbing.add_argument(
        "-H",
        "--header",
        action="append",
        metavar="NAME:VALUE",
        help="an extra header on every request (repeatable; masked in reports when its name "
        "looks secret)",
    )
    plumbing.add_argument("--proxy", metavar="URL", help="send every request through this proxy")
    plumbing.add_argument(
        "--tls-verify", metavar="true|false|CA_BUNDLE", help="verify TLS (default true)"
    )
    plumbing.add_argument(
        "--request-timeout",
        type=_positive_number,
        metavar="SECONDS",
        help=f"seconds for one response, body included (default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    plumbing.add_argument(
        "--include-operation-id", action="append", metavar="ID", help="check only this operation"
    )
    plumbing.add_argument(
        "--exclude-operation-id", action="append", metavar="ID", help="never check this operation"
    )
    plumbing.add_argument(
        "--max-time",
        type=_positive,
        metavar="SECONDS",
        help="end the run after this long at most (it ends sooner when its work is done)",
    )


def _add_budgets_and_outputs(parser: argparse.ArgumentParser) -> None:
    """How much is generated, recorded traffic and ``--spec`` instead, and the report files."""
    parser.add_argument(
        "--max-examples",
        type=_positive,
        help=f"examples per operation and phase (default {DEFAULT_MAX_EXAMPLES})",
    )
    parser.add_argument("--seed", type=int, help="generation seed (same seed, same requests)")
    parser.add_argument(
        "--max-pages",
        type=_positive,
        help=f"pages walked before pagination counts as endless (default {DEFAULT_MAX_PAGES})",
    )
    parser.add_argument(
        "--har",
        type=Path,
        nargs="+",
        action="extend",
        metavar="PATH",
        help="check recorded traffic (HAR files: record_to=, MODELRUNS_RECORD, a browser's or "
        "mitmproxy's) offline instead of a server: exit 0 when every exchange conforms, 1 naming "
        "each drift, 2 when no exchange is of the provider's operations or none was answered 2xx",
    )
    parser.add_argument(
        "--spec",
        type=Path,
        metavar="PATH",
        help="check against this spec file instead of the packaged one",
    )
    parser.add_argument("--junit-xml", type=Path, metavar="PATH", help="write JUnit XML here")
    parser.add_argument(
        "--report", type=Path, metavar="PATH", help="write a Markdown (.md) or HTML (.html) report"
    )


#: The --path-param example of the help (a Foundry path parameter; a test holds it to the spec).
PATH_PARAM_EXAMPLE = "modelStudioRid=ri.models.main.model-studio.ID"


def _fail(reason: str) -> int:
    print(f"modelruns conformance: error: {reason}", file=sys.stderr)
    return 2


def _credentials(provider: Provider, args: argparse.Namespace) -> Credentials | None:
    given = {
        field: getattr(args, flag[2:].replace("-", "_"))
        for field, flag in flag_fields(provider).items()
    }
    if provider == "dataplatform" and _wants_api_key(args):
        # --api-key / DATAPLATFORM_API_KEY selects the X-API-Key scheme over a bearer token.
        given["dataplatform_token"] = None
    if args.base_url is not None:
        creds = resolve_credentials(provider, given, os.environ, flags=flag_fields(provider))
        if provider == "dataplatform" and _wants_api_key(args):
            creds = dataclasses.replace(creds, dataplatform_token="")
        return creds
    overrides = {field: value for field, value in given.items() if value}
    if provider == "dataplatform" and _wants_api_key(args):
        overrides["dataplatform_token"] = ""
        key = args.api_key or os.environ.get(ENVIRONMENT_VARIABLES["dataplatform_api_key"])
        overrides["dataplatform_api_key"] = key or ""
    return dataclasses.replace(Credentials.from_env(), **overrides) if overrides else None


def _wants_api_key(args: argparse.Namespace) -> bool:
    """An API key given (flag, or environment without a --token flag) selects X-API-Key."""
    if args.api_key:
        return True
    return not args.token and bool(os.environ.get(ENVIRONMENT_VARIABLES["dataplatform_api_key"]))


def _settings(args: argparse.Namespace) -> tuple[argparse.Namespace, RunOptions]:
    """Flags over ``--config``, checked; the resolved namespace and the run options."""
    config: dict[str, Any] = load_config(args.config) if args.config is not None else {}

    def pick(name: str, default: Any = None) -> Any:
        value = getattr(args, name.replace("-", "_"))
        return value if value is not None else config.get(name, default)

    for name, default in (
        ("max-examples", DEFAULT_MAX_EXAMPLES),
        ("max-pages", DEFAULT_MAX_PAGES),
        ("max-time", None),
    ):
        value = pick(name, default)
        if value is not None and value < 1:
            raise ConformanceUsageError(f"{name} must be at least 1")
        setattr(args, name.replace("-", "_"), value)
    args.seed = pick("seed", DEFAULT_SEED)
    args.base_url = pick("base-url")
    for name in ("junit-xml", "report"):
        value = pick(name)
        setattr(args, name.replace("-", "_"), Path(value) if value is not None else None)
    path_params = dict(config.get("path-params", {}))
    path_params.update(parse_path_param(text) for text in args.path_param or [])
    headers = dict(config.get("headers", {}))
    for text in args.header or []:
        name, value = parse_header(text)
        headers[name] = value
    for name, value in headers.items():
        parse_header(f"{name}:{value}")
    rate = pick("rate-limit")
    tls = pick("tls-verify")
    timeout = pick("request-timeout", DEFAULT_REQUEST_TIMEOUT)
    if not timeout > 0:
        raise ConformanceUsageError("request-timeout must be above 0")
    options = RunOptions(
        allow_writes=bool(pick("allow-writes", False)) if args.base_url is not None else True,
        path_params=path_params,
        headers=headers,
        rate_limit=check_rate_limit(rate) if rate is not None else None,
        proxy=pick("proxy"),
        tls_verify=parse_tls_verify(tls) if tls is not None else True,
        request_timeout=float(timeout),
        include_operation_ids=tuple(
            [*config.get("include-operation-id", []), *(args.include_operation_id or [])]
        ),
        exclude_operation_ids=tuple(
            [*config.get("exclude-operation-id", []), *(args.exclude_operation_id or [])]
        ),
        max_time=args.max_time,
    )
    return args, options


def _offline(args: argparse.Namespace) -> int:
    """``--har``: the recorded exchanges checked against the spec, no server involved."""
    if args.provider == "all":
        return _fail("--har checks one provider's traffic: name the provider, not 'all'")
    if args.base_url is not None:
        return _fail("--har checks recorded traffic: give it or --base-url, not both")
    try:
        provider, spec = spec_for(args.provider, args.spec)
        result = check_hars(provider, spec, args.har)
    except TrafficError as exc:
        return _fail(str(exc))
    report = result.report
    sys.stdout.write(render_table([report]))
    for drift in result.drifts:
        print(f"drift: {drift.line()}")
    try:
        if args.junit_xml is not None:
            args.junit_xml.write_text(render_junit([report]), encoding="utf-8")
        if args.report is not None:
            write_report(args.report, [report])
    except OSError as exc:
        return _fail(f"cannot write {exc.filename}: {exc.strerror}")
    if result.matched == 0:
        files = ", ".join(str(path) for path in args.har)
        return _fail(f"{files}: no recorded exchange is of a {provider} operation")
    if result.drifts:
        print(
            f"modelruns conformance: {len(result.drifts)} drifts in {result.matched} exchanges",
            file=sys.stderr,
        )
        return 1
    if report.unusable is not None:  # as for a live run: no 2xx answer verifies nothing
        return _fail(f"{provider}: {report.unusable}")
    print(f"modelruns conformance: {result.matched} exchanges conform", file=sys.stderr)
    return 0


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a cancelled CI job) stops the run as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def unwritable(path: Path) -> str | None:
    """Why a report cannot be written at `path` (checked before the run), or `None`."""
    if path.is_dir():
        return "is a directory"
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        return f"no folder {folder}" if not folder.exists() else f"{folder} is not a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return "not writable"
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot create files in {folder}"
    return None


def hypothesis_home() -> Path:
    """Where a run keeps Hypothesis' own files: the user's cache, never the working directory."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "modelruns" / "hypothesis"


@contextlib.contextmanager
def _hypothesis_files_kept_out_of_the_working_directory() -> Iterator[None]:
    """Point Hypothesis (its constants cache) at `hypothesis_home` for the run.

    Hypothesis writes under ``.hypothesis/`` in the working directory unless
    ``HYPOTHESIS_STORAGE_DIRECTORY`` says where; a user who sets it keeps that choice.
    """
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        yield
        return
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(hypothesis_home())
    try:
        yield
    finally:
        os.environ.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)


def run(args: argparse.Namespace) -> int:
    """Handle ``modelruns conformance``; returns the exit code."""
    with _hypothesis_files_kept_out_of_the_working_directory():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        args, options = _settings(args)
    except ConformanceUsageError as exc:
        return _fail(str(exc))
    if args.report is not None and args.report.suffix.lower() not in _REPORT_SUFFIXES:
        return _fail(f"--report {args.report}: the extension must be .md or .html")
    for flag, path in (("--junit-xml", args.junit_xml), ("--report", args.report)):
        problem = None if path is None else unwritable(path)
        if problem is not None:
            return _fail(f"{flag} {path}: {problem}")
    if args.har:
        return _offline(args)
    spec: dict[str, Any] | None = None
    if args.spec is not None:
        if args.provider == "all":
            return _fail("--spec is one provider's spec: name the provider, not 'all'")
        try:
            spec = spec_for(args.provider, args.spec)[1]
        except TrafficError as exc:
            return _fail(str(exc))
        options = dataclasses.replace(options, spec=spec)
    providers: tuple[Provider, ...] = PROVIDERS if args.provider == "all" else (args.provider,)
    if args.base_url is not None and len(providers) > 1:
        return _fail("--base-url checks one provider's server: name the provider, not 'all'")
    if options.path_params and len(providers) > 1:
        return _fail("--path-param names one provider's parameters: name the provider, not 'all'")
    reports, interrupted, failure = _check_providers(providers, args, options)
    if failure is not None:
        return _fail(failure)
    sys.stdout.write(render_table(reports))
    try:
        if args.junit_xml is not None:
            args.junit_xml.write_text(render_junit(reports), encoding="utf-8")
        if args.report is not None:
            write_report(args.report, reports)
    except OSError as exc:
        return _fail(f"cannot write {exc.filename}: {exc.strerror}")
    if interrupted:
        print(f"modelruns conformance: {verdict_line(reports)}", file=sys.stderr)
        return 130
    unusable = [
        f"{r.provider}: {r.unusable}" + (f"; {r.hint}" if r.hint else "")
        for r in reports
        if r.unusable is not None
    ]
    if unusable:
        return _fail("; ".join(unusable))
    return 0 if all(report.passed for report in reports) else 1


def _check_providers(
    providers: tuple[Provider, ...], args: argparse.Namespace, options: RunOptions
) -> tuple[list[Report], bool, str | None]:
    """Each provider's run in turn: the reports, whether one was interrupted, a failure line.

    A failure (bad arguments, an unreachable server, anything unexpected) ends the runs; its
    line is masked and never a traceback.
    """
    reports: list[Report] = []
    progress = ProgressPrinter(sys.stderr)
    masker = Masker(options.secrets(), options.secret_header_names())
    interrupted = False
    with _sigterm_interrupts():
        for provider in providers:
            try:
                credentials = _credentials(provider, args)
                if credentials is not None:
                    masker = Masker(
                        [*options.secrets(), *credential_values(provider, credentials)],
                        options.secret_header_names(),
                    )
                progress.start(provider, args.base_url or "its embedded stub", not options.writes)
                report = run_conformance(
                    provider,
                    args.base_url,
                    credentials=credentials,
                    max_examples=args.max_examples,
                    seed=args.seed,
                    max_pages=args.max_pages,
                    options=options,
                    progress=progress,
                )
            except (UnreachableError, ConformanceUsageError) as exc:
                progress.end()
                return reports, interrupted, masker.text(f"{provider}: {exc}")
            except KeyboardInterrupt:
                progress.end()
                interrupted = True
                if not reports:
                    reports.append(Report(provider=provider, base_url=args.base_url or "-"))
                reports[-1].interrupted = True
                break
            except Exception as exc:  # one masked line, never a traceback
                progress.end()
                first = (str(exc).splitlines() or [""])[0]
                return (
                    reports,
                    interrupted,
                    masker.text(f"{provider}: {type(exc).__name__}: {first}"),
                )
            progress.end()
            reports.append(report)
            if report.interrupted:
                interrupted = True
                break
    return reports, interrupted, None
