"""`modelruns runs list|wait|trigger|launch|metrics`: list, start and wait on the runs of a
provider, and read a run's metrics.

One module per command: `_list_command` (`runs list PROVIDER`, a table or JSON lines),
`_wait_command` (`runs wait PROVIDER RUN_ID`, the spec's waiter with a status line),
`_start_command` (`runs trigger dataplatform`, `runs launch foundry`, with `--wait`),
`_metrics_command` (`runs metrics PROVIDER RUN_ID`); `_common` holds what they share.
"""

from __future__ import annotations

from modelruns._cli_runs._common import Subparsers
from modelruns._cli_runs._list_command import register_list
from modelruns._cli_runs._metrics_command import register_metrics
from modelruns._cli_runs._start_command import register_starts
from modelruns._cli_runs._wait_command import register_wait

__all__ = ["register"]


def register(subparsers: Subparsers) -> None:
    """Add `runs list|wait|trigger|launch|metrics ...` to the `modelruns` command line."""
    runs = subparsers.add_parser("runs", help="list, start and wait on the runs of a provider")
    actions = runs.add_subparsers(dest="runs_command", required=True, metavar="ACTION")
    register_list(actions)
    register_wait(actions)
    register_starts(actions)
    register_metrics(actions)
