"""Check any server against a provider's spec: schemathesis' checks plus our pagination check.

``run_conformance(provider)`` checks the embedded stub; ``run_conformance(provider, base_url)``
checks any server over HTTP, signing requests as the provider requires. The command line is
``modelruns conformance`` (``_cli.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from modelruns._specs import PROVIDERS, Provider
from modelruns.stubs import Credentials

from ._checks import DEFAULT_MAX_PAGES
from ._engine import DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, Progress, check_server
from ._options import RunOptions
from ._target import open_target
from ._types import CheckFailure, ConformanceUsageError, OperationResult, Report, UnreachableError

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_SEED",
    "CheckFailure",
    "ConformanceUsageError",
    "OperationResult",
    "Report",
    "RunOptions",
    "UnreachableError",
    "run_conformance",
]


def _provider(name: str) -> Provider:
    for provider in PROVIDERS:
        if provider == name:
            return provider
    known = ", ".join(PROVIDERS)
    raise ConformanceUsageError(f"unknown provider {name!r}; expected one of: {known}")


def run_conformance(
    provider: str,
    base_url: str | None = None,
    *,
    credentials: Credentials | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = DEFAULT_SEED,
    max_pages: int = DEFAULT_MAX_PAGES,
    app: Any = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check one provider's server against its spec and return what every check found.

    - ``base_url`` given: the server at that URL (the SDK's base URL for the provider) over
      HTTP; ``credentials`` default to the environment variables the SDK reads.
    - ``app`` given (an ASGI app serving the provider's paths): that app, in-process.
    - neither: the embedded stub for ``provider``, started on a loopback port; its accepted
      credentials and ours come from the same environment variables (demo values by default).

    ``options`` say how to talk to the server (`RunOptions`). A server at ``base_url`` is only
    read (GET, HEAD, OPTIONS) unless ``options.allow_writes`` is true; a stub started here, or
    an in-process ``app``, gets every request. ``progress`` is called after each scenario.

    Raises `UnreachableError` when nothing useful answers and `ConformanceUsageError` for bad
    arguments (unknown provider, missing credentials, a budget below 1).
    """
    name = _provider(provider)
    if max_examples < 1 or max_pages < 1:
        raise ConformanceUsageError("max_examples and max_pages must be at least 1")
    run_options = options or RunOptions()
    if run_options.allow_writes is None:
        run_options = dataclasses.replace(run_options, allow_writes=base_url is None)
    # The provider's spec, credentials and URL, resolved once for everything below.
    with open_target(
        name, base_url, credentials=credentials, app=app, spec=run_options.spec
    ) as target:
        return check_server(
            target,
            max_examples=max_examples,
            seed=seed,
            max_pages=max_pages,
            options=run_options,
            progress=progress,
        )
