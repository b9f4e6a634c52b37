"""`modelruns runs metrics PROVIDER RUN_ID`: every value a run logged
(`modelruns.iter_metrics`) as a table, JSON lines or CSV."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from typing import Any, Final

from modelruns._cli_runs._common import (
    EXIT_API_ERROR,
    EXIT_USAGE,
    Subparsers,
    client_class,
    display_width,
    fail,
    non_negative_int,
    silence_stdout,
    table_cell,
)
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
)
from modelruns._metrics import Metric, iter_metrics
from modelruns._specs import (
    Provider,
)

#: The providers whose APIs log metrics (`modelruns.iter_metrics`).
METRIC_PROVIDERS: Final = ("foundry", "pai")


METRIC_COLUMNS: Final = ("PROVIDER", "RUN_ID", "KEY", "STEP", "VALUE", "TIMESTAMP")


def register_metrics(actions: Subparsers) -> None:
    metrics = actions.add_parser(
        "metrics",
        help="print every value a run logged",
        description="Print every value each metric of one run logged, metric after metric in "
        "step order: a table, JSON lines (--json) or CSV (--csv). A Foundry run is found "
        "among the runs of its studio (--studio). Foundry timestamps are UTC (epoch "
        "milliseconds on the wire); PAI's are its raw integers (the API documents no unit).",
    )
    metrics.add_argument("provider", choices=METRIC_PROVIDERS, metavar="PROVIDER")
    metrics.add_argument("run_id", metavar="RUN_ID")
    metrics.add_argument(
        "--studio", metavar="RID", help="the Model Studio whose run it is (Foundry, required)"
    )
    metrics.add_argument("--base-url", help="the API's base URL (default: the provider's own)")
    metrics.add_argument(
        "--max-retries",
        type=non_negative_int,
        metavar="N",
        help="retries of a failed request (default: the client's)",
    )
    formats = metrics.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON lines, one value a line")
    formats.add_argument("--csv", action="store_true", help="print CSV with a header row")
    metrics.set_defaults(handler=list_metrics)


def _metric_row(metric: Metric) -> tuple[str, ...]:
    record = metric.to_dict()
    return tuple(
        "" if record[name] is None else str(record[name])
        for name in ("provider", "run_id", "key", "step", "value", "timestamp")
    )


def _write_metrics(args: argparse.Namespace, metrics: Iterable[Metric]) -> None:
    out = sys.stdout
    if args.json:
        for metric in metrics:
            out.write(json.dumps(metric.to_dict(), ensure_ascii=False) + "\n")
        return
    if args.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([column.lower() for column in METRIC_COLUMNS])
        for metric in metrics:
            writer.writerow(_metric_row(metric))
        return
    rows = [tuple(table_cell(cell) for cell in _metric_row(metric)) for metric in metrics]
    table = [METRIC_COLUMNS, *rows]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(METRIC_COLUMNS))]
    for row in table:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row[:-1])]
        out.write("  ".join([*cells, row[-1]]) + "\n")


def _metrics_run(client: Any, args: argparse.Namespace) -> Any:
    """What `iter_metrics` takes for the run: PAI's id, or the Foundry run found in its studio."""
    if args.provider == "pai":
        return args.run_id
    for run in client.list_model_studio_runs(args.studio):
        if run.run_id == args.run_id:
            return run
    return None


def list_metrics(args: argparse.Namespace) -> int:
    """The handler of `runs metrics PROVIDER RUN_ID`: returns the exit code."""
    provider: Provider = args.provider
    if (provider == "foundry") != (args.studio is not None):
        needs = "needs --studio RID" if provider == "foundry" else "takes no --studio"
        return fail(f"{provider} {needs}", EXIT_USAGE, "runs metrics")
    options: dict[str, Any] = {}
    if args.base_url is not None:
        options["base_url"] = args.base_url
    if args.max_retries is not None:
        options["max_retries"] = args.max_retries
    try:
        client = client_class(provider)(**options)
    except ValueError as error:
        return fail(str(error), EXIT_USAGE, "runs metrics")
    try:
        with client:
            try:
                run = _metrics_run(client, args)
                if run is None:
                    message = f"no run {args.run_id!r} in Model Studio {args.studio}"
                    return fail(message, EXIT_API_ERROR, "runs metrics")
                metrics = iter_metrics(client, run)
            except (TypeError, ValueError) as error:
                # The SDK checks arguments against the spec before any request: a usage error.
                return fail(str(error), EXIT_USAGE, "runs metrics")
            _write_metrics(args, metrics)
    except APIConnectionError as error:
        return fail(f"cannot reach the {provider} API: {error}", EXIT_USAGE, "runs metrics")
    except (APIError, ValueError) as error:
        return fail(str(error), EXIT_API_ERROR, "runs metrics")
    except BrokenPipeError:
        silence_stdout()
        return 0
    return 0
