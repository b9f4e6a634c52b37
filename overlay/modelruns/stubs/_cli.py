"""``modelruns stub PROVIDER|all``: serve stub servers over HTTP until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType
from typing import Any, TextIO

from modelruns._specs import PROVIDERS, Provider
from modelruns.stubs._config import Deviation, Faults
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._server import StubServer

__all__ = ["register", "run"]

#: Which credentials (by environment variable) each provider's stub accepts.
_ACCEPTS: dict[Provider, tuple[str, ...]] = {
    "foundry": ("FOUNDRY_TOKEN",),
    "dataplatform": ("DATAPLATFORM_TOKEN", "DATAPLATFORM_API_KEY"),
    "pai": ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    "nsml": ("NCP_ACCESS_KEY", "NCP_SECRET_KEY", "NCP_APIGW_API_KEY"),
}


def register(subparsers: Any) -> None:
    """Add the ``stub`` command."""
    parser = subparsers.add_parser(
        "stub",
        help="serve a stub server of a provider's API (or all four)",
        description="Serve in-memory fakes of the run APIs over HTTP until Ctrl-C.",
    )
    parser.add_argument("provider", choices=[*PROVIDERS, "all"], help="which API to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument(
        "--port", type=int, default=0, help="port (0: any free port; `all` uses consecutive ports)"
    )
    parser.add_argument("--runs", type=int, default=25, help="seeded runs per container")
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
        "(Data Platform plain-text 400s; Foundry empty 404 for unknown APIs, 429, 503)",
    )
    parser.add_argument("--latency-ms", type=int, default=None, help="delay added to responses")
    parser.add_argument(
        "--rate-limit", type=int, default=None, help="requests per minute before 429s"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Start the requested stub servers, print how to reach them, serve until interrupted."""
    out = out or sys.stdout
    faults: Faults = args.faults
    if args.latency_ms is not None:
        faults = Faults(**{**faults.__dict__, "latency_ms": args.latency_ms})
    providers: list[Provider] = list(PROVIDERS) if args.provider == "all" else [args.provider]
    credentials = Credentials.from_env()
    masked = credentials.masked()
    servers: list[StubServer] = []
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for index, provider in enumerate(providers):
            port = args.port + index if args.port else 0
            server = StubServer(
                provider,
                host=args.host,
                port=port,
                runs=args.runs,
                seed=args.seed,
                faults=faults,
                deviations=args.deviation,
                credentials=credentials,
                rate_limit=args.rate_limit,
                realism=args.realism,
            ).start()
            servers.append(server)
            accepted = ", ".join(f"{name}={masked[name]}" for name in _ACCEPTS[provider])
            seeded = ", ".join(f"{k}={v}" for k, v in server.app.stub.describe().items())
            print(f"{provider}: {server.base_url}", file=out)
            print(f"  accepts: {accepted}", file=out)
            print(f"  seeded: {seeded or 'nothing'}", file=out, flush=True)
        while not stop.wait(0.2):
            pass
    finally:
        for server in servers:
            server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", file=out, flush=True)
    return 0
