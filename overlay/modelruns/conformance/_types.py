"""The results of a conformance run: a `Report` per provider, an `OperationResult` per operation."""

from __future__ import annotations

import dataclasses

__all__ = ["CheckFailure", "ConformanceUsageError", "OperationResult", "Report", "UnreachableError"]


class UnreachableError(Exception):
    """The server cannot be reached or answers nothing an API would (exit code 2)."""


class ConformanceUsageError(ValueError):
    """The arguments cannot start a run: unknown provider, missing credential (exit code 2)."""


@dataclasses.dataclass(frozen=True)
class CheckFailure:
    """The first failure of one check on one operation, with a way to reproduce it."""

    check: str
    """The check that failed, e.g. ``response_schema_conformance``."""
    title: str
    """One line saying what went wrong."""
    message: str
    """The details (secrets masked)."""
    curl: str
    """A curl command that sends the failing request again (secrets masked)."""
    status_code: int | None = None
    """The status of the failing response, when there was one."""


@dataclasses.dataclass
class OperationResult:
    """What the checks found for one operation."""

    label: str
    """``METHOD /path`` as in the spec."""
    operation_id: str | None = None
    """The spec's operationId."""
    requests: int = 0
    """Requests sent for this operation."""
    checks_passed: int = 0
    """Check evaluations that passed."""
    checks_failed: int = 0
    """Check evaluations that failed."""
    failures: list[CheckFailure] = dataclasses.field(default_factory=list)
    """The first failure of each distinct (check, title), in the order they happened."""
    errors: list[str] = dataclasses.field(default_factory=list)
    """Errors that stopped testing this operation (secrets masked)."""
    statuses: dict[int, int] = dataclasses.field(default_factory=dict)
    """Responses received, by status code."""
    skipped: str | None = None
    """Why the operation was not checked at all (no request was sent), or `None`."""
    elapsed_seconds: float = 0.0
    """Wall time of the scenarios that tested it (a sequence's time is shared among its
    operations by their requests)."""

    @property
    def verified(self) -> bool:
        """Whether the server answered at least once with a 2xx: the checks saw it work."""
        return any(200 <= status < 300 for status in self.statuses)

    @property
    def state(self) -> str:
        """``skipped``, ``failed``, ``unverified`` (never a 2xx answer) or ``verified``."""
        if self.skipped is not None:
            return "skipped"
        if not self.ok:
            return "failed"
        return "verified" if self.verified else "unverified"

    @property
    def ok(self) -> bool:
        """Whether every check passed and nothing errored."""
        return self.checks_failed == 0 and not self.failures and not self.errors

    @property
    def failed_checks(self) -> list[str]:
        """The names of the checks that failed, sorted."""
        return sorted({failure.check for failure in self.failures})


@dataclasses.dataclass
class Report:
    """The outcome of checking one provider's server against its spec."""

    provider: str
    """The provider's short name."""
    base_url: str
    """The base URL that was checked (``embedded stub`` for an in-process stub)."""
    operations: list[OperationResult] = dataclasses.field(default_factory=list)
    """One result per operation of the spec, in spec order."""
    errors: list[str] = dataclasses.field(default_factory=list)
    """Errors not tied to one operation (secrets masked)."""
    seed: int = 0
    """The generation seed: the same seed sends the same requests."""
    max_examples: int = 0
    """The example budget per operation and phase."""
    elapsed_seconds: float = 0.0
    """Wall time of the run."""
    read_only: bool = False
    """Whether state-changing requests were withheld."""
    interrupted: bool = False
    """Whether the run was cut short (SIGINT, SIGTERM): what it checked is incomplete."""
    max_time_reached: bool = False
    """Whether the ``max_time`` bound ended the run before its work was done: what it checked
    is reported as usual (operations never answered 2xx are unverified)."""
    not_an_api: list[str] = dataclasses.field(default_factory=list)
    """Answers no API gives (too large, too slow, undecodable): the run proves nothing."""
    notes: list[str] = dataclasses.field(default_factory=list)
    """Facts about the run a reader needs (refused requests, requests not re-sent)."""
    hint: str | None = None
    """Why nothing was verified, when the answers suggest a cause (e.g. a wrong base path)."""

    @property
    def passed(self) -> bool:
        """Whether every check on every operation passed and the run proved something."""
        return (
            not self.errors
            and not self.interrupted
            and not self.not_an_api
            and self.verified_count > 0
            and all(operation.ok for operation in self.operations)
        )

    @property
    def verified_count(self) -> int:
        """Operations the server answered with a 2xx at least once."""
        return sum(op.verified for op in self.operations if op.skipped is None)

    @property
    def checked(self) -> list[OperationResult]:
        """The operations that were not skipped."""
        return [op for op in self.operations if op.skipped is None]

    @property
    def unverified(self) -> list[OperationResult]:
        """Operations checked without a single 2xx answer."""
        return [op for op in self.checked if not op.verified]

    @property
    def skipped(self) -> list[OperationResult]:
        """Operations not checked, each with its reason."""
        return [op for op in self.operations if op.skipped is not None]

    @property
    def unusable(self) -> str | None:
        """Why this run proves nothing (exit code 2), or `None` when it proves something."""
        if self.not_an_api:
            return f"not an API: {self.not_an_api[0]}"
        if not self.checked:
            return "no operation was checked: every operation was skipped"
        if self.verified_count == 0:
            # The hint (`hint`) is said once, in the command's last line, not here too.
            return "no operation was verified: no request got a 2xx answer"
        return None

    @property
    def failed_checks(self) -> list[str]:
        """The names of every check that failed on any operation, sorted."""
        return sorted({name for op in self.operations for name in op.failed_checks})

    @property
    def requests(self) -> int:
        """Requests sent in total."""
        return sum(operation.requests for operation in self.operations)
