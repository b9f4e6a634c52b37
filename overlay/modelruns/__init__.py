"""modelruns: typed SDKs, stub servers and conformance checks for four model-run APIs."""

import importlib as _importlib
import warnings
from collections.abc import Callable
from importlib import metadata as _metadata
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING

from modelruns._auth import AcsV3Auth, ApiKeyAuth, BearerAuth, NcpSignatureV2Auth
from modelruns._decode import UnknownEnumValue, UnparsedValue
from modelruns._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    RunNotFoundError,
    WaitTimeoutError,
)
from modelruns._log import configure_from_environment as _configure_logging
from modelruns._metrics import Metric, aiter_metrics, iter_metrics
from modelruns._options import (
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    ClientOptions,
    Deviation,
    NotGiven,
    Timeout,
)
from modelruns._pagination import AsyncPage, AsyncPaginator, SyncPage, SyncPaginator
from modelruns._response import RawResponse
from modelruns._retry import RetryPolicy
from modelruns._run import Run, RunStatus, aiter_runs, iter_runs
from modelruns._wait import PollPolicy

try:
    # The one source of the version is the distribution's metadata (pyproject.toml).
    __version__: str = _metadata.version("modelruns")
except _metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

__all__: list[str] = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AcsV3Auth",
    "ApiKeyAuth",
    "AsyncPage",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "BearerAuth",
    "ClientOptions",
    "ConflictError",
    "Deviation",
    "InternalServerError",
    "Metric",
    "MissingCredentialsError",
    "NcpSignatureV2Auth",
    "NotFoundError",
    "NotGiven",
    "PaginationError",
    "PermissionDeniedError",
    "PollPolicy",
    "RateLimitError",
    "RawResponse",
    "ResponseDecodingError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "Run",
    "RunNotFoundError",
    "RunStatus",
    "SyncPage",
    "SyncPaginator",
    "Timeout",
    "UnknownEnumValue",
    "UnparsedValue",
    "WaitTimeoutError",
    "aiter_metrics",
    "aiter_runs",
    "iter_metrics",
    "iter_runs",
]

#: The provider modules, imported on first use (``modelruns.foundry`` after ``import modelruns``):
#: each loads its generated client, which a program using another provider need not pay for.
#: Literal names, so that every import edge is visible to tests/test_architecture.py.
_PROVIDER_MODULES: dict[str, Callable[[], _ModuleType]] = {
    "dataplatform": lambda: _importlib.import_module("modelruns.dataplatform"),
    "foundry": lambda: _importlib.import_module("modelruns.foundry"),
    "nsml": lambda: _importlib.import_module("modelruns.nsml"),
    "pai": lambda: _importlib.import_module("modelruns.pai"),
}

if TYPE_CHECKING:  # what __getattr__ returns, for type checkers
    from modelruns import dataplatform as dataplatform
    from modelruns import foundry as foundry
    from modelruns import nsml as nsml
    from modelruns import pai as pai


def __getattr__(name: str) -> _ModuleType:
    if name in _PROVIDER_MODULES:
        module = _PROVIDER_MODULES[name]()
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PROVIDER_MODULES})


try:
    _configure_logging()  # MODELRUNS_LOG=debug|info: a stderr handler on the modelruns logger
except ValueError as _error:  # a bad value must not stop the import: say what was wrong
    warnings.warn(str(_error), stacklevel=2)
