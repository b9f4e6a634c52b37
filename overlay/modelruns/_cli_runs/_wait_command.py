"""`modelruns runs wait PROVIDER RUN_ID`: the provider's generated waiter (the spec's
`x-modelruns-wait`), with a status line; the exit status says how the run ended (`WAIT_EXITS`).
The path flags, wait options and waiting are shared with the commands that start a run
(`_start_command`, whose `--wait` waits here).
"""

from __future__ import annotations

import argparse
import enum
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, Final, TextIO

import attrs

from modelruns._cli_runs._common import (
    EXIT_API_ERROR,
    EXIT_USAGE,
    Subparsers,
    client_class,
    fail,
    first_sentence,
)
from modelruns._cli_runs._list_command import COMMANDS
from modelruns._exceptions import (
    APIError,
    WaitTimeoutError,
)
from modelruns._names import snake_case
from modelruns._options import Deviation
from modelruns._specs import (
    PROVIDERS,
    Provider,
    find_operation,
    iter_operations,
    load_spec,
    read_waiters,
    resolve,
)
from modelruns._states import STATES, RunStatus
from modelruns._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT

#: `runs wait` (and `--wait`) exit with the run's outcome: 0 succeeded, 1 failed or cancelled;
#: 2 usage or connection error (as every command); 124 the timeout passed first, as timeout(1).
EXIT_TIMEOUT: Final = 124


WAIT_EXITS: Final[Mapping[RunStatus, int]] = {
    RunStatus.SUCCEEDED: 0,
    RunStatus.FAILED: 1,
    RunStatus.CANCELED: 1,
}


@attrs.frozen
class _WaitCall:
    """How `runs wait` calls a provider's waiter: its method, the path parameters it takes
    before the run id (wire names, as flags), and the run id's own name."""

    method: str
    before: tuple[str, ...]


def _waiter(provider: Provider) -> _WaitCall | None:
    """The provider's waiter (its spec's `x-modelruns-wait`), if it has one."""
    spec = load_spec(provider)
    for waiter in read_waiters(spec):
        operation = find_operation(spec, waiter.operation_id)
        names = [
            resolve(spec, p)["name"]
            for p in [
                *operation.path_item.get("parameters", []),
                *operation.operation.get("parameters", []),
            ]
            if resolve(spec, p)["in"] == "path"
        ]
        order = [name for name in path_order(operation.path) if name in names]
        before = tuple(order if waiter.find is not None else order[:-1])
        return _WaitCall(waiter.method, before)
    return None


def path_order(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _path_flag(provider: Provider, wire: str) -> tuple[str, str | None]:
    """The flag of a path parameter: the one `runs list` gives it, else `--kebab-name`."""
    for item in COMMANDS[provider].filters:
        if item.parameter == wire:
            return item.flag, item.metavar
    return "--" + snake_case(wire).replace("_", "-"), None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def wait_options(parser: argparse.ArgumentParser, *, flag: bool) -> None:
    if flag:
        parser.add_argument(
            "--wait",
            action="store_true",
            help="wait for the run to finish; exit 0 succeeded, 1 failed or cancelled, "
            "124 timed out",
        )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_WAIT_TIMEOUT,
        metavar="S",
        help=f"give up waiting after S seconds, exit 124 (default {DEFAULT_WAIT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--interval",
        type=_seconds,
        default=DEFAULT_POLL_INTERVAL,
        metavar="S",
        help="seconds before the second poll; later intervals grow from it to a cap, with "
        f"jitter (default {DEFAULT_POLL_INTERVAL:g})",
    )
    parser.add_argument("--base-url", help="the API's base URL (default: the provider's own)")


def _path_description(provider: Provider, wire: str) -> str:
    """The first sentence of the spec's description of a path parameter."""
    spec = load_spec(provider)
    for found in iter_operations(spec):
        for entry in [
            *found.path_item.get("parameters", []),
            *found.operation.get("parameters", []),
        ]:
            parameter = resolve(spec, entry)
            if parameter["in"] == "path" and parameter["name"] == wire:
                return first_sentence(parameter.get("description", ""))
    return ""


def add_path_flags(
    parser: argparse.ArgumentParser, provider: Provider, wires: Sequence[str]
) -> None:
    for wire in wires:
        flag, metavar = _path_flag(provider, wire)
        parser.add_argument(
            flag,
            dest=snake_case(wire),
            required=True,
            metavar=metavar,
            help=_path_description(provider, wire) or None,
        )


def register_wait(actions: Subparsers) -> None:
    waiting = actions.add_parser(
        "wait",
        help="wait for a run to finish",
        description="Poll a run until it succeeds, fails or is cancelled: a live status line "
        "on a terminal, one line per change otherwise. Exit 0 when it succeeded, 1 when it "
        "failed or was cancelled, 2 for a usage or connection error, 124 when --timeout "
        "passed first.",
    )
    providers = waiting.add_subparsers(dest="provider", required=True, metavar="PROVIDER")
    for provider in PROVIDERS:
        call = _waiter(provider)
        if call is None:
            continue  # no x-modelruns-wait: its runs cannot be waited on (the spec says why)
        title = load_spec(provider)["info"]["title"]
        parser = providers.add_parser(provider, help=title, description=title)
        parser.add_argument("run_id", metavar="RUN_ID", help="the run to wait for")
        add_path_flags(parser, provider, call.before)
        wait_options(parser, flag=False)
        parser.set_defaults(handler=wait_run, wait=True)


class StatusLine:
    """A run's status as it is polled: rewritten in place on a terminal, else one line per
    change of the provider's status value."""

    def __init__(self, stream: TextIO, provider: Provider, run_id: str, *, live: bool) -> None:
        self.stream = stream
        self.provider = provider
        self.what = f"{provider} run {run_id}"
        self.live = live
        self.started = time.monotonic()
        self._last: str | None = None
        self._open = False

    def text(self, run: Any) -> str:
        attribute = STATES[self.provider].attribute
        value = getattr(run, attribute, None) if attribute else None
        shown = getattr(value, "value", value) if isinstance(value, (str, enum.Enum)) else None
        status = STATES[self.provider].status(value)
        # The provider's own value too, where it is not the neutral name (SUCCESS, a new value).
        extra = f" ({shown})" if shown is not None and shown != status.value else ""
        return f"{self.what}: {status.value}{extra}"

    def show(self, run: Any) -> None:
        """One poll's run (the waiter's `on_poll`)."""
        text = self.text(run)
        if self.live:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r\x1b[K{text}, {elapsed:.0f} s")
            self._open = True
        elif text != self._last:
            self.stream.write(text + "\n")
        self._last = text
        self.stream.flush()

    def end(self) -> None:
        """End a live line so that whatever follows starts on its own line."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


def open_client(provider: Provider, args: argparse.Namespace, line: list[StatusLine]) -> Any:
    options: dict[str, Any] = {}
    if args.base_url is not None:
        options["base_url"] = args.base_url

    def warn(deviation: Deviation) -> None:
        for status in line:
            status.end()
        sys.stderr.write(
            f"modelruns runs: warning: {deviation.operation}: {deviation.path}: "
            f"{deviation.detail} (tolerated: not a final state, still waiting)\n"
        )

    options["on_deviation"] = warn
    return client_class(provider)(**options)


def wait_for(
    client: Any, provider: Provider, args: argparse.Namespace, run_id: str, line: list[StatusLine]
) -> int:
    call = _waiter(provider)
    assert call is not None
    status = StatusLine(sys.stdout, provider, run_id, live=sys.stdout.isatty())
    line.append(status)
    before = [getattr(args, snake_case(wire)) for wire in call.before]
    command = f"runs wait {provider}"
    try:
        final = getattr(client, call.method)(
            *before,
            run_id,
            timeout=args.timeout,
            poll_interval=args.interval,
            on_poll=status.show,
        )
    except WaitTimeoutError as error:
        status.end()
        return fail(str(error), EXIT_TIMEOUT, command)
    except (TypeError, ValueError) as error:
        status.end()
        return fail(str(error), EXIT_USAGE, command)
    except APIError as error:
        # A connection error (it names how long the API was unreachable), a run not found, or
        # an answer that is not a run (credentials, permissions): usage or connection errors.
        status.end()
        return fail(str(error), EXIT_USAGE, command)
    status.end()
    outcome = STATES[provider].status(getattr(final, STATES[provider].attribute or "", None))
    return WAIT_EXITS.get(outcome, EXIT_API_ERROR)


def wait_run(args: argparse.Namespace) -> int:
    """The handler of `runs wait PROVIDER RUN_ID`: the exit code says how the run ended."""
    provider: Provider = args.provider
    line: list[StatusLine] = []
    try:
        client = open_client(provider, args, line)
    except ValueError as error:
        return fail(str(error), EXIT_USAGE, f"runs wait {provider}")
    with client:
        return wait_for(client, provider, args, args.run_id, line)
