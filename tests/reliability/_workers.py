"""What spawned worker processes run in the process tests: module functions they import by
name, in a module that imports only the SDK (a spawned worker starts faster without the stubs
or pytest)."""

from __future__ import annotations

from typing import Any

from modelruns import dataplatform


def ids_of(client: dataplatform.Client, run_ids: list[str]) -> list[str]:
    """The id of each run the client gets, asked one by one."""
    with client:
        return [str(client.get_model_run(run_id).id) for run_id in run_ids]


def call_fails(client: dataplatform.Client, run_id: str) -> None:
    """A call that raises (the client's credentials are wrong)."""
    client.get_model_run(run_id)


def call_fails_with_a_client_built_here(options: dict[str, Any], run_id: str) -> None:
    """The same, with the client built in the worker from its keywords."""
    dataplatform.Client(**options).get_model_run(run_id)
