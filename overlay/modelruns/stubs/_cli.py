"""``modelruns stub PROVIDER|all``: serve stub servers over HTTP until interrupted."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

from modelruns._specs import PROVIDERS, Provider, credential_environment
from modelruns.stubs._config import Deviation, Faults
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._server import DEFAULT_PORTS, StubServer

__all__ = ["ports", "register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``stub`` command."""
    parser = subparsers.add_parser(
        "stub",
        help="serve a stub server of a provider's API (or all four)",
        description="Serve in-memory fakes of the run APIs over HTTP until Ctrl-C.",
    )
    parser.add_argument("provider", choices=[*PROVIDERS, "all"], help="which API to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    defaults = ", ".join(f"{name} {port}" for name, port in DEFAULT_PORTS.items())
    parser.add_argument(
        "--port",
        type=_port,
        default=None,
        help=f"port (default: {defaults}; 0: any free port; `all` uses consecutive ports)",
    )
    parser.add_argument("--runs", type=_at_least(0), default=25, help="seeded runs per container")
    parser.add_argument("--seed", type=int, default=0, help="makes the seeded data and faults")
    parser.add_argument(
        "--faults",
        type=Faults.parse,
        default=Faults(),
        help="e.g. 429=0.1,503=0.05,drop=0.01,truncate=0.01,retry-after=2",
    )
    parser.add_argument(
        "--deviation",
        action="append",
        type=Deviation,
        default=[],
        choices=list(Deviation),
        metavar="{" + ",".join(Deviation) + "}",
        help="break the contract on purpose (repeatable)",
    )
    parser.add_argument(
        "--realism",
        action="store_true",
        help="answer errors as the real server does where that is not JSON "
        "(Data Platform plain-text 400s and 500; Foundry empty 404 for unknown APIs, 429, 503)",
    )
    parser.add_argument(
        "--latency-ms", type=_at_least(0), default=None, help="delay added to responses"
    )
    parser.add_argument(
        "--rate-limit", type=_at_least(1), default=None, help="requests per minute before 429s"
    )
    parser.add_argument(
        "--run-seconds",
        type=_seconds,
        default=None,
        metavar="S",
        help="a started run (Data Platform trigger, Foundry launch) passes through its active "
        "states and finishes S seconds after it started (default: one status per poll)",
    )
    parser.add_argument(
        "--fail-rate",
        type=_fraction,
        default=0.0,
        metavar="F",
        help="share of started runs that end failed, from 0 to 1 (deterministic with --seed)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-request log lines on stderr")
    parser.set_defaults(handler=run)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _seconds(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value:g} must be a positive number of seconds")
    return value


def _fraction(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{value:g} is not a share between 0 and 1")
    return value


def _port(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0 to 65535)")
    return value


def _at_least(low: int) -> Callable[[str], int]:
    def check(text: str) -> int:
        value = _whole_number(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} must be at least {low}")
        return value

    return check


def ports(provider: str, port: int | None) -> dict[Provider, int]:
    """The port of each provider to serve: `DEFAULT_PORTS`, or consecutive from `port`."""
    providers: list[Provider] = list(PROVIDERS) if provider == "all" else [_provider(provider)]
    if port is None:
        return {name: DEFAULT_PORTS[name] for name in providers}
    return {name: port + index if port else 0 for index, name in enumerate(providers)}


def _provider(name: str) -> Provider:
    for provider in PROVIDERS:
        if provider == name:
            return provider
    raise ValueError(f"unknown provider {name!r}")


def _configure_logging(quiet: bool, err: TextIO) -> logging.Handler | None:
    if quiet:
        return None
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("modelruns.stubs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Start the requested stub servers, print how to reach them, serve until interrupted.

    Exit code 2, with one line on stderr, when a server cannot listen (a port in use).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    faults: Faults = args.faults
    if args.latency_ms is not None:
        faults = Faults(**{**faults.__dict__, "latency_ms": args.latency_ms})
    wanted = ports(args.provider, args.port)
    if max(wanted.values()) > 65535:
        print(f"modelruns stub: error: ports up to {max(wanted.values())} do not exist", file=err)
        return 2
    credentials = Credentials.from_env()
    masked = credentials.masked()
    servers: list[StubServer] = []
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    handler = _configure_logging(args.quiet, err)
    try:
        for provider, port in wanted.items():
            try:
                server = StubServer(
                    provider,
                    host=args.host,
                    port=port,
                    log_level="error" if args.quiet else "warning",
                    runs=args.runs,
                    seed=args.seed,
                    faults=faults,
                    deviations=args.deviation,
                    credentials=credentials,
                    rate_limit=args.rate_limit,
                    realism=args.realism,
                    run_seconds=args.run_seconds,
                    fail_rate=args.fail_rate,
                ).start()
            except (RuntimeError, ValueError) as error:
                hint = " (--port moves it)" if args.port is None else ""
                print(f"modelruns stub: error: {error}{hint}", file=err, flush=True)
                return 2
            servers.append(server)
            accepted = ", ".join(
                f"{name}={masked[name]}" for name in credential_environment(provider)
            )
            seeded = ", ".join(f"{k}={v}" for k, v in server.app.stub.describe().items())
            print(f"{provider}: {server.base_url}", file=out)
            print(f"  accepts: {accepted}", file=out)
            print(f"  seeded: {seeded or 'nothing'}", file=out, flush=True)
        while not stop.wait(0.2):
            pass
    finally:
        for server in servers:
            server.stop()
        for sig, previous_handler in previous.items():
            signal.signal(sig, previous_handler)
        if handler is not None:
            logging.getLogger("modelruns.stubs").removeHandler(handler)
    print("stopped", file=out, flush=True)
    return 0
