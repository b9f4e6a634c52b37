"""What every `modelruns runs` command shares: exit codes, flag types, the client of a
provider, one-line failures with secrets masked, and table cells."""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable
from typing import Any, Final, Protocol

from modelruns._exceptions import (
    mask_secrets,
)
from modelruns._specs import (
    PROVIDERS,
    Provider,
    credential_environment,
    load_spec,
    spec_credentials,
)

#: Exit codes: API answered with an error; bad arguments, missing credentials or unreachable.
EXIT_API_ERROR: Final = 1
EXIT_USAGE: Final = 2


class Subparsers(Protocol):
    """What ``add_subparsers()`` returns, as a command uses it (argparse names no public type)."""

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser:
        """Add the parser of one sub-command."""
        ...


def first_sentence(text: str) -> str:
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


def positive_int(text: str) -> int:
    return _integer_at_least(1, text)


def non_negative_int(text: str) -> int:
    return _integer_at_least(0, text)


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


def table_cell(value: str | None) -> str:
    """A table cell: `-` for nothing, control characters escaped so rows stay one line each."""
    if value is None or value == "":
        return "-"
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in value)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: Credentials given by flag in this invocation, masked like those of the environment.
GIVEN_SECRETS: list[str] = []


def given_secrets() -> list[str]:
    # Environment variables that hold secrets (the specs' x-modelruns-credentials), and
    # credential flags, masked in any message the command prints.
    names = (name for provider in PROVIDERS for name in credential_environment(provider))
    return [*(value for name in names if (value := os.environ.get(name))), *GIVEN_SECRETS]


def fail(message: str, code: int, command: str = "runs list") -> int:
    """One line on stderr (secrets masked); returns the exit code."""
    text = " ".join(mask_secrets(message, given_secrets()).split())
    sys.stderr.write(f"modelruns {command}: error: {text}\n")
    return code


def client_class(provider: Provider) -> Callable[..., Any]:
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


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail on a closed pipe."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
