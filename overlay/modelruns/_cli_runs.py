"""`modelruns runs list|wait|trigger|launch`: list, start and wait on the runs of a provider.

`runs list PROVIDER`: the runs of one provider as a table or as JSON lines. Each provider's
filters are a small table of command-line flags and the spec query (or path) parameter each one
fills; the flag's type, choices and help are read from that parameter in the spec, and the list
method's keyword is the parameter's snake_case name.

`runs wait PROVIDER RUN_ID`: the provider's generated waiter (the spec's `x-modelruns-wait`),
with a status line; the exit status says how the run ended (`WAIT_EXITS`). `runs trigger
dataplatform` and `runs launch foundry` start a run (`STARTS`: the operation; its path
parameters and body fields are flags read from the spec) and, with `--wait`, wait on it.

`modelruns runs metrics PROVIDER RUN_ID`: every value a run logged (`modelruns.iter_metrics`)
as a table, JSON lines or CSV.
"""

from __future__ import annotations

import argparse
import csv
import enum
import importlib
import json
import os
import pkgutil
import sys
import time
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from types import ModuleType
from typing import Any, Final, TextIO

import attrs

from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    MissingCredentialsError,
    NotFoundError,
    WaitTimeoutError,
    mask_secrets,
)
from modelruns._metrics import Metric, iter_metrics
from modelruns._names import snake_case
from modelruns._options import Deviation
from modelruns._run import RUN_FIELDS, Run, iter_runs
from modelruns._specs import (
    PROVIDERS,
    Provider,
    base_path_mismatch,
    credential_environment,
    find_operation,
    iter_operations,
    load_spec,
    read_waiters,
    resolve,
    spec_credentials,
)
from modelruns._states import STATES, RunStatus
from modelruns._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT

__all__ = ["COMMANDS", "STARTS", "WAIT_EXITS", "ListCommand", "register"]

#: Exit codes: API answered with an error; bad arguments, missing credentials or unreachable.
EXIT_API_ERROR: Final = 1
EXIT_USAGE: Final = 2
#: `runs wait` (and `--wait`) exit with the run's outcome: 0 succeeded, 1 failed or cancelled;
#: 2 usage or connection error (as every command); 124 the timeout passed first, as timeout(1).
EXIT_TIMEOUT: Final = 124
WAIT_EXITS: Final[Mapping[RunStatus, int]] = {
    RunStatus.SUCCEEDED: 0,
    RunStatus.FAILED: 1,
    RunStatus.CANCELED: 1,
}


COLUMNS: Final = ("PROVIDER", "ID", "NAME", "STATUS", "CREATED", "STARTED_BY")


@attrs.frozen
class Filter:
    """A command-line flag that fills one parameter of the list operation."""

    flag: str
    parameter: str
    required: bool = False
    metavar: str | None = None


@attrs.frozen
class ListCommand:
    """How `runs list` calls one provider: the list operation and the filters it offers."""

    operation_id: str
    filters: tuple[Filter, ...] = ()


#: The run-list operation of each provider and its filters (parameter names as in the spec).
COMMANDS: Final[Mapping[Provider, ListCommand]] = {
    "foundry": ListCommand(
        "listModelStudioRuns",
        (
            Filter("--studio", "modelStudioRid", required=True, metavar="RID"),
            Filter("--config-version", "configVersion"),
        ),
    ),
    "dataplatform": ListCommand("listModelRuns", (Filter("--status", "status"),)),
    "pai": ListCommand(
        "ListRuns",
        (
            Filter("--workspace-id", "WorkspaceId"),
            Filter("--experiment-id", "ExperimentId"),
            Filter("--name", "Name"),
            Filter("--labels", "Labels"),
            Filter("--sort-by", "SortBy"),
            Filter("--order", "Order"),
        ),
    ),
    "nsml": ListCommand("getRunList"),
}


def _operation(provider: Provider, operation_id: str) -> dict[str, Any]:
    return find_operation(load_spec(provider), operation_id).operation


def _parameter(provider: Provider, operation_id: str, name: str) -> dict[str, Any]:
    for parameter in _operation(provider, operation_id).get("parameters", []):
        resolved: dict[str, Any] = resolve(load_spec(provider), parameter)
        if resolved["name"] == name:
            return resolved
    raise LookupError(f"{provider} operation {operation_id} has no parameter {name!r}")


def _page_size_keyword(provider: Provider) -> str:
    """The list method's page-size keyword: the first pagination style's page-size parameter."""
    operation = _operation(provider, COMMANDS[provider].operation_id)
    return snake_case(operation["x-modelruns-pagination"][0]["page_size"])


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return text.split(". ", 1)[0].rstrip(".")


def _integer_at_least(minimum: int, text: str) -> int:
    kind = "a positive" if minimum == 1 else "a non-negative"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {kind} integer, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected {kind} integer, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    return _integer_at_least(1, text)


def _non_negative_int(text: str) -> int:
    return _integer_at_least(0, text)


def _add_filter(parser: argparse.ArgumentParser, provider: Provider, item: Filter) -> None:
    operation_id = COMMANDS[provider].operation_id
    parameter = _parameter(provider, operation_id, item.parameter)
    schema = resolve(load_spec(provider), parameter.get("schema", {}))
    options: dict[str, Any] = {
        "dest": snake_case(item.parameter),
        "required": item.required,
        "help": _first_sentence(parameter.get("description", "")) or None,
    }
    if "enum" in schema:
        options["choices"] = schema["enum"]
    elif schema.get("type") == "integer":
        options["type"] = int
        options["metavar"] = "N"
    if item.metavar is not None:
        options["metavar"] = item.metavar
    parser.add_argument(item.flag, **options)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `runs list|wait|trigger|launch PROVIDER ...` to the `modelruns` command line."""
    runs = subparsers.add_parser("runs", help="list, start and wait on the runs of a provider")
    actions = runs.add_subparsers(dest="runs_command", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="list the runs of one provider",
        description="Print the runs of one provider as a table, or as JSON lines with --json. "
        "Credentials are read from the environment variables the clients read.",
    )
    providers = listing.add_subparsers(dest="provider", required=True, metavar="PROVIDER")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", help="the API's base URL (default: the provider's own)")
    common.add_argument("--limit", type=_positive_int, metavar="N", help="stop after N runs")
    common.add_argument(
        "--page-size", type=_positive_int, metavar="N", help="runs asked for per request"
    )
    common.add_argument(
        "--max-retries",
        type=_non_negative_int,
        metavar="N",
        help="retries of a failed request (default: the client's)",
    )
    common.add_argument("--json", action="store_true", help="print JSON lines, one run a line")
    common.add_argument(
        "--raw", action="store_true", help="print the provider's own JSON of each run (JSON lines)"
    )
    common.add_argument(
        "--progress",
        action="store_true",
        help="show a run count on stderr even when stderr is not a terminal",
    )
    common.add_argument(
        "--strict",
        action="store_true",
        help="fail on any deviation from the spec (as strict=True or MODELRUNS_STRICT=1); "
        "by default a deviation that leaves the runs readable is a warning on stderr",
    )

    for provider in PROVIDERS:
        title = load_spec(provider)["info"]["title"]
        parser = providers.add_parser(provider, parents=[common], help=title, description=title)
        for keyword, env in connection_keywords(provider):
            default = f"${' or $'.join(env)}" if env else "the spec's default"
            parser.add_argument(
                keyword_flag(keyword),
                dest=f"client_{keyword}",
                metavar=keyword.upper(),
                help=f"default: {default}",
            )
        for item in COMMANDS[provider].filters:
            _add_filter(parser, provider, item)
        parser.set_defaults(handler=list_runs)
    _register_wait(actions)
    _register_starts(actions)
    _register_metrics(actions)


def keyword_flag(keyword: str) -> str:
    """The command-line flag of a client keyword (``access_key_id`` -> ``--access-key-id``)."""
    return "--" + keyword.replace("_", "-")


def connection_keywords(provider: Provider) -> list[tuple[str, tuple[str, ...]]]:
    """The client's credential and server keywords and their environment variables (the spec's)."""
    spec = load_spec(provider)
    credentials, _any_of = spec_credentials(provider)
    found = [(c.keyword, c.env) for c in credentials]
    for name, variable in ((spec.get("servers") or [{}])[0].get("variables") or {}).items():
        found.append((name, tuple(variable.get("x-modelruns-env", ()))))
    return found


class Progress:
    """A run count on a stream, rewritten in place with `\\r` every `every` runs."""

    def __init__(self, stream: TextIO | None, every: int = 100) -> None:
        self.stream = stream
        self.every = every
        self.count = 0
        self._shown = False

    def step(self) -> None:
        """Count one run; show the count on each multiple of `every`."""
        self.count += 1
        if self.stream is not None and self.count % self.every == 0:
            self._show()

    def _show(self) -> None:
        assert self.stream is not None
        self.stream.write(f"\r{self.count} runs")
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        """Show the final count and end the line."""
        if self.stream is not None:
            if not (self._shown and self.count % self.every == 0):
                self._show()
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False

    def interrupt(self) -> None:
        """End a partly written count line so that a message can follow on its own line."""
        if self.stream is not None and self._shown:
            self.stream.write("\n")
            self._shown = False


def _cell(value: str | None) -> str:
    """A table cell: `-` for nothing, control characters escaped so rows stay one line each."""
    if value is None or value == "":
        return "-"
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in value)


def _width(text: str) -> int:
    """Columns the text takes in a terminal (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _row(run: Run) -> tuple[str, ...]:
    created = None if run.created_at is None else run.created_at.isoformat(" ", "seconds")
    return (
        run.provider,
        _cell(run.id),
        _cell(run.name),
        run.status.value,
        _cell(created),
        _cell(run.started_by),
    )


#: Rows read before the table's first line: their widest cells set the column widths.
LOOKAHEAD: Final = 20


def format_table(rows: Iterable[Sequence[str]], lookahead: int = LOOKAHEAD) -> Iterator[str]:
    """Lines of a table with a header, streamed: a line for each row as soon as it is read.

    The columns are as wide as the widest cell among the header and the first `lookahead`
    rows (what the first page brings), so the table starts after those rather than after the
    last row; a later, wider cell pushes its own line's next columns right.
    """
    source = iter(rows)
    first = [COLUMNS, *islice(source, lookahead)]
    widths = [max(_width(row[i]) for row in first) for i in range(len(COLUMNS))]

    def line(row: Sequence[str]) -> str:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:-1])]
        return "  ".join([*cells, row[-1]])

    for row in first:
        yield line(row)
    for row in source:
        yield line(row)


#: Credentials given by flag in this invocation, masked like those of the environment.
_GIVEN_SECRETS: list[str] = []


def _secrets() -> list[str]:
    # Environment variables that hold secrets (the specs' x-modelruns-credentials), and
    # credential flags, masked in any message the command prints.
    names = (name for provider in PROVIDERS for name in credential_environment(provider))
    return [*(value for name in names if (value := os.environ.get(name))), *_GIVEN_SECRETS]


def _fail(message: str, code: int, command: str = "runs list") -> int:
    """One line on stderr (secrets masked); returns the exit code."""
    text = " ".join(mask_secrets(message, _secrets()).split())
    sys.stderr.write(f"modelruns {command}: error: {text}\n")
    return code


def _warn(deviation: Deviation, progress: Progress) -> None:
    """One stderr line per tolerated deviation (its detail is already masked by the client)."""
    progress.interrupt()
    sys.stderr.write(
        f"modelruns runs list: warning: {deviation.operation}: {deviation.path}: "
        f"{deviation.detail} (tolerated; --strict fails on it)\n"
    )


def _generated_operation(provider: Provider) -> ModuleType:
    """The generated module of the provider's list operation (it knows the parameter types)."""
    package = RUN_FIELDS[provider].model.__module__.split(".", 1)[0]
    wanted = snake_case(COMMANDS[provider].operation_id)
    api = importlib.import_module(f"{package}.api")
    for info in pkgutil.walk_packages(api.__path__, f"{package}.api."):
        if info.name.rsplit(".", 1)[-1] == wanted:
            return importlib.import_module(info.name)
    raise LookupError(f"{package} has no generated operation {wanted!r}")


def _client_class(provider: Provider) -> Callable[..., Any]:
    """The provider's ``Client``; only the listed provider's module is imported."""
    if provider == "foundry":
        from modelruns import foundry

        return foundry.Client
    if provider == "dataplatform":
        from modelruns import dataplatform

        return dataplatform.Client
    if provider == "pai":
        from modelruns import pai

        return pai.Client
    from modelruns import nsml

    return nsml.Client


def _enum_type(provider: Provider, keyword: str) -> type[enum.Enum] | None:
    """The generated enum a list-operation keyword takes, if it takes one."""
    hints = typing.get_type_hints(_generated_operation(provider)._get_kwargs)
    for candidate in typing.get_args(hints.get(keyword)) or (hints.get(keyword),):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return candidate
    return None


def _call_arguments(args: argparse.Namespace) -> dict[str, Any]:
    provider: Provider = args.provider
    keywords: dict[str, Any] = {}
    for item in COMMANDS[provider].filters:
        keyword = snake_case(item.parameter)
        value = getattr(args, keyword)
        if value is None:
            continue
        # The generated request code encodes enum parameters through `.value`.
        enum_type = _enum_type(provider, keyword)
        keywords[keyword] = value if enum_type is None else enum_type(value)
    if args.page_size is not None:
        keywords[_page_size_keyword(provider)] = args.page_size
    return keywords


def _write_runs(args: argparse.Namespace, runs: Iterator[Run], progress: Progress) -> None:
    out = sys.stdout
    if args.json or args.raw:
        for run in runs:
            record = run.raw.to_dict() if args.raw else run.to_dict()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            progress.step()
        progress.finish()
        return

    def rows() -> Iterator[tuple[str, ...]]:
        for run in runs:
            progress.step()
            yield _row(run)

    for line in format_table(rows()):
        progress.interrupt()
        out.write(line + "\n")
        out.flush()
    progress.finish()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail on a closed pipe."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def list_runs(args: argparse.Namespace) -> int:
    """The handler of `runs list PROVIDER`: returns the exit code."""
    provider: Provider = args.provider
    show_progress = args.progress or sys.stderr.isatty()
    progress = Progress(sys.stderr if show_progress else None)
    options: dict[str, Any] = {}
    credentials, _any_of = spec_credentials(provider)
    _GIVEN_SECRETS.clear()
    for keyword, _env in connection_keywords(provider):
        value = getattr(args, f"client_{keyword}", None)
        if value is not None:
            options[keyword] = value
            if any(c.keyword == keyword for c in credentials):
                _GIVEN_SECRETS.append(value)
    if args.base_url is not None:
        options["base_url"] = args.base_url
    if args.max_retries is not None:
        options["max_retries"] = args.max_retries
    if args.strict:
        options["strict"] = True
    else:
        # Strict still when MODELRUNS_STRICT=1 says so; else each deviation is one warning line.
        options["on_deviation"] = lambda deviation: _warn(deviation, progress)
    try:
        client = _client_class(provider)(**options)
    except MissingCredentialsError as error:
        # Said in this command's words: its flags, not the client's keywords.
        return _fail(f"{provider}: {error.describe(keyword_flag)}", EXIT_USAGE)
    except ValueError as error:
        # An unusable base URL: the clients say which and where from.
        return _fail(str(error), EXIT_USAGE)
    try:
        with client:
            method = getattr(client, snake_case(COMMANDS[provider].operation_id))
            try:
                walk = method(**_call_arguments(args))
            except (TypeError, ValueError) as error:
                # The SDK checks arguments against the spec before any request: a usage error.
                return _fail(str(error), EXIT_USAGE)
            runs = iter_runs(walk)
            if args.limit is not None:
                runs = islice(runs, args.limit)
            _write_runs(args, runs, progress)
    except APIConnectionError as error:
        progress.interrupt()
        return _fail(f"cannot reach the {provider} API at {client.base_url}: {error}", EXIT_USAGE)
    except NotFoundError as error:
        progress.interrupt()
        mismatch = base_path_mismatch(provider, client.base_url)
        # One hint: the Foundry client's own empty-404 message may already be it.
        hint = ""
        if mismatch and "base URL" not in str(error):
            hint = f" (is --base-url the API's base URL? {mismatch})"
        return _fail(f"{error}{hint}", EXIT_API_ERROR)
    except (APIError, ValueError) as error:
        # ValueError: a run the API answered with cannot be read (named in the message).
        progress.interrupt()
        return _fail(str(error), EXIT_API_ERROR)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return 0
    return 0


# -- runs wait, runs trigger, runs launch ---------------------------------------------------------

#: The commands that start a run: action -> (provider, the spec's operation that starts it).
STARTS: Final[Mapping[str, tuple[Provider, str]]] = {
    "trigger": ("dataplatform", "triggerModelRun"),
    "launch": ("foundry", "launchModelStudio"),
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
        order = [name for name in _path_order(operation.path) if name in names]
        before = tuple(order if waiter.find is not None else order[:-1])
        return _WaitCall(waiter.method, before)
    return None


def _path_order(path: str) -> list[str]:
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


def _wait_options(parser: argparse.ArgumentParser, *, flag: bool) -> None:
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
                return _first_sentence(parameter.get("description", ""))
    return ""


def _add_path_flags(
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


def _register_wait(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        _add_path_flags(parser, provider, call.before)
        _wait_options(parser, flag=False)
        parser.set_defaults(handler=wait_run, wait=True)


def _body_fields(provider: Provider, operation_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(wire name, schema) of each field of the operation's JSON request body."""
    spec = load_spec(provider)
    body = find_operation(spec, operation_id).operation.get("requestBody")
    if body is None:
        return []
    schema = resolve(spec, resolve(spec, body)["content"]["application/json"]["schema"])
    return [(name, resolve(spec, prop)) for name, prop in schema.get("properties", {}).items()]


def _register_starts(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        _add_path_flags(parser, provider, _path_order(operation.path))
        for wire, schema in _body_fields(provider, operation_id):
            options: dict[str, Any] = {
                "dest": snake_case(wire),
                "help": _first_sentence(schema.get("description", "")) or None,
            }
            if schema.get("type") == "boolean":
                options["action"] = "store_true"
                options["default"] = None
            elif schema.get("type") == "array":
                options["nargs"] = "+"
                options["metavar"] = "NAME"
            parser.add_argument("--" + snake_case(wire).replace("_", "-"), **options)
        _wait_options(parser, flag=True)
        parser.set_defaults(handler=start_run, start=(provider, operation_id))


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


def _open_client(provider: Provider, args: argparse.Namespace, line: list[StatusLine]) -> Any:
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
    return _client_class(provider)(**options)


def _wait_for(
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
        return _fail(str(error), EXIT_TIMEOUT, command)
    except (TypeError, ValueError) as error:
        status.end()
        return _fail(str(error), EXIT_USAGE, command)
    except APIError as error:
        # A connection error (it names how long the API was unreachable), a run not found, or
        # an answer that is not a run (credentials, permissions): usage or connection errors.
        status.end()
        return _fail(str(error), EXIT_USAGE, command)
    status.end()
    outcome = STATES[provider].status(getattr(final, STATES[provider].attribute or "", None))
    return WAIT_EXITS.get(outcome, EXIT_API_ERROR)


def wait_run(args: argparse.Namespace) -> int:
    """The handler of `runs wait PROVIDER RUN_ID`: the exit code says how the run ended."""
    provider: Provider = args.provider
    line: list[StatusLine] = []
    try:
        client = _open_client(provider, args, line)
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE, f"runs wait {provider}")
    with client:
        return _wait_for(client, provider, args, args.run_id, line)


def start_run(args: argparse.Namespace) -> int:
    """The handler of `runs trigger|launch PROVIDER`: prints the run id; `--wait` waits."""
    provider, operation_id = args.start
    command = f"runs {args.runs_command} {provider}"
    spec = load_spec(provider)
    operation = find_operation(spec, operation_id)
    path = [getattr(args, snake_case(wire)) for wire in _path_order(operation.path)]
    body = {
        snake_case(wire): getattr(args, snake_case(wire))
        for wire, _ in _body_fields(provider, operation_id)
        if getattr(args, snake_case(wire)) is not None
    }
    line: list[StatusLine] = []
    try:
        client = _open_client(provider, args, line)
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE, command)
    with client:
        try:
            model = getattr(client, snake_case(operation_id))(*path, **body)
        except (TypeError, ValueError) as error:
            return _fail(str(error), EXIT_USAGE, command)
        except APIConnectionError as error:
            return _fail(f"cannot reach the {provider} API: {error}", EXIT_USAGE, command)
        except APIError as error:
            return _fail(str(error), EXIT_API_ERROR, command)
        run = Run.from_model(model)
        sys.stdout.write(run.id + "\n")
        sys.stdout.flush()
        if not args.wait:
            return 0
        return _wait_for(client, provider, args, run.id, line)


# --- runs metrics -------------------------------------------------------------------------

#: The providers whose APIs log metrics (`modelruns.iter_metrics`).
METRIC_PROVIDERS: Final = ("foundry", "pai")
METRIC_COLUMNS: Final = ("PROVIDER", "RUN_ID", "KEY", "STEP", "VALUE", "TIMESTAMP")


def _register_metrics(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        type=_non_negative_int,
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
    rows = [tuple(_cell(cell) for cell in _metric_row(metric)) for metric in metrics]
    table = [METRIC_COLUMNS, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(METRIC_COLUMNS))]
    for row in table:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:-1])]
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
        return _fail(f"{provider} {needs}", EXIT_USAGE, "runs metrics")
    options: dict[str, Any] = {}
    if args.base_url is not None:
        options["base_url"] = args.base_url
    if args.max_retries is not None:
        options["max_retries"] = args.max_retries
    try:
        client = _client_class(provider)(**options)
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE, "runs metrics")
    try:
        with client:
            try:
                run = _metrics_run(client, args)
                if run is None:
                    message = f"no run {args.run_id!r} in Model Studio {args.studio}"
                    return _fail(message, EXIT_API_ERROR, "runs metrics")
                metrics = iter_metrics(client, run)
            except (TypeError, ValueError) as error:
                # The SDK checks arguments against the spec before any request: a usage error.
                return _fail(str(error), EXIT_USAGE, "runs metrics")
            _write_metrics(args, metrics)
    except APIConnectionError as error:
        return _fail(f"cannot reach the {provider} API: {error}", EXIT_USAGE, "runs metrics")
    except (APIError, ValueError) as error:
        return _fail(str(error), EXIT_API_ERROR, "runs metrics")
    except BrokenPipeError:
        _silence_stdout()
        return 0
    return 0
