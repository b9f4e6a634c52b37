"""modelruns: typed SDKs, stub servers and conformance checks for four model-run APIs."""

from importlib import metadata as _metadata

from modelruns._auth import AcsV3Auth, ApiKeyAuth, BearerAuth, NcpSignatureV2Auth
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
    ResponseValidationError,
)
from modelruns._pagination import AsyncPage, AsyncPaginator, SyncPage, SyncPaginator
from modelruns._retry import RetryPolicy
from modelruns._run import Run, RunStatus, aiter_runs, iter_runs

try:
    # The one source of the version is the distribution's metadata (pyproject.toml).
    __version__: str = _metadata.version("modelruns")
except _metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

__all__: list[str] = [
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
    "ConflictError",
    "InternalServerError",
    "NcpSignatureV2Auth",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "RetryPolicy",
    "Run",
    "RunStatus",
    "SyncPage",
    "SyncPaginator",
    "aiter_runs",
    "iter_runs",
]
