"""`modelruns runs trigger dataplatform` and `runs launch foundry`: start a run (`STARTS`: the
operation; its path parameters and body fields are flags read from the spec), print its id and,
with `--wait`, wait on it as `runs wait` does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any, Final

from modelruns._cli_runs._common import (
    EXIT_API_ERROR,
    EXIT_USAGE,
    Subparsers,
    fail,
    first_sentence,
)
from modelruns._cli_runs._wait_command import (
    StatusLine,
    add_path_flags,
    open_client,
    path_order,
    wait_for,
    wait_options,
)
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
)
from modelruns._names import snake_case
from modelruns._run import Run
from modelruns._specs import (
    Provider,
    find_operation,
    load_spec,
    resolve,
)

#: The commands that start a run: action -> (provider, the spec's operation that starts it).
STARTS: Final[Mapping[str, tuple[Provider, str]]] = {
    "trigger": ("dataplatform", "triggerModelRun"),
    "launch": ("foundry", "launchModelStudio"),
}


def _body_fields(provider: Provider, operation_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(wire name, schema) of each field of the operation's JSON request body."""
    spec = load_spec(provider)
    body = find_operation(spec, operation_id).operation.get("requestBody")
    if body is None:
        return []
    schema = resolve(spec, resolve(spec, body)["content"]["application/json"]["schema"])
    return [(name, resolve(spec, prop)) for name, prop in schema.get("properties", {}).items()]


def register_starts(actions: Subparsers) -> None:
    for action, (provider, operation_id) in STARTS.items():
        spec = load_spec(provider)
        operation = find_operation(spec, operation_id)
        summary = operation.operation.get("summary", operation_id)
        starting = actions.add_parser(
            action,
            help=f"{summary.lower()} ({provider})",
            description=f"{summary}, print the run's id and, with --wait, wait for it.",
        )
        providers = starting.add_subparsers(dest="provider", required=True, metavar="PROVIDER")
        parser = providers.add_parser(provider, help=spec["info"]["title"])
        add_path_flags(parser, provider, path_order(operation.path))
        for wire, schema in _body_fields(provider, operation_id):
            options: dict[str, Any] = {
                "dest": snake_case(wire),
                "help": first_sentence(schema.get("description", "")) or None,
            }
            if schema.get("type") == "boolean":
                options["action"] = "store_true"
                options["default"] = None
            elif schema.get("type") == "array":
                options["nargs"] = "+"
                options["metavar"] = "NAME"
            parser.add_argument("--" + snake_case(wire).replace("_", "-"), **options)
        wait_options(parser, flag=True)
        parser.set_defaults(handler=start_run, start=(provider, operation_id))


def start_run(args: argparse.Namespace) -> int:
    """The handler of `runs trigger|launch PROVIDER`: prints the run id; `--wait` waits."""
    provider, operation_id = args.start
    command = f"runs {args.runs_command} {provider}"
    spec = load_spec(provider)
    operation = find_operation(spec, operation_id)
    path = [getattr(args, snake_case(wire)) for wire in path_order(operation.path)]
    body = {
        snake_case(wire): getattr(args, snake_case(wire))
        for wire, _ in _body_fields(provider, operation_id)
        if getattr(args, snake_case(wire)) is not None
    }
    line: list[StatusLine] = []
    try:
        client = open_client(provider, args, line)
    except ValueError as error:
        return fail(str(error), EXIT_USAGE, command)
    with client:
        try:
            model = getattr(client, snake_case(operation_id))(*path, **body)
        except (TypeError, ValueError) as error:
            return fail(str(error), EXIT_USAGE, command)
        except APIConnectionError as error:
            return fail(f"cannot reach the {provider} API: {error}", EXIT_USAGE, command)
        except APIError as error:
            return fail(str(error), EXIT_API_ERROR, command)
        run = Run.from_model(model)
        sys.stdout.write(run.id + "\n")
        sys.stdout.flush()
        if not args.wait:
            return 0
        return wait_for(client, provider, args, run.id, line)
