"""modelruns: typed SDKs, stub servers and conformance checks for four model-run APIs."""

import warnings
from importlib import metadata as _metadata

from modelruns._auth import AcsV3Auth, ApiKeyAuth, BearerAuth, NcpSignatureV2Auth
from modelruns._base import DEFAULT_TIMEOUT, NOT_GIVEN, ClientOptions, Deviation, NotGiven, Timeout
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

try:
    _configure_logging()  # MODELRUNS_LOG=debug|info: a stderr handler on the modelruns logger
except ValueError as _error:  # a bad value must not stop the import: say what was wrong
    warnings.warn(str(_error), stacklevel=2)
