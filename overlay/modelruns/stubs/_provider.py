"""What each provider's stub is: `ProviderStub` (store, handlers, credentials, error body),
the status of each kind of refusal, and the credential comparisons every provider uses.
"""

from __future__ import annotations

import hmac
import random
import uuid
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from modelruns._specs import Provider, load_spec
from modelruns.stubs._config import RunLife
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._routing import Reply, StubError, StubRequest

__all__ = ["ERROR_STATUSES", "ProviderStub", "bearer_token", "error_kinds", "secure_equal"]


#: The HTTP status of each kind of refusal a stub makes, the same for every provider; what the
#: provider calls it (code, name) is a fact of its spec (``x-modelruns-error-codes``).
ERROR_STATUSES: Mapping[str, int] = {
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "throttled": 429,
    "internal": 500,
    "unavailable": 503,
    "too_large": 413,
    "timeout": 408,
}


def error_kinds(spec: Mapping[str, Any]) -> dict[str, tuple[int, str, str]]:
    """Error kind -> (HTTP status, provider error code, provider error name), from the spec.

    ``x-modelruns-error-codes`` gives each kind's ``code`` and ``name`` (the code when no name
    is given); a spec without it (a provider whose errors carry neither) gets empty ones. A
    spec that leaves out a kind or names an unknown one is refused, naming them.
    """
    given = spec.get("x-modelruns-error-codes")
    if given is None:
        return {kind: (status, "", "") for kind, status in ERROR_STATUSES.items()}
    if not isinstance(given, Mapping) or set(given) != set(ERROR_STATUSES):
        names = sorted(given) if isinstance(given, Mapping) else given
        raise ValueError(
            f"x-modelruns-error-codes must give each of {sorted(ERROR_STATUSES)}, not {names}"
        )
    kinds: dict[str, tuple[int, str, str]] = {}
    for kind, status in ERROR_STATUSES.items():
        entry = given[kind]
        if not isinstance(entry, Mapping) or not isinstance(entry.get("code"), str):
            raise ValueError(f"x-modelruns-error-codes.{kind}: needs a string code, got {entry!r}")
        kinds[kind] = (status, entry["code"], str(entry.get("name", entry["code"])))
    return kinds


class ProviderStub:
    """The behaviour of one provider's stub: store, handlers, credentials, error body.

    Subclasses set `provider`, and define `authenticate`, `render_error`, `describe` and one
    method per operation, registered in `handlers`. Error codes come from the spec.
    """

    provider: ClassVar[Provider]
    #: Named errors the provider answers when a given request parameter is missing or invalid.
    parameter_errors: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        *,
        runs: int,
        seed: int,
        credentials: Credentials,
        clock: Callable[[], float],
        life: RunLife | None = None,
    ) -> None:
        self.spec = load_spec(self.provider)
        #: error kind -> (HTTP status, provider error code, provider error name)
        self.error_kinds = error_kinds(self.spec)
        self.runs = runs
        self.seed = seed
        self.credentials = credentials
        self.clock = clock
        # Identifiers come from their own generator so faults never shift them.
        self.ids = random.Random(f"{self.provider}:{seed}:ids")  # noqa: S311  (test data)
        #: How started runs progress (`RunLife`); whether each fails comes from its own
        #: generator, so the seed decides outcomes without shifting ids.
        self.life = life or RunLife()
        self._outcomes = random.Random(f"{self.provider}:{seed}:outcomes")  # noqa: S311
        self.handlers: dict[str, Callable[[StubRequest], Reply]] = {}

    def draw_failure(self) -> bool:
        """Whether the run being started will end failed (`RunLife.fail_rate`, seeded)."""
        return self._outcomes.random() < self.life.fail_rate

    def run_progress(self, started: float) -> float | None:
        """How far through its `run_seconds` a run started at `started` is (1.0: finished),
        by the stub's clock; `None` when runs move one step per poll instead."""
        seconds = self.life.run_seconds
        if seconds is None:
            return None
        return min(max((self.clock() - started) / seconds, 0.0), 1.0)

    def new_uuid(self) -> str:
        """A deterministic random UUID string."""
        return str(uuid.UUID(int=self.ids.getrandbits(128), version=4))

    def authenticate(self, request: StubRequest) -> None:
        """Raise a `StubError` unless the request carries the accepted credentials.

        Called before the body is read (`request.body` is still empty), so an
        unauthenticated request never costs its body; see `verify_body`.
        """
        raise NotImplementedError

    def verify_body(self, request: StubRequest) -> None:
        """Check the body, once read, against what the credentials signed (default: nothing)."""

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """The provider's error body."""
        raise NotImplementedError

    def describe(self) -> dict[str, str]:
        """The ids of the seeded resources, for people pointing a client at the stub."""
        raise NotImplementedError

    def realistic_error(
        self, status: int, body: Any, error: StubError
    ) -> tuple[int, bytes, bytes] | None:
        """What the real server sends instead of the JSON error, when it differs (`realism`).

        Returns (status, content type, payload), or None to keep the JSON error body.
        """
        return None


def bearer_token(request: StubRequest) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if there is one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def secure_equal(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a received credential with the accepted one."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
