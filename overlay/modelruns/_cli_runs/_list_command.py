"""`modelruns runs list PROVIDER`: the runs of one provider as a table or as JSON lines.

Each provider's filters are a small table of command-line flags and the spec query (or path)
parameter each one fills; the flag's type, choices and help are read from that parameter in the
spec, and the list method's keyword is the parameter's snake_case name.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import json
import pkgutil
import sys
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from types import ModuleType
from typing import Any, Final, TextIO

import attrs

from modelruns._cli_runs._common import (
    EXIT_API_ERROR,
    EXIT_USAGE,
    GIVEN_SECRETS,
    Subparsers,
    client_class,
    connection_keywords,
    display_width,
    fail,
    first_sentence,
    keyword_flag,
    non_negative_int,
    positive_int,
    silence_stdout,
    table_cell,
)
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    MissingCredentialsError,
    NotFoundError,
)
from modelruns._names import snake_case
from modelruns._options import Deviation
from modelruns._run import RUN_FIELDS, Run, iter_runs
from modelruns._specs import (
    PROVIDERS,
    Provider,
    base_path_mismatch,
    find_operation,
    load_spec,
    resolve,
    spec_credentials,
)

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


def _add_filter(parser: argparse.ArgumentParser, provider: Provider, item: Filter) -> None:
    operation_id = COMMANDS[provider].operation_id
    parameter = _parameter(provider, operation_id, item.parameter)
    schema = resolve(load_spec(provider), parameter.get("schema", {}))
    options: dict[str, Any] = {
        "dest": snake_case(item.parameter),
        "required": item.required,
        "help": first_sentence(parameter.get("description", "")) or None,
    }
    if "enum" in schema:
        options["choices"] = schema["enum"]
    elif schema.get("type") == "integer":
        options["type"] = int
        options["metavar"] = "N"
    if item.metavar is not None:
        options["metavar"] = item.metavar
    parser.add_argument(item.flag, **options)


def register_list(actions: Subparsers) -> None:
    """Add `runs list PROVIDER` (one sub-parser per provider, its filters from the spec)."""
    listing = actions.add_parser(
        "list",
        help="list the runs of one provider",
        description="Print the runs of one provider as a table, or as JSON lines with --json. "
        "Credentials are read from the environment variables the clients read.",
    )
    providers = listing.add_subparsers(dest="provider", required=True, metavar="PROVIDER")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", help="the API's base URL (default: the provider's own)")
    common.add_argument("--limit", type=positive_int, metavar="N", help="stop after N runs")
    common.add_argument(
        "--page-size", type=positive_int, metavar="N", help="runs asked for per request"
    )
    common.add_argument(
        "--max-retries",
        type=non_negative_int,
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


def _row(run: Run) -> tuple[str, ...]:
    created = None if run.created_at is None else run.created_at.isoformat(" ", "seconds")
    return (
        run.provider,
        table_cell(run.id),
        table_cell(run.name),
        run.status.value,
        table_cell(created),
        table_cell(run.started_by),
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
    widths = [max(display_width(row[i]) for row in first) for i in range(len(COLUMNS))]

    def line(row: Sequence[str]) -> str:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row[:-1])]
        return "  ".join([*cells, row[-1]])

    for row in first:
        yield line(row)
    for row in source:
        yield line(row)


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
    # The walk itself knows where it ends, so it reads no page ahead past the last one wanted.
    keywords["limit"] = args.limit
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


def list_runs(args: argparse.Namespace) -> int:
    """The handler of `runs list PROVIDER`: returns the exit code."""
    provider: Provider = args.provider
    show_progress = args.progress or sys.stderr.isatty()
    progress = Progress(sys.stderr if show_progress else None)
    options: dict[str, Any] = {}
    credentials, _any_of = spec_credentials(provider)
    GIVEN_SECRETS.clear()
    for keyword, _env in connection_keywords(provider):
        value = getattr(args, f"client_{keyword}", None)
        if value is not None:
            options[keyword] = value
            if any(c.keyword == keyword for c in credentials):
                GIVEN_SECRETS.append(value)
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
        client = client_class(provider)(**options)
    except MissingCredentialsError as error:
        # Said in this command's words: its flags, not the client's keywords.
        return fail(f"{provider}: {error.describe(keyword_flag)}", EXIT_USAGE)
    except ValueError as error:
        # An unusable base URL: the clients say which and where from.
        return fail(str(error), EXIT_USAGE)
    try:
        with client:
            method = getattr(client, snake_case(COMMANDS[provider].operation_id))
            try:
                walk = method(**_call_arguments(args))
            except (TypeError, ValueError) as error:
                # The SDK checks arguments against the spec before any request: a usage error.
                return fail(str(error), EXIT_USAGE)
            _write_runs(args, iter_runs(walk), progress)
    except APIConnectionError as error:
        progress.interrupt()
        return fail(f"cannot reach the {provider} API at {client.base_url}: {error}", EXIT_USAGE)
    except NotFoundError as error:
        progress.interrupt()
        mismatch = base_path_mismatch(provider, client.base_url)
        # One hint: the Foundry client's own empty-404 message may already be it.
        hint = ""
        if mismatch and "base URL" not in str(error):
            hint = f" (is --base-url the API's base URL? {mismatch})"
        return fail(f"{error}{hint}", EXIT_API_ERROR)
    except (APIError, ValueError) as error:
        # ValueError: a run the API answered with cannot be read (named in the message).
        progress.interrupt()
        return fail(str(error), EXIT_API_ERROR)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        silence_stdout()
        return 0
    return 0
